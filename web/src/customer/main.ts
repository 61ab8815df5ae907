// Support's page: find a customer by number (any spelling) or message id, then answer "why was
// this customer charged N times?" with one sentence, a timeline and every charge's reason.
import type { CustomerConversationRow, CustomerMatchRow, CustomerMessageRow, CustomerSummaryRow } from '../../../api/routes/customer.ts'
import { fetchTable, rowsOf, unanswered } from '../api.ts'
import { startWithKey } from '../key-start.ts'
import { loading, said } from '../panel.ts'
import { markFields, periodProblemOf } from '../period-problem.ts'
import { noKeyWords, startFailed } from '../no-key.ts'
import { lookupQuery, readCustomerState, readsCountry, searchAsked, writeCustomerState, type CustomerState } from './state.ts'
import { answerWords, chargesNote } from './views.ts'
import { drawConversations, drawMessages, drawSummary, drawTimeline as drawTimelineSection, notBusyUnless, sections, type Drawing, type TimelineData } from './sections.ts'
import { customerFileName, download, screenCsv } from './csv.ts'
import { drawTop } from './top.ts'
import { fillPhoneMenu, keyPhoneName, keyPhones } from './phones.ts'
import { drawMatches } from './matches.ts'
import { customerNumber, markNumber, notFoundWords } from './number.ts'
import type { Period } from '../panels/spend.ts'
import { follow, type Live } from '../live.ts'
import { dataRuns, nothingStored, spanOf, uncovered, type FilterOption } from '../data-span.ts'

const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!
const form = $<HTMLFormElement>('#search')
const field = <T extends HTMLInputElement | HTMLSelectElement>(name: string) => form.elements.namedItem(name) as T
let state: CustomerState = readCustomerState()
let onScreen: { summary: string; convs: CustomerConversationRow[]; msgs: CustomerMessageRow[]; tz: string } | undefined
/** What Copy answer and Download CSV take; they wait, disabled, while any of it is on the way (a click did nothing, unsaid: trial). */
function setOnScreen(v: typeof onScreen): void {
  onScreen = v
  for (const b of [$<HTMLButtonElement>('#copy'), $<HTMLButtonElement>('#csv')]) { b.disabled = !v; b.title = v ? '' : 'Waits for the conversations and messages to load' }
}
/** What the timeline shows (its zoom redraws it): drawn before the rest of a refresh may be. */
let onTimeline: TimelineData | undefined
/** The last look-up's matches: the names of the business's phone numbers, the customer's line. */
let known: CustomerMatchRow[] = []
/** The filter options (GET /api/filters): the days with data of each WABA; undefined until loaded, or when they could not be. */
let options: FilterOption[] | undefined
let live: Live | undefined
/** A business phone number by the look-up's name and display number ("Kirana India · +91 80 4567 0721") when it has them. */
const phoneName = (id: string) => known.find((m) => m.phone_number_id === id)?.phone_label || id

function notice(text: string | null): void { const n = $('#notice'); n.hidden = text === null; n.textContent = text ?? '' }

function hideResults(): void {
  for (const id of ['#top', '#matches', ...sections]) $(id).hidden = true
  // the footer's words for every customer, as the page opened (a search finding nothing kept the
  // last customer's "Under per-message pricing …": break-it trial)
  const note = $('#charges-note'); note.textContent = note.dataset.general ??= note.textContent ?? ''
}

function syncForm(phones: string[] = state.q.trim() ? [] : keyPhones(options)): void {
  field<HTMLInputElement>('q').value = state.q
  field<HTMLInputElement>('country').value = state.country
  field<HTMLInputElement>('from').value = state.from
  field<HTMLInputElement>('to').value = state.to
  fillPhones(phones)
}

/** The phone number menu (phones.ts): before a search the key's numbers as the dashboard names them; after, by the look-up's names. */
function fillPhones(phones: string[]): void {
  const name = state.q.trim() ? phoneName : (id: string) => keyPhoneName(options, id) ?? phoneName(id)
  fillPhoneMenu(field<HTMLSelectElement>('phone'), phones, state.phone, name)
}

/** The filter options, loaded again (a failure keeps those known: the menu and the period check go without until they load). */
const loadOptions = (): Promise<FilterOption[] | undefined> =>
  fetchTable('filters', new URLSearchParams()).then((t) => rowsOf<FilterOption>(t), () => options)

function query(): URLSearchParams {
  const q = new URLSearchParams({ customer: state.customer })
  for (const k of ['phone', 'from', 'to'] as const) if (state[k]) q.set(k, state[k])
  return q
}

