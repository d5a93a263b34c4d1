/**
 * SHA-256 of file bodies in a worker thread, so the thread that parses a layer tar only copies
 * bytes (issue 9: hashing every file of the 460 MB Go toolchain image on the main thread added
 * about a third to reading it).
 *
 * One process-wide thread serves every {@link FileHashStream} (one per layer scan). A stream
 * copies each body chunk into a staging buffer of {@link BATCH_BYTES}; a full buffer goes to the
 * thread as a transferred `ArrayBuffer` with a list of segments (file id, offset, length, last);
 * the thread hashes them (one call for a file whose bytes sit in one batch, an incremental hash
 * for a file that spans batches), sends the digests (base64, as `crypto.hash(…, 'base64')`
 * writes them) and gives the buffer back for reuse. Chunks are copied at once, never held, so the
 * tar's buffers are garbage as soon as the parser is done with them.
 *
 * The thread takes the work the reader has no time for, never more: while
 * {@link BUSY_IN_FLIGHT} batches wait for it the stream is {@link FileHashStream.busy} and the
 * caller hashes the files it begins itself (`src/image/layer-scan.ts`), so the reader never sits
 * idle while the thread lags (on a loaded machine it may not run for milliseconds).
 *
 * Memory: at most {@link MAX_IN_FLIGHT} batches wait for the thread; a stream is
 * {@link FileHashStream.congested} beyond that (only a large file can do it) and its writer waits
 * on {@link FileHashStream.room} (the few batches a writer adds before it looks are allocated
 * anyway: a body chunk is never refused).
 *
 * The thread runs from source text (`new Worker(code, { eval: true })`, as
 * `./gogzip/pool.ts` does), so a bundle ships no worker file. It is unref'd while no stream waits
 * for it: it never keeps the process alive.
 */
import { Worker } from 'node:worker_threads'
import type * as CryptoModule from 'node:crypto'
import type * as WorkerThreadsModule from 'node:worker_threads'

/** Bytes of one batch (staging buffer) sent to the thread. */
export const BATCH_BYTES = 1024 * 1024
/**
 * Batches a stream may have at the thread before it is {@link FileHashStream.busy}: files begun
 * then are better hashed by the caller.
 */
export const BUSY_IN_FLIGHT = 4
/** Batches a stream may have at the thread before it is {@link FileHashStream.congested}. */
export const MAX_IN_FLIGHT = 8
/**
 * A congested stream's writer resumes once this few batches wait: each wait then spans several
 * batches (a thread switch costs milliseconds on a loaded machine).
 */
export const RESUME_IN_FLIGHT = 2

/** SHA-256 of no bytes, base64. */
export const EMPTY_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='

/** A batch to the thread: `segs` holds (file id, offset, length, last 0|1) quadruples. */
interface BatchRequest {
  op: 'batch'
  stream: number
  buf: ArrayBuffer
  segs: number[]
}
/** Forget the incremental hashes of these file ids (an abandoned stream). */
interface DropRequest {
  op: 'drop'
  ids: number[]
}
type Request = BatchRequest | DropRequest

/** A batch done: its buffer back and the digests of the files that ended in it. */
interface Reply {
  stream: number
  buf: ArrayBuffer
  ids: number[]
  digests: string[]
}

/**
 * The body of the thread, run from its source text. Uses nothing from the enclosing module (it
 * is stringified), and `process.getBuiltinModule` rather than `require`: an eval'd thread
 * inherits the process's flags and is an ES module under `--input-type=module`.
 */
function threadMain(): void {
  const wt = process.getBuiltinModule('node:worker_threads') as typeof WorkerThreadsModule
  const crypto = process.getBuiltinModule('node:crypto') as typeof CryptoModule
  const port = wt.parentPort
  if (!port) return
  const open = new Map<number, CryptoModule.Hash>()
  port.on('message', (msg: Request) => {
    if (msg.op === 'drop') {
      for (const id of msg.ids) open.delete(id)
      return
    }
    const bytes = new Uint8Array(msg.buf)
    const segs = msg.segs
    const ids: number[] = []
    const digests: string[] = []
    for (let i = 0; i + 3 < segs.length; i += 4) {
      const id = segs[i] as number
      const off = segs[i + 1] as number
      const view = bytes.subarray(off, off + (segs[i + 2] as number))
      const h = open.get(id)
      if (segs[i + 3] === 1) {
        if (h) open.delete(id)
        ids.push(id)
        digests.push(h ? h.update(view).digest('base64') : crypto.hash('sha256', view, 'base64'))
      } else if (h) h.update(view)
      else open.set(id, crypto.createHash('sha256').update(view))
    }
    const reply: Reply = { stream: msg.stream, buf: msg.buf, ids, digests }
    port.postMessage(reply, [msg.buf])
  })
}

