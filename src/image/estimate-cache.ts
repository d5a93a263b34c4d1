/**
 * An on-disk cache of compressed-size estimates, so that a re-run measuring the same layers does
 * not compress them again.
 *
 * Why it is sound: the estimate (`./compress.ts`) is a pure function of a layer's uncompressed
 * bytes and of the estimator — the compiled `gogzip.wasm` (Go's `compress/flate`) and the chunk
 * size. The bytes are named by the layer's diff ID (sha256 of the uncompressed tar, which the
 * reader computes and verifies on every read), and the estimator by the sha256 of the `.wasm`
 * file plus the chunk size. So an entry is `<root>/estimates/v1/<estimator>/<diff ID hex>`
 * holding `{"diffId", "size"}` in bytes.
 *
 * Where: `ISB_CACHE_DIR`, else `$XDG_CACHE_HOME/image-size-budget`, else
 * `~/.cache/image-size-budget`. `ISB_NO_CACHE=1` (any value but empty, `0` or `false`) turns it
 * off. On GitHub-hosted runners the home directory is discarded with the VM, so only the CLI and
 * self-hosted runners gain across runs.
 *
 * Robust by construction: a write goes to a temporary file renamed into place (atomic on one
 * file system, so concurrent writers of the same layer leave one whole entry, and readers never
 * see half of one); an entry that does not parse, names another diff ID or holds no byte count
 * is ignored (and the estimate made again, then rewritten); any I/O error is a miss. Bounded:
 * at most {@link MAX_ENTRIES} entries per estimator; past that the least recently used (file
 * mtime, touched on every hit) are removed.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import type { Log } from '../log.ts'
import { DEFAULT_CHUNK_SIZE, prewarmGzipEstimator } from './compress.ts'
import { gogzipDir } from './gogzip/pool.ts'
import { readImage } from './read.ts'
import type { ImageRead, ReadOptions } from './read.ts'
import type { ImageSource } from './source.ts'

/** Entries kept per estimator (each is one ~130-byte file). */
export const MAX_ENTRIES = 4096
/** The layout version of the cache directory. */
const LAYOUT = 'v1'
const DIFF_ID = /^sha256:([0-9a-f]{64})$/

/** Where the cache lives, or why it is off. */
export type CacheLocation = { dir: string } | { disabled: string }

/**
 * The cache's root from the environment: `ISB_NO_CACHE` (off unless empty, `0` or `false`),
 * `ISB_CACHE_DIR`, `XDG_CACHE_HOME` (absolute paths only, as the XDG spec says), `HOME`. Pure.
 */
export function cacheLocation(
  env: Record<string, string | undefined> = process.env,
  home: string | undefined = safeHomedir()
): CacheLocation {
  const off = env['ISB_NO_CACHE']
  if (off !== undefined && !/^(|0|false)$/i.test(off.trim())) {
    return { disabled: `ISB_NO_CACHE=${off}` }
  }
  const own = env['ISB_CACHE_DIR']
  if (own) return { dir: own }
  const xdg = env['XDG_CACHE_HOME']
  if (xdg && isAbsolute(xdg)) return { dir: join(xdg, 'image-size-budget') }
  if (home) return { dir: join(home, '.cache', 'image-size-budget') }
  return { disabled: 'no cache directory: neither ISB_CACHE_DIR, XDG_CACHE_HOME nor HOME is set' }
}

function safeHomedir(): string | undefined {
  try {
    return homedir() || undefined
  } catch {
    return undefined
  }
}

let wasmDigest: Promise<string> | undefined
/** sha256 (hex) of the `gogzip.wasm` the estimator runs, read once per process. */
function estimatorWasmDigest(): Promise<string> {
  wasmDigest ??= readFile(join(gogzipDir(), 'gogzip.wasm')).then(bytes =>
    createHash('sha256').update(bytes).digest('hex')
  )
  wasmDigest.catch(() => (wasmDigest = undefined))
  return wasmDigest
}

/**
 * The estimator's name in the cache: the first 16 hex digits of sha256(wasm digest, chunk size).
 * @throws Error when the estimator's `gogzip.wasm` cannot be read.
 */
export async function estimatorKey(chunkSize: number = DEFAULT_CHUNK_SIZE): Promise<string> {
  const wasm = await estimatorWasmDigest()
  return createHash('sha256').update(`${wasm}\n${chunkSize}`).digest('hex').slice(0, 16)
}

