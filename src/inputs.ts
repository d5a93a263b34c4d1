/**
 * Inputs → a typed, validated {@link Inputs}. Pure: the action passes `core.getInput`, the CLI
 * passes its parsed options, tests pass a table.
 */
import { join } from 'node:path'
import { Input } from './constants.ts'
import { parseIncrease, type IncreaseLimit } from './baseline/compare.ts'
import { parseRatio, parseSize } from './units.ts'

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
  /** Growth over the baseline: bytes, or a fraction of the baseline. */
  maxIncrease?: IncreaseLimit
}

/** Where the baseline comes from; undefined = no baseline. */
export type BaselineInput =
  { kind: 'image'; ref: string } | { kind: 'report'; path: string } | { kind: 'base-ref' }

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
  /** `measure` builds and measures; `comment` posts a report measured elsewhere. */
  mode: 'measure' | 'comment'
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
    budgets: {
      maxSize: optional(value(Input.maxSize), v => parseSize(v, Input.maxSize)),
      maxCompressedSize: optional(value(Input.maxCompressedSize), v =>
        parseSize(v, Input.maxCompressedSize)
      ),
      maxRatio: optional(value(Input.maxRatio), v => parseRatio(v, Input.maxRatio)),
      maxLayers: optional(value(Input.maxLayers), v => parseCount(v, Input.maxLayers)),
      maxWastedSize: optional(value(Input.maxWastedSize), v => parseSize(v, Input.maxWastedSize)),
      minEfficiency: optional(value(Input.minEfficiency), v => parseRatio(v, Input.minEfficiency)),
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
    commentKey: value(Input.commentKey),
    githubToken: value(Input.githubToken),
    mode: parseChoice(value(Input.mode) ?? 'measure', Input.mode, ['measure', 'comment'] as const)
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
    parseChoice(mode, Input.baseline, ['base-ref'] as const)
    return { kind: 'base-ref' }
  }
  if (image !== undefined) return { kind: 'image', ref: image }
  if (report !== undefined) return { kind: 'report', path: report }
  return undefined
}

/**
 * Checks what the inputs alone can tell before anything is built.
 * @throws Error naming max-compressed-size when compressed is none.
 */
function checkCombinations(inputs: Inputs): Inputs {
  if (inputs.budgets.maxCompressedSize !== undefined && inputs.compressed === 'none') {
    throw new Error(
      `Input ${Input.maxCompressedSize}: needs a compressed size, but compressed is none. Set compressed to final or all.`
    )
  }
  return inputs
}

function optional<T>(text: string | undefined, parse: (text: string) => T): T | undefined {
  return text === undefined ? undefined : parse(text)
}

/**
 * Parses `build-args`: one `KEY=VALUE` per line; blank lines and lines starting with `#` are
 * skipped; the value may contain `=` and may be empty (`KEY=`).
 *
 * @throws Error naming `build-args` and the offending line when a line has no `=` or no key.
 */
export function parseBuildArgs(text: string): Record<string, string> {
  const args: Record<string, string> = {}
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    const key = eq > 0 ? line.slice(0, eq).trim() : ''
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new Error(
        `Input ${Input.buildArgs}: line ${index + 1} "${line}" is not KEY=VALUE (one build argument per line, e.g. GO_VERSION=1.22).`
      )
    }
    args[key] = line.slice(eq + 1)
  }
  return args
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
