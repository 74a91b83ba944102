import { benchCalendar } from './calendar';
import { benchModes } from './modes';
import { runScale } from './scale/run-scale';
import { benchScoring } from './scoring';
import { benchSeed } from './seed';
import { benchServer } from './server';

const args = process.argv.slice(2);
console.log(`Node ${process.version}, ${process.platform}/${process.arch}; median of several runs each.`);
if (args.includes('--scale')) {
  await runScale(args);
} else if (args.includes('--modes')) {
  await benchModes();
} else {
  benchScoring();
  benchCalendar();
  await benchServer();
  await benchSeed();
}
