/**
 * Test helper (imported by tests only): `run` must throw a VaultError with `code` whose message
 * matches `fragment`, the shape every refusal in shared/vault takes.
 */
import { expect } from 'vitest';
import { VaultError, type ErrorCode } from '../protocol/errors';

export function expectVaultError(run: () => unknown, code: ErrorCode, fragment: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a ${code} VaultError`).toBeInstanceOf(VaultError);
  expect((thrown as VaultError).code).toBe(code);
  expect((thrown as VaultError).message).toMatch(fragment);
}
