/**
 * Runs read back from untrusted report files (`mode: comment`, `mode: aggregate`): verdicts
 * recomputed, a baseline report's entries paired with the run's, and the reports of a matrix's
 * jobs merged into one run. Pure: the files are read by the caller (src/baseline/report.ts
 * `loadRunReport`), the result is written and posted by src/main.ts.
 */
import { compareWithBaseline, evaluateIncrease, type IncreaseLimit } from '../baseline/compare.ts'
import { clip, selectEntry } from '../baseline/report.ts'
import { entryKey } from '../report/run-markdown.ts'
import { REPORT_LIMITS } from '../baseline/report-schema.ts'
import { breaches, recheckBudgets } from '../budgets.ts'
import type {
  BudgetResult,
  ImageEntry,
  ImageMeasurement,
  RunFailure,
  RunReport,
  ToolInfo
} from '../model.ts'

/**
 * The sticky comment's key for a run of several images when `comment-key` is not set (the
 * aggregate's one comment). A run of one image is keyed by its entry's name.
 */
export const AGGREGATE_COMMENT_KEY = 'image-size-budget'

/** A run and the file it was read from, quoted in messages. */
export interface RunFile {
  path: string
  run: RunReport
}

/**
 * `run` with every entry's budget rows rechecked from their limit and actual value
 * (`recheckBudgets`: a row's own `passed` and message are not trusted), each entry's `passed`
 * recomputed from its rows and the run's from its entries. Pure: `run` is not changed.
 */
export function recheckRun(run: RunReport): RunReport {
  const images = run.images.map(entry => {
    const budgets = recheckBudgets(entry.budgets)
    return { ...entry, budgets, passed: budgets.every(budget => budget.passed) }
  })
  // A failed build (`failures`) fails the run whatever its entries say.
  const failed = (run.failures?.length ?? 0) > 0
  return { ...run, images, passed: !failed && images.every(entry => entry.passed) }
}

/**
 * Merges the runs of several report files into one run: entries ordered by file path (code-unit
 * order, the same on every machine), then by their order in the file. Each run is rechecked
 * ({@link recheckRun}) first.
 *
 * Two entries with the same name and platform are an error rather than "the later wins": in a
 * matrix that means two jobs measured the same image under the same key (a matrix variable
 * missing from `comment-key` or the config's names), and keeping one would hide the other's
 * numbers.
 *
 * @param header the merged run's tool and creation time (this action, now).
 * @param inputName the input that listed the files (`reports`), quoted in errors.
 * @throws Error naming `inputName` when there is no file, when two entries share a name and
 *   platform (naming the entry and both files), or when the merged run would hold more than
 *   `REPORT_LIMITS.images` entries.
 */
export function mergeRuns(
  files: readonly RunFile[],
  header: { tool: ToolInfo; createdAt: string },
  inputName: string
): RunReport {
  if (files.length === 0) throw new Error(`Input ${inputName}: no report to merge.`)
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const images: ImageEntry[] = []
  const failures: RunFailure[] = []
  const from = new Map<string, string>()
  for (const file of sorted) {
    for (const entry of recheckRun(file.run).images) {
      const key = entryKey(entry)
      const earlier = from.get(key)
      if (earlier !== undefined) {
        throw new Error(
          `Input ${inputName}: "${earlier}" and "${file.path}" both hold the image "${clip(entry.name, 120)}" on ${clip(entry.platform, 60)}. Give each job of the matrix its own image name (its comment-key, or the name in its config file).`
        )
      }
      from.set(key, file.path)
      images.push(entry)
    }
    for (const failure of file.run.failures ?? []) {
      failures.push(failure)
    }
  }
  if (images.length > REPORT_LIMITS.images) {
    throw new Error(
      `Input ${inputName}: the reports hold ${images.length} images together, more than the ${REPORT_LIMITS.images} one report may hold.`
    )
  }
  return {
    schemaVersion: 2,
    tool: header.tool,
    createdAt: header.createdAt,
    images,
    ...(failures.length > 0 ? { failures: failures.slice(0, REPORT_LIMITS.images) } : {}),
    passed: failures.length === 0 && images.every(entry => entry.passed)
  }
}

/**
 * Compares every entry of `run` with its entry of the `baseline` run (`baseline-report` in
 * `mode: comment` and `mode: aggregate`), as src/baseline/report.ts `selectEntry` pairs them: an
 * entry's baseline becomes that entry's final image (named by `baselinePath`) and its
 * `baselineComparison` is recomputed. File and package changes the report carried were measured
 * against another baseline, so they are dropped from a re-compared entry.
 *
 * In a run of one image the pairing follows `selectEntry` (its errors propagate). In a run of
 * several, an entry is compared only with an entry of the same name (a new image has none: a
 * note, and the entry keeps what it carried, its max-increase rows included).
 *
 * The `max-increase` rows of a re-compared entry are recomputed against the new baseline
 * (`evaluateIncrease`), so its change and its budget rows never disagree: with the limit
 * `maxIncrease` (the step's input) when given — it then wins over the job's own — else with the
 * limit the entry's own first max-increase row carries (the job's budget: `bytes` → a byte
 * limit, `ratio` → a fraction of the baseline). An entry with neither keeps no max-increase
 * row. The entry's `passed` and the run's are recomputed from the rows.
 *
 * @param minChange bytes; |change| below it shows as unchanged (input `min-change`).
 * @param maxIncrease the step's `max-increase` input, when set.
 * @returns the new run (`run` is not changed), warnings (an entry compared with another
 *   platform or another name) and notes (an entry the baseline has no entry for).
 * @throws Error naming `inputName`, from `selectEntry`, for a run of one image; Error naming
 *   max-increase (`evaluateIncrease`) for a percentage limit against a baseline of 0 bytes.
 */
