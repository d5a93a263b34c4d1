/**
 * Budgets: limits from the inputs against the measured numbers. Pure. A value equal to its limit
 * passes; `min-efficiency` is a floor, every other budget a ceiling.
 */
import { findingsBytes } from './analyze/findings.ts'
import type { Finding } from './analyze/findings.ts'
import type { Budgets } from './inputs.ts'
import type { BudgetName, BudgetResult, BudgetUnit, ImageMeasurement } from './model.ts'
import {
  formatBytes,
  formatBytesExact,
  formatPercent,
  formatPercentagePoints,
  plainDecimal
} from './units.ts'

/** What the budgets are checked against. */
export interface BudgetSubject {
  final: ImageMeasurement
  builder?: ImageMeasurement
  /** The final image's findings (src/analyze/findings.ts); absent when none were computed. */
  findings?: Finding[]
}

/**
 * Evaluates every budget that has a limit, in a fixed order (size, compressed size, ratio,
 * layers, wasted size, efficiency).
 *
 * @throws Error when a budget needs a number that was not measured: `max-ratio` without a builder
 *   image, `max-compressed-size` with `compressed: none`, `max-wasted-size`/`min-efficiency`
 *   without a waste analysis. The message names the budget input and what is missing.
 */
export function evaluateBudgets(budgets: Budgets, subject: BudgetSubject): BudgetResult[] {
  const { final, builder } = subject
  const results: BudgetResult[] = []
  if (budgets.maxSize !== undefined) {
    results.push(ceiling('max-size', 'final image', 'bytes', budgets.maxSize, final.size))
  }
  if (budgets.maxCompressedSize !== undefined) {
    if (!final.compressed) {
      throw new Error(
        'Input max-compressed-size: the compressed size was not measured (compressed: none). Set compressed to final or all.'
      )
    }
    const label = final.compressed.exact
      ? 'final image compressed'
      : 'final image compressed (estimate)'
    results.push(
      ceiling(
        'max-compressed-size',
        label,
        'bytes',
        budgets.maxCompressedSize,
        final.compressed.size
      )
    )
  }
  if (budgets.maxRatio !== undefined) {
    if (!builder) {
      throw new Error(
        'Input max-ratio: there is no builder stage to compare with: the Dockerfile has a single stage or its final stage copies from no other stage, or the image input was given without builder-image or builder-target. Remove max-ratio, or set builder-target or builder-image.'
      )
    }
    results.push(
      ceiling(
        'max-ratio',
        'final/builder size ratio',
        'ratio',
        budgets.maxRatio,
        final.size / builder.size
      )
    )
  }
  if (budgets.maxLayers !== undefined) {
    results.push(
      ceiling('max-layers', 'final image layers', 'count', budgets.maxLayers, final.layers.length)
    )
  }
  if (budgets.maxWastedSize !== undefined || budgets.minEfficiency !== undefined) {
    if (!final.waste) {
      throw new Error(
        'Inputs max-wasted-size and min-efficiency need the waste analysis of the final image, which did not run.'
      )
    }
    if (budgets.maxWastedSize !== undefined) {
      results.push(
        ceiling(
          'max-wasted-size',
          'final image removable (wasted) bytes',
          'bytes',
          budgets.maxWastedSize,
          final.waste.removableBytes
        )
      )
    }
    if (budgets.minEfficiency !== undefined) {
      results.push(
        floor(
          'min-efficiency',
          'final image efficiency',
          budgets.minEfficiency,
          final.waste.efficiency
        )
      )
    }
  }
  if (budgets.maxFindingsSize !== undefined) {
    if (!subject.findings) {
      throw new Error(
        'Input max-findings-size needs the findings of the final image (its files were not read). Remove max-findings-size, or let the final image be read.'
      )
    }
    results.push(
      ceiling(
        'max-findings-size',
        'bytes the findings would save',
        'bytes',
        budgets.maxFindingsSize,
        findingsBytes(subject.findings)
      )
    )
  }
  return results
}

/**
 * Whether a budget row passes, decided from its own limit and actual value, never from its
 * `passed` field: `min-efficiency` is a floor (actual ≥ limit), every other budget a ceiling
 * (actual ≤ limit); equal passes. A `max-increase` percentage allows a relative 1e-12 (far below
 * one byte of any image), as `evaluateIncrease` does, so growth of exactly `1.1%` (inexact in
 * binary) passes. A limit or actual that is not a finite number fails.
 */
