/**
 * The pairing relay client without a server (a scripted fetch): requests go out with
 * `redirect: "error"` and no cookies, the message is split into step and box (the invite id is the
 * mailbox's) and rebuilt byte for byte on the way back; an expired mailbox is STALE, a closed one
 * CONFLICT; answers outside the contract, or out of order, are BAD_ENCODING.
 */
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../crypto/base64url';
import { randomBytes } from '../../crypto/random';
import { createInvite } from '../../pairing/invite';
import { decodeMessage } from '../../pairing/messages';
import { NewDevicePairing } from '../../pairing/new-side';
import { VaultError } from '../errors';
import type { FetchLike } from './http-exchange';
import { PairingRelay } from './pairing-relay';
import { codeOf } from '../testing/error-code';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });


const invite = createInvite('https://vault.example.com', randomBytes(32));
const hello = NewDevicePairing.start(invite).hello;
const id = toBase64url(invite.inviteId);

function relayAnswering(answer: (url: string, init: RequestInit) => Response, seen: { url: string; init: RequestInit }[] = []): PairingRelay {
  const fetch: FetchLike = async (url, init) => {
    seen.push({ url, init });
    return answer(url, init);
  };
  return new PairingRelay({ server: invite.server, fetch, inviteId: invite.inviteId });
}

describe('PairingRelay', () => {
  it('posts step and box to the mailbox with redirect "error" and no cookies', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const relay = relayAnswering(() => json(201, { seq: 1 }), seen);
    expect(await relay.post(hello)).toBe(1);
    const [{ url, init }] = seen as [{ url: string; init: RequestInit }];
    expect(url).toBe(`https://vault.example.com/v1/pairing/${id}/messages`);
    expect(init).toMatchObject({ method: 'POST', redirect: 'error', credentials: 'omit', cache: 'no-store' });
    expect(JSON.parse(String(init.body))).toEqual({ step: 'hello', box: toBase64url(decodeMessage(hello).box) });
  });

  it('rebuilds the exact message bytes from what the relay hands back', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const relay = relayAnswering(() => json(200, { messages: [{ seq: 3, step: 'hello', box: toBase64url(decodeMessage(hello).box) }], closed: false }), seen);
    const page = await relay.read(2, 5);
    expect(page.messages).toEqual([{ seq: 3, step: 'hello', bytes: hello }]);
    expect(seen[0]?.url).toBe(`https://vault.example.com/v1/pairing/${id}/messages?after=2&wait=5`);
  });

  it.each([
    ['expired (410)', () => json(410, { error: { code: 'STALE', message: 'expired' } }), 'STALE'],
    ['closed (409)', () => json(409, { error: { code: 'CONFLICT', message: 'closed' } }), 'CONFLICT'],
    ['full (413)', () => json(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'full' } }), 'PAYLOAD_TOO_LARGE'],
    ['limited (429)', () => json(429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }), 'RATE_LIMITED'],
    ['down (503)', () => json(503, {}), 'UNAVAILABLE'],
    ['a state smuggled in an error body', () => json(400, { error: { code: 'FORK', message: 'lies' } }), 'BAD_INPUT'],
    ['a success outside the contract', () => json(201, { seq: 1, extra: true }), 'BAD_ENCODING'],
  ])('maps %s', async (_name, answer, code) => {
    expect(await codeOf(relayAnswering(answer).post(hello))).toBe(code);
  });

  it('refuses messages out of order, at or before `after`, or with an unknown step', async () => {
    const box = toBase64url(decodeMessage(hello).box);
    const pages = [
      { messages: [{ seq: 2, step: 'hello', box }, { seq: 2, step: 'reveal', box }], closed: false },
      { messages: [{ seq: 1, step: 'hello', box }], closed: false },
      { messages: [{ seq: 3, step: 'goodbye', box }], closed: false },
    ];
    for (const page of pages) expect(await codeOf(relayAnswering(() => json(200, page)).read(1))).toBe('BAD_ENCODING');
  });

  it("refuses to post another invite's message, and a bad invite id", async () => {
    const other = NewDevicePairing.start(createInvite('https://vault.example.com', randomBytes(32))).hello;
    expect(await codeOf(relayAnswering(() => json(201, { seq: 1 })).post(other))).toBe('BAD_INPUT');
    expect(() => new PairingRelay({ server: invite.server, fetch: async () => json(200, {}), inviteId: randomBytes(8) })).toThrow(VaultError);
  });

  it('closes with a bodiless POST answered 204', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    await relayAnswering(() => new Response(null, { status: 204 }), seen).close();
    expect(seen[0]?.url).toBe(`https://vault.example.com/v1/pairing/${id}/close`);
    expect(seen[0]?.init.body).toBeUndefined();
  });
});
