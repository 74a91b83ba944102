import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { main } from '../server/main';

// `npm start`: build the extension, then run the server (migrations, demo data on an
// empty database, the SLA sweeper, the CRM sync) and print how to connect the two. The
// build runs in its own process, so the server keeps only its own memory once it serves.

const root = resolve(import.meta.dirname, '..');
const built = spawnSync(process.execPath, [join(root, 'node_modules/wxt/bin/wxt.mjs'), 'build'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error(`The extension build failed (exit ${built.status ?? built.signal}); the server was not started.`);
  process.exit(1);
}
await main({ extensionDir: join(root, '.output/chrome-mv3') });
