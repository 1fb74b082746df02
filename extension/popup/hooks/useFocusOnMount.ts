/**
 * `useFocusOnMount()`: a ref whose element takes focus when a screen appears, so keyboard and
 * screen-reader users land on the new screen rather than on the page body.
 */
import { useEffect, useRef } from 'react';

export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
