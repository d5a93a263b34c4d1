/**
 * The trend of one image for the pull request comment and the job summary: the last entries as a
 * Mermaid `xychart-beta` chart (GitHub renders Mermaid blocks in comments and summaries, so no
 * image is hosted), the change since a pinned point (`drift-since`), and a hint when the image has
 * shrunk well below its `max-size`. Pure: functions of entries and numbers.
 *
 * Mermaid syntax (mermaid.js.org, "XY Chart"): `xychart-beta`, `title "…"`, `x-axis [a, "b c"]`
 * (categories), `y-axis "title" min --> max`, one `line [v1, v2, …]` per series.
 */
import { escapeMarkdown, codeText } from '../report/escape.ts'
import { formatBytes, plainDecimal } from '../units.ts'
import type { HistoryEntry } from './entry.ts'

/** Points the chart shows at most (the newest). */
export const TREND_POINTS = 30

/** A run's own measurement, drawn as the last point after the history. */
export interface TrendCurrent {
  /** Label of the point: `PR #12`, a short SHA. */
  label: string
  size: number
  compressedSize?: number
}

/** One point of the chart. */
export interface TrendPoint {
  label: string
  /** Uncompressed size, bytes. */
  size: number
  /** Compressed size, bytes, when measured. */
  compressedSize?: number
}

/** The points of the chart: the newest {@link TREND_POINTS} (the current run's point counted). */
export function trendPoints(
  entries: readonly HistoryEntry[],
  current?: TrendCurrent
): TrendPoint[] {
  const points: TrendPoint[] = entries.map(e => ({
    label: e.commit.slice(0, 7),
    size: e.size,
    compressedSize: e.compressedSize
  }))
  if (current) points.push({ ...current })
  return points.slice(Math.max(0, points.length - TREND_POINTS))
}

/** Bytes → MB (10^6 bytes), 3 decimals: the chart's unit. */
export function toMB(bytes: number): number {
  return Math.round(bytes / 1000) / 1000
}

/**
 * The Mermaid block (with its fences) charting `points`: x-axis labels are the points' labels
 * (short SHAs), the y-axis in MB (10^6 bytes) from just below the smallest to just above the
 * largest value ({@link axisRange}), a line of uncompressed sizes, and a second line of
 * compressed sizes when every point has one.
 *
 * @returns '' when there is no point.
 */
export function mermaidTrend(points: readonly TrendPoint[], title: string): string {
  if (points.length === 0) return ''
  const sizes = points.map(p => toMB(p.size))
  const compressed = points.every(p => p.compressedSize !== undefined)
    ? points.map(p => toMB(p.compressedSize as number))
    : undefined
  const [lo, hi] = axisRange([...sizes, ...(compressed ?? [])])
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${mermaidText(title)}"`,
    `  x-axis [${points.map(p => `"${mermaidText(p.label)}"`).join(', ')}]`,
    `  y-axis "MB (10^6 bytes)" ${lo} --> ${hi}`,
    `  line [${sizes.join(', ')}]`
  ]
  if (compressed) lines.push(`  line [${compressed.join(', ')}]`)
  lines.push('```')
  return lines.join('\n')
}

/**
 * A y-axis range around `values` (MB) that shows small changes: from 95% of the smallest value
 * rounded down to 2 significant digits, to 105% of the largest rounded up to 2 significant
 * digits (0 → 1 for an empty image).
 */
export function axisRange(values: readonly number[]): [number, number] {
  const min = Math.min(...values)
  const max = Math.max(...values)
  const lo = roundSignificant(min * 0.95, 2, 'down')
  const hi = Math.max(roundSignificant(max * 1.05, 2, 'up'), lo + 0.001, 0.001)
  return [lo, Number(plainDecimal(hi, 6, 3))]
}

/** Rounds `value` ≥ 0 to `digits` significant digits, up or down. */
export function roundSignificant(value: number, digits: number, direction: 'up' | 'down'): number {
  if (value <= 0) return 0
  const step = 10 ** (Math.floor(Math.log10(value)) - digits + 1)
  const scaled = value / step
  // Guard against 1.2000000000000002 / 0.1 style noise before rounding up or down.
  const rounded = direction === 'up' ? Math.ceil(scaled - 1e-9) : Math.floor(scaled + 1e-9)
  return Number((rounded * step).toPrecision(15))
}

/**
 * Suggests a tighter `max-size` when the image has shrunk well below it: when `size` < 80% of
 * `maxSize`, the suggestion is `size` × 1.1 (10% headroom) rounded up to 2 significant digits in
 * MB (10^6 bytes), e.g. 12,340,000 bytes under a 20 MB budget → 14 MB.
 *
 * @returns the suggested limit in bytes, or undefined when the budget is not that loose.
 */
export function suggestMaxSize(size: number, maxSize: number): number | undefined {
  if (!(maxSize > 0) || size >= maxSize * 0.8) return undefined
  const suggested = Math.round(roundSignificant((size * 1.1) / 1e6, 2, 'up') * 1e6)
  return suggested < maxSize ? suggested : undefined
}

