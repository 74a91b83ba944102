import { DateTime } from 'luxon';
import { addBusinessTime, type TBusinessCalendar } from '../shared/calendar';
import { measure, report, seededRandom } from './measure';

// SLA deadlines: the calendar's interval walk against the obvious way to do it — stepping
// minute by minute and asking of each minute whether it is working time — on the same
// start instants, in the same run.

const calendar: TBusinessCalendar = {
  timeZone: 'Europe/Paris',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: '09:00',
  dayEnd: '17:00',
  holidays: ['2026-12-25', '2027-01-01'],
};
const DEADLINES = 200;
const HOURS = 8;
const random = seededRandom(7);
const starts = Array.from({ length: DEADLINES }, () => new Date(Date.UTC(2026, 10, 1) + random() * 60 * 86_400_000));

function isWorkingMinute(at: DateTime): boolean {
  const minutes = at.hour * 60 + at.minute;
  return calendar.workingDays.includes(at.weekday) && !calendar.holidays.includes(at.toISODate()!) && minutes >= 9 * 60 && minutes < 17 * 60;
}

function addByMinuteSteps(from: Date, hours: number): Date {
  let at = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('minute');
  let remaining = hours * 60;
  while (remaining > 0) {
    if (isWorkingMinute(at)) remaining -= 1;
    at = at.plus({ minutes: 1 });
  }
  return at.toJSDate();
}

export function benchCalendar(): void {
  const aligned = starts.map((s) => new Date(Math.floor(s.getTime() / 60_000) * 60_000));
  for (const start of aligned.slice(0, 20)) {
    const walked = addBusinessTime(start, HOURS * 3_600_000, calendar).getTime();
    if (walked !== addByMinuteSteps(start, HOURS).getTime()) throw new Error(`deadlines disagree from ${start.toISOString()}`);
  }
  const baseline = measure(`minute-by-minute stepping (baseline)`, DEADLINES, () => {
    for (const start of aligned) addByMinuteSteps(start, HOURS);
  }, 3);
  const walk = measure('addBusinessTime (working intervals)', DEADLINES, () => {
    for (const start of aligned) addBusinessTime(start, HOURS * 3_600_000, calendar);
  });
  report(`${DEADLINES} SLA deadlines, ${HOURS} business hours each, Europe/Paris`, baseline, [walk], 'deadlines');
}
