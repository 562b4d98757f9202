// ISO-8601 date-times as Jackson writes them.

const ISO_DATE_TIME = /^([+-]?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses the ISO-8601 forms Jackson writes. With an offset (`Z`, `+02:00`) it is a point in time; without
 * one (`local`), the fields are the Date's local wall-clock fields. Digits past milliseconds are dropped.
 */
export function parseIsoDateTime(text: string, local: boolean): Date {
  const m = ISO_DATE_TIME.exec(text);
  if (m === null || (m[8] !== undefined) === local) {
    throw new Error(`not an ISO-8601 ${local ? "local " : ""}date-time: ${text}`);
  }
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as
    [number, number, number, number, number, number];
  const millis = m[7] === undefined ? 0 : Number((m[7] + "00").slice(0, 3));
  if (local) {
    const date = new Date(2000, month - 1, day, hour, minute, second, millis);
    date.setFullYear(year); // the constructor maps years 0-99 to 1900-1999
    return date;
  }
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  const offset = m[8] as string;
  if (offset !== "Z") {
    const digits = offset.replace(":", "");
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
    date.setTime(date.getTime() - (offset.startsWith("-") ? -minutes : minutes) * 60_000);
  }
  return date;
}

/** The java.time texts the TypeScript client keeps as strings, checked by {@link isTimeText}. */
export type TimeForm =
  | "instant" | "offsetDateTime" | "zonedDateTime" | "localDateTime" | "localDate" | "localTime"
  | "duration" | "period" | "year" | "yearMonth" | "zoneId";

// The ISO-8601 forms of java.time's ISO formatters (what Jackson reads with Poto's settings): a year of
// four digits, or more with a sign (up to nine, ten in an Instant, whose range is ±1,000,000,000 years);
// seconds optional except in an Instant; up to nine fraction digits.
const YEAR = "(\\d{4}|-\\d{4,9}|\\+\\d{5,9})";
const INSTANT_YEAR = "(\\d{4}|-\\d{4,10}|\\+\\d{5,10})";
const DATE = `${YEAR}-(\\d{2})-(\\d{2})`;
// Year and YearMonth are written by their toString: no sign before a year beyond 9999, and a Year is
// not padded (Year.of(5) is "5", YearMonth.of(5, 1) is "0005-01").
const PLAIN_YEAR = "(0|-?[1-9]\\d{0,8})";
const YEAR_OF_MONTH = "(-?\\d{4}|-?[1-9]\\d{4,8})";
const TIME = "(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d{1,9})?)?";
const OFFSET = "(Z|[+-](\\d{2}):(\\d{2})(?::(\\d{2}))?)";
const REGION = "[A-Za-z][A-Za-z0-9~/._+-]+";
const ZONE = `(?:Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?|(?:UTC|GMT|UT)(?:[+-]\\d{1,2}(?::?\\d{2}(?::?\\d{2})?)?)?|${REGION})`;

const FORMS: { readonly [form in TimeForm]: RegExp } = {
  instant: new RegExp(`^${INSTANT_YEAR}-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,9})?${OFFSET}$`),
  offsetDateTime: new RegExp(`^${DATE}T${TIME}${OFFSET}$`),
  zonedDateTime: new RegExp(`^${DATE}T${TIME}${OFFSET}(?:\\[${ZONE}\\])?$`),
  localDateTime: new RegExp(`^${DATE}T${TIME}$`),
  localDate: new RegExp(`^${DATE}$`),
  localTime: new RegExp(`^()()()${TIME}$`),
  duration: /^[-+]?P(?:[-+]?\d+D)?(?:T(?=[-+]?\d)(?:[-+]?\d+H)?(?:[-+]?\d+M)?(?:[-+]?\d+(?:[.,]\d{0,9})?S)?)?$/i,
  period: /^[-+]?P(?=[-+]?\d)(?:[-+]?\d+Y)?(?:[-+]?\d+M)?(?:[-+]?\d+W)?(?:[-+]?\d+D)?$/i,
  year: new RegExp(`^${PLAIN_YEAR}$`),
  yearMonth: new RegExp(`^${YEAR_OF_MONTH}-(\\d{2})()$`),
  zoneId: new RegExp(`^${ZONE}$`),
};

/**
 * Whether `text` is a java.time value of `form` as Jackson reads it: the syntax, and each field within
 * its range (month, day of that month, hour, minute, second, offset up to ±18:00). A region id
 * (`Europe/Paris`) is checked for its syntax only: the client has no time-zone database to look it up.
 */
export function isTimeText(form: TimeForm, text: string): boolean {
  const m = FORMS[form].exec(text);
  if (m === null) return false;
  switch (form) {
    case "duration":
    case "period":
    case "zoneId":
      // A duration needs a day or a time part; the lookaheads above make sure one follows P or T.
      return form !== "duration" || /[DHMS]$/i.test(text);
    case "year":
      return true;
    case "yearMonth":
      return validMonth(m[2]);
    case "localTime":
      return validTime(m[4], m[5], m[6]);
    case "localDate":
      return validDate(m[1], m[2], m[3]);
    default:
      return validDate(m[1], m[2], m[3]) && validTime(m[4], m[5], m[6])
        && (form === "localDateTime" || validOffset(m[8], m[9], m[10]));
  }
}

function validMonth(month: string | undefined): boolean {
  const value = Number(month);
  return value >= 1 && value <= 12;
}

function validDate(year: string | undefined, month: string | undefined, day: string | undefined): boolean {
  if (!validMonth(month)) return false;
  const y = Number(year);
  const m = Number(month);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  const d = Number(day);
  return d >= 1 && d <= days;
}

function validTime(hour: string | undefined, minute: string | undefined, second: string | undefined): boolean {
  return Number(hour) <= 23 && Number(minute) <= 59 && (second === undefined || Number(second) <= 59);
}

function validOffset(hours: string | undefined, minutes: string | undefined, seconds: string | undefined): boolean {
  if (hours === undefined) return true; // Z
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds ?? 0);
  return Number(minutes) <= 59 && Number(seconds ?? 0) <= 59 && total <= 18 * 3600;
}