/** Options of {@link EstimateCache.open}. */
export interface EstimateCacheOptions {
  /** Default: from the environment ({@link cacheLocation}). */
  location?: CacheLocation
  /** The estimator's name (default {@link estimatorKey} of the default chunk size). */
  estimator?: string
  /** Entries kept (default {@link MAX_ENTRIES}). */
  maxEntries?: number
}

/**
 * Compressed-size estimates by diff ID, for one estimator. Every method is best effort: I/O
 * errors are misses or skipped writes, never thrown.
 */
export class EstimateCache {
  /** The directory holding this estimator's entries. */
  readonly dir: string
  private readonly maxEntries: number

  private constructor(dir: string, maxEntries: number) {
    this.dir = dir
    this.maxEntries = maxEntries
  }

  /**
   * The cache for the default estimator, or `{ disabled: why }` when it is turned off, has no
   * place, or the estimator cannot be named. Creates nothing on disk until a {@link put}.
   */
  static async open(
    opts: EstimateCacheOptions = {}
  ): Promise<EstimateCache | { disabled: string }> {
    const location = opts.location ?? cacheLocation()
    if ('disabled' in location) return location
    let estimator = opts.estimator
    if (estimator === undefined) {
      try {
        estimator = await estimatorKey()
      } catch (error) {
        return { disabled: `the estimator cannot be named: ${(error as Error).message}` }
      }
    }
    return new EstimateCache(
      join(location.dir, 'estimates', LAYOUT, estimator),
      opts.maxEntries ?? MAX_ENTRIES
    )
  }

  /** The cached estimate for `diffId` in bytes; undefined for a miss or an unusable entry. */
  async get(diffId: string): Promise<number | undefined> {
    const hex = DIFF_ID.exec(diffId)?.[1]
    if (!hex) return undefined
    const path = join(this.dir, hex)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      return undefined
    }
    const size = parseEntry(text, diffId)
    if (size === undefined) return undefined
    // Recently used: pruning removes the oldest first.
    const now = new Date()
    await utimes(path, now, now).catch(() => undefined)
    return size
  }

  /** The cached estimates of all `diffIds` (duplicates once); the misses are absent. */
  async getAll(diffIds: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>()
    const unique = [...new Set(diffIds)]
    const sizes = await Promise.all(unique.map(id => this.get(id)))
    unique.forEach((id, k) => {
      const size = sizes[k]
      if (size !== undefined) found.set(id, size)
    })
    return found
  }

  /**
   * Stores estimates (diff ID → bytes), each atomically, then prunes past the bound.
   * @returns how many entries were written
   */
  async putAll(estimates: ReadonlyMap<string, number>): Promise<number> {
    if (estimates.size === 0) return 0
    try {
      await mkdir(this.dir, { recursive: true })
    } catch {
      return 0
    }
    let written = 0
    for (const [diffId, size] of estimates) {
      if (await this.write(diffId, size)) written++
    }
    if (written > 0) await this.prune()
    return written
  }

  /** Stores one estimate (see {@link putAll}). @returns whether it was written */
  async put(diffId: string, size: number): Promise<boolean> {
    return (await this.putAll(new Map([[diffId, size]]))) === 1
  }

  private async write(diffId: string, size: number): Promise<boolean> {
    const hex = DIFF_ID.exec(diffId)?.[1]
    if (!hex || !Number.isSafeInteger(size) || size < 0) return false
    const path = join(this.dir, hex)
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(tmp, `${JSON.stringify({ diffId, size })}\n`, { flag: 'wx' })
      await rename(tmp, path)
      return true
    } catch {
      await unlink(tmp).catch(() => undefined)
      return false
    }
  }

  /** Past the bound: removes the least recently used entries (and stale temporary files). */
  private async prune(): Promise<void> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch {
      return
    }
    if (names.length <= this.maxEntries) return
    const dated = await Promise.all(
      names.map(async name => {
        const st = await stat(join(this.dir, name)).catch(() => undefined)
        return { name, mtime: st?.mtimeMs ?? 0 }
      })
    )
    dated.sort((a, b) => a.mtime - b.mtime)
    // Down to three quarters, so pruning does not run on every write.
    const excess = dated.length - Math.floor((this.maxEntries * 3) / 4)
    for (const { name } of dated.slice(0, excess)) {
      await unlink(join(this.dir, name)).catch(() => undefined)
    }
  }
}

