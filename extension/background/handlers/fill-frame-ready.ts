/**
 * `fill/frame-ready`: a content script reports that its frame has login forms. The answer is how
 * many logins match the frame's origin (taken from Chrome's sender, never from the message); a
 * locked or absent vault has none to offer.
 */
import type { Req, Res } from '../../../shared/protocol/messages';
import type { SenderContext } from '../sender';

export interface FrameReadyDeps {
  countCandidates: (origin: string) => Promise<number>;
}

export function frameReadyHandler(deps: FrameReadyDeps) {
  return async (_req: Req<'fill/frame-ready'>, sender: SenderContext): Promise<Res<'fill/frame-ready'>> => {
    if (sender.kind !== 'content') return { candidates: 0 };
    return { candidates: await deps.countCandidates(sender.origin) };
  };
}
