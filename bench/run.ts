import { benchCalendar } from './calendar';
import { benchScoring } from './scoring';

console.log(`Node ${process.version}, ${process.platform}/${process.arch}; median of several runs each.`);
benchScoring();
benchCalendar();
