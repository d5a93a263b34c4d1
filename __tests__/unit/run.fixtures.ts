/**
 * Runs (schema-2 reports) for the run renderers' tests, built from the single-image fixtures of
 * `markdown.fixtures.ts`: the numbers stay consistent (sizes are sums of layers, changes follow
 * from sizes, budgets from both).
 */
import type { BudgetResult, ImageEntry, ImageResult, Report, RunReport } from '../../src/model.ts'
import { compareToBaseline } from '../../src/report/baseline.ts'
import {
  commentModeReport,
  goWebReport,
  passingNoBaseline,
  withBaseline
} from './markdown.fixtures.ts'

const TOOL = { name: 'image-size-budget', version: '0.1.0' } as const

/** `report` as an entry of a run named `name`, measured on `platform`. */
export function entry(name: string, platform: string, report: Report): ImageEntry {
  const { schemaVersion: _v, tool: _t, createdAt: _c, ...result } = report
  const body: ImageResult = { ...result, final: { ...result.final, platform } }
  return { ...body, name, platform }
}

/** A run of `entries`; its verdict is theirs. */
export function run(entries: ImageEntry[]): RunReport {
  return {
    schemaVersion: 2,
    tool: { ...TOOL },
    createdAt: '2025-01-01T00:00:00.000Z',
    images: entries,
    passed: entries.every(e => e.passed)
  }
}

function maxSize(limit: number, actual: number): BudgetResult {
  return {
    name: 'max-size',
    subject: 'final image',
    unit: 'bytes',
    limit,
    actual,
    passed: actual <= limit,
    message: ''
  }
}

/**
 * The go-web image against a baseline 1 MB smaller (and with a 120 B layer where the final has a
 * 6.39 MB one), with one `max-size` budget of `limit` bytes.
 */
export function grewAgainstBaseline(limit: number): Report {
  const report = withBaseline(goWebReport())
  const baseline = report.baseline!
  const comparison = compareToBaseline(report.final, baseline)
  const budgets = [maxSize(limit, report.final.size)]
  return {
    ...report,
    baselineComparison: { ...comparison, unchanged: false },
    budgets,
    passed: budgets.every(b => b.passed)
  }
}

/**
 * Three images on two platforms, in spec order:
 * - `api` on linux/amd64 (shrank 2 MB against its base commit, passing) and linux/arm64 (grew
 *   7.39 MB against its baseline and is over its `max-size` of 13.7 MB by 1.22 MB: the breach);
 * - `worker` on linux/amd64 and linux/arm64, no baseline, within its `max-size`;
 * - `web` on linux/amd64 only, no baseline and no budget.
 */
export function threeImagesTwoPlatforms(): RunReport {
  const web = passingNoBaseline()
  return run([
    entry('api', 'linux/amd64', commentModeReport()),
    entry('api', 'linux/arm64', grewAgainstBaseline(13_700_000)),
    entry('worker', 'linux/amd64', passingNoBaseline()),
    entry('worker', 'linux/arm64', passingNoBaseline()),
    entry('web', 'linux/amd64', { ...web, budgets: [], passed: true })
  ])
}

/**
 * `count` entries on one platform (`service-000` …), each the go-web image with a baseline; every
 * seventh over its `max-size`. Their details are long enough that the limit must fold them.
 */
export function manyImages(count: number, platform = 'linux/amd64'): RunReport {
  return run(
    Array.from({ length: count }, (_, i) =>
      entry(
        `service-${String(i).padStart(3, '0')}`,
        platform,
        grewAgainstBaseline(i % 7 === 3 ? 10_000_000 : 30_000_000)
      )
    )
  )
}
