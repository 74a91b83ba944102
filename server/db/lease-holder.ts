import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

// Who holds a lease on work one process runs for everyone (a CRM's sync pass, a re-score):
// this machine, this process, and the run. A lease held by a process of this machine that no
// longer runs (killed, crashed) need not be waited out.

export const newLeaseHolder = () => `${hostname()}:${process.pid}:${randomUUID()}`;

export function heldByDeadProcess(holder: string | null): boolean {
  const [host, pid] = holder?.split(':') ?? [];
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
