/**
 * Scan one uncompressed layer tar: the layer's size as the engine counts it, the bytes of tar
 * read, and (on request) the entries the waste analysis needs.
 *
 * The tar is parsed with `tar-stream` (PAX headers, PAX global headers, GNU long names and link
 * names, base-256 size fields). Entry bodies are drained as they stream past, never buffered.
 * Memory: one header plus the streams' buffers, plus a small index of this layer's paths (path →
 * inode number), which duplicate paths and hardlinks need; with `collectEntries` the entries too.
 *
 * A path that occurs twice in one tar counts as extraction leaves it: the last entry wins (the
 * classic store refuses such a layer outright, "duplicates of file paths not supported", but
 * other producers write them: moby/buildkit issue 266). Sparse files count their apparent size:
 * PAX GNU sparse records (`GNU.sparse.size`/`realsize`, `GNU.sparse.name`) are honoured, as Go's
 * archive/tar `readGNUSparsePAXHeaders` does; Docker's own writers store sparse files densely.
 */
import { Writable } from 'node:stream'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import tar from 'tar-stream'
import type { Header } from 'tar-stream'
import type { LayerEntry } from '../model.ts'

/** What {@link scanLayer} found in one layer tar. */
export interface LayerScan {
  /**
   * Bytes as the engine counts the layer (moby `daemon/internal/directory/directory_unix.go`
   * `calcSize`, run over the overlay2 diff directory): Σ `st_size` over non-directory paths, each
   * inode once; symlinks count the byte length of their target; directories, whiteouts and
   * opaque markers 0; sparse files their apparent size. Equals Σ `entries[i].size`.
   */
  size: number
  /** Bytes of tar read from the stream (headers, padding and end-of-archive blocks included). */
  tarBytes: number
  /** The layer's entries in tar order, one per path (the last of duplicates wins); if asked for. */
  entries?: LayerEntry[]
  /** Paths that are not directories, whiteouts or opaque markers (files, links, devices…). */
  fileCount: number
  /**
   * Hardlinks whose target is not in this tar. They count 0 in `size`: the target's size lives
   * in an earlier layer (the waste analysis resolves it there). An overlay2 store never holds
   * such a layer: building copies the target up into the same layer (moby issue 48140) and
   * loading one fails on the missing target (moby `pkg/archive` `createTarFile`).
   */
  danglingLinks: number
}

/** Options of {@link scanLayer}. */
export interface ScanOptions {
  /** Also return `entries` (costs memory proportional to the layer's path count). */
  collectEntries: boolean
}

const WHITEOUT_PREFIX = '.wh.'
const OPAQUE_NAME = '.wh..wh..opq'
/** AUFS metadata (`.wh..wh.plnk`, `.wh..wh.aufs`, …) at the layer root; moby skips it. */
const WHITEOUT_META_PREFIX = '.wh..wh.'

/**
 * A header as tar-stream's extract really hands it over: `type` is null for type flags it does
 * not know, `pax` holds the entry's PAX records, `byteOffset` is where the entry's data starts.
 */
type RawHeader = Omit<Header, 'type' | 'pax'> & {
  type: Header['type'] | null
  pax?: Record<string, string> | null
  byteOffset?: number
}

/** The one-entry-per-path record kept while scanning. */
interface PathRecord {
  entry: LayerEntry
  /** Inode number within this layer; -1 for directories, whiteouts, opaque markers, dangling links. */
  inode: number
  /** Position of the first entry of this path, to keep tar order among the survivors. */
  order: number
}

/**
 * Normalises a tar path: drops leading `./` and `/`, trailing `/`, empty and `.` segments.
 * Returns `''` for the root.
 */
export function normalizeTarPath(name: string): string {
  return name
    .split('/')
    .filter(s => s !== '' && s !== '.')
    .join('/')
}

