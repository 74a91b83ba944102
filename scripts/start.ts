import { resolve } from 'node:path';
import { build } from 'wxt';
import { main } from '../server/main';

// `npm start`: build the extension, then run the server (migrations, demo data on an
// empty database, the SLA sweeper) and print how to connect the two.

await build();
await main({ extensionDir: resolve(import.meta.dirname, '../.output/chrome-mv3') });
