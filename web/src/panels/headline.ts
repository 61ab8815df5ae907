// Headline cards: total spend, paid and free conversations (and per-message charges), charges
// avoided, guardrail breaks, undelivered messages, and spend by category.
import { fetchTable, rowsOf, unanswered } from '../api.ts'
import { amount, count, label, pricedAmount, roundedApart } from '../format.ts'
import { NOTHING_STORED, nothingStored, pastData } from '../data-span.ts'
import { billedDifferently, billedGone } from './billed-differently.ts'
import { notApplied } from '../state.ts'
import { spendApart } from '../labels-apart.ts'
import { failedWords, hasSpend, storedNothing } from '../panel.ts'

interface Row { section: string; key: string; currency: string; count: number; cost: number }
interface UnitRow { key: string; conversations: number }
/** /api/spend by category for the period (api/routes/dashboard.ts SpendRow). */
interface CategoryRow { key: string; currency: string | null; conversations: number; cost: number | null; unpriced: number; priced_cost: number }

/**
 * What the period's charges are, in words: conversations (until June 2025), per-message charges
 * (since July 2025) or both, from the spend split by unit.
 */
function chargeWords(units: UnitRow[]): { total: (n: number) => string; paid: string; noun: string; some: (n: number) => string } {
  const n = (k: string) => units.filter((u) => u.key === k).reduce((a, u) => a + u.conversations, 0)
  const convs = n('conversation')
  const msgs = n('message')
  const some = (k: number, one: string) => `${count(k)} ${one}${k === 1 ? '' : 's'}`
  if (msgs === 0) return { total: (all) => some(all, 'conversation'), paid: 'Paid conversations', noun: 'conversations', some: (k) => some(k, 'conversation') }
  if (convs === 0) return { total: (all) => some(all, 'per-message charge'), paid: 'Paid charges', noun: 'charges', some: (k) => some(k, 'charge') }
  return { total: () => `${some(convs, 'conversation')} and ${some(msgs, 'per-message charge')}`, paid: 'Paid conversations and charges', noun: 'charges', some: (k) => some(k, 'charge') }
}

/**
 * Each category with its amount: its own exact amount rounded to the cent (money(): half away
 * from zero on the exact decimal), as every panel and the invoice export round it, so finance
 * reconciles each line with its export line. The parts may then differ from the rounded total by
 * a cent or two; the card says so (they were spread by largest remainder to add up, which wrote
 * $126.08 for a category the invoice export has at 126.0744).
 */
function categoryParts(byCategory: CategoryRow[]): string[] {
  return byCategory.map((r) => `${label(r.key)} ${categoryAmount(r)} (${count(r.conversations)})`)
}

/**
 * A category's amount; with charges without a rate-card price, what is priced and how many are
 * not ("$0.06 + no price for 1"), or only that when none is priced (no currency is stated then):
 * it read "Utility $0.00" for a category none of whose charges had a price.
 */
function categoryAmount(r: CategoryRow): string {
  if (r.cost !== null) return amount(r.cost, r.currency ?? '')
  const none = pricedAmount(null, r.unpriced, '')
  return r.currency === null ? none : `${amount(r.priced_cost, r.currency)} + ${none}`
}

/**
 * The category with the most spend, when that is known: the largest priced amount, no other
 * category having charges without a price (its amount, unknown, could be larger); undefined when
 * none can be ranked. With every charge unpriced it named whichever category came first (trial).
 */
function largestCategory(byCategory: CategoryRow[]): CategoryRow | undefined {
  const top = byCategory.reduce<CategoryRow | undefined>((a, r) => (!a || r.priced_cost > a.priced_cost || (r.priced_cost === a.priced_cost && r.unpriced > a.unpriced) ? r : a), undefined)
  return top && byCategory.every((r) => r === top || r.unpriced === 0) ? top : undefined
}

/** The category card's value and the words before its categories: the largest, or why none is named. */
function largestWords(byCategory: CategoryRow[], spent: boolean): { value: string; lead: string } {
  if (!byCategory.length) return { value: '—', lead: '' }
  // no largest of a spend of $0 (every charge free: it named "Free entry point" at $0.00 beside
  // Spend over time's "No spend in this period": new-user trial)
  if (!spent) return { value: 'No spend', lead: 'all its charges are free: ' }
  const largest = largestCategory(byCategory)
  if (largest) return { value: label(largest.key), lead: '' }
  const unknown = byCategory.some((r) => r.priced_cost > 0) ? 'some amounts unknown' : 'amounts unknown'
  return { value: 'Not known', lead: `no category can be ranked by spend, ${unknown}: ` }
}

/**
 * What the categories' amounts (those with one: categoryAmount) add up to beside the total spend,
 * where they differ and are all of one currency (labels-apart.ts spendApart); '' otherwise.
 */
function categoriesApart(byCategory: CategoryRow[]): string {
  const amounts = byCategory.filter((r) => r.cost !== null || r.currency !== null).map((r) => ({ amount: r.cost ?? r.priced_cost, currency: r.currency }))
  return spendApart(amounts, amounts[0]?.currency ?? '')
}

