/**
 * The trend of one image for the pull request comment and the job summary: the last entries as a
 * Mermaid `xychart-beta` chart (GitHub renders Mermaid blocks in comments and summaries, so no
 * image is hosted), the change since a pinned point (`drift-since`), and a hint when the image has
 * shrunk well below its `max-size`. Pure: functions of entries and numbers.
 *
 * Mermaid syntax (mermaid.js.org, "XY Chart"): `xychart-beta`, `title "…"`, `x-axis [a, "b c"]`
 * (categories), `y-axis "title" min --> max`, one `line [v1, v2, …]` per series.
 */
import { escapeMarkdown, codeText, shorten } from '../report/escape.ts'
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

/** The unit of the chart's y-axis: SI like the rest of the report (1 kB = 1000 bytes). */
export interface ChartUnit {
  name: 'B' | 'kB' | 'MB' | 'GB'
  /** Bytes in one unit. */
  bytes: number
}

/**
 * The chart's unit for sizes up to `maxBytes`: the largest of B, kB, MB, GB of which the
 * largest value holds at least one (a 436-byte image is charted in B, not as 0.000 MB).
 */
export function chartUnit(maxBytes: number): ChartUnit {
  if (maxBytes >= 1e9) return { name: 'GB', bytes: 1e9 }
  if (maxBytes >= 1e6) return { name: 'MB', bytes: 1e6 }
  if (maxBytes >= 1e3) return { name: 'kB', bytes: 1e3 }
  return { name: 'B', bytes: 1 }
}

/**
 * Decimals that show the change between `values` (already in the chart's unit): 2 significant
 * or 3 significant digits of their spread (max − min), at least 1 and at most 3 decimals (0 for bytes): a creep
 * of 30.55 → 31.95 MB keeps 2 decimals, one of 30.551 → 30.573 MB keeps 3.
 */
export function chartDecimals(values: readonly number[], unit: ChartUnit): number {
  if (unit.bytes === 1) return 0
  const spread = Math.max(...values) - Math.min(...values)
  if (!(spread > 0)) return 2
  return Math.min(3, Math.max(1, 2 - Math.floor(Math.log10(spread))))
}

/** Bytes → `unit`, rounded to `decimals`. */
export function inUnit(bytes: number, unit: ChartUnit, decimals: number): number {
  return Number((bytes / unit.bytes).toFixed(decimals))
}

/** At most this many x-axis labels are written (7-character SHAs at the default 700 px width). */
export const MAX_X_LABELS = 7

/**
 * The x-axis labels: the last point's label and every `step`-th one before it
 * (`step` = ⌈points / {@link MAX_X_LABELS}⌉), so labels never overlap; the other points get
 * distinct labels made of zero-width spaces (U+200B), which Mermaid draws as nothing — a
 * category axis needs one distinct label per point (equal labels would merge their points).
 */
export function xLabels(points: readonly TrendPoint[]): string[] {
  const step = Math.ceil(points.length / MAX_X_LABELS)
  const last = points.length - 1
  const used = new Set<string>()
  return points.map((p, i) => {
    let label = (last - i) % step === 0 ? mermaidText(p.label, 16) : ''
    // Invisible ones, and a drawn label met before (two SHAs alike), made distinct.
    label += '\u200b'.repeat(label === '' ? i + 1 : 0)
    while (used.has(label)) label += '\u200b'
    used.add(label)
    return label
  })
}

/** The chart's height in px (Mermaid's default 500 is taller than it is wide on a phone). */
export const CHART_HEIGHT = 360

/** The colour of the line: GitHub's accent blue, readable on light and dark backgrounds. */
export const TREND_LINE_COLOUR = '#0969da'

/**
 * The Mermaid block (with its fences) charting the uncompressed size of `points`, oldest first:
 * an init directive setting the line's colour ({@link TREND_LINE_COLOUR}; Mermaid's first
 * palette colour is a pale lavender), x-axis labels thinned to {@link MAX_X_LABELS}
 * ({@link xLabels}), the y-axis in a unit chosen from the data ({@link chartUnit}) with
 * {@link chartDecimals} decimals, from just below the smallest to just above the largest value
 * ({@link axisRange}: it does not start at 0, so a creep of a few percent is visible). The
 * compressed size, on another scale, is left to the text under the chart.
 *
 * @returns '' when there is no point.
 */
