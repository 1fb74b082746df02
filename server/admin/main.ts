/**
 * Entry point of the operator's command line, `npm run admin -- <command>` (`tsx server/admin/
 * main.ts`); everything else is in `./cli.ts`. Output goes to stdout, errors to stderr; the exit
 * status is 0 (done), 1 (failed) or 2 (usage or configuration). Use `npm run -s admin -- export …`
 * (or `--out FILE`) to keep npm's banner out of redirected JSON.
 */
import { runAdmin } from './cli';

const status = await runAdmin(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
process.exitCode = status;
