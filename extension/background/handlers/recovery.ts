/**
 * Recovery messages (extension pages only): this vault's recovery kit (status, make, confirm,
 * postpone, cancel), the recovery-signed alert (show, dismiss), and restoring a fresh browser with
 * a kit (inspect, prepare, start, status, cancel). docs/recovery-ui.md.
 */
import type { Handlers } from '../router';
import type { KitService } from '../recovery/kit-service';
import type { RecoveryAlerts } from '../recovery/recovery-alert';
import type { RestoreService } from '../recovery/restore-service';

type RecoveryHandlers = Pick<
  Handlers,
  | 'recovery/kit-status'
  | 'recovery/kit-begin'
  | 'recovery/kit-confirm'
  | 'recovery/kit-postpone'
  | 'recovery/kit-cancel'
  | 'recovery/alert'
  | 'recovery/alert-dismiss'
  | 'recovery/restore-inspect'
  | 'recovery/restore-prepare'
  | 'recovery/restore-start'
  | 'recovery/restore-status'
  | 'recovery/restore-cancel'
>;

export function recoveryHandlers(deps: { kit: KitService; alerts: RecoveryAlerts; restore: RestoreService }): RecoveryHandlers {
  const { kit, alerts, restore } = deps;
  return {
    'recovery/kit-status': () => kit.status(),
    'recovery/kit-begin': () => kit.begin(),
    'recovery/kit-confirm': ({ answers }) => kit.confirm(answers),
    'recovery/kit-postpone': () => kit.postpone(),
    'recovery/kit-cancel': async () => {
      kit.cancel();
      return {};
    },
    'recovery/alert': async () => ({ alert: await alerts.current() }),
    'recovery/alert-dismiss': async () => {
      await alerts.dismiss();
      return {};
    },
    'recovery/restore-inspect': ({ kit: text, server }) => restore.inspect(text, server),
    'recovery/restore-prepare': (input) => restore.prepare(input),
    'recovery/restore-start': ({ answers }) => restore.start(answers),
    'recovery/restore-status': async () => restore.status(),
    'recovery/restore-cancel': async () => restore.cancel(),
  };
}
