/**
 * One secret field in the item view: masked until "Reveal …" is pressed (a toggle), with a Copy
 * button that fetches the value itself, so copying never puts the secret in React state.
 */
export interface SecretFieldViewProps {
  label: string;
  noun: string;
  /** The value while revealed, else null. */
  revealed: string | null;
  multiline?: boolean | undefined;
  onToggle: () => void;
  onCopy: () => void;
}

export function SecretFieldView({ label, noun, revealed, multiline, onToggle, onCopy }: SecretFieldViewProps) {
  return (
    <div className="view-row">
      <dt>{label}</dt>
      <dd>
        {revealed === null ? (
          <span className="value masked">
            <span aria-hidden="true">••••••••••</span>
            <span className="visually-hidden">hidden</span>
          </span>
        ) : multiline === true ? (
          <pre className="value mono revealed">{revealed}</pre>
        ) : (
          <span className="value mono revealed">{revealed}</span>
        )}
        <span className="row-actions">
          <button type="button" className="small" aria-label={`Reveal ${noun}`} aria-pressed={revealed !== null} onClick={onToggle}>
            Reveal
          </button>
          <button type="button" className="small" aria-label={`Copy ${noun}`} onClick={onCopy}>
            Copy
          </button>
        </span>
      </dd>
    </div>
  );
}
