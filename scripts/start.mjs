#!/usr/bin/env node
/**
 * `npm start`: builds the extension into dist/ and starts the sync server (HTTPS on 127.0.0.1,
 * embedded SQLite under DATA_DIR, or PostgreSQL when DATABASE_URL=postgres://…), then tells you how
 * to load the extension. PORT, HOST, DATA_DIR and DATABASE_URL pass through to the server.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The extension build failed; see the errors above.');
  process.exit(build.status ?? 1);
}

const dist = path.resolve('dist');
console.log(`
Extension built into ${dist}
Load it in Chromium: open chrome://extensions, turn on "Developer mode", click "Load unpacked"
and choose ${dist}. Or start a browser with it:
  chromium --load-extension=${dist}
The server below uses a self-signed certificate: start Chromium with the printed
--ignore-certificate-errors-spki-list=<pin>, or use a certificate of your own (TLS_CERT_FILE, TLS_KEY_FILE).
`);

const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
