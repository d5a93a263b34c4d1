/**
 * The JSON report on disk: written whole or not at all (a temporary file renamed into place), so
 * a crash never leaves half a report for a later step to trust.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { tmpdir } from 'node:os'
import type { Report } from '../model.ts'

/** The default report path: `$RUNNER_TEMP/image-size-budget/report.json`, else under the OS tmp. */
export function defaultReportPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.RUNNER_TEMP || tmpdir(), 'image-size-budget', 'report.json')
}

/**
 * Writes `report` as pretty JSON to `path`, creating parent directories.
 *
 * @throws Error naming the `report` input when the path cannot be written.
 */
export async function writeReport(report: Report, path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`
  try {
    await mkdir(dirname(path), { recursive: true })
    await writeFile(temporary, `${JSON.stringify(report, null, 2)}\n`)
    await rename(temporary, path)
  } catch (error) {
    throw new Error(
      `Input report: cannot write the JSON report to "${path}": ${(error as Error).message}`
    )
  }
}
