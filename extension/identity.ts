/**
 * The extension's fixed identity: the public half of its packaging key (manifest `key`) and the
 * extension id Chromium derives from it (first 128 bits of SHA-256 of the key, hex mapped to a–p).
 * Tests, the server's CORS rule and docs name the extension by this id. The private key is not kept.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAxoaE4YTwBULYrMaiIkjUV6f4egoBUFPCqxF5ae5roFZxqseBdAeSH02pD+CXLtsZi/cV1eusTaZE6EsK2QIaNB43TeqyfLk/LywzhyFsxVucPjyRVOUhVr0OGqy/uZzHdO9nd2Baz325SQww7qjWDdrQLOMqM8GsKahZzd4G19dT3bAPn+ez1RBHH182NH7Ua7vSu86H2y0wMgSZxSWrpWRIM3/2hjePWUpXHeu3fupohRuwHFWFk20eYVFYvwjMsBNhs7XRyXm+AHFvsv1huCh5MFQXF5+rNthIn4HphljV3AjiRSGJeHX3tQjUchHBybIIpUC9P9MnPWYVw5wfwwIDAQAB';

export const EXTENSION_ID = 'iffadjdblfbjjmcgbbebhflallnmdckk';
