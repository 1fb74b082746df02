/**
 * Test support: fresh temporary data directories, removed after the test file finishes. Each
 * server test gets its own DATA_DIR, so tests never share a certificate or a database by accident.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Returns a function that makes a new empty directory per call; all are removed afterAll. */
export function useTempDirs(prefix = 'vault-server-'): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
