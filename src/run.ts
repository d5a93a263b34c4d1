/**
 * One run, many subjects (issue 10): the images of a {@link RunSpec} (the action's inputs, a config
 * file or a bake file), each measured on each of its platforms by the single-image pipeline
 * (`src/pipeline.ts`), concurrently up to the core count, into one schema-2 {@link RunReport}.
 *
 *   spec (runSpecOf) → subjects (image × platform) → checks of every subject before any build →
 *   measure and judge each (bounded pool) → one report; the tags of all builds removed at the end.
 */
import { availableParallelism } from 'node:os'
import { readFile } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { buildTag, type Built } from './build-stage.ts'
import { inspectImages } from './engine/inspect.ts'
import { parsePlatform, platformMatches, runnerPlatform } from './image/platform.ts'
import { parseImageSource } from './image/source.ts'
import type { BakeBuildTarget } from './engine/bake-build.ts'
import { BuildError, checkPlatformBuild } from './engine/build.ts'
import { Input, TOOL_NAME } from './constants.ts'
import type { InputGetter, Inputs } from './inputs.ts'
import type { ImageEntry, Report, RunFailure, RunReport } from './model.ts'
import {
  evaluateImage,
  loadPlan,
  prepareImage,
  runEngine,
  withRun,
  type PipelineContext,
  type Prepared,
  type RunContext
} from './pipeline.ts'
import { checkReportPath } from './report/json.ts'
import { runFailureOf } from './report/run-failure.ts'
import type { ConfigFile } from './spec/config-file.ts'
import { resolveConfigPath } from './spec/config-path.ts'
import { budgetsFor, runSpecFromInputs, type ImageSpec, type RunSpec } from './spec/run-spec.ts'
import { VERSION } from './version.ts'

/** One subject of a run: an image on one platform (undefined = the engine's own platform). */
export interface Subject {
  image: ImageSpec
  platform?: string
  /** The single-image pipeline's inputs for this subject ({@link inputsOfImage}). */
  inputs: Inputs
}

/** Where a run's images come from, for people (the comment key of a run of several images). */
export interface RunSource {
  spec: RunSpec
  /** The config file read, when one was. */
  configPath?: string
  /** The bake files read, when any were. */
  bakeFiles?: string[]
}

/** Build-level inputs a bake file owns: set beside `bake`, they are an error. */
const BAKE_OWNED = [
  Input.context,
  Input.file,
  Input.target,
  Input.buildArgs,
  Input.image,
  Input.platforms
] as const

/**
 * The run's spec from the front end's inputs (the Spec phase): a bake file (`bake`, `targets`;
 * budgets and baselines from the config file's image of the same name, else from the inputs),
 * else a config file (`config`, else `.github/image-size-budget.yml` under `workspace` when
 * present), else the one image the inputs describe (with `platforms`).
 *
 * @param get the raw inputs (the config and bake readers check which are set beside them).
 * @throws Error naming the input, the config file, the image and the field for anything that
 *   is not usable: a missing config file, schema errors, build inputs set beside a bake or config
 *   file, `targets` without `bake`, a bake file bake refuses; for a single image the Dockerfile
 *   when its final stage names the image and it cannot be read.
 */
