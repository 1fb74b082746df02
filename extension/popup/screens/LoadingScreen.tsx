/** Shown for the moment between opening the popup and the background's first answer. */
export function LoadingScreen() {
  return (
    <main className="screen" aria-busy="true">
      <p role="status">Loading…</p>
    </main>
  );
}
