// What `wacost ingest` through a server says when Ctrl-C (SIGINT) or SIGTERM stops it: it exited
// 130 with no sentence (break-it trial), where README promises one whenever the status is not 0.
// The server goes on with a log it received whole (its batch is stored and derived), and marks
// interrupted a batch whose body stopped arriving: which one the stop left is said, and what to do.
import { printable } from '../../core/printable.ts'
import { sendAgain, sourceInWords } from '../../core/unnamed-sources.ts'
import { inputName } from '../inputs.ts'
import { sayWhenStopped } from '../interrupted.ts'

/** The input being sent, and whether the server has had all of it. */
interface InFlight { input: string; whole: boolean }

/**
 * Until `off` runs: a SIGINT or SIGTERM writes one sentence on stderr, then stops the process by
 * the signal (../interrupted.ts: exit 130 or 143, README: exit statuses). `sending(input)` names the input
 * whose body is being sent, `whole()` says the server has had all of it, `answered()` that it
 * answered (stored, or refused); `url`: the server's.
 */
export function sayWhenSendInterrupted(url: string): { sending: (input: string) => void; whole: () => void; answered: () => void; off: () => void } {
  let now: InFlight | undefined
  const off = sayWhenStopped(() => {
    const source = now && inputName(now.input)
    const name = source && (sourceInWords(source) ?? printable(source))
    const again = source && (sendAgain(source) ?? 'send the whole log again')
    return now === undefined
      ? `: no input was being sent: those whose summary is said above are stored by the server at ${url}, any other was not sent`
      : now.whole
        ? `: the server at ${url} had the whole of ${name} and goes on storing it as a batch; \`wacost batches\` shows when it is done`
        : ` before the whole of ${name} was sent: the server at ${url} marks its batch interrupted; ${again} (lines already stored are not counted twice)`
  })
  return {
    sending: (input) => { now = { input, whole: false } }, whole: () => { if (now) now.whole = true }, answered: () => { now = undefined }, off,
  }
}
