// Where a verified webhook delivery is made durable before its 200, without the engine: appended
// to a local segment file (format: spool-format.ts) and fsync'ed. Appends are group-committed:
// the deliveries that arrive while one write + fsync runs go together in the next. The
// micro-batcher inserts spooled deliveries into webhook_deliveries and then calls `released`; a
// segment whose deliveries are all there is deleted (the current one as soon as it has caught up,
// or once it grew past SEGMENT_BYTES and was closed). At start `open` hands back what an earlier
// process left; the receiver inserts it into the engine and then `discard`s those segments.
// One process per directory (a lock file naming its pid); directory 0700, files 0600: the bodies
// hold customers' phone numbers.
import { chmod, mkdir, open, readdir, readFile, rm, writeFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { traced } from '../../core/db/sql.ts'
import { decodeSegment, encodeRecord, SEGMENT_MAGIC, type SpoolDamage } from './spool-format.ts'
import { deliveryId } from './signature.ts'
import type { Delivery } from './deliveries.ts'
import { processAlive } from '../../core/process-alive.ts'

// A segment is closed (and deleted once all of it is in the engine) when it grows past this.
const SEGMENT_BYTES = 16 * 1024 * 1024
const LOCK = 'spool.lock'
const segmentName = (n: number) => `${String(n).padStart(12, '0')}.spool`
const SEGMENT = /^(\d{12,})\.spool$/

/** What an earlier process left in one segment: its deliveries (in order), and damage if any. */
export interface Leftover { segment: number; file: string; deliveries: Delivery[]; damage?: SpoolDamage }

interface Waiting { d: Delivery; frame: Buffer; resolve: (d: Delivery) => void; reject: (e: unknown) => void }


export class Spool {
  private current = 0
  private fh: FileHandle | undefined
  private size = 0
  /** Per segment: records appended and not yet released (in the engine). */
  private readonly unreleased = new Map<number, number>()
  private waiting: Waiting[] = []
  private writing: Promise<void> | undefined
  private readonly removing = new Set<Promise<void>>()
  private closed = false
  /** Bytes of the bodies waiting for the next write (not yet on disk). */
  queuedBytes = 0

  /** `segmentBytes`: size past which a segment is closed (tests make it small). */
  constructor(readonly dir: string, private readonly log: { error(o: object, msg: string): void }, private readonly segmentBytes = SEGMENT_BYTES) {}

  /**
   * Creates the directory (mode 0700; an existing one is narrowed to it), takes its lock (throws
   * when a live process holds it) and reads the segments an earlier process left, oldest first.
   */
  async open(): Promise<Leftover[]> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    await chmod(this.dir, 0o700)
    await this.lock()
    const found = (await readdir(this.dir)).map((f) => SEGMENT.exec(f)).filter((m) => m !== null)
      .map((m) => ({ segment: Number(m[1]), file: join(this.dir, m[0]) })).sort((a, b) => a.segment - b.segment)
    const out: Leftover[] = []
    for (const f of found) {
      const { records, damage } = decodeSegment(await readFile(f.file))
      const deliveries = records.map((r) => ({ id: deliveryId(r.body), body: r.body, receivedAt: r.receivedAt }))
      out.push({ ...f, deliveries, ...(damage ? { damage } : {}) })
    }
    this.current = (found.at(-1)?.segment ?? 0) + 1
    return out
  }

  /** Deletes segments read by `open` once their deliveries are in the engine. */
  async discard(leftovers: Leftover[]): Promise<void> {
    for (const l of leftovers) await rm(l.file, { force: true })
  }

  /**
   * Resolves once `d` is on disk (written and fsync'ed), with its receipt time and segment;
   * rejects with the file system's error.
   */
  append(d: Delivery): Promise<Delivery> {
    if (this.closed) return Promise.reject(new Error('the webhook spool is closed'))
    const receivedAt = new Date()
    return new Promise((resolve, reject) => {
      this.waiting.push({ d: { ...d, receivedAt }, frame: encodeRecord(d.body, receivedAt.getTime()), resolve, reject })
      this.queuedBytes += d.body.length
      this.kick()
    })
  }

  /** Deliveries now durable in webhook_deliveries: segments all of whose records are there are deleted. */
  released(ds: Delivery[]): void {
    for (const d of ds) {
      if (d.segment === undefined) continue
      const left = (this.unreleased.get(d.segment) ?? 0) - 1
      this.unreleased.set(d.segment, left)
      if (left === 0 && d.segment !== this.current) {
        this.unreleased.delete(d.segment)
        const removal = this.remove(d.segment).finally(() => { this.removing.delete(removal) })
        this.removing.add(removal)
      }
    }
    this.kick() // the current segment may have caught up
  }

  /** Resolves when no write runs and no segment is being deleted (tests). */
  async settled(): Promise<void> {
    while (this.writing || this.removing.size > 0) await Promise.all([this.writing, ...this.removing])
  }

  /** Waits for the writes under way, closes the current segment (deleted if it caught up) and the lock. */
  async close(): Promise<void> {
    this.closed = true
    await this.settled()
    await this.closeCurrent()
    await rm(join(this.dir, LOCK), { force: true })
  }

  private async lock(): Promise<void> {
    const file = join(this.dir, LOCK)
    try {
      const pid = Number((await readFile(file, 'utf8')).trim())
      if (Number.isInteger(pid) && pid !== process.pid && processAlive(pid)) {
        throw new Error(`the webhook spool ${this.dir} is in use by process ${pid}: give each API process its own WACOST_WEBHOOK_SPOOL_DIR`)
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
    }
    await writeFile(file, `${process.pid}\n`, { mode: 0o600 })
  }

  private kick(): void {
    if (this.writing) return
    if (this.waiting.length === 0 && !this.caughtUp()) return
    // An append that arrives between the drain's last check and its end is taken by the next one.
    this.writing = this.drain().finally(() => { this.writing = undefined; this.kick() })
  }

  /** The current segment was written and all of it is in the engine, or it grew too big. */
  private caughtUp(): boolean {
    return this.fh !== undefined && (this.size >= this.segmentBytes || this.unreleased.get(this.current) === 0)
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0 || this.caughtUp()) {
      if (this.caughtUp()) await this.closeCurrent()
      if (this.waiting.length === 0) continue
      const group = this.waiting.splice(0)
      const bytes = Buffer.concat(group.map((w) => w.frame))
      for (const w of group) this.queuedBytes -= w.d.body.length
      try {
        if (!this.fh) await this.openSegment()
        const fh = this.fh!
        // traced: the crash tests can kill the process right after the fsync, before the 200.
        await traced('webhooks/spool', async () => {
          for (let at = 0; at < bytes.length;) at += (await fh.write(bytes, at, bytes.length - at)).bytesWritten
          await fh.datasync()
        })
        this.size += bytes.length
        this.unreleased.set(this.current, (this.unreleased.get(this.current) ?? 0) + group.length)
        for (const w of group) w.resolve({ ...w.d, segment: this.current })
      } catch (e) {
        for (const w of group) w.reject(e)
        // Part of the group may be on disk: the segment ends there (its tail is skipped when read).
        await this.closeCurrent().catch(() => undefined)
      }
    }
  }

  private async openSegment(): Promise<void> {
    const fh = await open(join(this.dir, segmentName(this.current)), 'wx', 0o600)
    await fh.write(SEGMENT_MAGIC)
    await fh.datasync()
    // The new file's directory entry is durable too.
    const dir = await open(this.dir, 'r')
    try { await dir.sync() } finally { await dir.close() }
    this.fh = fh
    this.size = SEGMENT_MAGIC.length
  }

  /** Closes the current segment (deleted when all of it is in the engine); the next append opens a new one. */
  private async closeCurrent(): Promise<void> {
    const fh = this.fh
    if (!fh) return
    this.fh = undefined
    const n = this.current++
    await fh.close().catch((e: unknown) => { this.log.error({ err: e, segment: segmentName(n) }, 'could not close a webhook spool segment') })
    const left = this.unreleased.get(n) ?? 0
    if (left === 0) { this.unreleased.delete(n); await this.remove(n) }
  }

  private async remove(n: number): Promise<void> {
    try { await rm(join(this.dir, segmentName(n)), { force: true }) } catch (e) {
      this.log.error({ err: e, segment: segmentName(n) }, 'could not delete a webhook spool segment whose deliveries are in the engine; the next start skips them')
    }
  }
}
