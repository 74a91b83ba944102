// The re-score worker's entry: the server runs from TypeScript source, and a worker thread
// does not inherit the TypeScript loader, so it registers tsx before loading the worker.
import { register } from 'tsx/esm/api';

register();
await import('./rescore-worker.ts');
