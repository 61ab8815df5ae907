// The customer timeline's tooltip: every chart's (../tip.ts), one for the whole timeline, of the
// mark nearest the pointer: a message's tick, a per-message charge's dot or any point along a
// conversation's bar. One tip, not one per mark as Plot gives each mark with `tip`: those each
// follow the pointer on their own, so a tick on a bar (every bar's opening message) or a dot
// above its message's tick showed two tips over each other.
import * as Plot from '@observablehq/plot'
import type { RenderFunction } from '@observablehq/plot'
import { tipAt, wholeDates } from '../tip.ts'
import { plotWidth } from './axis.ts'

/** A place on the timeline that shows a tip: its wall-clock time, lane, phone number, text and offset from its lane's centre (px, a mark's dy). */
export interface Pointed { x: number; lane: string; phone_number_id: string; tip: string; dy: number }

/** A bar as pointed at: from x1 to x2 (wall clock) in its lane, with its tip. */
export type PointedBar = Omit<Pointed, 'x' | 'dy'> & { x1: number; x2: number }

// A bar's points are this far apart (px); none is nearer a tick of its lane than twice
// TICK_REACH_PX, so a tick's tip shows within TICK_REACH_PX of it (a 2.5 px tick on its halo).
const STEP_PX = 6
const TICK_REACH_PX = 4

/**
 * Points along each bar, STEP_PX apart within the axis (a zoom cuts bars; none off it), none
 * near a tick of its lane (`ticks`): Plot's pointer finds a mark by one point, a bar by its
 * middle, within 40 px of the pointer (a 72 h bar on a desktop had no tip along most of it);
 * Plot's own tip of a bar takes the nearest middle along the lane instead, so a short bar's tip
 * showed at the end of a long one beside it. A bar covered by its ticks keeps its middle.
 */
export function alongBars(bars: PointedBar[], ticks: Pointed[], domain: [number, number], width: number): Pointed[] {
  const [from, to] = domain
  const msPerPx = (to - from) / plotWidth(width)
  const reach = 2 * TICK_REACH_PX * msPerPx
  return bars.flatMap(({ x1, x2, ...bar }) => {
    const [a, z] = [Math.max(x1, from), Math.min(x2, to)]
    if (a > z) return []
    const near = ticks.filter((t) => t.lane === bar.lane && t.phone_number_id === bar.phone_number_id && t.x > a - reach && t.x < z + reach)
    const n = Math.max(1, Math.ceil((z - a) / msPerPx / STEP_PX))
    const xs = Array.from({ length: n + 1 }, (_, i) => a + (i * (z - a)) / n).filter((x) => near.every((t) => Math.abs(t.x - x) >= reach))
    return (xs.length > 0 ? xs : [(a + z) / 2]).map((x) => ({ ...bar, x, dy: 0 }))
  })
}

/**
 * The timeline's tip mark over `points` (ticks last: a tick wins a tie with a bar's point), its dates whole,
 * pointed and drawn at each point's dy: a charge's dot sits 9 px above its message's tick, at
 * the same time in the same lane, and Plot's pointer finds a mark at its lane's centre.
 */
export function timelineTip(points: Pointed[], width: number, faceted: boolean): Plot.Markish {
  const pointer = Plot.pointer({ x: 'x', y: 'lane', ...(faceted ? { fy: 'phone_number_id' } : {}), title: 'tip', ...tipAt(width) })
  const pointed = pointer.render!
  const shifted: RenderFunction = function (this: unknown, index, scales, values, dimensions, context, next) {
    const y = Array.from(values.y ?? [], (v: number, i) => v + points[i]!.dy)
    return pointed.call(this, index, scales, { ...values, y } as typeof values, dimensions, context, next)
  }
  // its dates whole (wholeDates); the same points in the same order, so each keeps its dy
  return Plot.tip(points.map((p) => ({ ...p, tip: wholeDates(p.tip) })), { ...pointer, render: shifted })
}
