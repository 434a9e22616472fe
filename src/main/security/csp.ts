/**
 * The console's Content-Security-Policy, sent by serve mode and by the Electron session, and repeated in
 * `src/renderer/index.html` (a test keeps the copies equal). Scripts come only from the app itself;
 * inline style attributes are allowed because React and chart components set them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
