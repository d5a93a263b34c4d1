/**
 * The compressed-size estimate for layers that exist only as uncompressed tars: what the layer
 * tar becomes gzip-compressed at the default level.
 *
 * Why gzip at level 6: `docker push` from the classic store compresses each layer with Go's
 * `compress/gzip` `gzip.NewWriter` — `DefaultCompression`, which Go's `compress/flate` maps to
 * level 6 (moby `daemon/internal/distribution/push.go` → `compress()`; Go `compress/flate`
 * `deflate.go`). BuildKit's default is gzip too (moby/buildkit `util/compression`).
 *
 * How: pigz-style. A layer's tar stream is cut into chunks (4 MiB) dealt round-robin to a few
 * `gzip -6` processes (one per core, `os.availableParallelism()`), which compress side by side;
 * the layer's size is the sum of their outputs less the extra gzip headers and trailers (one
 * 10-byte header and 8-byte trailer remain, as one gzip stream has). Each process sees its
 * chunks back to back, so at a chunk boundary its window holds a chunk from 4 MiB earlier in the
 * tar instead of the bytes just before: on the 460 MB Go toolchain layer that costs 0.04%
 * (125,412,725 bytes vs 125,362,602 for one `gzip -6` stream).
 *
 * Why long-lived processes and not one per chunk: forking a process that holds a few hundred MB
 * is expensive (page tables, copy-on-write faults): 115 forks for that layer cost 8 s of CPU in
 * this process against 1.3 s for two long-lived workers. A layer costs at most one spawn per
 * core, a small layer one.
 *
 * Why the `gzip` program and not Node's zlib: Node bundles Chromium's zlib fork, whose level 6
 * output is 1.2–2.0% larger than canonical zlib and GNU gzip on layer tars (measured here: Go
 * toolchain +1.3%, busybox +2.0%), which breaks the 1% bound against `gzip -6`. Go's own
 * `compress/flate` (what `docker push` runs) is larger still (+1.4% and +3.2% on the same tars),
 * so every zlib-family estimate is a little under the bytes `docker push` sends. Where no `gzip`
 * program can be started, the estimator falls back to Node's zlib (`deflateRaw`, level 6, each
 * chunk primed with the previous 32 KiB as its dictionary, sync-flushed; run on the libuv thread
 * pool, so several chunks compress at once), accurate to ~2%.
 *
 * Memory: the chunk being filled, and one chunk-sized buffer per gzip worker (reused).
 */
import { spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { once } from 'node:events'
import { availableParallelism } from 'node:os'
import type { Readable, Writable } from 'node:stream'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { noteBytesRead } from './memory.ts'

/** gzip's 10-byte member header plus its 8-byte trailer (CRC-32, ISIZE), RFC 1952. */
export const GZIP_FRAMING_BYTES = 18
/** Default bytes per chunk. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024
const WINDOW = 32 * 1024
const deflateRaw = promisify(zlib.deflateRaw)

/** A counting semaphore: at most `size` holders at once; waiters are served in order. */
export class Slots {
  private free: number
  private readonly waiting: (() => void)[] = []

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new Error(`Slots: size must be an integer ≥ 1, got ${size}`)
    }
    this.free = size
  }

  /** Waits for a slot; resolves with the function that gives it back (idempotent). */
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--
    else await new Promise<void>(resolve => this.waiting.push(resolve))
    let released = false
    return () => {
      if (released) return
      released = true
      const next = this.waiting.shift()
      if (next) next()
      else this.free++
    }
  }
}

let sharedSlots: Slots | undefined
/** The process-wide pool: one chunk in flight per available core. */
export function defaultSlots(): Slots {
  sharedSlots ??= new Slots(Math.max(1, availableParallelism()))
  return sharedSlots
}

/** Options of {@link GzipSizeEstimator}. */
export interface GzipEstimateOptions {
  /** Bytes per chunk (default 4 MiB). */
  chunkSize?: number
  /** The pool that bounds chunks in flight (default: the process-wide one). */
  slots?: Slots
  /** gzip processes per layer (default: one per available core). */
  workers?: number
  /** The gzip program (default `gzip`, looked up on PATH). */
  gzip?: string
}

/** Whether a gzip program could be started: undefined until first tried. */
const gzipWorks = new Map<string, boolean>()