export function mermaidTrend(points: readonly TrendPoint[], title: string): string {
  if (points.length === 0) return ''
  const unit = chartUnit(Math.max(...points.map(p => p.size)))
  const raw = points.map(p => p.size / unit.bytes)
  const decimals = chartDecimals(raw, unit)
  const sizes = points.map(p => inUnit(p.size, unit, decimals))
  const [lo, hi] = axisRange(sizes, decimals)
  const init = {
    xyChart: { height: CHART_HEIGHT },
    themeVariables: { xyChart: { plotColorPalette: TREND_LINE_COLOUR } }
  }
  return [
    '```mermaid',
    `%%{init: ${JSON.stringify(init)}}%%`,
    'xychart-beta',
    `  title "${mermaidText(title, 80)}"`,
    `  x-axis [${xLabels(points)
      .map(label => `"${label}"`)
      .join(', ')}]`,
    `  y-axis "${unit.name}" ${plainDecimal(lo, 15, decimals + 1)} --> ${plainDecimal(hi, 15, decimals + 1)}`,
    `  line [${sizes.map(v => plainDecimal(v, 15, decimals)).join(', ')}]`,
    '```'
  ].join('\n')
}

/**
 * A y-axis range around `values` that shows small changes: padded by 10% of their spread (at
 * least 0.5% of the largest value), then widened to whole steps of a tenth of the padded range's
 * power of ten; never below 0. All zeros → [0, 1].
 *
 * @param decimals the values' decimals; the bounds get at most one more.
 */
export function axisRange(values: readonly number[], decimals = 3): [number, number] {
  const min = Math.min(...values)
  const max = Math.max(...values)
  if (!(max > 0)) return [0, 1]
  const pad = Math.max((max - min) * 0.1, max * 0.005)
  const low = Math.max(0, min - pad)
  const high = max + pad
  const step = Math.max(10 ** (Math.floor(Math.log10(high - low)) - 1), 10 ** -(decimals + 1))
  const clean = (v: number): number => Number(v.toPrecision(12))
  const lo = clean(Math.floor(clean(low / step)) * step)
  const hi = clean(Math.ceil(clean(high / step)) * step)
  return [lo, hi > lo ? hi : clean(lo + step)]
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

/**
 * A percentage cut (never rounded up) to 3 significant digits: 79.875 → `79.8`, so a value
 * below a threshold never prints as the threshold itself.
 */
export function percentDown(percent: number): string {
  return new Intl.NumberFormat('en-US', {
    maximumSignificantDigits: 3,
    roundingMode: 'trunc',
    useGrouping: false
  }).format(percent)
}

/** Bytes with 4 significant digits in the largest unit that holds them: 31,950,000 → `31.95 MB`. */
export function sizeText(bytes: number): string {
  const unit = chartUnit(Math.abs(bytes))
  return `${plainDecimal(bytes / unit.bytes, 4)} ${unit.name}`
}

/** A pinned point to measure drift from: a date, or an entry found for a commit or tag. */
export interface DriftPoint {
  /** What the user wrote (`v1.2.0`, `2024-01-01`, a SHA), shown as is (escaped). */
  label: string
  entry: HistoryEntry
}

/** What `drift-since` names: a date, or a git revision. */
export type DriftSince =
  | { kind: 'date'; time: number }
  | {
      kind: 'revision'
      rev: string
      /**
       * True for a plain name (a tag, a branch, a commit SHA), which the GitHub API resolves;
       * false for a revision expression (`HEAD~3`, `main^2`, `main@{2}`), which only git does.
       */
      plain: boolean
    }

/** A name: a tag, a branch or a (short) commit SHA, as `git check-ref-format` takes them. */
const REV_NAME = String.raw`(?:[A-Za-z0-9_][A-Za-z0-9._/+-]*|@)`
/** Suffixes git reads after a name: `~`, `~3`, `^`, `^2`, `@{2}`, `@{2024-01-01}`. */
const REV_SUFFIX = String.raw`(?:[~^]\d{0,6}|@\{[A-Za-z0-9._:+-]{1,40}\})`
const REVISION = new RegExp(`^${REV_NAME}${REV_SUFFIX}*$`)

/**
 * Reads `drift-since`: a date (`YYYY-MM-DD`, optionally with a time, UTC unless it says), else a
 * git revision: a tag, a branch, a commit SHA, or a revision expression (`HEAD~3`, `main^2`,
 * `v1.0~1`). Checks the syntax only (no lookup), so it runs with the other inputs, before any
 * build. Refused: ranges (`a..b`), paths (`HEAD:file`), spaces, control characters, a leading
 * `-` (an option to git).
 *
 * @throws Error naming the input and the accepted forms.
 */
export function parseDriftSince(value: string): DriftSince {
  const text = value.trim()
  const shown = JSON.stringify(value)
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const time = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text)
    // Date.parse rolls 2026-02-30 over to March: a date must read back as written.
    const rolled = text.length === 10 && new Date(time).toISOString().slice(0, 10) !== text
    if (Number.isNaN(time) || rolled) {
      throw new Error(`Input drift-since: ${shown} is not a valid date (YYYY-MM-DD).`)
    }
    return { kind: 'date', time }
  }
  if (
    text.length > 255 ||
    !REVISION.test(text) ||
    text.includes('..') ||
    /\.lock(?:\/|$)/.test(text)
  ) {
    throw new Error(
      `Input drift-since: ${shown} is not a date (YYYY-MM-DD), a tag, a branch, a commit SHA or a git revision such as HEAD~3.`
    )
  }
  return { kind: 'revision', rev: text, plain: new RegExp(`^${REV_NAME}$`).test(text) }
}

