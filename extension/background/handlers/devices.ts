/**
 * `devices/*` messages (extension pages only): the trust view, the audit export, revoking a device
 * (master password again) and the rotation's progress, and the removal notice of a wiped vault.
 * docs/trust-view.md.
 */
import type { Handlers } from '../router';
import type { DevicesService } from '../devices/devices-service';

type DeviceHandlers = Pick<
  Handlers,
  'devices/view' | 'devices/export-audit' | 'devices/revoke' | 'devices/rotation' | 'devices/dismiss-rotation' | 'devices/removed' | 'devices/dismiss-removed' | 'devices/rename'
>;

export function deviceHandlers(devices: DevicesService): DeviceHandlers {
  return {
    'devices/view': () => devices.view(),
    'devices/export-audit': () => devices.exportAudit(),
    'devices/revoke': ({ device, masterPassword }) => devices.revoke(device, masterPassword),
    'devices/rotation': () => devices.rotation(),
    'devices/dismiss-rotation': () => devices.dismissRotation(),
    'devices/removed': async () => ({ notice: await devices.removedNotice() }),
    'devices/dismiss-removed': async () => {
      await devices.dismissRemoved();
      return {};
    },
    'devices/rename': ({ name }) => devices.rename(name),
  };
}