export function budgetRowPasses(
  row: Pick<BudgetResult, 'name' | 'unit' | 'limit' | 'actual'>
): boolean {
  const { limit, actual } = row
  if (!Number.isFinite(limit) || !Number.isFinite(actual)) return false
  // Only a change (max-increase) can be negative; a negative size, ratio or count is forged.
  if (row.name !== 'max-increase' && (actual < 0 || limit < 0)) return false
  const slack = row.name === 'max-increase' && row.unit === 'ratio' ? Math.abs(limit) * 1e-12 : 0
  return row.name === 'min-efficiency' ? actual >= limit - slack : actual <= limit + slack
}

/**
 * Budget rows from an untrusted report (`mode: comment`), each with `passed` recomputed by
 * {@link budgetRowPasses} from its limit and actual value. A row whose recomputed status differs
 * from its claim also gets a `message` saying so (its own message is not trusted either).
 *
 * @returns new rows in the same order; the input is not changed.
 */
export function recheckBudgets(rows: BudgetResult[]): BudgetResult[] {
  return rows.map(row => {
    const passed = budgetRowPasses(row)
    if (passed === row.passed) return { ...row }
    const verdict = passed ? 'passes' : 'fails'
    return {
      ...row,
      passed,
      message: `${row.subject} ${formatBudgetValue(row.unit, row.actual)} ${verdict} ${row.name} ${formatBudgetValue(row.unit, row.limit)} (status recomputed from the limit and the actual value)`
    }
  })
}

/**
 * True when a `max-increase` budget failed: the change over the baseline must then show, however
 * small (`min-change` never folds a failing budget into "unchanged").
 */
export function increaseFailed(results: readonly BudgetResult[]): boolean {
  return results.some(result => result.name === 'max-increase' && !result.passed)
}

/** The breaches of `results`, or an empty list. */
export function breaches(results: BudgetResult[]): BudgetResult[] {
  return results.filter(result => !result.passed)
}

/** Formats a budget number for people in its unit: `31.2 MB (31,204,112 bytes)`, `1.34%`, `12`. */
export function formatBudgetValue(unit: BudgetUnit, value: number): string {
  switch (unit) {
    case 'bytes':
      return `${formatBytes(value)} (${formatBytesExact(value)})`
    case 'ratio':
      // 7 significant digits, so a ratio just over its limit never prints equal to it.
      return `${formatPercent(value)} (${plainDecimal(value, 7)})`
    case 'count':
      return String(value)
  }
}

function short(unit: BudgetUnit, value: number): string {
  if (unit === 'bytes') return formatBytes(value)
  if (unit === 'ratio') return formatPercent(value)
  return String(value)
}

function ceiling(
  name: BudgetName,
  subject: string,
  unit: BudgetUnit,
  limit: number,
  actual: number
): BudgetResult {
  const passed = actual <= limit
  const value = formatBudgetValue(unit, actual)
  const message = passed
    ? `${subject} ${value} is within ${name} ${short(unit, limit)}`
    : `${subject} ${value} exceeds ${name} ${short(unit, limit)} by ${overBy(unit, actual - limit)}`
  return { name, subject, unit, limit, actual, passed, message }
}

function floor(name: BudgetName, subject: string, limit: number, actual: number): BudgetResult {
  const passed = actual >= limit
  const value = formatBudgetValue('ratio', actual)
  const message = passed
    ? `${subject} ${value} meets ${name} ${formatPercent(limit)}`
    : `${subject} ${value} is below ${name} ${formatPercent(limit)} by ${formatPercentagePoints(limit - actual)}`
  return { name, subject, unit: 'ratio', limit, actual, passed, message }
}

/**
 * How far a value is past its limit, for people: bytes as `1.2 MB (1,234,567 bytes)`, a ratio in
 * percentage points (`0.51 percentage points`, no raw fraction: the JSON report keeps exact
 * values), a count as it is.
 */
export function formatExcess(unit: BudgetUnit, excess: number): string {
  return overBy(unit, excess)
}

function overBy(unit: BudgetUnit, excess: number): string {
  if (unit === 'bytes') return `${formatBytes(excess)} (${formatBytesExact(excess)})`
  if (unit === 'ratio') return formatPercentagePoints(excess)
  return String(excess)
}

/**
 * Which size a budget row measures, for a budget with rows for both sizes (`max-increase`):
 * `compressed`, `compressed, estimate` or `uncompressed`; undefined when the budget has one row.
 */
export function budgetRowKind(
  row: Pick<BudgetResult, 'name' | 'subject'>,
  all: readonly Pick<BudgetResult, 'name'>[]
): string | undefined {
  if (all.filter(other => other.name === row.name).length < 2) return undefined
  const subject = row.subject.toLowerCase()
  const kind = subject.includes('compressed') ? 'compressed' : 'uncompressed'
  return `${kind}${subject.includes('estimate') ? ', estimate' : ''}`
}
