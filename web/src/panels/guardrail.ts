// Guardrail breaks (free-form sends outside the customer service window) and undelivered
// messages per day, one row of bars each, coloured by phone number.
import * as Plot from '@observablehq/plot'
import { fetchTable } from '../api.ts'
import { day, label } from '../format.ts'
import type { Render } from '../panel.ts'

export function guardrail(params: URLSearchParams, signal: AbortSignal): Render {
  return async (body, width) => {
    const t = await fetchTable('guardrail', params, signal)
    if (t.numRows === 0) return false
    body.append(Plot.plot({
      width, height: 300, marginLeft: 50, marginRight: 120,
      x: { type: 'utc', label: 'Day' },
      y: { grid: true, label: 'Messages' },
      fy: { label: null, tickFormat: label, domain: ['OUTSIDE_SERVICE_WINDOW', 'NOT_DELIVERED'] },
      color: { type: 'ordinal', legend: true, scheme: 'tableau10', label: 'Phone number' },
      marks: [
        Plot.rectY(t, Plot.binX({ y: 'sum' }, { x: 'day', interval: 'day', y: 'messages', fill: 'label', fy: 'verdict', insetLeft: 0.5, insetRight: 0.5,
          tip: { format: { x1: (d: Date) => day(d.getTime()), x2: false, fy: label } } } as Parameters<typeof Plot.binX>[1])),
        Plot.ruleY([0]),
      ],
    }))
    return true
  }
}
