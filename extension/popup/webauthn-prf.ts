/**
 * The page side of passkey unlock: `navigator.credentials.create` and `.get` with the WebAuthn PRF
 * extension (W3C WebAuthn Level 3 §10.1.4). Each passkey's PRF salt is its evaluation input
 * (`eval.first` on create, `evalByCredential` on get); the 32-byte output goes to the worker as
 * base64url and is not kept here. Returns 'no-prf' when the authenticator or browser gives no PRF
 * output (`prf.enabled` false or results missing); callers then store nothing.
 * Runs in an extension tab: a WebAuthn prompt from the popup closes the popup when it takes focus.
 */

export const NO_PRF_MESSAGE = 'This authenticator cannot do PRF; passkey unlock is not offered';

export interface PrfResult {
  credentialId: string;
  prfOutput: string;
}

/** base64url (as the worker and `PublicKeyCredential.id` write it) → bytes backed by an ArrayBuffer. */
function bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function toBase64url(view: Uint8Array): string {
  return btoa(String.fromCharCode(...view)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function firstOutput(credential: PublicKeyCredential): string | null {
  const first = credential.getClientExtensionResults().prf?.results?.first;
  if (first === undefined) return null;
  const view = first instanceof ArrayBuffer ? new Uint8Array(first) : new Uint8Array(first.buffer, first.byteOffset, first.byteLength);
  return view.length === 32 ? toBase64url(view) : null;
}

/** One assertion over the given passkeys, each evaluated with its own salt. */
export async function getPrfAssertion(challenge: string, credentials: Array<{ credentialId: string; prfSalt: string }>): Promise<PrfResult | 'no-prf'> {
  const evalByCredential = Object.fromEntries(credentials.map((c) => [c.credentialId, { first: bytes(c.prfSalt) }]));
  const assertion = (await navigator.credentials.get({
    publicKey: {
      challenge: bytes(challenge),
      allowCredentials: credentials.map((c) => ({ type: 'public-key', id: bytes(c.credentialId) })),
      userVerification: 'required',
      extensions: { prf: { evalByCredential } },
    },
  })) as PublicKeyCredential | null;
  if (assertion === null) throw new DOMException('no passkey was chosen', 'NotAllowedError');
  const prfOutput = firstOutput(assertion);
  return prfOutput === null ? 'no-prf' : { credentialId: assertion.id, prfOutput };
}

/** A new passkey with PRF; when creation reports PRF but no output, one assertion evaluates it. */
export async function createPrfPasskey(begin: { challenge: string; prfSalt: string; userId: string }, exclude: string[]): Promise<PrfResult | 'no-prf'> {
  const credential = (await navigator.credentials.create({
    publicKey: {
      challenge: bytes(begin.challenge),
      rp: { name: 'Sealed Vault' },
      user: { id: bytes(begin.userId), name: 'Sealed Vault', displayName: 'Sealed Vault' },
      pubKeyCredParams: [
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      excludeCredentials: exclude.map((id) => ({ type: 'public-key', id: bytes(id) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      extensions: { prf: { eval: { first: bytes(begin.prfSalt) } } },
    },
  })) as PublicKeyCredential | null;
  if (credential === null) throw new DOMException('no passkey was made', 'NotAllowedError');
  if (credential.getClientExtensionResults().prf?.enabled !== true) return 'no-prf';
  const prfOutput = firstOutput(credential);
  if (prfOutput !== null) return { credentialId: credential.id, prfOutput };
  return getPrfAssertion(begin.challenge, [{ credentialId: credential.id, prfSalt: begin.prfSalt }]);
}

/** Wording for a WebAuthn failure (the person cancelled, or no matching passkey). */
export function describeWebAuthnError(error: unknown): string | null {
  if (!(error instanceof DOMException)) return null;
  if (error.name === 'NotAllowedError') return 'The passkey prompt was cancelled or timed out, or no matching passkey was found.';
  if (error.name === 'InvalidStateError') return 'This authenticator already holds a passkey for this vault.';
  return `The browser refused the passkey request (${error.name}).`;
}