export async function runSpecOf(
  inputs: Inputs,
  get: InputGetter,
  opts: { docker?: string; workspace?: string } = {}
): Promise<RunSource> {
  const configPath = resolveConfigPath(inputs.config ?? '', opts.workspace)
  // Where the images come from, for people and the comment key: relative to the workspace
  // however the file was named (issue 10 trial B6: one file, one sticky comment).
  const origin = {
    ...(configPath !== undefined ? { configPath: workspacePath(configPath, opts.workspace) } : {}),
    ...(inputs.bake.length > 0
      ? { bakeFiles: inputs.bake.map(file => workspacePath(file, opts.workspace)) }
      : {})
  }
  // Bake, the config file's YAML and schema: loaded only for a run that has them.
  if (inputs.bake.length > 0) {
    const { bakeRunImages } = await import('./spec/bake.ts')
    refuseSet(get, BAKE_OWNED, `the bake file (${inputs.bake.join(', ')}) describes the builds`)
    // With a config file too, budgets and baselines are its images' (as without bake).
    if (configPath !== undefined) {
      const { IMAGE_INPUTS } = await import('./spec/config-file.ts')
      refuseSet(get, IMAGE_INPUTS, `a config file (${configPath}) describes the images`)
    }
    const config = configPath === undefined ? undefined : await readConfig(configPath)
    const images = await bakeRunImages({
      docker: opts.docker,
      files: inputs.bake,
      targets: inputs.targets,
      get,
      ...(config ? { config } : {})
    })
    return { spec: runLevel(inputs, images), ...origin }
  }
  if (inputs.targets.length > 0) {
    throw new Error(
      `Input ${Input.targets}: names bake targets, but ${Input.bake} is not set. Set bake to the bake file, or remove targets.`
    )
  }
  if (configPath !== undefined) {
    if (inputs.platforms.length > 0) {
      throw new Error(
        `Input ${Input.platforms}: a config file (${configPath}) describes the images; set platforms in its defaults or images, not as an input.`
      )
    }
    const { loadConfigFile } = await import('./spec/config-file.ts')
    return { spec: await loadConfigFile(configPath, get), ...origin }
  }
  // The image's name is `<file>:<final stage>` unless comment-key, image or target names it.
  const plan =
    inputs.commentKey || inputs.image || inputs.target ? undefined : await loadPlan(inputs)
  const spec = runSpecFromInputs(inputs, plan?.target)
  for (const image of spec.images) image.build.platforms = [...inputs.platforms]
  return { spec }
}

/**
 * @throws Error naming the inputs of `names` that are set (`context: .`, the action's default,
 *   counts as unset): `Inputs a, b: WHY; set these in it, not as an input.`
 */
function refuseSet(get: InputGetter, names: readonly string[], why: string): void {
  const set = names.filter(name => {
    const value = get(name).trim()
    return value !== '' && !(name === Input.context && value === '.')
  })
  if (set.length === 0) return
  const several = set.length > 1
  throw new Error(
    `Input${several ? 's' : ''} ${set.join(', ')}: ${why}; set ${several ? 'these' : 'this'} in it, not as an input.`
  )
}

/**
 * `path` (as given, relative to the working directory, or absolute) relative to `workspace`
 * (default the working directory), with `/` separators; as given when it lies outside.
 */
export function workspacePath(path: string, workspace = '.'): string {
  const inside = relative(resolve(workspace), resolve(path))
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return path
  return inside.split(sep).join('/')
}

/** A config file read for its `defaults` and `images` (with a bake file: budgets and baselines). */
async function readConfig(path: string): Promise<ConfigFile> {
  const { MAX_CONFIG_BYTES, parseConfigText } = await import('./spec/config-file.ts')
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new Error(`Config file ${path}: cannot read it (${error.message}).`, { cause: error })
  })
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    throw new Error(`Config file ${path}: larger than the ${MAX_CONFIG_BYTES} bytes allowed.`)
  }
  return parseConfigText(text, path)
}

function runLevel(inputs: Inputs, images: ImageSpec[]): RunSpec {
  return {
    images,
    compressed: inputs.compressed,
    minChange: inputs.minChange,
    failOnBudget: inputs.failOnBudget,
    keepImages: inputs.keepImages
  }
}

/**
 * The sticky comment's key of a run: the `comment-key` input, else the one image's name, else the
 * config file's path or the bake files (stable across runs, so one comment is updated).
 */
export function commentKeyOfSpec(inputs: Inputs, source: RunSource): string {
  if (inputs.commentKey) return inputs.commentKey
  const [only] = source.spec.images
  if (source.spec.images.length === 1 && only) return only.name
  return source.bakeFiles?.join(',') ?? source.configPath ?? TOOL_NAME
}

/**
 * The single-image pipeline's inputs for one subject: the run's inputs (publishing, history,
 * builder, run-level settings) with the image's build, builder, budgets (its platform's, see
 * `budgetsFor`), baseline and platform. `commentKey` is the image's name (its history key).
 */
