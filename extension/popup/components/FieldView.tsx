/** One plain field of an item in the item view: label, value as text, and a Copy button. */
export function FieldView({ label, noun, value, mono, onCopy }: { label: string; noun: string; value: string; mono?: boolean | undefined; onCopy?: () => void }) {
  return (
    <div className="view-row">
      <dt>{label}</dt>
      <dd>
        <span className={mono === true ? 'value mono' : 'value'}>{value}</span>
        {onCopy === undefined ? null : (
          <button type="button" className="small" aria-label={`Copy ${noun}`} onClick={onCopy}>
            Copy
          </button>
        )}
      </dd>
    </div>
  );
}
