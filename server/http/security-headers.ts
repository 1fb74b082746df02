/**
 * Headers set on every response, errors and 404s included: nothing is cached (`no-store`: vault
 * ciphertext and session tokens have no business in a cache), no MIME sniffing, no referrer, no
 * framing, no active content. No CORS headers: the extension reaches the server through its host
 * permissions, and web pages must not. No HSTS: the default deployment is 127.0.0.1 with a
 * self-signed certificate; an operator with a real name and certificate can add it at the proxy.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};
