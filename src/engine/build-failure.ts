/**
 * Which Dockerfile instruction a failed build failed at, read from the build log. Pure: no I/O.
 *
 * What the engines print (as seen on this project's engines and in moby/buildkit):
 * - BuildKit ≥ 0.9 (and buildx) prints the failing instruction's source after the error summary
 *   (`solver/errdefs` `Source.Print`): `<Dockerfile name>:<first line>`, a `--------------------`
 *   rule, the lines around it as ` 11 | >>> RUN …`, another rule.
 * - Every BuildKit prints the failing step's vertex: `#7 [stage-1 3/4] RUN …` and, in the error
 *   summary, ` > [stage-1 3/4] RUN …:`. The step counts the stage's FROM and its RUN, COPY, ADD
 *   and WORKDIR instructions (the ones that make a build step; ENV, ARG, LABEL… do not count).
 *   A build of a single-stage Dockerfile names no stage (`[2/2]`).
 * - The classic builder prints `Step N/M : RUN …` before each instruction: N counts every
 *   instruction of the Dockerfile from its top (the ARGs before the first FROM too), over the
 *   stages up to the target.
 */
import type { DockerfilePlan, Instruction, SourceLocation } from '../model.ts'
import { stageRef } from './build-log.ts'

/** What a build log says about the step that failed; every field optional. */
export interface FailedStep {
  /** BuildKit's source snippet: the Dockerfile's name as the frontend saw it, and the 1-based line. */
  source?: { name: string; line: number }
  /** BuildKit's failing step: the stage as the log names it (absent for single-stage files). */
  buildkit?: { stage?: string; step: number; total: number; text: string }
  /** The classic builder's last step: `Step N/M : text`. */
  classic?: { step: number; total: number; text: string }
}

const RULE = /^-{20}$/
const SOURCE_HEADER = /^(\S(?:.*\S)?):(\d+)$/
const BK_ERROR = /^#(\d+) ERROR\b/
const BK_VERTEX = /^#(\d+) \[([^\]]+)\] (.*)$/
const BK_SUMMARY = /^\s*> \[([^\]]+)\] (.*?):?\s*$/
const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/

/** Reads a build log, line by line as it streams, for the failing step ({@link FailedStep}). */
export class FailedStepReader {
  private previous: string | undefined
  private readonly vertices = new Map<string, { label: string; text: string }>()
  private readonly found: FailedStep = {}

  push(line: string): void {
    const previous = this.previous
    this.previous = line
    if (RULE.test(line) && previous !== undefined) {
      const header = SOURCE_HEADER.exec(previous)
      if (header) this.found.source = { name: header[1] as string, line: Number(header[2]) }
      return
    }
    const classic = CLASSIC_STEP.exec(line)
    if (classic) {
      this.found.classic = {
        step: Number(classic[1]),
        total: Number(classic[2]),
        text: (classic[3] as string).trim()
      }
      return
    }
    const vertex = BK_VERTEX.exec(line)
    if (vertex) {
      this.vertices.set(vertex[1] as string, { label: vertex[2] as string, text: vertex[3] ?? '' })
      return
    }
    const error = BK_ERROR.exec(line)
    if (error) {
      const failed = this.vertices.get(error[1] as string)
      if (failed) this.setBuildKit(failed.label, failed.text)
      return
    }
    const summary = BK_SUMMARY.exec(line)
    if (summary) this.setBuildKit(summary[1] as string, summary[2] as string)
  }

  /** What the log said so far; undefined when it named no step. */
  result(): FailedStep | undefined {
    return Object.keys(this.found).length === 0 ? undefined : { ...this.found }
  }

  private setBuildKit(label: string, text: string): void {
    const tokens = label.trim().split(/\s+/)
    const counter = /^(\d+)\/(\d+)$/.exec(tokens[tokens.length - 1] ?? '')
    if (!counter) return
    const named = tokens.length >= 2 ? (tokens[tokens.length - 2] as string) : undefined
    this.found.buildkit = {
      // A platform prefix (`linux/amd64 2/3`) is not a stage.
      stage: named !== undefined && !named.includes('/') ? named : undefined,
      step: Number(counter[1]),
      total: Number(counter[2]),
      text: text.trim()
    }
  }
}

/** Keywords BuildKit counts as a step after FROM. */
const BUILDKIT_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR'])

/**
 * Maps a {@link FailedStep} to the instruction of `plan` it names, and its line.
 *
 * @param built the ref of the stage the build targeted (`--target`, or the last stage).
 * @param targetName the name the build passed as `--target` when it differs from the stage's
 *   own (an unnamed stage built from a copy named `isb-stage-N`); read as `built`.
 * @returns the stage ref the failure is in (when the log or the plan tells) and the
 *   instruction (with `location.file` the plan's file) when it can be found; `{}` otherwise.
 *   A BuildKit source line is taken as it is; a step number is used only when the instruction
 *   it counts to has the keyword the log shows.
 */
export function locateFailedStep(
  step: FailedStep | undefined,
  plan: DockerfilePlan,
  built: string,
  targetName?: string
): { stage?: string; instruction?: Instruction; location?: SourceLocation } {
  if (!step) return {}
  const fromLog = (name: string): string =>
    targetName !== undefined && name.toLowerCase() === targetName.toLowerCase()
      ? built
      : stageRef(name)
  const everyInstruction = plan.stages.flatMap(s => [s.from, ...s.instructions])

  let stage: string | undefined
  let instruction: Instruction | undefined
  if (step.buildkit) {
    const bk = step.buildkit
    stage = bk.stage !== undefined ? fromLog(bk.stage) : plan.stages.length === 1 ? '0' : undefined
    const spec = plan.stages.find(s => s.ref === stage)
    if (spec) {
      const steps = [spec.from, ...spec.instructions.filter(i => BUILDKIT_STEPS.has(i.keyword))]
      instruction = sameKeyword(steps[bk.step - 1], bk.text)
    }
  } else if (step.classic) {
    const builtIndex = plan.stages.findIndex(s => s.ref === built)
    const stages = plan.stages.slice(0, builtIndex + 1)
    const ran = stages.flatMap(s => [s.from, ...s.instructions])
    // The ARGs before the first FROM are steps too, and the plan does not list them.
    const metaArgs = step.classic.total - ran.length
    if (builtIndex >= 0 && metaArgs >= 0) {
      instruction = sameKeyword(ran[step.classic.step - metaArgs - 1], step.classic.text)
    }
    stage = instruction?.stage
  }

  if (step.source) {
    const line = step.source.line
    const atLine = everyInstruction.find(i => i.location.line === line)
    if (atLine) {
      instruction = atLine
      stage = atLine.stage
    }
    return { stage, instruction, location: { file: plan.file, line } }
  }
  return { stage, instruction, location: instruction?.location }
}

/** `instruction` when the log's step text starts with its keyword, else undefined. */
function sameKeyword(instruction: Instruction | undefined, text: string): Instruction | undefined {
  if (!instruction) return undefined
  const keyword = /^\S+/.exec(text)?.[0]?.toUpperCase()
  return keyword === instruction.keyword ? instruction : undefined
}
