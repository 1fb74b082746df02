/**
 * Test-only access to sample export files: the real files of other projects in the corpus beside
 * the repository (`../shared/corpus/import/`, described with their passwords and expected values in
 * `../shared/corpus/SOURCES.md`, never copied into the project) and our hand-written fixtures in
 * `fixtures/`. Production code never imports this file; it is the one place tests read files.
 */
// eslint-disable-next-line no-restricted-imports -- tests read fixture files; shared/ code never does
import { readFileSync } from 'node:fs';

const CORPUS = new URL('../../../../shared/corpus/import/', import.meta.url);
const FIXTURES = new URL('./fixtures/', import.meta.url);

/** Bytes of a corpus file, by its path under shared/corpus/import/. */
export function corpusFile(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, CORPUS)));
}

/** Bytes of one of our fixtures, by its name under shared/vault/import/fixtures/. */
export function fixtureFile(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, FIXTURES)));
}

/** UTF-8 text of one of our fixtures. */
export function fixtureText(name: string): string {
  return new TextDecoder().decode(fixtureFile(name));
}

/** Runs `promise` and returns the VaultError it rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && 'code' in error) return { code: String(error.code), message: error.message };
    throw error;
  }
  throw new Error('expected the import to fail');
}
