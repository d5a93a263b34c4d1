/**
 * The Spec phase's result: what one run measures and judges, whatever front end described it
 * (the action's inputs, a config file, a bake file). Pure data and pure functions: no I/O.
 *
 * A run has one or more images; each image is measured once per platform (a subject). Publishing
 * settings (report path, comment, token, history) are not part of the spec: they stay with the
 * front end's `Inputs`, and secrets (the token) never enter it.
 */
import type { BaselineInput, Budgets, CompressedMode, Inputs } from '../inputs.ts'
import { formatPlatform, parsePlatform } from '../image/platform.ts'
import { imageRepository } from '../publish/pull-request.ts'

/** Budget limits of one image (today's `Budgets`: bytes, fractions, counts; absent = no budget). */
export type BudgetLimits = Budgets

/** Where an image's baseline comes from (today's `BaselineInput`). */
export type BaselineSpec = BaselineInput

/** How to build an image from a Dockerfile. Paths are as written, relative to the working directory. */
export interface BuildSpec {
  /** Build context directory. */
  context: string
  /** Dockerfile path (relative to the working directory, not to the context). */
  file: string
  /** Final stage; undefined = the last stage. */
  target?: string
  /** Build arguments (values may be secrets: reports keep the keys only). */
  buildArgs: Record<string, string>
  /**
   * Platforms to build and measure, `os/arch[/variant]` normalised by `formatPlatform`; empty =
   * the engine's default platform (today's single-image behaviour).
   */
  platforms: string[]
  /** Tags the definition gives the image (bake `tags`); empty when none. Informational. */
  tags: string[]
  /**
   * Set when the image comes from a bake file: the build runs `docker buildx bake -f FILE… TARGET`
   * so everything bake knows (cache, secrets, named contexts) applies; the fields above are what
   * `bake --print` resolved, used to plan (parse the Dockerfile, choose the builder stage).
   */
  bake?: { files: string[]; target: string }
}

/** What is measured as the final image: a build of {@link BuildSpec}, or an existing image. */
export type FinalSpec = { kind: 'build' } | { kind: 'image'; ref: string }

/**
 * The builder to compare with: chosen from the Dockerfile's stages (`auto`), a named stage
 * (`builder-target`), an existing image (`builder-image`), or none (an existing final image and
 * neither of the two inputs).
 */
export type BuilderSpec =
  | { kind: 'auto' }
  | { kind: 'stage'; stage: string }
  | { kind: 'image'; ref: string }
  | { kind: 'none' }

/** One image of a run. */
export interface ImageSpec {
  /**
   * The image's key everywhere (report entry, summary row, history, PR comment): the config
   * file's `name`, the bake target, or for a single-image run its comment key.
   */
  name: string
  final: FinalSpec
  /**
   * The Dockerfile side. Always present: with `final.kind === 'image'` it is read to attribute
   * layers to lines (when the file exists) and to build `builder-target`.
   */
  build: BuildSpec
  builder: BuilderSpec
  /** Budgets of every platform of this image. */
  budgets: BudgetLimits
  /** Per-platform budgets (platform → limits), each over {@link budgets}; see {@link budgetsFor}. */
  platformBudgets: Record<string, BudgetLimits>
  baseline?: BaselineSpec
}

/** One run: the images, and the settings that hold for all of them. */
export interface RunSpec {
  images: ImageSpec[]
  /** Which images get a compressed size (input `compressed`). */
  compressed: CompressedMode
  /** Changes smaller than this many bytes show as unchanged (input `min-change`). */
  minChange: number
  /** A failed budget fails the run (input `fail-on-budget`). */
  failOnBudget: boolean
  /** Keep the tags the run's builds get (input `keep-images`). */
  keepImages: boolean
}

/**
 * The one-image spec of today's action inputs (no config file, no bake file): every field the
 * single-image pipeline reads from `Inputs` to build, measure and judge.
 *
 * @param finalStage the Dockerfile plan's final stage ref (`planDockerfile(...).target`); needed
 *   for the name only when neither `comment-key`, `image` nor `target` is set.
 * @throws Error (internal) when the name needs `finalStage` and it is missing.
 */