/** A pinned point to measure drift from: a date, or an entry found for a commit or tag. */
export interface DriftPoint {
  /** What the user wrote (`v1.2.0`, `2024-01-01`, a SHA), shown as is (escaped). */
  label: string
  entry: HistoryEntry
}

/** How `drift-since` reads: a date (`YYYY-MM-DD`, optionally with a time), else a revision. */
export function parseDriftSince(
  value: string
): { kind: 'date'; time: number } | { kind: 'revision'; rev: string } {
  const text = value.trim()
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const time = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)
    if (Number.isNaN(time)) {
      throw new Error(`Input drift-since: "${value}" is not a valid date (YYYY-MM-DD).`)
    }
    return { kind: 'date', time }
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._/+-]{0,254}$/.test(text) || text.includes('..')) {
    throw new Error(
      `Input drift-since: "${value}" is not a date (YYYY-MM-DD), a tag or a commit SHA.`
    )
  }
  return { kind: 'revision', rev: text }
}

/**
 * The entry a date pins: the newest entry measured at or before `time`, else (a date before the
 * history starts) the oldest entry.
 */
export function entryAtDate(
  entries: readonly HistoryEntry[],
  time: number
): HistoryEntry | undefined {
  let found: HistoryEntry | undefined
  for (const entry of entries) {
    if (Date.parse(entry.time) <= time) found = entry
  }
  return found ?? entries[0]
}

/** What {@link renderTrendSection} shows. */
export interface TrendSection {
  /** The image's key. */
  name: string
  platform: string
  /** The image's entries of this platform, oldest first. */
  entries: readonly HistoryEntry[]
  /** This run's own measurement, drawn last. */
  current?: TrendCurrent
  /** Where the history lives, for people: `branch image-size-history`, a file path. */
  source: string
  drift?: DriftPoint
  /** Why no drift point could be shown (unknown tag, no entries…). */
  driftNote?: string
  /** The `max-size` budget, bytes. */
  maxSize?: number
}

/**
 * The markdown trend section: a heading, the Mermaid chart with its units, the change since the
 * `drift-since` point, and the `max-size` hint. Every untrusted text (names, labels) is escaped.
 *
 * @returns '' when there is neither an entry nor a current point.
 */
export function renderTrendSection(section: TrendSection): string {
  const points = trendPoints(section.entries, section.current)
  if (points.length === 0) return ''
  const parts = ['### Size history']
  const compressed = points.every(p => p.compressedSize !== undefined)
  parts.push(
    `<sub>${codeText(section.name, 200)} (${escapeMarkdown(section.platform, 64)}): the last ${points.length} ${points.length === 1 ? 'measurement' : 'measurements'} from ${escapeMarkdown(section.source, 200)}${section.current ? ', this run last' : ''}. Lines: uncompressed${compressed ? ' (upper) and compressed (lower)' : ''} size, in MB (10^6 bytes).</sub>`
  )
  parts.push(mermaidTrend(points, `${section.name} (${section.platform})`))

  const facts: string[] = []
  const latest = section.current ?? (points.at(-1) as TrendPoint)
  if (section.drift) {
    const { entry } = section.drift
    const change = latest.size - entry.size
    const pct =
      entry.size > 0
        ? ` (${change >= 0 ? '+' : ''}${plainDecimal((change / entry.size) * 100, 3, 2)}%)`
        : ''
    facts.push(
      `- **Since ${escapeMarkdown(section.drift.label, 100)}** (${entry.commit.slice(0, 7)}, ${entry.time.slice(0, 10)}): ${change >= 0 ? '+' : ''}${formatBytes(change)}${pct}, from ${formatBytes(entry.size)} to ${formatBytes(latest.size)}`
    )
  } else if (section.driftNote) {
    facts.push(`- ${escapeMarkdown(section.driftNote, 300)}`)
  }
  if (section.maxSize !== undefined) {
    const suggestion = suggestMaxSize(latest.size, section.maxSize)
    if (suggestion !== undefined) {
      facts.push(
        `- 💡 \`max-size\` could be tightened to **${formatBytes(suggestion).replace(' ', '')}**: the image is ${formatBytes(latest.size)}, ${plainDecimal((latest.size / section.maxSize) * 100, 2)}% of its ${formatBytes(section.maxSize)} budget (suggested when below 80%: the size + 10%, rounded up to 2 significant digits).`
      )
    }
  }
  if (facts.length > 0) parts.push(facts.join('\n'))
  return parts.join('\n\n')
}

/**
 * The markdown with the trend section after it (the markdown unchanged when `trend` is ''). The
 * caller renders the markdown with `maxLength` lowered by `trend.length + 4`, so the whole stays
 * under GitHub's comment limit.
 */
export function withTrend(markdown: string, trend: string): string {
  return trend ? `${markdown.replace(/\s+$/, '')}\n\n${trend}\n` : markdown
}

/**
 * Text safe inside a Mermaid double-quoted string: no quotes, backticks, newlines, `#;` (entity
 * codes) or `<>` (labels may render as HTML).
 */
function mermaidText(text: string): string {
  return text
    .replace(/["`#;<>\r\n]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80)
}
