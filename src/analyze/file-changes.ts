/**
 * File changes of an image against its baseline: what was added, removed, grew or shrank, folded
 * so that the first rows explain most of the change. Pure.
 *
 * Either side is a full {@link FileIndex} (the image's layers were read) or a
 * {@link FileTreeSummary} from an earlier JSON report (`baseline-report`). Both are first turned
 * into a {@link TreeSide}: sizes of individually known paths, plus, for a summary, the bytes of
 * the files it did not list, per directory ("rest"). When one side is a summary, the other is
 * projected onto the same resolution (its small files are summed into the summary's directories),
 * so both sides compare unit by unit.
 *
 * ## Folding rule
 * 1. **New and removed directories.** Changes under a directory that the other side does not
 *    have at all fold into one row at the shallowest such directory (`/usr/local/go/` added,
 *    12,000 files), whatever their sizes — unless it holds at most {@link FOLD_MIN_FILES}
 *    changed files, which then go through step 2 one by one.
 * 2. **Small changes.** Every remaining change of less than `foldBelow` bytes (default 64 kB, the
 *    summary's file threshold) moves to its parent directory. Directories are settled deepest
 *    first: when the net change gathered at a directory reaches `foldBelow`, it becomes one row
 *    (`/etc/ssl/certs/` +210 kB, 140 files); below that it moves up again. What reaches the root
 *    becomes a `/` row when non-zero.
 * Changes of `foldBelow` or more keep their own row. A row's `files` counts the changed files it
 * folds; its `source` is the layer that contributed the most bytes to it.
 * Rows are ordered by absolute change, largest first.
 */
import type { FileIndex } from './file-index.ts'
import { parentOf } from './file-index.ts'

/** A Dockerfile line a change or finding is attributed to. */
export interface ChangeSource {
  file: string
  line: number
  /** The instruction as written, shortened for display (e.g. `RUN apt-get install …`). */
  instruction: string
}

/** One row of the file diff. Sizes are bytes; `path` starts with `/`, a folded directory ends with `/`. */
export interface FileChange {
  path: string
  kind: 'added' | 'removed' | 'grew' | 'shrank'
  before?: number
  after?: number
  /** after − before, bytes. */
  change: number
  /** For a folded directory: the number of changed files it holds. */
  files?: number
  source?: ChangeSource
}

/**
 * The bounded summary of a file tree a JSON report carries, so a later run can diff against it
 * (`baseline-report`). `files`: `[path, bytes]` for every non-directory path of at least
 * `minFileSize` bytes (largest first; capped). `dirs`: `[path, bytes, files]`, the bytes and count
 * of the files not in `files` gathered at directories by the folding rule's step 2 (a directory is
 * listed when its gathered bytes reach `minFileSize`, else they move to its parent; the root `''`
 * always). Paths have no leading `/`.
 */
export interface FileTreeSummary {
  minFileSize: number
  files: [string, number][]
  dirs: [string, number, number][]
  /** True when the caps dropped entries (their bytes moved to `dirs`). */
  truncated?: boolean
}

/** Options of {@link diffFileTrees}. */
export interface FileChangeOptions {
  /** Changes below this many bytes fold into their directory (default {@link DEFAULT_FOLD_BELOW}). */
  foldBelow?: number
  /** The Dockerfile line of a layer of the *after* image (0-based index), if known. */
  sourceOf?: (layer: number) => ChangeSource | undefined
  /** At most this many rows are returned, largest first (default 200). */
  maxRows?: number
}

/** The result of {@link diffFileTrees}. */
export interface FileChanges {
  changes: FileChange[]
  /** Rows left out by `maxRows`, and their net change in bytes. */
  omitted: { rows: number; change: number }
}

/** A new or removed directory with at most this many changed files is not folded (step 1). */
export const FOLD_MIN_FILES = 3

/** The default fold threshold and summary file threshold: 64 kB. */
export const DEFAULT_FOLD_BELOW = 64_000

/** The caps of a {@link FileTreeSummary}. */
export const SUMMARY_MAX_FILES = 5_000
export const SUMMARY_MAX_DIRS = 2_000

/** One side of the diff. */
export interface TreeSide {
  /** Individually known non-directory paths → bytes and (after side) the layer that wrote it. */
  files: Map<string, { size: number; layer?: number }>
  /** Bytes and count of files not in `files`, gathered per directory (summaries only). */
  rest: Map<string, { size: number; files: number }>
  /** Every directory known to exist (ancestors of known paths included). */
  dirs: Set<string>
  /** Paths a layer removed (after side): path → the removing layer. */
  removedBy?: Map<string, number>
}

