/** A screen's header: a Back button and the heading, which takes focus when the screen opens. */
import type { ReactNode } from 'react';
import { useFocusOnMount } from '../hooks/useFocusOnMount';

export function ScreenHeader({ title, onBack, children }: { title: string; onBack: () => void; children?: ReactNode }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <header className="screen-header">
      <button type="button" className="back" onClick={onBack}>
        <span aria-hidden="true">‹ </span>Back
      </button>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </header>
  );
}
