/** Which part of the vault the list shows: everything, favourites, or the trash (a radio group). */
import { useId } from 'react';
import type { Scope } from '../hooks/useItemSearch';

const SCOPES: readonly { scope: Scope; label: string }[] = [
  { scope: 'all', label: 'All items' },
  { scope: 'favourites', label: 'Favourites' },
  { scope: 'trash', label: 'Trash' },
];

export function ScopeFilter({ scope, onScope }: { scope: Scope; onScope: (scope: Scope) => void }) {
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Show</legend>
      {SCOPES.map((option) => (
        <label key={option.scope}>
          <input type="radio" name={name} value={option.scope} checked={scope === option.scope} onChange={() => onScope(option.scope)} />
          <span>{option.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
