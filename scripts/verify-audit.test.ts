/**
 * The offline audit verifier (`npm run verify-audit -- FILE.json`, scripts/verify-audit.ts): a good
 * export of a chain with devices added, one revoked, a rotation and a recovery key is VALID (exit 0)
 * with a plain report; tampered exports are INVALID (exit 1) with the code and the entry: a flipped
 * byte in an entry, a dropped entry, two entries swapped, an entry forged by a revoked device, a
 * readable line changed, a head or identity replaced; unreadable input is a usage error (exit 2).
 * The real command runs once through tsx, as a person would run it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeEntry, signEntry } from '../shared/chains/entry';
import { exportAudit, type AuditExport } from '../shared/chains/audit-log';
import { deviceSigner, TestIdentity } from '../shared/chains/test-fixtures';
import { fromBase64url, toBase64url } from '../shared/crypto/base64url';
import { randomBytes } from '../shared/crypto/random';
import { verifyAuditCommand } from './verify-audit';

function chain() {
  const identity = new TestIdentity();
  const a = deviceSigner(identity.first);
  const b = identity.addDevice(a);
  const c = identity.addDevice(deviceSigner(b));
  identity.setRecovery(a);
  const revokedState = identity.state;
  identity.revoke(a, b);
  identity.rotate(a);
  return { identity, a, b, c, revokedState };
}

async function run(json: unknown): Promise<{ code: number; text: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'verify-audit-'));
  const file = join(dir, 'audit.json');
  await writeFile(file, typeof json === 'string' ? json : JSON.stringify(json));
  const out: string[] = [];
  const code = await verifyAuditCommand([file], (text) => out.push(text));
  return { code, text: out.join('\n') };
}

/** The entry with one bit of its signature flipped (found where the signature bytes sit). */
const flipSignature = (text: string) => {
  const bytes = fromBase64url(text);
  const signature = decodeEntry(bytes).signature;
  const at = Buffer.from(bytes).indexOf(Buffer.from(signature)) + 10;
  bytes[at] = (bytes[at] ?? 0) ^ 1;
  return toBase64url(bytes);
};

describe('verify-audit', () => {
  it('a good export is VALID, exit 0, with each entry, its signer and claimed time, and the devices', async () => {
    const { identity, b } = chain();
    const { code, text } = await run(exportAudit(identity.entries));
    expect(code).toBe(0);
    expect(text).toContain('VALID: 6 entries');
    expect(text).toContain(`#4 revoke-device → ${Buffer.from(b.deviceId).toString('hex')}`);
    expect(text).toContain('#5 rotate-user-key → generation 1');
    expect(text).toContain('claimed 2023-11-14T22:13:20.004Z');
    expect(text).toContain(`Revoked devices: ${Buffer.from(b.deviceId).toString('hex')}`);
  });

  const tampers: [string, (e: AuditExport, ctx: ReturnType<typeof chain>) => AuditExport, string][] = [
    ['a flipped byte in an entry signature', (e) => ({ ...e, entries: e.entries.map((x, i) => (i === 2 ? flipSignature(x) : x)) }), 'BAD_SIGNATURE'],
    ['a dropped entry', (e) => ({ ...e, entries: e.entries.filter((_, i) => i !== 3), log: e.log.filter((_, i) => i !== 3) }), 'BAD_CHAIN'],
    ['two entries swapped', (e) => ({ ...e, entries: [e.entries[0]!, e.entries[2]!, e.entries[1]!, ...e.entries.slice(3)] }), 'BAD_CHAIN'],
    [
      'an entry appended by the revoked device',
      (e, { identity, b }) => {
        const body = { chain: 'identity' as const, chainId: identity.id, seq: identity.entries.length, prev: identity.state.head, author: { by: 'device' as const, identity: identity.id, id: b.deviceId }, time: 1, op: 'revoke-recovery-key' as const, args: {} };
        return { ...exportAudit(identity.entries), entries: [...e.entries, toBase64url(signEntry(body, b.signing.seed))] };
      },
      'UNTRUSTED_WRITER',
    ],
    ['a readable line changed', (e) => ({ ...e, log: e.log.map((l, i) => (i === 4 ? { ...l, by: 'recovery key' } : l)) }), 'BAD_ENCODING'],
    ['another head', (e) => ({ ...e, head: toBase64url(randomBytes(32)) }), 'FORK'],
    ['another identity', (e) => ({ ...e, identity: toBase64url(randomBytes(32)) }), 'FORK'],
    ['an unknown field', (e) => ({ ...e, note: 'trust me' }) as AuditExport, 'BAD_ENCODING'],
  ];

  it.each(tampers)('%s is INVALID, exit 1, naming the code', async (_label, tamper, code) => {
    const ctx = chain();
    const result = await run(tamper(exportAudit(ctx.identity.entries), ctx));
    expect(result.code).toBe(1);
    expect(result.text).toContain(`INVALID (${code})`);
  });

  it('a file that is not JSON, or a missing argument, is a usage error (exit 2)', async () => {
    expect((await run('{not json')).code).toBe(2);
    expect(await verifyAuditCommand([], () => undefined)).toBe(2);
  });

  it('runs as `tsx scripts/verify-audit.ts FILE` with exit codes 0 and 1', async () => {
    const { identity } = chain();
    const dir = await mkdtemp(join(tmpdir(), 'verify-audit-cli-'));
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    const exported = exportAudit(identity.entries);
    await writeFile(good, JSON.stringify(exported));
    await writeFile(bad, JSON.stringify({ ...exported, entries: exported.entries.slice(0, -1) }));
    const exec = promisify(execFile);
    const ok = await exec('npx', ['tsx', 'scripts/verify-audit.ts', good]);
    expect(ok.stdout).toContain('VALID: 6 entries');
    await expect(exec('npx', ['tsx', 'scripts/verify-audit.ts', bad])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('INVALID (FORK)') });
  });
});
