/**
 * The compressed-size estimate for layers that exist only as uncompressed tars: how many bytes
 * `docker push` would store for each layer.
 *
 * Source: `docker push` from the classic store compresses each layer with Go's `compress/gzip`
 * `gzip.NewWriter` (moby `daemon/internal/distribution/push.go` → `compress()`), which is
 * `compress/flate` at `DefaultCompression` (level 6) between a 10-byte header (no name, no
 * mtime) and an 8-byte trailer; BuildKit's default is the same gzip (moby/buildkit
 * `util/compression`). So the estimate runs that very code: Go's `compress/flate`, compiled to
 * WebAssembly (`./gogzip/`, Go 1.19 — the Docker 20.10 engine here is built with it — and
 * worker threads, `./gogzip/pool.ts`). Go's level-6 output has been the same from Go 1.8 to
 * Go 1.26; Go 1.27 replaced the encoder (golang/go#75532), so engines built with it store
 * different sizes.
 *
 * How, and why chunks: one deflate stream per layer gives the pushed size exactly, but uses one
 * core. So a layer is cut into chunks (4 MiB) that run on the pool's threads side by side, each
 * a deflate stream primed with the 32 KiB before it (`flate.NewWriterDict`, the window a single
 * stream would have). Layers up to one chunk are exact; beyond, each chunk boundary starts a new
 * deflate block (Go cuts blocks every 16,384 tokens), so block boundaries shift and the size
 * drifts by some hundred bytes per boundary, either way. `chunkSize: Infinity` gives the exact
 * size at one core's speed.
 *
 * Measured against a loopback `docker push` (Docker 20.10, `__tests__/itg/compress.itg.test.ts`):
 * one stream equals every pushed layer blob; with 4 MiB chunks, the example's final image is
 * +0.0022% (3,693,688 vs 3,693,606 bytes; its 1 MB layer exact), the 460 MB Go toolchain layer
 * +0.0012% (127,124,010 vs 127,122,498), layers of Go source text and of compiler binaries
 * +0.029% and −0.038%. zlib's `gzip -6`, the previous estimate, is 1.4–2.1% under a push.
 * CPU: the WebAssembly runs at about half of native Go's speed (~27 CPU-s for the 460 MB layer,
 * where `gzip -6` takes ~17 and native Go ~13 on this machine).
 *
 * Memory: a staging buffer (≤ 1 MiB) and, per thread, at most 4 MiB waiting, plus each thread's
 * WebAssembly instance (~24 MB: the Go runtime's heap, the compressor's window and tables).
 */
import { defaultDeflatePool, stagingBuffer } from './gogzip/pool.ts'
import type { DeflatePool, DeflateThread } from './gogzip/pool.ts'

/** gzip's 10-byte member header plus its 8-byte trailer (CRC-32, ISIZE), RFC 1952. */
export const GZIP_FRAMING_BYTES = 18
/** Default bytes per chunk. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024
/** deflate's window: the history a chunk is primed with. */
const WINDOW = 32 * 1024
/** Bytes copied together before they are handed to a thread. */
const STAGE = 1024 * 1024
/** {@link GzipSizeEstimator}s started in this process ({@link gzipEstimatorsStarted}). */
let estimatorsStarted = 0

/** Options of {@link GzipSizeEstimator}. */
export interface GzipEstimateOptions {
  /**
   * Bytes per chunk (default 4 MiB, at least 32 KiB); `Infinity` compresses the layer as one
   * stream on one thread, which is the pushed size exactly.
   */
  chunkSize?: number
  /** The threads to run on (default: the process-wide pool, one thread per core). */
  pool?: DeflatePool
}

/** One chunk in progress: its thread, and the buffer being filled for it. */
interface OpenChunk {
  thread: DeflateThread
  filled: number
}

/**
 * Estimates what `gzip.NewWriter` (Go, default level) makes of one stream (a layer tar) fed
 * chunk by chunk.
 *
 * Usage: `await est.write(chunk)` for each chunk (resolves when the estimator can take more:
 * back-pressure while the threads are busy), then `await est.end()` for the size in bytes.
 */
export class GzipSizeEstimator {
  private readonly chunkSize: number
  private readonly pool: DeflatePool
  private open: OpenChunk | undefined
  private stage: Uint8Array | undefined
  private staged = 0
  /** The last 32 KiB handed over: the next chunk's dictionary. */
  private tail: Uint8Array = new Uint8Array(0)
  private chunks = 0
  private deflated = 0
  private readonly pending = new Set<Promise<void>>()
  private failure: Error | undefined