/**
 * `drift-since` for the action, which resolves revisions through the GitHub API (no git
 * history in the checkout): a date, or a plain tag, branch or commit SHA.
 *
 * @throws Error naming the input for a revision expression (`HEAD~3`) and saying what is taken.
 */
export function parseDriftSinceForApi(value: string): DriftSince {
  const parsed = parseDriftSince(value)
  if (parsed.kind === 'revision' && !parsed.plain) {
    throw new Error(
      `Input drift-since: ${JSON.stringify(value)} is a git revision expression; the action looks revisions up through the GitHub API, which takes a tag, a branch or a commit SHA (or give a date, YYYY-MM-DD). Expressions such as HEAD~3 work in the CLI.`
    )
  }
  return parsed
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
 * The markdown trend section: a heading, a line saying what is charted, the Mermaid chart of the
 * uncompressed size, then facts as a list: the change over the points shown (uncompressed and
 * compressed), the change since the `drift-since` point, and the `max-size` hint. Every untrusted
 * text (names, labels) is escaped.
 *
 * @returns '' when there is neither an entry nor a current point.
 */
export function renderTrendSection(section: TrendSection): string {
  const points = trendPoints(section.entries, section.current)
  if (points.length === 0) return ''
  const parts = ['### Size history']
  const unit = chartUnit(Math.max(...points.map(p => p.size)))
  parts.push(
    `<sub>${codeText(section.name, 200)} (${escapeMarkdown(section.platform, 64)}): uncompressed size of the last ${points.length} ${points.length === 1 ? 'measurement' : 'measurements'} from ${escapeMarkdown(section.source, 200)}, oldest first${section.current ? ', this run last' : ''}; in ${unit.name} (${UNIT_WORDS[unit.name]}), the axis does not start at 0.</sub>`
  )
  parts.push(mermaidTrend(points, chartTitle(section.name, section.platform)))
  const facts = trendFacts(section, points).map(fact => `- ${fact.markdown}`)
  if (facts.length > 0) parts.push(facts.join('\n'))
  return parts.join('\n\n')
}

/**
 * The trend as terminal lines (the CLI prints them after its table): the change over the last
 * points, since `drift-since`, and the `max-size` hint; no chart. Each line starts `history: `.
 *
 * @returns [] when there is neither an entry nor a current point.
 */
export function trendTerminalLines(section: TrendSection): string[] {
  const points = trendPoints(section.entries, section.current)
  if (points.length === 0) return []
  return trendFacts(section, points).map(fact => `history: ${fact.text}`)
}

/** One fact under the chart, for markdown and for a terminal (plain, no escapes needed there). */
interface TrendFact {
  markdown: string
  text: string
}

function trendFacts(section: TrendSection, points: readonly TrendPoint[]): TrendFact[] {
  const facts: TrendFact[] = []
  const first = points[0] as TrendPoint
  const latest = points.at(-1) as TrendPoint
  const label = (p: TrendPoint): string => plain(p.label)
  const span = `the last ${points.length} ${points.length === 1 ? 'measurement' : 'measurements'}`
  if (points.length > 1) {
    facts.push({
      markdown: `Uncompressed over ${span}: ${changeText(first.size, latest.size)}, from ${sizeText(first.size)} (${escapeMarkdown(label(first), 40)}) to ${sizeText(latest.size)} (${escapeMarkdown(label(latest), 40)})`,
      text: `${plain(shorten(section.name, 80))} (${plain(section.platform)}), uncompressed over ${span}: ${changeText(first.size, latest.size)}, from ${sizeText(first.size)} (${label(first)}) to ${sizeText(latest.size)} (${label(latest)})`
    })
    const withCompressed = points.filter(p => p.compressedSize !== undefined)
    const from = withCompressed[0]
    const to = withCompressed.at(-1)
    if (from && to && from !== to) {
      const a = from.compressedSize as number
      const b = to.compressedSize as number
      facts.push({
        markdown: `Compressed: ${changeText(a, b)}, from ${sizeText(a)} (${escapeMarkdown(label(from), 40)}) to ${sizeText(b)} (${escapeMarkdown(label(to), 40)})`,
        text: `compressed: ${changeText(a, b)}, from ${sizeText(a)} (${label(from)}) to ${sizeText(b)} (${label(to)})`
      })
    }
  } else {
    facts.push({
      markdown: `Uncompressed: ${sizeText(latest.size)} (${escapeMarkdown(label(latest), 40)}), the only measurement`,
      text: `${plain(shorten(section.name, 80))} (${plain(section.platform)}): ${sizeText(latest.size)}, the only measurement`
    })
  }
  if (section.drift) {
    const { entry } = section.drift
    const where = `(${entry.commit.slice(0, 7)}, ${entry.time.slice(0, 10)})`
    const body = `${changeText(entry.size, latest.size)}, from ${sizeText(entry.size)} to ${sizeText(latest.size)}`
    facts.push({
      markdown: `**Since ${escapeMarkdown(section.drift.label, 100)}** ${where}: ${body}`,
      text: `since ${plain(section.drift.label)} ${where}: ${body}`
    })
  } else if (section.driftNote) {
    facts.push({ markdown: escapeMarkdown(section.driftNote, 300), text: plain(section.driftNote) })
  }
  if (section.maxSize !== undefined) {
    const suggestion = suggestMaxSize(latest.size, section.maxSize)
    if (suggestion !== undefined) {
      const limit = formatBytes(suggestion).replace(' ', '')
      const why = `the image is ${sizeText(latest.size)}, ${percentDown((latest.size / section.maxSize) * 100)}% of its ${sizeText(section.maxSize)} budget (suggested below 80%: the size + 10%, rounded up to 2 significant digits)`
      facts.push({
        markdown: `💡 \`max-size\` could be tightened to **${limit}**: ${why}.`,
        text: `max-size could be tightened to ${limit}: ${why}.`
      })
    }
  }
  return facts
}

/** `+1.4 MB (+4.58%)`, `-580 kB (-20.1%)`, `no change`. */
export function changeText(from: number, to: number): string {
  const change = to - from
  if (change === 0) return 'no change'
  const sign = change > 0 ? '+' : ''
  const pct = from > 0 ? ` (${sign}${plainDecimal((change / from) * 100, 3, 2)}%)` : ''
  return `${sign}${formatBytes(change)}${pct}`
}

/**
 * The chart's title: the name (its end kept when longer than 40 characters: `…/team/app`) and
 * the platform, which is never cut off.
 */
export function chartTitle(name: string, platform: string): string {
  const flat = mermaidText(name, 4096)
  const short = flat.length > 40 ? `…${flat.slice(flat.length - 39)}` : flat
  return `${short} (${mermaidText(platform, 32)})`
}

/** Control characters (and bidi overrides) as spaces, for terminal lines. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
}

const UNIT_WORDS: Record<ChartUnit['name'], string> = {
  B: 'bytes',
  kB: '10^3 bytes',
  MB: '10^6 bytes',
  GB: '10^9 bytes'
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
 * Text safe inside a Mermaid double-quoted string: no quotes, backticks, newlines or other control
 * characters, `#;` (entity codes) or `<>` (labels may render as HTML); at most `max` characters.
 */
function mermaidText(text: string, max: number): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/["`#;<>\u0000-\u001f\u007f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, max)
  )
}
