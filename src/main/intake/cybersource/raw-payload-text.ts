/**
 * The text of the envelope's top-level `payload` value exactly as it appears in the received body: one of
 * the signature readings is over this text ("the timestamp and the payload from the body of the
 * notification", Cybersource Webhooks Implementation Guide, REST), and re-serialising the parsed payload
 * would change its whitespace and escapes (`\/`). Runs only on a body JSON.parse already accepted.
 */

const WS = new Set([' ', '\t', '\n', '\r']);

function skipWs(text: string, at: number): number {
  let i = at;
  while (i < text.length && WS.has(text.charAt(i))) i += 1;
  return i;
}

/** Index just after the string that starts (with its quote) at `at`. */
function endOfString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i += 1;
  }
  return text.length;
}

/** Index just after the value that starts at `at`. */
function endOfValue(text: string, at: number): number {
  const first = text.charAt(at);
  if (first === '"') return endOfString(text, at);
  if (first === '{' || first === '[') {
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') {
        i = endOfString(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth += 1;
      else if (c === '}' || c === ']') {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
      i += 1;
    }
    return text.length;
  }
  let i = at;
  while (i < text.length && !WS.has(text.charAt(i)) && !',}]'.includes(text.charAt(i))) i += 1;
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
    const key = JSON.parse(body.slice(i, keyEnd)) as string;
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
