/**
 * Final image vs baseline: the change with its `min-change` verdict, and the `max-increase`
 * budget. Pure: no I/O.
 */
import { formatBudgetValue, increaseFailed } from '../budgets.ts'
import type { BaselineComparison, BudgetResult, ImageMeasurement } from '../model.ts'
import { DEFAULT_MIN_CHANGE } from '../report/markdown.ts'
import { compareToBaseline, compressedPair } from '../report/baseline.ts'
import {
  SIZE_FORMS,
  formatBytes,
  formatPercent,
  formatPercentagePoints,
  parseSize
} from '../units.ts'

export { DEFAULT_MIN_CHANGE }

/** A `max-increase` limit: a byte count, or a fraction of the baseline (0.05 for `5%`). */
export type IncreaseLimit = { bytes: number } | { fraction: number }

/** The accepted `max-increase` forms, for error messages. */
export const INCREASE_FORMS = `${SIZE_FORMS}; or a percentage of the baseline, e.g. 5% or 0.5%`

/**
 * The change from `baseline` to `final` ({@link compareToBaseline} of `src/report/baseline.ts`,
 * which the markdown renders), with the compressed change in percent and the `min-change` verdict.
 *
 * @param minChange bytes ≥ 0 (input `min-change`, default {@link DEFAULT_MIN_CHANGE} = 1 kB): a
 *   change whose absolute uncompressed value is below it is `unchanged` — the same rule the
 *   markdown applies (`|change| < minChange`).
 * @param budgets the run's budget results ({@link evaluateIncrease}'s among them): a failed
 *   `max-increase` is never hidden, so with one the change is not `unchanged` whatever its size.
 * @returns `change` (bytes, signed), `changePercent` (of the baseline's uncompressed size, 0 for
 *   an empty baseline), `compressedChange`/`compressedChangePercent` when both images have a
 *   compressed size of the same kind (both exact or both estimates; see `compressedPair`), `unchanged`.
 * @throws Error when `minChange` is not a non-negative integer.
 */
export function compareWithBaseline(
  final: ImageMeasurement,
  baseline: ImageMeasurement,
  minChange: number = DEFAULT_MIN_CHANGE,
  budgets: readonly BudgetResult[] = []
): BaselineComparison & { unchanged: boolean } {
  if (!Number.isSafeInteger(minChange) || minChange < 0) {
    throw new Error(
      `Input min-change: ${minChange} is not a size. Expected a byte count ≥ 0 (${SIZE_FORMS}).`
    )
  }
  const comparison = compareToBaseline(final, baseline)
  const result: BaselineComparison & { unchanged: boolean } = {
    ...comparison,
    unchanged: Math.abs(comparison.change) < minChange && !increaseFailed(budgets)
  }
  const pair = compressedPair(final, baseline)
  if (comparison.compressedChange !== undefined && pair) {
    result.compressedChangePercent =
      pair.baseline > 0 ? (comparison.compressedChange / pair.baseline) * 100 : 0
  }
  return result
}

/**
 * Parses `max-increase`: a size (`5MB`, `512 KiB`, `0`: bytes, see `parseSize`) or a percentage of
 * the baseline (`5%`, `0.5%`, `0%`; above 100% allowed: a baseline may double).
 *
 * @returns `{ bytes }` (an integer ≥ 0) or `{ fraction }` (≥ 0; `5%` → 0.05).
 * @throws Error naming `inputName` and {@link INCREASE_FORMS} for anything else: a negative
 *   value, a bare fraction without `%` (`0.05`, ambiguous), an unknown unit.
 */
export function parseIncrease(value: string, inputName: string): IncreaseLimit {
  const text = value.trim()
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text)
  if (percent) return { fraction: Number(percent[1]) / 100 }
  try {
    return { bytes: parseSize(text, inputName) }
  } catch {
    throw new Error(
      `Input ${inputName}: "${value}" is not a size or a percentage. Expected ${INCREASE_FORMS}.`
    )
  }
}

/**
 * The `max-increase` budget: how much the final image may grow over the baseline. Applied to the
 * uncompressed size and, when two compressed sizes of one kind exist (`compressedPair`: both
 * exact, or both estimates), to the compressed size. Growth
 * equal to the limit passes; shrinking always passes.
 *
 * - `{ bytes }`: actual = final − baseline, in bytes (unit `bytes`).
 * - `{ fraction }`: actual = (final − baseline) / baseline (unit `ratio`; 0.05 = 5%).
 *
 * @returns one result for the uncompressed size, then one for the compressed size when both are
 *   known (its subject says "(estimate)" when either side is a gzip estimate).
 * @throws Error naming max-increase when a percentage limit meets a baseline of 0 bytes (no
 *   percentage of nothing).
 */
export function evaluateIncrease(
  limit: IncreaseLimit,
  final: ImageMeasurement,
  baseline: ImageMeasurement
): BudgetResult[] {
  const results = [
    increase(limit, 'final image size increase over the baseline', final.size, baseline.size)
  ]
  const pair = compressedPair(final, baseline)
  if (pair) {
    results.push(
      increase(
        limit,
        `final image compressed size increase over the baseline${pair.exact ? '' : ' (estimate)'}`,
        pair.final,
        pair.baseline
      )
    )
  }
  return results
}

function increase(
  limit: IncreaseLimit,
  subject: string,
  finalSize: number,
  baselineSize: number
): BudgetResult {
  const change = finalSize - baselineSize
  if ('bytes' in limit) {
    const passed = change <= limit.bytes
    const message = passed
      ? `${subject} ${formatBudgetValue('bytes', change)} is within max-increase ${formatBytes(limit.bytes)}`
      : `${subject} ${formatBudgetValue('bytes', change)} exceeds max-increase ${formatBytes(limit.bytes)} by ${formatBudgetValue('bytes', change - limit.bytes)}`
    return {
      name: 'max-increase',
      subject,
      unit: 'bytes',
      limit: limit.bytes,
      actual: change,
      passed,
      message
    }
  }
  if (baselineSize <= 0) {
    throw new Error(
      `Input max-increase: a percentage needs a baseline larger than 0 bytes (${subject}: the baseline is ${baselineSize} bytes). Give max-increase in bytes instead, e.g. 5MB.`
    )
  }
  const actual = change / baselineSize
  // Compared in bytes with a relative tolerance far below one byte: `1.1%` is not exact in binary,
  // and growth of exactly 1.1% must pass (equal passes).
  const passed = change <= limit.fraction * baselineSize * (1 + 1e-12)
  const growth = `${formatBudgetValue('ratio', actual)}, ${formatBytes(change)}`
  const message = passed
    ? `${subject} ${growth} is within max-increase ${formatPercent(limit.fraction)}`
    : `${subject} ${growth} exceeds max-increase ${formatPercent(limit.fraction)} by ${formatPercentagePoints(actual - limit.fraction)}`
  return {
    name: 'max-increase',
    subject,
    unit: 'ratio',
    limit: limit.fraction,
    actual,
    passed,
    message
  }
}
