// The reconciliation panel's "Rules" column (web/src/panels/rules-words.ts): it read "Reused an
// open window · Utility · Paid" for a template that rode a window opened and paid earlier, as if
// that message was paid (fresh-user trial). Every verdict × pricing type it can show says what
// the message cost under the rules: charged only when it opened a paid (REGULAR) conversation or
// its verdict is CHARGED (docs/reconcile.md), as the row's derived_charges says (sql/api/reconcile.sql).
import { expect, it } from 'vitest'
import { rulesWords, type RulesSide } from '../web/src/panels/rules-words.ts'
import { verdictWords } from '../web/src/format.ts'

// derived_charges as sql/api/reconcile.sql answers it: 1 for an opening of a paid conversation and a per-message charge
const row = (verdict: string, derived_pricing_type: string, conversation_category = 'UTILITY', template_category = 'UTILITY'): RulesSide =>
  ({ verdict, derived_pricing_type, conversation_category, template_category, conversation_id: derived_pricing_type ? 'c1' : '',
    derived_charges: (verdict === 'OPENED' && derived_pricing_type === 'REGULAR') || verdict === 'CHARGED' ? 1 : 0 })

it('says a reused window charged the message nothing, whoever paid the conversation', () => {
  // the demo's drift: out_for_delivery reused a utility window
  expect(rulesWords(row('REUSED', 'REGULAR'))).toBe('Reused a paid Utility window (no charge for this message)')
  expect(rulesWords(row('REUSED', 'FREE_TIER', 'SERVICE'))).toBe('Reused a free-tier Service window (no charge for this message)')
  expect(rulesWords(row('REUSED', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT'))).toBe('Reused a free entry point window (no charge for this message)')
})

it('says what each verdict cost under the rules', () => {
  const cases: [RulesSide, string][] = [
    [row('OPENED', 'REGULAR', 'MARKETING'), 'Opened a Marketing conversation (charged)'],
    [row('OPENED', 'FREE_TIER', 'SERVICE', ''), 'Opened a free-tier Service conversation (no charge)'],
    [row('OPENED', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', ''), 'Opened a free entry point conversation (no charge)'],
    // per-message pricing: a customer message opens the window, no conversation
    [row('OPENED', '', '', ''), 'Opened the customer service window (no charge for this message)'],
    [row('EXTENDED', 'REGULAR', 'SERVICE', ''), 'Extended the service window of a paid Service conversation (no charge for this message)'],
    [row('EXTENDED', 'FREE_TIER', 'SERVICE', ''), 'Extended the service window of a free-tier Service conversation (no charge for this message)'],
    [row('FREE_ENTRY', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', 'MARKETING'), 'Free entry, in a free entry point conversation (no charge for this message)'],
    [row('IN_WINDOW', 'REGULAR', 'SERVICE', ''), 'Free-form inside the service window, in a paid Service conversation (no charge for this message)'],
    [row('IN_WINDOW', 'FREE_TIER', 'SERVICE', ''), 'Free-form inside the service window, in a free-tier Service conversation (no charge for this message)'],
    [row('IN_WINDOW', 'FREE_ENTRY_POINT', 'FREE_ENTRY_POINT', ''), 'Free-form inside the service window, in a free entry point conversation (no charge for this message)'],
    [row('OUTSIDE_SERVICE_WINDOW', '', '', ''), 'Guardrail break · Service (no charge for this message)'],
    [row('CHARGED', '', '', 'UTILITY'), 'Charged per message · Utility'],
    [row('FREE_CUSTOMER_SERVICE', '', '', 'UTILITY'), 'Free customer service · Utility'],
    [row('FREE_TIER', '', '', ''), 'Free tier (per message) · Service'],
  ]
  for (const [r, words] of cases) expect(rulesWords(r), `${r.verdict} ${r.derived_pricing_type}`).toBe(words)
})

it('never says "Paid" of a message the rules did not charge, nor leaves a code', () => {
  for (const verdict of Object.keys(verdictWords)) {
    for (const pricing of ['', 'REGULAR', 'FREE_TIER', 'FREE_ENTRY_POINT']) {
      const words = rulesWords(row(verdict, pricing))
      expect(words).not.toMatch(/\b[A-Z]{2,}(_[A-Z]+)*\b/)
      expect(words).not.toMatch(/· Paid\b/)
      expect(/\(charged\)|^Charged/.test(words), words).toBe(row(verdict, pricing).derived_charges === 1)
    }
  }
})

it('says what the row says the rules charged (derived_charges), never deciding it from the verdict and pricing type', () => {
  // rows SQL does not write today: the words follow the row, whatever they would have guessed
  expect(rulesWords({ ...row('OPENED', 'REGULAR'), derived_charges: 0 })).toBe('Opened a paid Utility conversation (no charge)')
  expect(rulesWords({ ...row('REUSED', 'REGULAR'), derived_charges: 1 })).toBe('Reused a paid Utility window (charged)')
})
