import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { EMPTY_SECURITY_LOG, openSecurityLog, sealSecurityLog, type SecurityLog } from './sealed-security-log';

const VAULT = 'AAAAAAAAAAAAAAAAAAAAAA';
const log: SecurityLog = {
  ...EMPTY_SECURITY_LOG,
  log: { events: [{ key: 'paused:1', kind: 'sync-paused', at: 1, notify: false }], dropped: [] },
  paused: { at: 1 },
};

describe('the sealed security log', () => {
  it('opens with the same bundle key and vault, byte for byte the same value', () => {
    const key = randomBytes(32);
    expect(openSecurityLog(key, VAULT, sealSecurityLog(key, VAULT, log))).toEqual(log);
  });

  it('refuses another key, another vault, or a flipped byte (BAD_RECORD), so a local edit cannot unpause sync', () => {
    const key = randomBytes(32);
    const sealed = sealSecurityLog(key, VAULT, log);
    expect(() => openSecurityLog(randomBytes(32), VAULT, sealed)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
    expect(() => openSecurityLog(key, 'BBBBBBBBBBBBBBBBBBBBBB', sealed)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
    const flipped = sealed.slice();
    flipped[30] = (flipped[30] ?? 0) ^ 1;
    expect(() => openSecurityLog(key, VAULT, flipped)).toThrow(expect.objectContaining({ code: 'BAD_RECORD' }));
  });
});
