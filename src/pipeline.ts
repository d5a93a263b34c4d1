/**
 * The core both front ends share, read top to bottom:
 * plan (Dockerfile stages) → build the final target → measure it → choose the builder → build and
 * measure the builder → compare → budgets → report. Nothing here writes outputs or sets exit
 * codes; the action (`main.ts`) and the CLI (`cli.ts`) publish the returned {@link Report}.
 */
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { makeTempDir, removeTempDir } from './temp-dir.ts'
import { join } from 'node:path'
import { buildStage, keepClassicCache, removeTags, type Built } from './build-stage.ts'
import { chooseBuilder, collectorsToMeasure, type CollectorLayers } from './dockerfile/builder.ts'
import { planDockerfile } from './dockerfile/plan.ts'
import { exportsOci } from './engine/build.ts'
import { detectEngine, type Engine } from './engine/detect.ts'
import { inspectImage } from './engine/inspect.ts'
import { evaluateBudgets } from './budgets.ts'
import { BASE_REF_EVENTS, baseShaFromEvent, buildBaseRef, rerootPath } from './baseline/base-ref.ts'
import { compareWithBaseline, evaluateIncrease } from './baseline/compare.ts'
import { measureBaselineImage } from './baseline/image.ts'
import { resolveImageSource } from './image/registry-image.ts'
import { parseImageSource, type ImageSource } from './image/source.ts'
import { Input, TOOL_NAME } from './constants.ts'
import type { Inputs } from './inputs.ts'
import { deferredLog, type Log } from './log.ts'
import { analyzeFiles } from './analyze/analysis.ts'
import type { FileIndex } from './analyze/file-index.ts'
import { compareWithBuilder, engineSizeOf, measureImage } from './measure.ts'
import type { DockerfilePlan, ImageMeasurement, Report, RunReport, StageChoice } from './model.ts'
import { checkReportPath } from './report/json.ts'
import { redactMeasurement } from './report/redact.ts'
import { newRunId } from './run-id.ts'
import { VERSION } from './version.ts'

/** What the pipeline needs from its front end. */
export interface PipelineContext {
  log: Log
  /** The docker CLI to drive (default `docker` on PATH). */
  docker?: string
  /** The workflow event, for `baseline: base-ref` (the pull request's base commit). */
  event?: { name: string | undefined; payload: unknown }
  /** The repository checkout, for `baseline: base-ref` (default the working directory). */
  workspace?: string
  /** This run's id (`src/run-id.ts`), part of every tag it builds; default a new one. */
  runId?: string
  /** Where the front end will write the JSON report: checked before the first build. */
  reportPath?: string
  /**
   * `baseline: history`: the front end's look-up of the history entry to compare `final` with
   * (`src/history/`). Returns the entry as a measurement, undefined for no baseline (it warned),
   * or `'base-ref'` to fall back to building the base commit (`history-fallback: base-ref`).
   * `inputs` are the image's own (in a run of several: its name is `commentKey`).
   */
  historyBaseline?: (
    final: ImageMeasurement,
    inputs: Inputs
  ) => Promise<ImageMeasurement | 'base-ref' | undefined>
}

/**
 * One run's context: the front end's, plus what the run made (to clean up at its end). The
 * images of a run (`src/run.ts`) share one `made` and one engine detection.
 */
export interface RunContext extends PipelineContext {
  runId: string
  /** The tags this run's builds got, and the engine they are in. */
  made: { tags: string[]; engine?: Engine }
  /**
   * The engine, detected once per run: the first image that needs it starts the detection (an
   * object, so the copies of this context each image gets share it).
   */
  detection: { engine?: Promise<Engine>; readOnly?: Promise<Engine> }
  /**
   * Appended to the tag name of every build of this image (`latest-api`): two images of one run
   * built from one Dockerfile stage (other build args, other platforms) keep separate tags.
   */
  tagSuffix?: string
  /** The final image, already built (all bake targets in one `docker buildx bake`): measured, not built. */
  prebuilt?: Built
}

/** What {@link prepareImage} read before the first build of a run. */
export interface Prepared {
  /** The Dockerfile plan, when the image is built (or builder-target is built beside it). */
  plan?: DockerfilePlan
  /** `baseline-report`: the earlier run (read and schema-checked; its entry is picked once measured). */
  earlier?: RunReport
}

