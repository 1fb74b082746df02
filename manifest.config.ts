/**
 * The Manifest V3 description of the extension, compiled by @crxjs/vite-plugin into dist/manifest.json.
 *
 * Permissions are the minimum the product needs; the extension-page CSP allows nothing beyond
 * 'self' except 'wasm-unsafe-eval', which Argon2id in WebAssembly requires (DESIGN.md §4). The content
 * script is built as one self-contained file so no chunk is exposed to web pages through
 * web_accessible_resources (see docs/decisions/002-extension-build.md). The public `key` fixes the
 * extension id so tests and the server's CORS rule can name it.
 */
import { defineManifest } from '@crxjs/vite-plugin';
import pkg from './package.json' with { type: 'json' };
import { EXTENSION_PUBLIC_KEY } from './extension/identity.ts';

export const EXTENSION_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; base-uri 'none'";

export default defineManifest({
  manifest_version: 3,
  name: 'Sealed Vault',
  description: 'Password and secret manager with zero-knowledge sync across your browsers.',
  version: pkg.version,
  key: EXTENSION_PUBLIC_KEY,
  minimum_chrome_version: '120',
  action: { default_popup: 'extension/popup/index.html', default_title: 'Sealed Vault' },
  background: { service_worker: 'extension/background/main.ts', type: 'module' },
  content_scripts: [
    {
      matches: ['http://*/*', 'https://*/*'],
      js: ['extension/content/main.ts'],
      all_frames: true,
      run_at: 'document_idle',
    },
  ],
  // contextMenus: the "Fill login" entry on editable fields (docs/decisions/004-autofill.md).
  // notifications: batched security events, never a secret (docs/security-center.md).
  permissions: ['storage', 'alarms', 'idle', 'offscreen', 'clipboardWrite', 'contextMenus', 'notifications'],
  // Sync servers (docs/sync-extension.md): a server on this computer is reachable from installation
  // (development, tests, a self-hosted server on the same machine); any other https server is asked
  // for with chrome.permissions.request when the person connects to it. Never plain http.
  host_permissions: ['https://127.0.0.1/*', 'https://localhost/*'],
  optional_host_permissions: ['https://*/*'],
  commands: {
    'fill-login': { suggested_key: { default: 'Alt+Shift+L' }, description: 'Fill the login for this site' },
  },
  content_security_policy: { extension_pages: EXTENSION_CSP },
});
