/**
 * "Your recovery kit was used" (DESIGN.md §7: every device is alerted when the recovery key signs):
 * a sync report that names identity-chain entries signed by the recovery key (SyncReport
 * `recoverySigned`, shared/sync/engine/session.ts) leaves a persistent alert in local storage; the
 * popup shows it, focused, on every open until the person dismisses it. A later report adds its
 * entries to an alert not yet dismissed. The alert holds no secret (chain positions and times).
 * A device revoked by the recovery is refused by the server instead and never gets here; what it
 * shows is the trust view's (docs/recovery-ui.md).
 */
import type { RecoveryAlertView } from '../../../shared/protocol/messages';
import type { SyncReport } from '../../../shared/sync/engine/engine-api';
import type { VaultStore } from '../vault/ports';

const ALERT_KEY = 'recovery-signed-alert';
const MAX_ENTRIES = 50;

function isAlert(value: unknown): value is RecoveryAlertView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return Array.isArray(v.entries) && v.entries.every((n) => Number.isInteger(n)) && typeof v.firstSeenAt === 'number' && typeof v.lastSeenAt === 'number';
}

export function recoveryAlerts(store: Pick<VaultStore, 'getMeta' | 'putMeta'>, now: () => number) {
  async function current(): Promise<RecoveryAlertView | null> {
    const stored = await store.getMeta<unknown>(ALERT_KEY);
    return isAlert(stored) ? stored : null;
  }
  return {
    current,
    /** Note a sync report; returns the alert when this report raised or extended one. */
    async noteReport(report: Pick<SyncReport, 'recoverySigned'>): Promise<RecoveryAlertView | null> {
      const seen = report.recoverySigned ?? [];
      if (seen.length === 0) return null;
      const held = await current();
      const at = now();
      const entries = [...new Set([...(held?.entries ?? []), ...seen])].sort((a, b) => a - b).slice(-MAX_ENTRIES);
      const alert = { entries, firstSeenAt: held?.firstSeenAt ?? at, lastSeenAt: at };
      await store.putMeta(ALERT_KEY, alert);
      return alert;
    },
    async dismiss(): Promise<void> {
      await store.putMeta(ALERT_KEY, null);
    },
  };
}

export type RecoveryAlerts = ReturnType<typeof recoveryAlerts>;