/** An entry's text → its size in bytes; undefined unless it is `{diffId, size}` for `diffId`. */
export function parseEntry(text: string, diffId: string): number | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const entry = value as { diffId?: unknown; size?: unknown }
  if (entry.diffId !== diffId) return undefined
  const size = entry.size
  return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined
}

/**
 * `read` with the estimates of its uncompressed layers taken from `known` (diff ID → bytes), as
 * if the estimator had run: each `tar` layer gets its `compressedSize` and the image its
 * `compressed` total (`exact: false`), the way `./layout.ts` adds them up. Pure.
 * @returns undefined when a `tar` layer has no known estimate
 */
export function withKnownEstimates(
  read: ImageRead,
  known: ReadonlyMap<string, number>
): ImageRead | undefined {
  let size = 0
  const layers = []
  for (const layer of read.layers) {
    const compressedSize =
      layer.compression === 'tar' ? known.get(layer.diffId) : layer.compressedSize
    if (compressedSize === undefined) return undefined
    size += compressedSize
    layers.push({ ...layer, compressedSize })
  }
  const exact = layers.every(l => l.compression !== 'tar')
  return { ...read, layers, compressed: { size, exact } }
}

/** The estimates a read made: its uncompressed layers' diff IDs → compressed bytes. Pure. */
export function estimatesOf(read: ImageRead): Map<string, number> {
  const made = new Map<string, number>()
  for (const layer of read.layers) {
    if (layer.compression === 'tar' && layer.compressedSize !== undefined) {
      made.set(layer.diffId, layer.compressedSize)
    }
  }
  return made
}

/** Options of {@link readImageEstimating}, besides {@link ReadOptions}. */
export interface EstimatingOptions {
  /**
   * The image's diff IDs, when known before reading it and its layers will be uncompressed tars
   * (a daemon image on the classic store: `docker image inspect` `RootFS.Layers`). With them, an
   * image whose every layer is cached is read without the estimator, and one that is not gets
   * the estimator's threads started before `docker save` begins.
   */
  diffIds?: readonly string[]
  /** Default: {@link EstimateCache.open} (from the environment). */
  cache?: EstimateCache | { disabled: string }
  log: Log
}

/**
 * {@link readImage} with the estimate cache: with `opts.compress`, estimates of uncompressed
 * layers come from the cache when every layer of the image is in it (the estimator, its threads
 * included, is then not started), else are made while streaming and stored. Same result as
 * `readImage` — the cache only holds what the same estimator made of the same bytes; a read
 * whose layers turn out not to be the ones `diffIds` named (the tag moved between inspect and
 * save) is read again with the estimator.
 * @throws what {@link readImage} throws; never for the cache.
 */
export async function readImageEstimating(
  source: ImageSource,
  opts: ReadOptions,
  est: EstimatingOptions
): Promise<ImageRead> {
  if (!opts.compress) return readImage(source, opts)
  const { diffIds, log } = est
  const cache = est.cache ?? (await EstimateCache.open())
  if ('disabled' in cache) {
    log.debug(`Estimate cache off: ${cache.disabled}`)
    if (diffIds && diffIds.length > 0) prewarmGzipEstimator()
    return readImage(source, opts)
  }
  if (diffIds && diffIds.length > 0) {
    const known = await cache.getAll(diffIds)
    if (diffIds.every(id => known.has(id))) {
      const filled = withKnownEstimates(
        await readImage(source, { ...opts, compress: false }),
        known
      )
      if (filled) {
        log.debug(
          `Compressed-size estimates of ${diffIds.length} layers from the estimate cache (${cache.dir}); the estimator did not run`
        )
        return filled
      }
      log.debug('The layers read are not the ones inspected: estimating their compressed sizes')
    } else {
      prewarmGzipEstimator()
      log.debug(
        `Estimate cache: ${known.size} of ${new Set(diffIds).size} layers cached; estimating`
      )
    }
  }
  const read = await readImage(source, opts)
  const stored = await cache.putAll(estimatesOf(read))
  if (stored > 0) log.debug(`Estimate cache: stored ${stored} estimates in ${cache.dir}`)
  return read
}