/** A full index as a {@link TreeSide}. */
export function sideFromIndex(index: FileIndex): TreeSide {
  const files = new Map<string, { size: number; layer?: number }>()
  for (const [path, f] of index.files) files.set(path, { size: f.size, layer: f.layer })
  const removedBy = new Map<string, number>()
  for (const r of index.removed) removedBy.set(r.path, r.removedBy)
  for (const path of index.files.keys()) removedBy.delete(path)
  return { files, rest: new Map(), dirs: new Set(index.dirs), removedBy }
}

/** A report's summary as a {@link TreeSide}. */
export function sideFromSummary(summary: FileTreeSummary): TreeSide {
  const files = new Map<string, { size: number }>()
  const rest = new Map<string, { size: number; files: number }>()
  const dirs = new Set<string>()
  for (const [path, size] of summary.files) {
    files.set(path, { size })
    addAncestors(dirs, parentOf(path))
  }
  for (const [path, size, count] of summary.dirs) {
    rest.set(path, { size, files: count })
    addAncestors(dirs, path)
  }
  return { files, rest, dirs }
}

/**
 * Projects a full side onto a summary's resolution: files of at least `summary.minFileSize` bytes,
 * files the summary lists, and files in directories the summary does not know (new ones: the
 * folding rule's step 1 folds them) stay individual; the others are summed into the deepest
 * directory the summary lists above them (the root at worst).
 */
export function projectOnto(side: TreeSide, summary: FileTreeSummary): TreeSide {
  const listedDirs = new Set(summary.dirs.map(d => d[0]))
  const listedFiles = new Set(summary.files.map(f => f[0]))
  const known = sideFromSummary(summary)
  const files = new Map<string, { size: number; layer?: number }>()
  const rest = new Map<string, { size: number; files: number }>()
  for (const [path, f] of side.files) {
    const newDir = shallowestMissing(parentOf(path), known) !== undefined
    if (f.size >= summary.minFileSize || listedFiles.has(path) || newDir) {
      files.set(path, f)
      continue
    }
    let dir = parentOf(path)
    while (dir !== '' && !listedDirs.has(dir)) dir = parentOf(dir)
    const r = rest.get(dir) ?? { size: 0, files: 0 }
    r.size += f.size
    r.files++
    rest.set(dir, r)
  }
  return { files, rest, dirs: side.dirs, removedBy: side.removedBy }
}

/**
 * Summarises a full index for a report (see {@link FileTreeSummary}), capped at
 * `maxFiles` files and `maxDirs` directories: the smallest files over the cap move into their
 * directories' bytes, the smallest directories over the cap into the root's.
 * Size: at most `maxFiles + maxDirs` entries of a path and one or two numbers each.
 */
export function summarizeIndex(
  index: FileIndex,
  opts: { minFileSize?: number; maxFiles?: number; maxDirs?: number } = {}
): FileTreeSummary {
  const min = opts.minFileSize ?? DEFAULT_FOLD_BELOW
  const maxFiles = opts.maxFiles ?? SUMMARY_MAX_FILES
  const maxDirs = opts.maxDirs ?? SUMMARY_MAX_DIRS
  let truncated = false
  const big: [string, number][] = []
  const small = new Map<string, { size: number; files: number }>()
  const addSmall = (dir: string, size: number, files: number): void => {
    const r = small.get(dir) ?? { size: 0, files: 0 }
    r.size += size
    r.files += files
    small.set(dir, r)
  }
  for (const [path, f] of index.files) {
    if (f.size >= min) big.push([path, f.size])
    else addSmall(parentOf(path), f.size, 1)
  }
  big.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  if (big.length > maxFiles) {
    truncated = true
    for (const [path, size] of big.splice(maxFiles)) addSmall(parentOf(path), size, 1)
  }
  // Step 2 of the folding rule: settle directories deepest first.
  const dirs: [string, number, number][] = []
  settle(
    small,
    (dir, r) => dir === '' || r.size >= min,
    (dir, r) => dirs.push([dir, r.size, r.files]),
    (into, r) => {
      into.size += r.size
      into.files += r.files
    },
    () => ({ size: 0, files: 0 })
  )
  dirs.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  if (dirs.length > maxDirs) {
    // The smallest directories over the cap move into their nearest listed ancestor.
    truncated = true
    const rootAt = dirs.findIndex(d => d[0] === '')
    const root = rootAt >= 0 ? (dirs.splice(rootAt, 1)[0] as [string, number, number]) : ['', 0, 0]
    const cut = dirs.splice(maxDirs - 1)
    dirs.push(root as [string, number, number])
    const kept = new Map(dirs.map(d => [d[0], d]))
    for (const d of cut) {
      let up = parentOf(d[0])
      while (up !== '' && !kept.has(up)) up = parentOf(up)
      const into = kept.get(up) as [string, number, number]
      into[1] += d[1]
      into[2] += d[2]
    }
    dirs.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
  }
  return { minFileSize: min, files: big, dirs, ...(truncated ? { truncated } : {}) }
}

