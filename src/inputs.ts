/**
 * Inputs → a typed, validated {@link Inputs}. Pure: the action passes `core.getInput`, the CLI
 * passes its parsed options, tests pass a table.
 */
import { join, resolve, sep } from 'node:path'
import { Input } from './constants.ts'
import { parseIncrease, type IncreaseLimit } from './baseline/compare.ts'
import { parseImageSource } from './image/source.ts'
import { parsePlatforms } from './spec/run-spec.ts'
import { parseRatio, parseSize } from './units.ts'
import { parseDriftSince } from './history/trend.ts'

/** What `compressed` selects for compressed-size measurement. */
export type CompressedMode = 'final' | 'all' | 'none'

/** Budget limits; each absent when its input is empty. Sizes in bytes, ratios as fractions. */
export interface Budgets {
  maxSize?: number
  maxCompressedSize?: number
  /** final / builder uncompressed size, in (0, 1]. */
  maxRatio?: number
  maxLayers?: number
  maxWastedSize?: number
  /** dive's efficiency score, in (0, 1]. */
  minEfficiency?: number
  /** Bytes the findings' fixes would save (src/analyze/findings.ts), summed. */
  maxFindingsSize?: number
  /** Growth over the baseline: bytes, or a fraction of the baseline. */
  maxIncrease?: IncreaseLimit
}

/** Where the baseline comes from; undefined = no baseline. */
export type BaselineInput =
  | { kind: 'image'; ref: string }
  | { kind: 'report'; path: string }
  | { kind: 'base-ref' }
  | { kind: 'history' }

/** The size history (`src/history/`): where it lives, when it is written, what it shows. */
export interface HistoryInputs {
  /** The branch holding the history (input `history-branch`). */
  branch: string
  /** Entries kept per image (input `history-limit`, default 500). */
  limit: number
  /** `auto`: record on pushes to the default branch and on tags (`refs/tags/*`). */
  record: 'auto' | 'true' | 'false'
  /** Also write `index.html` charting every image's history. */
  page: boolean
  /** `auto`: show the trend when the history is read anyway (`baseline: history`, `drift-since`). */
  trend: 'auto' | 'true' | 'false'
  /** `baseline: history` without an entry: `none` warns, `base-ref` builds the base commit. */
  fallback: 'none' | 'base-ref'
  /** A tag, a date (YYYY-MM-DD) or a commit to show the change since. */
  driftSince?: string
}

export interface Inputs {
  /** Build context directory. */
  context: string
  /** Dockerfile path (default `<context>/Dockerfile`). */
  file: string
  /** Final stage; undefined = the last stage. */
  target?: string
  /** Builder stage override; undefined = auto-detect. */
  builderTarget?: string
  buildArgs: Record<string, string>
  /** Measure this image instead of building the final stage. */
  image?: string
  /** Measure this image as the builder. */
  builderImage?: string
  /**
   * The buildx builder to build with (`docker buildx build --builder`); undefined = buildx's
   * current builder (`BUILDX_BUILDER`, else `docker buildx use`).
   */
  builder?: string
  /**
   * The one platform this subject is built and measured for, normalised `os/arch[/variant]`
   * (`linux/arm64`): builds pass `--platform`, reads pick that platform of an index and refuse
   * an image of another. Undefined = the engine's default platform (today's single-image run).
   * Set by the run loop per subject (issue 10), never parsed from an input here.
   */
  platform?: string
  budgets: Budgets
  failOnBudget: boolean
  compressed: CompressedMode
  /** Where the JSON report is written (read, in `mode: comment`); undefined = a default. */
  report?: string
  baseline?: BaselineInput
  /** Changes smaller than this many bytes show as unchanged (default 1 kB). */
  minChange: number
  /** `auto`: comment on pull_request and pull_request_target events. */
  comment: 'auto' | 'true' | 'false'
  /** Key of the sticky comment; undefined = `<file>:<target>`. */
  commentKey?: string
  githubToken?: string
  /**
   * `measure` builds and measures; `comment` posts a report measured elsewhere; `aggregate` merges
   * the reports of several jobs (`reports`) into one run, one summary and one comment.
   */
  mode: 'measure' | 'comment' | 'aggregate'
  /**
   * `reports` (`mode: aggregate`): the report files to merge, as `@actions/glob` patterns, one per
   * line (a plain path is a pattern that matches itself).
   */
  reports?: string
  /**
   * Keep the tags this run gives its builds (final, builder, base-ref baseline). Default false:
   * they are removed when the run ends (`docker image rm --no-prune`, so cached layers stay).
   */
  keepImages: boolean
  /**
   * `annotations`: a warning annotation on the Dockerfile line of each finding (default true;
   * undefined reads as true). Budget breaches are annotated either way.
   */
  annotations?: boolean
  history: HistoryInputs
  /**
   * `config`: the config file describing the images (issue 10); undefined = the default
   * `.github/image-size-budget.yml` when present (`src/spec/config-file.ts`).
   */
  config?: string
  /** `bake`: bake files (HCL, JSON, compose) whose targets are the images; empty = none. */
  bake: string[]
  /** `targets`: the bake targets to measure; empty = the bake file's `default` group. */
  targets: string[]
  /**
   * `platforms`: the platforms to build and measure the image for, normalised `os/arch[/variant]`;
   * empty = the engine's own platform.
   */
  platforms: string[]
}

