/**
 * The compressed-size estimate for layers that exist only as uncompressed tars: what the layer
 * tar becomes gzip-compressed at the default level.
 *
 * Why gzip at level 6: `docker push` from the classic store compresses each layer with Go's
 * `compress/gzip` `gzip.NewWriter` — `DefaultCompression`, which Go's `compress/flate` maps to
 * level 6 (moby `daemon/internal/distribution/push.go` → `compress()`; Go `compress/flate`
 * `deflate.go`). BuildKit's default is gzip too (moby/buildkit `util/compression`).
 *
 * How: pigz-style. A layer's tar stream is cut into chunks (4 MiB); each chunk is compressed
 * separately by `gzip -6`, several at once (one per core, `os.availableParallelism()`), and the
 * sizes are added up (one 10-byte header and 8-byte trailer per layer, as one gzip stream has).
 * A chunk starts without the previous 32 KiB as history; at 4 MiB chunks that costs < 0.05%
 * (measured: 460 MB Go toolchain layer, 125,372,413 bytes chunked vs 125,362,602 for one
 * `gzip -6` stream).
 *
 * Why the `gzip` program and not Node's zlib: Node bundles Chromium's zlib fork, whose level 6
 * output is 1.2–2.0% larger than canonical zlib and GNU gzip on layer tars (measured here: Go
 * toolchain +1.3%, busybox +2.0%), which breaks the 1% bound against `gzip -6`. Go's own
 * `compress/flate` (what `docker push` runs) is larger still (+1.4% and +3.2% on the same tars),
 * so every zlib-family estimate is a little under the bytes `docker push` sends. Where no `gzip`
 * program can be started, the estimator falls back to Node's zlib (`deflateRaw`, level 6, each
 * chunk primed with the previous 32 KiB as its dictionary, sync-flushed), accurate to ~2%.
 *
 * Memory: at most one chunk being filled per layer plus one chunk per compression in flight.
 */
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { noteBytesRead } from './memory.ts'

/** gzip's 10-byte member header plus its 8-byte trailer (CRC-32, ISIZE), RFC 1952. */
export const GZIP_FRAMING_BYTES = 18
/** Default bytes per chunk. */
export const DEFAULT_CHUNK_SIZE = Number(process.env.CHUNK ?? 4) * 1024 * 1024
const WINDOW = 32 * 1024
const deflateRaw = promisify(zlib.deflateRaw)

/** A counting semaphore: at most `size` holders at once; waiters are served in order. */
export class Slots {
  private free: number
  private readonly waiting: (() => void)[] = []

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size < 1)
      throw new Error(`Slots: size must be ≥ 1, got ${size}`)
    this.free = size
  }

  /** Waits for a slot; resolves with the function that gives it back (call it exactly once). */
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
/** The process-wide pool: one compression per available core. */
export function defaultSlots(): Slots {
  sharedSlots ??= new Slots(Math.max(1, availableParallelism()))
  return sharedSlots
}

/** Options of {@link GzipSizeEstimator}. */
export interface GzipEstimateOptions {
  /** Bytes per chunk (default 4 MiB). Smaller chunks lose a little more ratio. */
  chunkSize?: number
  /** The pool that bounds compressions in flight (default: the process-wide one). */
  slots?: Slots
  /** The gzip program (default `gzip`, looked up on PATH). */
  gzip?: string
}

/** Which compressor a gzip program name turned out to be: undefined until first tried. */
const gzipWorks = new Map<string, boolean>()

/** Runs `gzip -6 -n -c` over `parts` and resolves with the bytes it wrote (one gzip member). */
function gzipMember(bin: string, parts: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-6', '-n', '-c'], { stdio: ['pipe', 'pipe', 'pipe'] })
    let out = 0
    let err = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.length
      noteBytesRead(c.length)
    })
    child.stderr.on('data', (c: Buffer) => {
      if (err.length < 4096) err += c.toString()
    })
    // EPIPE when gzip dies early: the exit code below reports it.
    child.stdin.on('error', () => undefined)
    child.on('error', reject)
    child.on('close', code => {
      if (code === 0) resolve(out)
      else reject(new Error(`${bin} -6 exited with ${String(code)}: ${err.trim()}`))
    })
    for (const p of parts) child.stdin.write(p)
    child.stdin.end()
  })
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

/**
 * Estimates the gzip size of one stream (a layer tar) fed chunk by chunk.
 *
 * Usage: `await est.write(chunk)` for each chunk (resolves when the estimator can take more:
 * back-pressure while all compression slots are busy), then `await est.end()` for the size.
 */
export class GzipSizeEstimator {
  private readonly chunkSize: number
  private readonly slots: Slots
  private readonly gzip: string
  private parts: Buffer[] = []
  private filled = 0
  private tail: Buffer | undefined
  private dispatched = 0
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
    if (this.filled > 0 || this.dispatched === 0) await this.dispatch(true)
    while (this.pending.size > 0) await Promise.all(this.pending)
    if (this.failure) throw this.failure
    return this.deflated + GZIP_FRAMING_BYTES
  }

  private async dispatch(last: boolean): Promise<void> {
    const parts = this.parts
    const size = this.filled
    this.parts = []
    this.filled = 0
    this.dispatched++
    const dictionary = this.tail
    this.tail = lastBytes(parts, WINDOW)
    const release = await this.slots.acquire()
    const job = this.compress(parts, size, dictionary, last)
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

  private async compress(
    parts: Buffer[],
    size: number,
    dictionary: Buffer | undefined,
    last: boolean
  ): Promise<number> {
    if (gzipWorks.get(this.gzip) !== false) {
      try {
        // The parts go to gzip as they are: no copy into one chunk-sized buffer.
        const n = await gzipMember(this.gzip, parts)
        gzipWorks.set(this.gzip, true)
        return n - GZIP_FRAMING_BYTES
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || gzipWorks.get(this.gzip) === true) {
          throw err
        }
        gzipWorks.set(this.gzip, false)
      }
    }
    return deflateChunk(Buffer.concat(parts, size), dictionary, last)
  }
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