/** The images of one run, before budgets. */
interface Measured {
  plan?: DockerfilePlan
  engine?: Engine
  final: ImageMeasurement
  /** The final image's file index (src/analyze/file-index.ts), for the file diff and findings. */
  finalIndex?: FileIndex
  builder?: ImageMeasurement
  stageChoice?: StageChoice
}

/**
 * Runs the whole measurement for one image and returns its report (a run of one image; runs of
 * several images and platforms are `evaluateRun` of `src/run.ts`, over the same steps):
 * checks of the files the inputs name (report path, baseline report) → images (plan, build,
 * measure final and builder) → baseline → budgets → report. The tags the run's builds got are
 * removed at the end, whatever happens, unless `keep-images` is set.
 *
 * @throws Error for bad input (unreadable Dockerfile or baseline report, a report path that
 *   cannot be written, unknown target, a budget that needs a measurement that is missing; what
 *   the inputs and their files can show is thrown before the first build), an unreachable
 *   engine, or a failed build (`BuildError`, with the failing stage and Dockerfile line).
 */
export async function evaluate(inputs: Inputs, ctx: PipelineContext): Promise<Report> {
  // Before the first build: what the files the inputs name tell (parseInputs checked the rest).
  if (ctx.reportPath !== undefined) await checkReportPath(ctx.reportPath)
  const prepared = await prepareImage(inputs)
  return withRun(ctx, inputs.keepImages, run => evaluateImage(inputs, run, prepared))
}

/**
 * Checks, before any build, what one image's inputs and files can show: the Dockerfile (readable,
 * its target and builder-target stages exist, max-ratio has a builder) and the baseline report
 * (read and schema-checked).
 *
 * @throws Error naming the input (`file`, `target`, `builder-target`, `max-ratio`,
 *   `baseline-report`) for what cannot work.
 */
export async function prepareImage(inputs: Inputs): Promise<Prepared> {
  const plan = await loadPlan(inputs)
  if (inputs.baseline?.kind !== 'report') return { plan }
  // The report reader (and its schema validator) loads only for a baseline report.
  const { loadRunReport } = await import('./baseline/report.ts')
  return { plan, earlier: await loadRunReport(inputs.baseline.path, Input.baselineReport) }
}

/**
 * Runs `work` with a fresh {@link RunContext} and removes the tags the run's builds got at the
 * end, whatever happens, unless `keepImages`.
 */
export async function withRun<T>(
  ctx: PipelineContext,
  keepImages: boolean,
  work: (run: RunContext) => Promise<T>
): Promise<T> {
  const run: RunContext = {
    ...ctx,
    runId: ctx.runId ?? newRunId(),
    made: { tags: [] },
    detection: {}
  }
  try {
    return await work(run)
  } finally {
    if (run.made.engine && run.made.tags.length > 0) {
      if (keepImages) {
        ctx.log.info(`Kept the images this run built: ${run.made.tags.join(', ')}`)
      } else {
        await keepClassicCache(run.made.engine, run.made.tags, run.runId, ctx.log)
        await removeTags(run.made.engine, run.made.tags, ctx.log)
      }
    }
  }
}

/**
 * The engine of a run, detected once (memoised in `ctx.detection`). A run that only reads images
 * (`builds: false`) probes no build path and no buildx builder (issue 7 trial B4: a builder that
 * cannot start must not stop the measurement of an existing image); that answer is memoised
 * apart, so a later build still probes its builder.
 */
export function runEngine(
  ctx: RunContext,
  builder: string | undefined,
  builds = true
): Promise<Engine> {
  if (!builds) {
    ctx.detection.readOnly ??= detectEngine({ docker: ctx.docker, builds, log: ctx.log })
    return ctx.detection.engine ?? ctx.detection.readOnly
  }
  ctx.detection.engine ??= detectEngine({ docker: ctx.docker, builder, log: ctx.log })
  return ctx.detection.engine
}

/**
 * The image of an earlier run to compare `final` with (`baseline-report`): the run's entry of this
 * image (`inputs.commentKey`, its name in a run) and platform, else `selectEntry`'s fallbacks
 * (another platform: a warning; the only entry of a run of one image).
 *
 * A run of several images with no entry that fits (an image or a platform new since that run, as a
 * pull request that adds a service brings): a warning, and undefined — this image has no baseline
 * (as `base-ref` when the base commit lacks the Dockerfile).
 */
