/**
 * Import of 10,000 entries (issue 9): a generated Bitwarden JSON export and a generated Chrome CSV
 * export, each read into drafts (`parseBitwardenJson` / `parseChromeCsv`, which validate every draft
 * with a trial `createItem`) and then committed to items (`createImportedItems`). Baselines in the
 * same run: `JSON.parse` of the same JSON text, and a bare papaparse pass over the same CSV text,
 * i.e. the cost of only reading the syntax.
 */
import Papa from 'papaparse';
import { randomBytes } from '../shared/crypto/random';
import { parseBitwardenJson } from '../shared/vault/import/bitwarden-json';
import { parseChromeCsv } from '../shared/vault/import/browser-csv';
import { createImportedItems } from '../shared/vault/import/create-items';
import type { ImportResult } from '../shared/vault/import/types';
import { type Benchmark, median, ms, ratio, runsList, timeRuns } from './benchmark';

const ENTRIES = 10_000;
const RUNS = 3;
const SITES = ['shop', 'mail', 'code', 'bank', 'forum'];

function site(i: number): string {
  return `https://login.${SITES[i % SITES.length]}${i}.example/signin`;
}

/** A Bitwarden export of `ENTRIES` logins with folders, notes, a custom field and some TOTP seeds. */
export function bitwardenJson(): string {
  const folders = SITES.map((name, i) => ({ id: `f${i}`, name: `Folder ${name}` }));
  const items = Array.from({ length: ENTRIES }, (_, i) => ({
    id: `item-${i}`,
    folderId: `f${i % folders.length}`,
    type: 1,
    name: `Site ${i}`,
    notes: i % 4 === 0 ? `Note for entry ${i}\nsecond line` : null,
    favorite: i % 50 === 0,
    fields: i % 3 === 0 ? [{ name: 'PIN', value: String(1000 + (i % 9000)), type: 1 }] : [],
    login: { uris: [{ match: null, uri: site(i) }], username: `user${i}@example.com`, password: `pw-${i}-Xq7!vL2#`, totp: i % 10 === 0 ? 'JBSWY3DPEHPK3PXP' : null },
  }));
  return JSON.stringify({ encrypted: false, folders, items }, null, 2);
}

/** A Chrome CSV export of `ENTRIES` logins, some with quoted notes. */
export function chromeCsv(): string {
  const rows = ['name,url,username,password,note'];
  for (let i = 0; i < ENTRIES; i++) rows.push(`site${i}.example,${site(i)},user${i}@example.com,"pw-${i},Xq7""v",${i % 4 === 0 ? `"note ${i}\nline 2"` : ''}`);
  return `${rows.join('\n')}\n`;
}

async function measure(log: (line: string) => void, label: string, baseline: () => unknown, parse: () => Promise<ImportResult>): Promise<void> {
  const base = await timeRuns(RUNS, baseline);
  let result: ImportResult | undefined;
  const parsed = await timeRuns(RUNS, async () => {
    result = await parse();
  });
  if (result === undefined || result.drafts.length !== ENTRIES) throw new Error(`${label}: expected ${ENTRIES} drafts`);
  const drafts = result;
  const created = await timeRuns(RUNS, () => createImportedItems(drafts, Date.now(), randomBytes));
  const total = median(parsed) + median(created);
  log(`${label} syntax only     median ${ms(median(base))}   (runs: ${runsList(base)} ms)   baseline`);
  log(`${label} to drafts       median ${ms(median(parsed))}   (runs: ${runsList(parsed)} ms)   ${ratio(median(parsed), median(base))} of the baseline`);
  log(`${label} createItem x10k median ${ms(median(created))}   (runs: ${runsList(created)} ms)`);
  log(`${label} import total    ${ms(total)}   ${ratio(total, median(base))} of the baseline, ${(total / ENTRIES).toFixed(3)} ms per entry`);
}

export const importBenchmark: Benchmark = {
  name: 'import',
  description: `import ${ENTRIES.toLocaleString('en')} entries from Bitwarden JSON and Chrome CSV into items`,
  async run(log) {
    const json = bitwardenJson();
    const csv = chromeCsv();
    log(`Bitwarden JSON ${(json.length / 2 ** 20).toFixed(1)} MiB, Chrome CSV ${(csv.length / 2 ** 20).toFixed(1)} MiB`);
    await measure(log, 'Bitwarden JSON', () => JSON.parse(json), () => parseBitwardenJson(json, {}));
    await measure(log, 'Chrome CSV    ', () => Papa.parse(csv, { delimiter: ',' }), () => parseChromeCsv(csv, {}));
  },
};