/** Reads one input by its action name; returns `''` when unset. */
export type InputGetter = (name: string) => string

/**
 * Parses and validates every input.
 *
 * @throws Error naming the input and the accepted forms for any malformed value (sizes, ratios,
 *   counts, booleans, `compressed`, `build-args` lines).
 */
export function parseInputs(get: InputGetter): Inputs {
  return checkCombinations(readInputs(get))
}

function readInputs(get: InputGetter): Inputs {
  const value = (name: string): string | undefined => {
    const text = get(name).trim()
    return text === '' ? undefined : text
  }
  const context = value(Input.context) ?? '.'
  const file = value(Input.file) ?? join(context, 'Dockerfile')
  return {
    context,
    file,
    target: value(Input.target),
    builderTarget: value(Input.builderTarget),
    buildArgs: parseBuildArgs(get(Input.buildArgs)),
    image: value(Input.image),
    builderImage: value(Input.builderImage),
    builder: value(Input.builder),
    budgets: {
      maxSize: optional(value(Input.maxSize), v => parseSize(v, Input.maxSize)),
      maxCompressedSize: optional(value(Input.maxCompressedSize), v =>
        parseSize(v, Input.maxCompressedSize)
      ),
      maxRatio: optional(value(Input.maxRatio), v => parseRatio(v, Input.maxRatio)),
      maxLayers: optional(value(Input.maxLayers), v => parseCount(v, Input.maxLayers)),
      maxWastedSize: optional(value(Input.maxWastedSize), v => parseSize(v, Input.maxWastedSize)),
      minEfficiency: optional(value(Input.minEfficiency), v => parseRatio(v, Input.minEfficiency)),
      maxFindingsSize: optional(value(Input.maxFindingsSize), v =>
        parseSize(v, Input.maxFindingsSize)
      ),
      maxIncrease: optional(value(Input.maxIncrease), v => parseIncrease(v, Input.maxIncrease))
    },
    failOnBudget: parseBoolean(value(Input.failOnBudget) ?? 'true', Input.failOnBudget),
    compressed: parseChoice(value(Input.compressed) ?? 'final', Input.compressed, [
      'final',
      'all',
      'none'
    ] as const),
    report: value(Input.report),
    baseline: parseBaseline(
      value(Input.baseline),
      value(Input.baselineImage),
      value(Input.baselineReport)
    ),
    minChange: parseSize(value(Input.minChange) ?? '1kB', Input.minChange),
    comment: parseChoice(value(Input.comment) ?? 'auto', Input.comment, [
      'auto',
      'true',
      'false'
    ] as const),
    commentKey: optional(value(Input.commentKey), parseCommentKey),
    githubToken: value(Input.githubToken),
    mode: parseChoice(value(Input.mode) ?? 'measure', Input.mode, [
      'measure',
      'comment',
      'aggregate'
    ] as const),
    reports: value(Input.reports),
    keepImages: parseBoolean(value(Input.keepImages) ?? 'false', Input.keepImages),
    annotations: parseBoolean(value(Input.annotations) ?? 'true', Input.annotations),
    history: {
      branch: parseBranchName(value(Input.historyBranch) ?? 'image-size-history'),
      limit: parsePositive(value(Input.historyLimit) ?? '500', Input.historyLimit),
      record: parseChoice(value(Input.historyRecord) ?? 'false', Input.historyRecord, [
        'auto',
        'true',
        'false'
      ] as const),
      page: parseBoolean(value(Input.historyPage) ?? 'false', Input.historyPage),
      trend: parseChoice(value(Input.historyTrend) ?? 'auto', Input.historyTrend, [
        'auto',
        'true',
        'false'
      ] as const),
      fallback: parseChoice(value(Input.historyFallback) ?? 'none', Input.historyFallback, [
        'none',
        'base-ref'
      ] as const),
      driftSince: optional(value(Input.driftSince), checkDriftSince)
    },
    config: value(Input.config),
    bake: listOf(get(Input.bake)),
    targets: listOf(get(Input.targets)),
    platforms: parsePlatforms(get(Input.platforms), Input.platforms)
  }
}

