/**
 * The per-image path index the file diff, the package diff and the findings need, built while the
 * layers stream (one pass, layers in rootfs order). Pure: the image reader feeds it entries it has
 * already decoded and hashed (see {@link EntryHasher}); nothing here reads a stream.
 *
 * What it keeps (bounded by the image's path count, never by its byte count):
 * - the final merged filesystem: per non-directory path its size, the layer that last wrote it,
 *   mode / uid / gid / mtime, the SHA-256 of its bytes, link target and an inode id (hardlinks
 *   share one, so they are never "duplicates");
 * - the copies that did not survive: written by one layer and removed by a later one (whiteout,
 *   opaque whiteout, removal of a parent directory, replacement by another kind of entry), and
 *   the copies a later layer wrote again over the same path (with whether the content was equal
 *   and which metadata changed);
 * - the text of the OS package databases (`var/lib/dpkg/status`, `lib/apk/db/installed`) as each
 *   layer wrote them — small files, read while they stream past (capped at
 *   {@link DATABASE_MAX_BYTES}).
 *
 * Overlay semantics follow the engine's `ApplyDiff` (moby `pkg/archive/diff.go` `UnpackLayer`):
 * within one layer the last entry of a path wins; whiteouts (`.wh.NAME`) and opaque markers apply
 * before the layer's additions; an entry of another kind at a path (file ↔ directory) replaces
 * what was there, subtree included. Sizes are bytes as the engine counts them (`LayerEntry.size`):
 * a file's length, a symlink's target length, 0 for directories and devices; a hardlink counts 0
 * here and shares its target's inode and hash (the target carries the bytes).
 */
import { createHash, hash as cryptoHash } from 'node:crypto'
import type { Hash } from 'node:crypto'
import type { LayerEntry } from '../model.ts'

/** Paths (normalised, no leading `/`) whose contents are kept as text: the package databases. */
export const DATABASE_PATHS: readonly string[] = ['var/lib/dpkg/status', 'lib/apk/db/installed']

/** The most bytes of one package database kept per layer; a larger one is dropped (and said so). */
export const DATABASE_MAX_BYTES = 64 * 1024 * 1024

/** One tar entry as the index takes it: a {@link LayerEntry} plus the header's metadata and hash. */
export interface IndexEntry {
  path: string
  type: LayerEntry['type']
  /** Bytes as the engine counts them (see the module docs); a hardlink's size is ignored. */
  size: number
  linkTarget?: string
  /** Permission bits and type-independent mode bits (`header.mode & 0o7777`). */
  mode?: number
  uid?: number
  gid?: number
  /** Modification time in whole seconds since the epoch. */
  mtime?: number
  /** SHA-256 of a regular file's bytes, base64 (absent for other types). */
  sha256?: string
  /** The entry's text when it is a package database ({@link DATABASE_PATHS}). */
  text?: string
}

/** One non-directory path of the final filesystem. */
export interface IndexedFile {
  type: 'file' | 'symlink' | 'hardlink' | 'other'
  /** Bytes as the engine counts them (0 for a hardlink: its target holds the bytes). */
  size: number
  /** 0-based index of the layer that last wrote the path. */
  layer: number
  /** Inode id: equal for the names of one hardlinked file. */
  inode: number
  mode?: number
  uid?: number
  gid?: number
  mtime?: number
  sha256?: string
  linkTarget?: string
}

/** A copy written by `layer` and removed by the later layer `removedBy`. */
export interface RemovedCopy {
  path: string
  layer: number
  removedBy: number
  /** Bytes the removed copy took in `layer` (0 when another name of its inode survives). */
  size: number
}

/** A copy written by `layer` and written again at the same path by the later layer `by`. */
export interface RewrittenCopy {
  path: string
  layer: number
  by: number
  /** Bytes of the overwritten copy. */
  size: number
  /** Bytes of the new copy. */
  newSize: number
  /** True when both copies are regular files with the same SHA-256. */
  sameContent: boolean
  /** Which metadata differs between the two copies. */
  changed: ('mode' | 'owner' | 'mtime')[]
}

/** A package database as one layer wrote it. */
export interface DatabaseVersion {
  path: string
  layer: number
  /** The text; undefined when removed by this layer or over {@link DATABASE_MAX_BYTES}. */
  text?: string
  /** True when this layer removed the database. */
  removed?: boolean
}

/** The finished index of one image (see the module docs). */
export interface FileIndex {
  layerCount: number
  /** Final filesystem: non-directory path (normalised, no leading `/`) → file. */
  files: Map<string, IndexedFile>
  /** Directories of the final filesystem (normalised paths), the root excluded. */
  dirs: Set<string>
  removed: RemovedCopy[]
  rewritten: RewrittenCopy[]
  /** Package database versions, in layer order. */
  databases: DatabaseVersion[]
}

interface Node {
  file?: IndexedFile
  /** Full paths of the children of a directory node. */
  children?: Set<string>
}

