/**
 * The session of one device with the sync server (DESIGN.md §6 Server API), kept inside the client:
 * `POST /v1/auth/challenge` → sign `authMessage` (shared/protocol/api/auth.ts) with the device's
 * Ed25519 seed under "auth/v1" → `POST /v1/auth/session` → bearer token. The token is reused until
 * shortly before it expires (its lifetime measured on the server's clock, counted on ours, so a
 * skewed clock does not matter); concurrent callers share one sign-in. `withSession` runs a request
 * and, on a 401, signs in again once and retries; a second 401, or a refused sign-in (the device was
 * revoked, or the account is unknown), is UNAUTHORIZED.
 */
import { toBase64url, fromBase64url } from '../../crypto/base64url';
import { sign } from '../../crypto/ed25519';
import {
  AUTH_CHALLENGE_PATH,
  AUTH_SESSION_PATH,
  authMessage,
  CHALLENGE_TTL_MS,
  challengeResponseSchema,
  SESSION_TTL_MS,
  sessionResponseSchema,
} from '../api/auth';
import { VaultError } from '../errors';
import { parseSuccess, send, type Endpoint } from './http-exchange';

/** What the client needs of the device: its identity (account) id, device id and signing seed. */
export interface DeviceCredentials {
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
  readonly seed: Uint8Array;
}

/** A token this close to its expiry is replaced before use. */
const EXPIRY_MARGIN_MS = 30_000;

interface Token {
  readonly value: string;
  readonly expires: number;
}

export class DeviceSession {
  private token: Token | undefined;
  private signingIn: Promise<Token> | undefined;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly credentials: DeviceCredentials,
    /** The origin signed into the challenge: the server's, as the server itself names it. */
    private readonly origin: string,
    private readonly now: () => number,
  ) {}

  /**
   * Runs `request` with a valid token. A 401 answer drops that token and retries once with a fresh
   * sign-in; the second answer is returned whatever it is, except another 401 (UNAUTHORIZED).
   */
  async withSession(request: (token: string) => Promise<Response>): Promise<Response> {
    const first = await this.current();
    const response = await request(first.value);
    if (response.status !== 401) return response;
    await response.body?.cancel().catch(() => {});
    if (this.token === first) this.token = undefined;
    const retried = await request((await this.current()).value);
    if (retried.status === 401) {
      await retried.body?.cancel().catch(() => {});
      this.token = undefined;
      throw new VaultError('UNAUTHORIZED', 'the sync server refused this device');
    }
    return retried;
  }

  /** A bearer token for another channel (the hint WebSocket's first message). */
  async bearer(): Promise<string> {
    return (await this.current()).value;
  }

  private async current(): Promise<Token> {
    const token = this.token;
    if (token !== undefined && token.expires - EXPIRY_MARGIN_MS > this.now()) return token;
    this.signingIn ??= this.signIn().finally(() => {
      this.signingIn = undefined;
    });
    return this.signingIn;
  }

  private async signIn(): Promise<Token> {
    const ids = { account: toBase64url(this.credentials.identity), device: toBase64url(this.credentials.device) };
    const challenge = await parseSuccess(await send(this.endpoint, { method: 'POST', path: AUTH_CHALLENGE_PATH, body: ids }), 200, challengeResponseSchema);
    const nonce = fromBase64url(challenge.nonce);
    const message = authMessage({ origin: this.origin, account: this.credentials.identity, device: this.credentials.device, nonce });
    const signature = toBase64url(sign('auth/v1', this.credentials.seed, message));
    const body = { ...ids, nonce: challenge.nonce, signature };
    const session = await parseSuccess(await send(this.endpoint, { method: 'POST', path: AUTH_SESSION_PATH, body }), 200, sessionResponseSchema);
    // The challenge's expiry tells the server's time; the session lasts this long from then.
    const lifetime = Math.min(SESSION_TTL_MS, Math.max(0, session.expires - (challenge.expires - CHALLENGE_TTL_MS)));
    const token = { value: session.token, expires: this.now() + lifetime };
    this.token = token;
    return token;
  }
}
