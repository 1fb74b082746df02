/**
 * Dumps everything the extension stores — every IndexedDB database and store, chrome.storage.local
 * and chrome.storage.session — as one string in which byte arrays appear as raw characters, so a
 * test can search it for plaintext. Also reads the extension's storage folders on disk.
 */
import type { Page } from '@playwright/test';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export async function dumpExtensionStorage(extensionPage: Page): Promise<string> {
  return extensionPage.evaluate(async () => {
    const flatten = (value: unknown): unknown => {
      if (value instanceof Uint8Array) return String.fromCharCode(...value);
      if (value instanceof ArrayBuffer) return String.fromCharCode(...new Uint8Array(value));
      if (Array.isArray(value)) return value.map(flatten);
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flatten(v)]));
      }
      return value;
    };
    const readStore = (db: IDBDatabase, name: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => resolve(request.result as unknown[]);
        request.onerror = () => reject(request.error);
      });
    const dump: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      if (info.name === undefined) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name!);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) dump[`idb:${info.name}/${store}`] = flatten(await readStore(db, store));
      db.close();
    }
    dump.local = await chrome.storage.local.get(null);
    dump.session = await chrome.storage.session.get(null);
    return JSON.stringify(dump);
  });
}

/** The raw bytes of the profile's extension storage on disk (IndexedDB and extension settings). */
export async function dumpProfileStorage(profile: string): Promise<string> {
  const roots = ['IndexedDB', 'Local Extension Settings', 'Extension State', 'Session Storage'].map((d) => path.join(profile, 'Default', d));
  let out = '';
  for (const root of roots) out += await readTree(root);
  return out;
}

async function readTree(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  let out = '';
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    out += entry.isDirectory() ? await readTree(full) : (await readFile(full)).toString('latin1');
  }
  return out;
}
