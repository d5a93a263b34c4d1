/**
 * Reading reports of earlier runs: `baseline-report`, `report` in `mode: comment`, `reports` in
 * `mode: aggregate`. Each file is validated against its versioned schema before anything trusts
 * it: schema 2 (a run, {@link RunReport}) and schema 1 (one image, {@link Report}, read as a run of
 * one entry). The file is untrusted: its size is capped, every string and list is bounded by the
 * schema, entries are unique by name and platform, and errors quote at most a few short schema
 * errors. Verdicts (`passed`) are taken as written here; `mode: comment` and `mode: aggregate`
 * recompute them (src/publish/aggregate.ts `recheckRun`).
 */
import { readFile, realpath, stat } from 'node:fs/promises'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import type { ImageEntry, Report, RunReport } from '../model.ts'
import { isUnderSpecialRoot, SPECIAL_ROOTS } from '../inputs.ts'
import { imageRepository } from '../publish/pull-request.ts'
import { entryKey, entryReport } from '../report/run-markdown.ts'
import { REPORT_SCHEMA_V1, REPORT_SCHEMA_V2 } from './report-schema.ts'

/** The report schema versions this version of the action reads. */
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [1, 2]

/**
 * Reports larger than this are refused before they are read. A real report of one image stays
 * below 1 MB; a run holds one such body per image and platform.
 */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024

/** Below this size an invalid report is validated again collecting every error, to quote a few. */
const ALL_ERRORS_BELOW = 1024 * 1024

/** Schema errors quoted in a message. */
const QUOTED_ERRORS = 3

/** Names quoted in a message listing a run's entries. */
const QUOTED_NAMES = 10

const validators = new Map<string, ValidateFunction>()

/**
 * The compiled schema of `version` (compiled once per version and mode). `first` stops at the
 * first error, so a large hostile file cannot build a huge error list; `all` collects every
 * error, used on small files.
 */
function validator(version: 1 | 2, mode: 'first' | 'all'): ValidateFunction {
  const key = `${version}:${mode}`
  let compiled = validators.get(key)
  if (!compiled) {
    compiled = new Ajv2020({ allErrors: mode === 'all', strict: true }).compile(
      version === 1 ? REPORT_SCHEMA_V1 : REPORT_SCHEMA_V2
    )
    validators.set(key, compiled)
  }
  return compiled
}

/**
 * Reads and validates a report file of schema 1 or 2, as a run.
 *
 * @param path the file to read.
 * @param inputName the input that named it (`baseline-report`, `report`, `reports`), quoted in
 *   errors.
 * @returns the run: a schema-2 report as written, a schema-1 report as a run of one entry
 *   ({@link runOfReport}).
 * @throws Error naming `inputName` and the path when the file is missing, not a file, larger than
 *   {@link MAX_REPORT_BYTES}, or not a valid report ({@link parseRunReport}).
 */
export async function loadRunReport(
  path: string,
  inputName = 'baseline-report'
): Promise<RunReport> {
  const what = `Input ${inputName}: "${path}"`
  return parseRunReport(await readReportText(path, what), what)
}

/**
 * Parses and validates report text of schema 1 or 2, as a run. Pure.
 *
 * @param what names the input in errors, e.g. `Input baseline-report: "report.json"`.
 * @throws Error starting with `what`: not JSON (with the parser's message), not an object, a
 *   `schemaVersion` other than {@link SUPPORTED_SCHEMA_VERSIONS} (naming it and those), the first
 *   schema errors (JSON pointer and message each), or two entries with the same name and
 *   platform.
 */
export function parseRunReport(text: string, what: string): RunReport {
  const data = validate(text, what)
  if (data.schemaVersion === 1) return runOfReport(data)
  const seen = new Set<string>()
  for (const [index, entry] of data.images.entries()) {
    const key = entryKey(entry)
    if (seen.has(key)) {
      throw new Error(
        `${what} is not a valid image-size-budget report: /images/${index} repeats the name "${clip(entry.name, 120)}" and platform ${clip(entry.platform, 60)} of an earlier entry.`
      )
    }
    seen.add(key)
  }
  return data
}

/**
 * Reads and validates a report file of one image: schema 1, or a schema-2 run of one entry
 * (returned as a schema-1 report with the run's header). For callers that know the report holds
 * one image; a run of several needs {@link loadRunReport} and {@link selectEntry}.
 *
 * @throws Error naming `inputName` and the path as {@link loadRunReport} does, and when a run
 *   holds several entries (naming them).
 */
export async function loadBaselineReport(
  path: string,
  inputName = 'baseline-report'
): Promise<Report> {
  const what = `Input ${inputName}: "${path}"`
  return parseBaselineReport(await readReportText(path, what), what)
}

/**
 * Parses and validates report text of one image, as {@link loadBaselineReport}. Pure.
 *
 * @throws Error starting with `what`, as {@link parseRunReport}, and when a run holds several
 *   entries.
 */
export function parseBaselineReport(text: string, what: string): Report {
  const data = validate(text, what)
  if (data.schemaVersion === 1) return data
  const run = parseRunReport(text, what)
  const [only, ...others] = run.images
  if (!only || others.length > 0) {
    throw new Error(
      `${what} holds ${run.images.length} images (${entryNames(run)}); expected a report of one image here.`
    )
  }
  return entryReport(run, only)
}

/**
 * A schema-1 report as a run of one entry. Its name is what that version keyed the image by
 * (the default comment key): `<build.file>:<build.target>` when it was built, else the image
 * repository of `final.ref` (tag and digest dropped); its platform is `final.platform`. Pure.
 */
