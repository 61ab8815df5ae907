// Headline cards: total spend, paid and free conversations (and per-message charges), charges
// avoided, guardrail breaks, undelivered messages, and spend by category.
import { fetchTable, rowsOf } from '../api.ts'
import { amount, count, label, money } from '../format.ts'

interface Row { section: string; key: string; currency: string; count: number; cost: number }
interface UnitRow { key: string; conversations: number }

/**
 * What the period's charges are, in words: conversations (until June 2025), per-message charges
 * (since July 2025) or both, from the spend split by unit.
 */
function chargeWords(units: UnitRow[]): { total: (n: number) => string; paid: string; noun: string } {
  const n = (k: string) => units.filter((u) => u.key === k).reduce((a, u) => a + u.conversations, 0)
  const convs = n('conversation')
  const msgs = n('message')
  const some = (k: number, one: string) => `${count(k)} ${one}${k === 1 ? '' : 's'}`
  if (msgs === 0) return { total: (all) => `${count(all)} conversations`, paid: 'Paid conversations', noun: 'conversations' }
  if (convs === 0) return { total: (all) => some(all, 'per-message charge'), paid: 'Paid charges', noun: 'charges' }
  return { total: () => `${some(convs, 'conversation')} and ${some(msgs, 'per-message charge')}`, paid: 'Paid conversations and charges', noun: 'charges' }
}

/**
 * The category parts as the card writes them, in units of the total's last written digit (cents;
 * 1/10,000 when the total is under a cent, as amount() writes it), by largest remainder: each part
 * is rounded down, then the units left go to the parts that lost most. Finance reconciles the
 * card to the cent, so the written parts add up to the written total, and the total stays the
 * exact total rounded once (rounding each part on its own read $624.11 of parts under $624.12).
 * Amounts are taken to the micro-unit first (prices have at most 6 decimals), so float noise
 * cannot move a unit. Returns undefined when the parts cannot be shared that way (a negative part
 * or a total below their sum): each part is then written on its own.
 */
export function shares(parts: number[], total: number, digits: number): number[] | undefined {
  const step = 10 ** (6 - digits)
  const micros = parts.map((p) => Math.round(p * 1e6))
  if (micros.some((m) => m < 0)) return undefined
  const units = micros.map((m) => Math.floor(m / step))
  let left = Math.round(Math.round(total * 1e6) / step) - units.reduce((a, u) => a + u, 0)
  if (left < 0 || left > parts.length) return undefined
  const order = micros.map((m, i) => i).sort((a, b) => (micros[b]! % step) - (micros[a]! % step) || micros[b]! - micros[a]!)
  for (const i of order) { if (left === 0) break; units[i]! += 1; left -= 1 }
  return units.map((u) => u / 10 ** digits)
}

/** Each category with its amount written so that, per currency, they add up to that currency's total. */
function categoryParts(byCategory: Row[], totals: Row[]): string[] {
  const written = new Map<Row, string>()
  for (const currency of new Set(byCategory.map((r) => r.currency))) {
    const parts = byCategory.filter((r) => r.currency === currency)
    const total = totals.find((t) => t.currency === currency)?.cost ?? parts.reduce((a, r) => a + r.cost, 0)
    const digits = Math.abs(total) > 0 && Math.abs(total) < 0.01 ? 4 : 2
    const shared = shares(parts.map((r) => r.cost), total, digits)
    parts.forEach((r, i) => {
      const v = shared?.[i]
      // A part under the total's last digit that got no unit is not free: it says so.
      written.set(r, v === undefined ? amount(r.cost, currency) : v === 0 && r.cost > 0 ? `under ${money(10 ** -digits, currency, digits)}` : money(v, currency, digits))
    })
  }
  return byCategory.map((r) => `${label(r.key)} ${written.get(r)} (${count(r.count)})`)
}

function card(id: string, title: string, value: string, detail: string, bad = false): HTMLElement {
  const el = document.createElement('article')
  el.className = `card${bad ? ' bad' : ''}`
  el.id = id
  el.innerHTML = '<h3></h3><div class="value"></div><div class="detail"></div>'
  el.querySelector('h3')!.textContent = title
  el.querySelector('.value')!.textContent = value
  el.querySelector('.detail')!.textContent = detail
  return el
}

export async function headline(section: HTMLElement, params: URLSearchParams, signal: AbortSignal): Promise<void> {
  section.setAttribute('aria-busy', 'true')
  try {
    const byUnit = new URLSearchParams(params)
    byUnit.set('granularity', 'total')
    byUnit.set('split', 'unit')
    const [rows, units] = await Promise.all([
      fetchTable('headline', params, signal, true).then((t) => rowsOf<Row>(t)),
      fetchTable('spend', byUnit, signal, true).then((t) => rowsOf<UnitRow>(t)),
    ])
    const words = chargeWords(units)
    const find = (s: string, k: string) => rows.filter((r) => r.section === s && r.key === k)
    const sum = (rs: Row[], f: 'count' | 'cost') => rs.reduce((a, r) => a + r[f], 0)
    const totals = find('total', '')
    const currency = totals[0]?.currency ?? 'USD'
    // Several currencies are shown side by side, never added up.
    const spend = totals.length > 1 ? totals.map((t) => amount(t.cost, t.currency)).join(' + ') : amount(sum(totals, 'cost'), currency)
    const byCategory = rows.filter((r) => r.section === 'category').sort((a, b) => b.cost - a.cost)
    const msg = (k: string) => sum(find('messages', k), 'count')
    // Charged conversations with no rate-card price: the total is a lower bound, and says so.
    const unpriced = sum(find('unpriced', ''), 'count')
    const conversations = words.total(sum(totals, 'count'))
    const cards = [
      unpriced > 0
        ? card('total-spend', 'Total spend', spend, `incomplete: ${count(unpriced)} ${words.noun} have no price · ${conversations}`, true)
        : card('total-spend', 'Total spend', spend, conversations),
      card('paid', words.paid, count(sum(find('pricing_type', 'REGULAR'), 'count')),
        `${count(sum(find('pricing_type', 'FREE_TIER'), 'count'))} free tier · ${count(sum(find('pricing_type', 'FREE_ENTRY_POINT'), 'count'))} free entry point`),
      // The value is the category with the most spend: the title says so (it read "Spend by
      // category" over one name); the detail has every category's spend.
      card('by-category', 'Largest category by spend', byCategory.length ? label(byCategory[0]!.key) : '—',
        categoryParts(byCategory, totals).join(' · ') || `no ${words.noun}`),
      card('reused', 'Templates reused', count(msg('REUSED')), 'sent inside an open window: no new charge'),
      card('guardrail-breaks', 'Guardrail breaks', count(msg('OUTSIDE_SERVICE_WINDOW')), 'free-form sends outside the 24 h service window', msg('OUTSIDE_SERVICE_WINDOW') > 0),
      card('not-delivered', 'Not delivered', count(msg('NOT_DELIVERED')), 'failed or still pending: no charge'),
    ]
    section.replaceChildren(...cards)
  } catch (e) {
    if ((e as Error).name === 'AbortError') return
    section.replaceChildren(card('total-spend', 'Headline figures', '—', `Could not load: ${(e as Error).message}`, true))
  } finally {
    section.setAttribute('aria-busy', 'false')
  }
}
