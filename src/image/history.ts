/**
 * An image config's `history` ↔ its `rootfs.diff_ids`: which history entry made which layer.
 *
 * The rule is the engine's own (moby `daemon/images/image_history.go`, `ImageHistory`): walk the
 * history in order; every entry without `empty_layer: true` takes the next diff ID, so the k-th
 * non-empty entry made `diff_ids[k]` (which is also `manifest.layers[k]`).
 */

/** One entry of an image config's `history` (OCI image-spec `config.md`), the fields we read. */
export interface HistoryEntry {
  created?: string
  created_by?: string
  author?: string
  comment?: string
  empty_layer?: boolean
}

/** A history entry and the layer it made. */
export interface HistoryLayer {
  /** 0-based position in the config's `history`. */
  historyIndex: number
  /** The entry's `created_by` (empty string when absent). */
  createdBy: string
  /** 0-based index into `rootfs.diff_ids` of the layer it made; undefined for an empty layer. */
  layerIndex: number | undefined
}

/**
 * Pairs every history entry with the layer it made.
 *
 * An image without history (`history` absent or empty, as some tools write) gives `[]`: nothing
 * to pair, which is not a contradiction.
 *
 * @param history the config's `history`, in order
 * @param diffIds the config's `rootfs.diff_ids` (`sha256:…`), in order; only the count is used
 * @returns one element per history entry, in history order
 * @throws Error when the non-empty entries and the diff IDs differ in number (moby rejects "too
 *   many non-empty layers in History section"; fewer would leave layers without an entry)
 */
export function historyToLayers(history: HistoryEntry[], diffIds: string[]): HistoryLayer[] {
  if (history.length === 0) return []
  let layer = 0
  const out = history.map((entry, historyIndex) => {
    const layerIndex = entry.empty_layer === true ? undefined : layer++
    return { historyIndex, createdBy: entry.created_by ?? '', layerIndex }
  })
  if (layer !== diffIds.length) {
    throw new Error(
      `image config: its history has ${layer} non-empty ${layer === 1 ? 'entry' : 'entries'} but ` +
        `rootfs.diff_ids lists ${diffIds.length} ${diffIds.length === 1 ? 'layer' : 'layers'}; ` +
        `each non-empty history entry must make exactly one layer`
    )
  }
  return out
}

/**
 * The `created_by` of the history entry that made each layer, indexed by layer (diff ID) index.
 * Every element is a string ('' when the image has no history or the entry has no `created_by`).
 *
 * @throws Error as {@link historyToLayers} does
 */
export function createdByPerLayer(history: HistoryEntry[], diffIds: string[]): string[] {
  const out = diffIds.map(() => '')
  for (const entry of historyToLayers(history, diffIds)) {
    if (entry.layerIndex !== undefined) out[entry.layerIndex] = entry.createdBy
  }
  return out
}

/**
 * The history index that made each layer, indexed by layer index; undefined when the image has
 * no history.
 *
 * @throws Error as {@link historyToLayers} does
 */
export function historyIndexPerLayer(
  history: HistoryEntry[],
  diffIds: string[]
): (number | undefined)[] {
  const out: (number | undefined)[] = diffIds.map(() => undefined)
  for (const entry of historyToLayers(history, diffIds)) {
    if (entry.layerIndex !== undefined) out[entry.layerIndex] = entry.historyIndex
  }
  return out
}

/**
 * A history entry's `created_by` as people read it: the instruction, without the prefixes the
 * builders add.
 * - Classic builder: `/bin/sh -c #(nop)  COPY file:… in /app` → `COPY file:… in /app`;
 *   `/bin/sh -c make` (a RUN) → `RUN make`.
 * - BuildKit: `RUN /bin/sh -c make # buildkit` → `RUN make`; `COPY . /app # buildkit` →
 *   `COPY . /app`.
 * - Both: a RUN's build-argument prefix `|2 A=1 B=2 ` (moby `builder/dockerfile`, BuildKit
 *   `dockerfile2llb`) is dropped, so argument values are not shown.
 * Anything else (another shell, `docker import`'s entry) is returned trimmed, as it is.
 *
 * @param createdBy the entry's `created_by`, '' when absent.
 */
export function displayCreatedBy(createdBy: string): string {
  let text = createdBy.trim().replace(/\s*# buildkit$/, '')
  const run = /^RUN\s+/.test(text)
  if (run) text = text.replace(/^RUN\s+/, '')
  // `|N K=V …` then the shell: values may hold spaces, so the shell marks the prefix's end.
  text = text.replace(/^\|\d+ .*?(?=\/bin\/sh -c )/s, '')
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text)
  if (nop) return (nop[1] as string).trim()
  const shell = /^\/bin\/sh -c (.*)$/s.exec(text)
  if (shell) return `RUN ${(shell[1] as string).trim()}`
  return run ? `RUN ${text}` : text
}
