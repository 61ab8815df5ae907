// The words for accepted records of WABAs that the WABA register (`--wabas`) does not list while it
// lists others (sql/pipeline/70_group_summary.sql decides): their data are kept as Meta sent them,
// but their days and months are counted in UTC and the dashboard shows them by id, with no name.
// The webhook receiver's log said so; `wacost ingest` and POST /api/ingest did not (fresh-user
// trial): one sentence for all three, each with how the register is loaded again where it is read.

/** How a register is loaded again while a server holds the database (the webhook's log, POST /api/ingest). */
export const LOAD_THROUGH_SERVER = 'then, with the server stopped, run npx wacost rebuild --wabas FILE'

/**
 * One sentence: `what` (e.g. "records") of the WABAs `wabas` (at least one), which the register
 * does not list: stored and derived, counted in UTC and shown by id; to name them, add their rows
 * to the WABA file, then `load` (e.g. {@link LOAD_THROUGH_SERVER}).
 */
export function unlistedWabasSentence(what: string, wabas: readonly string[], load: string): string {
  const file = 'to the WABA file (waba_id,name,timezone; the file replaces the register: keep every WABA in it)'
  if (wabas.length === 1) {
    const waba = wabas[0]!
    return `${what} for WABA ${waba}, which the WABA register (--wabas) does not list: stored and derived, its days and months `
      + 'are counted in UTC and the dashboard shows it by its id, with no name. To name it and give its time zone, add the row '
      + `"${waba},<name>,<IANA time zone>" ${file}, ${load}.`
  }
  const listed = new Intl.ListFormat('en-GB', { type: 'conjunction' }).format(wabas)
  return `${what} for WABAs ${listed}, which the WABA register (--wabas) does not list: stored and derived, their days and months `
    + 'are counted in UTC and the dashboard shows them by their ids, with no name. To name them and give their time zones, add a row '
    + `"<waba_id>,<name>,<IANA time zone>" for each ${file}, ${load}.`
}
