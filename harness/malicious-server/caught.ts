/**
 * The harness's one verdict: after an attack, the device's next sync reaches the named state, its
 * vault is byte-for-byte what it was before, and it stays frozen (applies and pushes nothing) on
 * the sync after that.
 */
import { expect } from 'vitest';
import type { FreezeCode } from '../../shared/sync/engine/engine-state';
import { type HarnessDevice, vaultFingerprint } from './person';

export async function expectCaught(device: HarnessDevice, collection: string, state: FreezeCode): Promise<void> {
  const before = vaultFingerprint(device);
  const report = await device.engine.sync(collection);
  expect({ status: report.status, state: report.state, pulled: report.pulled }).toEqual({ status: 'frozen', state, pulled: 0 });
  expect(vaultFingerprint(device)).toBe(before);
  const again = await device.engine.sync(collection);
  expect({ status: again.status, state: again.state, pulled: again.pulled, pushed: again.pushed }).toEqual({ status: 'frozen', state, pulled: 0, pushed: 0 });
  expect(vaultFingerprint(device)).toBe(before);
  const status = await device.engine.status(collection);
  expect(status.frozen?.code).toBe(state);
}
