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
