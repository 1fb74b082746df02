/**
 * `npm run verify-audit -- FILE.json`: verifies, offline, an identity-chain audit export made by the
 * trust view (Settings → Devices → "Export audit log"), with the same rules every client applies
 * (shared/chains/audit-log.ts `verifyAuditExport`: entry encoding, Ed25519 signatures under
 * "chain/v1", the hash chain, who may append at each position, the identity id and head, and that
 * the readable log matches the signed entries). Needs no server and no network.
 *
 * Prints a plain report: each entry (seq, op, signer, claimed time), the devices trusted and revoked,
 * and VALID, or INVALID with the machine code and the entry and rule that broke.
 * Exit code: 0 valid, 1 invalid, 2 the file could not be read or is not JSON (usage error).
 */
import { readFile } from 'node:fs/promises';
import { verifyAuditExport, type AuditReport } from '../shared/chains/audit-log';

export function formatReport(file: string, report: AuditReport): string {
  const out: string[] = [`Identity-chain audit export: ${file}`];
  if (report.identity !== null) out.push(`Identity (vault fingerprint, base64url): ${report.identity}`);
  for (const line of report.lines) {
    const subject = line.subject === null ? '' : ` → ${line.subject}`;
    out.push(`  #${line.seq} ${line.op}${subject} by ${line.by} [${line.byFingerprint}], claimed ${line.claimedAt}`);
  }
  if (report.ok) {
    out.push(`Trusted devices: ${report.trusted.length === 0 ? 'none' : report.trusted.join(', ')}`);
    out.push(`Revoked devices: ${report.revoked.length === 0 ? 'none' : report.revoked.join(', ')}`);
    out.push(`VALID: ${report.verified} entries; signatures, hash chain and rules verified. Times are claims.`);
  } else {
    out.push(`INVALID (${report.error?.code ?? 'BAD_CHAIN'}): ${report.error?.message ?? 'the export does not verify'}`);
    out.push(`Entries that verified before the failure: ${report.verified}`);
  }
  return out.join('\n');
}

/** The command: returns the exit code and writes the report. */
export async function verifyAuditCommand(args: readonly string[], write: (text: string) => void): Promise<number> {
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0 || file === '--help') {
    write('usage: npm run verify-audit -- FILE.json');
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    write(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const report = verifyAuditExport(json);
  write(formatReport(file, report));
  return report.ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.exitCode = await verifyAuditCommand(process.argv.slice(2), (text) => console.log(text));
}