/** One `gzip -6 -n -c` process: chunks in, compressed bytes counted. */
class GzipWorker {
  private readonly child: ChildProcessByStdio<Writable, Readable, Readable>
  private readonly closed: Promise<number | null>
  private readonly bin: string
  private out = 0
  private stderr = ''
  private writeError: Error | undefined
  private buffer: Buffer | undefined
  /** Resolves when the last chunk handed over has been taken by the pipe. */
  idle: Promise<void> = Promise.resolve()

  constructor(bin: string) {
    this.bin = bin
    this.child = spawn(bin, ['-6', '-n', '-c'], { stdio: ['pipe', 'pipe', 'pipe'] })
    this.child.stdout.on('data', (c: Buffer) => {
      this.out += c.length
      noteBytesRead(c.length)
    })
    this.child.stderr.on('data', (c: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += c.toString()
    })
    // EPIPE when gzip dies: its exit status reports why.
    this.child.stdin.on('error', err => (this.writeError ??= err))
    this.closed = new Promise(resolve => {
      this.child.on('close', code => resolve(code))
      this.child.on('error', () => resolve(null))
    })
  }

  /** Resolves once the process runs. @throws its spawn error (ENOENT when there is no gzip). */
  async started(): Promise<void> {
    await once(this.child, 'spawn')
  }

  /**
   * Hands `parts` (`size` bytes) to gzip; `done` is called when the pipe has taken them all.
   * The bytes are first copied into this worker's own buffer, reused from chunk to chunk, so the
   * read buffers they came from die young instead of outliving a few collections while gzip
   * works (which would move them to the old generation, freed only by a full collection).
   */
  write(parts: Buffer[], size: number, done: () => void): void {
    if (!this.buffer || this.buffer.length < size) this.buffer = Buffer.allocUnsafeSlow(size)
    const data = this.buffer.subarray(0, size)
    let at = 0
    for (const p of parts) at += p.copy(data, at)
    this.idle = new Promise<void>(resolve => {
      this.child.stdin.write(data, () => {
        done()
        resolve()
      })
    })
  }

  /** Ends the input. @returns the compressed bytes. @throws when gzip failed. */
  async end(): Promise<number> {
    await this.idle
    this.child.stdin.end()
    const code = await this.closed
    if (code !== 0) {
      const why = this.stderr.trim() || this.writeError?.message || 'no message'
      throw new Error(`${this.bin} -6 exited with ${String(code)}: ${why}`)
    }
    return this.out
  }

  kill(): void {
    this.child.kill()
  }
}

/** Raw deflate (level 6) of `data` with `dictionary` as history; sync-flushed unless `last`. */
async function deflateChunk(
  data: Buffer,
  dictionary: Buffer | undefined,
  last: boolean
): Promise<number> {
  const opts: zlib.ZlibOptions = {
    level: 6,
    chunkSize: Math.max(64 * 1024, Math.min(data.length + 1024, 8 * 1024 * 1024)),
    finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH
  }
  if (dictionary && dictionary.length > 0) opts.dictionary = dictionary
  return (await deflateRaw(data, opts)).length
}

/** The last `n` bytes of `parts` (fewer when they hold fewer), copied. */
function lastBytes(parts: Buffer[], n: number): Buffer {
  const tail: Buffer[] = []
  let have = 0
  for (let i = parts.length - 1; i >= 0 && have < n; i--) {
    const p = parts[i] ?? Buffer.alloc(0)
    const take = Math.min(p.length, n - have)
    tail.unshift(p.subarray(p.length - take))
    have += take
  }
  return Buffer.concat(tail, have)
}

/**
 * Estimates the gzip size of one stream (a layer tar) fed chunk by chunk.
 *
 * Usage: `await est.write(chunk)` for each chunk (resolves when the estimator can take more:
 * back-pressure while all slots are busy), then `await est.end()` for the size in bytes.
 */
export class GzipSizeEstimator {
  private readonly chunkSize: number
  private readonly slots: Slots
  private readonly maxWorkers: number
  private readonly gzip: string
  private readonly workers: GzipWorker[] = []
  private parts: Buffer[] = []
  private filled = 0
  private total = 0
  private chunks = 0
  /** zlib fallback only: the previous chunk's last 32 KiB, and the sizes so far. */
  private tail: Buffer | undefined
  private deflated = 0
  private readonly pending = new Set<Promise<void>>()
  private failure: Error | undefined

