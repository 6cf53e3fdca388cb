// RFC 3339 date-times with an offset, read strictly and fast: one reader for the config, the
// recorded input and score. A field out of its range (February 30, hour 25, minute 61, offset
// +99:99) is refused, never moved to a neighbouring day as Date.parse and TOML readers do.

/** The largest |milliseconds| since the epoch a JavaScript date holds (years -271821 to 275760). */
export const MAX_TIME_MS = 8.64e15;

/** The form the reader takes, for messages. */
export const DATE_TIME_FORM = "an RFC 3339 date-time with an offset, such as 2026-01-01T00:00:00Z";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** Days in `month` (1-12) of `year`, by the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** "February 2026 has 28 days". */
export function monthLength(year: number, month: number): string {
  return `${MONTHS[month - 1]} ${year} has ${daysInMonth(year, month)} days`;
}

function digits(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Milliseconds since the epoch of `YYYY-MM-DDTHH:MM:SS[.fraction]` with `Z` or `+HH:MM` (`t`,
 * `z` and a space for the `T` too, as RFC 3339 allows), read field by field; NaN for anything
 * else, a field out of range included. A fraction finer than milliseconds is rounded.
 */
export function dateTimeMs(text: string): number {
  const length = text.length;
  if (
    length < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58
  ) return NaN;
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && separator !== 32) return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // NaN fails every comparison, so a non-digit fails here too.
  if (
    !(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 &&
      minute <= 59 && second <= 59)
  ) return NaN;
  let p = 19;
  let fraction = 0;
  if (text.charCodeAt(p) === 46) {
    const first = ++p;
    let scale = 100;
    for (; p < length; p++) {
      const d = text.charCodeAt(p) - 48;
      if (!(d >= 0 && d <= 9)) break;
      fraction += d * scale;
      scale /= 10;
    }
    if (p === first) return NaN;
  }
  let offset = 0;
  const zone = text.charCodeAt(p);
  if ((zone === 90 || zone === 122) && p === length - 1) offset = 0;
  else if ((zone === 43 || zone === 45) && p === length - 6 && text.charCodeAt(p + 3) === 58) {
    const hours = digits(text, p + 1, 2);
    const minutes = digits(text, p + 4, 2);
    if (!(hours <= 23 && minutes <= 59)) return NaN;
    offset = (zone === 45 ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  } else return NaN;
  // Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return days * 86_400_000 + (hour * 3600 + minute * 60 + second) * 1000 + Math.round(fraction) -
    offset;
}

/**
 * Why `text` is not a date-time {@linkcode dateTimeMs} reads, in a few words (for messages; it
 * is only asked once a reading failed).
 */
export function dateTimeProblem(text: string): string {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/
      .exec(text);
  if (!match) {
    return /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text)
      ? "it has no offset (Z or +HH:MM), so it names no instant"
      : "not of the form YYYY-MM-DDTHH:MM:SS with Z or +HH:MM";
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  if (month < 1 || month > 12) return `month ${match[2]} is not 01-12`;
  if (day < 1 || day > daysInMonth(year, month)) return `no such day: ${monthLength(year, month)}`;
  if (hour > 23) return `hour ${match[4]} is not 00-23`;
  if (minute > 59) return `minute ${match[5]} is not 00-59`;
  if (second > 59) return `second ${match[6]} is not 00-59`;
  if (match[9] && (Number(match[10]) > 23 || Number(match[11]) > 59)) {
    return `offset ${match[9]}${match[10]}:${match[11]} is not -23:59 to +23:59`;
  }
  return "not a date-time";
}

/**
 * Checks that `ms` (milliseconds since the epoch) is a time a date holds; returns the problem
 * otherwise.
 */
export function timeRangeProblem(ms: number): string | undefined {
  if (Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS) return undefined;
  return "outside the times a date can hold (years -271821 to 275760)";
}
