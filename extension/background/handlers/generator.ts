/**
 * Password tools: the master-password meter (`password/assess`) and the password and passphrase
 * generators, which draw from crypto.getRandomValues with unbiased sampling (shared/vault).
 */
import { randomBytes } from '../../../shared/crypto/random';
import { generatePassphrase, generatePassword } from '../../../shared/vault/generator';
import type { Handlers } from '../router';
import { assessMasterPassword } from '../vault/password-policy';

export function generatorHandlers(): Pick<Handlers, 'password/assess' | 'generator/password' | 'generator/passphrase'> {
  return {
    'password/assess': async ({ password }) => assessMasterPassword(password),
    'generator/password': async (options) => generatePassword(options, randomBytes),
    'generator/passphrase': async (options) => generatePassphrase(options, randomBytes),
  };
}
