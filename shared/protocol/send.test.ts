import { describe, expect, it } from 'vitest';
import { VaultError } from './errors';
import { messageMap } from './messages';
import { createSender } from './send';

describe('typed sender', () => {
  it('returns the response of a successful reply', async () => {
    const send = createSender(messageMap, async () => ({ ok: true, res: { version: '1.0.0', vault: 'locked' } }));
    await expect(send('app/status', {})).resolves.toEqual({ version: '1.0.0', vault: 'locked' });
  });

  it('throws the VaultError code that the background answered', async () => {
    const send = createSender(messageMap, async () => ({ ok: false, error: { code: 'LOCKED', message: 'locked' } }));
    await expect(send('app/status', {})).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('refuses a reply that is not a reply', async () => {
    const send = createSender(messageMap, async () => undefined);
    const failure = await send('app/status', {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(VaultError);
    expect(failure).toMatchObject({ code: 'MALFORMED_MESSAGE' });
  });

  it('refuses a response of the wrong shape', async () => {
    const send = createSender(messageMap, async () => ({ ok: true, res: { version: 1 } }));
    await expect(send('app/status', {})).rejects.toMatchObject({ code: 'MALFORMED_MESSAGE' });
  });
});
