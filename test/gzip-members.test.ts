// Gzip input read as `gzip -d` reads it (core/gzip-input.ts, core/gzip-members.ts), with real zlib
// data and the real gzip program: every member of a multi-member file, in any pieces (standard
// input may come a byte at a time); bytes after the last member ignored and said (zlib's gunzip
// failed on them, dropping the end of the last member: break-it trial); corrupt or cut-short data
// still refused with zlib's words.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { CorruptGzipError, gunzipIfGzip, NotGzipError } from '../core/gzip-input.ts'
import { tempDir } from './support/temp.ts'

// ~0.6 MB in ~66 KB of gzip: members span many pieces; pieces of a byte are read from a short log
const text = Array.from({ length: 20_000 }, (_, i) => `{"line":${i},"pad":"${'abc'.repeat(i % 7)}"}\n`).join('')
const gz = gzipSync(text)
const short = text.slice(0, 3000)
const shortGz = gzipSync(short)

/** `bytes` read through gunzipIfGzip in pieces of `piece` bytes: what came out, and the notices. */
async function read(bytes: Buffer, piece = 65_536, required = false): Promise<{ out: string; notices: string[] }> {
  async function* pieces() { for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece) }
  const notices: string[] = []
  const parts: Buffer[] = []
  for await (const part of gunzipIfGzip(pieces(), { notices, required })) parts.push(part)
  return { out: Buffer.concat(parts).toString(), notices }
}

const failure = (p: Promise<unknown>) => p.then(() => 'no failure', (e: Error) => (e instanceof CorruptGzipError ? e.detail : `${e.name}: ${e.message}`))

describe('gzip input', () => {
  it('reads every member, in pieces of any size, and says nothing when nothing follows', async () => {
    for (const [log, packed, piece] of [[short, shortGz, 1], [text, gz, 7], [text, gz, 65_536]] as const) {
      expect(await read(packed, piece)).toEqual({ out: log, notices: [] })
      expect(await read(Buffer.concat([packed, gzipSync('second\n')]), piece)).toEqual({ out: `${log}second\n`, notices: [] })
    }
  })

  it('reads what the gzip program writes (with the file name in its header) as gzip -d does', () => {
    const dir = tempDir('wacost-gzip-members-')
    writeFileSync(join(dir, 'log.ndjson'), text)
    execFileSync('gzip', ['--name', join(dir, 'log.ndjson')])
    const named = execFileSync('cat', [join(dir, 'log.ndjson.gz')])
    expect(named[3]! & 8).toBe(8) // FNAME
    return expect(read(named, 3)).resolves.toEqual({ out: text, notices: [] })
  })

  it('ignores bytes after the last member, whole, and says how many (zero bytes as padding)', async () => {
    for (const [log, packed, piece] of [[short, shortGz, 1], [text, gz, 5], [text, gz, 65_536]] as const) {
      const junk = await read(Buffer.concat([packed, packed, Buffer.from('junk\x00\x01end')]), piece)
      expect(junk.out).toBe(log + log)
      expect(junk.notices).toEqual(['9 byte(s) that are not gzip data came after the end of the gzip data and were ignored, as gzip -d ignores them '
        + '("trailing garbage ignored"); the lines of the gzip data before them were read'])
      expect(await read(Buffer.concat([packed, Buffer.alloc(300)]), piece)).toEqual({ out: log, notices: [expect.stringMatching(/^300 zero byte\(s\) \(padding\) came after .*\("trailing zero bytes ignored"\)/)] })
      // a lone 1f is no member
      expect((await read(Buffer.concat([packed, Buffer.from([0x1f])]), piece)).notices).toEqual([expect.stringMatching(/^1 byte\(s\) that are not gzip data/)])
    }
  })

  it('refuses corrupt or cut-short data in zlib\'s words, also in a member after the first', async () => {
    const flip = (at: number) => { const b = Buffer.from(gz); b[at < 0 ? b.length + at : at]! ^= 0xff; return b }
    expect(await failure(read(flip(-6)))).toBe('incorrect data check')
    expect(await failure(read(flip(-2)))).toBe('incorrect length check')
    expect(await failure(read(gz.subarray(0, gz.length - 3)))).toBe('unexpected end of file')
    expect(await failure(read(gz.subarray(0, 3000), 1000))).toBe('unexpected end of file')
    expect(await failure(read(gz.subarray(0, 5)))).toBe('unexpected end of file')
    expect(await failure(read(Buffer.concat([gz, gz.subarray(0, 2), Buffer.from('junk-junk')])))).toBe('unknown compression method')
    expect(await failure(read(Buffer.concat([gz, gz.subarray(0, 40)])))).toBe('unexpected end of file')
    expect(await failure(read(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0x20]), gz.subarray(4)])))).toBe('unknown header flags set')
    expect(await failure(read(Buffer.concat([gz.subarray(0, 100), Buffer.alloc(2000, 0xff)])))).toMatch(/^invalid /)
  })

  it('passes other input as it is, unless it must be gzip', async () => {
    expect(await read(Buffer.from(text), 3)).toEqual({ out: text, notices: [] })
    expect(await failure(read(Buffer.from(text), 3, true))).toBe('Error: not gzip data: gzip data starts with the bytes 1f 8b')
    await read(Buffer.from(text), 3, true).catch((e: NotGzipError) => { expect(e.head.toString()).toBe(text.slice(0, 17)) })
  })
})
