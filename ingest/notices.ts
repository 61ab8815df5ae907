// What an ingest points out of its accepted records, kept as given (ingest/pipeline.ts tallies
// them over a batch's groups): one sentence each, naming where the first is: its line, or for a
// webhook micro-batch its delivery.

/** Records of one kind over a batch's groups: how many, and the first line (0 while none). */
export interface Tally { lines: number; first_line: number }

/** Lines giving a time (a message's or a status's) where no WhatsApp Business traffic can be, with the first one's instant (UTC). */
export interface Dated extends Tally { at: string }

/**
 * Message lines giving a phone number under another WABA than the one it belongs to: the one
 * phone-numbers.csv lists it under, else the one it is stored (or given earlier) under
 * (sql/pipeline/71_phone_wabas.sql): how many, the first, and its phone number, WABA and owner
 * (`registered`: the register's); `mixed` once lines of more than one such (phone number, WABA,
 * owner) were seen.
 */
export interface OtherWaba extends Tally { phone: string; waba: string; owner: string; registered: boolean; mixed: boolean }

/** The batch's tallies the notices are about. */
export interface NoticeTotals { blankEdgedIds: Tally; oddWaIds: Tally; otherWaba: OtherWaba; early: Dated; ahead: Dated }

/** How a notice counts what it points out and names where the first is: a file's lines, or a webhook micro-batch's deliveries. */
export interface NoticeWords { lines: string; first: (line: number) => string }

/** A file's words (`line(s)`, `first at line N`), or, given a micro-batch's delivery ids (a line each), the delivery's. */
export function noticeWords(deliveries: readonly string[] | undefined): NoticeWords {
  if (deliveries === undefined) return { lines: 'line(s)', first: (line) => `first at line ${line}` }
  return { lines: 'record(s)', first: (line) => `first in delivery ${deliveries[line - 1] ?? `number ${line} of the batch`}` }
}

/**
 * Sentences about accepted records that are kept as given but are likely mistakes of the log:
 * the spec says nothing against them (docs/rules.md), so each is kept and counted by the rules
 * as given.
 */
export function notices(t: NoticeTotals, { lines, first }: NoticeWords): string[] {
  const out: string[] = []
  const { blankEdgedIds: b, oddWaIds: w, otherWaba: o } = t
  if (b.lines > 0) {
    out.push(`${b.lines} record(s) have a message_id that begins or ends with a blank (${first(b.first_line)}): kept as given, `
      + 'so it is another id than the same without the blank (a status or correction for that one does not reach it)')
  }
  if (w.lines > 0) {
    out.push(`${w.lines} message ${lines} have a wa_id that is not an international number (more than 15 digits, or starting with 0; `
      + `${first(w.first_line)}): kept and priced as given`)
  }
  if (o.lines > 0) {
    const which = o.mixed
      ? `a phone number under another WABA than the one it belongs to (${first(o.first_line)}: `
        + `phone number ${o.phone} under WABA ${o.waba}, ${o.registered ? 'listed' : 'stored'} under WABA ${o.owner})`
      : `phone number ${o.phone} under WABA ${o.waba} although ${o.registered ? 'the phone-number register lists it' : 'it is stored (or given earlier)'} under WABA ${o.owner} (${first(o.first_line)})`
    out.push(`${o.lines} message ${lines} give ${which}: a phone number belongs to one WABA; `
      + 'its conversations are counted under the WABA of the message that opened them (kept as given)')
  }
  // 2018-08-01: Meta opened the WhatsApp Business API (sql/pipeline/70_group_summary.sql)
  const { early: e, ahead: a } = t
  if (e.lines > 0) {
    out.push(`${e.lines} ${lines} give a time (of a message or a status) before 2018-08-01, when the WhatsApp Business API opened (${first(e.first_line)}: `
      + `${e.at.slice(0, 19)} UTC; a time written as 0 reads as 1970-01-01): kept and priced as given; the dashboard's period starts at the earliest day with data`)
  }
  if (a.lines > 0) {
    out.push(`${a.lines} ${lines} give a time (of a message or a status) more than a day after this ingest (${first(a.first_line)}: ${a.at.slice(0, 19)} UTC): `
      + 'kept and priced as given; the dashboard\'s period ends at the latest day with data')
  }
  return out
}