  constructor(opts: GzipEstimateOptions = {}) {
    this.chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE
    const ok =
      this.chunkSize === Infinity ||
      (Number.isSafeInteger(this.chunkSize) && this.chunkSize >= WINDOW)
    if (!ok) {
      throw new Error(
        `GzipSizeEstimator: chunkSize must be an integer ≥ ${WINDOW} or Infinity, got ${this.chunkSize}`
      )
    }
    this.pool = opts.pool ?? defaultDeflatePool()
    estimatorsStarted++
    // The first chunk waits for one thread; the others start meanwhile.
    this.pool.prewarm()
  }

  /** Adds bytes. @throws the first compression error, if one happened. */
  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure
    let rest: Uint8Array = chunk
    while (rest.length > 0) {
      const open = this.open ?? (await this.begin())
      const room = Math.min(this.chunkSize - open.filled, STAGE - this.staged)
      const take = Math.min(rest.length, room)
      this.stage ??= stagingBuffer(Math.min(STAGE, this.chunkSize))
      this.stage.set(take === rest.length ? rest : rest.subarray(0, take), this.staged)
      this.staged += take
      open.filled += take
      rest = rest.subarray(take)
      if (open.filled === this.chunkSize) await this.finishChunk()
      else if (this.staged === STAGE) await this.flush()
    }
  }

  /**
   * Ends the stream. @returns the estimated gzip size in bytes (header and trailer included).
   * @throws Error when a compression failed.
   */
  async end(): Promise<number> {
    if (this.failure) {
      this.destroy() // gives the open chunk's thread back
      throw this.failure
    }
    // An empty layer is still one (empty) gzip stream.
    if (this.open || this.chunks === 0) {
      if (!this.open) await this.begin()
      await this.finishChunk()
    }
    while (this.pending.size > 0) await Promise.all(this.pending)
    if (this.failure) throw this.failure
    return this.deflated + GZIP_FRAMING_BYTES
  }

  /** Abandons the estimate: the chunk in progress is ended unread. `end` then rejects. */
  destroy(): void {
    this.failure ??= new Error('the gzip estimate was abandoned')
    const open = this.open
    this.open = undefined
    this.stage = undefined
    if (open) {
      open.thread.end().then(
        () => this.pool.release(open.thread),
        () => this.pool.release(open.thread)
      )
    }
  }

  private async begin(): Promise<OpenChunk> {
    const thread = await this.pool.acquire()
    if (this.failure) {
      this.pool.release(thread)
      throw this.failure
    }
    try {
      thread.begin(this.chunks > 0 ? this.tail.slice() : undefined)
    } catch (err) {
      this.pool.release(thread)
      throw err
    }
    this.chunks++
    this.open = { thread, filled: 0 }
    return this.open
  }

  /** Hands the staged bytes to the chunk's thread, keeping the last 32 KiB for the next chunk. */
  private async flush(): Promise<void> {
    const open = this.open
    const stage = this.stage
    if (!open || !stage || this.staged === 0) return
    const data = stage.subarray(0, this.staged)
    if (data.length >= WINDOW) this.tail = data.slice(data.length - WINDOW)
    else {
      const keep = Math.min(this.tail.length, WINDOW - data.length)
      const t = new Uint8Array(keep + data.length)
      t.set(this.tail.subarray(this.tail.length - keep))
      t.set(data, keep)
      this.tail = t
    }
    this.stage = undefined
    this.staged = 0
    try {
      await open.thread.write(data)
    } catch (err) {
      this.failure ??= err as Error
      throw err
    }
  }

  /** Ends the open chunk; its size is added when the thread reports it. */
  private async finishChunk(): Promise<void> {
    await this.flush()
    const open = this.open
    if (!open) return
    this.open = undefined
    const job = open.thread
      .end()
      .then(
        n => {
          this.deflated += n
        },
        (err: unknown) => {
          this.failure ??= err instanceof Error ? err : new Error(String(err))
        }
      )
      .finally(() => {
        this.pool.release(open.thread)
        this.pending.delete(job)
      })
    this.pending.add(job)
  }
}

/**
 * How many {@link GzipSizeEstimator}s this process has started (one per layer estimated): lets
 * tests and timing logs tell an estimate made from one taken from the cache.
 */
export function gzipEstimatorsStarted(): number {
  return estimatorsStarted
}

/**
 * Starts the estimator's threads in the background (the process-wide pool), so that their
 * start-up overlaps a build or `docker save`. Optional: estimators start threads on demand.
 */
export function prewarmGzipEstimator(): void {
  defaultDeflatePool().prewarm()
}

/**
 * The estimated size of everything `source` yields once `docker push` has gzip-compressed it
 * (Go `gzip.NewWriter`, default level), in bytes.
 * @throws Error when a compression fails or the source fails.
 */
export async function estimateGzipSize(
  source: AsyncIterable<Buffer>,
  opts: GzipEstimateOptions = {}
): Promise<number> {
  const est = new GzipSizeEstimator(opts)
  try {
    for await (const chunk of source) await est.write(chunk)
  } catch (err) {
    est.destroy()
    throw err
  }
  return est.end()
}
