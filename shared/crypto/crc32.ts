/**
 * CRC-32 (the ISO-HDLC / IEEE 802.3 CRC of zlib, PNG and RFC 1952 §8): reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF. Check value of "123456789": 0xCBF43926.
 *
 * It is a typo check for text people type, paste or scan (pairing invites, recovery kits), NOT an
 * integrity check against an attacker: anyone can recompute it. Authenticity comes from the keys the
 * text carries. A CRC-32 appended little-endian (`crc32Suffix`) makes message ‖ CRC a codeword of the
 * cyclic code, so every error confined to 32 consecutive bits is detected: any single mistyped
 * base64url or base32 character, and any swap of two neighbouring characters. Other errors slip
 * through with probability 2^-32.
 *
 * Refuses: nothing; any bytes have a CRC.
 */

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export const CRC32_LENGTH = 4;

/** The CRC-32 of `bytes` as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The 4 bytes to append to `bytes`: its CRC-32, little-endian (least significant byte first). */
export function crc32Suffix(bytes: Uint8Array): Uint8Array {
  const c = crc32(bytes);
  return Uint8Array.of(c & 0xff, (c >>> 8) & 0xff, (c >>> 16) & 0xff, c >>> 24);
}
