/**
 * Which stage is "the builder" that the final image is compared against.
 */
import type { DockerfilePlan, Layer, StageChoice } from '../model.ts'
import { formatBytes } from '../units.ts'
import { collectorSources, copiedStages, describeStages } from './plan.ts'

/**
 * Layers of collector stages' images (see `collectorSources` in plan.ts), by stage ref, with
 * `instruction` attributed as for the final image. Only collectors that gather from several
 * stages need them ({@link collectorsToMeasure}).
 */
export type CollectorLayers = Record<string, Layer[]>

/**
 * Chooses the builder stage of `plan`.
 *
 * 1. `override` (the `builder-target` input) wins: a stage name of the Dockerfile (any case), not
 *    the target itself.
 * 2. No candidate (single stage, or a final stage that copies from no stage) → no builder.
 * 3. One candidate → it.
 * 4. Several → the candidate whose files add the most bytes to the final image: Σ `Layer.size`
 *    (uncompressed bytes) over the final image's layers attributed (`Layer.instruction`) to a
 *    `COPY --from=<candidate>` or `RUN --mount=from=<candidate>` (a RUN mounting several stages
 *    counts for each). Ties, and finals without attributed layers, go to the last candidate in
 *    order of first use (the usual shape copies certificates or timezone data first and the build
 *    output last).
 *
 * Candidates are the plan's `builderCandidates`: a collector stage the final stage copies from is
 * replaced by the stages it gathers from, so bytes copied from a collector are credited to those
 * stages. A collector that gathers from one stage passes all of them on; one that gathers from
 * several splits them in proportion to what each of its sources adds to the collector's own image
 * (`collectorLayers`, bytes of its layers attributed to a copy from that source), and without its
 * layers (or when none is attributed) passes them all to its last source, by the rule above.
 * Collectors gathering from collectors are followed the same way. The reason names the collectors
 * the builder's files pass through.
 *
 * @param plan the parsed Dockerfile
 * @param finalLayers the final image's layers with `instruction` set where attributed; undefined
 *   before the final image is measured
 * @param override the `builder-target` input; empty or undefined means automatic
 * @param collectorLayers layers of the collectors {@link collectorsToMeasure} lists, when measured
 * @returns the choice; `copiedBytes` (bytes per candidate) when there are several candidates and
 *   `finalLayers` is known
 * @throws Error naming `builder-target` and listing the stages when `override` is no stage name
 *   or is the target itself
 */
export function chooseBuilder(
  plan: DockerfilePlan,
  finalLayers: Layer[] | undefined,
  override?: string,
  collectorLayers?: CollectorLayers
): StageChoice {
  const { target } = plan
  const candidates = [...plan.builderCandidates]
  const base = { target, candidates }

  if (override !== undefined && override !== '') {
    const stage = plan.stages.find(s => s.name !== undefined && s.name === override.toLowerCase())
    if (!stage) {
      throw new Error(
        `builder-target: no stage named "${override}" in ${plan.file}; the stages are ` +
          `${describeStages(plan.stages)}`
      )
    }
    if (stage.ref === target) {
      throw new Error(
        `builder-target: "${override}" is the target stage itself; name the stage the final ` +
          `image takes its files from (stages: ${describeStages(plan.stages)})`
      )
    }
    return {
      ...base,
      builder: stage.ref,
      reason: `The builder-target input names stage "${stage.ref}".`
    }
  }

  if (candidates.length === 0) {
    return {
      ...base,
      reason: `There is no builder stage: the final stage "${target}" copies from no other stage.`
    }
  }
  const routes = routesOf(plan)
  // " "build" produces the files … copies through "binary"." when a collector is on the way.
  const via = (ref: string): string => {
    const text = throughText(routes.get(ref) ?? [])
    return text ? ` "${ref}" produces the files the final stage "${target}" copies ${text}.` : ''
  }
  if (candidates.length === 1) {
    const only = candidates[0] as string
    return {
      ...base,
      builder: only,
      reason:
        via(only).trim() || `"${only}" is the only stage the final stage "${target}" copies from.`
    }
  }

  const last = candidates[candidates.length - 1] as string
  if (finalLayers === undefined) {
    return {
      ...base,
      builder: last,
      reason: `The final image's layers are not measured yet, so the last of the stages it copies from, "${last}", is taken.${via(last)}`
    }
  }

  const credited = new Map<string, number>(candidates.map(c => [c, 0]))
  const shareMemo = new Map<string, Map<string, number>>()
  for (const layer of finalLayers) {
    for (const ref of layer.instruction?.copiesFrom ?? []) {
      for (const [producer, share] of sharesOf(plan, ref, collectorLayers, shareMemo)) {
        const sum = credited.get(producer)
        if (sum !== undefined) credited.set(producer, sum + layer.size * share)
      }
    }
  }
  // Whole bytes: a collector's split leaves fractions.
  const copiedBytes = Object.fromEntries(
    candidates.map(c => [c, Math.round(credited.get(c) as number)])
  ) as Record<string, number>
  // Later candidates win ties: iterate in order and replace on ≥.
  let best = last
  let bestBytes = -1
  for (const c of candidates) {
    const bytes = copiedBytes[c] as number
    if (bytes >= bestBytes) {
      best = c
      bestBytes = bytes
    }
  }
  if (bestBytes <= 0) {
    return {
      ...base,
      builder: last,
      copiedBytes,
      reason: `No layer of the final image could be traced to a copy from ${listRefs(candidates)}, so the last one used, "${last}", is taken.${via(last)}`
    }
  }
  const tied = candidates.filter(c => copiedBytes[c] === bestBytes)
  const others = candidates
    .filter(c => c !== best)
    .map(c => `"${c}" ${formatBytes(copiedBytes[c] as number)}`)
    .join(', ')
  return {
    ...base,
    builder: best,
    copiedBytes,
    reason:
      (tied.length > 1
        ? `${listRefs(tied)} add the same ${formatBytes(bestBytes)} to the final image, so the last one used, "${best}", is taken.`
        : `"${best}" adds the most to the final image through its copies (${formatBytes(bestBytes)}; ${others}).`) +
      via(best)
  }
}

