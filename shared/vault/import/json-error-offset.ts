/**
 * Where a JSON text (RFC 8259 §2–§7) first goes wrong, for error messages: engines differ in
 * whether `JSON.parse` errors carry a position, so this small validating scanner finds it itself.
 * It only locates; `JSON.parse` still does the parsing. Iterative (an explicit stack), so a deeply
 * nested hostile file cannot overflow the call stack.
 *
 * Returns the offset of the first character that cannot continue a valid text, `text.length` when
 * the text ends before the value is complete (a truncated file), or -1 when the text is valid.
 */

const WS = /[ \t\n\r]*/y;
// eslint-disable-next-line no-control-regex -- RFC 8259 §7: raw U+0000..U+001F are not allowed in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

function matchAt(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Error offset of a string at `at` that did not match: its end when it is never closed, else its start. */
function badString(text: string, at: number): number {
  return text[at] === '"' && text.indexOf('"', at + 1) < 0 ? text.length : at;
}

function skip(text: string, at: number): number {
  return matchAt(WS, text, at);
}

/** End of a scalar at `at`, or the error offset as a negative number minus one. */
function scalarEnd(text: string, at: number): number {
  for (const pattern of [STRING, NUMBER, LITERAL]) {
    const end = matchAt(pattern, text, at);
    if (end > at) return end;
  }
  return -(badString(text, at) + 1);
}

type Frame = { kind: '[' | '{'; expect: 'first' | 'value' | 'key' | 'comma' };

/** Scanner state: the open containers, the offset, and whether a value must come next. */
interface Scan {
  readonly text: string;
  readonly stack: Frame[];
  at: number;
  wantValue: boolean;
}

/** The current container is complete: pop it and tell its parent a value ended. */
function close(scan: Scan): void {
  scan.stack.pop();
  scan.at = skip(scan.text, scan.at + 1);
  const parent = scan.stack[scan.stack.length - 1];
  if (parent !== undefined) parent.expect = 'comma';
}

/** A value at the offset: opens a container or consumes a scalar. Returns an error offset or -1. */
function value(scan: Scan, top: Frame | undefined): number {
  const ch = scan.text[scan.at];
  scan.wantValue = false;
  if (ch === '[' || ch === '{') {
    scan.stack.push({ kind: ch, expect: 'first' });
    scan.at = skip(scan.text, scan.at + 1);
    return -1;
  }
  const end = scalarEnd(scan.text, scan.at);
  if (end < 0) return -end - 1;
  scan.at = skip(scan.text, end);
  if (top !== undefined) top.expect = 'comma';
  return -1;
}

/** An object key and its colon. Returns an error offset or -1. */
function key(scan: Scan, top: Frame): number {
  const { text } = scan;
  const end = matchAt(STRING, text, scan.at);
  if (end < 0) return badString(text, scan.at);
  scan.at = skip(text, end);
  if (scan.at >= text.length) return text.length;
  if (text[scan.at] !== ':') return scan.at;
  scan.at = skip(text, scan.at + 1);
  top.expect = 'value';
  scan.wantValue = true;
  return -1;
}

/** After a value or an opening bracket: a closing bracket, a comma, or (first) a key or value. */
function next(scan: Scan, top: Frame): number {
  const ch = scan.text[scan.at];
  const closer = top.kind === '[' ? ']' : '}';
  if (top.expect === 'first' && ch === closer) {
    close(scan);
    return -1;
  }
  if (top.kind === '{' && (top.expect === 'first' || top.expect === 'key')) return key(scan, top);
  if (top.expect === 'first') {
    scan.wantValue = true;
    return -1;
  }
  if (ch === closer) {
    close(scan);
    return -1;
  }
  if (ch !== ',') return scan.at;
  scan.at = skip(scan.text, scan.at + 1);
  if (top.kind === '{') top.expect = 'key';
  else scan.wantValue = true;
  return -1;
}

export function jsonErrorOffset(text: string): number {
  const scan: Scan = { text, stack: [], at: skip(text, 0), wantValue: true };
  for (;;) {
    if (scan.at >= text.length) return scan.stack.length === 0 && !scan.wantValue ? -1 : text.length;
    const top = scan.stack[scan.stack.length - 1];
    let error: number;
    if (scan.wantValue) error = value(scan, top);
    else if (top === undefined) return scan.at;
    else error = next(scan, top);
    if (error >= 0) return error;
  }
}
