// The log files a command was given, checked before anything opens the engine: a missing file must
// stop the run with one sentence and leave nothing behind (no database directory, no batch).
import { accessSync, closeSync, constants, createReadStream, openSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { Readable } from 'node:stream'
import { CorruptGzipError, gunzipIfGzip } from '../core/gzip-input.ts'
import { refuseUnreadable, RefusedInputError } from '../core/refused-input.ts'
import { printable } from '../core/printable.ts'
import { stdinSource } from '../core/unnamed-sources.ts'
import { CliError, exitStatus } from './failure.ts'

/**
 * An input whose gzip data is corrupt or cut short (exit status 1): the ingest that read it says
 * what of it was stored with `stored` (core/batches.ts storedBeforeCut).
 */
export class CutInputError extends CliError {
  constructor(message: string) {
    super(message, exitStatus.failed)
  }

  /** The same failure, saying what of the input was stored and what to do. */
  stored(what: string): CliError {
    return new CliError(`${this.message}; ${what}; fix or re-download the file and ingest it again: lines already stored are not counted twice`, this.status)
  }
}

/** An input refused whole by its first bytes (core/refused-input.ts): `refusal` says why, for its batch's record. */
export class RefusedCliError extends CliError {
  constructor(name: string, readonly refusal: string) {
    super(`cannot read ${printable(name)}: ${refusal}`)
  }
}

/** `-` names standard input, as in interfaces.md §3. */
export const STDIN = '-'

const reasons: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ELOOP: 'too many symbolic links',
}

/**
 * Refuses, with "cannot read FILE: why", any log that cannot be opened for reading, and standard
 * input named twice (it can be read once).
 */
export function checkInputs(inputs: string[]): void {
  if (inputs.filter((i) => i === STDIN).length > 1) throw new CliError('standard input (-) can be read only once')
  checkFiles(inputs.filter((i) => i !== STDIN))
}

/**
 * Refuses any file that cannot be opened for reading (logs, reference CSVs). Opening is the test:
 * permissions, directories and dangling links show up the way the real read would see them.
 */
export function checkFiles(files: (string | undefined)[]): void {
  for (const file of files) {
    if (file === undefined) continue
    try {
      const stat = statSync(file)
      // A directory opens on Linux; reading it is what fails.
      if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' })
      // A named pipe is only asked: opening and closing it would lose what its writer has sent.
      if (stat.isFIFO()) accessSync(file, constants.R_OK)
      else closeSync(openSync(file, 'r'))
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? ''
      throw new CliError(`cannot read ${printable(file)}: ${reasons[code] ?? (e as Error).message}`)
    }
  }
}

/** Refuses an output file whose directory is missing or not writable, before any work is done. */
export function checkWritable(file: string | undefined): void {
  if (file === undefined) return
  const dir = dirname(file)
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    accessSync(dir, constants.W_OK)
    // The file itself must not be a directory either (EISDIR only after the work otherwise).
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? ''
    const why = code === 'ENOENT' ? `no directory ${dir}` : code === 'ENOTDIR' ? `${dir} is not a directory` : code === 'EACCES' ? `${dir} is not writable` : code === 'EISDIR' ? 'it is a directory (give a file name)' : (e as Error).message
    throw new CliError(`cannot write ${file}: ${why}`)
  }
}

/**
 * The bytes of one input: a file, or standard input for `-`; a gzip stream (its first bytes are
 * gzip's magic number, whatever the file's name) is decompressed on the way, in constant memory
 * (core/gzip-input.ts, as POST /api/ingest reads a body). Corrupt or cut-short gzip data fails the
 * read with a sentence naming it, and so does UTF-16 text (core/refused-input.ts). Bytes after the
 * end of the gzip data are ignored: a sentence saying so is added to `notices` once the input is read.
 */
export function openInput(input: string, notices?: string[]): Readable {
  // `-` on a terminal waits for typing: said, or the run looked hung with nothing on screen (break-it trial)
  if (input === STDIN && process.stdin.isTTY) process.stderr.write(terminalHint)
  const raw = input === STDIN ? process.stdin : createReadStream(input)
  return Readable.from(readInput(raw, inputName(input), notices), { objectMode: false })
}

// corrupt gzip: the CLI's sentence naming the input, exit status 1; UTF-16 or UTF-32 text or a tar archive (told before
// anything of it is read): the same, exit status 2 (an input that cannot be read)
async function* readInput(raw: Readable, name: string, notices: string[] | undefined): AsyncGenerator<Buffer> {
  try {
    let gzipped = false
    yield* refuseUnreadable(gunzipIfGzip(raw, { notices, onGzip: () => { gzipped = true } }), () => gzipped)
  } catch (e) {
    if (e instanceof CorruptGzipError) throw new CutInputError(`cannot read ${printable(name)}: ${e.message}`)
    if (e instanceof RefusedInputError) throw new RefusedCliError(name, e.message)
    throw e
  }
}

/** What `-` says when standard input is a terminal (nothing piped in). */
export const terminalHint = 'wacost: reading the log from the terminal (standard input, -): paste or type its lines, then Ctrl-D at the start of a line to end; or give a file, or pipe one in (… | wacost ingest -)\n'

/** How an input is named in reports. */
export const inputName = (input: string): string => (input === STDIN ? stdinSource : input)
