// "Download CSV" on the investigation page: exactly what the page shows (the answer, the
// conversations table, the messages table), with the same texts and wall-clock times.
import { stringify } from 'csv-stringify/browser/esm/sync'
import type { CustomerConversationRow, CustomerMessageRow } from '../../../api/routes/customer.ts'
import { conversationColumns, messageColumns } from './views.ts'

export function screenCsv(summary: string, convs: CustomerConversationRow[], msgs: CustomerMessageRow[], tz: string): string {
  const c = conversationColumns(tz)
  const m = messageColumns(tz)
  const records: string[][] = [
    ['section', 'time', 'until', 'phone number', 'category / direction', 'pricing / template', 'cost / verdict', 'message id', 'explanation'],
    ['answer', '', '', '', '', '', '', '', summary],
    ...convs.map((r) => ['conversation', ...c.slice(0, 6).map(([, f]) => f(r)), r.opening_message_id, c[6]![1](r)]),
    ...msgs.map((r) => ['message', m[0]![1](r), '', m[1]![1](r), m[2]![1](r), m[3]![1](r), m[4]![1](r), m[5]![1](r), m[6]![1](r)]),
  ]
  return `\ufeff${stringify(records, { record_delimiter: '\r\n' })}`
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