interface Unit {
  /** Normalised path, no leading `/`. */
  path: string
  /** A directory row (a folded group, or a summary's rest of files). */
  dir: boolean
  /** A summary's rest of files at directory `path` (gathers at `path` itself). */
  rest: boolean
  before: number
  after: number
  files: number
  /** Bytes per layer that made the change (for the source). */
  layers: Map<number, number>
}

/**
 * Diffs two trees into folded changes (see the module docs for the folding rule).
 * @param before the baseline side; @param after the image's side.
 * @returns rows largest |change| first, capped at `maxRows`.
 */
export function diffFileTrees(
  before: TreeSide,
  after: TreeSide,
  opts: FileChangeOptions = {}
): FileChanges {
  const foldBelow = opts.foldBelow ?? DEFAULT_FOLD_BELOW
  const maxRows = opts.maxRows ?? 200
  const units: Unit[] = []
  const layerOf = (path: string, a: { layer?: number } | undefined): number | undefined =>
    a?.layer ?? after.removedBy?.get(path)
  const unit = (
    path: string,
    rest: boolean,
    b: number,
    a: number,
    files: number,
    layer?: number
  ): void => {
    if (a === b) return
    const layers = new Map<number, number>()
    if (layer !== undefined) layers.set(layer, Math.abs(a - b))
    units.push({ path, dir: rest, rest, before: b, after: a, files, layers })
  }
  for (const [path, a] of after.files) {
    const b = before.files.get(path)
    unit(path, false, b?.size ?? 0, a.size, 1, layerOf(path, a))
  }
  for (const [path, b] of before.files) {
    if (!after.files.has(path)) unit(path, false, b.size, 0, 1, layerOf(path, undefined))
  }
  for (const [path, a] of after.rest) {
    const b = before.rest.get(path)
    unit(path, true, b?.size ?? 0, a.size, Math.max(a.files, b?.files ?? 0))
  }
  for (const [path, b] of before.rest) {
    if (!after.rest.has(path)) unit(path, true, b.size, 0, b.files)
  }

  // Step 1: new and removed directories.
  const rows: Unit[] = []
  const groups = new Map<string, { unit: Unit; members: Unit[] }>()
  const small: Unit[] = []
  const single = (u: Unit): void => {
    if (Math.abs(u.after - u.before) >= foldBelow && !u.rest) rows.push(u)
    else small.push(u)
  }
  for (const u of units) {
    const added = u.before === 0
    const removed = u.after === 0
    const other = added ? before : removed ? after : undefined
    const top = other ? shallowestMissing(u.dir ? u.path : parentOf(u.path), other) : undefined
    if (top !== undefined) {
      const key = `${added ? '+' : '-'}${top}`
      const g = groups.get(key) ?? { unit: emptyUnit(top), members: [] }
      merge(g.unit, u)
      g.members.push(u)
      groups.set(key, g)
    } else single(u)
  }
  for (const { unit: g, members } of groups.values()) {
    // A few files keep their own rows: folding is for many.
    if (g.files <= FOLD_MIN_FILES && members.every(m => !m.rest)) members.forEach(single)
    else if (Math.abs(g.after - g.before) >= foldBelow) rows.push(g)
    else small.push(g)
  }

  // Step 2: small changes move up until the net gathered at a directory reaches foldBelow.
  const pending = new Map<string, Unit>()
  for (const u of small) {
    const dir = u.rest ? u.path : parentOf(u.path)
    const g = pending.get(dir) ?? emptyUnit(dir)
    merge(g, u)
    pending.set(dir, g)
  }
  settle(
    pending,
    (dir, g) => dir === '' || Math.abs(g.after - g.before) >= foldBelow,
    (_dir, g) => {
      if (g.after !== g.before) rows.push(g)
    },
    merge,
    emptyUnit
  )

  rows.sort(
    (a, b) =>
      Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || (a.path < b.path ? -1 : 1)
  )
  const kept = rows.slice(0, maxRows)
  const dropped = rows.slice(maxRows)
  return {
    changes: kept.map(u => toChange(u, opts.sourceOf)),
    omitted: {
      rows: dropped.length,
      change: dropped.reduce((s, u) => s + u.after - u.before, 0)
    }
  }
}