export function inputsOfImage(
  inputs: Inputs,
  image: ImageSpec,
  platform: string | undefined,
  spec?: Pick<RunSpec, 'compressed' | 'minChange' | 'failOnBudget' | 'keepImages'>
): Inputs {
  const subject: Inputs = {
    ...inputs,
    ...(spec ?? {}),
    context: image.build.context,
    file: image.build.file,
    target: image.build.target,
    buildArgs: { ...image.build.buildArgs },
    image: image.final.kind === 'image' ? image.final.ref : undefined,
    builderImage: image.builder.kind === 'image' ? image.builder.ref : undefined,
    builderTarget: image.builder.kind === 'stage' ? image.builder.stage : undefined,
    budgets: budgetsFor(image, platform),
    baseline: image.baseline,
    platform,
    commentKey: image.name,
    platforms: platform === undefined ? [] : [platform]
  }
  return subject
}

/** The subjects of a spec: each image × each of its platforms (none: one, the engine's own). */
export function subjectsOf(spec: RunSpec, inputs: Inputs): Subject[] {
  return spec.images.flatMap(image => {
    const platforms = image.build.platforms.length > 0 ? image.build.platforms : [undefined]
    return platforms.map(platform => ({
      image,
      platform,
      inputs: inputsOfImage(inputs, image, platform, spec)
    }))
  })
}

/**
 * Measures and judges every subject of `spec` and returns the run's report (entries in spec
 * order, then platform order; `passed` when every entry passed).
 *
 * Before the first build, for every subject: the report path, the Dockerfile (readable, its
 * stages), the baseline report, and (for platforms) that the engine can build them; an error
 * there stops the run before anything is built. Subjects then run concurrently, at most
 * `os.availableParallelism()` at a time. The tags of every build are removed once at the end
 * (unless `keep-images`).
 *
 * One subject: its error is thrown (a `BuildError` as it is). Several: a subject whose build or
 * measurement fails (a bake target bake names as failing, or every bake target when bake cannot
 * tell which) does not stop the others; it becomes an entry of `failures` (masked, bounded:
 * src/report/run-failure.ts) and the run does not pass. When no subject was measured and none
 * failed to build (an unreachable engine), the first error is thrown, prefixed with its image.
 *
 * @param inputs the run's inputs (publishing, history and engine settings).
 * @param concurrency subjects measured at once (default the core count).
 * @throws the first subject's Error before the first build (bad input), the one subject's Error,
 *   or, with several, an Error when none could be measured (see above).
 */
export async function evaluateRun(
  spec: RunSpec,
  inputs: Inputs,
  ctx: PipelineContext,
  concurrency = availableParallelism()
): Promise<RunReport> {
  const subjects = subjectsOf(spec, inputs)
  if (subjects.length === 0) throw new Error('The run has no image to measure.')
  if (ctx.reportPath !== undefined) await checkReportPath(ctx.reportPath)
  const several = subjects.length > 1
  const prepared: Prepared[] = []
  for (const subject of subjects) {
    prepared.push(await prepareImage(subject.inputs).catch(named(subject, several)))
  }
  // Several subjects: one that fails is recorded (by index) and the others go on (issue 10).
  const failed: unknown[] = subjects.map(() => undefined)
  const fail = several
    ? (index: number, error: unknown): void => {
        failed[index] ??= error
      }
    : undefined
  const reports = await withRun(ctx, spec.keepImages, async run => {
    const building = subjects.filter(s => s.platform !== undefined && s.inputs.image === undefined)
    // The classic builder refuses every platform; the message names one not the runner's own
    // (the one that needs BuildKit most visibly), else the first.
    const foreign = building.find(s => !isRunnerPlatform(s.platform as string)) ?? building[0]
    if (foreign) checkPlatformBuild(await runEngine(run, inputs.builder), foreign.platform)
    // Existing images: in the engine, of the platform asked, before anything is built.
    await checkExistingImages(subjects, run, inputs.builder, several)
    const tagSuffix = (subject: Subject): string =>
      spec.images.length > 1 ? `-${tagPart(subject.image.name)}` : ''
    // Bake targets: every final image in one `docker buildx bake` (parallel, one shared cache).
    const baked = await bakeFinals(subjects, prepared, run, inputs.builder, tagSuffix, fail)
    return mapBounded(subjects, concurrency, async (subject, index) => {
      if (failed[index] !== undefined) return undefined
      const measuring = evaluateImage(
        subject.inputs,
        { ...run, tagSuffix: tagSuffix(subject), prebuilt: baked[index] },
        prepared[index] as Prepared
      )
      if (!fail) return measuring.catch(named(subject, several))
      return measuring.catch((error: unknown) => {
        fail(index, error)
        return undefined
      })
    })
  })
  const images: ImageEntry[] = []
  reports.forEach((report, index) => {
    if (report) images.push(entryOf(report, subjects[index] as Subject))
  })
  const errors = failed.filter(error => error !== undefined)
  // Nothing measured and no build failed (an unreachable engine, a registry down): an error of
  // the run, not of its images, as before.
  if (images.length === 0 && !errors.some(error => error instanceof BuildError)) {
    const index = failed.findIndex(error => error !== undefined)
    named(subjects[index] as Subject, several)(failed[index])
  }
  const failures = failuresOf(subjects, failed, images, ctx.workspace)
  return {
    schemaVersion: 2,
    tool: { name: TOOL_NAME, version: VERSION },
    createdAt: new Date().toISOString(),
    images,
    ...(failures.length > 0 ? { failures } : {}),
    passed: failures.length === 0 && images.every(entry => entry.passed)
  }
}

