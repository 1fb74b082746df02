import { describe, expect, it } from 'vitest';
import { messageMap, syncStatusSchema } from './messages';

const status = {
  phase: 'idle',
  server: 'https://127.0.0.1:8443',
  lastSyncAt: 1_700_000_000_000,
  pending: 0,
  stateCode: 'RARD-6WQL',
  frozen: null,
  quarantined: 0,
  error: null,
  restored: 0,
};

describe('sync messages', () => {
  it('are for extension pages only', () => {
    for (const name of ['sync/status', 'sync/connect', 'sync/now', 'sync/approve-repin', 'sync/dismiss-restored'] as const) expect(messageMap[name].sender).toBe('extension');
  });

  it('accept a status and refuse unknown fields, phases and freeze states', () => {
    expect(syncStatusSchema.parse(status)).toEqual(status);
    expect(syncStatusSchema.safeParse({ ...status, key: 'x' }).success).toBe(false);
    expect(syncStatusSchema.safeParse({ ...status, phase: 'paused' }).success).toBe(false);
    const frozen = { code: 'ROLLBACK', message: 'log went back', advice: 'export', at: 1 };
    expect(syncStatusSchema.safeParse({ ...status, phase: 'frozen', frozen }).success).toBe(true);
    expect(syncStatusSchema.safeParse({ ...status, phase: 'frozen', frozen: { ...frozen, code: 'LOCKED' } }).success).toBe(false);
  });

  it('approve a re-pin only for a named freeze state, and bound the server address', () => {
    expect(messageMap['sync/approve-repin'].req.safeParse({ code: 'FORK' }).success).toBe(true);
    expect(messageMap['sync/approve-repin'].req.safeParse({}).success).toBe(false);
    expect(messageMap['sync/approve-repin'].req.safeParse({ code: 'WRONG_PASSWORD' }).success).toBe(false);
    expect(messageMap['sync/connect'].req.safeParse({ server: 'https://vault.example' }).success).toBe(true);
    expect(messageMap['sync/connect'].req.safeParse({ server: 'x'.repeat(2049) }).success).toBe(false);
    expect(messageMap['sync/status'].req.safeParse({ kick: true }).success).toBe(true);
    expect(messageMap['sync/status'].req.safeParse({ kick: 'yes' }).success).toBe(false);
  });
});
