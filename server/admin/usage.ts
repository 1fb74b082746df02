/**
 * The admin command line's usage text and its two kinds of failure: `UsageError` (a wrong command
 * or argument: exit status 2, usage shown) and `CommandError` (a command that could not do what was
 * asked, such as an unknown account: exit status 1).
 */

export const USAGE = `usage: npm run admin -- <command>

  devices <account> [--json]          list the account's devices: id, signing-key fingerprint,
                                      revoked, frozen, last sign-in (hour), last heartbeat
  freeze device <account> <device>    refuse the device (403 FROZEN) until unfrozen
  unfreeze device <account> <device>
  freeze account <account>            refuse every device of the account until unfrozen
  unfreeze account <account>
  export <account> [--out FILE]       everything stored for the account as JSON (bytes in base64url)
  delete <account> --yes              delete the account and every row of it (irreversible)
  compact [--older-than DAYS]         drop expired challenges, sessions and rate-limit windows,
                                      purge unneeded kept identity chains; compact collection logs:
                                      drop the bytes of batches covered by a signed checkpoint whose
                                      base is older than DAYS (default 30), keeping seq, head and
                                      batch id; VACUUM on SQLite

Ids are base64url (as in the API and logs) or hex. The database is the server's: DATABASE_URL, or
DATA_DIR/vault.sqlite (DATA_DIR defaults to .data). Exit status: 0 done, 1 failed, 2 usage error.
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
}