/**
 * One baseline source at most: `baseline: base-ref`, `baseline-image` or `baseline-report`.
 *
 * @throws Error naming the inputs when more than one is set, or `baseline` is not `base-ref`.
 */
function parseBaseline(
  mode: string | undefined,
  image: string | undefined,
  report: string | undefined
): BaselineInput | undefined {
  const set = [
    mode && Input.baseline,
    image && Input.baselineImage,
    report && Input.baselineReport
  ].filter(Boolean)
  if (set.length > 1) {
    throw new Error(`Inputs ${set.join(', ')}: set one baseline source, not several.`)
  }
  if (mode !== undefined) {
    return { kind: parseChoice(mode, Input.baseline, ['base-ref', 'history'] as const) }
  }
  if (image !== undefined) return { kind: 'image', ref: image }
  if (report !== undefined) return { kind: 'report', path: report }
  return undefined
}

/**
 * Checks what the inputs alone can tell before anything is built (file checks come at the start
 * of the pipeline, still before the first build).
 *
 * @throws Error naming the input: `max-compressed-size` when compressed is none; in `measure`
 *   mode, a malformed `image`, `builder-image` or `baseline-image` reference (see
 *   `parseImageSource`), `max-increase` without a baseline source, `max-ratio` with `image` but nothing to
 *   take a builder from (`builder-image` or `builder-target`); a `report` or `baseline-report`
 *   path under /proc, /sys or /dev.
 */
function checkCombinations(inputs: Inputs): Inputs {
  if (inputs.budgets.maxCompressedSize !== undefined && inputs.compressed === 'none') {
    throw new Error(
      `Input ${Input.maxCompressedSize}: needs a compressed size, but compressed is none. Set compressed to final or all.`
    )
  }
  if (inputs.report !== undefined) checkNotSpecialPath(inputs.report, Input.report)
  // buildx's own rule for builder names (docker/buildx `store/util.go` `ValidateName`).
  if (inputs.builder !== undefined && !/^[a-zA-Z][a-zA-Z0-9._-]*$/.test(inputs.builder)) {
    throw new Error(
      `Input ${Input.builder}: "${inputs.builder}" is not a buildx builder name (a letter, then letters, digits, ".", "_" or "-"); see docker buildx ls.`
    )
  }
  if (inputs.baseline?.kind === 'report') {
    checkNotSpecialPath(inputs.baseline.path, Input.baselineReport)
  }
  if (inputs.mode !== 'measure') return inputs
  // Image references are read now, not when (after the builds) they are measured.
  if (inputs.image !== undefined) parseImageSource(inputs.image, Input.image)
  if (inputs.builderImage !== undefined) parseImageSource(inputs.builderImage, Input.builderImage)
  if (inputs.baseline?.kind === 'image') {
    parseImageSource(inputs.baseline.ref, Input.baselineImage)
  }
  if (inputs.budgets.maxIncrease !== undefined && !inputs.baseline) {
    throw new Error(
      `Input ${Input.maxIncrease}: there is no baseline to compare with. Set baseline: base-ref or history, ${Input.baselineImage} or ${Input.baselineReport}.`
    )
  }
  if (
    inputs.budgets.maxRatio !== undefined &&
    inputs.image !== undefined &&
    inputs.builderImage === undefined &&
    inputs.builderTarget === undefined
  ) {
    throw new Error(
      `Input ${Input.maxRatio}: there is no builder to compare with: ${Input.image} is measured as it is, so no stage of a Dockerfile is taken as the builder. Set ${Input.builderImage}, or ${Input.builderTarget} (a stage of ${Input.file}), or remove ${Input.maxRatio}.`
    )
  }
  return inputs
}

/** Kernel and device file systems: a report there is never a file we mean (reads can block). */
export const SPECIAL_ROOTS: readonly string[] = ['/proc', '/sys', '/dev']

/**
 * True when the absolute `path` is one of {@link SPECIAL_ROOTS} or lies under one. Pure: the
 * caller resolves symbolic links first where it can.
 */
export function isUnderSpecialRoot(path: string): boolean {
  return SPECIAL_ROOTS.some(root => path === root || path.startsWith(root + sep))
}

/** @throws Error naming the input when `path` (resolved against the cwd) is under /proc, /sys or /dev. */
function checkNotSpecialPath(path: string, inputName: string): void {
  if (isUnderSpecialRoot(resolve(path))) {
    throw new Error(
      `Input ${inputName}: "${path}" is under ${SPECIAL_ROOTS.join(', ')}: expected the path of a regular file, e.g. report.json.`
    )
  }
}

