/**
 * Autofill detector: a page that grows to 5,000 nodes in 100 additions of 50 nodes (one of them a
 * login form, a few stray inputs elsewhere). After every addition the detector runs at once
 * (`flushNow`, the worst case: the content script waits 150 ms, which merges bursts), so each
 * addition is processed on its own. DOM from happy-dom: absolute times are not a browser's; the
 * ratios to the baseline are the figure.
 *
 * Same run, same additions, timed separately:
 * - baseline: building the page itself (the 100 `append` calls);
 * - detector: extension/content/watch.ts (scans added subtrees only) plus grouping the forms after
 *   every change, as the content script does before announcing;
 * - naive rescan: walking the whole document after every addition, for contrast.
 */
import { Window } from 'happy-dom';
import { collectInputs, groupForms } from '../extension/content/forms';
import { watchForInputs } from '../extension/content/watch';
import { type Benchmark, median, ratio } from './benchmark';

const BATCHES = 100;
const PER_BATCH = 50;
const RUNS = 7;

/** Exposes happy-dom's DOM classes as globals, as a content script sees them. */
function installGlobals(window: Window): void {
  const g = globalThis as Record<string, unknown>;
  const w = window as unknown as Record<string, unknown>;
  for (const name of ['HTMLInputElement', 'HTMLFormElement', 'Element', 'ShadowRoot', 'NodeFilter', 'MutationObserver', 'Node']) g[name] = w[name];
}

function batch(doc: Document, index: number): DocumentFragment {
  const fragment = doc.createDocumentFragment();
  const section = doc.createElement('section');
  fragment.append(section);
  let made = 1;
  if (index === BATCHES / 2) {
    const form = doc.createElement('form');
    form.innerHTML = '<input type="email" autocomplete="username"><input type="password">';
    section.append(form);
    made += 3;
  } else if (index % 10 === 0) {
    section.append(doc.createElement('input'));
    made += 1;
  }
  while (made < PER_BATCH) {
    const div = doc.createElement('div');
    div.append(doc.createElement('span'), doc.createTextNode(`row ${index}`));
    section.append(div);
    made += 3;
  }
  return fragment;
}

interface Totals {
  build: number;
  detector: number;
  rescan: number;
  forms: number;
}

async function grow(): Promise<Totals> {
  const window = new Window({ url: 'https://shop.example/' });
  installGlobals(window);
  const doc = window.document as unknown as Document;
  const totals: Totals = { build: 0, detector: 0, rescan: 0, forms: 0 };
  let changed = false;
  const watcher = watchForInputs(doc, () => (changed = true));
  for (let i = 0; i < BATCHES; i++) {
    const fragment = batch(doc, i);
    let t = performance.now();
    doc.body.append(fragment);
    totals.build += performance.now() - t;

    t = performance.now();
    watcher.flushNow();
    if (changed) totals.forms = groupForms(watcher.inputs).length;
    changed = false;
    totals.detector += performance.now() - t;

    t = performance.now();
    const all = new Set<HTMLInputElement>();
    collectInputs(doc, all);
    groupForms(all);
    totals.rescan += performance.now() - t;
  }
  watcher.stop();
  await window.happyDOM.close();
  return totals;
}

const fixed = (value: number) => `${value.toFixed(1)} ms`;

export const autofillBenchmark: Benchmark = {
  name: 'autofill',
  description: `login-form detector on a page growing to ${(BATCHES * PER_BATCH).toLocaleString('en')} nodes in ${BATCHES} additions`,
  async run(log) {
    await grow(); // warm-up
    const runs: Totals[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await grow());
    if (runs.some((r) => r.forms !== 1)) throw new Error('the detector did not find the one login form');
    const build = median(runs.map((r) => r.build));
    const detector = median(runs.map((r) => r.detector));
    const rescan = median(runs.map((r) => r.rescan));
    log(`baseline, building the page (${BATCHES} appends): ${fixed(build)} median of ${RUNS}`);
    log(`detector, added subtrees only:                ${fixed(detector)} (${ratio(detector, build)} of baseline, ${(detector / BATCHES).toFixed(3)} ms per addition)`);
    log(`naive full rescan after every addition:       ${fixed(rescan)} (${ratio(rescan, build)} of baseline)`);
  },
};
