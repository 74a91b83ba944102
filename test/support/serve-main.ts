import { main } from '../../server/main';

// `npm start` without the extension build: the server's start path (migrations, the demo
// seed on an empty database, the tokens), run in a child process by the tests.

await main();
