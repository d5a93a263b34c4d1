/**
 * The core both front ends share, read top to bottom:
 * plan (Dockerfile stages) → build the final target → measure it → choose the builder → build and
 * measure the builder → compare → budgets → report. Nothing here writes outputs or sets exit
 * codes; the action (`main.ts`) and the CLI (`cli.ts`) publish the returned {@link Report}.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chooseBuilder } from './dockerfile/builder.ts'
import { planDockerfile } from './dockerfile/plan.ts'
import { buildTarget } from './engine/build.ts'
import { detectEngine, type Engine } from './engine/detect.ts'
import { evaluateBudgets } from './budgets.ts'
import { parseImageSource } from './image/source.ts'
import { Input, TOOL_NAME } from './constants.ts'
import type { Inputs } from './inputs.ts'
import type { Log } from './log.ts'
import { compareWithBuilder, measureImage } from './measure.ts'
import type { DockerfilePlan, ImageMeasurement, Report, StageChoice } from './model.ts'
import { VERSION } from './version.ts'

/** What the pipeline needs from its front end. */
export interface PipelineContext {
  log: Log
  /** The docker CLI to drive (default `docker` on PATH). */
  docker?: string
}

/**
 * Runs the whole measurement for one image and returns its report.
 *
 * @throws Error for bad input (unreadable Dockerfile, unknown target, a budget that needs a
 *   measurement that is missing), an unreachable engine, or a failed build (`BuildError`).
 */
export async function evaluate(inputs: Inputs, ctx: PipelineContext): Promise<Report> {
  const { log } = ctx

  // Plan: parse the Dockerfile when we build, or when it exists to attribute layers to lines.
  const plan = await loadPlan(inputs)

  // Engine: needed for every daemon image and every build; oci:/archive sources need none.
  const finalSource = inputs.image ? parseImageSource(inputs.image, Input.image) : undefined
  const builderSource = inputs.builderImage
    ? parseImageSource(inputs.builderImage, Input.builderImage)
    : undefined
  const needsEngine =
    !finalSource ||
    finalSource.transport === 'docker-daemon' ||
    builderSource?.transport === 'docker-daemon' ||
    (!builderSource && inputs.builderTarget !== undefined)
  const engine = needsEngine ? await detectEngine({ docker: ctx.docker, log }) : undefined

  // Build the final target (unless an image was given) and measure it.
  const finalRef = finalSource
    ? inputs.image!
    : await build(engine!, plan!, plan!.target, inputs, log)
  const final = await measureImage(finalSource ?? parseImageSource(finalRef, Input.image), {
    engine,
    plan,
    stage: finalSource ? undefined : plan!.target,
    compress: inputs.compressed !== 'none',
    waste: true,
    log
  })

  // Choose the builder: the builder-image input, else a stage of the plan.
  let stageChoice: StageChoice | undefined
  let builder: ImageMeasurement | undefined
  if (builderSource) {
    stageChoice = plan && {
      target: plan.target,
      candidates: plan.builderCandidates,
      reason: `the builder-image input names ${inputs.builderImage}`
    }
    builder = await measureImage(builderSource, {
      engine,
      compress: inputs.compressed === 'all',
      waste: false,
      log
    })
  } else if (plan && (!finalSource || inputs.builderTarget !== undefined)) {
    stageChoice = chooseBuilder(plan, final.layers, inputs.builderTarget)
    if (stageChoice.builder !== undefined) {
      const builderRef = await build(engine!, plan, stageChoice.builder, inputs, log)
      builder = await measureImage(parseImageSource(builderRef, Input.builderImage), {
        engine,
        plan,
        stage: stageChoice.builder,
        compress: inputs.compressed === 'all',
        waste: false,
        log
      })
    }
  }

  // Compare and judge.
  const budgets = evaluateBudgets(inputs.budgets, { final, builder })
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    createdAt: new Date().toISOString(),
    build:
      plan && engine && !finalSource
        ? {
            context: inputs.context,
            file: inputs.file,
            target: plan.target,
            engine: engine.kind,
            buildArgs: inputs.buildArgs
          }
        : undefined,
    stageChoice,
    final,
    builder,
    comparison: builder ? compareWithBuilder(final, builder) : undefined,
    budgets,
    passed: budgets.every(budget => budget.passed)
  }
}

/**
 * Parses the Dockerfile when this run builds, or when the file exists beside a given image.
 *
 * @throws Error naming the `file` input when a build needs a Dockerfile that cannot be read.
 */
async function loadPlan(inputs: Inputs): Promise<DockerfilePlan | undefined> {
  const mustBuild = !inputs.image
  if (!mustBuild && !existsSync(inputs.file)) return undefined
  let text: string
  try {
    text = await readFile(inputs.file, 'utf8')
  } catch (error) {
    throw new Error(
      `Input ${Input.file}: cannot read the Dockerfile "${inputs.file}" (${(error as Error).message}). Set file to the Dockerfile's path, or image to measure an existing image.`
    )
  }
  return planDockerfile(text, {
    file: inputs.file,
    target: inputs.target,
    buildArgs: inputs.buildArgs
  })
}

/**
 * Builds one stage and returns the tag it was given: `image-size-budget/<stage>:latest`.
 * `--target` needs a stage name: the last stage is built without it, and an unnamed earlier
 * stage is built from a temporary copy of the Dockerfile whose FROM line gains `AS isb-stage-N`
 * (same line numbers, same build cache).
 */
async function build(
  engine: Engine,
  plan: DockerfilePlan,
  stage: string,
  inputs: Inputs,
  log: Log
): Promise<string> {
  const tag = `${TOOL_NAME}/${stage.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}:latest`
  const label = stage === plan.target ? `final stage "${stage}"` : `builder stage "${stage}"`
  const spec = plan.stages.find(s => s.ref === stage)!
  const isLast = spec.index === plan.stages.length - 1
  let file = inputs.file
  let target: string | undefined = spec.name
  let scratchDir: string | undefined
  if (spec.name === undefined && !isLast) {
    scratchDir = await mkdtemp(join(tmpdir(), 'isb-dockerfile-'))
    target = `isb-stage-${spec.index}`
    file = join(scratchDir, 'Dockerfile')
    await writeFile(
      file,
      nameStage(await readFile(inputs.file, 'utf8'), spec.from.location.line, target)
    )
  }
  try {
    await buildTarget(
      engine,
      {
        context: inputs.context,
        file,
        target,
        buildArgs: inputs.buildArgs,
        tag,
        stageLabel: label
      },
      log
    )
  } finally {
    if (scratchDir) await rm(scratchDir, { recursive: true, force: true })
  }
  return tag
}

/**
 * Appends ` AS name` to the FROM instruction on 1-based `line`.
 * @throws Error when that FROM continues on the next line (not supported for unnamed stages).
 */
export function nameStage(dockerfile: string, line: number, name: string): string {
  const lines = dockerfile.split('\n')
  const from = lines[line - 1]!.replace(/\r$/, '')
  if (/[\\`]\s*$/.test(from)) {
    throw new Error(
      `Dockerfile line ${line}: an unnamed stage whose FROM spans several lines cannot be built on its own; name it with AS.`
    )
  }
  lines[line - 1] = `${from} AS ${name}`
  return lines.join('\n')
}