function toChange(u: Unit, sourceOf: FileChangeOptions['sourceOf']): FileChange {
  const change = u.after - u.before
  const kind: FileChange['kind'] =
    u.before === 0 ? 'added' : u.after === 0 ? 'removed' : change > 0 ? 'grew' : 'shrank'
  let bestLayer: number | undefined
  let best = -1
  for (const [layer, bytes] of u.layers) {
    if (bytes > best || (bytes === best && bestLayer !== undefined && layer > bestLayer)) {
      best = bytes
      bestLayer = layer
    }
  }
  const source = bestLayer !== undefined ? sourceOf?.(bestLayer) : undefined
  const path = u.dir ? (u.path === '' ? '/' : `/${u.path}/`) : `/${u.path}`
  return {
    path,
    kind,
    before: u.before,
    after: u.after,
    change,
    ...(u.dir ? { files: u.files } : {}),
    ...(source ? { source } : {})
  }
}

function emptyUnit(path: string): Unit {
  return { path, dir: true, rest: false, before: 0, after: 0, files: 0, layers: new Map() }
}

/**
 * Step 2 of the folding rule over `pending` (directory → gathered value): directories are settled
 * deepest first; `done(dir, v)` decides whether `v` stays at `dir` (then `emit`), else it merges
 * into the parent's value.
 */
function settle<T>(
  pending: Map<string, T>,
  done: (dir: string, v: T) => boolean,
  emit: (dir: string, v: T) => void,
  mergeInto: (into: T, v: T) => void,
  empty: (dir: string) => T
): void {
  const levels: Map<string, T>[] = []
  const put = (dir: string, v: T): void => {
    const d = depth(dir)
    while (levels.length <= d) levels.push(new Map())
    const level = levels[d] as Map<string, T>
    const existing = level.get(dir)
    if (existing) mergeInto(existing, v)
    else {
      const fresh = empty(dir)
      mergeInto(fresh, v)
      level.set(dir, fresh)
    }
  }
  for (const [dir, v] of pending) put(dir, v)
  for (let d = levels.length - 1; d >= 0; d--) {
    for (const [dir, v] of levels[d] as Map<string, T>) {
      if (done(dir, v)) emit(dir, v)
      else put(parentOf(dir), v)
    }
  }
}

function merge(into: Unit, u: Unit): void {
  into.before += u.before
  into.after += u.after
  into.files += u.files
  for (const [layer, bytes] of u.layers)
    into.layers.set(layer, (into.layers.get(layer) ?? 0) + bytes)
}

/** The shallowest ancestor-or-self of `dir` that `side` does not have; undefined if it has `dir`. */
function shallowestMissing(dir: string, side: TreeSide): string | undefined {
  if (dir === '' || side.dirs.has(dir)) return undefined
  let top = dir
  for (let p = parentOf(dir); p !== '' && !side.dirs.has(p); p = parentOf(p)) top = p
  return top
}

function addAncestors(dirs: Set<string>, dir: string): void {
  for (let p = dir; p !== '' && !dirs.has(p); p = parentOf(p)) dirs.add(p)
}

function depth(path: string): number {
  if (path === '') return 0
  let n = 1
  for (const c of path) if (c === '/') n++
  return n
}

/**
 * The whole computation for the common cases: `before` is the baseline's full index or its
 * report summary, `after` the image's full index.
 */
export function fileChanges(
  before: FileIndex | FileTreeSummary,
  after: FileIndex,
  opts: FileChangeOptions = {}
): FileChanges {
  const afterSide = sideFromIndex(after)
  if ('minFileSize' in before) {
    return diffFileTrees(sideFromSummary(before), projectOnto(afterSide, before), opts)
  }
  return diffFileTrees(sideFromIndex(before), afterSide, opts)
}
