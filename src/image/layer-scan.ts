/**
 * Scan one uncompressed layer tar: the layer's size as the engine counts it, the bytes of tar
 * read, and (on request) the entries the waste analysis needs.
 *
 * The tar is read as Go's archive/tar reads it (dockerd, containerd and dive use it): it ends at
 * its end-of-archive marker (two zero blocks; what follows, such as eStargz's `stargz.index.json`,
 * is drained but neither counted nor listed), and link, symlink, directory, device and FIFO
 * headers carry no data whatever their size field says. `./tar-framing.ts` frames the blocks by
 * those rules in front of `tar-stream`, which decodes the headers (PAX headers, PAX global
 * headers, GNU long names and link names, base-256 size fields). Entry bodies are drained as they
 * stream past, never buffered.
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
import { DATABASE_PATHS, entryHasher } from '../analyze/file-index.ts'
import type { LayerEntry } from '../model.ts'
import { FileHashStream } from './hash-worker.ts'
import { TarFramer } from './tar-framing.ts'

/** What {@link scanLayer} found in one layer tar. */
export interface LayerScan {
  /**
   * Bytes as the engine counts the layer (moby `daemon/internal/directory/directory_unix.go`
   * `calcSize`, run over the overlay2 diff directory): Σ `st_size` over non-directory paths, each
   * inode once; symlinks count the byte length of their target; directories, whiteouts and
   * opaque markers 0; sparse files their apparent size. Equals Σ `entries[i].size`.
   */
  size: number
  /**
   * Bytes read from the stream: the tar with its headers, padding and end-of-archive blocks, and
   * whatever follows the marker (read, not parsed).
   */
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
  /**
   * With `collectEntries`: also record each entry's mode, owner and mtime, hash each regular
   * file's bytes as they stream past (`LayerEntry.sha256`) and keep the text of the OS package
   * databases (`LayerEntry.text`, src/analyze/file-index.ts). Default false.
   */
  fileDetails?: boolean
}

/**
 * Bytes waiting in front of the scan (in the source stream's buffer and the scan's own) from
 * which on file bodies are hashed on the worker thread: the scan, not its source, is then the
 * slower.
 */
export const OFFLOAD_BACKLOG = 256 * 1024

const WHITEOUT_PREFIX = '.wh.'
const OPAQUE_NAME = '.wh..wh..opq'
/** AUFS metadata (`.wh..wh.plnk`, `.wh..wh.aufs`, …) at the layer root; moby skips it. */
const WHITEOUT_META_PREFIX = '.wh..wh.'

/**
 * A header as tar-stream's extract really hands it over: `type` is null for type flags it does
 * not know, `pax` holds the entry's PAX records.
 */
type RawHeader = Omit<Header, 'type' | 'pax'> & {
  type: Header['type'] | null
  pax?: Record<string, string> | null
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
 * Reads one uncompressed layer tar to its end (the stream's end, past the archive's marker).
 *
 * @param tarStream the layer tar (uncompressed), read to its end.
 * @param opts `collectEntries`: also return the entries.
 * @returns the layer's size (bytes, as the engine counts it), the tar bytes read, the number of
 *   non-directory paths, dangling hardlinks, and the entries when asked for.
 * @throws Error when the stream is not a tar, is truncated (no end-of-archive blocks), breaks a
 *   rule Go's reader enforces (a lone zero block before a header, a bad size field or PAX
 *   record: the message names the byte offset), holds an entry type tar-stream cannot decode
 *   (e.g. old-GNU sparse `S`), or the stream itself fails.
 */
