/**
 * Test helper (imported by tests only): the VaultError code a promise rejects with, so a test
 * asserts `expect(await codeOf(call())).toBe('CONFLICT')`. Any other rejection is rethrown, and a
 * promise that resolves is a failure.
 */
import { VaultError } from '../errors';

export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VaultError) return error.code;
    throw error;
  }
  throw new Error('expected a VaultError, but the call succeeded');
}
