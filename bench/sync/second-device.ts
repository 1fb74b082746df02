/**
 * Device B of the sync-latency benchmark, in its own process (a second device does not share an
 * event loop with the first): `fork`ed with `--import tsx`, driven over the IPC channel.
 *
 *   parent → { type: 'start', config }   B builds its engine, syncs once (pins the chains), opens
 *                                        the WebSocket hint channel → { type: 'ready' }
 *   parent → { type: 'poll', item, password }    B syncs now → { type: 'done', arrived, requests }
 *   parent → { type: 'watch', item, password }   B syncs on every hint; at the first hint
 *                                        → { type: 'hint' }; once the password is there → 'done'
 *   parent → { type: 'ping' } → { type: 'pong' }  (to measure the IPC channel itself)
 *   parent → { type: 'stop' }            B closes its socket and connections and exits.
 * Bytes cross as hex.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import WebSocket from 'ws';
import { HINTS_PATH } from '../../shared/protocol/api/hints';
import { engineDevice, syncOk, type EngineDevice } from './engine-device';

export interface SecondDeviceConfig {
  readonly url: string;
  readonly certPem: string;
  readonly identity: string;
  readonly device: string;
  readonly seed: string;
  readonly publicKey: string;
  readonly collection: string;
  readonly key: string;
}

export type ToSecondDevice =
  | { type: 'start'; config: SecondDeviceConfig }
  | { type: 'poll' | 'watch'; item: string; password: string }
  | { type: 'ping' }
  | { type: 'stop' };

export type FromSecondDevice = { type: 'ready' } | { type: 'hint' } | { type: 'pong' } | { type: 'done'; arrived: boolean; requests: number } | { type: 'failed'; error: string };

function reply(message: FromSecondDevice): void {
  process.send?.(message);
}

let device: EngineDevice | undefined;
let socket: WebSocket | undefined;
let collection = '';
let watching: { item: string; password: string; hinted: boolean } | undefined;
let syncing: Promise<void> = Promise.resolve();

const arrived = (item: string, password: string) => device?.replica.view(collection, item)?.values.password === password;

async function start(config: SecondDeviceConfig): Promise<void> {
  collection = config.collection;
  device = engineDevice({
    server: { url: config.url, certPem: config.certPem },
    identity: hexToBytes(config.identity),
    device: hexToBytes(config.device),
    seed: hexToBytes(config.seed),
    publicKey: hexToBytes(config.publicKey),
    collection,
    key: hexToBytes(config.key),
  });
  await syncOk(device, collection);
  socket = new WebSocket(config.url.replace(/^https/, 'wss') + HINTS_PATH, { ca: config.certPem });
  await new Promise<void>((resolve, reject) => {
    socket?.once('open', () => resolve());
    socket?.once('error', reject);
  });
  socket.send(JSON.stringify({ token: await device.transport.hintToken() }));
  socket.on('message', onHint);
}

function onHint(): void {
  const current = watching;
  if (current === undefined || device === undefined) return;
  if (!current.hinted) {
    current.hinted = true;
    reply({ type: 'hint' });
  }
  const engineDevice = device;
  syncing = syncing.then(async () => {
    await syncOk(engineDevice, collection);
    if (watching === current && arrived(current.item, current.password)) {
      watching = undefined;
      reply({ type: 'done', arrived: true, requests: engineDevice.requests() });
    }
  }).catch((error: unknown) => reply({ type: 'failed', error: error instanceof Error ? error.message : String(error) }));
}

async function handle(message: ToSecondDevice): Promise<void> {
  switch (message.type) {
    case 'start':
      await start(message.config);
      reply({ type: 'ready' });
      return;
    case 'poll':
      if (device === undefined) throw new Error('not started');
      await syncOk(device, collection);
      reply({ type: 'done', arrived: arrived(message.item, message.password), requests: device.requests() });
      return;
    case 'watch':
      watching = { item: message.item, password: message.password, hinted: false };
      return;
    case 'ping':
      reply({ type: 'pong' });
      return;
    case 'stop':
      socket?.close();
      await device?.close();
      process.exit(0);
  }
}

process.on('message', (message: ToSecondDevice) => {
  handle(message).catch((error: unknown) => reply({ type: 'failed', error: error instanceof Error ? error.message : String(error) }));
});