async function baselineEntryOf(
  earlier: RunReport,
  inputs: Inputs,
  final: ImageMeasurement,
  log: Log
): Promise<ImageMeasurement | undefined> {
  const { selectEntry } = await import('./baseline/report.ts')
  const name = inputs.commentKey ?? ''
  let selected: ReturnType<typeof selectEntry>
  try {
    selected = selectEntry(earlier, name, final.platform, Input.baselineReport)
  } catch (error) {
    const increase = inputs.budgets.maxIncrease ? ' and max-increase is not checked' : ''
    log.warning(
      `${(error as Error).message} New since that run? ${name} (${final.platform}) has no baseline in this run${increase}.`
    )
    return undefined
  }
  const { entry, match } = selected
  if (match === 'platform' || (match === 'only' && entry.platform !== final.platform)) {
    log.warning(
      `${Input.baselineReport}: its image is ${entry.platform}, this one ${final.platform}; the sizes of two platforms are compared.`
    )
  } else if (match === 'only' && inputs.commentKey !== undefined) {
    log.warning(
      `${Input.baselineReport}: its one image is named "${entry.name}", this one "${name}"; compared all the same.`
    )
  }
  return entry.final
}

/**
 * Measures and judges one image (on one platform) whose inputs {@link prepareImage} checked:
 * images (plan, build, measure final and builder) → baseline → analysis → budgets → a schema-1
 * report. Tags go to `ctx.made`; the caller ({@link withRun}) removes them.
 */
export async function evaluateImage(
  inputs: Inputs,
  ctx: RunContext,
  prepared: Prepared
): Promise<Report> {
  const earlier = prepared.earlier
  const measured = await measureImages(inputs, ctx, 'latest')
  const { plan, engine, stageChoice } = measured
  // Build-argument values may be secrets: the report keeps their keys only.
  const final = redactMeasurement(measured.final, inputs.buildArgs)
  const builder = measured.builder && redactMeasurement(measured.builder, inputs.buildArgs)
  const baselineIndex: { index?: FileIndex } = {}
  const measuredBaseline = await measureBaseline(inputs, ctx, final, engine, earlier, baselineIndex)
  const baselineRead = measuredBaseline && redactMeasurement(measuredBaseline, inputs.buildArgs)
  // File changes, package changes and findings (src/analyze/); the baseline's file tree served
  // the diff and is not repeated in this report.
  const analysis = analyzeFiles({
    final,
    finalIndex: measured.finalIndex,
    baseline: baselineRead,
    baselineIndex: baselineIndex.index,
    plan,
    hasBuilderStage: (plan?.builderCandidates.length ?? 0) > 0
  })
  const baseline = baselineRead && withoutFileTree(baselineRead)
  const budgets = [
    ...evaluateBudgets(inputs.budgets, { final, builder, findings: analysis.findings }),
    ...(baseline && inputs.budgets.maxIncrease
      ? evaluateIncrease(inputs.budgets.maxIncrease, final, baseline)
      : [])
  ]
  // After the budgets: a failed max-increase is never shown as "unchanged".
  const baselineComparison = baseline
    ? compareWithBaseline(final, baseline, inputs.minChange, budgets)
    : undefined
  return {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    createdAt: new Date().toISOString(),
    build:
      plan && engine && !inputs.image
        ? {
            context: inputs.context,
            file: inputs.file,
            target: plan.target,
            engine: engine.kind,
            ...(engine.kind === 'buildx' && engine.builder
              ? {
                  builder: {
                    name: engine.builder,
                    ...(engine.builderDriver ? { driver: engine.builderDriver } : {})
                  }
                }
              : {}),
            buildArgNames: Object.keys(inputs.buildArgs)
          }
        : undefined,
    stageChoice,
    final,
    builder,
    comparison: builder ? compareWithBuilder(final, builder) : undefined,
    baseline,
    baselineComparison,
    ...(analysis.changes ? { changes: analysis.changes } : {}),
    ...(analysis.changesOmitted ? { changesOmitted: analysis.changesOmitted } : {}),
    ...(analysis.packages ? { packages: analysis.packages } : {}),
    ...(measured.finalIndex ? { findings: analysis.findings } : {}),
    budgets,
    passed: budgets.every(budget => budget.passed)
  }
}

/** A measurement without its `fileTree` (a baseline's, once diffed). */
function withoutFileTree(image: ImageMeasurement): ImageMeasurement {
  if (!image.fileTree) return image
  const copy = { ...image }
  delete copy.fileTree
  return copy
}