/**
 * Reads one uncompressed layer tar to its end.
 *
 * @param tarStream the layer tar (uncompressed), read to its end.
 * @param opts `collectEntries`: also return the entries.
 * @returns the layer's size (bytes, as the engine counts it), the tar bytes read, the number of
 *   non-directory paths, dangling hardlinks, and the entries when asked for.
 * @throws Error when the stream is not a tar, is truncated (no end-of-archive blocks), holds an
 *   entry type tar-stream cannot decode (e.g. old-GNU sparse `S`), or the stream itself fails.
 */
export async function scanLayer(
  tarStream: NodeJS.ReadableStream | Readable,
  opts: ScanOptions
): Promise<LayerScan> {
  if (opts === null || typeof opts !== 'object' || typeof opts.collectEntries !== 'boolean') {
    throw new Error('scanLayer: opts must be { collectEntries: boolean }')
  }
  const paths = new Map<string, PathRecord>()
  const inodeSizes: number[] = []
  let order = 0
  let danglingLinks = 0
  let tarBytes = 0
  /** Offset just past the last entry's (padded) data: where the end-of-archive blocks start. */
  let entriesEnd = 0
  let entryError: Error | undefined

  const extract = tar.extract()
  extract.on('entry', (decoded, body, next) => {
    const header = decoded as RawHeader
    try {
      const dataSize = header.size ?? 0
      entriesEnd = (header.byteOffset ?? 0) + Math.ceil(dataSize / 512) * 512
      const rec = classify(header)
      if (rec) {
        const prev = paths.get(rec.key)
        let inode = -1
        const entry = rec.entry
        if (entry.type === 'hardlink') {
          const target = paths.get(entry.linkTarget ?? '')
          if (target && target.inode >= 0) {
            inode = target.inode
          } else {
            danglingLinks++
          }
        } else if (entry.type === 'file' || entry.type === 'symlink' || entry.type === 'other') {
          inode = inodeSizes.push(entry.size) - 1
        }
        paths.set(rec.key, { entry, inode, order: prev ? prev.order : order++ })
      }
    } catch (err) {
      // Stop at the first entry that cannot be sized: tar-stream destroys itself on next(err).
      entryError = err instanceof Error ? err : new Error(String(err))
      body.on('error', () => undefined)
      next(entryError)
      return
    }
    // A body fails only when the whole extract fails; that error is reported once, below.
    body.on('error', () => undefined)
    body.on('end', () => next())
    body.resume()
  })

  const counter = new Writable({
    write(chunk: Buffer, _enc, cb) {
      tarBytes += chunk.length
      if (extract.write(chunk)) cb()
      else extract.once('drain', () => cb())
    },
    final(cb) {
      extract.end(undefined)
      cb()
    }
  })

  try {
    await Promise.all([
      pipeline(tarStream as Readable, counter),
      new Promise<void>((resolve, reject) => {
        extract.on('finish', () => resolve())
        extract.on('error', (e: Error) => {
          // Stop the source; once the counter has finished, nobody listens to its errors.
          if (!counter.writableFinished) counter.destroy(e)
          reject(e)
        })
      })
    ])
  } catch (err) {
    extract.destroy()
    if (entryError) throw entryError
    const msg = err instanceof Error ? err.message : String(err)
    throw new Error(`scanLayer: cannot read the layer tar: ${msg}`, { cause: err })
  }
  if (entryError) throw entryError
  if (tarBytes < entriesEnd + 1024) {
    throw new Error(
      `scanLayer: the layer tar ends after ${tarBytes} bytes without its end-of-archive blocks ` +
        `(expected at least ${entriesEnd + 1024}); the stream is truncated`
    )
  }

  // Each inode counts once: the first surviving path (in tar order) that holds it carries its
  // size, the others 0, so Σ entry sizes == size.
  const records = [...paths.values()].sort((a, b) => a.order - b.order)
  const counted = new Set<number>()
  let size = 0
  let fileCount = 0
  const entries: LayerEntry[] = []
  for (const r of records) {
    const e = r.entry
    if (e.type !== 'dir' && e.type !== 'whiteout' && e.type !== 'opaque') fileCount++
    let s = 0
    if (r.inode >= 0 && !counted.has(r.inode)) {
      counted.add(r.inode)
      s = inodeSizes[r.inode] ?? 0
    }
    size += s
    if (opts.collectEntries) entries.push({ ...e, size: s })
  }
  const scan: LayerScan = { size, tarBytes, fileCount, danglingLinks }
  if (opts.collectEntries) scan.entries = entries
  return scan
}

