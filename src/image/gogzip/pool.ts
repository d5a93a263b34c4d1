/**
 * Go's `compress/flate` at its default level (what `gzip.NewWriter`, and so `docker push`,
 * compresses layers with), run as WebAssembly in worker threads: a process-wide pool of
 * threads, each with one instance of `gogzip.wasm` (built from `./main.go` by
 * `scripts/build-gogzip.sh`, Go 1.19, `GOOS=js GOARCH=wasm`; `./wasm_exec.js` is that
 * toolchain's runtime glue, `misc/wasm/wasm_exec.js`, unmodified).
 *
 * A thread compresses one raw deflate stream at a time and reports only its size. Bytes reach
 * it as transferred buffers; {@link DeflateThread.write} resolves once the thread has fewer
 * than `maxQueued` bytes waiting, so memory stays bounded whatever the stream's length.
 *
 * The threads run from source text (`new Worker(code, { eval: true })`) and receive the glue's
 * text and the compiled module, so a bundle needs no worker file, only the two assets in a
 * `gogzip/` folder beside it, copied there by the bundle script: ncc is not left to find them,
 * because webpack re-encodes a `.wasm` named by `new URL('./x.wasm', import.meta.url)` and
 * resolves it against the working directory. Idle threads are unref'd: they never keep the
 * process alive.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type * as VmModule from 'node:vm'
import type * as WorkerThreadsModule from 'node:worker_threads'

/** The two files a bundle ships in a `gogzip/` folder beside it (`scripts/copy-gogzip.js`). */
export const GOGZIP_ASSETS = ['gogzip.wasm', 'wasm_exec.js'] as const

/**
 * The folder holding {@link GOGZIP_ASSETS}: this module's own (`src/image/gogzip/`, or the
 * `lib/image/gogzip/` the build copies them to), else `gogzip/` beside a bundle.
 * @throws Error naming the places looked at when neither has them.
 */
export function gogzipDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [here, join(here, 'gogzip')]
  const found = candidates.find(dir => GOGZIP_ASSETS.every(f => existsSync(join(dir, f))))
  if (found) return found
  throw new Error(
    `the compressed-size estimator's ${GOGZIP_ASSETS.join(' and ')} are missing ` +
      `(looked in ${candidates.join(' and ')}); rebuild the bundle with npm run bundle`
  )
}

/** Messages from a thread. */
type Reply =
  | { op: 'ready' }
  | { op: 'taken'; data: Uint8Array }
  | { op: 'size'; size: number }
  | { op: 'error'; message: string }

/** Messages to a thread. */
type Request =
  { op: 'begin'; dict: Uint8Array | null } | { op: 'write'; data: Uint8Array } | { op: 'end' }

/** The parts of the WebAssembly JS API used here (not in the ES2023 lib). */
type WasmModule = object
type WasmInstance = object
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>
  Instance: new (module: WasmModule, imports: object) => WasmInstance
}

interface GoApi {
  begin(dict: Uint8Array | null): void
  write(data: Uint8Array): void
  end(): number
}

interface GoRuntime {
  importObject: object
  exit: (code: number) => void
  run(instance: WasmInstance): Promise<void>
}

interface ThreadData {
  glue: string
  module: WasmModule
}

/**
 * The body of every thread, run from its source text: `require` is the eval'd script's own.
 * Uses nothing from the enclosing module (it is stringified).
 */
function threadMain(require: (id: string) => unknown): void {
  const wt = require('node:worker_threads') as typeof WorkerThreadsModule
  const vm = require('node:vm') as typeof VmModule
  const port = wt.parentPort
  if (!port) return
  const data = wt.workerData as ThreadData
  let goOutput = ''
  let exited: number | undefined
  const fail = (err: unknown): void => {
    const why = err instanceof Error ? err.message : String(err)
    const go = goOutput.trim().slice(-2000)
    port.postMessage({ op: 'error', message: go ? `${why}: ${go}` : why } satisfies Reply)
  }
  try {
    vm.runInThisContext(data.glue, { filename: 'wasm_exec.js' })
    const g = globalThis as unknown as {
      WebAssembly: WasmApi
      Go: new () => GoRuntime
      fs: { writeSync(fd: number, buf: Uint8Array): number }
      __gogzip?: GoApi
    }
    // The glue prints the Go program's output with console.log: keep it for error messages.
    const decoder = new TextDecoder()
    g.fs.writeSync = (_fd, buf) => {
      goOutput = (goOutput + decoder.decode(buf)).slice(-8192)
      return buf.length
    }
    const go = new g.Go()
    go.exit = code => (exited = code)
    const instance = new g.WebAssembly.Instance(data.module, go.importObject)
    go.run(instance).catch(fail)
    const api = g.__gogzip
    if (!api) throw new Error('gogzip.wasm did not start')
    port.on('message', (msg: Request) => {
      try {
        if (exited !== undefined) throw new Error(`the Go program exited (code ${exited})`)
        if (msg.op === 'begin') api.begin(msg.dict)
        else if (msg.op === 'write') {
          api.write(msg.data)
          // The buffer goes back for reuse: no garbage piles up on either side.
          const back: Reply = { op: 'taken', data: msg.data }
          port.postMessage(back, [msg.data.buffer as ArrayBuffer])
        } else port.postMessage({ op: 'size', size: api.end() } satisfies Reply)
      } catch (err) {
        fail(err)
      }
    })
    port.postMessage({ op: 'ready' } satisfies Reply)
  } catch (err) {
    fail(err)
  }
}

