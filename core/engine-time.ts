// How an instant is written for the engine in JSONEachRow: a DateTime64(3, 'UTC') column reads
// `2026-12-06 13:45:00.123`, not JavaScript's ISO text with its `T` and `Z`.

/** `d` as DateTime64(3) text in UTC, milliseconds kept: `YYYY-MM-DD hh:mm:ss.sss`. */
export const engineTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '')
