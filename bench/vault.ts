/**
 * Local vault: unlock with 10,000 items (Argon2id 64 MiB t=3 p=4, open the bundle, decrypt and
 * index every item) and search latency over those items, through the worker's real vault session
 * and item service on in-memory stores (IndexedDB is not in Node). Baselines in the same run: the
 * KDF alone for unlock, and a plain substring scan over the names for search.
 */
import { deriveKek } from '../shared/crypto/argon2id';
import { createItem } from '../shared/vault/edit-item';
import { sealItem } from '../shared/vault/item-record';
import type { ItemDraft } from '../shared/vault/item-types';
import { personalCollectionKey } from '../shared/vault/vault-keys';
import { randomBytes } from '../shared/crypto/random';
import { itemService } from '../extension/background/vault/item-service';
import { memorySessionStore, memoryVaultStore } from '../extension/background/vault/testing/memory-stores';
import { vaultSession } from '../extension/background/vault/vault-session';
import { type Benchmark, median, ms, ratio, runsList, timeRuns } from './benchmark';

const ITEMS = 10_000;
const MASTER = 'orbit-lantern-Velvet-93-quarry';
const QUERIES = ['shop', 'a', 'github 42', 'mail.example', 'zz-nothing', 'user 9'];

function draft(i: number): ItemDraft {
  return {
    type: 'login',
    name: `${['Shop', 'GitHub', 'Mail', 'Bank', 'Forum'][i % 5]} ${i}`,
    tags: [],
    favourite: i % 50 === 0,
    notes: '',
    customFields: [],
    username: `user ${i}`,
    password: `pw-${i}-${Math.random().toString(36).slice(2)}`,
    urls: [{ url: `https://site${i}.${['shop', 'mail', 'code'][i % 3]}.example`, match: 'origin' }],
  } as ItemDraft;
}

async function setup() {
  const store = memoryVaultStore();
  const vault = vaultSession({ store, session: memorySessionStore(), now: Date.now, autoLockMinutes: async () => 15, onDeadline: () => {} });
  await vault.create(MASTER);
  const key = personalCollectionKey(await vault.require());
  const names: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const item = createItem(draft(i), Date.now(), randomBytes);
    names.push(item.name.toLowerCase());
    await store.putRecord(sealItem(key, item, 1));
  }
  await vault.lock();
  return { store, vault, items: itemService({ vault, store, now: Date.now, snapshotDelayMs: 0 }), names };
}

export const vaultBenchmark: Benchmark = {
  name: 'vault',
  description: `unlock with ${ITEMS.toLocaleString('en')} items and search over them`,
  async run(log) {
    const { vault, items, names, store } = await setup();
    const header = (await store.getHeader())!;
    const kdf = await timeRuns(3, () => deriveKek(MASTER, header.kdf));
    const unlockOnce = async () => {
      await vault.lock();
      await vault.unlock(MASTER);
      await items.search('', 'all', 1);
    };
    // First unlock: no snapshot yet, every record is opened and validated on its own.
    const cold = await timeRuns(1, unlockOnce);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const warm = await timeRuns(3, unlockOnce);
    log(`KDF alone      median ${ms(median(kdf))}   (runs: ${runsList(kdf)} ms)   baseline`);
    log(`unlock, records   ${ms(median(cold))}   ${ratio(median(cold), median(kdf))} of the KDF (first unlock: every record opened and validated)`);
    log(`unlock, snapshot  median ${ms(median(warm))}   (runs: ${runsList(warm)} ms)   ${ratio(median(warm), median(kdf))} of the KDF`);
    const searchTimes: number[] = [];
    const scanTimes: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (const query of QUERIES) {
        searchTimes.push(...(await timeRuns(1, () => items.search(query, 'all', 200))));
        scanTimes.push(...(await timeRuns(1, () => names.filter((n) => n.includes(query)))));
      }
    }
    const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)] ?? Number.NaN;
    log(`name scan      median ${median(scanTimes).toFixed(2)} ms   p95 ${p95(scanTimes).toFixed(2)} ms   baseline (substring over names only)`);
    log(`search         median ${median(searchTimes).toFixed(2)} ms   p95 ${p95(searchTimes).toFixed(2)} ms   ${ratio(median(searchTimes), median(scanTimes))} of the scan, ${ratio(median(searchTimes), median(kdf))} of the KDF`);
    await vault.lock();
  },
};
