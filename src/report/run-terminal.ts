/**
 * A run (schema-2 report, {@link RunReport}) as plain text for the terminal (the CLI). Pure. A run
 * of one image prints exactly as that image's report (`renderTerminal`); a run of several opens
 * with one table (a row per image and platform) and the run's verdict, then prints each entry's
 * report under a heading. Sizes in MB = 10^6 bytes, as `docker image ls` prints them.
 */
import type { BudgetResult, ImageEntry, RunReport } from '../model.ts'
import { formatExcess, increaseFailed } from '../budgets.ts'
import { compareToBaseline } from './baseline.ts'
import { entryReport } from './run-markdown.ts'
import { failureLine, renderRunFailureText } from './run-failure.ts'
import { renderTerminal, table } from './terminal.ts'
import { formatBytes, plainDecimal } from '../units.ts'

/** Options of {@link renderRunTerminal}. */
export interface RunTerminalOptions {
  /** Bytes; |change| below this shows as unchanged (input `min-change`); absent: each report's own verdict. */
  minChange?: number
}

/**
 * Renders `run` as text ending with a newline. One entry: `renderTerminal` of it. Several: a
 * summary table (image, platform, uncompressed, compressed, change against its baseline, verdict)
 * in the run's order, the run's verdict naming each image and platform over a budget and by how
 * much, then each entry's `renderTerminal` under an `== name · platform ==` heading.
 *
 * Names and platforms come from config files, bake targets and reports read back: control
 * characters (terminal escape sequences, newlines) print as spaces.
 */
export function renderRunTerminal(run: RunReport, opts: RunTerminalOptions = {}): string {
  const [only] = run.images
  const failures = run.failures ?? []
  if (only && run.images.length === 1 && failures.length === 0) {
    return renderTerminal(entryReport(run, only))
  }

  const out: string[] = [
    `${run.tool.name} ${run.tool.version} — ${scope([...run.images, ...failures])}`,
    ''
  ]
  const rows: string[][] = [
    ['image', 'platform', 'uncompressed', 'compressed', 'change', 'verdict']
  ]
  for (const failure of failures) {
    rows.push([plain(failure.name), plain(failure.platform), '—', '—', '—', 'BUILD FAILED'])
  }
  for (const entry of run.images) {
    const c = entry.final.compressed
    rows.push([
      plain(entry.name),
      plain(entry.platform),
      formatBytes(entry.final.size),
      c ? `${formatBytes(c.size)}${c.exact ? '' : ' (estimate)'}` : '—',
      changeText(entry, opts.minChange),
      verdict(entry)
    ])
  }
  out.push(...table(rows), '')

  const breaching = run.images.filter(failed)
  const subjects = run.images.length + failures.length
  if (failures.length > 0) {
    out.push(`Build failed in ${failures.length} of ${subjects}:`)
    for (const failure of failures) out.push(`  ${failureLine(failure)}`)
  }
  if (breaching.length > 0) {
    out.push(`Budget exceeded in ${breaching.length} of ${run.images.length}:`)
    for (const entry of breaching) {
      out.push(`  ${plain(entry.name)} (${plain(entry.platform)}): ${breachText(entry)}`)
    }
  } else if (failures.length > 0) {
    // Named above.
  } else if (!run.passed) out.push('The run failed.')
  else if (run.images.every(e => e.budgets.length === 0)) out.push('No budget set.')
  else out.push('All budgets passed.')
  out.push('')

  for (const failure of failures) {
    out.push(`== ${plain(failure.name)} · ${plain(failure.platform)} ==`, '')
    out.push(renderRunFailureText(failure))
  }
  for (const entry of run.images) {
    out.push(`== ${plain(entry.name)} · ${plain(entry.platform)} ==`, '')
    out.push(renderTerminal(entryReport(run, entry)))
  }
  return `${out.join('\n').trimEnd()}\n`
}

// Terminal escape sequences and line breaks: C0 and C1 controls, and Unicode line separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g

/** Untrusted text on one line with no control character, at most 60 code points. */
function plain(text: string): string {
  const points = Array.from(text.replace(CONTROL, ' '))
  return points.length > 60 ? `${points.slice(0, 59).join('')}…` : points.join('')
}

function failed(entry: ImageEntry): boolean {
  return !entry.passed || entry.budgets.some(b => !b.passed)
}

function verdict(entry: ImageEntry): string {
  if (failed(entry)) return 'EXCEEDED'
  return entry.budgets.length === 0 ? '—' : 'pass'
}

/** "3 images", "3 images on 2 platforms". */
function scope(entries: readonly Pick<ImageEntry, 'name' | 'platform'>[]): string {
  const images = new Set(entries.map(e => e.name)).size
  const platforms = new Set(entries.map(e => e.platform)).size
  const text = `${images} image${images === 1 ? '' : 's'}`
  return platforms > 1 ? `${text} on ${platforms} platforms` : text
}

/**
 * The change against the baseline: `+7.39 MB (+98.2%)`, `unchanged`, or `—` without a baseline.
 * A failing `max-increase` always shows its change.
 */
function changeText(entry: ImageEntry, minChange: number | undefined): string {
  if (!entry.baseline) return '—'
  const c = entry.baselineComparison ?? compareToBaseline(entry.final, entry.baseline)
  const unchanged =
    !increaseFailed(entry.budgets) &&
    (minChange === undefined ? c.unchanged === true : Math.abs(c.change) < minChange)
  if (unchanged) return 'unchanged'
  const sign = c.change > 0 ? '+' : ''
  const percent = entry.baseline.size > 0 ? ` (${sign}${plainDecimal(c.changePercent, 3)}%)` : ''
  return `${sign}${formatBytes(c.change)}${percent}`
}

/** "over max-size by 1.22 MB (1,220,000 bytes); over max-layers by 1": one per budget name. */
function breachText(entry: ImageEntry): string {
  const seen = new Set<string>()
  const parts: string[] = []
  for (const b of entry.budgets) {
    if (b.passed || seen.has(b.name)) continue
    seen.add(b.name)
    parts.push(overshoot(b))
  }
  return parts.length === 0 ? 'failed' : parts.join('; ')
}

function overshoot(b: BudgetResult): string {
  const floor = b.name === 'min-efficiency'
  const excess = floor ? b.limit - b.actual : b.actual - b.limit
  return `${floor ? 'below' : 'over'} ${b.name} by ${formatExcess(b.unit, excess)}`
}
