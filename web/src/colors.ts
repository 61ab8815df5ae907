// One colour per pricing category in every chart and view, and one shade of it per pricing type
// (category × pricing type), so "Authentication" or "Service · Free tier" look the same in
// Spend over time, Spend across pricing models and whichever split or period is shown: Plot's
// ordinal scheme would hand colours out by the order series happen to appear in.
import type { ColorScheme } from '@observablehq/plot'
import { label } from './format.ts'

export const categories = ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'SERVICE', 'FREE_ENTRY_POINT']
const base: Record<string, string> = {
  MARKETING: '#4e79a7', UTILITY: '#f28e2b', AUTHENTICATION: '#b07aa1', AUTHENTICATION_INTERNATIONAL: '#9d7660',
  SERVICE: '#59a14f', FREE_ENTRY_POINT: '#9c9c9c',
}
export const pricingTypes = ['REGULAR', 'FREE_TIER', 'FREE_CUSTOMER_SERVICE', 'FREE_ENTRY_POINT']
// The pricing type split on its own: paid red, the free kinds in colours no category uses.
const pricingTypeColors: Record<string, string> = { REGULAR: '#e15759', FREE_TIER: '#edc948', FREE_CUSTOMER_SERVICE: '#76b7b2', FREE_ENTRY_POINT: '#9c9c9c' }
// A category's pricing types as shades of its colour: paid in full, the free kinds paler (toward
// white), a message inside a free entry point toward the free entry point's grey. No shade goes
// toward black: it would vanish on the dark theme's cards.
const shade: Record<string, [string, number]> = {
  REGULAR: ['#ffffff', 0], FREE_TIER: ['#ffffff', 0.4], FREE_CUSTOMER_SERVICE: ['#ffffff', 0.65], FREE_ENTRY_POINT: ['#9c9c9c', 0.6],
}

function mix(hex: string, [to, k]: [string, number]): string {
  const at = (h: string, i: number) => parseInt(h.slice(i, i + 2), 16)
  const c = [1, 3, 5].map((i) => Math.round(at(hex, i) * (1 - k) + at(to, i) * k))
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`
}

const other = '#bab0ac'
/** "SERVICE" or "SERVICE · FREE_TIER" (the API's category_pricing_type key). */
export function seriesColor(key: string): string {
  const [category = '', type] = key.split(' · ')
  const c = base[category] ?? other
  if (type === undefined || category === 'FREE_ENTRY_POINT') return c
  return mix(c, shade[type] ?? ['#ffffff', 0.2])
}

const rank = (list: string[], v: string) => (list.includes(v) ? list.indexOf(v) : list.length)
/** Category keys (and category · pricing type keys) in one fixed order: paid first in each category. */
export function byCategory(a: string, b: string): number {
  const [ca = '', ta = ''] = a.split(' · ')
  const [cb = '', tb = ''] = b.split(' · ')
  return rank(categories, ca) - rank(categories, cb) || rank(pricingTypes, ta) - rank(pricingTypes, tb) || a.localeCompare(b)
}

/** "MARKETING · REGULAR" → "Marketing · Paid"; the window of a free entry point says it is one. */
export function seriesText(key: string): string {
  if (key === 'FREE_ENTRY_POINT · FREE_ENTRY_POINT') return 'Free entry point · 72 h window'
  const [category = '', type] = key.split(' · ')
  if (type === 'FREE_ENTRY_POINT') return `${label(category)} · In a free entry point`
  return key.split(' · ').map(label).join(' · ')
}

/**
 * What the two free-entry series are (pricing-models.md): a message charged inside a free entry
 * point's window (a per-message row, free), and the 72 h free-entry window itself.
 */
export function seriesNote(key: string): string {
  const [category = '', type] = key.split(' · ')
  if (category === 'FREE_ENTRY_POINT') return 'the 72 h free-entry window itself, opened by the reply to an ad or Page button: one free conversation'
  if (type === 'FREE_ENTRY_POINT') return `a ${label(category).toLowerCase()} message inside a free entry point's 72 h window (or the reply that opened it): a per-message charge row, free`
  return ''
}

/** The same in a few words, for a tooltip line (Plot's tip cuts a line at its width). */
export function seriesHint(key: string): string | undefined {
  const [category = '', type] = key.split(' · ')
  if (category === 'FREE_ENTRY_POINT') return 'the 72 h free-entry window itself'
  if (type === 'FREE_ENTRY_POINT') return 'a message in a free-entry window (per-message row)'
  return undefined
}

/** Plot color scale options for a split of the spend: fixed colours where the split has them. */
export function colorScale(split: string, keys: Iterable<string>): { domain: string[]; range?: string[]; scheme?: ColorScheme; type: 'ordinal' } {
  const domain = [...new Set(keys)]
  if (split === 'category' || split === 'category_pricing_type') {
    domain.sort(byCategory)
    return { type: 'ordinal', domain, range: domain.map(seriesColor) }
  }
  if (split === 'pricing_type') {
    domain.sort((a, b) => rank(pricingTypes, a) - rank(pricingTypes, b))
    return { type: 'ordinal', domain, range: domain.map((k) => pricingTypeColors[k] ?? other) }
  }
  return { type: 'ordinal', domain: domain.sort(), scheme: 'tableau10' }
}
