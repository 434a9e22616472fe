/**
 * The console's Content-Security-Policy, sent by serve mode and by the Electron session, and repeated in
 * `src/renderer/index.html` (a test keeps the copies equal). Scripts come only from the app itself;
 * inline style attributes are allowed because React and chart components set them.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** The policy in the page's meta tag (a meta tag cannot carry frame-ancestors). */
export const META_CONTENT_SECURITY_POLICY = DIRECTIVES.join('; ');

/** The policy sent as a header, which also forbids framing the console. */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
