/**
 * This device's profile (docs/decisions/010-device-profiles.md): its platform as the worker's
 * navigator tells it (userAgentData brands and platform, else the user agent), and its name: the one
 * the person gave it ("Rename this device"), kept in chrome.storage.local, or "<browser> on <OS>".
 * The sync engine seals it into each heartbeat (sync/device-keys.ts); a changed profile (rename, new
 * browser version, first sync after joining) makes the next sync send a heartbeat at once.
 */
import { checkProfile, defaultDeviceName, describePlatform, type DeviceProfile } from '../../../shared/devices/device-profile';

const NAME_KEY = 'device-profile-name';
/** The profile (name and platform) the last stored heartbeat carried. */
const SENT_KEY = 'device-profile-sent';
let chosenName: string | null = null;
let sent: string | null = null;

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
  const stored = await chrome.storage.local.get([NAME_KEY, SENT_KEY]);
  chosenName = typeof stored[NAME_KEY] === 'string' ? stored[NAME_KEY] : null;
  sent = typeof stored[SENT_KEY] === 'string' ? stored[SENT_KEY] : null;
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
  return profile;
}

const marker = (profile: DeviceProfile) => JSON.stringify([profile.name, profile.platform]);

/**
 * True when no stored heartbeat carried the current profile yet: a rename, a new browser version,
 * or a device that joined (its first heartbeat, sent while joining, carried none).
 */
export function profileChanged(): boolean {
  return sent !== marker(thisDeviceProfile());
}

export function profileSent(): void {
  sent = marker(thisDeviceProfile());
  if (typeof chrome !== 'undefined') void chrome.storage.local.set({ [SENT_KEY]: sent }).catch(() => undefined);
}