/**
 * The period's total: each currency's priced amount side by side (never added up) and, with
 * charges without a rate-card price, how many ("$5.00 + no price for 2"), as the category card
 * writes it. A currency whose priced amount is 0 while some charges have no price is left out:
 * the total read "$0.00" for a filter none of whose charges had a price (their currency is the
 * derive's fallback, not a price's), a silent wrong number.
 */
function totalAmount(totals: Row[], unpriced: number): string {
  const shown = unpriced > 0 ? totals.filter((t) => t.cost !== 0) : totals
  const parts = shown.map((t) => amount(t.cost, t.currency))
  if (unpriced > 0) parts.push(pricedAmount(null, unpriced, ''))
  return parts.length ? parts.join(' + ') : amount(0, 'USD')
}

/** The paid card's tooltip: what a pricing type is, in the words of Meta's docs (pricing.type). */
const PRICING_TYPE_HINT = 'Pricing type (Meta\'s pricing.type): why a charge is paid (regular) or free (free tier, free entry point, free customer service).'
  + ' Under per-message pricing a message delivered inside a free-entry window has pricing type free entry point and keeps its own pricing category.'
/** The category card's tooltip: what a pricing category is (Meta's pricing.category). */
const PRICING_CATEGORY_HINT = 'Pricing category (Meta\'s pricing.category): the rate a charge is priced at (marketing, utility, authentication, service),'
  + ' or free entry point for a free-entry window itself; the messages delivered inside one count under their own category.'

/**
 * Why free entry point counts differ as a pricing type (`type`) and as a pricing category
 * (`category`), or '' when they do not: the pricing type also counts the per-message charges
 * delivered inside a free-entry window (pricing-models.md §3 P3: pricing type free entry point,
 * category their own), the category the windows alone (P2; every conversation-based one, rule 9).
 */
function fepApart(type: number, category: number): string {
  const inside = type - category
  if (inside <= 0) return ''
  const messages = `${count(inside)} message${inside === 1 ? '' : 's'} delivered inside ${category === 0 ? 'free-entry windows' : 'one'} under per-message pricing,`
    + ` whose pricing category is ${inside === 1 ? 'its' : 'their'} own (Service, Marketing …)`
  const windows = category === 0 ? '' : `the ${count(category)} free-entry window${category === 1 ? '' : 's'} (pricing category Free entry point) and `
  return `Free entry point as a pricing type (${count(type)}) counts ${windows}${messages}.`
}

function card(id: string, title: string, value: string, detail: string, bad = false, note = ''): HTMLElement {
  const el = document.createElement('article')
  el.className = `card${bad ? ' bad' : ''}`
  el.id = id
  el.innerHTML = '<h3></h3><div class="value"></div><div class="detail"></div>'
  el.querySelector('h3')!.textContent = title
  el.querySelector('.value')!.textContent = value
  el.querySelector('.detail')!.textContent = detail
  if (note) el.append(Object.assign(document.createElement('p'), { className: 'note', textContent: note }))
  return el
}

/**
 * The headline cards for `params` (the filter bar's query); `data`: the days with data of the
 * view's WABA (UTC midnights), named when no stored message falls in the period (and filters):
 * the cards said "$0.00 · 0 conversations" then, which read as a period without spend (fresh-user
 * trial: finance could file a month outside the data as $0), and the days of a period past them
 * (or before them), whose total read as the whole period's ("$222.52" for September 2024, the
 * data ending on the 20th: trial). `keep`: a live refresh, whose
 * figures stay when the server does not answer it (stopped or restarting). Resolves true when the
 * server answered (the cards show its figures, or what it said), false when it did not or the
 * load was aborted: the live mark's time moves only with an answer (live.ts).
 */
