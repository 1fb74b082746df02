/**
 * Is a field really in front of the person? (DESIGN.md §10; the clickjacking attacks of Silver et
 * al. 2014 and Tóth 2025 hide or dim the target.) A field is refused when it is disconnected,
 * hidden by CSS, smaller than 2×2 px, dimmed (the product of `opacity` over it and every ancestor,
 * across shadow hosts and a same-origin parent frame, below 0.8), off-screen after scrolling it
 * into view, or covered at its centre by another element (elementFromPoint in its own tree).
 *
 * Not caught (docs/autofill.md): overlays with `pointer-events: none`, CSS filters and masks,
 * and overlays drawn by a cross-origin parent page.
 */
const MIN_SIZE = 2;
const MIN_OPACITY = 0.8;

function parentAcrossShadow(el: Element): Element | null {
  if (el.parentElement !== null) return el.parentElement;
  const root = el.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The product of `opacity` from `el` up to its document's root; 0 as soon as something is not rendered. */
export function effectiveOpacity(el: Element): number {
  let opacity = 1;
  const view = el.ownerDocument.defaultView;
  if (view === null) return 0;
  for (let node: Element | null = el; node !== null; node = parentAcrossShadow(node)) {
    const style = view.getComputedStyle(node);
    if (style.display === 'none') return 0;
    opacity *= Number.parseFloat(style.opacity || '1');
  }
  return opacity;
}

function frameElementOf(view: Window): Element | null {
  try {
    return view.frameElement;
  } catch {
    return null;
  }
}

function hiddenByStyle(el: HTMLElement): boolean {
  const view = el.ownerDocument.defaultView;
  if (view === null) return true;
  const style = view.getComputedStyle(el);
  if (style.visibility !== 'visible' || style.display === 'none') return true;
  if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return true;
  return false;
}

function inViewport(rect: DOMRect, view: Window): boolean {
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  return x >= 0 && y >= 0 && x < view.innerWidth && y < view.innerHeight;
}

function covered(el: HTMLElement, rect: DOMRect): boolean {
  const root = el.getRootNode() as Document | ShadowRoot;
  const hit = root.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
  if (hit === null) return true;
  return hit !== el && !el.contains(hit) && !(hit instanceof HTMLLabelElement && hit.control === el);
}

/** True when the field may be filled; scrolls it into view first when it is outside the viewport. */
export function isReallyVisible(el: HTMLElement): boolean {
  const view = el.ownerDocument.defaultView;
  if (view === null || !el.isConnected || hiddenByStyle(el)) return false;
  let rect = el.getBoundingClientRect();
  if (rect.width < MIN_SIZE || rect.height < MIN_SIZE) return false;
  if (effectiveOpacity(el) < MIN_OPACITY) return false;
  if (!inViewport(rect, view)) {
    el.scrollIntoView({ block: 'center', inline: 'center' });
    rect = el.getBoundingClientRect();
    if (!inViewport(rect, view)) return false;
  }
  if (covered(el, rect)) return false;
  const frame = frameElementOf(view);
  if (frame !== null) {
    const frameRect = frame.getBoundingClientRect();
    if (frameRect.width < MIN_SIZE || frameRect.height < MIN_SIZE || effectiveOpacity(frame) < MIN_OPACITY) return false;
  }
  return true;
}
