/**
 * The `results` output: a run's entries as compact JSON for later workflow steps
 * (`fromJSON(steps.size.outputs.results)`), one object per image and platform.
 */
import type { RunReport } from '../model.ts'

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

/** The rows of the `results` output, in the run's entry order. */
export function resultRows(run: RunReport): ResultRow[] {
  return run.images.map(entry => ({
    name: entry.name,
    platform: entry.platform,
    size: entry.final.size,
    compressedSize: entry.final.compressed?.size ?? null,
    change: entry.baselineComparison?.change ?? null,
    passed: entry.passed
  }))
}

/** The `results` output's text: {@link resultRows} as one line of JSON. */
export function resultsOutput(run: RunReport): string {
  return JSON.stringify(resultRows(run))
}
