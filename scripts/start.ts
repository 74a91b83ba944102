import { build } from 'wxt';
import { resolve } from 'node:path';

// `npm start`. The server (ingest, packets, decisions, stats) is not built yet, so this
// builds the extension and says plainly what there is to run today.

await build();
const extensionDir = resolve(import.meta.dirname, '../.output/chrome-mv3');

console.log(`
Handshake — extension built.

  Load it in Chrome or Chromium:
    1. open chrome://extensions and switch on "Developer mode"
    2. "Load unpacked" → ${extensionDir}

  Not yet here: the Handshake server (ingest, handover packets, decisions, stats) and
  the sidebar. Until they land there is no server to connect the extension to.

  What runs today is the scoring engine, from the command line:
    npm run cli -- charter                     the default charter, as JSON
    npm run cli -- title "Vice-President, Revenue"
    npm run cli -- score examples/lead.json    four-criteria breakdown and stage
`);
