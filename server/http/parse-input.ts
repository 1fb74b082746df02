/**
 * Checks a request's body, params or query against its shared zod contract. Any mismatch is 400
 * `BAD_INPUT` with a fixed message: zod's issues can quote the input, so they are never sent or logged.
 */
import type { z } from 'zod';
import { VaultError } from '../../shared/protocol/errors';

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new VaultError('BAD_INPUT', 'malformed request');
  return result.data;
}