/**
 * The collectors whose layers {@link chooseBuilder} needs to split the bytes the final image
 * copies through them: those on the final stage's copy paths that gather from several stages, in
 * order of first use. Empty when the plan has fewer than two candidates (no byte rule runs).
 */
export function collectorsToMeasure(plan: DockerfilePlan): string[] {
  if (plan.builderCandidates.length < 2) return []
  const out: string[] = []
  const visit = (ref: string): void => {
    const sources = collectorSources(plan.stages, ref)
    if (!sources) return
    if (sources.length > 1 && !out.includes(ref)) out.push(ref)
    for (const source of sources) visit(source)
  }
  for (const ref of copiedStages(plan.stages, plan.target)) visit(ref)
  return out
}

/**
 * How the final stage reaches each candidate: producer ref → the collector paths to it, each
 * listed from the final stage's side (`[]` for a direct copy, `["binary"]` through one collector).
 */
function routesOf(plan: DockerfilePlan): Map<string, string[][]> {
  const routes = new Map<string, string[][]>()
  const walk = (ref: string, path: string[]): void => {
    const sources = collectorSources(plan.stages, ref)
    if (!sources) {
      routes.set(ref, [...(routes.get(ref) ?? []), path])
      return
    }
    for (const source of sources) walk(source, [...path, ref])
  }
  for (const ref of copiedStages(plan.stages, plan.target)) walk(ref, [])
  return routes
}

/**
 * `through "binary"`, `directly and through "binary"`, `through "release", which gathers them
 * from "binary"`; empty when every path is a direct copy.
 */
function throughText(paths: string[][]): string {
  const indirect = paths.filter(path => path.length > 0)
  if (indirect.length === 0) return ''
  const direct = paths.length > indirect.length ? 'directly and ' : ''
  const one = (path: string[]): string =>
    path.map((ref, i) => (i === 0 ? `"${ref}"` : `, which gathers them from "${ref}"`)).join('')
  return `${direct}through ${indirect.map(one).join(' and through ')}`
}

/**
 * What share of the bytes copied from `ref` each producing stage made: `{ref: 1}` for a stage
 * that is no collector; for a collector, its sources' shares weighted by the bytes each adds to
 * the collector's image (see {@link chooseBuilder}). Shares sum to 1.
 */
function sharesOf(
  plan: DockerfilePlan,
  ref: string,
  collectorLayers: CollectorLayers | undefined,
  memo: Map<string, Map<string, number>>
): Map<string, number> {
  const known = memo.get(ref)
  if (known) return known
  const sources = plan.stages.some(s => s.ref === ref)
    ? collectorSources(plan.stages, ref)
    : undefined
  let out: Map<string, number>
  if (!sources) {
    out = new Map([[ref, 1]])
  } else {
    const weights = new Map<string, number>(sources.map(s => [s, 0]))
    if (sources.length > 1) {
      for (const layer of collectorLayers?.[ref] ?? []) {
        for (const source of layer.instruction?.copiesFrom ?? []) {
          const sum = weights.get(source)
          if (sum !== undefined) weights.set(source, sum + layer.size)
        }
      }
    }
    let total = [...weights.values()].reduce((a, b) => a + b, 0)
    if (total <= 0) {
      weights.set(sources[sources.length - 1] as string, 1)
      total = 1
    }
    out = new Map()
    for (const [source, weight] of weights) {
      if (weight <= 0) continue
      for (const [producer, share] of sharesOf(plan, source, collectorLayers, memo)) {
        out.set(producer, (out.get(producer) ?? 0) + (share * weight) / total)
      }
    }
  }
  memo.set(ref, out)
  return out
}

function listRefs(refs: string[]): string {
  return refs.map(r => `"${r}"`).join(', ')
}
