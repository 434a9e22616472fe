/**
 * JSON parsing that keeps each number's source text, so the simulator reads `12.10` as the decimal the client
 * wrote (and converts it to minor units exactly) instead of as a binary float.
 */
export class DecimalText {
  constructor(readonly text: string) {}
}

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

export function parseJsonKeepingDecimals(text: string): unknown {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === 'number' ? new DecimalText(context?.source ?? String(value)) : value;
  return (JSON.parse as (text: string, reviver: Reviver) => unknown)(text, reviver);
}
