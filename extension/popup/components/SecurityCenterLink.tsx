/**
 * Settings' way into the security center, and the focus on the Devices section when the security
 * center's "I lost a device" opens Settings there (the revoke flow lives in Settings → Devices).
 */
import { useEffect } from 'react';

export function SecurityCenterLink({ onOpen }: { onOpen: () => void }) {
  return (
    <section aria-labelledby="security-center-title" className="stack">
      <h2 id="security-center-title">Security</h2>
      <p className="muted small">Security events, freezing sync, a lost device, and what the server holds about you.</p>
      <button type="button" onClick={onOpen}>
        Open the security center
      </button>
    </section>
  );
}

/** Scroll to and focus the Devices heading when Settings opens at that section. */
export function useSectionFocus(section: 'devices' | undefined): void {
  useEffect(() => {
    if (section !== 'devices') return;
    const heading = document.getElementById('devices-title');
    if (heading === null) return;
    heading.tabIndex = -1;
    heading.scrollIntoView({ block: 'start' });
    heading.focus();
  }, [section]);
}