/**
 * Plan → build the final target → measure it → choose the builder → build and measure it.
 * `tagName` starts the tag every build gets ({@link buildTag}), so a baseline
 * build does not overwrite this run's images.
 */
async function measureImages(
  inputs: Inputs,
  ctx: RunContext,
  tagName: string,
  withBuilder = true
): Promise<Measured> {
  const { log } = ctx

  // Plan: parse the Dockerfile when we build, or when it exists to attribute layers to lines.
  const plan = await loadPlan(inputs)

  // Engine: needed for every daemon image and every build; oci:/archive sources need none.
  const finalSource = inputs.image ? parseImageSource(inputs.image, Input.image) : undefined
  const builderSource =
    withBuilder && inputs.builderImage
      ? parseImageSource(inputs.builderImage, Input.builderImage)
      : undefined
  const needsEngine =
    !finalSource ||
    finalSource.transport === 'docker-daemon' ||
    builderSource?.transport === 'docker-daemon' ||
    inputs.baseline?.kind === 'image' ||
    (!builderSource && inputs.builderTarget !== undefined)
  // Something is built unless the final image is given and no builder-target is built beside it.
  const builds = !finalSource || (!builderSource && inputs.builderTarget !== undefined)
  const engine = needsEngine ? await runEngine(ctx, inputs.builder, builds) : undefined
  // A plain reference the engine does not hold is read from its registry, without a pull.
  const finalRead = finalSource && (await resolveImageSource(finalSource, engine, Input.image, log))
  const builderRead =
    builderSource && (await resolveImageSource(builderSource, engine, Input.builderImage, log))
  const build = async (
    stage: string,
    earlier?: Built,
    buildLog = log,
    ociDest?: string
  ): Promise<Built> => {
    // loadPlan returns a plan whenever no image is given, and needsEngine holds then.
    if (!engine || !plan) throw new Error(`internal: building stage ${stage} without a plan`)
    ctx.made.engine = engine
    const name = `${tagName}${ctx.tagSuffix ?? ''}`
    const built = await buildStage(
      engine,
      plan,
      stage,
      inputs,
      name,
      buildLog,
      earlier,
      ctx.runId,
      ociDest
    )
    ctx.made.tags.push(built.tag)
    return built
  }

  // The builder stage, when the plan alone decides it, is built once the final build succeeded,
  // beside the final image's measurement (which reads the image from the engine's API, in this
  // process). Not beside the final build: a failing final build would then wait for the whole
  // builder build (a compile) before it is reported. Its log is held back and written after the
  // final image's, so their groups do not interleave.
  const earlyStage =
    withBuilder && !finalSource && plan && !builderSource
      ? builderKnownEarly(plan, inputs)
      : undefined
  let early:
    { stage: string; log: ReturnType<typeof deferredLog>; built: Promise<Built> } | undefined

  // Build the final target (unless an image was given) and measure it. A builder with a store of
  // its own also writes the final image as an OCI layout tar in the same build: read from there,
  // its compressed size is exact (the builder's own blobs) and no `docker save` is needed.
  const ociDir =
    !finalSource && !ctx.prebuilt && engine && exportsOci(engine) && inputs.compressed !== 'none'
      ? await makeTempDir('isb-oci-')
      : undefined
  let built: Built | undefined
  let final: ImageMeasurement
  let finalIndex: FileIndex | undefined
  try {
    built = finalSource
      ? undefined
      : (ctx.prebuilt ??
        (await build(plan?.target ?? '', undefined, log, ociDir && join(ociDir, 'image.tar'))))
    if (earlyStage !== undefined && built) {
      const held = deferredLog(log)
      early = { stage: earlyStage, log: held, built: build(earlyStage, built, held.log) }
      // Awaited below, or on the way out when the final image fails (so its tag is recorded
      // before the run removes its tags).
      early.built.catch(() => undefined)
    }
    const finalSourceRead: ImageSource =
      finalRead ??
      (built?.ociArchive
        ? { transport: 'oci-archive', path: built.ociArchive }
        : parseImageSource(built?.imageId ?? '', Input.image))
    final = await measureImage(finalSourceRead, {
      ref: built?.tag,
      engine,
      plan,
      stage: built ? plan?.target : undefined,
      compress: inputs.compressed !== 'none',
      platform: inputs.platform,
      waste: true,
      onFileIndex: index => (finalIndex = index),
      log
    })
    // Read from the builder's OCI export: the engine's own figure of the loaded image still goes
    // beside ours (always on the containerd store).
    if (built?.ociArchive && engine) {
      const inspected = await inspectImage(engine, built.tag)
      const engineSize = engineSizeOf(final.ref, final.size, inspected.size, engine, log)
      if (engineSize !== undefined) final = { ...final, engineSize }
    }
  } catch (error) {
    // A failed final build started no builder build; a failed measurement waits for it (its
    // tag is recorded for removal) and writes its log.
    await early?.built.catch(() => undefined)
    await early?.log.replay()
    throw error
  } finally {
    if (ociDir) await removeTempDir(ociDir)
  }
  if (!withBuilder) return { plan, engine, final, finalIndex }

  // Choose the builder: the builder-image input, else a stage of the plan.
  let stageChoice: StageChoice | undefined
  let builder: ImageMeasurement | undefined
  const builderOptions = {
    engine,
    compress: inputs.compressed === 'all',
    waste: false,
    platform: inputs.platform,
    log
  }
  if (builderSource) {
    stageChoice = plan && {
      target: plan.target,
      candidates: plan.builderCandidates,
      reason: `the builder-image input names ${inputs.builderImage}`
    }
    builder = await measureImage(builderRead ?? builderSource, builderOptions)
  } else if (plan && (!finalSource || inputs.builderTarget !== undefined)) {
    // A collector stage gathering from several stages is measured too, so the bytes the final
    // image copies through it are credited to the stages that made them.
    const collectorLayers: CollectorLayers = {}
    if (inputs.builderTarget === undefined) {
      for (const ref of collectorsToMeasure(plan)) {
        const collector = await build(ref, built)
        collectorLayers[ref] = (
          await measureImage(parseImageSource(collector.imageId, Input.builderImage), {
            ...builderOptions,
            compress: false,
            ref: collector.tag,
            plan,
            stage: ref
          })
        ).layers
      }
    }
    stageChoice = chooseBuilder(plan, final.layers, inputs.builderTarget, collectorLayers)
    if (early) {
      await early.built.catch(() => undefined)
      await early.log.replay()
    }
    if (stageChoice.builder !== undefined) {
      const builderBuilt =
        early?.stage === stageChoice.builder
          ? await early.built
          : await build(stageChoice.builder, built)
      builder = await measureImage(parseImageSource(builderBuilt.imageId, Input.builderImage), {
        ...builderOptions,
        ref: builderBuilt.tag,
        plan,
        stage: stageChoice.builder
      })
    }
  }
  return { plan, engine, final, finalIndex, builder, stageChoice }
}