export async function headline(section: HTMLElement, params: URLSearchParams, signal: AbortSignal, data?: { from: number; to: number }, keep = false): Promise<boolean> {
  section.setAttribute('aria-busy', 'true')
  try {
    const byUnit = new URLSearchParams(params)
    byUnit.set('granularity', 'total')
    byUnit.set('split', 'unit')
    const byCat = new URLSearchParams(byUnit)
    byCat.set('split', 'category')
    const [rows, units, categories] = await Promise.all([
      fetchTable('headline', params, signal, true).then((t) => rowsOf<Row>(t)),
      fetchTable('spend', byUnit, signal, true).then((t) => rowsOf<UnitRow>(t)),
      fetchTable('spend', byCat, signal, true).then((t) => rowsOf<CategoryRow>(t)),
    ])
    // the line under the cards on what Meta billed differently, once the reconciliation answers
    // (it may first catch up with the batches: the cards do not wait for it)
    const line = document.getElementById('billed-differently')
    if (line) void billedDifferently(line, params, signal, keep)
    // no stored message in the period (WABA and phone filters; market, category and country do not apply to messages)
    if (!rows.some((r) => r.section === 'stored' || (r.section === 'total' && r.count > 0))) {
      // (a key whose WABAs hold no data: the one sentence every empty panel then says)
      section.replaceChildren(card('total-spend', 'Total spend', 'No data', storedNothing() ? NOTHING_STORED : nothingStored(data, 'a spend of $0', params.has('phone')), true))
      return true
    }
    const words = chargeWords(units)
    const find = (s: string, k: string) => rows.filter((r) => r.section === s && r.key === k)
    const sum = (rs: Row[], f: 'count' | 'cost') => rs.reduce((a, r) => a + r[f], 0)
    const totals = find('total', '')
    // per category as the spend chart has it: a cost null when some charges have no price
    const byCategory = categories.sort((a, b) => b.priced_cost - a.priced_cost)
    // some spend, priced or not (as Spend over time tests a series)
    const spent = byCategory.some(hasSpend)
    const largest = largestWords(byCategory, spent)
    const msg = (k: string) => sum(find('messages', k), 'count')
    // Charged conversations with no rate-card price: the total is a lower bound, and says so.
    const unpriced = sum(find('unpriced', ''), 'count')
    const spend = totalAmount(totals, unpriced)
    const conversations = words.total(sum(totals, 'count'))
    const regular = sum(find('pricing_type', 'REGULAR'), 'count')
    const fepType = sum(find('pricing_type', 'FREE_ENTRY_POINT'), 'count')
    const fepCategory = byCategory.filter((r) => r.key === 'FREE_ENTRY_POINT').reduce((a, r) => a + r.conversations, 0)
    const partial = pastData({ from: params.get('from') ?? '', to: params.get('to') ?? '' }, data)
    const cards = [
      unpriced > 0
        ? card('total-spend', 'Total spend', spend, `incomplete: ${words.some(unpriced)} ${unpriced === 1 ? 'has' : 'have'} no price · ${conversations}`, true, partial)
        : card('total-spend', 'Total spend', spend, conversations, false, partial),
      // every pricing type, so paid and free add up to the total: under per-message pricing free
      // customer-service messages were left out (4 paid · 0 · 2 of 7: fresh-user trial). Named
      // pricing types, as Meta's docs and pricing.type name them: beside the pricing categories'
      // card, "2,152 free entry point" here and "Free entry point (2,151)" there read as a
      // contradiction (trial: the 1 reply of a per-message free entry point is a charge of pricing
      // type free entry point and pricing category Service).
      Object.assign(card('paid', words.paid, count(regular),
        `pricing types: ${count(sum(find('pricing_type', 'FREE_TIER'), 'count'))} free tier · ${count(fepType)} free entry point`
        + (find('pricing_type', 'FREE_CUSTOMER_SERVICE').length ? ` · ${count(sum(find('pricing_type', 'FREE_CUSTOMER_SERVICE'), 'count'))} free customer service` : ''),
        false, fepApart(fepType, fepCategory)), { title: PRICING_TYPE_HINT }),
      // The value is the category with the most spend: the title says so (it read "Spend by
      // category" over one name); the detail has every category's spend.
      // the categories are parts of the total spend, each rounded once: where their labels add up
      // apart from it, both figures (labels-apart.ts; only the note said it: fresh-user trial)
      Object.assign(card('by-category', 'Largest pricing category by spend', largest.value,
        largest.lead + (categoryParts(byCategory).join(' · ') || `no ${words.noun}`), false,
        spent && byCategory.length > 1 ? roundedApart('the exports') + categoriesApart(byCategory) : ''), { title: PRICING_CATEGORY_HINT }),
      card('reused', 'Templates reused', count(msg('REUSED')), 'sent inside an open window: no new charge', false, notApplied(params, 'All messages')),
      card('guardrail-breaks', 'Guardrail breaks', count(msg('OUTSIDE_SERVICE_WINDOW')), 'free-form sends outside the 24 h service window', msg('OUTSIDE_SERVICE_WINDOW') > 0, notApplied(params, 'All messages')),
      card('not-delivered', 'Not delivered', count(msg('NOT_DELIVERED')), 'failed or still pending: no charge', false, notApplied(params, 'All messages')),
    ]
    section.replaceChildren(...cards)
    return true
  } catch (e) {
    if ((e as Error).name === 'AbortError') return false
    // a live refresh's figures stay while the server does not answer (as panel.ts show's)
    if (keep && unanswered(e) && section.querySelector('#total-spend')) return false
    section.replaceChildren(card('total-spend', 'Headline figures', '—', failedWords(e, 'Could not load: '), true))
    // the line under the cards goes with their figures: after a key refused (or not let read) in a
    // restart, the earlier key's "616 discrepancies, +$35.92" stayed under "Not shown" (break-it trial)
    const line = document.getElementById('billed-differently')
    if (line) billedGone(line)
    return !unanswered(e)
  } finally {
    section.setAttribute('aria-busy', 'false')
  }
}
