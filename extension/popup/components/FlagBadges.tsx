/** An item's flags as small badges with words (never colour alone): Expired, Rotation due, Weak… */
import type { ItemFlag } from '../../../shared/protocol/items';

export const FLAG_LABELS: Readonly<Record<ItemFlag, string>> = {
  expired: 'Expired',
  'rotation-due': 'Rotation due',
  'expiring-soon': 'Expires soon',
  weak: 'Weak password',
  reused: 'Reused password',
};

const SEVERITY: Readonly<Record<ItemFlag, 'danger' | 'warning'>> = {
  expired: 'danger',
  'rotation-due': 'warning',
  'expiring-soon': 'warning',
  weak: 'danger',
  reused: 'warning',
};

export function FlagBadges({ flags }: { flags: readonly ItemFlag[] }) {
  if (flags.length === 0) return null;
  return (
    <span className="badges">
      {flags.map((flag) => (
        <span key={flag} className={`badge badge-${SEVERITY[flag]}`}>
          {FLAG_LABELS[flag]}
        </span>
      ))}
    </span>
  );
}
