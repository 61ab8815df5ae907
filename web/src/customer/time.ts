// The investigation page shows every instant on the WABA's wall clock (the zone the explanations
// are written in), whatever the browser's zone: Plot gets "local time as if UTC" values on a
// utc-typed axis, tables the same wall-clock text.
const formatters = new Map<string, Intl.DateTimeFormat>()

function parts(ms: number, tz: string): Record<string, number> {
  let f = formatters.get(tz)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formatters.set(tz, f)
  }
  return Object.fromEntries(f.formatToParts(ms).filter((p) => p.type !== 'literal').map((p) => [p.type, Number(p.value)]))
}

/** The instant's wall-clock time in tz, as a UTC timestamp (for a utc-typed Plot axis). */
export function wallClock(ms: number, tz: string): number {
  const p = parts(ms, tz)
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!, ms % 1000)
}

/** "2024-09-03 10:02" on tz's wall clock, the way the explanations write times. */
export function stamp(ms: number | null, tz: string): string {
  if (ms === null) return ''
  return new Date(wallClock(ms, tz)).toISOString().slice(0, 16).replace('T', ' ')
}
