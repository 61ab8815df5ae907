// Meta's conversation ids shortened for a cell (web/src/meta-ids.ts): the demo's ids of one day
// all ended in "…2024-09-01" (fresh-user trial), so a short form is a tail long enough to tell
// the view's different ids apart, and the same for the same id.
import { expect, it } from 'vitest'
import { metaIdShortener } from '../web/src/meta-ids.ts'

it('keeps different ids of a view apart, equal ids equal, and the whole id when it is short', () => {
  const ids = ['demo.conv.16463168865.2024-09-01', 'demo.conv.12122245762.2024-09-01', 'demo.conv.12122245762.2024-09-02', 'demo.conv.12122245762.2024-09-01', '']
  const short = metaIdShortener(ids)
  const forms = ids.map(short)
  expect(forms[0]).not.toBe(forms[1])
  expect(forms[1]).not.toBe(forms[2])
  expect(forms[3]).toBe(forms[1])
  expect(forms[4]).toBe('')
  // no longer than the tails that tell them apart need: "…<wa_id's end>.2024-09-01"
  expect(forms[0]).toBe('…5.2024-09-01')
  for (const [i, f] of forms.entries()) if (f) expect(ids[i]!.endsWith(f.slice(1))).toBe(true)
  // a 32-hex hash: its last 10 characters; an id of a dozen characters: whole
  const hash = 'a3f09c21d4e5b6a7c8d9e0f1a2b3c4d5'
  expect(metaIdShortener([hash])(hash)).toBe('…f1a2b3c4d5')
  expect(metaIdShortener(['conv-1234567'])('conv-1234567')).toBe('conv-1234567')
})
