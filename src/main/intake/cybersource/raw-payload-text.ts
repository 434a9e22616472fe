/**
 * The text of the envelope's top-level `payload` value exactly as it appears in the received body: one of
 * the signature readings is over this text ("the timestamp and the payload from the body of the
 * notification", Cybersource Webhooks Implementation Guide, REST), and re-serialising the parsed payload
 * would change its whitespace and escapes (`\/`). Runs only on a body JSON.parse already accepted.
 */

// Character codes: the scan runs on every notification, so it compares numbers rather than strings.
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isWs = (c: number) => c === SPACE || c === TAB || c === LF || c === CR;

function skipWs(text: string, at: number): number {
  let i = at;
  while (i < text.length && isWs(text.charCodeAt(i))) i += 1;
  return i;
}

/**
 * Index just after the string that starts (with its quote) at `at`. Jumps from quote to quote (a JWE is a
 * long string); a quote is the end unless an odd run of backslashes escapes it.
 */
function endOfString(text: string, at: number): number {
  let from = at + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return text.length;
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes += 1;
    if (slashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** Index just after the value that starts at `at`. */
function endOfValue(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return endOfString(text, at);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i = endOfString(text, i);
        continue;
      }
      if (c === 0x7b || c === 0x5b) depth += 1;
      else if (c === 0x7d || c === 0x5d) {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    return text.length;
  }
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    // A bare value (number, true, false, null) ends at white space, a comma or a closing bracket.
    if (isWs(c) || c === 0x2c || c === 0x7d || c === 0x5d) break;
    i += 1;
  }
  return i;
}

/** The raw text of the last top-level `payload` member (JSON.parse keeps the last of repeated keys), or null. */
export function rawPayloadText(body: string): string | null {
  let i = skipWs(body, body.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (body.charAt(i) !== '{') return null;
  i = skipWs(body, i + 1);
  let found: string | null = null;
  while (i < body.length && body.charAt(i) === '"') {
    const keyEnd = endOfString(body, i);
    const quoted = body.slice(i, keyEnd);
    // A key written with escapes (`"p\u0061yload"`) is still `payload` to JSON.parse: only those are decoded.
    const key = quoted.includes('\\') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
    i = skipWs(body, keyEnd);
    if (body.charAt(i) !== ':') return null;
    i = skipWs(body, i + 1);
    const valueEnd = endOfValue(body, i);
    if (key === 'payload') found = body.slice(i, valueEnd);
    i = skipWs(body, valueEnd);
    if (body.charAt(i) !== ',') break;
    i = skipWs(body, i + 1);
  }
  return found;
}