/**
 * `keep`: a live refresh; what is shown stays until replaced, the scroll position too. `matches`:
 * the look-up's answer, or (a live refresh) a function asking for it again: the customer's views
 * do not depend on it, so they are asked for first (the messages first of all) and the look-up
 * alongside. Each section is drawn as soon as its own data is there (the timeline once the
 * conversations and the messages are); `onScreen` (copy, CSV) once all of it is.
 */
async function investigate(matches: CustomerMatchRow[] | (() => Promise<CustomerMatchRow[]>), keep = false): Promise<void> {
  // A link's bad or reversed period is said, as on the dashboard, and nothing is asked: the
  // sections said "Loading…" for ever under the API's error (fresh-user trial). So is one outside
  // the days with data of the customer's WABAs: it read "No charges since 2024-10-01." after the
  // data's end (fresh-user trial): nothing stored there is not no charges.
  if (typeof matches !== 'function') header(matches)
  const data = customerSpan()
  const problem = markFields(form, periodProblemOf(state, form, false, data, 'The answer, the timeline and the tables wait for a valid period.'))
  const outside = data && uncovered(state, data)
  if (problem || outside === 'none') {
    notice(problem || nothingStored(data, 'no charges'))
    for (const id of sections) { $(id).hidden = false; said($(id), problem ? 'Waits for a valid period.' : 'Nothing stored in this period: see the message above.', 'empty') }
    return
  }
  // the days of the period the data does not cover, said with the answer (and in what is copied)
  const partly = outside?.length ? ` ${outside.join(' and ')} of this period ${outside.length > 1 ? 'lie' : 'lies'} outside the stored data${dataRuns(data)}: `
    + 'nothing there is counted, which is not the same as no charges.' : ''
  const q = query()
  const msgsP = fetchTable('customer/messages', q, undefined, true).then((t) => rowsOf<CustomerMessageRow>(t))
  // A live refresh asks for the rest once the messages are there: meanwhile the browser's
  // connections to the server stay free for the dashboard's headline, should it be open (api.ts).
  const after = keep ? msgsP.then(() => undefined, () => undefined) : Promise.resolve()
  const convsP = after.then(() => fetchTable('customer/conversations', q)).then((t) => rowsOf<CustomerConversationRow>(t))
  const summaryP = after.then(() => fetchTable('customer/summary', q)).then((t) => rowsOf<CustomerSummaryRow>(t)[0]!)
  let headerDone: Promise<void>
  if (typeof matches === 'function') headerDone = after.then(matches).then(header)
  else headerDone = Promise.resolve()
  // A live refresh keeps what is shown until its section's new data is drawn (show() clears the
  // mark): each section is marked as updating at once, so an answer that still counts the
  // charges before the new message (its query is the slowest, ~3 s behind the table in the
  // fresh-user trial) is shown as being updated, not as current.
  for (const id of sections) {
    $(id).hidden = false
    if (keep) $(id).setAttribute('aria-busy', 'true'); else loading($(id))
  }
  // Business phone numbers by name: the names of the look-up known when a table is drawn.
  const labels = () => JSON.stringify(known.map((m) => [m.phone_number_id, m.phone_label]))
  const tzOf = (convs: CustomerConversationRow[], msgs: CustomerMessageRow[]) =>
    convs[0]?.timezone ?? msgs[0]?.timezone ?? known.find((m) => m.wa_id === state.customer)?.timezone ?? 'UTC'
  // the searched message as the state has it when a section is drawn
  const drawing = (): Drawing => ({ keep, phone: phoneName, message: state.message })

  const conversations = (convs: CustomerConversationRow[]) => drawConversations(convs, msgsP, tzOf(convs, []), drawing())
  const messages = async (msgs: CustomerMessageRow[]) => {
    // One time zone among the messages is the page's (the conversations are theirs); else the conversations decide.
    const tz = new Set(msgs.map((m) => m.timezone)).size > 1 ? tzOf(await convsP, msgs) : tzOf([], msgs)
    await drawMessages(msgs, tz, drawing())
  }
  const drawnWith = labels()
  const convsDrawn = convsP.then(async (convs) => { $('#charges-note').textContent = chargesNote(convs, await msgsP); await conversations(convs); return convs })
  const msgsDrawn = msgsP.then(async (msgs) => { await messages(msgs); return msgs })
  const timelineDrawn = Promise.all([convsP, msgsP]).then(([convs, msgs]) => drawTimeline(keep, { convs, msgs, tz: tzOf(convs, msgs) }))
  // The live mark's time once the customer's rows and timeline are on screen, not after the
  // answer's sentence and the look-up (the slowest: the new message sat ~1.3 s under the previous
  // time, as the dashboard's headline did: trial); the refresh's end moves it again (live.ts).
  void Promise.all([convsDrawn, msgsDrawn, timelineDrawn]).then(() => live?.loaded(), () => undefined)
  const summaryDrawn = summaryP.then(async (s) => {
    const summary = { ...s, summary: answerWords(s.summary) + partly }
    await drawSummary(summary, drawing())
    return summary
  })
  // A live refresh whose data never came (the server gone again, or an error) leaves the earlier
  // answer shown, not busy: it stayed dimmed while the server was down (break-it trial).
  if (keep) notBusyUnless([[summaryDrawn, ['#summary']], [convsDrawn, ['#conversations']], [msgsDrawn, ['#problems', '#messages']], [timelineDrawn, ['#timeline']]])
  const [, summary, convs, msgs] = await Promise.all([
    headerDone,
    summaryDrawn,
    convsDrawn,
    msgsDrawn,
    timelineDrawn,
  ])
  // A look-up that named a phone number anew (a live refresh): its tables once more, with the name.
  if (labels() !== drawnWith) { await conversations(convs); await messages(msgs) }
  setOnScreen({ summary: summary.summary, convs, msgs, tz: tzOf(convs, msgs) })
  if (!keep) document.querySelector('#messages tr.highlight')?.scrollIntoView({ block: 'center' })
}