/**
 * The builder stage when the plan alone decides it (so it can be built before the final image is
 * measured): the `builder-target` input, or the one stage the final stage copies from when no
 * collector stage needs measuring. Undefined otherwise (several candidates are told apart by the
 * final image's layers), or when `builder-target` is not a stage (reported later, in order).
 */
function builderKnownEarly(plan: DockerfilePlan, inputs: Inputs): string | undefined {
  try {
    if (inputs.builderTarget !== undefined) {
      return chooseBuilder(plan, undefined, inputs.builderTarget).builder
    }
  } catch {
    return undefined
  }
  if (plan.builderCandidates.length !== 1 || collectorsToMeasure(plan).length > 0) return undefined
  return plan.builderCandidates[0]
}

/**
 * The baseline the final image is compared with: another image (pulled when absent, exact
 * compressed sizes from its registry), the final image of an earlier run's report, or the pull
 * request's base commit built with the same inputs in a git worktree.
 */
async function measureBaseline(
  inputs: Inputs,
  ctx: RunContext,
  final: ImageMeasurement,
  engine: Engine | undefined,
  earlier: RunReport | undefined,
  sink: { index?: FileIndex } = {}
): Promise<ImageMeasurement | undefined> {
  const baseline = inputs.baseline
  if (!baseline) return undefined
  switch (baseline.kind) {
    case 'history': {
      // No build: the entry was measured when its commit was pushed.
      if (!ctx.historyBaseline) {
        ctx.log.warning(
          'baseline: history: this run has no size history to read (the action reads history-branch; the CLI needs --history PATH), so it has no baseline.'
        )
        return undefined
      }
      const found = await ctx.historyBaseline(final, inputs)
      if (found !== 'base-ref') return found
      const fallback: Inputs = { ...inputs, baseline: { kind: 'base-ref' } }
      return measureBaseline(fallback, ctx, final, engine, earlier, sink)
    }
    case 'report': {
      // Read and validated before the first build (prepareImage).
      const { loadRunReport } = await import('./baseline/report.ts')
      earlier ??= await loadRunReport(baseline.path, Input.baselineReport)
      const image = await baselineEntryOf(earlier, inputs, final, ctx.log)
      // Named by the report it came from (its old tag means nothing to people reading this run).
      return image && { ...image, ref: baseline.path }
    }
    case 'image':
      return measureBaselineImage(baseline.ref, {
        waste: true,
        onFileIndex: index => (sink.index = index),
        engine: engine ?? (await runEngine(ctx, inputs.builder, false)),
        platform: final.platform,
        compress: inputs.compressed !== 'none',
        log: ctx.log
      })
    case 'base-ref': {
      const eventName = ctx.event?.name
      if (!eventName || !BASE_REF_EVENTS.includes(eventName)) {
        ctx.log.warning(
          `baseline: base-ref compares a pull request with its base commit; the "${eventName ?? 'unknown'}" event has none, so this run has no baseline${inputs.budgets.maxIncrease ? ' and max-increase is not checked' : ''}.`
        )
        return undefined
      }
      const repoDir = ctx.workspace ?? process.cwd()
      let noDockerfile = false
      const baseSha = baseShaFromEvent(eventName, ctx.event?.payload)
      const measured = await buildBaseRef({
        baseSha,
        repoDir,
        log: ctx.log,
        measure: async worktree => {
          const reroot = (path: string): string => rerootPath(path, repoDir, worktree)
          if (!existsSync(reroot(inputs.file))) {
            // The pull request adds the Dockerfile: there is nothing to compare with.
            noDockerfile = true
            return final
          }
          const baseInputs: Inputs = {
            ...inputs,
            context: reroot(inputs.context),
            file: reroot(inputs.file),
            image: undefined,
            builderImage: undefined,
            baseline: undefined
          }
          // The base commit is built here, whatever built this run's final image.
          const baseCtx: RunContext = { ...ctx, prebuilt: undefined }
          const base = await measureImages(baseInputs, baseCtx, 'baseline', false)
          sink.index = base.finalIndex
          return base.final
        }
      })
      if (noDockerfile) {
        ctx.log.warning(
          `baseline: base-ref: the base commit has no ${inputs.file}, so this run has no baseline${inputs.budgets.maxIncrease ? ' and max-increase is not checked' : ''}.`
        )
        return undefined
      }
      // Named by the commit it was built from, not by this run's throw-away tag.
      return { ...measured, ref: `base commit ${baseSha}` }
    }
  }
}

