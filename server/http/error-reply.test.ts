/** Tests of the mapping from failures to the generic error body. */
import { describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/protocol/api/error-body';
import { VaultError } from '../../shared/protocol/errors';
import { toErrorReply } from './error-reply';

function frameworkError(statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code: 'FST_ERR_SOMETHING' });
}

describe('toErrorReply', () => {
  it('keeps the code and message of a VaultError below 500', () => {
    expect(toErrorReply(new VaultError('CONFLICT', 'counter already taken'))).toEqual({
      status: 409,
      body: { error: { code: 'CONFLICT', message: 'counter already taken' } },
    });
    expect(toErrorReply(new VaultError('UNAUTHORIZED', 'x')).status).toBe(401);
    expect(toErrorReply(new VaultError('BAD_SIGNATURE', 'x')).status).toBe(400);
  });

  it('hides the message of a VaultError at 500 and above', () => {
    const reply = toErrorReply(new VaultError('INTERNAL', 'row 42 of table chains is broken'));
    expect(reply).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } } });
    expect(toErrorReply(new VaultError('UNAVAILABLE', 'pg down')).body.error.code).toBe('UNAVAILABLE');
  });

  it('never echoes a parser message, which can quote the request body', () => {
    const reply = toErrorReply(frameworkError(400, 'Unexpected token s in JSON: "secret-value"'));
    expect(reply).toEqual({ status: 400, body: { error: { code: 'BAD_INPUT', message: 'malformed request' } } });
  });

  it('maps framework statuses to catalog codes', () => {
    expect(toErrorReply(frameworkError(413, 'too large')).body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(toErrorReply(frameworkError(415, 'media')).status).toBe(415);
    expect(toErrorReply(frameworkError(404, 'nope')).body.error.code).toBe('NOT_FOUND');
    expect(toErrorReply(frameworkError(503, 'closing')).body.error.code).toBe('UNAVAILABLE');
  });

  it('turns anything else into a generic 500 INTERNAL', () => {
    for (const thrown of [new Error('password=hunter2'), 'a string', null, { statusCode: 'x' }]) {
      expect(toErrorReply(thrown)).toEqual({
        status: 500,
        body: { error: { code: 'INTERNAL', message: 'internal error' } },
      });
    }
  });

  it('always produces a body the shared contract accepts', () => {
    const long = new VaultError('BAD_INPUT', 'x'.repeat(1000));
    expect(errorBodySchema.safeParse(toErrorReply(long).body).success).toBe(true);
  });
});
