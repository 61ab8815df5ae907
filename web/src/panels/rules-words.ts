// The rules' side of a discrepancy in words (the reconciliation panel's "Rules" column). The
// column joined the verdict, the category and the conversation's pricing type: "Reused an open
// window · Utility · Paid" read as if that message was paid, while a reused window charges the
// message nothing, its conversation having been paid when it opened (fresh-user trial). Each
// reading now says what the message cost under the rules, as the rules decided it (the row's
// derived_charges, sql/api/reconcile.sql: never re-derived here from the verdict and pricing
// type); the investigation page keeps its words.
import type { ReconcileRow } from '../../../api/routes/reconcile.ts'
import { label, messageVerdictWords } from '../format.ts'

/** The fields of a discrepancy the words are made of. */
export type RulesSide = Pick<ReconcileRow, 'verdict' | 'conversation_id' | 'conversation_category' | 'template_category' | 'derived_pricing_type' | 'derived_charges'>

const NO_CHARGE = '(no charge for this message)'

/** The conversation the message is attributed to, e.g. "a paid Utility conversation"; '' without one. */
function conversation(r: RulesSide, noun: string): string {
  if (r.conversation_id === '' || r.derived_pricing_type === '') return ''
  if (r.derived_pricing_type === 'FREE_ENTRY_POINT' || r.conversation_category === 'FREE_ENTRY_POINT') return `a free entry point ${noun}`
  const category = label(r.conversation_category || r.template_category || 'SERVICE')
  if (r.derived_pricing_type === 'FREE_TIER') return `a free-tier ${category} ${noun}`
  if (r.derived_pricing_type === 'REGULAR') return `a paid ${category} ${noun}`
  return `a ${category} ${noun} (${label(r.derived_pricing_type)})`
}

/**
 * What the rules decided for a discrepancy's message, and whether it cost anything, as the row
 * says (derived_charges: the message opened a paid conversation, or per-message pricing charged
 * it; docs/reconcile.md). E.g. "Opened a Utility conversation (charged)", "Reused a paid Utility
 * window (no charge for this message)", "Charged per message · Utility".
 */
export function rulesWords(r: RulesSide): string {
  const category = label(r.conversation_category || r.template_category || 'SERVICE')
  const verdict = messageVerdictWords(r)
  // what the message cost, from the row: the rules charge only an opening or a per-message charge
  const cost = r.derived_charges === 1 ? '(charged)' : NO_CHARGE
  switch (r.verdict) {
    case 'OPENED':
      if (r.derived_charges === 1) return `Opened a ${category} conversation (charged)`
      return conversation(r, 'conversation') ? `Opened ${conversation(r, 'conversation')} (no charge)` : `${verdict} ${NO_CHARGE}`
    case 'REUSED':
      return conversation(r, 'window') ? `Reused ${conversation(r, 'window')} ${cost}` : `Reused an open ${category} window ${cost}`
    case 'EXTENDED':
      return conversation(r, 'conversation') ? `Extended the service window of ${conversation(r, 'conversation')} ${cost}` : `${verdict} ${cost}`
    // per-message pricing: the verdict's words say the charge; the category is what was priced
    case 'CHARGED': case 'FREE_CUSTOMER_SERVICE': case 'FREE_TIER':
      return `${verdict} · ${category}`
    default:
      // FREE_ENTRY, IN_WINDOW, a guardrail break, anything else
      return conversation(r, 'conversation') ? `${verdict}, in ${conversation(r, 'conversation')} ${cost}` : `${verdict} · ${category} ${cost}`
  }
}
