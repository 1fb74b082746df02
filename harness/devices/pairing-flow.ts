/**
 * Pairing between two Node devices over the real relay, as the extension will run it: the trusted
 * device (A) makes an invite and runs `TrustedRelayExchange`; the new device (B) takes the invite
 * TEXT and runs `NewDeviceRelayExchange`; the person picks on A the code B shows; A appends the
 * add-device entry through its own HTTPS transport (compare-and-swap) and delivers the approval;
 * B confirms the join against the served chain, opens the collection keys, starts its engine,
 * syncs and checks the collection pins. Each step is exported so refusal tests can stop anywhere.
 */
import { expect } from 'vitest';
import { appendApproval, type AppendedApproval } from '../../shared/devices/approve-device';
import { checkCollectionPin, collectionPin } from '../../shared/devices/collection-pins';
import { completeJoin, type JoinResult } from '../../shared/devices/join-device';
import { KeyRing } from '../../shared/devices/key-ring';
import { NewDeviceRelayExchange, type NewExchangeOptions } from '../../shared/devices/new-exchange';
import type { ExchangeOptions } from '../../shared/devices/pairing-exchange';
import { TrustedRelayExchange } from '../../shared/devices/trusted-exchange';
import { createInvite, encodeInvite, type Invite } from '../../shared/pairing/invite';
import type { JoinedDevice } from '../../shared/pairing/new-side';
import { TrustedPairing } from '../../shared/pairing/trusted-side';
import type { SyncTransport } from '../../shared/sync/engine/ports';
import { type DeviceLab, expectOk, type NodeDevice, type Person, servedIdentity } from './device-lab';

export interface OpenInvite {
  readonly invite: Invite;
  readonly text: string;
  readonly trusted: TrustedRelayExchange;
  readonly refused: { code: string; step: string }[];
}

/** A makes an invite (after re-entering its master password, in the extension) and opens its side. */
export async function openInvite(lab: DeviceLab, a: NodeDevice, clock: ExchangeOptions['clock'] = Date): Promise<OpenInvite> {
  const { state } = await servedIdentity(a);
  const invite = createInvite(new URL(lab.server.url).origin, a.identity);
  const pairing = TrustedPairing.start(invite, { deviceId: a.deviceId, seed: a.seed }, state, clock);
  const refused: OpenInvite['refused'] = [];
  const trusted = new TrustedRelayExchange(pairing, lab.relay(invite), { clock, pollSeconds: 2, onRefused: (error, step) => refused.push({ code: error.code, step }) });
  return { invite, text: encodeInvite(invite), trusted, refused };
}

/** B takes the invite text and posts its hello. */
export function answerInvite(lab: DeviceLab, text: string, options: Partial<NewExchangeOptions> = {}): Promise<NewDeviceRelayExchange> {
  return NewDeviceRelayExchange.start(text, (invite) => lab.relay(invite), { clock: Date, pollSeconds: 2, ...options });
}

/** A approves (compare-and-swap through `transport`, by default A's own) and delivers the approval. */
export async function approveAndDeliver(a: NodeDevice, open: OpenInvite, collections: readonly string[], transport: Pick<SyncTransport, 'identityChain' | 'appendIdentityEntry'> = a.transport): Promise<AppendedApproval> {
  const pins = [];
  for (const collection of collections) {
    const state = await a.store.load(collection);
    if (state === undefined) throw new Error(`A never synced ${collection}`);
    pins.push(collectionPin(state));
  }
  const appended = await appendApproval(open.trusted.pairing, transport, { identity: a.identity, userKeyOf: (g) => a.keys.userKey(g), collections: pins });
  await open.trusted.deliver(appended.message);
  return appended;
}

/** B, with the approval accepted: confirm, open keys, start its engine, sync every pinned collection, check the pins. */
export async function joinAndSync(lab: DeviceLab, name: string, joined: JoinedDevice): Promise<{ device: NodeDevice; join: JoinResult }> {
  const keys = new KeyRing();
  const secrets = { identity: joined.identity, deviceId: joined.device.deviceId, seed: joined.device.seed, x25519Private: joined.device.x25519Private };
  const device = lab.device(name, secrets, keys);
  const join = await completeJoin(joined, device.transport);
  for (const userKey of join.userKeys) keys.addUserKey(userKey);
  for (const { collection, epochKeys, pin } of join.collections) {
    for (const [epoch, key] of epochKeys) keys.addEpochKey(collection, epoch, key);
    expectOk(await device.engine.sync(collection), name);
    const state = await device.store.load(collection);
    if (state === undefined) throw new Error(`${name} holds no state for ${collection}`);
    checkCollectionPin(state, pin);
  }
  return { device, join };
}

/** The whole happy path: A invites, B answers, the person picks B's code on A, A approves, B joins and syncs. */
export async function pairDevice(lab: DeviceLab, person: Person, name = 'B'): Promise<NodeDevice> {
  const open = await openInvite(lab, person.a);
  const b = await answerInvite(lab, open.text);
  const [candidates, sas] = await Promise.all([open.trusted.candidates(), b.sas()]);
  expect(candidates).toContain(sas);
  await open.trusted.choose(sas);
  const approval = b.approval();
  await approveAndDeliver(person.a, open, [person.collection]);
  const { device } = await joinAndSync(lab, name, await approval);
  return device;
}
