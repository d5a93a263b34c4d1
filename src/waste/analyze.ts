/**
 * Wasted space over an image's layers: dive's efficiency score, the bytes a rewrite of the
 * Dockerfile could drop, the paths that waste the most, and the largest files of the final image.
 */
import type { FileSize, LayerEntry, WastedPath, WasteReport } from '../model.ts'
import { MergedTree } from './tree.ts'
import type { TreeNode } from './tree.ts'

/** Options of {@link analyzeWaste}. */
export interface WasteOptions {
  /** How many `topPaths` and `largestFiles` to return; a positive integer, default 10. */
  top?: number
}

const ENTRY_TYPES = new Set(['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other'])

/** The occurrences of one path across layers: one per layer that adds, changes or removes it. */
interface PathStats {
  layers: number[]
  sizes: number[]
}

/**
 * Analyses the wasted space of an image from its layers' entries.
 *
 * Every path gets one *occurrence* per layer that adds, re-adds, changes or removes it, sized in
 * bytes as the engine counts them (see `LayerEntry.size`); a removal is an occurrence of 0 bytes.
 * Per path, `cumulative` = Σ its occurrences and `min` = its smallest occurrence. Then, as dive
 * defines it (wagoodman/dive `dive/filetree/efficiency.go`, `Efficiency`):
 *   efficiency = Σ min / Σ cumulative over all paths, 1 when Σ cumulative is 0;
 * and `removableBytes` = Σ (cumulative − min) over all paths — not dive's "wasted bytes", which
 * add the whole cumulative size of every repeated path, the surviving copy included (dive issue
 * 684: `COPY` then `chmod` of a 10 MB file shows 20 MB wasted; here it is 10 MB).
 *
 * What makes an occurrence:
 * - a file, symlink, hardlink or device entry: its size (a `chmod`, `touch` or identical
 *   re-`COPY` is another occurrence of the same size);
 * - a whiteout of a file: 0 bytes at that path (as dive);
 * - a whiteout of a directory, an opaque whiteout (`.wh..wh..opq`), or a path replaced by one of
 *   another kind (file ↔ directory): 0 bytes at every non-directory path it removed;
 * - a hardlink counts its entry's size (0 when its target is in the same layer, so an inode counts
 *   once); a hardlink whose target is in an earlier layer and that arrives with size 0 counts the
 *   target's size, because overlay2 copies the target up into the new layer (moby issue 48140);
 * - directories carry no bytes and make no occurrences. Duplicate paths in one layer: the last
 *   entry wins. Within a layer, whiteouts and opaque markers apply before the layer's additions.
 *
 * Deliberate differences from dive:
 * - dive sizes a directory whiteout as one occurrence of the removed bytes at the directory's
 *   path, which leaves efficiency untouched when the directory was never empty before (its files
 *   and the whiteout each occur once); here each removed file gets a 0-byte occurrence, so a
 *   deleted directory's bytes are removable, like a deleted file's.
 * - dive drops opaque whiteouts, so files below them still look present (dive issue 391); here
 *   they remove the lower layers' content of that directory.
 * - `removableBytes` as above instead of dive's wasted bytes.
 * Note that `cumulative − min` counts a file that grows (1 MB, then 5 MB) as 5 MB removable,
 * though a rewrite could drop only the 1 MB copy: this is the formula of the `WasteReport` type.
 *
 * @param layers each layer's entries, in rootfs order (index 0 = the base layer).
 * @param opts `top`: how many top paths and largest files (default 10).
 * @returns the efficiency (0..1), removable bytes, the top `top` paths by removable bytes (ties:
 *   larger cumulative first, then path order) with the layers of their occurrences, and the
 *   largest `top` non-empty files of the merged final tree with the layer that added them.
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
  const stats = new Map<string, PathStats>()

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
    const record = (path: string, size: number): void => {
      let s = stats.get(path)
      if (!s) {
        s = { layers: [], sizes: [] }
        stats.set(path, s)
      }
      // One occurrence per layer: a removal then a re-add in the same layer is the re-add.
      if (s.layers[s.layers.length - 1] === li) s.sizes[s.sizes.length - 1] = size
      else {
        s.layers.push(li)
        s.sizes.push(size)
      }
    }
    const removed = (path: string): void => record(path, 0)

    // Removals first: they act on the lower layers.
    for (const e of byKey.values()) {
      if (e.type === 'whiteout') tree.remove(e.path, removed)
      else if (e.type === 'opaque') tree.removeChildren(e.path, removed)
    }
    for (const e of byKey.values()) {
      if (e.type === 'whiteout' || e.type === 'opaque') continue
      if (e.type === 'dir') {
        const old = tree.get(e.path)
        if (!old || old.kind !== 'dir') {
          tree.set(e.path, { kind: 'dir', size: 0, data: 0, layer: li }, removed)
        }
        continue
      }
      let size = e.size
      let data = e.size
      if (e.type === 'hardlink') {
        const target = tree.get(e.linkTarget ?? '')
        const inThisLayer = e.linkTarget !== undefined && byKey.has(e.linkTarget)
        if (target && target.kind === 'file') {
          data = target.data
          if (!inThisLayer && size === 0) size = target.data
        }
      }
      const node: TreeNode = { kind: 'file', size, data, layer: li }
      tree.set(e.path, node, removed)
      record(e.path, size)
    }
  }

  let sumMin = 0
  let sumCumulative = 0
  const wasted: WastedPath[] = []
  for (const [path, s] of stats) {
    let cumulative = 0
    let min = Infinity
    for (const size of s.sizes) {
      cumulative += size
      if (size < min) min = size
    }
    sumMin += min
    sumCumulative += cumulative
    if (cumulative - min > 0) {
      wasted.push({
        path,
        removableBytes: cumulative - min,
        cumulativeBytes: cumulative,
        layers: s.layers
      })
    }
  }
  wasted.sort(
    (a, b) =>
      b.removableBytes - a.removableBytes ||
      b.cumulativeBytes - a.cumulativeBytes ||
      compareStrings(a.path, b.path)
  )

  const files: FileSize[] = []
  for (const [path, node] of tree.files()) {
    if (node.size > 0) files.push({ path, size: node.size, layer: node.layer })
  }
  files.sort((a, b) => b.size - a.size || compareStrings(a.path, b.path))

  return {
    efficiency: sumCumulative === 0 ? 1 : sumMin / sumCumulative,
    removableBytes: sumCumulative - sumMin,
    topPaths: wasted.slice(0, top),
    largestFiles: files.slice(0, top)
  }
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
