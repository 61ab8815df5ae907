// The dashboard's "Download CSV": the finance exports (docs/exports.md) of exactly the view's
// WABA and period, and for the ledger and daily files its phone number, market, category and country too
// (the invoice is per WABA and period: the control says so when those filters are set). Fetched
// with the page's key in the Authorization header, saved under the server's file name. Disabled,
// saying why, while the server refuses the page's key or would not let it read (key-state.ts):
// whoever heard it (the filter options, the live stream, a download refused here).
import { fetchFile, notAnswered, saveFile, statusOf, unanswered } from './api.ts'
import { keyCannotReadWords, keyNotValid } from './no-key.ts'
import { keyAnswered, keyHeard, onKeyHeard, onServerBack, type KeyState } from './key-state.ts'
import { filterQuery, type ViewState } from './state.ts'
import { pastData, uncovered } from './data-span.ts'
import { isoDay } from './day-fields.ts'
import { listed } from './format.ts'
import type { Period } from './panels/spend.ts'

type Kind = 'ledger' | 'daily' | 'invoice'

/** Said in the scope sentence, Download CSV disabled, while the server says this of the page's key. */
const keyWords: Partial<Record<KeyState, string>> = { refused: keyNotValid, unread: keyCannotReadWords }
/** The same, short, on the phone's folded Export CSV line (it gave no sign until opened: break-it trial). */
const keyShort: Partial<Record<KeyState, string>> = { refused: 'key not valid', unread: 'key may not read' }

/** The filter-bar fields each export takes (api/routes/exports.ts; the invoice refuses the others). */
const fields: Record<Kind, (keyof ViewState)[]> = {
  ledger: ['waba', 'phone', 'market', 'category', 'country', 'from', 'to'],
  daily: ['waba', 'phone', 'market', 'category', 'country', 'from', 'to'],
  invoice: ['waba', 'from', 'to'],
}

const narrowing = [['phone', 'phone number'], ['market', 'market'], ['category', 'category'], ['country', 'country']] as const

export interface ExportControl {
  /**
   * Follows the filter bar: what the file will cover, said in words; `problem`: a period that
   * cannot be exported; `data`: the days with data of the view's WABA (UTC midnights), said when
   * the period runs past them (its total read as the whole period's: fresh-user trial).
   */
  update(state: ViewState, problem: string, data?: Period): void
  /**
   * Nothing can be exported (no API key): `why` is said in the scope sentence, `short` on the
   * phone's folded line, and Download CSV is disabled; '' lifts it (a key added to the page's
   * address). A key the server refused, or would not let read, is said from key-state.ts.
   */
  refuse(why: string, short?: string): void
  /**
   * The names of the WABAs a key limited to some may read (undefined: a key of every WABA): with
   * no WABA chosen the file covers those, and the sentence names them (it said "all WABAs").
   */
  limit(wabas: string[] | undefined): void
  /**
   * Whether the WABAs the key may read hold any data (the filter options list a WABA): with none,
   * nothing can be exported, and the sentence says so (a key limited to a WABA without data
   * exported files with no rows, which finance could file as a period of no spend: break-it trial).
   */
  stored(any: boolean): void
}

