/**
 * The content script (isolated world): finds login forms in its frame, tells the background how
 * many there are, fills one when the background sends a fill (only ever after the person acted in
 * the extension's UI), and reports submitted forms so the popup can offer Save or Update.
 * It never holds keys or other sites' items, and speaks only through the typed message map.
 *
 * Untrusted events: focus and right-click targets are tracked from trusted events only; a forged
 * fill shortcut or context-menu event from the page is reported (and fills nothing).
 */
import browser from 'webextension-polyfill';
import { contentCommandSchema, type FillOutcome } from '../../shared/protocol/autofill';
import { contentMessages } from '../../shared/protocol/content-messages';
import { createSender } from '../../shared/protocol/send';
import { captureOf } from './capture';
import { applyFill } from './fill';
import { fieldsOf, groupForms, type LoginForm } from './forms';
import { watchForInputs } from './watch';

const send = createSender(contentMessages, (envelope) => browser.runtime.sendMessage(envelope));
const quietly = (promise: Promise<unknown>) => promise.catch(() => undefined);

let focused: Element | null = null;
let rightClicked: Element | null = null;
const deepTarget = (event: Event) => (event.composedPath()[0] as Element | undefined) ?? null;

const forms = (): LoginForm[] => groupForms(watcher.inputs);

function sandboxedFrames(): number {
  return Array.from(document.querySelectorAll('iframe[sandbox]')).filter((f) => !(f as HTMLIFrameElement).sandbox.contains('allow-same-origin')).length;
}

let announced = -1;
function announce(): void {
  const loginForms = forms().filter((f) => f.kind !== 'signup').length;
  if (loginForms === announced) return;
  announced = loginForms;
  void quietly(send('fill/frame-ready', { loginForms, sandboxedFrames: sandboxedFrames() }));
}

function captureSubmit(form: LoginForm | undefined): void {
  const captured = form === undefined ? null : captureOf(form);
  if (captured !== null) void quietly(send('fill/capture', captured));
}

const formOf = (el: Element | null) => (el === null ? undefined : forms().find((f) => f.form === el || fieldsOf(f).includes(el as HTMLInputElement)));

function onSubmit(event: Event): void {
  watcher.flushNow();
  captureSubmit(formOf(deepTarget(event)));
}

/** True when `button` sits in the same container as the form's password field (up to 3 levels up). */
function near(button: Element, form: LoginForm): boolean {
  let box: Element | null = (form.password ?? form.newPasswords[0] ?? form.username)?.parentElement ?? null;
  for (let level = 0; box !== null && level < 3; level++, box = box.parentElement) if (box.contains(button)) return true;
  return false;
}

/** Forms without a form element submit by a nearby button's click or Enter in one of their fields. */
function onFormlessSubmit(event: Event): void {
  if (!event.isTrusted) return;
  if (event.type === 'keydown' && (event as KeyboardEvent).key !== 'Enter') return;
  // A form added moments ago may not be scanned yet (the watcher waits 150 ms): scan now, which also
  // gives a new shadow root its submit listener before this click's submit event fires.
  watcher.flushNow();
  const target = deepTarget(event);
  const button = target?.closest('button, [role="button"], input[type="submit"], input[type="button"]') ?? null;
  if (event.type === 'click' && button === null) return;
  for (const form of forms()) {
    if (form.form !== null) continue;
    if (button !== null ? near(button, form) : fieldsOf(form).includes(target as HTMLInputElement)) captureSubmit(form);
  }
}

/** The fill command's key (manifest: Alt+Shift+L), or any Ctrl/⌘+Shift+L a page might forge instead. */
function isFillShortcut(event: KeyboardEvent): boolean {
  return event.shiftKey && (event.altKey || event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'l';
}

// `submit` does not cross shadow boundaries: each open shadow root found gets its own listener.
const watcher = watchForInputs(document, announce, undefined, (root) => root.addEventListener('submit', onSubmit, true));
announce();

document.addEventListener('focusin', (event) => (event.isTrusted ? (focused = deepTarget(event)) : undefined), true);
document.addEventListener('contextmenu', (event) => {
  if (event.isTrusted) rightClicked = deepTarget(event);
  else void quietly(send('fill/untrusted-event', { event: 'contextmenu' }));
}, true);
document.addEventListener('keydown', (event) => {
  if (!event.isTrusted && isFillShortcut(event)) void quietly(send('fill/untrusted-event', { event: 'keydown' }));
  onFormlessSubmit(event);
}, true);
document.addEventListener('click', onFormlessSubmit, true);
window.addEventListener('submit', onSubmit, true);

browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender): Promise<FillOutcome> | undefined => {
  if (sender.id !== browser.runtime.id || sender.tab !== undefined) return undefined;
  const command = contentCommandSchema.safeParse(message);
  if (!command.success) return undefined;
  const target = command.data.target === 'context-menu' ? rightClicked : (focused ?? document.activeElement);
  return Promise.resolve(applyFill(document, command.data, target));
});