export function runOfReport(report: Report): RunReport {
  const { schemaVersion: _version, tool, createdAt, ...result } = report
  const name = result.build
    ? `${result.build.file}:${result.build.target}`
    : imageRepository(result.final.ref)
  return {
    schemaVersion: 2,
    tool,
    createdAt,
    images: [{ name, platform: result.final.platform, ...result }],
    passed: result.passed
  }
}

/** How {@link selectEntry} found its entry. */
export type EntryMatch =
  /** The same name and platform. */
  | 'exact'
  /** The same name, another platform (the only entry of that name). */
  | 'platform'
  /** The run's only entry, of another name. */
  | 'only'

/**
 * The entry of `run` to compare the image `name` on `platform` with (`baseline-report`): the
 * entry with that name and platform; else the only entry with that name (another platform:
 * `match: 'platform'`); else the run's only entry (another name: `match: 'only'`). The caller
 * warns when `match` is not `exact`. Pure.
 *
 * @param inputName the input that named the run, quoted in errors.
 * @throws Error naming `inputName`, the name and platform sought and the entries present when
 *   none fits: no entry of that name in a run of several, or several entries of that name on
 *   other platforms.
 */
export function selectEntry(
  run: RunReport,
  name: string,
  platform: string,
  inputName: string
): { entry: ImageEntry; match: EntryMatch } {
  const exact = run.images.find(entry => entry.name === name && entry.platform === platform)
  if (exact) return { entry: exact, match: 'exact' }
  const named = run.images.filter(entry => entry.name === name)
  const [first] = named
  if (first && named.length === 1) return { entry: first, match: 'platform' }
  const [only] = run.images
  if (only && named.length === 0 && run.images.length === 1) return { entry: only, match: 'only' }
  const sought = `"${clip(name, 120)}" on ${clip(platform, 60)}`
  throw new Error(
    named.length > 1
      ? `Input ${inputName}: the report has no entry for ${sought}; it has that image on ${named.map(entry => clip(entry.platform, 60)).join(', ')} only. Measure the same platforms, or compare with a report of this platform.`
      : `Input ${inputName}: the report has no image named ${sought}; it has ${entryNames(run)}. Give the image the same name (config name, bake target or comment-key) as in the run that wrote the report.`
  )
}

/** `"a" (linux/amd64), "b" (linux/arm64), … and 3 more`, quoted and clipped. */
function entryNames(run: RunReport): string {
  const shown = run.images
    .slice(0, QUOTED_NAMES)
    .map(entry => `"${clip(entry.name, 120)}" (${clip(entry.platform, 60)})`)
  const more =
    run.images.length > QUOTED_NAMES ? ` and ${run.images.length - QUOTED_NAMES} more` : ''
  return `${shown.join(', ')}${more}`
}

/** The text of a report file, after checking it is a regular file within the size cap. */
async function readReportText(path: string, what: string): Promise<string> {
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a regular file')
    // A link into /proc (a job's environment) is no report, and its text must not be quoted.
    if (isUnderSpecialRoot(await realpath(path))) {
      throw new Error(`it leads under ${SPECIAL_ROOTS.join(', ')}`)
    }
    size = info.size
  } catch (error) {
    throw new Error(
      `${what} cannot be read (${(error as Error).message}). Expected the path of a JSON report written by image-size-budget (its report output), e.g. downloaded from the base branch's artifact.`,
      { cause: error }
    )
  }
  if (size > MAX_REPORT_BYTES) {
    throw new Error(
      `${what} is ${size} bytes, more than the ${MAX_REPORT_BYTES} bytes a report may have.`
    )
  }
  return readFile(path, 'utf8')
}

/** Parses `text` and validates it against the schema of its `schemaVersion`. */
function validate(text: string, what: string): Report | RunReport {
  if (text.length > MAX_REPORT_BYTES) {
    throw new Error(`${what} is longer than the ${MAX_REPORT_BYTES} bytes a report may have.`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new Error(
      `${what} is not valid JSON (${clip((error as Error).message, 200)}). Expected a report written by image-size-budget.`
    )
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${what} is not a JSON object. Expected a report written by image-size-budget.`)
  }
  const version = (data as Record<string, unknown>)['schemaVersion']
  if (version !== undefined && !SUPPORTED_SCHEMA_VERSIONS.includes(version as number)) {
    const shown = typeof version === 'number' ? String(version) : clip(JSON.stringify(version), 40)
    throw new Error(
      `${what} has schemaVersion ${shown}; this version of image-size-budget reads schemaVersion ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}. Produce the report with a matching version of the action, or update the action.`
    )
  }
  // Without a schemaVersion, schema 2's errors say what is missing (a new report's shape).
  const schema = version === 1 ? 1 : 2
  const first = validator(schema, 'first')
  if (!first(data)) {
    let errors = first.errors ?? []
    if (text.length < ALL_ERRORS_BELOW) {
      const all = validator(schema, 'all')
      all(data)
      errors = all.errors ?? errors
    }
    throw new Error(
      `${what} is not a valid image-size-budget report (schema version ${schema}): ${formatErrors(errors)}`
    )
  }
  return data as Report | RunReport
}

/** `"/final/size must be integer; …"`: JSON pointer (or `/`) and message, first few, clipped. */
export function formatErrors(errors: ErrorObject[]): string {
  const shown = errors.slice(0, QUOTED_ERRORS).map(error => {
    const where = clip(error.instancePath || '/', 120)
    const extra =
      error.keyword === 'enum' || error.keyword === 'const'
        ? ` (${clip(JSON.stringify(error.params), 120)})`
        : ''
    return `${where} ${error.message ?? error.keyword}${extra}`
  })
  const more = errors.length > QUOTED_ERRORS ? `; and ${errors.length - QUOTED_ERRORS} more` : ''
  return `${shown.join('; ')}${more}`
}

/** `text` cut to at most `max` UTF-16 code units, an ellipsis marking the cut (for messages). */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