const THREAD_SOURCE = `(${threadMain.toString()})(require)`

/** Buffers the threads gave back, for {@link stagingBuffer}. */
const spare: Uint8Array[] = []
const MAX_SPARE = 8

/**
 * A buffer of `size` bytes to fill and hand to {@link DeflateThread.write}: one a thread gave
 * back when there is one of that size, else a new one. Its contents are stale.
 */
export function stagingBuffer(size: number): Uint8Array {
  const i = spare.findIndex(b => b.length === size)
  if (i < 0) return new Uint8Array(size)
  const [b] = spare.splice(i, 1)
  return b ?? new Uint8Array(size)
}

let loaded: Promise<ThreadData> | undefined
/** The glue's text and the compiled module, read once per process. */
function load(): Promise<ThreadData> {
  loaded ??= (async () => {
    const dir = gogzipDir()
    const [glue, wasm] = await Promise.all([
      readFile(join(dir, 'wasm_exec.js'), 'utf8'),
      readFile(join(dir, 'gogzip.wasm'))
    ])
    const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    return { glue, module: await wasmApi.compile(wasm) }
  })()
  loaded.catch(() => (loaded = undefined))
  return loaded
}

/**
 * One thread with one `gogzip.wasm` instance: `begin`, `write`…, `end` per raw deflate stream.
 * After a failure every call rejects with it (the pool then drops the thread).
 */
export class DeflateThread {
  private readonly thread: Worker
  private readonly maxQueued: number
  private queued = 0
  private readonly drained: (() => void)[] = []
  private sizeWaiter: { resolve: (n: number) => void; reject: (e: Error) => void } | undefined
  private readyWaiter: { resolve: () => void; reject: (e: Error) => void } | undefined
  private readonly ready: Promise<void>
  failure: Error | undefined

  private constructor(data: ThreadData, maxQueued: number) {
    this.maxQueued = maxQueued
    this.ready = new Promise((resolve, reject) => (this.readyWaiter = { resolve, reject }))
    this.ready.catch(() => undefined)
    this.thread = new Worker(THREAD_SOURCE, { eval: true, workerData: data })
    this.thread.unref()
    this.thread.on('message', (m: Reply) => this.onReply(m))
    this.thread.on('error', err => this.onFailure(err))
    this.thread.on('exit', code =>
      this.onFailure(new Error(`the gogzip thread exited (code ${code})`))
    )
  }

  /** Starts a thread and waits until its Go program runs. @throws when it cannot start. */
  static async start(maxQueued: number): Promise<DeflateThread> {
    const t = new DeflateThread(await load(), maxQueued)
    t.thread.ref()
    try {
      await t.ready
    } finally {
      t.thread.unref()
    }
    return t
  }

  /** Starts a stream; `dict` (≤ 32 KiB used) is the history before its first byte. */
  begin(dict: Uint8Array | undefined): void {
    if (this.failure) throw this.failure
    this.thread.ref()
    this.post({ op: 'begin', dict: dict ?? null })
  }

  /**
   * Hands `data` over: its whole buffer is transferred (the caller must own all of it, and
   * loses it; it comes back through {@link stagingBuffer}).
   * Resolves when the thread has at most `maxQueued` bytes still to compress.
   */
  async write(data: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure
    this.queued += data.length
    this.thread.postMessage({ op: 'write', data } satisfies Request, [data.buffer as ArrayBuffer])
    while (this.queued > this.maxQueued && !this.failure) {
      await new Promise<void>(resolve => this.drained.push(resolve))
    }
    if (this.failure) throw this.failure
  }

  /** Ends the stream. @returns its raw deflate size in bytes. @throws the thread's failure. */
  end(): Promise<number> {
    if (this.failure) return Promise.reject(this.failure)
    const size = new Promise<number>((resolve, reject) => (this.sizeWaiter = { resolve, reject }))
    this.post({ op: 'end' })
    return size
  }