/** Said, Download CSV disabled, when no WABA the key may read (`readable`'s names; undefined: every WABA) holds data. */
const nothingStored = (readable: string[] | undefined): string => (readable
  ? `Nothing to export: ${readable.length === 1 ? 'WABA' : 'WABAs'} ${readable.join(', ')} (all this key may read) ${readable.length === 1 ? 'has' : 'have'} no data stored yet, so any file would hold no rows.`
  : 'Nothing to export: no data is stored yet, so any file would hold no rows.')

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`
}

/**
 * Wires the export form (web/index.html #export) to the filter bar `filters`: its labels name the
 * view's WABA and filters in the scope sentence. `line`: where the phone's folded Export CSV line
 * says, in short, why nothing can be exported (filter-summary.ts folds the form behind it).
 */
export function exportControl(form: HTMLFormElement, filters: HTMLFormElement, line?: HTMLElement): ExportControl {
  const kindSelect = form.elements.namedItem('kind') as HTMLSelectElement
  const excel = form.elements.namedItem('excel') as HTMLInputElement
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!
  const scope = form.querySelector<HTMLElement>('[data-role=scope]')!
  const status = form.querySelector<HTMLElement>('[data-role=status]')!
  let state: ViewState | undefined
  let problem = ''
  let data: Period | undefined
  let busy = false
  /** Why nothing can be exported, as the page says (refuse), else as the server said of the key. */
  let without = ''
  let withoutShort = ''
  let keySaid = keyWords[keyHeard()] ?? ''
  const refused = () => without || keySaid
  let readable: string[] | undefined
  let empty = false

  const clearStatus = () => { status.textContent = ''; status.classList.remove('error', 'warn') }
  const chosen = (name: string) => (filters.elements.namedItem(name) as HTMLSelectElement | null)?.selectedOptions[0]?.text ?? ''

  function describe(): void {
    if (line) {
      const why = without ? withoutShort : keySaid ? keyShort[keyHeard()] ?? '' : empty ? 'no data' : problem ? 'period not valid' : ''
      line.textContent = why ? ` unavailable: ${why}` : ''
      line.hidden = !why
    }
    button.disabled = refused() !== ''
    if (refused()) { scope.textContent = refused(); return }
    if (empty) { scope.textContent = nothingStored(readable); button.disabled = true; return }
    if (!state) return
    const kind = kindSelect.value as Kind
    const s = state
    const who = s.waba ? chosen('waba')
      : readable ? `${readable.length === 1 ? 'WABA' : 'WABAs'} ${readable.join(', ')} (all this key may read)` : 'all WABAs'
    const when = s.from && s.to ? `${s.from} to ${s.to}` : s.from ? `from ${s.from}` : s.to ? `up to ${s.to}` : 'every day with data'
    const set = narrowing.filter(([k]) => s[k])
    // the WABAs in scope: the chosen one, those a limited key may read, or the menu's (loaded)
    const wabas = s.waba ? 1 : readable ? readable.length : [...(filters.elements.namedItem('waba') as HTMLSelectElement | null)?.options ?? []].filter((o) => o.value).length
    // "each WABA" of one WABA read as if more were in the file, of a phone number's too, whose
    // rows are its WABA's alone (fresh-user trials)
    const days = wabas === 1 ? 'the WABA' : s.phone ? 'the phone number\'s WABA' : 'each WABA'
    let text = `Covers ${who}, ${when} (local days of ${days})`
    // a period the data does not reach: the headline says "No data" and the file is its header
    // alone, which "its total is the headline's" let finance file as a period of no spend (finance trial)
    const none = data && uncovered(s, data) === 'none'
      ? `stored message falls in this period (the data runs ${isoDay(data.from)} to ${isoDay(data.to)}), so the file holds only its header: its spend is not known here, not 0.`
      : ''
    const total = none ? `no ${none}` : 'its total is the headline\'s.'
    if (set.length > 0 && kind !== 'invoice') text += `, ${set.map(([k, what]) => `${what} ${chosen(k)}`).join(', ')}: ${total}`
    else if (set.length > 0) text += `. The invoice is per WABA and period: the ${listed(set.map(([, what]) => what))} filter${set.length > 1 ? 's do' : ' does'} not apply to it, so its total may differ from the headline's.${none && ` No ${none}`}`
    else text += `: ${total}`
    const past = pastData(s, data, isoDay)
    if (past) text += ` ${past}`
    // a day never breaks at its hyphens ("2024-|09-01" at 390 px)
    scope.replaceChildren(...(problem ? 'Pick a valid period to export.' : text).split(/(\d{4}-\d{2}-\d{2})/).map((part, i) => {
      if (i % 2 === 0) return part
      const day = document.createElement('span')
      day.className = 'nowrap'
      day.textContent = part
      return day
    }))
    button.disabled = busy || problem !== ''
  }

  // what the last download said is of another file once another is picked (it kept saying
  // "Saved wacost-ledger-….csv" under Daily: fresh-user trial)
  for (const input of [kindSelect, excel]) {
    input.addEventListener('change', () => {
      if (!busy) clearStatus()
      describe()
    })
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    if (!state || busy || problem || refused() || empty) return
    const kind = kindSelect.value as Kind
    const params = filterQuery(state, fields[kind])
    // a byte-order mark and long digit ids kept as text (core/exports.ts)
    if (excel.checked) params.set('excel', 'true')
    busy = true
    button.setAttribute('aria-busy', 'true')
    describe()
    status.classList.remove('error', 'warn')
    status.textContent = 'Preparing the file…'
    void fetchFile(`exports/${kind}`, params, `wacost-${kind}.csv`, (n) => { status.textContent = `Downloading… ${size(n)}` })
      .then(({ blob, name, notice }) => {
        saveFile(blob, name)
        // the file is its header alone, and the server said why (Wacost-Notice, as `wacost export`
        // says it): "Saved wacost-ledger….csv (95 B)." alone sent an empty file to finance (finance trial)
        status.textContent = `Saved ${name} (${size(blob.size)}).${notice && ` ${notice.charAt(0).toUpperCase()}${notice.slice(1)}.`}`
        status.classList.toggle('warn', notice !== '')
      })
      .catch((err: unknown) => {
        status.classList.add('error')
        // a download is not tried again: "the page tries again once it is back" (api.ts) promised
        // a file that never came, and the line stayed after the page was live again (break-it trial)
        status.textContent = `Could not export: ${unanswered(err) ? `${notAnswered}; click Download CSV again once it is back.` : (err as Error).message}`
        // a key refused (401) or not let read (403): the control says so, as the page does (below)
        keyAnswered(statusOf(err))
      })
      .finally(() => {
        busy = false
        button.removeAttribute('aria-busy')
        describe()
      })
  })

  // a failure said is stale once the server answers again, or takes the key (cleared then)
  const clearFailure = () => { if (!busy && status.classList.contains('error')) clearStatus() }
  onKeyHeard((now) => { keySaid = keyWords[now] ?? ''; if (now === 'fine') clearFailure(); describe() })
  onServerBack(clearFailure)

  return {
    update(s, p, d) {
      // what the last download said no longer holds for other filters (a live refresh keeps it)
      if (!busy && JSON.stringify(s) !== JSON.stringify(state)) clearStatus()
      state = s
      problem = p
      data = d
      describe()
    },
    refuse(why, short = '') { without = why; withoutShort = short; describe() },
    limit(wabas) { readable = wabas; describe() },
    stored(any) { empty = !any; describe() },
  }
}