/**
 * Turns a tar header into a LayerEntry and the key that makes it unique in this layer (an
 * opaque marker and its directory share a path but not a key). Returns undefined for entries
 * that are not part of the file tree (the root, AUFS metadata).
 */
function classify(header: RawHeader): { key: string; entry: LayerEntry } | undefined {
  const pax = header.pax ?? undefined
  // GNU sparse in PAX form (0.0, 0.1, 1.0): the real name and apparent size are PAX records
  // (the rules of Go's archive/tar `readGNUSparsePAXHeaders`).
  const sparseName = pax?.['GNU.sparse.name']
  const rawName = sparseName !== undefined && sparseName !== '' ? sparseName : header.name
  const path = normalizeTarPath(rawName)
  if (path === '') return undefined
  if (path.startsWith(WHITEOUT_META_PREFIX)) return undefined

  const slash = path.lastIndexOf('/')
  const dir = slash < 0 ? '' : path.slice(0, slash)
  const base = slash < 0 ? path : path.slice(slash + 1)
  if (base === OPAQUE_NAME) {
    if (dir === '') return undefined // an opaque root would hide the whole lower image; not valid
    return { key: `${dir}\0opaque`, entry: { path: dir, type: 'opaque', size: 0 } }
  }
  if (base.startsWith(WHITEOUT_PREFIX)) {
    const removed = base.slice(WHITEOUT_PREFIX.length)
    const target = dir === '' ? removed : `${dir}/${removed}`
    return { key: target, entry: { path: target, type: 'whiteout', size: 0 } }
  }

  switch (header.type) {
    case 'directory':
      return { key: path, entry: { path, type: 'dir', size: 0 } }
    case 'file':
    case 'contiguous-file': {
      const sparseSize = pax?.['GNU.sparse.size'] || pax?.['GNU.sparse.realsize']
      const size = sparseSize ? Number.parseInt(sparseSize, 10) : (header.size ?? 0)
      if (!Number.isSafeInteger(size) || size < 0) {
        throw new Error(
          `scanLayer: entry "${path}" has an invalid size ${String(sparseSize ?? header.size)}`
        )
      }
      return { key: path, entry: { path, type: 'file', size } }
    }
    case 'symlink': {
      const linkTarget = header.linkname ?? ''
      return {
        key: path,
        entry: { path, type: 'symlink', size: Buffer.byteLength(linkTarget), linkTarget }
      }
    }
    case 'link':
      return {
        key: path,
        entry: {
          path,
          type: 'hardlink',
          size: 0,
          linkTarget: normalizeTarPath(header.linkname ?? '')
        }
      }
    case 'character-device':
    case 'block-device':
    case 'fifo':
      return { key: path, entry: { path, type: 'other', size: 0 } }
    default:
      // tar-stream decodes unknown type flags (old-GNU sparse `S`, `D`, `M`, `V`…) as null and
      // cannot size them; an old-GNU sparse entry with extension blocks would also desynchronise
      // the stream. Docker's Go writers never emit these, so refuse rather than guess.
      throw new Error(
        `scanLayer: entry "${path}" has a tar type flag that cannot be read (old-GNU sparse 'S' or ` +
          `another GNU extension); expected a regular file, link, directory or device`
      )
  }
}
