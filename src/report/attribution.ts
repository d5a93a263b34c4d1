/** Which layer, and so which Dockerfile line, to blame for a budget breach. Pure. */
import type { BudgetName, ImageMeasurement, Instruction, Layer, Report } from '../model.ts'
import { formatBytes, formatBytesExact } from '../units.ts'
import { diffLayers, type LayerChange } from './baseline.ts'

/**
 * The layer the Dockerfile adds (not part of the base image) with the most bytes, preferring
 * layers attributed to an instruction; undefined when the image has no added layer.
 */
export function largestAddedLayer(image: ImageMeasurement): Layer | undefined {
  const added = image.layers.filter(layer => !layer.base && layer.size > 0)
  const attributed = added.filter(layer => layer.instruction)
  const pool = attributed.length > 0 ? attributed : added
  return pool.reduce<Layer | undefined>(
    (best, layer) => (!best || layer.size > best.size ? layer : best),
    undefined
  )
}

/**
 * The layer of `final` that grew most compared with `baseline`: layers are matched as
 * {@link diffLayers} does (diff ID, then instruction or history `created_by`, then Dockerfile
 * position); a layer the baseline lacks grew by its whole size, a matched one by its size
 * difference. Only layers the Dockerfile adds (not `base`) that grew (change > 0 bytes) count,
 * attributed ones preferred; on a tie the first in rootfs order wins.
 *
 * A pull request that adds `RUN chmod +x server` below an unchanged `COPY server …` gives the
 * RUN layer (a new layer holding a copy of the file), not the COPY (same diff ID, change 0).
 *
 * @returns the layer with its change in bytes; undefined when no added layer grew.
 */
export function grownLayer(
  final: ImageMeasurement,
  baseline: ImageMeasurement
): LayerChange | undefined {
  const grew = diffLayers(final.layers, baseline.layers).layers.filter(
    c => !c.layer.base && c.change > 0
  )
  const attributed = grew.filter(c => c.layer.instruction)
  const pool = attributed.length > 0 ? attributed : grew
  return pool.reduce<LayerChange | undefined>(
    (best, c) => (!best || c.change > best.change ? c : best),
    undefined
  )
}

/** One annotation: the Dockerfile instruction to mark and what to say there. */
export interface BudgetAnnotation {
  instruction: Instruction
  /** One or more sentences; each budget name appears once. */
  message: string
  /** The failed budgets this annotation explains, each once, in report order. */
  budgets: BudgetName[]
}

const SIZE_BUDGETS: ReadonlySet<BudgetName> = new Set([
  'max-size',
  'max-compressed-size',
  'max-ratio'
])
const WASTE_BUDGETS: ReadonlySet<BudgetName> = new Set(['max-wasted-size', 'min-efficiency'])

/**
 * The annotations for the failed budgets of `report`, one per blamed Dockerfile line:
 * - `max-increase` (with a baseline): the layer that grew most over the baseline
 *   ({@link grownLayer}); without a baseline or a grown layer it joins the size budgets;
 * - `max-size`, `max-compressed-size`, `max-ratio`: the layer the Dockerfile adds with the most
 *   bytes ({@link largestAddedLayer});
 * - `max-wasted-size`, `min-efficiency`: the layer that last rewrote the path with the most
 *   removable bytes.
 * `max-layers` blames no single line. Reasons that land on the same line (file and line) are
 * joined into one annotation. A breach whose layer has no instruction (no Dockerfile, or not
 * attributed) gives no annotation.
 *
 * @returns annotations in order of first reason (increase, size, waste); [] when every budget
 *   passed.
 */
export function budgetAnnotations(report: Report): BudgetAnnotation[] {
  const failed = report.budgets.filter(b => !b.passed)
  const named = (set: (name: BudgetName) => boolean): BudgetName[] =>
    unique(failed.map(b => b.name).filter(set))
  const reasons: { instruction: Instruction; text: string; budgets: BudgetName[] }[] = []

  const sizeNames = named(name => SIZE_BUDGETS.has(name))
  const increaseNames = named(name => name === 'max-increase')
  const grown =
    increaseNames.length > 0 && report.baseline
      ? grownLayer(report.final, report.baseline)
      : undefined
  const grownInstruction = grown?.layer.instruction
  if (grown && grownInstruction) {
    const how =
      grown.status === 'added'
        ? `adds ${bytes(grown.change)}, a layer the baseline does not have`
        : `grew by ${bytes(grown.change)} over the baseline (${formatBytes(grown.baseline?.size ?? 0)} → ${formatBytes(grown.layer.size)})`
    reasons.push({
      instruction: grownInstruction,
      text: `${grownInstruction.keyword} ${how}, the most any layer grew: ${exceeded(increaseNames)}.`,
      budgets: increaseNames
    })
  } else {
    // No baseline layer to compare with: the increase is blamed like the image's size.
    sizeNames.push(...increaseNames)
  }

  const largest = sizeNames.length > 0 ? largestAddedLayer(report.final) : undefined
  if (largest?.instruction) {
    reasons.push({
      instruction: largest.instruction,
      text: `${largest.instruction.keyword} adds ${bytes(largest.size)} to the final image, the most of any layer the Dockerfile adds: ${exceeded(sizeNames)}.`,
      budgets: sizeNames
    })
  }

  const wasteNames = named(name => WASTE_BUDGETS.has(name))
  const wasted = report.final.waste?.topPaths[0]
  const rewrite = wasted && report.final.layers[wasted.layers[wasted.layers.length - 1] ?? -1]
  if (wasteNames.length > 0 && wasted && rewrite?.instruction) {
    reasons.push({
      instruction: rewrite.instruction,
      text: `${rewrite.instruction.keyword} rewrites /${wasted.path}, leaving ${bytes(wasted.removableBytes)} in earlier layers: ${exceeded(wasteNames)}.`,
      budgets: wasteNames
    })
  }

  // max-findings-size: the line of the finding whose fix would save the most.
  const findingNames = named(name => name === 'max-findings-size')
  const top = report.findings?.find(f => f.source)
  const topSource = top?.source
  const topInstruction = topSource
    ? report.final.layers
        .map(l => l.instruction)
        .find(ins => ins?.location.line === topSource.line && ins.location.file === topSource.file)
    : undefined
  if (findingNames.length > 0 && top && topInstruction) {
    reasons.push({
      instruction: topInstruction,
      text: `${top.message} (${bytes(top.bytes)} a fix would save, the most of any finding): ${exceeded(findingNames)}.`,
      budgets: findingNames
    })
  }

  const out: BudgetAnnotation[] = []
  for (const reason of reasons) {
    const { file, line } = reason.instruction.location
    const same = out.find(
      a => a.instruction.location.file === file && a.instruction.location.line === line
    )
    if (same) {
      same.message += ` ${reason.text}`
      same.budgets = unique([...same.budgets, ...reason.budgets])
    } else {
      out.push({ instruction: reason.instruction, message: reason.text, budgets: reason.budgets })
    }
  }
  return out
}

function bytes(n: number): string {
  return `${formatBytes(n)} (${formatBytesExact(n)})`
}

/**
 * `max-size exceeded`, `max-size and max-ratio exceeded`, `a, b and c exceeded`; a floor is not
 * exceeded but missed: `min-efficiency not met`.
 */
function exceeded(names: BudgetName[]): string {
  const list =
    names.length <= 1
      ? (names[0] ?? '')
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  return `${list} ${names.every(name => name === 'min-efficiency') ? 'not met' : 'exceeded'}`
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}
