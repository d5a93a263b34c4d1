/**
 * The `results` output: a run's entries as compact JSON for later workflow steps
 * (`fromJSON(steps.size.outputs.results)`), one object per image and platform.
 */
import type { RunReport } from '../model.ts'

/** A subject of the run whose build or measurement failed: no size, its error. */
export interface FailedRow {
  name: string
  platform: string
  /** What failed (`Build of final stage 0 failed (exit code 3).`), build-arg values masked. */
  error: string
  passed: false
}

/** One entry of the `results` output. Sizes in bytes. */
export interface ResultRow {
  /** The image's name (config `name`, bake target, or the single image's comment key). */
  name: string
  /** `os/arch[/variant]`, as measured. */
  platform: string
  /** Uncompressed size of the final image. */
  size: number
  /** Compressed size (bytes on the wire), or null when it was not measured (`compressed: none`). */
  compressedSize: number | null
  /** Uncompressed size − the baseline's, or null without a baseline. */
  change: number | null
  /** Every budget of this entry passed. */
  passed: boolean
}

/** The rows of the `results` output: the run's entries in order, then its failed subjects. */
export function resultRows(run: RunReport): (ResultRow | FailedRow)[] {
  const rows: (ResultRow | FailedRow)[] = run.images.map(entry => ({
    name: entry.name,
    platform: entry.platform,
    size: entry.final.size,
    compressedSize: entry.final.compressed?.size ?? null,
    change: entry.baselineComparison?.change ?? null,
    passed: entry.passed
  }))
  for (const failure of run.failures ?? []) {
    rows.push({
      name: failure.name,
      platform: failure.platform,
      error: failure.message,
      passed: false
    })
  }
  return rows
}

/** The `results` output's text: {@link resultRows} as one line of JSON. */
export function resultsOutput(run: RunReport): string {
  return JSON.stringify(resultRows(run))
}
