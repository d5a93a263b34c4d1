/**
 * Wasted space over an image's layers: dive's efficiency score, the removable bytes (what the
 * layers store that the final filesystem does not show), the paths that waste the most, and the
 * largest files of the final image.
 */
import type { FileSize, LayerEntry, WastedPath, WasteReport } from '../model.ts'
import { MergedTree } from './tree.ts'
import type { Inode } from './tree.ts'

/** Options of {@link analyzeWaste}. */
export interface WasteOptions {
  /** How many `topPaths` and `largestFiles` to return; a positive integer, default 10. */
  top?: number
}

const ENTRY_TYPES = new Set(['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other'])

/** One occurrence of a path: a layer that adds, re-adds, changes or removes it. */
interface Occurrence {
  layer: number
  /** Bytes the layer counts at this path (0 for a removal or a 2nd+ hardlink of an inode). */
  size: number
  /** The content the path names after this layer; undefined for a removal. */
  inode?: Inode
}

/** Entry types that name content of their own in a layer diff (a hardlink shares its target's). */
const CONTENT_TYPES = new Set(['file', 'symlink', 'other'])

/**
 * Analyses the wasted space of an image from its layers' entries.
 *
 * Every path gets one *occurrence* per layer that adds, re-adds, changes or removes it, sized in
 * bytes as the engine counts them in that layer's diff (see `LayerEntry.size`: `st_size` once per
 * inode); a removal is an occurrence of 0 bytes. Per path, `cumulative` = Σ its occurrences.
 *
 * Removable bytes are what the layers store that the final filesystem does not show:
 *   removable(path) = cumulative(path) − the bytes of its occurrences that survive,
 * where an occurrence survives when the content (inode) it holds is still named by some path of
 * the final merged tree. For a plain file that is its last occurrence if the path is still there,
 * and nothing when a whiteout, an opaque whiteout or the removal of a parent directory hid it.
 * A hardlink shares its target's inode (counted once, at the path that holds the bytes), so a
 * file deleted under one name but kept under another is not removable. Summed over all paths:
 *   `removableBytes` = Σ layer sizes (the image's uncompressed size) − the size of the flattened
 *   filesystem (regular files once per inode, symlinks their target length), which is what
 *   `docker create` + `docker export` show.
 * So a path deleted and written again, or a file that grows (13 B, then 2 MB), counts only the
 * copies that are gone (the first copy; the 13 B), and a `COPY` then `chmod` of a 10 MB file
 * counts 10 MB.
 *
 * Efficiency stays dive's score (wagoodman/dive `dive/filetree/efficiency.go`, `Efficiency`):
 *   efficiency = Σ min / Σ cumulative over all paths, 1 when Σ cumulative is 0,
 * with `min` = a path's smallest occurrence. It is therefore not 1 − removable / size: a path
 * deleted and re-added has min 0 and lowers the score as in dive.
 *
 * What makes an occurrence:
 * - a file, symlink, hardlink or device entry: its size (a `chmod`, `touch` or identical
 *   re-`COPY` is another occurrence of the same size);
 * - a whiteout of a file: 0 bytes at that path (as dive);
 * - a whiteout of a directory, an opaque whiteout (`.wh..wh..opq`), or a path replaced by one of
 *   another kind (file ↔ directory): 0 bytes at every non-directory path it removed;
 * - a hardlink counts its entry's size (0 when its target is in the same layer, so an inode counts
 *   once) and names its target's inode. overlay2 copies a lower target up into the layer that
 *   links it (moby issue 48140), so the target re-occurs there with its bytes; a hand-made layer
 *   holding only the link (size 0, target below) names the lower inode and adds no bytes;
 * - directories carry no bytes and make no occurrences. Duplicate paths in one layer: the last
 *   entry wins. Within a layer, whiteouts and opaque markers apply before the layer's additions.
 *
 * Differences from dive:
 * - dive's wasted bytes add the whole cumulative size of every path that occurs twice or more,
 *   the surviving copy included (dive issue 684: `COPY` then `chmod` of a 10 MB file shows
 *   20 MB wasted; here it is 10 MB), and a growing file counts its final copy too;
 * - dive sizes a directory whiteout as one occurrence of the removed bytes at the directory's
 *   path; as dive visits only leaves, a directory that had files occurs once (the whiteout) and
 *   its files once each, so the deletion leaves dive's score and wasted bytes untouched. Here
 *   each removed file gets a 0-byte occurrence, so a deleted directory's bytes are removable and
 *   lower efficiency, like a deleted file's;
 * - dive drops opaque whiteouts, so files below them still look present (dive issue 391); here
 *   they remove the lower layers' content of that directory.
 *
 * @param layers each layer's entries, in rootfs order (index 0 = the base layer).
 * @param opts `top`: how many top paths and largest files (default 10).
 * @returns the efficiency (0..1), removable bytes, the top `top` paths by removable bytes (ties:
 *   larger cumulative first, then path order) with the layers of their occurrences, and the
 *   largest `top` non-empty files of the merged final tree (each inode once, under the path that
 *   holds its bytes when it survives) with the layer that stores them.
 * @throws Error naming the layer and entry when `layers` is not an array of LayerEntry arrays,
 *   or naming `top` when it is not a positive integer.
 */