/** True when `platform` (`os/arch[/variant]`) is the runner's own (what its engine builds natively). */
function isRunnerPlatform(platform: string): boolean {
  try {
    return platformMatches(parsePlatform(platform), runnerPlatform())
  } catch {
    return false
  }
}

/**
 * Checks the existing images of a run (`image`, `builder-image`) that the local engine holds, in
 * one `docker image inspect` before the first build (issue 10 trial B8): an `image` of another
 * platform than its subject's. An image the engine does not hold is read from its registry later
 * (`resolveImageSource`), so it is not refused here; an image ID or a transport reference
 * (`oci:`, `docker-daemon:` …) is left to the pipeline.
 *
 * @throws Error naming the image (and platform), the field and the reference.
 */
async function checkExistingImages(
  subjects: readonly Subject[],
  run: RunContext,
  builder: string | undefined,
  several: boolean
): Promise<void> {
  const plain = (value: string | undefined): string | undefined => {
    if (value === undefined) return undefined
    const source = parseImageSource(value, Input.image)
    if (source.transport !== 'docker-daemon' || source.explicit) return undefined
    return /^(sha256:)?[0-9a-f]{12,64}$/.test(source.ref) ? undefined : source.ref
  }
  const checks = subjects.flatMap(subject => {
    const ref = plain(subject.inputs.image)
    return ref === undefined ? [] : [{ subject, ref }]
  })
  if (checks.length === 0) return
  // Memoised when the run builds too (one detection); a run that only reads probes no builder.
  const engine = await runEngine(
    run,
    builder,
    subjects.some(subject => subject.inputs.image === undefined)
  )
  const found = await inspectImages(
    engine,
    checks.map(check => check.ref)
  )
  checks.forEach(({ subject, ref }, index) => {
    const image = found[index]
    if (!image || subject.platform === undefined) return
    if (platformMatches(parsePlatform(subject.platform), parsePlatform(image.platform))) return
    named(
      subject,
      several
    )(
      new Error(
        `${Input.image}: ${ref} in the local engine is ${image.platform}, not ${subject.platform}. Set platforms to ${image.platform} for this image, or give an image of ${subject.platform} (a tag or digest of that platform).`
      )
    )
  })
}

/**
 * The failure entries of a run's failed subjects, in subject order: the platform asked for, else
 * the one platform every measured entry has, else `default` (the engine's own); the Dockerfile
 * path relative to `workspace` when inside it.
 */
function failuresOf(
  subjects: readonly Subject[],
  failed: readonly unknown[],
  images: readonly ImageEntry[],
  workspace: string | undefined
): RunFailure[] {
  const platforms = new Set(images.map(entry => entry.platform))
  const [shared] = platforms
  const root = workspace ?? process.cwd()
  const displayPath = (file: string): string => {
    const path = relative(root, resolve(file))
    return path.startsWith('..') || isAbsolute(path) ? file : path
  }
  return subjects.flatMap((subject, index) => {
    const error = failed[index]
    if (error === undefined) return []
    const platform = subject.platform ?? (platforms.size === 1 ? shared : undefined) ?? 'default'
    return [
      runFailureOf(
        error,
        { name: subject.image.name, platform, buildArgs: subject.inputs.buildArgs },
        displayPath
      )
    ]
  })
}

