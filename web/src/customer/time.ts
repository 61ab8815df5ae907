// The investigation page shows every instant on the WABA's wall clock (the zone the explanations
// are written in), whatever the browser's zone: Plot gets "local time as if UTC" values on a
// utc-typed axis, tables the same wall-clock text.
import { dateTickFormat } from '../day-ticks.ts'

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

/**
 * stamp(), with the seconds ("2024-09-03 10:06:01.5", the fraction to the millisecond without its
 * trailing zeros) when another instant of `others` falls in the same minute: a conversation that
 * opened 1.5 s after the previous one closed read "Closed 10:06" above "Opened 10:06" (fresh-user
 * trial). As the explanations write such times (sql wacost_local_time_among, migration 800). The
 * minute is compared in UTC: every zone's offset is whole minutes.
 */
export function stampAmong(ms: number | null, others: readonly number[], tz: string): string {
  if (ms === null) return ''
  const minute = Math.floor(ms / 60_000)
  if (!others.some((o) => o !== ms && Math.floor(o / 60_000) === minute)) return stamp(ms, tz)
  const iso = new Date(wallClock(ms, tz)).toISOString()
  return `${iso.slice(0, 19).replace('T', ' ')}${iso.slice(19, 23).replace(/\.?0*$/, '')}`
}

/**
 * The instants the conversations table and the timeline's bars' and dots' tips show (ms; a
 * conversation's opened and closed, a per-message charge's one instant): a time in the minute of
 * another reads with its seconds (stampAmong), the same in both. The bars' tips wrote minutes
 * only, "10:06 → 10:06" and "10:06 → 10:06" beside the table's "10:06:34.766" and "10:06:36.314"
 * (fresh-user trial).
 */
export const shownTimes = (convs: readonly { opened_at: number; closed_at: number; close_reason: string }[]): number[] =>
  convs.flatMap((c) => (c.close_reason === '' ? [c.opened_at] : [c.opened_at, c.closed_at]))

/**
 * The timeline's x tick (values in wall-clock-as-UTC): a date at midnight as the dashboard's axes
 * write one ("Sep 3", day-ticks.ts dateTickFormat; it read "09-03": fresh-user trial), the year
 * beneath on the first date and where the year changes ("Jan 2" / "2025"; a timeline never named
 * its year: fresh-user trial), else "10:02". A first tick that is a time names its day beneath
 * ("16:00" / "Sep 20"; with the year when no midnight follows): an axis from 16:00 named Sep 21
 * only, its first hours' day left to guess (second fresh-user trial). Plot calls it with each
 * tick, its index and all ticks.
 */
export function timelineTick(d: Date, i = 0, ticks: ArrayLike<Date> = [d]): string {
  const midnight = (t: Date) => t.getUTCHours() === 0 && t.getUTCMinutes() === 0
  const time = d.toISOString().slice(11, 16)
  if (!midnight(d)) {
    if (i > 0) return time
    const day = dateTickFormat(d).split('\n')
    const dated = Array.from(ticks).some(midnight)
    return `${time}\n${dated ? day[0] : day.join(' ')}`
  }
  // the dates among the ticks, so the year shows where it changes from the date before
  const dates: Date[] = []
  for (let k = 0; k <= i; k++) {
    const t = ticks[k]!
    if (midnight(t)) dates.push(t)
  }
  return dateTickFormat(d, dates.length - 1, dates)
}
