/**
 * `baseline-report` (and, in `mode: comment`, `report`): read a JSON report of an earlier run and
 * validate it against the versioned schema before anything trusts it. The file is untrusted: its
 * size is capped, every string and list is bounded by the schema, and errors quote at most a few
 * short schema errors.
 */
import { stat, readFile } from 'node:fs/promises'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import type { Report } from '../model.ts'
import { REPORT_SCHEMA } from './report-schema.ts'

/** The report schema versions this version of the action reads. */
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [1]

/** Reports larger than this are refused before they are read (real ones stay below 1 MB). */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024

/** Below this size an invalid report is validated again collecting every error, to quote a few. */
const ALL_ERRORS_BELOW = 1024 * 1024

/** Schema errors quoted in a message. */
const QUOTED_ERRORS = 3

const validators: { first?: ValidateFunction; all?: ValidateFunction } = {}

/**
 * The compiled schema (compiled once per mode). `first` stops at the first error, so a large
 * hostile file cannot build a huge error list; `all` collects every error, used on small files.
 */
function validator(mode: 'first' | 'all'): ValidateFunction {
  validators[mode] ??= new Ajv2020({ allErrors: mode === 'all', strict: true }).compile(
    REPORT_SCHEMA
  )
  return validators[mode]
}

/**
 * Reads and validates a report file.
 *
 * @param path the file to read.
 * @param inputName the input that named it (`baseline-report`, `report`), quoted in errors.
 * @returns the report, typed: it matched schema version 1.
 * @throws Error naming `inputName` and the path when the file is missing, not a file, larger than
 *   {@link MAX_REPORT_BYTES}, not UTF-8 JSON, of an unsupported `schemaVersion` (naming it and
 *   the versions supported), or not the report's shape (quoting the first schema errors).
 */
export async function loadBaselineReport(
  path: string,
  inputName = 'baseline-report'
): Promise<Report> {
  const what = `Input ${inputName}: "${path}"`
  let size: number
  try {
    const info = await stat(path)
    if (!info.isFile()) throw new Error('not a regular file')
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
  return parseBaselineReport(await readFile(path, 'utf8'), `${what}`)
}

/**
 * Parses and validates report text. Pure.
 *
 * @param what names the input in errors, e.g. `Input baseline-report: "report.json"`.
 * @throws Error starting with `what`: not JSON (with the parser's message), not an object, a
 *   `schemaVersion` other than {@link SUPPORTED_SCHEMA_VERSIONS}, or the first schema errors
 *   (JSON pointer and message each).
 */
export function parseBaselineReport(text: string, what: string): Report {
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
  const first = validator('first')
  if (!first(data)) {
    let errors = first.errors ?? []
    if (text.length < ALL_ERRORS_BELOW) {
      const all = validator('all')
      all(data)
      errors = all.errors ?? errors
    }
    throw new Error(
      `${what} is not a valid image-size-budget report (schema version ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}): ${formatErrors(errors)}`
    )
  }
  return data as unknown as Report
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

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
