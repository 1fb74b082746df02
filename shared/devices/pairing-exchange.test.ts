/**
 * The pairing drivers over an in-memory mailbox (the relay's behaviour without a server; the real
 * one is exercised in harness/devices/pair.test.ts): a whole exchange; a resent hello answered once;
 * a read that fails on the network retried; a trusted device that waited in vain closes the invite
 * while a new device that waited in vain leaves it open; a closed invite ends the other side's wait.
 */
import { describe, expect, it } from 'vitest';
import { TestIdentity } from '../chains/test-fixtures';
import { createInvite, encodeInvite, type Invite } from '../pairing/invite';
import { decodeMessage } from '../pairing/messages';
import { TrustedPairing } from '../pairing/trusted-side';
import type { RelayPage, RelayedPairingMessage } from '../protocol/client/pairing-relay';
import { VaultError } from '../protocol/errors';
import { NewDeviceRelayExchange } from './new-exchange';
import type { PairingMailbox } from './pairing-exchange';
import { TrustedRelayExchange } from './trusted-exchange';
import { codeOf } from '../protocol/testing/error-code';

class MemoryMailbox implements PairingMailbox {
  readonly messages: RelayedPairingMessage[] = [];
  closed = false;
  posts = 0;
  failReads = 0;

  async post(message: Uint8Array): Promise<number> {
    if (this.closed) throw new VaultError('CONFLICT', 'closed');
    this.posts += 1;
    this.messages.push({ seq: this.messages.length + 1, step: decodeMessage(message).step, bytes: message });
    return this.messages.length;
  }

  async read(after: number): Promise<RelayPage> {
    if (this.failReads > 0) {
      this.failReads -= 1;
      throw new VaultError('UNAVAILABLE', 'network down');
    }
    const messages = this.messages.filter((m) => m.seq > after);
    if (messages.length === 0 && !this.closed) await new Promise((resolve) => setTimeout(resolve, 5));
    return { messages, closed: this.closed };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function setUp(clock = { now: () => Date.now() }) {
  const alice = new TestIdentity();
  const invite: Invite = createInvite('https://vault.example.com', alice.id);
  const pairing = TrustedPairing.start(invite, { deviceId: alice.first.deviceId, seed: alice.first.signing.seed }, alice.state, clock);
  const mailbox = new MemoryMailbox();
  const refused: string[] = [];
  const trusted = new TrustedRelayExchange(pairing, mailbox, { clock, onRefused: (error) => refused.push(error.code) });
  return { invite, mailbox, trusted, refused, text: encodeInvite(invite) };
}


describe('pairing over a mailbox', () => {
  it('runs the exchange up to the SAS on both sides, the trusted device showing the code the new one shows', async () => {
    const { mailbox, trusted, text } = setUp();
    const newSide = await NewDeviceRelayExchange.start(text, () => mailbox, { clock: Date });
    const [candidates, sas] = await Promise.all([trusted.candidates(), newSide.sas()]);
    expect(candidates).toContain(sas);
    expect(mailbox.messages.map((m) => m.step)).toEqual(['hello', 'offer', 'reveal']);
  });

  it('answers a resent hello once, and retries a read that failed on the network', async () => {
    const { mailbox, trusted, text } = setUp();
    const newSide = await NewDeviceRelayExchange.start(text, () => mailbox, { clock: Date });
    const hello = mailbox.messages[0]?.bytes ?? expect.fail('no hello');
    mailbox.messages.push({ seq: 2, step: 'hello', bytes: hello });
    mailbox.failReads = 1;
    const [, sas] = await Promise.all([trusted.candidates(), newSide.sas()]);
    expect(sas).toMatch(/^\d{6}$/);
    expect(mailbox.messages.map((m) => m.step)).toEqual(['hello', 'hello', 'offer', 'reveal']);
  });

  it('a trusted device that waited in vain closes the invite; a new device that waited in vain leaves it open', async () => {
    let skew = 0;
    const clock = { now: () => Date.now() + skew };
    const waitingNew = setUp();
    const newSide = await NewDeviceRelayExchange.start(waitingNew.text, () => waitingNew.mailbox, { clock: Date, timeoutMs: 50 });
    expect(await codeOf(newSide.sas())).toBe('STALE');
    expect(waitingNew.mailbox.closed).toBe(false);

    const waitingTrusted = setUp(clock);
    const candidates = waitingTrusted.trusted.candidates();
    skew = 6 * 60 * 1000;
    expect(await codeOf(candidates)).toBe('STALE');
    expect(waitingTrusted.mailbox.closed).toBe(true);
    expect(waitingTrusted.trusted.pairing.phase).toBe('aborted');
  });

  it('ignores a message that does not authenticate and reports it; a closed invite ends the wait with CONFLICT', async () => {
    const { mailbox, trusted, refused, invite } = setUp();
    const forged = encodeInvite({ ...invite, secret: new Uint8Array(16).fill(1) });
    await NewDeviceRelayExchange.start(forged, () => mailbox, { clock: Date });
    const waiting = trusted.candidates();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await mailbox.close();
    expect(await codeOf(waiting)).toBe('CONFLICT');
    expect(refused).toEqual(['DECRYPT_FAILED']);
    expect(mailbox.posts).toBe(1);
  });
});
