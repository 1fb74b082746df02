/**
 * What one durable commit costs on the disk the benchmark servers write to (the temporary
 * directory): autocommitted inserts of a batch-sized row into a WAL-mode SQLite file through
 * better-sqlite3, with `synchronous = FULL` (the server's setting: an acknowledged batch survives a
 * power cut, so every commit waits for fsync) and with `synchronous = NORMAL` (no fsync per commit).
 * better-sqlite3 is synchronous, so the server's event loop waits out every such commit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { median } from '../benchmark';

export async function commitCostMs(commits = 60): Promise<{ full: number; normal: number }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vault-bench-disk-'));
  try {
    const measure = (synchronous: 'FULL' | 'NORMAL') => {
      const db = new Database(path.join(dir, `${synchronous}.sqlite`));
      try {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${synchronous}`);
        db.exec('create table rows (id integer primary key, body blob not null)');
        const insert = db.prepare('insert into rows (body) values (?)');
        const body = Buffer.alloc(1100, 7);
        const times: number[] = [];
        for (let i = 0; i < commits; i++) {
          const started = performance.now();
          insert.run(body);
          times.push(performance.now() - started);
        }
        return median(times);
      } finally {
        db.close();
      }
    };
    return { full: measure('FULL'), normal: measure('NORMAL') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