/**
 * Builds a {@link FileIndex} layer by layer: `addEntry` for every entry of layer k in tar order,
 * then `endLayer()`, then the next layer; `finish()` at the end.
 */
export class FileIndexBuilder {
  private readonly nodes = new Map<string, Node>()
  private pending = new Map<string, IndexEntry>()
  private readonly removed: RemovedCopy[] = []
  private readonly rewritten: RewrittenCopy[] = []
  private readonly databases: DatabaseVersion[] = []
  /** How many names each inode (an index: inodes are numbered from 0) has in the current tree. */
  private readonly links: number[] = []
  /** The bytes of each inode (its regular file's or symlink's size). */
  private readonly inodeBytes: number[] = []
  private layer = 0
  private nextInode = 0

  constructor() {
    this.nodes.set('', { children: new Set() })
  }

  /** Adds one entry of the current layer (tar order; a later entry of the same path wins). */
  addEntry(entry: IndexEntry): void {
    const key = entry.type === 'opaque' ? `${entry.path}\0opaque` : entry.path
    if (this.pending.has(key)) this.pending.delete(key)
    this.pending.set(key, entry)
  }

  /** Applies the current layer's entries to the tree and starts the next layer. */
  endLayer(): void {
    const k = this.layer
    const entries = [...this.pending.values()]
    this.pending = new Map()
    // Removals first (moby applies whiteouts as it meets them, but a layer diff never both
    // removes and adds one path unless the addition is meant to survive).
    for (const e of entries) {
      if (e.type === 'whiteout') {
        this.removeSubtree(e.path, k)
        this.noteDatabaseRemoval(e.path, k)
      } else if (e.type === 'opaque') {
        const node = this.nodes.get(e.path)
        for (const child of [...(node?.children ?? [])]) this.removeSubtree(child, k)
      }
    }
    // This layer's own inodes, by path, for hardlinks to entries of the same layer.
    const layerInodes = new Map<string, IndexedFile>()
    for (const e of entries) {
      if (e.type === 'whiteout' || e.type === 'opaque') continue
      if (e.type === 'dir') {
        const existing = this.nodes.get(e.path)
        if (existing?.file) this.removeSubtree(e.path, k)
        this.ensureDir(e.path, k)
        continue
      }
      const parent = parentOf(e.path)
      this.ensureDir(parent, k)
      const previous = this.nodes.get(e.path)
      if (previous?.children) this.removeSubtree(e.path, k)
      const file = this.makeFile(e, k, layerInodes)
      layerInodes.set(e.path, file)
      if (previous?.file) {
        const old = previous.file
        this.rewritten.push({
          path: e.path,
          layer: old.layer,
          by: k,
          size: this.survivingSize(old),
          newSize: file.size,
          sameContent:
            old.type === 'file' &&
            file.type === 'file' &&
            old.sha256 !== undefined &&
            old.sha256 === file.sha256,
          changed: metadataChanges(old, file)
        })
        this.unlink(old)
      }
      this.link(file)
      this.nodes.set(e.path, { file })
      this.nodes.get(parent)?.children?.add(e.path)
      if (DATABASE_PATHS.includes(e.path)) {
        this.databases.push({ path: e.path, layer: k, text: e.text })
      }
    }
    this.layer++
  }

  /** The finished index; the builder must not be used afterwards. */
  finish(): FileIndex {
    if (this.pending.size > 0) this.endLayer()
    const files = new Map<string, IndexedFile>()
    const dirs = new Set<string>()
    for (const [path, node] of this.nodes) {
      if (node.file) files.set(path, node.file)
      else if (path !== '') dirs.add(path)
    }
    return {
      layerCount: this.layer,
      files,
      dirs,
      removed: this.removed,
      rewritten: this.rewritten,
      databases: this.databases
    }
  }

  private makeFile(e: IndexEntry, k: number, layerInodes: Map<string, IndexedFile>): IndexedFile {
    // Properties set one by one in a fixed order (no spreads): one object shape, and fast.
    let file: IndexedFile
    let sha256 = e.sha256
    if (e.type === 'hardlink') {
      const target = layerInodes.get(e.linkTarget ?? '') ?? this.nodes.get(e.linkTarget ?? '')?.file
      file = {
        type: 'hardlink',
        size: 0,
        layer: k,
        inode: target ? target.inode : this.nextInode++
      }
      sha256 = target?.sha256
    } else {
      const type = e.type === 'file' || e.type === 'symlink' ? e.type : 'other'
      file = { type, size: e.size, layer: k, inode: this.nextInode++ }
    }
    if (e.mode !== undefined) file.mode = e.mode
    if (e.uid !== undefined) file.uid = e.uid
    if (e.gid !== undefined) file.gid = e.gid
    if (e.mtime !== undefined) file.mtime = e.mtime
    if (sha256 !== undefined) file.sha256 = sha256
    if (e.linkTarget !== undefined) file.linkTarget = e.linkTarget
    return file
  }

