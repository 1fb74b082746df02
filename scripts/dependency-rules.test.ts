/**
 * The dependency direction of DESIGN.md §3 is enforced by ESLint; these tests lint small snippets
 * as if they lived in each folder and check that a violation is reported (and a clean file is not).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'parse');
}

describe('dependency direction', () => {
  it('refuses a Node import in shared/', async () => {
    expect(await ruleIds("import { randomBytes } from 'node:crypto';\nexport const r = randomBytes;\n", 'shared/crypto/x.ts')).toContain('no-restricted-imports');
  });

  it('refuses chrome.* and the DOM in shared/', async () => {
    expect(await ruleIds('export const id = chrome.runtime.id;\n', 'shared/vault/x.ts')).toContain('no-restricted-globals');
    expect(await ruleIds('export const t = document.title;\n', 'shared/vault/x.ts')).toContain('no-restricted-globals');
  });

  it('refuses crypto imports in the popup', async () => {
    const code = "import { seal } from '../../shared/crypto/aead';\nexport const s = seal;\n";
    expect(await ruleIds(code, 'extension/popup/x.ts')).toContain('no-restricted-imports');
  });

  it('refuses extension/ imports in the server', async () => {
    const code = "import { createRouter } from '../extension/background/router';\nexport const r = createRouter;\n";
    expect(await ruleIds(code, 'server/x.ts')).toContain('no-restricted-imports');
  });

  it('lets the popup use shared/protocol', async () => {
    const code = "import { createSender } from '../../shared/protocol/send';\nexport const s = createSender;\n";
    expect(await ruleIds(code, 'extension/popup/x.ts')).toEqual([]);
  });
});
