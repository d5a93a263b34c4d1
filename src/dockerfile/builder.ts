/**
 * Which stage is "the builder" that the final image is compared against.
 */
import type { DockerfilePlan, Layer, StageChoice } from '../model.ts'
import { formatBytes } from '../units.ts'
import { describeStages } from './plan.ts'

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
 * @param plan the parsed Dockerfile
 * @param finalLayers the final image's layers with `instruction` set where attributed; undefined
 *   before the final image is measured
 * @param override the `builder-target` input; empty or undefined means automatic
 * @returns the choice; `copiedBytes` (bytes per candidate) when there are several candidates and
 *   `finalLayers` is known
 * @throws Error naming `builder-target` and listing the stages when `override` is no stage name
 *   or is the target itself
 */
export function chooseBuilder(
  plan: DockerfilePlan,
  finalLayers: Layer[] | undefined,
  override?: string
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
  if (candidates.length === 1) {
    const only = candidates[0] as string
    return {
      ...base,
      builder: only,
      reason: `"${only}" is the only stage the final stage "${target}" copies from.`
    }
  }

  const last = candidates[candidates.length - 1] as string
  if (finalLayers === undefined) {
    return {
      ...base,
      builder: last,
      reason: `The final image's layers are not measured yet, so the last of the stages it copies from, "${last}", is taken.`
    }
  }

  const copiedBytes = Object.fromEntries(candidates.map(c => [c, 0])) as Record<string, number>
  for (const layer of finalLayers) {
    for (const ref of layer.instruction?.copiesFrom ?? []) {
      if (ref in copiedBytes) copiedBytes[ref] = (copiedBytes[ref] as number) + layer.size
    }
  }
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
      reason: `No layer of the final image could be traced to a copy from ${listRefs(candidates)}, so the last one used, "${last}", is taken.`
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
      tied.length > 1
        ? `${listRefs(tied)} add the same ${formatBytes(bestBytes)} to the final image, so the last one used, "${best}", is taken.`
        : `"${best}" adds the most to the final image through its copies (${formatBytes(bestBytes)}; ${others}).`
  }
}

function listRefs(refs: string[]): string {
  return refs.map(r => `"${r}"`).join(', ')
}