  /** Stops the thread. */
  terminate(): void {
    this.onFailure(new Error('the gogzip thread was stopped'))
    void this.thread.terminate()
  }

  private post(msg: Request): void {
    this.thread.postMessage(msg)
  }

  private onReply(m: Reply): void {
    if (m.op === 'ready') this.readyWaiter?.resolve()
    else if (m.op === 'taken') {
      this.queued -= m.data.length
      if (spare.length < MAX_SPARE) spare.push(new Uint8Array(m.data.buffer))
      if (this.queued <= this.maxQueued) for (const d of this.drained.splice(0)) d()
    } else if (m.op === 'size') {
      this.thread.unref()
      const w = this.sizeWaiter
      this.sizeWaiter = undefined
      w?.resolve(m.size)
    } else this.onFailure(new Error(`gogzip.wasm failed: ${m.message}`))
  }

  private onFailure(err: Error): void {
    if (this.failure) return
    this.failure = err
    this.thread.unref()
    this.readyWaiter?.reject(err)
    this.sizeWaiter?.reject(err)
    this.sizeWaiter = undefined
    for (const d of this.drained.splice(0)) d()
  }
}

/**
 * Threads at most by default: each holds a WebAssembly instance (~24 MB of linear memory, the Go
 * runtime's heap) and a V8 isolate, so many-core machines stop at four.
 */
export const MAX_DEFAULT_THREADS = 4

/** Options of {@link DeflatePool}. */
export interface DeflatePoolOptions {
  /** Threads at most (default: one per available core, at most {@link MAX_DEFAULT_THREADS}). */
  size?: number
  /** Bytes a thread may have waiting before `write` waits (default 4 MiB). */
  maxQueued?: number
}

/**
 * At most `size` threads, started on demand and kept for reuse. `acquire` hands out an idle
 * thread (starting one while under `size`, else waiting for a `release`, first come first served).
 */
export class DeflatePool {
  readonly size: number
  private readonly maxQueued: number
  private readonly idle: DeflateThread[] = []
  private started = 0
  private readonly waiting: ((t: DeflateThread | Error) => void)[] = []

  constructor(opts: DeflatePoolOptions = {}) {
    const size = opts.size ?? Math.min(MAX_DEFAULT_THREADS, Math.max(1, availableParallelism()))
    if (!Number.isSafeInteger(size) || size < 1) {
      throw new Error(`DeflatePool: size must be an integer ≥ 1, got ${size}`)
    }
    this.size = size
    this.maxQueued = opts.maxQueued ?? 4 * 1024 * 1024
  }

  /** A thread for one stream; give it back with {@link release}. @throws when none can start. */
  async acquire(): Promise<DeflateThread> {
    for (let t = this.idle.pop(); t; t = this.idle.pop()) {
      if (!t.failure) return t
      this.started-- // died while idle
    }
    if (this.started < this.size) {
      this.started++
      try {
        return await DeflateThread.start(this.maxQueued)
      } catch (err) {
        this.started--
        throw err
      }
    }
    const got = await new Promise<DeflateThread | Error>(resolve => this.waiting.push(resolve))
    if (got instanceof Error) throw got
    return got
  }

  /**
   * Starts the threads not started yet, in the background, so their start-up (compiling and
   * instantiating the module, starting Go: a few hundred ms each) overlaps other work. A start
   * that fails fails the callers waiting in {@link acquire}; the next `acquire` tries again.
   */
  prewarm(): void {
    while (this.started < this.size) {
      this.started++
      DeflateThread.start(this.maxQueued).then(
        t => this.release(t),
        (err: unknown) => {
          this.started--
          // What stops one thread from starting (a missing module) stops the others too.
          const e = err instanceof Error ? err : new Error(String(err))
          for (const next of this.waiting.splice(0)) next(e)
        }
      )
    }
  }

  /** Gives a thread back (a failed one is stopped, and its place freed). */
  release(t: DeflateThread): void {
    if (t.failure) {
      t.terminate()
      this.started--
      const next = this.waiting.shift()
      if (next) {
        this.started++
        DeflateThread.start(this.maxQueued).then(next, (err: unknown) => {
          this.started--
          next(err instanceof Error ? err : new Error(String(err)))
        })
      }
      return
    }
    const next = this.waiting.shift()
    if (next) next(t)
    else this.idle.push(t)
  }

  /** Stops the idle threads (busy ones stop when released… after this, new ones start again). */
  close(): void {
    for (const t of this.idle.splice(0)) {
      t.terminate()
      this.started--
    }
  }
}

let shared: DeflatePool | undefined
/** The process-wide pool: one thread per available core (at most four). */
export function defaultDeflatePool(): DeflatePool {
  shared ??= new DeflatePool()
  return shared
}
