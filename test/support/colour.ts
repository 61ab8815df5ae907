// Colour science for the palette tests: CIELAB (D65), the CIEDE2000 difference, WCAG contrast, and
// how a colour looks with a colour-vision deficiency (Machado, Oliveira & Fernandes 2009, severity
// 1, applied in linear RGB). Hex colours "#rrggbb" in, numbers out.

type RGB = [number, number, number]

const linear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
const gamma = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055)
const clamp = (v: number) => Math.min(1, Math.max(0, v))

function linearRgb(hex: string): RGB {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`)
  return [m[1]!, m[2]!, m[3]!].map((h) => linear(parseInt(h, 16) / 255)) as RGB
}

function toHex(c: RGB): string {
  return `#${c.map((v) => Math.round(gamma(clamp(v)) * 255).toString(16).padStart(2, '0')).join('')}`
}

/** WCAG 2.1 contrast ratio of two colours. */
export function contrastRatio(a: string, b: string): number {
  const lum = (h: string) => { const [r, g, bl] = linearRgb(h); return 0.2126 * r + 0.7152 * g + 0.0722 * bl }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

function lab(hex: string): RGB {
  const [r, g, b] = linearRgb(hex)
  const xyz = [
    (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047,
    0.2126729 * r + 0.7151522 * g + 0.072175 * b,
    (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883,
  ].map((t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116))
  return [116 * xyz[1]! - 16, 500 * (xyz[0]! - xyz[1]!), 200 * (xyz[1]! - xyz[2]!)]
}

/** CIEDE2000 colour difference (about 2: just noticeable; above 10: clearly different colours). */
export function deltaE2000(a: string, b: string): number {
  const [L1, a1, b1] = lab(a)
  const [L2, a2, b2] = lab(b)
  const rad = Math.PI / 180
  const C1 = Math.hypot(a1, b1), C2 = Math.hypot(a2, b2), Cm = (C1 + C2) / 2
  const G = 0.5 * (1 - Math.sqrt(Cm ** 7 / (Cm ** 7 + 25 ** 7)))
  const ap1 = a1 * (1 + G), ap2 = a2 * (1 + G)
  const Cp1 = Math.hypot(ap1, b1), Cp2 = Math.hypot(ap2, b2)
  const hue = (x: number, y: number) => (x === 0 && y === 0 ? 0 : (Math.atan2(y, x) / rad + 360) % 360)
  const hp1 = hue(ap1, b1), hp2 = hue(ap2, b2)
  const dL = L2 - L1, dC = Cp2 - Cp1
  let dh = 0
  if (Cp1 * Cp2 !== 0) dh = Math.abs(hp2 - hp1) <= 180 ? hp2 - hp1 : hp2 - hp1 > 180 ? hp2 - hp1 - 360 : hp2 - hp1 + 360
  const dH = 2 * Math.sqrt(Cp1 * Cp2) * Math.sin((dh / 2) * rad)
  const Lm = (L1 + L2) / 2, Cpm = (Cp1 + Cp2) / 2
  let hm = hp1 + hp2
  if (Cp1 * Cp2 !== 0) hm = Math.abs(hp1 - hp2) <= 180 ? hm / 2 : hp1 + hp2 < 360 ? (hm + 360) / 2 : (hm - 360) / 2
  const T = 1 - 0.17 * Math.cos((hm - 30) * rad) + 0.24 * Math.cos(2 * hm * rad) + 0.32 * Math.cos((3 * hm + 6) * rad) - 0.2 * Math.cos((4 * hm - 63) * rad)
  const SL = 1 + (0.015 * (Lm - 50) ** 2) / Math.sqrt(20 + (Lm - 50) ** 2), SC = 1 + 0.045 * Cpm, SH = 1 + 0.015 * Cpm * T
  const RT = -2 * Math.sqrt(Cpm ** 7 / (Cpm ** 7 + 25 ** 7)) * Math.sin(60 * Math.exp(-(((hm - 275) / 25) ** 2)) * rad)
  return Math.sqrt((dL / SL) ** 2 + (dC / SC) ** 2 + (dH / SH) ** 2 + RT * (dC / SC) * (dH / SH))
}

const deficiencies: Record<string, number[][]> = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]],
}
export type Deficiency = 'protanopia' | 'deuteranopia' | 'tritanopia'
export const deficiencyNames = Object.keys(deficiencies) as Deficiency[]

/** How `hex` looks to someone with the colour-vision deficiency `kind`. */
export function simulate(hex: string, kind: Deficiency): string {
  const c = linearRgb(hex)
  return toHex(deficiencies[kind]!.map((row) => row[0]! * c[0] + row[1]! * c[1] + row[2]! * c[2]) as RGB)
}