/** The days with data of the customer's WABAs (of the phone number asked, if one is); undefined while unknown. */
function customerSpan(): Period | undefined {
  const wabas = known.filter((m) => m.wa_id === state.customer && (!state.phone || m.phone_number_id === state.phone)).map((m) => m.waba_id)
  return options && wabas.length ? spanOf(options, wabas) : undefined
}

/** The customer's line above the answer (number, country, WABAs) and the phone number menu, from the look-up. */
function header(ms: CustomerMatchRow[]): void {
  known = ms
  const mine = ms.filter((m) => m.wa_id === state.customer)
  syncForm(mine.map((m) => m.phone_number_id))
  const who = mine[0]
  $('#who').replaceChildren(markNumber(Object.assign(document.createElement('span'), { textContent: customerNumber(state.customer) }), state.customer),
    who ? ` · ${who.country ? `${who.country} · ` : ''}${[...new Set(mine.map((m) => m.waba_name || m.waba_id))].join(', ')}` : '')
}

/** The timeline (sections.ts) of `data`, kept for its zoom to draw it again; the zoom is the page's state's, kept in the address. */
async function drawTimeline(keep = false, data = onTimeline): Promise<void> {
  if (!data) return
  onTimeline = data
  await drawTimelineSection(data, state.message, {
    day: state.zoom,
    reset: () => { state = { ...state, zoom: '' } },
    choose: (day) => { state = { ...state, zoom: day }; writeCustomerState(state); void drawTimeline() },
  }, keep)
}

/**
 * Shows the page's state anew; false when the server did not answer: no new time on the live mark
 * (it said "Figures as of <the end>" of a refresh back from offline, the server gone again: break-it trial).
 */
async function run(): Promise<boolean> {
  writeCustomerState(state)
  syncForm()
  hideResults()
  notice(null)
  setOnScreen(undefined)
  onTimeline = undefined
  // a link's blank q= (%20) is no search: the look-up refuses it as empty. Without one, the
  // customers with the most charges, to choose from
  if (!state.q.trim()) {
    // the phone numbers' menu once the options are there (not waited for: the list comes first)
    const optionsP = loadOptions().then((o) => { options = o; if (!state.q.trim()) fillPhones(keyPhones(options)) })
    const problem = markFields(form, periodProblemOf(state, form, false, undefined, 'The list of the most charged customers waits for a valid period.'))
    if (problem) { notice(problem); return true }
    const answered = await drawTop($('#top'), state)
    await optionsP
    if (answered) live?.loaded()
    return answered
  }
  let answered = true
  try {
    const lookup = lookupQuery(state)
    // the days with data alongside the look-up (a failure leaves the period unchecked against them, as before they load)
    const optionsP = loadOptions()
    const matches = rowsOf<CustomerMatchRow>(await fetchTable('customer/lookup', lookup))
    options = await optionsP
    if (matches.length === 0) {
      // the phone number asked, named: a search under a number set before read as a bad spelling (trial)
      const on = state.phone ? ` on the phone number ${phoneName(state.phone)} (choose All phone numbers to search every one)` : ''
      // the link's customer as it asked it (customer=000000000 was quoted “+000000000”: fresh-user trial)
      notice(`No customer or message matches “${searchAsked(state)}”${on}.${notFoundWords(state.q, state.country, readsCountry(state.q))}`)
      return true
    }
    const byMessage = matches.find((m) => m.matched_by === 'message')
    if (byMessage) state = { ...state, customer: byMessage.wa_id, phone: byMessage.phone_number_id, message: state.q.trim() }
    const customers = [...new Set(matches.map((m) => m.wa_id))]
    if (!customers.includes(state.customer)) {
      if (customers.length > 1) { drawMatches($('#matches'), matches, (m) => { state = { ...state, customer: m.wa_id, phone: m.phone_number_id }; void run() }); return true }
      state = { ...state, customer: customers[0]! }
    }
    writeCustomerState(state)
    await investigate(matches)
  } catch (e) {
    answered = !unanswered(e)
    notice(startFailed(e, 'Could not investigate'))
    // a section whose data never came says so, not "Loading…" for ever
    for (const id of sections) if ($(id).getAttribute('aria-busy') === 'true') said($(id), 'Not shown: see the message above.', 'error')
  } finally {
    if (answered) live?.loaded()
  }
  return answered
}

