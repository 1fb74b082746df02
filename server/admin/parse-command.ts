/**
 * Parses the admin command line (`npm run admin -- <command> …`, see `./usage.ts`) into one typed
 * command, checking every id and flag before the database is touched. Unknown commands, missing or
 * extra arguments and malformed ids are `UsageError`s.
 */
import { parseAccountId, parseDeviceId } from './ids';
import { UsageError } from './usage';

export type AdminCommand =
  | { readonly name: 'help' }
  | { readonly name: 'devices'; readonly account: Uint8Array; readonly json: boolean }
  | { readonly name: 'freeze-device' | 'unfreeze-device'; readonly account: Uint8Array; readonly device: Uint8Array }
  | { readonly name: 'freeze-account' | 'unfreeze-account'; readonly account: Uint8Array }
  | { readonly name: 'export'; readonly account: Uint8Array; readonly out: string | undefined }
  | { readonly name: 'delete'; readonly account: Uint8Array }
  | { readonly name: 'compact'; readonly olderThanDays: number };

/** Log rows covered by a checkpoint are compacted once their checkpoint base is this old (days). */
export const DEFAULT_OLDER_THAN_DAYS = 30;

function parseDays(text: string | undefined): number {
  if (text === undefined) return DEFAULT_OLDER_THAN_DAYS;
  if (!/^(0|[1-9][0-9]{0,4})$/.test(text)) throw new UsageError('--older-than takes a whole number of days');
  return Number(text);
}

/** Splits `--flag` and `--flag value` options (from `valued`) off the positional arguments. */
function split(args: readonly string[], flags: readonly string[], valued: readonly string[] = []) {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (valued.includes(arg)) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      options.set(arg, value);
    } else if (flags.includes(arg)) options.set(arg, '');
    else throw new UsageError(`unknown option ${arg}`);
  }
  return { positional, options };
}

function exactly(positional: readonly string[], count: number, command: string): void {
  if (positional.length !== count) throw new UsageError(`${command} takes ${count} argument${count === 1 ? '' : 's'}`);
}

function parseFreeze(verb: 'freeze' | 'unfreeze', rest: readonly string[]): AdminCommand {
  const { positional } = split(rest, []);
  const [kind, account, device] = positional;
  if (kind === 'device') {
    exactly(positional, 3, `${verb} device`);
    return { name: `${verb}-device`, account: parseAccountId(account), device: parseDeviceId(device) };
  }
  if (kind === 'account') {
    exactly(positional, 2, `${verb} account`);
    return { name: `${verb}-account`, account: parseAccountId(account) };
  }
  throw new UsageError(`${verb} takes "device <account> <device>" or "account <account>"`);
}

export function parseCommand(args: readonly string[]): AdminCommand {
  const [name, ...rest] = args;
  switch (name) {
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    case 'devices': {
      const { positional, options } = split(rest, ['--json']);
      exactly(positional, 1, 'devices');
      return { name: 'devices', account: parseAccountId(positional[0]), json: options.has('--json') };
    }
    case 'freeze':
    case 'unfreeze':
      return parseFreeze(name, rest);
    case 'export': {
      const { positional, options } = split(rest, [], ['--out']);
      exactly(positional, 1, 'export');
      return { name: 'export', account: parseAccountId(positional[0]), out: options.get('--out') };
    }
    case 'delete': {
      const { positional, options } = split(rest, ['--yes']);
      exactly(positional, 1, 'delete');
      if (!options.has('--yes')) throw new UsageError('delete is irreversible: add --yes to confirm');
      return { name: 'delete', account: parseAccountId(positional[0]) };
    }
    case 'compact': {
      const { positional, options } = split(rest, [], ['--older-than']);
      exactly(positional, 0, 'compact');
      return { name: 'compact', olderThanDays: parseDays(options.get('--older-than')) };
    }
    case undefined:
      throw new UsageError('no command given');
    default:
      throw new UsageError(`unknown command ${JSON.stringify(name)}`);
  }
}
