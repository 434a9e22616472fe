/**
 * Sets a field on a plain object even when the key is "__proto__": inbound data chooses its own keys (JSON
 * fields, report headers, merchant-defined data), and plain assignment of that key would change the
 * object's prototype and silently lose the field.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
