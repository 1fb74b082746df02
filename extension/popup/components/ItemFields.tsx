/**
 * The fields of one item in the item view, in catalog order (item-fields.ts): plain values with
 * Copy, secrets masked with Reveal and Copy, the login's websites and one-time code, notes and
 * custom fields. Every value is rendered as text; nothing from an item is ever parsed as HTML.
 */
import { formatDate } from '../dates';
import { customFieldKey, FIELDS, fieldValue, isSecretKind, type FieldSpec } from '../item-fields';
import type { ItemView } from '../hooks/useItem';
import { FieldView } from './FieldView';
import { SecretFieldView } from './SecretFieldView';
import { TotpCode } from './TotpCode';
import { UrlLinks } from './UrlLinks';

export interface ItemFieldsProps {
  view: ItemView;
  revealed: Readonly<Record<string, string>>;
  onToggle: (key: string) => void;
  onCopySecret: (key: string, noun: string) => void;
  onCopyText: (noun: string, value: string) => void;
  readSeed: () => Promise<string>;
}

function plainText(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (spec.kind === 'date') return typeof value === 'number' ? formatDate(value) : '';
  if (Array.isArray(value)) return value.filter((v) => v !== '').join('\n');
  return String(value);
}

function CatalogField({ spec, ...props }: ItemFieldsProps & { spec: FieldSpec }) {
  const { view } = props;
  if (spec.kind === 'urls') return view.item.type === 'login' ? <UrlLinks urls={view.item.urls} onCopy={(url) => props.onCopyText('website', url)} /> : null;
  if (spec.kind === 'totp') return view.secrets.has('totp') ? <TotpCode readSeed={props.readSeed} onCopy={(code) => props.onCopyText('one-time code', code)} /> : null;
  if (isSecretKind(spec.kind)) {
    if (!view.secrets.has(spec.key)) return null;
    return (
      <SecretFieldView
        label={spec.label}
        noun={spec.noun}
        multiline={spec.kind === 'secret-multiline'}
        revealed={props.revealed[spec.key] ?? null}
        onToggle={() => props.onToggle(spec.key)}
        onCopy={() => props.onCopySecret(spec.key, spec.noun)}
      />
    );
  }
  const text = plainText(spec, fieldValue(view.item, spec.key));
  if (text === '') return null;
  const copyable = spec.kind !== 'date' && spec.key !== 'brand';
  return (
    <FieldView
      label={spec.label}
      noun={spec.noun}
      value={text}
      mono={spec.mono}
      multiline={spec.kind === 'multiline' || spec.kind === 'lines'}
      onCopy={copyable ? () => props.onCopyText(spec.noun, text) : undefined}
    />
  );
}

export function ItemFields(props: ItemFieldsProps) {
  const { item } = props.view;
  return (
    <dl className="fields">
      {FIELDS[item.type].map((spec) => (
        <CatalogField key={spec.key} spec={spec} {...props} />
      ))}
      {item.customFields.map((field, i) => {
        const key = customFieldKey(field.name);
        return field.hidden ? (
          <SecretFieldView
            key={`${i}-${field.name}`}
            label={field.name}
            noun={field.name}
            revealed={props.revealed[key] ?? null}
            onToggle={() => props.onToggle(key)}
            onCopy={() => props.onCopySecret(key, field.name)}
          />
        ) : (
          <FieldView key={`${i}-${field.name}`} label={field.name} noun={field.name} value={field.value} onCopy={() => props.onCopyText(field.name, field.value)} />
        );
      })}
      {item.notes === '' ? null : (
        <div className="view-row">
          <dt>Notes</dt>
          <dd>
            <p className="value notes">{item.notes}</p>
          </dd>
        </div>
      )}
    </dl>
  );
}