  /**
   * Bytes that disappear with a copy: its inode's bytes when it is the inode's last name, else 0
   * (another name keeps them).
   */
  private survivingSize(file: IndexedFile): number {
    return (this.links[file.inode] ?? 0) > 1 ? 0 : (this.inodeBytes[file.inode] ?? 0)
  }

  private link(file: IndexedFile): void {
    // Inodes are numbered in order, so the arrays stay dense (holes are filled with 0).
    while (this.links.length <= file.inode) {
      this.links.push(0)
      this.inodeBytes.push(0)
    }
    this.links[file.inode] = (this.links[file.inode] ?? 0) + 1
    if (file.type !== 'hardlink') this.inodeBytes[file.inode] = file.size
  }

  private unlink(file: IndexedFile): void {
    const n = (this.links[file.inode] ?? 0) - 1
    this.links[file.inode] = Math.max(n, 0)
    if (n <= 0) this.inodeBytes[file.inode] = 0
  }

  private ensureDir(path: string, k: number): void {
    if (path === '') return
    const node = this.nodes.get(path)
    if (node?.children) return
    if (node?.file) this.removeSubtree(path, k)
    const parent = parentOf(path)
    this.ensureDir(parent, k)
    this.nodes.set(path, { children: new Set() })
    this.nodes.get(parent)?.children?.add(path)
  }

  /**
   * Removes `path` and everything below it, recording each removed non-directory copy as removed
   * by layer `k`.
   */
  private removeSubtree(path: string, k: number): void {
    const node = this.nodes.get(path)
    if (!node) return
    if (node.file) {
      this.removed.push({
        path,
        layer: node.file.layer,
        removedBy: k,
        size: this.survivingSize(node.file)
      })
      this.unlink(node.file)
    }
    for (const child of node.children ?? []) this.removeSubtree(child, k)
    this.nodes.delete(path)
    this.nodes.get(parentOf(path))?.children?.delete(path)
  }

  private noteDatabaseRemoval(path: string, k: number): void {
    for (const db of DATABASE_PATHS) {
      if (db === path || db.startsWith(`${path}/`))
        this.databases.push({ path: db, layer: k, removed: true })
    }
  }
}

/** The parent directory of a normalised path (`''` for the root). */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/')
  return slash < 0 ? '' : path.slice(0, slash)
}

function metadataChanges(a: IndexedFile, b: IndexedFile): ('mode' | 'owner' | 'mtime')[] {
  const out: ('mode' | 'owner' | 'mtime')[] = []
  if (a.mode !== b.mode) out.push('mode')
  if (a.uid !== b.uid || a.gid !== b.gid) out.push('owner')
  if (a.mtime !== b.mtime) out.push('mtime')
  return out
}

/**
 * Hashes one tar entry's body as it streams past (SHA-256 of the file bytes) and keeps the text
 * of package databases. Create one per regular-file entry with {@link entryHasher}, feed every
 * body chunk to `update`, then call `finish()`.
 */
export interface EntryHasher {
  update(chunk: Buffer): void
  /** The SHA-256 (base64) and, for a package database within the cap, its UTF-8 text. */
  finish(): { sha256: string; text?: string }
}

/**
 * An {@link EntryHasher} for the regular file at normalised `path`.
 * Memory: the hash state, plus the body of a package database up to {@link DATABASE_MAX_BYTES}.
 */
export function entryHasher(path: string): EntryHasher {
  // Most files arrive in one chunk: those are hashed in one call when they end, without a Hash
  // object (a native object per file costs more than hashing a small file). A second chunk
  // starts an incremental hash.
  let hash: Hash | undefined
  let first: Buffer | undefined
  const keep = DATABASE_PATHS.includes(path)
  let chunks: Buffer[] | undefined = keep ? [] : undefined
  let kept = 0
  return {
    update(chunk: Buffer): void {
      if (hash) hash.update(chunk)
      else if (first === undefined) first = chunk
      else {
        hash = createHash('sha256').update(first).update(chunk)
        first = undefined
      }
      if (chunks) {
        kept += chunk.length
        if (kept > DATABASE_MAX_BYTES) chunks = undefined
        else chunks.push(chunk)
      }
    },
    finish() {
      const sha256 = hash ? hash.digest('base64') : cryptoHash('sha256', first ?? EMPTY, 'base64')
      return chunks ? { sha256, text: Buffer.concat(chunks).toString('utf8') } : { sha256 }
    }
  }
}

const EMPTY = Buffer.alloc(0)

/**
 * Builds an index from plain entries (tests, and readers that cannot hash): `layers[k]` are the
 * entries of layer k in tar order.
 */
export function indexFromEntries(layers: IndexEntry[][]): FileIndex {
  const builder = new FileIndexBuilder()
  for (const layer of layers) {
    for (const e of layer) builder.addEntry(e)
    builder.endLayer()
  }
  return builder.finish()
}
