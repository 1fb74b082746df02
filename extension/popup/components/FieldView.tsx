/** One plain field of an item in the item view: label, value as text (never HTML), and a Copy button. */
interface FieldViewProps {
  label: string;
  noun: string;
  value: string;
  mono?: boolean | undefined;
  /** Keeps line breaks (addresses, PEM, public keys). */
  multiline?: boolean | undefined;
  onCopy?: (() => void) | undefined;
}

export function FieldView({ label, noun, value, mono, multiline, onCopy }: FieldViewProps) {
  return (
    <div className="view-row">
      <dt>{label}</dt>
      <dd>
        {multiline === true ? (
          <pre className={mono === true ? 'value mono' : 'value lines'}>{value}</pre>
        ) : (
          <span className={mono === true ? 'value mono' : 'value'}>{value}</span>
        )}
        {onCopy === undefined ? null : (
          <button type="button" className="small" aria-label={`Copy ${noun}`} onClick={onCopy}>
            Copy
          </button>
        )}
      </dd>
    </div>
  );
}
