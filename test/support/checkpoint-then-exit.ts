import { startServer } from '../../server/server';

// checkpoint-then-exit.ts FILE — starts the server on FILE, writes enough for its background
// checkpointer to have work, closes the server and lets the process end by itself, as a
// script or a test runner does once nothing is left on its event loop. Prints "closed".

const file = process.argv[2]!;
const server = await startServer({ dbUrl: `file:${file}`, port: 0 });
await server.database.client.execute('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
for (let i = 0; i < 400; i += 1) await server.database.client.execute('INSERT INTO filler (body) VALUES (zeroblob(4000))');
await server.close();
process.stdout.write('closed\n');
