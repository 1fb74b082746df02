/** Shown when the background cannot answer; the wording is keyed by the error code. */
import { describeError } from '../error-messages';

export function ErrorScreen({ code }: { code: string }) {
  return (
    <main className="screen">
      <h1>Something went wrong</h1>
      <p role="alert">{describeError(code)}</p>
    </main>
  );
}
