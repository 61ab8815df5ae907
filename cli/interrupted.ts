// Ctrl-C (SIGINT) or a stopped service (SIGTERM) during a command that stores or sends: the
// process still stops at once by the signal's default (exit 130 or 143: README, exit statuses),
// but after one sentence on stderr saying what became of the run (break-it trial: it said
// nothing, and only the next command told). `ingest` and `ingest` through a server say it in
// their own words (commands/ingest.ts, commands/remote-interrupt.ts); this holds the mechanism.

/** The signals said: Ctrl-C and a stopped service. */
export type StopSignal = 'SIGINT' | 'SIGTERM'

const signals: readonly StopSignal[] = ['SIGINT', 'SIGTERM']

/**
 * Until the returned function runs: a SIGINT or SIGTERM writes `wacost: interrupted (SIGNAL)` and
 * `rest(signal)` on stderr as one line (a new line first on a terminal, past the `^C` it echoed),
 * then stops the process by the signal itself. `rest` is called at the signal, so it says the
 * state then; it starts with its own `:` or blank. A second signal meanwhile finds no handler:
 * the default stops the process.
 */
export function sayWhenStopped(rest: (signal: StopSignal) => string): () => void {
  const off = () => { for (const s of signals) process.off(s, said) }
  function said(signal: StopSignal): void {
    off()
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}wacost: interrupted (${signal})${rest(signal)}\n`)
    process.kill(process.pid, signal)
  }
  for (const s of signals) process.on(s, said)
  return off
}