  constructor(opts: GzipEstimateOptions = {}) {
    this.chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE
    if (!Number.isSafeInteger(this.chunkSize) || this.chunkSize < WINDOW) {
      throw new Error(
        `GzipSizeEstimator: chunkSize must be an integer ≥ ${WINDOW}, got ${this.chunkSize}`
      )
    }
    this.slots = opts.slots ?? defaultSlots()
    this.maxWorkers = Math.max(1, opts.workers ?? availableParallelism())
    this.gzip = opts.gzip ?? 'gzip'
  }

  /** Adds bytes. @throws the first compression error, if one happened. */
  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure
    let rest = chunk
    while (rest.length > 0) {
      const take = Math.min(rest.length, this.chunkSize - this.filled)
      this.parts.push(take === rest.length ? rest : rest.subarray(0, take))
      this.filled += take
      rest = rest.subarray(take)
      if (this.filled === this.chunkSize) await this.dispatch(false)
    }
  }

  /**
   * Ends the stream. @returns the estimated gzip size in bytes (header and trailer included).
   * @throws Error when a compression failed.
   */
  async end(): Promise<number> {
    try {
      if (this.filled > 0 || this.total === 0) await this.dispatch(true)
      while (this.pending.size > 0) await Promise.all(this.pending)
      if (this.failure) throw this.failure
      let size = this.deflated
      for (const w of this.workers) size += (await w.end()) - GZIP_FRAMING_BYTES
      return size + GZIP_FRAMING_BYTES
    } catch (err) {
      for (const w of this.workers) w.kill()
      throw err
    }
  }

  /** Abandons the estimate: stops the gzip processes. `end` then rejects. */
  destroy(): void {
    this.failure ??= new Error('the gzip estimate was abandoned')
    for (const w of this.workers) w.kill()
  }

  private async dispatch(last: boolean): Promise<void> {
    const parts = this.parts
    const size = this.filled
    this.parts = []
    this.filled = 0
    this.total += size
    const release = await this.slots.acquire()
    try {
      if (this.failure) throw this.failure
      const worker = await this.worker()
      if (worker) {
        worker.write(parts, size, release)
        return
      }
    } catch (err) {
      release()
      this.failure ??= err as Error
      throw err
    }
    // No gzip program: Node's zlib, one chunk per call, primed with the previous chunk's tail.
    const dictionary = this.tail
    this.tail = lastBytes(parts, WINDOW)
    const job = deflateChunk(Buffer.concat(parts, size), dictionary, last)
      .then(
        n => {
          this.deflated += n
        },
        (err: unknown) => {
          this.failure ??= err instanceof Error ? err : new Error(String(err))
        }
      )
      .finally(() => {
        release()
        this.pending.delete(job)
      })
    this.pending.add(job)
  }

  /**
   * The worker for the next chunk — strictly round-robin, so the same tar always gives the same
   * figure — once it has taken its previous chunk; spawned on first use. Undefined: no gzip.
   */
  private async worker(): Promise<GzipWorker | undefined> {
    if (gzipWorks.get(this.gzip) === false) return undefined
    const k = this.chunks++ % this.maxWorkers
    const existing = this.workers[k]
    if (existing) {
      await existing.idle
      return existing
    }
    const w = new GzipWorker(this.gzip)
    try {
      await w.started()
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || gzipWorks.get(this.gzip)) throw err
      gzipWorks.set(this.gzip, false)
      return undefined
    }
    gzipWorks.set(this.gzip, true)
    this.workers.push(w)
    // Abandoned while this one was starting: it must not outlive the estimate.
    if (this.failure) {
      w.kill()
      throw this.failure
    }
    return w
  }
}

/**
 * The estimated gzip (level 6) size of everything `source` yields, in bytes.
 * @throws Error when a compression fails or the source fails.
 */
export async function estimateGzipSize(
  source: AsyncIterable<Buffer>,
  opts: GzipEstimateOptions = {}
): Promise<number> {
  const est = new GzipSizeEstimator(opts)
  for await (const chunk of source) await est.write(chunk)
  return est.end()
}
