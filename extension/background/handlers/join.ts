/**
 * Join messages of the new device (extension pages only): decode an invite to show what it names,
 * start the exchange, its status (code, progress), this browser's master password to finish, and
 * cancel. docs/pairing.md §19.
 */
import type { JoinService } from '../join/join-service';
import type { Handlers } from '../router';

type JoinHandlers = Pick<Handlers, 'join/inspect' | 'join/start' | 'join/status' | 'join/finish' | 'join/cancel'>;

export function joinHandlers(join: JoinService): JoinHandlers {
  return {
    'join/inspect': ({ invite }) => join.inspect(invite),
    'join/start': ({ invite }) => join.start(invite),
    'join/status': () => join.status(),
    'join/finish': ({ password }) => join.finish(password),
    'join/cancel': () => join.cancel(),
  };
}
