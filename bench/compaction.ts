/**
 * Log compaction into signed checkpoints (docs/decisions/008-compact-checkpoints.md): one person
 * with devices A, B and C (harness/malicious-server/person.ts: real sync engines over the HTTPS
 * transport) against a real server in this process on SQLite. A writes a 10,000-item vault (2,000
 * with --quick), then edits (one batch per edit, as a person's edits arrive) and deletes; then:
 * - database size (SQLite pages after VACUUM) before, and after A's checkpoint and the operator's
 *   `compact --older-than 0` (server/db/log-checkpoints.ts, then the VACUUM of server/db/compact.ts);
 * - a fresh device's full sync (pull, verify every batch and the heads, open, merge, apply): from
 *   the whole log (before compaction) and from the checkpoint (after it), with C's keys and an empty
 *   store and replica each time. Baselines in the same run: the size before, the time from the whole log.
 */
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { compact } from '../server/db/compact';
import { compactLogs } from '../server/db/log-checkpoints';
import { openDatabase } from '../server/db/open-database';
import { startServer } from '../server/start-server';
import { randomBytes } from '../shared/crypto/random';
import type { ItemChange } from '../shared/sync/engine/engine-api';
import { EMPTY_STATE, edit, remove } from '../shared/sync/item-merge';
import { MemoryReplica } from '../shared/sync/testing/memory-replica';
import { MemoryStateStore } from '../shared/sync/testing/memory-store';
import { base64UrlEncode } from '../shared/vault/base64';
import { expectOk, type HarnessDevice, type Person, restartEngine, setUpPerson } from '../harness/malicious-server/person';
import { ms, QUICK, ratio, type Benchmark } from './benchmark';

const ITEMS = QUICK ? 2_000 : 10_000;
const EDITS = QUICK ? 300 : 4_000;
const DELETES = QUICK ? 100 : 1_000;
/** Edits are pushed this many at a time (one batch each). */
const PUSH_EVERY = 50;

function freshDevice(person: Person): HarnessDevice {
  const device = { ...person.c, name: 'fresh C', replica: new MemoryReplica(), store: new MemoryStateStore() } as HarnessDevice;
  restartEngine(device, person.identity, person.collection, person.key);
  return device;
}

/** A fresh device's whole first sync, in ms; checks it ends with as many live items as A. */
async function freshSync(person: Person, live: number): Promise<number> {
  const device = freshDevice(person);
  const started = performance.now();
  expectOk(await device.engine.sync(person.collection), 'fresh device');
  const took = performance.now() - started;
  const shown = device.replica.itemIds(person.collection).filter((id) => device.replica.view(person.collection, id)?.deleted === false).length;
  if (shown !== live) throw new Error(`the fresh device shows ${shown} live items, not ${live}`);
  return took;
}

/** A's vault: ITEMS logins in one recorded change (split into batches), then edits and deletes. */
async function writeVault(person: Person): Promise<{ live: number; batches: number }> {
  const { a, collection } = person;
  const stamp = await a.engine.stamp(collection);
  const ids = Array.from({ length: ITEMS }, () => base64UrlEncode(randomBytes(16)));
  const changes: ItemChange[] = ids.map((itemId, i) => {
    const delta = edit(EMPTY_STATE, { name: `Site ${i}`, username: `user${i}@example.com`, password: `pw-${i}-${'x'.repeat(16)}`, url: `https://site${i}.example` }, stamp);
    a.replica.applyLocal(collection, itemId, delta);
    return { itemId, delta };
  });
  const first = await a.engine.recordChanges(collection, changes);
  expectOk(await a.engine.sync(collection), 'A');
  for (let i = 0; i < EDITS + DELETES; i++) {
    const itemId = ids[i % (ITEMS - DELETES)]!;
    const at = await a.engine.stamp(collection);
    const deleting = i >= EDITS;
    const target = deleting ? ids[ITEMS - 1 - (i - EDITS)]! : itemId;
    const delta = deleting ? { fields: {}, tombstone: remove(a.replica.state(collection, target) ?? EMPTY_STATE, at).tombstone } : edit(EMPTY_STATE, { password: `edited-${i}` }, at);
    a.replica.applyLocal(collection, target, delta);
    await a.engine.recordChanges(collection, [{ itemId: target, delta }]);
    if (i % PUSH_EVERY === PUSH_EVERY - 1) expectOk(await a.engine.sync(collection), 'A');
  }
  expectOk(await a.engine.sync(collection), 'A');
  return { live: ITEMS - DELETES, batches: first.counters.length + EDITS + DELETES };
}

export const compactionBenchmark: Benchmark = {
  name: 'compaction',
  description: `log compaction into a signed checkpoint: ${ITEMS.toLocaleString('en')}-item vault, ${EDITS} edits, ${DELETES} deletes (SQLite)`,
  async run(log) {
    const dir = mkdtempSync(path.join(tmpdir(), 'vault-bench-compaction-'));
    const config = { kind: 'sqlite' as const, file: path.join(dir, 'vault.sqlite') };
    const server = await startServer({ port: 0, logLevel: 'silent', dataDir: dir, database: config });
    const database = openDatabase(config, (error) => {
      throw error;
    });
    const person = await setUpPerson(server);
    try {
      const writing = performance.now();
      const { live, batches } = await writeVault(person);
      log(`(A wrote the vault in ${ms(performance.now() - writing)})`);
      const before = (await compact(database, Date.now())).bytesAfter;
      const wholeLog = await freshSync(person, live);
      const checkpointing = performance.now();
      const written = await person.a.engine.writeCheckpoint(person.collection);
      log(`(A wrote the checkpoint in ${ms(performance.now() - checkpointing)})`);
      const logs = await compactLogs(database, Date.now() + 1000, 0);
      const after = (await compact(database, Date.now())).bytesAfter;
      const fromCheckpoint = await freshSync(person, live);
      log(`log: ${batches} batches by A; checkpoint at seq ${written.seq ?? '?'} covers ${written.base}: ${written.parts} part batch(es) + manifest, ${written.items} items`);
      log(`compacted: ${logs.rows} rows, ${(logs.bytes / 2 ** 20).toFixed(1)} MiB of batch bytes dropped`);
      log(`database size: ${(before / 2 ** 20).toFixed(1)} MiB before → ${(after / 2 ** 20).toFixed(1)} MiB after (${ratio(after, before)} of before; the checkpoint adds every item's state once)`);
      log(`fresh device, full sync and verification: ${ms(wholeLog)} from the whole log → ${ms(fromCheckpoint)} from the checkpoint (${ratio(fromCheckpoint, wholeLog)})`);
    } finally {
      await person.close();
      await database.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