export function runSpecFromInputs(inputs: Inputs, finalStage?: string): RunSpec {
  return {
    images: [imageSpecFromInputs(singleImageName(inputs, finalStage), inputs)],
    compressed: inputs.compressed,
    minChange: inputs.minChange,
    failOnBudget: inputs.failOnBudget,
    keepImages: inputs.keepImages
  }
}

/**
 * The image-level fields of `inputs` as an {@link ImageSpec} named `name` (the config file and
 * the bake file parse each image's values into an `Inputs` the same way, then come here).
 *
 * @param platforms the image's platforms (normalised); `Inputs` has no `platforms` yet.
 * @param platformBudgets per-platform budgets over `inputs.budgets`.
 */
export function imageSpecFromInputs(
  name: string,
  inputs: Inputs,
  extra: {
    platforms?: string[]
    platformBudgets?: Record<string, BudgetLimits>
    tags?: string[]
    bake?: BuildSpec['bake']
  } = {}
): ImageSpec {
  const build: BuildSpec = {
    context: inputs.context,
    file: inputs.file,
    target: inputs.target,
    buildArgs: { ...inputs.buildArgs },
    platforms: extra.platforms ?? [],
    tags: extra.tags ?? []
  }
  if (extra.bake) build.bake = extra.bake
  const spec: ImageSpec = {
    name,
    final: inputs.image === undefined ? { kind: 'build' } : { kind: 'image', ref: inputs.image },
    build,
    builder:
      inputs.builderImage !== undefined
        ? { kind: 'image', ref: inputs.builderImage }
        : inputs.builderTarget !== undefined
          ? { kind: 'stage', stage: inputs.builderTarget }
          : inputs.image !== undefined
            ? { kind: 'none' }
            : { kind: 'auto' },
    budgets: { ...inputs.budgets },
    platformBudgets: extra.platformBudgets ?? {}
  }
  if (inputs.baseline) spec.baseline = inputs.baseline
  return spec
}

/**
 * A single-image run's name: the comment key `commentKeyOf` (`src/publish/pull-request.ts`) gives
 * its report, computed from the inputs: `comment-key`, else for an existing `image` its
 * repository (tag and digest dropped), else `<file>:<final stage ref>`. The stage ref is the
 * plan's (`target` lower-cased, as stage names are matched in any case).
 *
 * @throws Error (internal) when the name needs `finalStage` (no `target`) and it is missing.
 */
export function singleImageName(inputs: Inputs, finalStage?: string): string {
  if (inputs.commentKey) return inputs.commentKey
  if (inputs.image !== undefined) return imageRepository(inputs.image)
  const stage = finalStage ?? inputs.target?.toLowerCase()
  if (stage === undefined) {
    throw new Error(
      `internal: the image's name is <file>:<final stage>, and ${inputs.file} has no target set: pass the plan's final stage`
    )
  }
  return `${inputs.file}:${stage}`
}

/**
 * The budgets of one subject: the image's budgets with its per-platform budgets on top (a limit
 * set for the platform replaces the image's; others are kept).
 *
 * @param platform `os/arch[/variant]`; undefined (the engine's default platform) = the image's.
 */
export function budgetsFor(image: ImageSpec, platform: string | undefined): BudgetLimits {
  const own = platform === undefined ? undefined : image.platformBudgets[platform]
  if (!own) return { ...image.budgets }
  const merged: BudgetLimits = { ...image.budgets }
  for (const [key, value] of Object.entries(own) as [keyof BudgetLimits, unknown][]) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value
  }
  return merged
}

/**
 * Parses a platform list: a comma- or newline-separated string (`linux/amd64,linux/arm64`, as
 * the action input and `docker buildx build --platform` take it) or a list. Each is normalised
 * (`formatPlatform(parsePlatform(p))`); duplicates are dropped, order kept.
 *
 * @throws Error naming `inputName` and the value when a platform is not `os/arch[/variant]`.
 */
export function parsePlatforms(value: string | readonly string[], inputName: string): string[] {
  const items = typeof value === 'string' ? value.split(/[,\n]/) : value
  const out: string[] = []
  for (const item of items) {
    if (item.trim() === '') continue
    let platform: string
    try {
      platform = formatPlatform(parsePlatform(item))
    } catch {
      throw new Error(
        `Input ${inputName}: "${item.trim()}" is not a platform. Expected OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm64/v8.`
      )
    }
    if (!out.includes(platform)) out.push(platform)
  }
  return out
}
