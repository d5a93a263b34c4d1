/**
 * The report as a plain-text table for the terminal (the CLI). Pure. Sizes in MB = 10^6 bytes,
 * as `docker image ls` prints them.
 */
import type { ImageMeasurement, Report } from '../model.ts'
import { budgetRowKind, formatBudgetValue, increaseFailed } from '../budgets.ts'
import { displayCreatedBy } from '../image/history.ts'
import { renderChangesTerminal, renderFindingsTerminal } from './changes-markdown.ts'
import { formatBytes, formatBytesExact, formatPercent, plainDecimal } from '../units.ts'

/** Renders `report` as aligned text columns, ending with a newline. */
export function renderTerminal(report: Report): string {
  const out: string[] = []
  const { final, builder, comparison, stageChoice } = report
  const buildxBuilder = report.build?.builder
  const on = buildxBuilder
    ? `, builder ${buildxBuilder.name}${buildxBuilder.driver ? ` (${buildxBuilder.driver} driver)` : ''}`
    : ''
  const source = report.build ? ` — ${report.build.file} (${report.build.engine} build${on})` : ''
  out.push(`${report.tool.name} ${report.tool.version}${source}`, '')

  const rows: string[][] = [['', 'image', 'uncompressed', 'compressed', 'layers']]
  // The baseline is named by its reference (image, report path, base commit), not its stage.
  const row = (label: string, image: ImageMeasurement, byRef = false): string[] => [
    label,
    image.stage && !byRef ? `${image.ref} (stage ${image.stage})` : image.ref,
    formatBytes(image.size),
    image.compressed
      ? `${formatBytes(image.compressed.size)}${image.compressed.exact ? '' : ' (estimate)'}`
      : '—',
    String(image.layers.length)
  ]
  if (builder) rows.push(row('builder', builder))
  rows.push(row('final', final))
  if (report.baseline) rows.push(row('baseline', report.baseline, true))
  out.push(...table(rows), '')

  if (builder && comparison) {
    out.push(
      comparison.saved >= 0
        ? `saved ${formatBytes(comparison.saved)} (${formatPercent(comparison.percentSaved / 100)}); final/builder ratio ${formatPercent(comparison.ratio)}`
        : `larger than the builder by ${formatBytes(-comparison.saved)}; final/builder ratio ${formatPercent(comparison.ratio)}`
    )
  }
  if (report.baseline && report.baselineComparison) {
    const { change, changePercent } = report.baselineComparison
    // A failed max-increase always shows its change, whatever min-change says.
    const unchanged = report.baselineComparison.unchanged && !increaseFailed(report.budgets)
    const sign = change > 0 ? '+' : ''
    out.push(
      unchanged
        ? `change vs baseline: unchanged (${sign}${formatBytesExact(change)})`
        : `change vs baseline: ${sign}${formatBytes(change)} (${sign}${plainDecimal(changePercent, 3)}%, ${sign}${formatBytesExact(change)})`
    )
  }
  if (stageChoice) {
    out.push(`builder stage: ${stageChoice.builder ?? 'none'} — ${stageChoice.reason}`)
  }
  if (final.base) {
    out.push(
      `base ${final.base.image}: ${formatBytes(final.base.size)}; added by the Dockerfile: ${formatBytes(final.base.addedSize)}`
    )
  }
  if (final.waste) {
    out.push(
      `efficiency ${formatPercent(final.waste.efficiency)}; removable (wasted) ${formatBytes(final.waste.removableBytes)}`
    )
  }
  out.push('')

  out.push('final image layers:')
  const layerRows: string[][] = [['#', 'size', 'instruction']]
  for (const layer of final.layers) {
    const where = layer.instruction
      ? `${layer.instruction.location.file}:${layer.instruction.location.line} ${layer.instruction.keyword} ${layer.instruction.args}`
      : layer.base
        ? '(base image)'
        : displayCreatedBy(layer.createdBy)
    layerRows.push([String(layer.index), formatBytes(layer.size), oneLine(where, 90)])
  }
  out.push(...table(layerRows).map(line => `  ${line}`), '')

  // File and package changes against the baseline, findings with fixes (./changes-markdown.ts).
  for (const section of [renderChangesTerminal(report), renderFindingsTerminal(report)]) {
    if (section) out.push(section, '')
  }

  if (report.budgets.length > 0) {
    const budgetRows: string[][] = [['budget', 'limit', 'actual', 'status']]
    for (const budget of report.budgets) {
      const kind = budgetRowKind(budget, report.budgets)
      budgetRows.push([
        kind ? `${budget.name} (${kind})` : budget.name,
        formatBudgetValue(budget.unit, budget.limit),
        formatBudgetValue(budget.unit, budget.actual),
        budget.passed ? 'pass' : 'EXCEEDED'
      ])
    }
    out.push(...table(budgetRows), '')
  }
  const exceeded = [
    ...new Set(report.budgets.filter(budget => !budget.passed).map(budget => budget.name))
  ]
  out.push(
    report.budgets.length === 0
      ? 'No budget set.'
      : exceeded.length === 0
        ? 'All budgets passed.'
        : `Budget exceeded: ${exceeded.join(', ')}.`
  )
  out.push('Sizes: MB = 10^6 bytes (as docker image ls shows).')
  return `${out.join('\n')}\n`
}

/** `rows` as lines of left-aligned columns two spaces apart, trailing spaces trimmed. */
export function table(rows: string[][]): string[] {
  const columns = Math.max(...rows.map(r => r.length))
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...rows.map(r => (r[column] ?? '').length))
  )
  return rows.map(r =>
    r
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  )
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}
