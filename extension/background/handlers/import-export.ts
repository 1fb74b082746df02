/**
 * Import and export (extension pages only). An import is read, validated and turned into items
 * completely before anything is written, then written in one storage transaction: a malformed,
 * truncated or wrong-password file changes nothing. Exports: our encrypted format (its own
 * password, Argon2id), or plain JSON / CSV only after the master password is entered again.
 */
import { randomBytes } from '../../../shared/crypto/random';
import { VaultError } from '../../../shared/protocol/errors';
import type { Req } from '../../../shared/protocol/messages';
import { base64Decode, base64Encode } from '../../../shared/vault/base64';
import { exportEncrypted } from '../../../shared/vault/export/encrypted-export';
import { exportCsv, exportPlainJson } from '../../../shared/vault/export/plain-export';
import { createImportedItems } from '../../../shared/vault/import/create-items';
import { importPreview } from '../../../shared/vault/import/duplicates';
import { IMPORT_FORMAT_NAMES, IMPORT_PARSERS, importFile } from '../../../shared/vault/import/parsers';
import type { ImportFormat, ImportResult } from '../../../shared/vault/import/types';
import type { Handlers } from '../router';
import type { ItemService } from '../vault/item-service';
import type { VaultSession } from '../vault/vault-session';
import { masterPasswordProblem } from '../vault/password-policy';

type ImportExportHandlers = Pick<Handlers, 'import/formats' | 'import/preview' | 'import/commit' | 'export/encrypted' | 'export/plain'>;

function isFormat(value: string): value is ImportFormat {
  return Object.hasOwn(IMPORT_PARSERS, value);
}

async function readImport(req: Req<'import/preview'>): Promise<ImportResult> {
  if (req.format !== undefined && !isFormat(req.format)) throw new VaultError('IMPORT_FORMAT', `unknown import format "${req.format}"`);
  const options = {
    ...(req.password ? { password: req.password } : {}),
    ...(req.keyFile ? { keyFile: base64Decode(req.keyFile) } : {}),
  };
  return importFile(req.fileName, base64Decode(req.data), options, req.format as ImportFormat | undefined);
}

function stamp(): string {
  return new Date().toISOString().slice(0, 10);
}

export function importExportHandlers(deps: { vault: VaultSession; items: ItemService; now: () => number }): ImportExportHandlers {
  return {
    'import/formats': async () => ({
      formats: Object.entries(IMPORT_FORMAT_NAMES).map(([id, name]) => ({ id, name })),
    }),
    'import/preview': async (req) => {
      const result = await readImport(req);
      const preview = importPreview(result, await deps.items.all());
      return {
        format: result.format,
        formatName: IMPORT_FORMAT_NAMES[result.format],
        total: preview.total,
        byType: { ...preview.byType },
        duplicates: preview.duplicates,
        folders: preview.folders,
        warnings: result.warnings.slice(0, 100).map((w) => ({ entry: w.entry, message: w.message })),
      };
    },
    'import/commit': async ({ skipDuplicates, ...req }) => {
      const result = await readImport(req);
      const skip = new Set(skipDuplicates ? importPreview(result, await deps.items.all()).duplicateIndices : []);
      const kept: ImportResult = { ...result, drafts: result.drafts.filter((_d, i) => !skip.has(i)) };
      const items = createImportedItems(kept, deps.now(), randomBytes);
      await deps.items.addMany(items);
      return { imported: items.length, skipped: skip.size };
    },
    'export/encrypted': async ({ masterPassword, exportPassword }) => {
      await deps.vault.confirmPassword(masterPassword);
      const problem = masterPasswordProblem(exportPassword);
      if (problem !== null) throw new VaultError('WEAK_PASSWORD', problem);
      const bytes = await exportEncrypted(await deps.items.all(), exportPassword);
      return { fileName: `sealed-vault-${stamp()}.svx`, mimeType: 'application/octet-stream', data: base64Encode(bytes) };
    },
    'export/plain': async ({ masterPassword, format }) => {
      await deps.vault.confirmPassword(masterPassword);
      const items = await deps.items.all();
      const text = format === 'json' ? exportPlainJson(items) : exportCsv(items);
      const mimeType = format === 'json' ? 'application/json' : 'text/csv';
      return { fileName: `sealed-vault-${stamp()}-UNENCRYPTED.${format}`, mimeType, data: base64Encode(new TextEncoder().encode(text)) };
    },
  };
}