/**
 * Builds the final image of every bake subject (`image.build.bake`) in ONE `docker buildx bake`
 * run (`src/engine/bake-build.ts`: each subject a target inheriting its bake target, with this
 * run's tag and its platform) and returns what each subject built, by subject index (undefined
 * for subjects built or read otherwise). The tags go to `run.made` before the build, so a failed
 * bake leaves none behind.
 *
 * @throws Error when the engine does not build with buildx; `BakeBuildError` when bake fails.
 */
async function bakeFinals(
  subjects: readonly Subject[],
  prepared: readonly Prepared[],
  run: RunContext,
  builder: string | undefined,
  tagSuffix: (subject: Subject) => string,
  fail?: (index: number, error: unknown) => void
): Promise<(Built | undefined)[]> {
  const baked = subjects.flatMap((subject, index) => {
    const bake = subject.image.build.bake
    return bake && subject.inputs.image === undefined ? [{ subject, bake, index }] : []
  })
  const [first] = baked
  if (!first) return []
  const engine = await runEngine(run, builder)
  const targets: BakeBuildTarget[] = baked.map(({ subject, bake, index }) => ({
    name: bake.target,
    tag: buildTag(
      prepared[index]?.plan?.target ?? bake.target,
      `latest${tagSuffix(subject)}`,
      subject.inputs.file,
      run.runId,
      subject.platform
    ),
    ...(subject.platform !== undefined ? { platform: subject.platform } : {})
  }))
  run.made.engine = engine
  run.made.tags.push(...targets.map(target => target.tag))
  const mask = Object.assign({}, ...baked.map(({ subject }) => subject.inputs.buildArgs))
  const { bakeBuild, BakeBuildError } = await import('./engine/bake-build.ts')
  const out: (Built | undefined)[] = subjects.map(() => undefined)
  // With `fail`: a failed target is recorded and bake runs again without it (the others' steps
  // come from its cache), until the rest builds; a failure bake cannot pin fails them all.
  let left = baked.map(({ index }, i) => ({ index, target: targets[i] as BakeBuildTarget }))
  while (left.length > 0) {
    try {
      const { built } = await bakeBuild(engine, {
        files: first.bake.files,
        targets: left.map(l => l.target),
        mask,
        log: run.log
      })
      left.forEach(({ index }, i) => {
        const made = built[i]
        if (made) out[index] = { tag: made.tag, imageId: made.imageId, stageImages: {} }
      })
      return out
    } catch (error) {
      if (!fail || !(error instanceof BakeBuildError)) throw error
      const tag = error.request?.tag
      const culprit = left.find(l => tag !== undefined && l.target.tag === tag)
      for (const l of culprit ? [culprit] : left) fail(l.index, error)
      left = culprit ? left.filter(l => l !== culprit) : []
    }
  }
  return out
}

/** A subject's schema-1 report as an entry of the run (named, its platform the measured one). */
function entryOf(report: Report, subject: Subject): ImageEntry {
  const { schemaVersion: _v, tool: _t, createdAt: _c, ...result } = report
  return { name: subject.image.name, platform: report.final.platform, ...result }
}

/**
 * In a run of several subjects, prefixes an error's message with the image (and platform) it came
 * from, keeping its class (a `BuildError` stays one). One subject: the error as it is.
 */
function named(subject: Subject, several: boolean): (error: unknown) => never {
  return error => {
    if (several && error instanceof Error) {
      const platform = subject.platform ? ` (${subject.platform})` : ''
      error.message = `Image ${subject.image.name}${platform}: ${error.message}`
    }
    throw error
  }
}

/** An image name as a tag part: letters, digits, `_.-`. */
function tagPart(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40)
}

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, results in item order. After a
 * rejection no new call starts; the calls in flight are awaited, then the first error is thrown
 * (so nothing a subject does outlives the run's clean-up).
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results: R[] = []
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index] as T, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  const workers = Math.max(1, Math.min(limit, items.length))
  await Promise.all(Array.from({ length: workers }, worker))
  if (failure !== undefined) throw failure.error
  return results
}
