import { benchCalendar } from './calendar';
import { benchScoring } from './scoring';
import { benchSeed } from './seed';
import { benchServer } from './server';

console.log(`Node ${process.version}, ${process.platform}/${process.arch}; median of several runs each.`);
benchScoring();
benchCalendar();
await benchServer();
await benchSeed();