const THREAD_SOURCE = `(${threadMain.toString()})()`

/** The process-wide thread and the streams it serves. */
class HashThread {
  private readonly worker: Worker
  private readonly streams = new Map<number, FileHashStream>()
  /** Buffers the thread gave back. */
  readonly spare: ArrayBuffer[] = []
  /** Batches sent and not yet back, over all streams: the thread is ref'd while > 0. */
  private pending = 0
  failure: Error | undefined

  constructor() {
    this.worker = new Worker(THREAD_SOURCE, { eval: true })
    this.worker.unref()
    this.worker.on('message', (m: Reply) => this.onReply(m))
    this.worker.on('error', err => this.onFailure(err))
    this.worker.on('exit', code => this.onFailure(new Error(`it exited (code ${code})`)))
  }

  register(id: number, stream: FileHashStream): void {
    this.streams.set(id, stream)
  }

  unregister(id: number): void {
    this.streams.delete(id)
  }

  send(req: BatchRequest): void {
    if (this.pending++ === 0) this.worker.ref()
    this.worker.postMessage(req, [req.buf])
  }

  drop(ids: number[]): void {
    if (!this.failure && ids.length > 0)
      this.worker.postMessage({ op: 'drop', ids } satisfies Request)
  }

  private onReply(m: Reply): void {
    if (--this.pending === 0) this.worker.unref()
    if (this.spare.length < MAX_IN_FLIGHT) this.spare.push(m.buf)
    this.streams.get(m.stream)?.onBatchDone(m.ids, m.digests)
  }

  private onFailure(err: Error): void {
    if (this.failure) return
    this.failure = new Error(`the file hashing thread failed: ${err.message}`, { cause: err })
    if (thread === this) thread = undefined
    for (const s of this.streams.values()) s.onFailure(this.failure)
    this.streams.clear()
  }
}

let thread: HashThread | undefined
let nextStreamId = 0
let nextFileId = 0

/**
 * Hashes the regular files of one tar, in tar order, on the hashing thread: `begin(onDigest)`,
 * `update(chunk)`…, `end()` per file (one file at a time), then `flush()` once. `onDigest`
 * receives the SHA-256 of the file's bytes, base64, later (a file without bytes: at `end()`).
 * @throws Error from the constructor when the thread cannot start (workers unavailable).
 */
export class FileHashStream {
  private readonly id = nextStreamId++
  private readonly thread: HashThread
  private buf: Uint8Array
  private used = 0
  private segs: number[] = []
  private inFlight = 0
  private readonly callbacks = new Map<number, (sha256: string) => void>()
  /** The file begun and not ended: its id, and whether any of its bytes were seen. */
  private current: { id: number; bytes: number } | undefined
  /** Ids of files whose bytes the thread holds in an incremental hash. */
  private readonly spanning = new Set<number>()
  private waiters: { resolve: () => void; reject: (e: Error) => void; idle: boolean }[] = []
  private failure: Error | undefined

  constructor() {
    if (!thread || thread.failure) thread = new HashThread()
    this.thread = thread
    this.thread.register(this.id, this)
    this.buf = this.takeBuffer()
  }

  /** Starts the next file; `onDigest` gets its SHA-256 (base64). */
  begin(onDigest: (sha256: string) => void): void {
    const id = nextFileId++
    this.current = { id, bytes: 0 }
    this.callbacks.set(id, onDigest)
  }

