/**
 * Whether the page needs the console token of the printed link. On loopback it does: the token is what keeps
 * other local users and web pages out. A console served on the network (over TLS, `clearpost serve --host`)
 * has no token at all: accounts sign in, and the page goes straight to the sign-in form.
 */
export function tokenNeeded(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
