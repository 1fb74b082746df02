/**
 * HTTP contract of every error response of the sync server: `{ error: { code, message } }`.
 *
 * `code` is a machine code from the one catalog in `shared/protocol/errors.ts`; the client keys its
 * user-facing wording on it. `message` is a short developer-facing text that never echoes request
 * content, a stack or a secret. Pure: imports zod and the code catalog only; `.strict()` throughout.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors';

export const errorBodySchema = z
  .object({
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string().max(200) }).strict(),
  })
  .strict();

export type ErrorBody = z.infer<typeof errorBodySchema>;
