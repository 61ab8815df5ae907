// Headline cards: total spend, paid and free conversations, charges avoided, guardrail breaks,
// undelivered messages, and spend by category.
import { fetchTable, rowsOf } from '../api.ts'
import { count, label, money } from '../format.ts'

interface Row { section: string; key: string; currency: string; count: number; cost: number }

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
    const rows = rowsOf<Row>(await fetchTable('headline', params, signal))
    const find = (s: string, k: string) => rows.filter((r) => r.section === s && r.key === k)
    const sum = (rs: Row[], f: 'count' | 'cost') => rs.reduce((a, r) => a + r[f], 0)
    const totals = find('total', '')
    const currency = totals[0]?.currency ?? 'USD'
    // Several currencies are shown side by side, never added up.
    const spend = totals.length > 1 ? totals.map((t) => money(t.cost, t.currency)).join(' + ') : money(sum(totals, 'cost'), currency)
    const byCategory = rows.filter((r) => r.section === 'category').sort((a, b) => b.cost - a.cost)
    const msg = (k: string) => sum(find('messages', k), 'count')
    // Charged conversations with no rate-card price: the total is a lower bound, and says so.
    const unpriced = sum(find('unpriced', ''), 'count')
    const conversations = `${count(sum(totals, 'count'))} conversations`
    const cards = [
      unpriced > 0
        ? card('total-spend', 'Total spend', spend, `incomplete: ${count(unpriced)} conversations have no price · ${conversations}`, true)
        : card('total-spend', 'Total spend', spend, conversations),
      card('paid', 'Paid conversations', count(sum(find('pricing_type', 'REGULAR'), 'count')),
        `${count(sum(find('pricing_type', 'FREE_TIER'), 'count'))} free tier · ${count(sum(find('pricing_type', 'FREE_ENTRY_POINT'), 'count'))} free entry point`),
      card('by-category', 'Spend by category', byCategory.length ? label(byCategory[0]!.key) : '—',
        byCategory.map((r) => `${label(r.key)} ${money(r.cost, r.currency)} (${count(r.count)})`).join(' · ') || 'no conversations'),
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
