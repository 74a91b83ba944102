import { openDatabase } from '../../server/db/client';
import { runRescoreJobs } from '../../server/domain/rescore-job';

// rescore-child.ts FILE NOW_MS — runs the queued re-score job on FILE to its end, its clock
// at NOW_MS, in a process of its own as the server runs it (a heap holding only the job),
// and prints one JSON line: {seconds, job}.

const [file, nowMs] = process.argv.slice(2);
const database = await openDatabase(`file:${file!}`);
const at = new Date(Number(nowMs));
const start = process.hrtime.bigint();
const done = await runRescoreJobs(database, { now: () => at, log: () => undefined });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
database.close();
console.log(JSON.stringify({ seconds, job: done?.job ?? null }));