export function compareRunWithBaseline(
  run: RunReport,
  baseline: RunReport,
  baselinePath: string,
  minChange: number,
  inputName: string,
  maxIncrease?: IncreaseLimit
): { run: RunReport; warnings: string[]; notes: string[] } {
  const notes: string[] = []
  const warnings: string[] = []
  const images = run.images.map(entry => {
    const label = `"${clip(entry.name, 120)}" (${clip(entry.platform, 60)})`
    let match: ReturnType<typeof selectEntry>
    try {
      match = selectEntry(baseline, entry.name, entry.platform, inputName)
    } catch (error) {
      if (run.images.length === 1) throw error
      notes.push(
        `${inputName} has no entry for ${label} (a new image?); it keeps its own baseline.`
      )
      return entry
    }
    if (match.match === 'only' && run.images.length > 1) {
      notes.push(
        `${inputName} has no entry for ${label} (a new image?); it keeps its own baseline.`
      )
      return entry
    }
    if (match.match === 'platform') {
      warnings.push(
        `${inputName}: ${label} is compared with the baseline's ${clip(match.entry.platform, 60)} image; the sizes of two platforms are compared.`
      )
    } else if (match.match === 'only') {
      warnings.push(
        `${inputName}: ${label} is compared with the report's only image, "${clip(match.entry.name, 120)}".`
      )
    }
    const { changes: _changes, changesOmitted: _omitted, packages: _packages, ...rest } = entry
    // Named by its report path; its file tree served diffs and is not repeated.
    const { fileTree: _tree, ...earlier } = match.entry.final
    const baselineImage = { ...earlier, ref: baselinePath }
    const budgets = withIncreaseAgainst(
      entry.budgets,
      maxIncrease ?? ownIncreaseLimit(entry.budgets),
      entry.final,
      baselineImage
    )
    return {
      ...rest,
      budgets,
      passed: budgets.every(budget => budget.passed),
      baseline: baselineImage,
      baselineComparison: compareWithBaseline(entry.final, baselineImage, minChange, budgets)
    }
  })
  const failed = (run.failures?.length ?? 0) > 0
  return {
    run: { ...run, images, passed: !failed && images.every(entry => entry.passed) },
    warnings,
    notes
  }
}

/**
 * The limit an entry's own `max-increase` rows carry (its first row's: every row of one entry
 * has the job's one limit): a `bytes` row → `{ bytes }`, a `ratio` row → `{ fraction }`;
 * undefined without such a row.
 */
function ownIncreaseLimit(budgets: readonly BudgetResult[]): IncreaseLimit | undefined {
  const row = budgets.find(budget => budget.name === 'max-increase')
  if (row?.unit === 'bytes') return { bytes: row.limit }
  if (row?.unit === 'ratio') return { fraction: row.limit }
  return undefined
}

/**
 * `budgets` with its max-increase rows replaced by `limit`'s rows against `baseline` (where the
 * first one stood, else at the end); without `limit`, `budgets` without max-increase rows.
 */
function withIncreaseAgainst(
  budgets: readonly BudgetResult[],
  limit: IncreaseLimit | undefined,
  final: ImageMeasurement,
  baseline: ImageMeasurement
): BudgetResult[] {
  const rows = limit ? evaluateIncrease(limit, final, baseline) : []
  const at = budgets.findIndex(budget => budget.name === 'max-increase')
  const others = budgets.filter(budget => budget.name !== 'max-increase')
  if (at < 0) return [...others, ...rows]
  return [...others.slice(0, at), ...rows, ...others.slice(at)]
}

/**
 * The sticky comment's key of a run: the `comment-key` input; else, for a run of one image, its
 * entry's name (a schema-1 report's name is its default comment key); else
 * {@link AGGREGATE_COMMENT_KEY}.
 */
export function runCommentKey(commentKey: string | undefined, run: RunReport): string {
  if (commentKey) return commentKey
  const [only] = run.images
  return only && run.images.length === 1 ? only.name : AGGREGATE_COMMENT_KEY
}

/**
 * One message naming each failed build and each breach by image and platform, for the failed
 * step: `Build failed (1):\n- web (linux/arm64): …` (when a job's report holds failures), then
 * `Size budget exceeded (2):\n- api (linux/amd64): final image 31.2 MB … exceeds max-size 30 MB …`.
 */
export function runFailureMessage(run: RunReport): string {
  const several = run.images.length > 1
  const lines = run.images.flatMap(entry =>
    breaches(entry.budgets).map(
      breach =>
        `- ${several ? `${clip(entry.name, 120)} (${clip(entry.platform, 60)}): ` : ''}${breach.message}`
    )
  )
  const failures = (run.failures ?? []).map(
    failure =>
      `- ${clip(failure.name, 120)} (${clip(failure.platform, 60)}): ${clip(failure.message, 300)}`
  )
  const parts = []
  if (failures.length > 0) parts.push(`Build failed (${failures.length}):\n${failures.join('\n')}`)
  if (lines.length > 0 || failures.length === 0) {
    parts.push(`Size budget exceeded (${lines.length}):\n${lines.join('\n')}`)
  }
  return parts.join('\n')
}