  /** Copies the current file's next bytes (the chunk is not kept). */
  update(chunk: Uint8Array): void {
    const cur = this.current
    if (!cur || this.failure) return
    let off = 0
    while (off < chunk.length) {
      if (this.used === this.buf.length) {
        this.post()
        if (this.failure) return
      }
      const n = Math.min(chunk.length - off, this.buf.length - this.used)
      this.buf.set(chunk.subarray(off, off + n), this.used)
      const last = this.segs.length - 4
      if (last >= 0 && this.segs[last] === cur.id) {
        // Contiguous with the file's previous segment in this batch: grow it.
        this.segs[last + 2] = (this.segs[last + 2] as number) + n
      } else this.segs.push(cur.id, this.used, n, 0)
      this.used += n
      off += n
      cur.bytes += n
    }
  }

  /** Ends the current file. */
  end(): void {
    const cur = this.current
    this.current = undefined
    if (!cur || this.failure) return
    if (cur.bytes === 0) {
      const cb = this.callbacks.get(cur.id)
      this.callbacks.delete(cur.id)
      cb?.(EMPTY_SHA256)
      return
    }
    const last = this.segs.length - 4
    if (last >= 0 && this.segs[last] === cur.id) this.segs[last + 3] = 1
    else this.segs.push(cur.id, 0, 0, 1)
  }

  /**
   * At least {@link BUSY_IN_FLIGHT} batches wait for the thread: a file begun now is better
   * hashed by the caller itself (the thread lags, e.g. on a loaded machine).
   */
  get busy(): boolean {
    return this.inFlight >= BUSY_IN_FLIGHT
  }

  /** More than {@link MAX_IN_FLIGHT} batches wait for the thread: the writer should wait. */
  get congested(): boolean {
    return this.inFlight > MAX_IN_FLIGHT
  }

  /**
   * Resolves once at most {@link RESUME_IN_FLIGHT} batches wait for the thread (at once when the
   * stream is not {@link congested}). @throws the thread's failure.
   */
  room(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (!this.congested) return Promise.resolve()
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject, idle: false }))
  }

  /**
   * Sends what is staged and resolves once every file ended so far has its digest; the stream
   * is then done (it lets go of the thread). @throws the thread's failure.
   */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure
    if (this.segs.length > 0) this.post()
    if (this.inFlight > 0) {
      await new Promise<void>((resolve, reject) =>
        this.waiters.push({ resolve, reject, idle: true })
      )
    }
    this.close()
  }

  /** Gives up: forgets pending files, lets go of the thread. Idempotent. */
  abort(): void {
    if (this.current) this.spanning.add(this.current.id)
    this.current = undefined
    this.thread.drop([...this.spanning])
    this.spanning.clear()
    this.callbacks.clear()
    this.close()
  }

  /** @internal A batch came back with the digests of the files that ended in it. */
  onBatchDone(ids: number[], digests: string[]): void {
    this.inFlight--
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number
      const cb = this.callbacks.get(id)
      this.callbacks.delete(id)
      this.spanning.delete(id)
      cb?.(digests[i] as string)
    }
    const left: typeof this.waiters = []
    for (const w of this.waiters) {
      if (this.inFlight <= (w.idle ? 0 : RESUME_IN_FLIGHT)) w.resolve()
      else left.push(w)
    }
    this.waiters = left
  }

  /** @internal The thread failed: every wait rejects. */
  onFailure(err: Error): void {
    this.failure = err
    for (const w of this.waiters) w.reject(err)
    this.waiters = []
  }

  private close(): void {
    this.thread.unregister(this.id)
  }

  private takeBuffer(): Uint8Array {
    const spare = this.thread.spare.pop()
    return new Uint8Array(spare ?? new ArrayBuffer(BATCH_BYTES))
  }

  /** Sends the staged batch and starts a new one. */
  private post(): void {
    if (this.thread.failure) {
      this.onFailure(this.thread.failure)
      this.used = 0
      this.segs = []
      return
    }
    // A file still open at the end of the batch continues in the next: the thread keeps its state.
    const last = this.segs.length - 4
    if (last >= 0 && this.segs[last + 3] === 0) this.spanning.add(this.segs[last] as number)
    this.inFlight++
    this.thread.send({
      op: 'batch',
      stream: this.id,
      buf: this.buf.buffer as ArrayBuffer,
      segs: this.segs
    })
    this.buf = this.takeBuffer()
    this.used = 0
    this.segs = []
  }
}