export async function scanLayer(
  tarStream: NodeJS.ReadableStream | Readable,
  opts: ScanOptions
): Promise<LayerScan> {
  if (opts === null || typeof opts !== 'object' || typeof opts.collectEntries !== 'boolean') {
    throw new Error('scanLayer: opts must be { collectEntries: boolean }')
  }
  const details = opts.collectEntries && opts.fileDetails === true
  const paths = new Map<string, PathRecord>()
  const inodeSizes: number[] = []
  let order = 0
  let danglingLinks = 0
  let tarBytes = 0
  let entryError: Error | undefined
  const framer = new TarFramer()
  // File bodies are hashed here while this thread keeps up with the stream (it would wait for
  // bytes anyway: `docker save` is slower than the scan), on a worker thread (./hash-worker.ts)
  // while bytes pile up in front of the scan (a file on disk), unless that thread lags behind
  // too. Package databases, whose text is kept too, always here.
  let hashes: FileHashStream | undefined
  const source = tarStream as Partial<Readable>
  const offload = (): boolean =>
    (source.readableObjectMode === true ? 0 : (source.readableLength ?? 0)) +
      counter.writableLength >=
      OFFLOAD_BACKLOG && !(hashes?.busy ?? false)

  const extract = tar.extract()
  extract.on('entry', (decoded, body, next) => {
    const header = decoded as RawHeader
    let hashed: LayerEntry | undefined
    try {
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
        if (details && addDetails(entry, header)) hashed = entry
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
    const entry = hashed
    if (entry && !DATABASE_PATHS.includes(entry.path) && offload()) {
      hashes ??= new FileHashStream()
      const h = hashes
      h.begin(sha256 => (entry.sha256 = sha256))
      body.on('data', (chunk: unknown) => h.update(chunk as Buffer))
      body.on('end', () => {
        h.end()
        next()
      })
    } else if (entry) {
      const h = entryHasher(entry.path)
      body.on('data', (chunk: unknown) => h.update(chunk as Buffer))
      body.on('end', () => {
        Object.assign(entry, h.finish())
        next()
      })
    } else body.on('end', () => next())
    body.resume()
  })

  // Every byte is read and counted (digests and sizes need them all); only the archive up to its
  // end-of-archive marker reaches tar-stream, framed by Go's rules (./tar-framing.ts).
  const counter = new Writable({
    write(chunk: Buffer, _enc, cb) {
      tarBytes += chunk.length
      let pieces: Buffer[]
      try {
        pieces = framer.feed(chunk)
      } catch (err) {
        cb(err as Error)
        return
      }
      let ready = true
      for (const piece of pieces) ready = extract.write(piece)
      // Backpressure from the hashing thread too: a few MiB of bodies wait for it at most.
      const room = (): void => {
        if (hashes?.congested) hashes.room().then(() => cb(), cb)
        else cb()
      }
      if (ready) room()
      else extract.once('drain', room)
    },
    final(cb) {
      for (const piece of framer.finish()) extract.write(piece)
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
    await hashes?.flush()
  } catch (err) {
    extract.destroy()
    hashes?.abort()
    if (entryError) throw entryError
    const msg = err instanceof Error ? err.message : String(err)
    throw new Error(`scanLayer: cannot read the layer tar: ${msg}`, { cause: err })
  }
  if (entryError) throw entryError
  if (framer.endOffset === undefined && !framer.passThrough) {
    throw new Error(
      `scanLayer: the layer tar ends after ${tarBytes} bytes without its end-of-archive blocks ` +
        `(two zero blocks); the stream is truncated`
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

/**
 * Records a header's mode (permission bits), owner and mtime (whole seconds) on its entry.
 * Returns whether the entry is a regular file, whose body is then hashed (its SHA-256, and the
 * text of a package database).
 */
function addDetails(entry: LayerEntry, header: RawHeader): boolean {
  if (entry.type === 'whiteout' || entry.type === 'opaque') return false
  if (typeof header.mode === 'number') entry.mode = header.mode & 0o7777
  if (typeof header.uid === 'number') entry.uid = header.uid
  if (typeof header.gid === 'number') entry.gid = header.gid
  if (header.mtime instanceof Date) entry.mtime = Math.floor(header.mtime.getTime() / 1000)
  return entry.type === 'file'
}

/**
 * Whether image reads record file details (`ScanOptions.fileDetails`) with their entries: yes,
 * unless the environment sets `IMAGE_SIZE_BUDGET_NO_FILE_HASH=1` — a knob for `npm run bench`,
 * which measures what hashing costs.
 */
export function fileDetailsWanted(): boolean {
  return process.env['IMAGE_SIZE_BUDGET_NO_FILE_HASH'] !== '1'
}
