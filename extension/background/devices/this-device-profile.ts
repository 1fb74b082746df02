/**
 * This device's profile (docs/decisions/010-names-device-profiles.md): its platform as the worker's
 * navigator tells it (userAgentData brands and platform, else the user agent), and its name: the one
 * the person gave it ("Rename this device"), kept in chrome.storage.local, or "<browser> on <OS>".
 * The sync engine seals it into each heartbeat (sync/device-keys.ts); a rename is carried by the
 * device's next heartbeat.
 */
import { checkProfile, defaultDeviceName, describePlatform, type DeviceProfile } from '../../../shared/devices/device-profile';

const NAME_KEY = 'device-profile-name';
let chosenName: string | null = null;
let renamed = false;

interface UserAgentData {
  brands?: { brand: string; version: string }[];
  platform?: string;
}

function platform(): string {
  const nav = (globalThis as { navigator?: { userAgent?: string; userAgentData?: UserAgentData } }).navigator;
  return describePlatform({ brands: nav?.userAgentData?.brands, platform: nav?.userAgentData?.platform, userAgent: nav?.userAgent });
}

/** Reads the stored name once at start (the worker wakes with it before any sync). */
export async function loadDeviceName(): Promise<void> {
  if (typeof chrome === 'undefined') return;
  const stored = (await chrome.storage.local.get(NAME_KEY))[NAME_KEY];
  chosenName = typeof stored === 'string' ? stored : null;
}

const loading = loadDeviceName().catch(() => undefined);

export function thisDeviceProfile(): DeviceProfile {
  const here = platform();
  return checkProfile({ name: chosenName ?? defaultDeviceName(here), platform: here });
}

/** "Rename this device": checks the name (BAD_INPUT: empty or too long) and keeps it. */
export async function renameThisDevice(name: string): Promise<DeviceProfile> {
  await loading;
  const profile = checkProfile({ name, platform: platform() });
  await chrome.storage.local.set({ [NAME_KEY]: profile.name });
  chosenName = profile.name;
  renamed = true;
  return profile;
}

/** True after a rename until a heartbeat carried it. */
export function profileChanged(): boolean {
  return renamed;
}

export function profileSent(): void {
  renamed = false;
}
