// "Download CSV" on the investigation page: exactly what the page shows (the answer, the
// conversations table, the messages table), with the same texts and wall-clock times, and each
// conversation's cost once more as an amount and a currency of their own. Built from
// the tables' own column definitions, by title: a column added to a table is a column of the file.
import { stringify } from 'csv-stringify/browser/esm/sync'
import type { CustomerConversationRow, CustomerMessageRow } from '../../../api/routes/customer.ts'
import { conversationColumns, messageColumns, type PhoneName } from './views.ts'
import { shownTimes } from './time.ts'
import type { Column } from '../panel.ts'

/** One table of the page as drawn: the section name its rows carry in the file, its column titles, its cells. */
interface Section { name: string; titles: string[]; rows: string[][] }

/** A table's rows through its column definitions (the same ones table() draws). */
export function section<T>(name: string, columns: Column<T>[], rows: T[]): Section {
  return { name, titles: columns.map(([title]) => title), rows: rows.map((r) => columns.map(([, cell]) => cell(r))) }
}

/**
 * Sections as one CSV: the header is `section` then every column title of the sections, in order
 * of first appearance (a title shared by two tables, such as "Phone number", is one column);
 * each row has its section's cells under their titles, the other columns empty.
 */
export function sectionsCsv(sections: Section[]): string {
  const titles = [...new Set(sections.flatMap((s) => s.titles))]
  const records = [['section', ...titles]]
  for (const s of sections) {
    for (const r of s.rows) records.push([s.name, ...titles.map((title) => (s.titles.includes(title) ? r[s.titles.indexOf(title)]! : ''))])
  }
  return `\ufeff${stringify(records, { record_delimiter: '\r\n' })}`
}

/** The page's CSV: `phone` names the business's numbers as the tables do. */
export function screenCsv(summary: string, convs: CustomerConversationRow[], msgs: CustomerMessageRow[], tz: string, phone?: PhoneName): string {
  return sectionsCsv([
    section<string>('answer', [['Answer', (s) => s]], [summary]),
    // the cost again as a spreadsheet adds it up: the page's "$0.0358" is text to it (trial);
    // exact decimal strings, both empty for a charge without a rate-card price
    section('conversation', [...conversationColumns(tz, phone, shownTimes(convs)),
      ['Amount', (c) => c.cost ?? ''], ['Currency', (c) => (c.cost === null ? '' : c.currency ?? '')]], convs),
    section('message', messageColumns(tz, phone), msgs),
  ])
}

/**
 * The file's name: the customer, the period (open bounds as "from-…", "to-…", none: "all-days")
 * and the phone number asked, in the style of the finance exports' names (core/exports.ts
 * exportFileName, which the page may not import: web/ imports only web/, test/layout.test.ts), so
 * two downloads of different views never collide: it was wacost-customer-<wa_id>.csv whatever the
 * phone number (fresh-user trial). Characters other than letters, digits, '.', '_' become '-'.
 */
export function customerFileName(waId: string, from: string, to: string, phone: string): string {
  const safe = (v: string) => v.replace(/[^A-Za-z0-9._]+/g, '-')
  const period = !from && !to ? 'all-days' : !from ? `to-${to}` : !to ? `from-${from}` : `${from}_${to}`
  return `${['wacost', 'customer', safe(waId), period, phone ? `phone-${safe(phone)}` : ''].filter(Boolean).join('-')}.csv`
}

export function download(name: string, text: string): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}
