/**
 * The JSON report on disk: written whole or not at all (a temporary file beside it, renamed into
 * place), so a crash never leaves half a report for a later step to trust. The path is checked
 * before any build ({@link checkReportPath}) and again when writing: a special file (a directory,
 * a FIFO, a device, anything under /proc, /sys or /dev) is refused rather than opened, because
 * opening one can block or write somewhere unexpected.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { Input, TOOL_NAME } from '../constants.ts'
import { isUnderSpecialRoot } from '../inputs.ts'
import type { RunReport } from '../model.ts'

/**
 * The default report path, unique per run so runs that share a machine never overwrite each
 * other's report: `$RUNNER_TEMP/image-size-budget/<runId>/report.json`, else the same under the
 * OS temporary directory (the CLI).
 *
 * @param runId this run's id (`newRunId()` of `src/run-id.ts`).
 */
export function defaultReportPath(runId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(env.RUNNER_TEMP || tmpdir(), TOOL_NAME, runId, 'report.json')
}

/**
 * Checks, before anything is built, that the report can be written at `path`: not under /proc,
 * /sys or /dev (symbolic links resolved as far as the path exists), not an existing directory or
 * other non-regular file, and its directory can be created and written (probed with an exclusive
 * temporary file that is removed again).
 *
 * @throws Error naming the `report` input and the path, with the reason.
 */
export async function checkReportPath(path: string): Promise<void> {
  await checkTarget(path)
  const directory = dirname(resolve(path))
  const probe = temporaryPath(path)
  try {
    await mkdir(directory, { recursive: true })
    await (await open(probe, 'wx')).close()
  } catch (error) {
    throw reportError(path, `its directory cannot be written (${(error as Error).message})`)
  } finally {
    await removeQuietly(probe)
  }
}

/**
 * Writes `report` (the run: schema 2, one entry per image and platform, `docs/report.schema.json`)
 * as pretty JSON to `path`, creating parent directories: into a new temporary
 * file beside `path` (opened exclusively, so it never opens an existing file, FIFO or device),
 * then renamed over `path`. The temporary file is removed when anything fails.
 *
 * @throws Error naming the `report` input when the path is refused (see {@link checkReportPath})
 *   or cannot be written.
 */
export async function writeReport(report: RunReport, path: string): Promise<void> {
  await checkTarget(path)
  const temporary = temporaryPath(path)
  try {
    await mkdir(dirname(resolve(path)), { recursive: true })
    const file = await open(temporary, 'wx', 0o644)
    try {
      await file.writeFile(`${JSON.stringify(report, null, 2)}\n`)
    } finally {
      await file.close()
    }
    await rename(temporary, path)
  } catch (error) {
    await removeQuietly(temporary)
    throw reportError(path, (error as Error).message)
  }
}

/** Removes a temporary file if it is there; a path that cannot hold one is no error. */
async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined)
}

/** A temporary name beside `path`, unique per process and call. */
function temporaryPath(path: string): string {
  const file = resolve(path)
  return join(
    dirname(file),
    `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  )
}

/**
 * @throws Error naming the input when `path` (or where its existing part's symbolic links lead)
 *   is under /proc, /sys or /dev, or `path` exists and is not a regular file.
 */
async function checkTarget(path: string): Promise<void> {
  const absolute = resolve(path)
  if (isUnderSpecialRoot(absolute) || isUnderSpecialRoot(await realTarget(absolute))) {
    throw reportError(path, 'it is under /proc, /sys or /dev; expected a regular file')
  }
  const info = await stat(absolute).catch(() => undefined)
  if (info && !info.isFile()) {
    const kind = info.isDirectory() ? 'a directory' : 'not a regular file'
    throw reportError(path, `it is ${kind}; expected the path of a JSON file, e.g. report.json`)
  }
}

/** `absolute` with the symbolic links of its longest existing prefix resolved. */
async function realTarget(absolute: string): Promise<string> {
  let existing = absolute
  const rest: string[] = []
  for (;;) {
    const real = await realpath(existing).catch(() => undefined)
    if (real !== undefined) return join(real, ...rest)
    const parent = dirname(existing)
    if (parent === existing) return absolute
    rest.unshift(basename(existing))
    existing = parent
  }
}

function reportError(path: string, reason: string): Error {
  return new Error(`Input ${Input.report}: cannot write the JSON report to "${path}": ${reason}.`)
}