export function analyzeWaste(layers: LayerEntry[][], opts: WasteOptions = {}): WasteReport {
  const top = opts.top ?? 10
  if (!Number.isSafeInteger(top) || top < 1) {
    throw new Error(`analyzeWaste: top must be a positive integer, got ${String(opts.top)}`)
  }
  if (!Array.isArray(layers))
    throw new Error('analyzeWaste: layers must be an array of entry arrays')

  const tree = new MergedTree()
  const stats = new Map<string, Occurrence[]>()

  for (let li = 0; li < layers.length; li++) {
    const entries = layers[li]
    if (!Array.isArray(entries)) {
      throw new Error(`analyzeWaste: layer ${li} must be an array of entries`)
    }
    // One entry per path (the last wins), keeping first-seen order; markers keyed apart.
    const byKey = new Map<string, LayerEntry>()
    for (let ei = 0; ei < entries.length; ei++) {
      const e = entries[ei]
      validateEntry(e, li, ei)
      byKey.set(e.type === 'opaque' ? `${e.path}\0opaque` : e.path, e)
    }
    const record = (path: string, size: number, inode?: Inode): void => {
      let s = stats.get(path)
      if (!s) {
        s = []
        stats.set(path, s)
      }
      // One occurrence per layer: a removal then a re-add in the same layer is the re-add.
      const last = s[s.length - 1]
      if (last?.layer === li) {
        last.size = size
        last.inode = inode
      } else s.push({ layer: li, size, inode })
    }
    const removed = (path: string): void => record(path, 0)

    // Removals first: they act on the lower layers.
    for (const e of byKey.values()) {
      if (e.type === 'whiteout') tree.remove(e.path, removed)
      else if (e.type === 'opaque') tree.removeChildren(e.path, removed)
    }

    // This layer's inodes: each entry with content of its own holds one; a hardlink with a size
    // holds the inode the scanner counted at it (its first name was overwritten in this tar).
    const own = new Map<string, Inode>()
    for (const e of byKey.values()) {
      if (CONTENT_TYPES.has(e.type) || (e.type === 'hardlink' && e.size > 0)) {
        own.set(e.path, { size: e.size, layer: li })
      }
    }
    const inodeOf = (e: LayerEntry): Inode => {
      const mine = own.get(e.path)
      if (mine) return mine
      // A hardlink: follow its target (through other links) within this layer, then below.
      const seen = new Set<string>([e.path])
      let target = e.linkTarget
      while (target !== undefined && !seen.has(target)) {
        seen.add(target)
        const found = own.get(target)
        if (found) return found
        const next = byKey.get(target)
        if (next?.type !== 'hardlink') break
        target = next.linkTarget
      }
      const lower = target === undefined ? undefined : tree.get(target)
      return lower?.inode ?? { size: 0, layer: li }
    }

    for (const e of byKey.values()) {
      if (e.type === 'whiteout' || e.type === 'opaque') continue
      if (e.type === 'dir') {
        const old = tree.get(e.path)
        if (!old || old.kind !== 'dir') {
          tree.set(e.path, { kind: 'dir', size: 0, layer: li }, removed)
        }
        continue
      }
      const inode = inodeOf(e)
      tree.set(e.path, { kind: 'file', size: e.size, inode, layer: li }, removed)
      record(e.path, e.size, inode)
    }
  }

  // The inodes the final tree still names: their bytes show in the flattened filesystem.
  const alive = new Set<Inode>()
  for (const [, node] of tree.files()) if (node.inode) alive.add(node.inode)

  let sumMin = 0
  let sumCumulative = 0
  let sumRemovable = 0
  const wasted: WastedPath[] = []
  for (const [path, occurrences] of stats) {
    let cumulative = 0
    let survives = 0
    let min = Infinity
    for (const o of occurrences) {
      cumulative += o.size
      if (o.inode && alive.has(o.inode)) survives += o.size
      if (o.size < min) min = o.size
    }
    sumMin += min
    sumCumulative += cumulative
    const removable = cumulative - survives
    sumRemovable += removable
    if (removable > 0) {
      wasted.push({
        path,
        removableBytes: removable,
        cumulativeBytes: cumulative,
        layers: occurrences.map(o => o.layer)
      })
    }
  }
  wasted.sort(
    (a, b) =>
      b.removableBytes - a.removableBytes ||
      b.cumulativeBytes - a.cumulativeBytes ||
      compareStrings(a.path, b.path)
  )

  return {
    efficiency: sumCumulative === 0 ? 1 : sumMin / sumCumulative,
    removableBytes: sumRemovable,
    topPaths: wasted.slice(0, top),
    largestFiles: largestFiles(tree, top)
  }
}

/**
 * The `top` largest contents of the final tree, each inode once: under the path that holds its
 * bytes (its node counts them) when that path survives, else under the first other name left.
 */
function largestFiles(tree: MergedTree, top: number): FileSize[] {
  const listed = new Set<Inode>()
  const files: FileSize[] = []
  const add = (path: string, inode: Inode | undefined): void => {
    if (!inode || inode.size === 0 || listed.has(inode)) return
    listed.add(inode)
    files.push({ path, size: inode.size, layer: inode.layer })
  }
  for (const [path, node] of tree.files()) if (node.size > 0) add(path, node.inode)
  for (const [path, node] of tree.files()) add(path, node.inode)
  files.sort((a, b) => b.size - a.size || compareStrings(a.path, b.path))
  return files.slice(0, top)
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function validateEntry(e: unknown, layer: number, index: number): asserts e is LayerEntry {
  const where = `analyzeWaste: layer ${layer} entry ${index}`
  if (e === null || typeof e !== 'object') throw new Error(`${where} must be a LayerEntry object`)
  const { path, type, size } = e as Record<string, unknown>
  if (typeof path !== 'string' || path === '') {
    throw new Error(`${where} must have a non-empty normalised path, got ${JSON.stringify(path)}`)
  }
  if (typeof type !== 'string' || !ENTRY_TYPES.has(type)) {
    throw new Error(
      `${where} (${path}) has type ${JSON.stringify(type)}; expected one of ${[...ENTRY_TYPES].join(', ')}`
    )
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw new Error(`${where} (${path}) must have a size in integer bytes ≥ 0, got ${String(size)}`)
  }
}
