/**
 * The search results: a listbox of item summaries with one tab stop. Arrow keys, Home and End move
 * between items, Enter or Space opens one, Escape or ArrowUp on the first item returns to the search box.
 */
import { useState, type KeyboardEvent, type Ref } from 'react';
import type { ItemSummaryView } from '../../../shared/protocol/items';
import type { ItemType } from '../../../shared/protocol/messages';
import { ITEM_TYPE_LABELS } from '../item-fields';
import { FlagBadges } from './FlagBadges';

interface ItemListProps {
  label: string;
  items: readonly ItemSummaryView[];
  onOpen: (item: ItemSummaryView) => void;
  onLeave: () => void;
  listRef?: Ref<HTMLUListElement>;
}

function typeLabel(type: string): string {
  return ITEM_TYPE_LABELS[type as ItemType] ?? type;
}

export function ItemList({ label, items, onOpen, onLeave, listRef }: ItemListProps) {
  const [active, setActive] = useState(0);
  const current = Math.min(active, items.length - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const options = [...event.currentTarget.querySelectorAll<HTMLElement>('[role="option"]')];
    const move = (index: number) => options[Math.max(0, Math.min(options.length - 1, index))]?.focus();
    const item = items[current];
    switch (event.key) {
      case 'ArrowDown':
        move(current + 1);
        break;
      case 'ArrowUp':
        if (current === 0) onLeave();
        else move(current - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(options.length - 1);
        break;
      case 'Escape':
        onLeave();
        break;
      case 'Enter':
      case ' ':
        if (item !== undefined) onOpen(item);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <ul className="item-list" role="listbox" aria-label={label} ref={listRef} onKeyDown={onKeyDown}>
      {items.map((item, index) => (
        <li
          key={item.id}
          role="option"
          aria-selected={index === current}
          tabIndex={index === current ? 0 : -1}
          onFocus={() => setActive(index)}
          onClick={() => onOpen(item)}
        >
          <span className="item-line">
            <span className="item-name">{item.name}</span>
            {item.favourite ? (
              <span className="star" title="Favourite">
                <span aria-hidden="true">★</span>
                <span className="visually-hidden">Favourite</span>
              </span>
            ) : null}
          </span>
          <span className="item-sub">
            {typeLabel(item.type)}
            {item.subtitle === '' ? '' : ` · ${item.subtitle}`}
          </span>
          <FlagBadges flags={item.flags} />
        </li>
      ))}
    </ul>
  );
}