/**
 * Parses the Dockerfile when this run builds (the final target, or `builder-target` beside the
 * image input), and checks before any build what the plan can already tell: `builder-target` is a
 * stage, and `max-ratio` has a builder to compare with.
 *
 * @throws Error naming the `file` input when a build needs a Dockerfile that cannot be read.
 */
export async function loadPlan(inputs: Inputs): Promise<DockerfilePlan | undefined> {
  // With the image input the Dockerfile is only needed to build builder-target.
  const needed = !inputs.image || (inputs.builderTarget !== undefined && !inputs.builderImage)
  if (!needed) return undefined
  if (!(await stat(inputs.context).catch(() => undefined))?.isDirectory()) {
    throw new Error(
      `Input ${Input.context}: "${inputs.context}" is not a directory. Set context to the build context directory.`
    )
  }
  let text: string
  try {
    text = await readFile(inputs.file, 'utf8')
  } catch (error) {
    throw new Error(
      `Input ${Input.file}: cannot read the Dockerfile "${inputs.file}" (${(error as Error).message}). Set file to the Dockerfile's path, or image to measure an existing image.`
    )
  }
  const plan = planDockerfile(text, {
    file: inputs.file,
    target: inputs.target,
    buildArgs: inputs.buildArgs
  })
  if (inputs.builderTarget !== undefined) chooseBuilder(plan, undefined, inputs.builderTarget)
  if (
    inputs.budgets.maxRatio !== undefined &&
    !inputs.builderImage &&
    inputs.builderTarget === undefined &&
    plan.builderCandidates.length === 0
  ) {
    throw new Error(
      `Input ${Input.maxRatio}: there is no builder stage to compare with: the final stage "${plan.target}" of ${inputs.file} copies from no other stage. Remove max-ratio, or set builder-target or builder-image.`
    )
  }
  return plan
}