/**
 * After a batch: the customer on screen again in place (new messages, charges, verdicts); with
 * no customer on screen yet, the search again (a number that had no messages may have some now).
 * False when the server did not answer (gone again after a reconnect): the live mark's time stays.
 */
async function liveRefresh(): Promise<boolean> {
  if (!state.q.trim()) return drawTop($('#top'), state, true)
  if (!onScreen) return run()
  // new days with data for the next check of the period (not waited for: the messages come first)
  void fetchTable('filters', new URLSearchParams()).then((t) => { options = rowsOf<FilterOption>(t) }, () => undefined)
  return investigate(() => fetchTable('customer/lookup', lookupQuery(state)).then((t) => rowsOf<CustomerMatchRow>(t)), true)
    .then(() => true, (e: unknown) => { notice(startFailed(e, 'Could not refresh')); return !unanswered(e) })
}

form.addEventListener('submit', (e) => {
  e.preventDefault()
  const get = (n: string) => field<HTMLInputElement>(n).value.trim()
  const q = get('q')
  // A new search starts over; changing only the phone or period keeps the customer found. The
  // phone number a message id's search set is that message's: a new search is not held to it
  // (the next number searched read "No customer … matches": fresh-user trial).
  const same = q === state.q && get('country').toUpperCase() === state.country
  const phone = !same && state.message && get('phone') === state.phone ? '' : get('phone')
  state = {
    q, country: get('country').toUpperCase(), from: get('from'), to: get('to'), phone,
    customer: same ? state.customer : '', message: same ? state.message : '', zoom: same ? state.zoom : '',
  }
  history.pushState(null, '', location.href)
  void run()
})
form.addEventListener('change', (e) => {
  const name = (e.target as HTMLElement).getAttribute('name')
  if (name !== 'phone' && name !== 'from' && name !== 'to') return
  if (state.customer) form.requestSubmit()
  // no search yet: the list of the most charged customers for the new period or phone number
  else if (!state.q.trim()) {
    const get = (n: string) => field<HTMLInputElement>(n).value.trim()
    state = { ...state, from: get('from'), to: get('to'), phone: get('phone') }
    // a number typed and not yet searched stays (setting the period then erased it: fresh-user trial)
    const [q, country] = [field<HTMLInputElement>('q'), field<HTMLInputElement>('country')]
    const typed = { q: q.value, country: country.value }
    void run()
    Object.assign(q, { value: typed.q }); Object.assign(country, { value: typed.country })
  }
})
$('#copy').addEventListener('click', () => { if (onScreen) void navigator.clipboard?.writeText(onScreen.summary) })
$('#csv').addEventListener('click', () => {
  if (!onScreen) return
  download(customerFileName(state.customer, state.from, state.to, state.phone),
    screenCsv(onScreen.summary, onScreen.convs, onScreen.msgs, onScreen.tz, phoneName))
})
// a #key=… added to the address starts the page again (key-start.ts), as a reload would
const keyArrived = startWithKey((key) => {
  if (!key) { syncForm(); notice(''); $('#notice').replaceChildren(...noKeyWords('link')); return }
  if (live) live.again(); else live = follow($('#live'), liveRefresh)
  void run()
})
window.addEventListener('popstate', () => { state = readCustomerState(); if (!keyArrived()) void run() })
