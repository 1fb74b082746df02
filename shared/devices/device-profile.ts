/**
 * Device profiles (issue 6; docs/decisions/010-device-profiles.md): a device's name (the person
 * may edit it) and platform ("Chrome 131 on Linux"), readable by every device of the identity and by
 * no one else, the server included. A device carries its own profile in its signed heartbeat
 * (shared/sync/heartbeat.ts, body v2 field `profile`), so the server stores it as opaque bytes.
 *
 * Sealed box: `generation` (uint, 4 bytes big-endian) ‖ XChaCha20-Poly1305 box (shared/crypto/aead.ts)
 * of the canonical CBOR { kind: "device-profile", v: 1, name: text, platform: text } under
 *   key = HKDF-SHA256(ikm = user private key of that generation, salt = "",
 *                     info = "sealed-vault/device-profile/v1")
 * with AD = canonical CBOR { kind: "device-profile-ad", v: 1, identity, device, generation }.
 * The AD binds the profile to one identity, one device and one user-key generation: a profile moved
 * into another device's heartbeat, or another vault's, does not open.
 *
 * Why the user key (not a collection epoch key): every device of the identity holds the user key,
 * and only those devices (and the recovery kit); a revocation rotates it (new generation), so a
 * revoked device can still read the profiles sealed under generations it held (names it already
 * knew), but none sealed after the rotation. The writer always seals under the newest generation it
 * holds.
 *
 * Opening refuses (null): a generation the reader does not hold, a wrong key or AD, tampering, a
 * plaintext that is not exactly this format, a name or platform too long. Limits: name ≤ 64
 * characters, platform ≤ 96, sealed profile ≤ PROFILE_MAX_BYTES.
 */
import { open, seal } from '../crypto/aead';
import { decodeVersioned, encodeVersioned } from '../crypto/cbor-versioned';
import { hkdfSha256 } from '../crypto/hkdf';
import { VaultError } from '../protocol/errors';

export const NAME_MAX_CHARS = 64;
export const PLATFORM_MAX_CHARS = 96;
/** Largest sealed profile accepted in a heartbeat, in bytes. */
export const PROFILE_MAX_BYTES = 1024;

export interface DeviceProfile {
  readonly name: string;
  readonly platform: string;
}

export interface ProfileContext {
  readonly identity: Uint8Array;
  readonly device: Uint8Array;
}

const PROFILE_SCHEMA = { kind: 'device-profile', version: 1, fields: { name: 'text', platform: 'text' } } as const;
const AD_SCHEMA = { kind: 'device-profile-ad', version: 1, fields: { identity: 'bytes', device: 'bytes', generation: 'uint' } } as const;
const INFO = new TextEncoder().encode('sealed-vault/device-profile/v1');

function profileKey(userPrivateKey: Uint8Array): Uint8Array {
  return hkdfSha256(userPrivateKey, new Uint8Array(), INFO, 32);
}

function associatedData(context: ProfileContext, generation: number): Uint8Array {
  return encodeVersioned(AD_SCHEMA, { identity: context.identity, device: context.device, generation });
}

/** Trim, collapse control characters, and check the limits (BAD_INPUT). */
export function checkProfile(profile: DeviceProfile): DeviceProfile {
  const clean = (s: string) => s.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
  const name = clean(profile.name);
  const platform = clean(profile.platform);
  if (name.length === 0) throw new VaultError('BAD_INPUT', 'a device name cannot be empty');
  if ([...name].length > NAME_MAX_CHARS) throw new VaultError('BAD_INPUT', `a device name has at most ${NAME_MAX_CHARS} characters`);
  if ([...platform].length > PLATFORM_MAX_CHARS) throw new VaultError('BAD_INPUT', `a platform has at most ${PLATFORM_MAX_CHARS} characters`);
  return { name, platform };
}

/** Seal `profile` for the devices of `context.identity` under user-key `generation`. */
export function sealProfile(profile: DeviceProfile, context: ProfileContext, userKey: { generation: number; privateKey: Uint8Array }): Uint8Array {
  const checked = checkProfile(profile);
  const plaintext = encodeVersioned(PROFILE_SCHEMA, { name: checked.name, platform: checked.platform });
  const box = seal(profileKey(userKey.privateKey), plaintext, associatedData(context, userKey.generation));
  const out = new Uint8Array(4 + box.length);
  new DataView(out.buffer).setUint32(0, userKey.generation);
  out.set(box, 4);
  if (out.length > PROFILE_MAX_BYTES) throw new VaultError('BAD_INPUT', 'the sealed profile is too large');
  return out;
}

/**
 * Open a sealed profile of device `context.device`, with `userKey(generation)` giving the reader's
 * private key of a generation (undefined when it does not hold it). Null when it does not open.
 */
export function openProfile(sealed: Uint8Array, context: ProfileContext, userKey: (generation: number) => Uint8Array | undefined): DeviceProfile | null {
  if (sealed.length < 4 || sealed.length > PROFILE_MAX_BYTES) return null;
  const generation = new DataView(sealed.buffer, sealed.byteOffset, 4).getUint32(0);
  const privateKey = userKey(generation);
  if (privateKey === undefined) return null;
  try {
    const plaintext = open(profileKey(privateKey), sealed.subarray(4), associatedData(context, generation));
    const fields = decodeVersioned(PROFILE_SCHEMA, plaintext);
    const checked = checkProfile(fields);
    return checked.name === fields.name && checked.platform === fields.platform ? checked : null;
  } catch {
    return null;
  }
}

/** "Chrome 131 on Linux" from what the browser tells (navigator.userAgentData or the user agent). */
export function describePlatform(hints: { brands?: readonly { brand: string; version: string }[]; platform?: string; userAgent?: string }): string {
  const ua = hints.userAgent ?? '';
  const brand = hints.brands?.find((b) => !/Not.?A.?Brand|Chromium/i.test(b.brand)) ?? hints.brands?.find((b) => /Chromium/i.test(b.brand));
  let browser = brand !== undefined ? `${brand.brand.replace(/^Google /, '')} ${brand.version}` : '';
  if (browser === '') {
    const match = /(Edg|Firefox|Chrome|Chromium|Safari)\/(\d+)/.exec(ua);
    browser = match === null ? 'Browser' : `${match[1] === 'Edg' ? 'Edge' : match[1]} ${match[2]}`;
  }
  let os = hints.platform ?? '';
  if (os === '') os = /Windows/.test(ua) ? 'Windows' : /Mac OS X/.test(ua) ? 'macOS' : /Android/.test(ua) ? 'Android' : /CrOS/.test(ua) ? 'ChromeOS' : /Linux/.test(ua) ? 'Linux' : 'an unknown system';
  return `${browser} on ${os}`.slice(0, PLATFORM_MAX_CHARS);
}

/** The default name: the platform without the browser version ("Chrome on Linux"). */
export function defaultDeviceName(platform: string): string {
  return platform.replace(/^(\S+) \d+(\.\d+)* on /, '$1 on ').slice(0, NAME_MAX_CHARS);
}
