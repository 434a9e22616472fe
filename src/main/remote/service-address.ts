/**
 * The address of a Clearpost service as a person pastes it: `https://host:port/`, or the link serve mode
 * prints on loopback, whose `?token=` is the console token (kept apart, as a secret, never in settings).
 */
export interface ServiceAddress {
  /** `https://host:port`, what settings keep and what every request goes to. */
  readonly origin: string;
  /** The loopback console token from the link, when it had one. */
  readonly token: string | null;
}

export function parseServiceAddress(url: string): ServiceAddress {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:')
    throw new Error('A Clearpost service is reached over https:// (start it with --tls-cert and --tls-key)');
  return { origin: parsed.origin, token: parsed.searchParams.get('token') };
}
