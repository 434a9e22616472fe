/**
 * JSON.parse with a nesting limit. V8 parses deep JSON without complaint, but everything that walks the result
 * afterwards (JSON.stringify for a signature, zod, the card guard, canonical JSON) recurses, and 400,000 levels
 * overflow the stack: a stranger's request would cost a 500 and seconds of CPU. A linear pre-scan of the text
 * refuses such input before it is parsed at all.
 */

/** Deeper than any message Clearpost reads (a Cybersource payload nests about 6 levels, settings about 8). */
export const MAX_JSON_DEPTH = 64;

export type LimitedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'too_deep' | 'invalid' };

/** Whether arrays and objects in `text` nest deeper than `limit` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

export function parseJsonLimited(text: string, maxDepth = MAX_JSON_DEPTH): LimitedJson {
  if (nestsDeeperThan(text, maxDepth)) return { ok: false, reason: 'too_deep' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}
