/** An indeterminate progress bar for work whose length the popup cannot know (Argon2id in the worker). */
export function ProgressBar({ label, detail }: { label: string; detail?: string }) {
  return (
    <div className="progress-wrap">
      <div className="progress" role="progressbar" aria-label={label} aria-valuetext={detail ?? label}>
        <div className="progress-bar" />
      </div>
      <p className="hint" aria-hidden="true">
        {detail ?? `${label}…`}
      </p>
    </div>
  );
}
