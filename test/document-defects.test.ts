// How the defects of JSON documents over several lines (a pretty-printed document, a pretty array
// of documents) are worded: in the plain words an NDJSON line gets for the same defect, at the
// line and column where it is (ingest/document-defects.ts). A bare word `True` was placed at the
// document's last line, and the other defects told in JSON.parse's words (`Unexpected token 'T',
// …`, `Expected double-quoted property name`: break-it trial). And NDJSON lines that said "not
// valid JSON" alone: a lone bracket, text, the lines of a pretty document after NDJSON lines.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openEngine, type Session } from './support/engine.ts'
import { inputFeed, msg } from './support/input-feed.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const { feed, rejected, stored } = inputFeed(() => s)
const reasons = async (body: string) => (await rejected((await feed(body)).batch)).map((r) => [r[0], r[1]])
const pretty = (o: unknown) => JSON.stringify(o, null, 2)
/** A pretty document of phone p-dd whose line 7 (`  "direction": "inbound"`) is `direction` instead. */
const doc = (id: string, direction: string) => pretty(msg(id, 'p-dd')).replace('"direction": "inbound"', direction)
const WORD = 'is no JSON value (JSON has true, false and null, in lower case, numbers, and text in double quotes)'

it('says a bare word in a pretty document in NDJSON\'s words, at its line and column', async () => {
  expect(await reasons(`${doc('dd-1', '"direction": True')}\n`)).toEqual([[1, `not valid JSON: True ${WORD} (line 7, column 16)`]])
  // in a pretty array: the second document (line 10 on), the word on its line 7; a column counts
  // UTF-16 units as the other document reasons do (😀 counts 2)
  const arr = pretty([msg('dd-2', 'p-dd'), msg('dd-3', 'p-dd')]).replace(/"direction": "inbound"\n  \}\n\]$/, '"é😀": None\n  }\n]')
  expect(await reasons(`${arr}\n`)).toEqual([[10, `not valid JSON: None ${WORD} (line 16, column 12)`]])
  // in a document long after the word (JSON.parse's message then quotes it cut: `"…"... is not valid JSON`)
  const long = `${doc('dd-13', '"direction": True').replace(/\n\}$/, `,\n  "note": "${'x'.repeat(300)}"\n}`)}\n`
  expect(await reasons(long)).toEqual([[1, `not valid JSON: True ${WORD} (line 7, column 16)`]])
  expect(await stored('p-dd')).toEqual([['dd-2', 'w1', '14155550111']])
})

it('says a single quote, a key without quotes, a stray comma and a raw tab in a document as on an NDJSON line, at their line and column', async () => {
  const body = [
    doc('dd-4', `'direction': 'inbound'`), doc('dd-5', 'direction: "inbound"'), doc('dd-6', '"direction": "inbound",'),
    doc('dd-7', '"direction": [1,,2]'), doc('dd-8', '"direction": "in\tbound"'),
  ].join('\n')
  expect(await reasons(`${body}\n`)).toEqual([
    [1, 'not valid JSON: a single quote (line 7, column 3; JSON writes strings and keys in double quotes: "…")'],
    [9, 'not valid JSON: the key direction without double quotes (line 15, column 3; JSON writes keys as strings: "direction")'],
    [17, 'not valid JSON: a comma before the closing `}` (line 23, column 25; JSON allows no comma after the last element)'],
    [25, 'not valid JSON: a comma with no value before it (line 31, column 19; JSON has no empty elements)'],
    [33, 'a control character (a tab, a line break, NUL …) written raw inside a string: write it escaped (\\t, \\n, \\u0000) (line 39, column 19)'],
  ])
  // a comma on the line where the document starts, after another, its `}` on the next line
  const a = JSON.stringify(msg('dd-14', 'p-dd'))
  expect(await reasons(`[\n  ${a}, {"message_id": "x",\n}\n]\n`))
    .toEqual([[2, `not valid JSON: a comma before the closing \`}\` (line 2, column ${a.length + 23}; JSON allows no comma after the last element)`]])
})

it('says a document cut short as an NDJSON line cut short is, at the line where it ends; a defect NDJSON does not name keeps JSON.parse\'s words', async () => {
  const lines = pretty(msg('dd-9', 'p-dd')).split('\n')
  expect(await reasons(`${lines.slice(0, 4).join('\n')}\n`)).toEqual([[1, 'not valid JSON: the document ends with 1 bracket still open (cut short?) (line 4)']])
  expect(await reasons(`${lines.slice(0, 4).join('\n')}\n  "x": "abc\n`)).toEqual([[1, 'not valid JSON: the document ends inside a string (cut short?) (line 5)']])
  // a missing comma: NDJSON says "not valid JSON" alone; a document says where JSON.parse stopped
  expect(await reasons(`${doc('dd-10', '"direction": "inbound" "x": 1')}\n`))
    .toEqual([[1, 'not valid JSON: Expected \',\' or \'}\' after property value (line 7, column 26)']])
})

// An NDJSON line that none of the named defects fits said "not valid JSON" alone (break-it trial):
// a `}` or text first, a lone `]` after the records, a pretty document after lines of one record
// each (its lines read one by one).
it('says what is wrong with a line that is a lone bracket, text, or a piece of a pretty document, and what to do', async () => {
  const line = JSON.stringify(msg('dd-11', 'p-dd'))
  const closes = (c: string, what: string, column = 1) => `not valid JSON: a \`${c}\` that closes no ${what} (column ${column}; a line holds one whole record, {…}, `
    + 'or one whole array of records, [{…}, …]: remove it, or put its record on one line)'
  const text = (word: string) => `not valid JSON: the line is text, not JSON (it starts with \`${word}\`; a line holds one record as a JSON object, {"message_id": "…", …}, or an array of them)`
  expect(await reasons(`}\n${line}\n`)).toEqual([[1, closes('}', 'object')]])
  expect(await reasons(`hello world\n${line}\n`)).toEqual([[1, text('hello')]])
  expect(await reasons(`${line}\n  ]\n`)).toEqual([[2, closes(']', 'array', 3)]])
  const piece = 'not valid JSON: a key and its value without the record around them (a record spread over several lines, pretty-printed, '
    + 'among lines of one record each): put each record on one line'
  expect(await reasons(`${line}\n${pretty(msg('dd-12', 'p-dd'))}\n`)).toEqual([
    [2, 'not valid JSON: the line ends with 1 bracket still open (cut short?)'],
    ...[3, 4, 5, 6, 7, 8].map((n) => [n, piece]),
    [9, closes('}', 'object')],
  ])
})
