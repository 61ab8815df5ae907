// The investigation page's timeline colours a tick per verdict (web/src/style.css --v-*, one set
// per theme). A fresh-user trial could not tell "Opened a conversation" from "Reused an open
// window" on the dark theme (#8fb4ff beside #5aaef0: CIEDE2000 9.3): every two verdict colours
// must differ clearly for normal vision and stay apart with a colour-vision deficiency, and each
// must stand out against the card (WCAG 1.4.11, 3:1).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { contrastRatio, deficiencyNames, deltaE2000, simulate } from './support/colour.ts'
import { HALO_PX, verdictColors } from '../web/src/customer/timeline.ts'
import { seriesColor } from '../web/src/colors.ts'

const css = readFileSync(new URL('../web/src/style.css', import.meta.url), 'utf8')
const dark = css.indexOf('@media (prefers-color-scheme: dark)')
/** The custom properties a block of style.css sets: `--v-opened: #0072b2` → { '--v-opened': '#0072b2' }. */
function props(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]))
}
const themes = { light: props(css.slice(0, dark)), dark: props(css.slice(dark, css.indexOf('}', css.indexOf(':root', dark)))) }

// the colours the timeline's ticks use (a per-message verdict shares its conversation twin's)
const used = [...new Set(Object.values(verdictColors).map((v) => /var\((--[\w-]+)\)/.exec(v)![1]!))]

for (const [theme, p] of Object.entries(themes)) {
  describe(`timeline verdict colours, ${theme} theme`, () => {
    it('are all defined, each at least 3:1 against the card', () => {
      expect(p['--card']).toMatch(/^#/)
      for (const v of used) expect({ v, ratio: contrastRatio(p[v]!, p['--card']!) >= 3 }).toEqual({ v, ratio: true })
    })
    it('differ pairwise by CIEDE2000 20 or more, and 7 or more under protanopia, deuteranopia and tritanopia', () => {
      const close: string[] = []
      for (const [i, a] of used.entries()) {
        for (const b of used.slice(i + 1)) {
          if (deltaE2000(p[a]!, p[b]!) < 20) close.push(`${a} ${b}`)
          for (const k of deficiencyNames) if (deltaE2000(simulate(p[a]!, k), simulate(p[b]!, k)) < 7) close.push(`${a} ${b} (${k})`)
        }
      }
      expect(close).toEqual([])
    })
  })
}

// A tick sits on its conversation's bar. Where it has under 3:1 against a bar colour ("Opened" on
// Marketing, "Reused" on Utility in the dark theme: a fresh-user trial could hardly see them) the
// card-coloured halo around it carries it: 3:1 or more against the halo, at least 1.5 px a side
// (the halo drawn: test/trial-polish-browser.test.ts).
describe('timeline ticks on the bars', () => {
  const bars = ['MARKETING', 'UTILITY', 'AUTHENTICATION', 'SERVICE'].flatMap((c) => ['REGULAR', 'FREE_TIER'].map((t) => seriesColor(`${c} · ${t}`)))
  for (const [theme, p] of Object.entries(themes)) {
    it(`stand on a halo where the bar alone would not carry them (${theme})`, () => {
      expect(HALO_PX).toBeGreaterThanOrEqual(1.5)
      const weak = used.flatMap((v) => bars.filter((b) => contrastRatio(p[v]!, b) < 3).map((b) => [v, b]))
      expect(weak.length).toBeGreaterThan(0)
      for (const [v] of weak) expect({ v, onHalo: contrastRatio(p[v!]!, p['--card']!) >= 3 }).toEqual({ v, onHalo: true })
    })
  }
})

describe('colour science', () => {
  it('gives CIEDE2000 0 for one colour and 100 from black to white, and WCAG contrast', () => {
    // the same colour, black against white, and two blues a trial called too close
    expect(deltaE2000('#336699', '#336699')).toBe(0)
    expect(deltaE2000('#000000', '#ffffff')).toBeCloseTo(100, 0)
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2)
    // a deficiency keeps greys grey and merges red with green for a deuteranope
    expect(simulate('#808080', 'deuteranopia')).toBe('#808080')
    expect(deltaE2000(simulate('#d62728', 'deuteranopia'), simulate('#2ca02c', 'deuteranopia'))).toBeLessThan(deltaE2000('#d62728', '#2ca02c') / 3)
  })
})
