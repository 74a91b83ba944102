import { IANAZone } from 'luxon';
import { z } from 'zod';

const ZClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time as HH:mm');

const ZLocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** A rep's working calendar: the SLA clock runs only inside it. */
export const ZBusinessCalendar = z
  .object({
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as Europe/Paris'),
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int().min(1).max(7)).min(1, 'at least one working day'),
    dayStart: ZClockTime,
    dayEnd: ZClockTime,
    /** Local dates on which nobody works. */
    holidays: z.array(ZLocalDate),
  })
  .refine((calendar) => calendar.dayStart < calendar.dayEnd, {
    message: 'dayEnd must be after dayStart',
    path: ['dayEnd'],
  });

export type TBusinessCalendar = z.infer<typeof ZBusinessCalendar>;
