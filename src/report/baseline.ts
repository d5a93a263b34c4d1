/**
 * Final image vs a baseline image: the headline change and the per-layer changes the markdown
 * shows. Pure.
 */
import type { BaselineComparison, ImageMeasurement, Layer } from '../model.ts'

/**
 * The change from `baseline` to `final`.
 *
 * @returns `change` = final.size − baseline.size (bytes); `changePercent` = change / baseline.size
 *   × 100 (0 when the baseline is empty); `compressedChange` when two compressed sizes of one
 *   kind exist ({@link compressedPair}).
 */
export function compareToBaseline(
  final: ImageMeasurement,
  baseline: ImageMeasurement
): BaselineComparison {
  const change = final.size - baseline.size
  const result: BaselineComparison = {
    change,
    changePercent: baseline.size > 0 ? (change / baseline.size) * 100 : 0
  }
  const pair = compressedPair(final, baseline)
  if (pair) result.compressedChange = pair.final - pair.baseline
  return result
}

/**
 * The two compressed sizes to compare, of one kind: both exact, or both estimates (an
 * exact size's kept `estimate` standing in for it beside an estimated image). An exact registry
 * size (whatever compression level pushed it) against an estimate differs by several percent for
 * the same image, so they are never mixed. Undefined when no pair of one kind exists.
 */
export function compressedPair(
  final: ImageMeasurement,
  baseline: ImageMeasurement
): { final: number; baseline: number; exact: boolean } | undefined {
  const a = final.compressed
  const b = baseline.compressed
  if (!a || !b) return undefined
  if (a.exact === b.exact) return { final: a.size, baseline: b.size, exact: a.exact }
  const aEstimate = a.exact ? a.estimate : a.size
  const bEstimate = b.exact ? b.estimate : b.size
  if (aEstimate === undefined || bEstimate === undefined) return undefined
  return { final: aEstimate, baseline: bEstimate, exact: false }
}

/** One layer of the final image and the baseline layer it was matched with. */
export interface LayerChange {
  layer: Layer
  /** The matching baseline layer; absent for a layer the baseline does not have. */
  baseline?: Layer
  /** layer.size − baseline.size (the whole size for a new layer), in bytes. */
  change: number
  /** `same`: identical diff ID; `matched`: same instruction, other content; `added`: new. */
  status: 'same' | 'matched' | 'added'
}

/** The per-layer comparison. */
export interface LayerDiff {
  /** One entry per final layer, in rootfs order. */
  layers: LayerChange[]
  /** Baseline layers no final layer matched, in rootfs order. */
  removed: Layer[]
}

/**
 * Matches final layers with baseline layers, each baseline layer used at most once, in passes of
 * decreasing certainty:
 * 1. the same diff ID (identical content; repeats matched in order);
 * 2. the same instruction: stage, keyword and text (`COPY --from=build /out/app /app` whose
 *    content changed), else the same history `created_by` when a layer has no attribution;
 * 3. the same history `created_by`, attributed or not (a baseline image measured without its
 *    Dockerfile against an attributed final image);
 * 4. the same Dockerfile position: file, line and keyword (an edited `RUN` line).
 * A final layer left over is `added`; a baseline layer left over is `removed`.
 */
export function diffLayers(final: Layer[], baseline: Layer[]): LayerDiff {
  const matched = new Map<number, Layer>()
  const used = new Set<number>()
  const pass = (key: (layer: Layer) => string | undefined): void => {
    const pool = new Map<string, number[]>()
    baseline.forEach((layer, i) => {
      const k = used.has(i) ? undefined : key(layer)
      if (k === undefined) return
      const list = pool.get(k)
      if (list) list.push(i)
      else pool.set(k, [i])
    })
    final.forEach((layer, i) => {
      if (matched.has(i)) return
      const k = key(layer)
      const candidates = k === undefined ? undefined : pool.get(k)
      const j = candidates?.shift()
      if (j === undefined) return
      matched.set(i, baseline[j] as Layer)
      used.add(j)
    })
  }
  pass(layer => layer.diffId)
  pass(layer =>
    layer.instruction
      ? `i\0${layer.instruction.stage}\0${layer.instruction.keyword}\0${normalise(layer.instruction.args)}`
      : `h\0${normalise(layer.createdBy)}`
  )
  // An image measured without its Dockerfile (baseline-image) has no attribution: match what the
  // history says, whichever side is attributed.
  pass(layer => (layer.createdBy.trim() === '' ? undefined : `h\0${normalise(layer.createdBy)}`))
  pass(layer =>
    layer.instruction
      ? `${layer.instruction.location.file}\0${layer.instruction.location.line}\0${layer.instruction.keyword}`
      : undefined
  )
  const layers = final.map((layer, i): LayerChange => {
    const base = matched.get(i)
    if (!base) return { layer, change: layer.size, status: 'added' }
    return {
      layer,
      baseline: base,
      change: layer.size - base.size,
      status: base.diffId === layer.diffId ? 'same' : 'matched'
    }
  })
  const removed = baseline.filter((_layer, j) => !used.has(j))
  return { layers, removed }
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