/** A list input: items separated by commas or newlines, trimmed, empty items dropped. */
function listOf(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map(item => item.trim())
    .filter(item => item !== '')
}

function optional<T>(text: string | undefined, parse: (text: string) => T): T | undefined {
  return text === undefined ? undefined : parse(text)
}

/**
 * Parses `build-args`: one `KEY=VALUE` per line; blank lines and lines starting with `#` are
 * skipped; the value may contain `=` and may be empty (`KEY=`).
 *
 * @throws Error naming `build-args` and the line number (never its text: values may be secrets)
 *   when a line has no `=` or no valid key.
 */
export function parseBuildArgs(text: string): Record<string, string> {
  const args: Record<string, string> = {}
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    const key = eq > 0 ? line.slice(0, eq).trim() : ''
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      // The line is not quoted: without a valid KEY= it may be a value (a secret) on its own.
      throw new Error(
        `Input ${Input.buildArgs}: line ${index + 1} is not KEY=VALUE (one build argument per line, e.g. GO_VERSION=1.22; a KEY is letters, digits and _, not starting with a digit).`
      )
    }
    args[key] = line.slice(eq + 1)
  }
  return args
}

/**
 * Parses `history-branch`: a branch name, `refs/heads/` stripped (`refs/heads/sizes` → `sizes`),
 * that git (`git check-ref-format --branch`) and GitHub accept, within a safe subset: letters,
 * digits and `._/-`; no `..`, `//`, component starting with `.` or ending with `.lock`; no
 * leading `-` or `/`, no trailing `/` or `.`; not `HEAD`, not another `refs/` path (a tag).
 * Whether it is the default branch is checked where that is known (the action's event).
 *
 * @throws Error naming the input otherwise.
 */
export function parseBranchName(value: string): string {
  const name = value.trim().replace(/^refs\/heads\//, '')
  if (
    !/^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/.test(name) ||
    name.includes('..') ||
    name.includes('//') ||
    name.includes('/.') ||
    /\.lock(?:\/|$)/.test(name) ||
    name.endsWith('/') ||
    name.endsWith('.') ||
    name === 'HEAD' ||
    name.startsWith('refs/')
  ) {
    throw new Error(
      `Input ${Input.historyBranch}: ${JSON.stringify(value)} is not a branch name. Expected letters, digits and ._/- (e.g. image-size-history; refs/heads/ may be left out).`
    )
  }
  return name
}

/**
 * Parses `comment-key`: any text but control characters (a line break would split log lines, and
 * a key starting a line with `::` would be read by the runner as a workflow command).
 *
 * @throws Error naming the input when the key holds a control character.
 */
export function parseCommentKey(value: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
    throw new Error(
      `Input ${Input.commentKey}: ${JSON.stringify(value)} holds a control character (a line break, a tab); use one line of text, e.g. Dockerfile:app.`
    )
  }
  return value
}

/** `drift-since` checked for its syntax now (`parseDriftSince`), before anything is built. */
function checkDriftSince(value: string): string {
  parseDriftSince(value)
  return value
}

/**
 * Parses a positive whole number (`history-limit`).
 *
 * @throws Error naming the input for anything but digits, or 0.
 */
export function parsePositive(value: string, inputName: string): number {
  const count = parseCount(value, inputName)
  if (count < 1 || !Number.isSafeInteger(count)) {
    throw new Error(
      `Input ${inputName}: "${value}" must be a whole number of at least 1, e.g. 500.`
    )
  }
  return count
}

/**
 * Parses a non-negative integer count (`max-layers`).
 *
 * @throws Error naming the input for anything but digits.
 */
export function parseCount(value: string, inputName: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new Error(
      `Input ${inputName}: "${value}" is not a count. Expected a whole number, e.g. 20.`
    )
  }
  return Number(value.trim())
}

/**
 * Parses a boolean the way `core.getBooleanInput` does (YAML 1.2 core schema).
 *
 * @throws Error naming the input when the value is not true/True/TRUE/false/False/FALSE.
 */
export function parseBoolean(value: string, inputName: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new Error(`Input ${inputName}: "${value}" is not a boolean. Expected true or false.`)
}

/** @throws Error naming the input and the allowed values when `value` is not one of them. */
export function parseChoice<T extends string>(
  value: string,
  inputName: string,
  allowed: readonly T[]
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new Error(
    `Input ${inputName}: "${value}" is not allowed. Expected one of: ${allowed.join(', ')}.`
  )
}
