/**
 * The queue window's Content Security Policy. The renderer's index.html carries the same string in a meta tag;
 * main also sets it as a response header so a page that lost its meta tag is still locked down.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
