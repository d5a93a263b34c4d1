/**
 * A run (schema-2 report, {@link RunReport}) as GitHub-flavoured markdown: the job summary and the
 * PR comment. A run of one image renders exactly as that image's report (`renderMarkdown`); a run
 * of several opens with a headline and one table (a row per image and platform) and folds each
 * entry's details below it. Pure: a function of the run.
 *
 * Every name and platform comes from a config file, a bake target or a report read back: all of
 * it passes through `escapeMarkdown`/`codeText` (`./escape.ts`), shortened first.
 */
import type { BudgetResult, ImageEntry, Report, RunFailure, RunReport } from '../model.ts'
import {
  GITHUB_COMMENT_MAX_LENGTH,
  baselineChangeText,
  budgetBreachText,
  renderMarkdown,
  verdictIcon
} from './markdown.ts'
import { codeText, commentMarker, escapeMarkdown } from './escape.ts'
import { failuresPhrase, renderRunFailureMarkdown } from './run-failure.ts'
import { formatBytes } from '../units.ts'

/** Options of {@link renderRunMarkdown}. */
export interface RunMarkdownOptions {
  /** When given, the body starts with the hidden marker of this comment key. */
  commentKey?: string
  /** Upper bound on the body's length in UTF-16 code units; default 65,536. */
  maxLength?: number
  /** Bytes; |change| below this shows as unchanged (input `min-change`). */
  minChange?: number
  /**
   * Markdown to append to an entry's section (the size-history trend), keyed by
   * {@link entryKey}.
   */
  trends?: Record<string, string>
}

/** The key of an entry in maps over a run's entries: `name` and `platform`. */
export function entryKey(entry: Pick<ImageEntry, 'name' | 'platform'>): string {
  return `${entry.name}\u0000${entry.platform}`
}

/** An entry as a schema-1 report of its own (header from the run), for single-image renderers. */
export function entryReport(run: RunReport, entry: ImageEntry): Report {
  const { name: _name, platform: _platform, ...result } = entry
  return { schemaVersion: 1, tool: run.tool, createdAt: run.createdAt, ...result }
}

// Display limits for untrusted text, in code points.
const MAX_NAME = 40
const MAX_PLATFORM = 30
/** Breaching entries listed under a headline that counts several; the table marks the rest. */
const MAX_BREACH_LINES = 5
/**
 * The shortest an entry's fold is cut to (characters of its body) before folds are dropped: about
 * the head of a report (context line, what changed, fixes, failing budgets) without its details.
 */
const MIN_FOLD_BODY = 1_500

/**
 * Renders `run`.
 *
 * One entry: `renderMarkdown` of it, its trend appended — byte for byte what a single-image run
 * printed before runs existed.
 *
 * Several entries, top to bottom:
 * 1. the hidden marker (with `commentKey`);
 * 2. the headline: the run's verdict; on a breach, which image and platform is over which budget
 *    and by how much (one breaching entry: in the headline; several: counted, then listed);
 * 3. one table, a row per entry: verdict icon and name, platform (only when the entries' platforms
 *    differ; only the architecture when all share one OS), uncompressed size, the change against
 *    its baseline (when some entry has a baseline; `—` for those without, `unchanged` below
 *    min-change); the compressed size only in a table with neither platform nor change (a phone
 *    has no room for it beside them);
 * 4. each entry's details in a `<details>` whose summary is "name · platform · size": its
 *    `renderMarkdown` body, embedded (no marker, headline or footnote), then its trend;
 * 5. one note on units.
 *
 * Order: the images with an entry over budget first, then the others, each group in the run's
 * (spec) order, an image's platforms together. The rows a reviewer must act on lead the table,
 * and when the length limit drops folds (from the end), the breaching entries keep theirs.
 *
 * Length: at most `opts.maxLength` (default {@link GITHUB_COMMENT_MAX_LENGTH}). The table is never
 * cut. The folds give way first: the largest are shortened (each entry's own details cut by
 * `renderMarkdown`, down to about {@link MIN_FOLD_BODY} characters), then folds are dropped from
 * the end with a note naming how many; only a table alone over the limit is cut at a line.
 *
 * @throws Error when `opts.maxLength` is not a positive integer or `opts.commentKey` is empty.
 */
export function renderRunMarkdown(run: RunReport, opts: RunMarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? GITHUB_COMMENT_MAX_LENGTH
  if (!Number.isInteger(maxLength) || maxLength <= 0) {
    throw new Error(`renderRunMarkdown: maxLength must be a positive integer, got ${maxLength}`)
  }
  const [only] = run.images
  const failures = run.failures ?? []
  if (only && run.images.length === 1 && failures.length === 0) {
    const entry = only
    let trend = opts.trends?.[entryKey(entry)]
    // A trend that leaves no room for the report is left out rather than cut.
    if (trend && maxLength - trend.length - 4 < MIN_FOLD_BODY) trend = undefined
    const body = renderMarkdown(entryReport(run, entry), {
      ...(opts.commentKey !== undefined ? { commentKey: opts.commentKey } : {}),
      baseline: { minChange: opts.minChange },
      maxLength: trend ? maxLength - trend.length - 4 : maxLength
    })
    return trend ? `${body}\n\n${trend}\n` : body
  }

  const entries = breachingFirst(run.images)
  const folds = entries.map(entry => new Fold(entry, entryReport(run, entry), opts))
  const headParts: string[] = []
  if (opts.commentKey !== undefined) headParts.push(commentMarker(opts.commentKey))
  headParts.push(renderRunHeadline(run, entries))
  if (entries.length > 0 || failures.length > 0) {
    headParts.push(renderRunTable(entries, run, opts.minChange))
  }
  // Each failed build's section (what failed, where, its log tail): after the table, before the
  // folds, so the length limit drops folds before it touches them.
  failures.forEach((failure, i) => {
    headParts.push(renderRunFailureMarkdown(shownFailure(failure, i)))
  })
  const head = headParts.join('\n\n')
  const footnote = runFootnote(run)

  /** The body with the first `kept` folds, fold i's content at most `cap(i)` characters. */
  const compose = (kept: number, cap: (i: number) => number): string => {
    const parts = [head, ...folds.slice(0, kept).map((f, i) => f.render(cap(i)))]
    const left = folds.length - kept
    if (left > 0) {
      parts.push(
        `<sub>✂️ Details of ${left} of ${folds.length} images left out to stay under ${maxLength.toLocaleString('en-US')} characters: see the job summary or the JSON report.</sub>`
      )
    }
    parts.push(footnote)
    return parts.join('\n\n') + '\n'
  }

  const full = compose(folds.length, () => Infinity)
  if (full.length <= maxLength) return full
  const shortest = (): number => MIN_FOLD_BODY

  // The most folds that fit at their shortest (the rest dropped from the end), then caps on their
  // contents that fill the room (./fittingCaps: the largest cut, the others whole).
  let lo = 0
  let hi = folds.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (compose(mid, shortest).length <= maxLength) lo = mid
    else hi = mid - 1
  }
  const kept = lo
  const shown = folds.slice(0, kept)
  // What the body holds besides its folds' contents: the same whatever the caps.
  const foldRoom =
    maxLength -
    (compose(kept, shortest).length -
      shown.reduce((sum, f) => sum + f.content(MIN_FOLD_BODY).length, 0))
  const caps = fittingCaps(shown, foldRoom)
  const body = compose(kept, i => caps[i] ?? MIN_FOLD_BODY)
  if (body.length <= maxLength) return body

  // The headline and table alone are over the limit: cut at a line boundary.
  const note = `\n\n<sub>✂️ The rest of this report was cut to stay under ${maxLength.toLocaleString('en-US')} characters; the JSON report has all of it.</sub>\n`
  const room = maxLength - note.length
  if (room <= 0) return note.trim().slice(0, maxLength)
  const cut = body.slice(0, room)
  const lastBreak = cut.lastIndexOf('\n')
  return (lastBreak > 0 ? cut.slice(0, lastBreak) : cut) + note
}

/**
 * A cap on each fold's content (at least {@link MIN_FOLD_BODY}) so that the contents fit `room`
 * characters together. First one cap for all, the largest that fits by the whole lengths alone
 * (water-filling: a cut content is at most its cap, so it always fits); the largest folds are the
 * ones cut. A report is cut at whole rows and sections, so most come out shorter than their cap:
 * the room left over goes to the cut folds in order (breaching images first), each as much as it
 * can take.
 */
function fittingCaps(folds: readonly Fold[], room: number): number[] {
  const lengths = folds.map(f => f.fullLength).sort((a, b) => a - b)
  let cap = MIN_FOLD_BODY
  let whole = 0
  for (const [i, length] of lengths.entries()) {
    // Folds i… are cut to one cap: the largest that fits beside the whole ones before them.
    const even = Math.floor((room - whole) / (lengths.length - i))
    if (even < length) {
      cap = Math.max(MIN_FOLD_BODY, even)
      break
    }
    whole += length
    cap = length
  }
  const caps = folds.map(() => cap)
  let spare = room - folds.reduce((sum, f) => sum + f.content(cap).length, 0)
  folds.forEach((fold, i) => {
    if (spare <= 0 || fold.fullLength <= cap) return
    const before = fold.content(cap).length
    // At most `before + spare` long: it grows by at most `spare`.
    if (before + spare <= cap) return
    caps[i] = before + spare
    spare -= fold.content(caps[i]).length - before
  })
  return caps
}

/** One entry's `<details>`, rendered whole or cut to a length, each length rendered once. */
class Fold {
  private readonly summary: string
  private readonly trend: string
  private readonly report: Report
  private readonly minChange: number | undefined
  private readonly cache = new Map<number, string>()
  private readonly full: string
  /** Characters of the whole body (report and trend). */
  readonly fullLength: number

  constructor(entry: ImageEntry, report: Report, opts: RunMarkdownOptions) {
    const icon = report.budgets.length > 0 ? `${verdictIcon(report)} ` : ''
    this.summary = `${icon}${escapeMarkdown(entry.name, MAX_NAME)} · ${escapeMarkdown(entry.platform, MAX_PLATFORM)} · ${formatBytes(report.final.size)}`
    this.trend = opts.trends?.[entryKey(entry)]?.trim() ?? ''
    this.report = report
    this.minChange = opts.minChange
    this.full = this.join(this.body(Number.MAX_SAFE_INTEGER), this.trend)
    this.fullLength = this.full.length
  }

  /** The fold with its body at most `cap` characters (the trend goes first, then details). */
  render(cap: number): string {
    // Blank lines around the body so GitHub renders the markdown inside the HTML block.
    return `<details><summary>${this.summary}</summary>\n\n${this.content(cap)}\n\n</details>`
  }

  /** The body at most `cap` characters long (at least {@link MIN_FOLD_BODY} asked). */
  content(cap: number): string {
    if (this.full.length <= cap) return this.full
    const roomWithTrend = cap - this.trend.length - 2
    return this.trend && roomWithTrend >= MIN_FOLD_BODY
      ? this.join(this.body(roomWithTrend), this.trend)
      : this.body(cap)
  }

  private body(maxLength: number): string {
    let text = this.cache.get(maxLength)
    if (text === undefined) {
      text = renderMarkdown(this.report, {
        embedded: true,
        baseline: { minChange: this.minChange },
        maxLength
      }).trim()
      this.cache.set(maxLength, text)
    }
    return text
  }

  private join(body: string, trend: string): string {
    return trend ? `${body}\n\n${trend}` : body
  }
}

/** Log lines shown per failure in markdown, and the failures shown with one (the rest: the JSON report). */
const FAILURE_LOG_LINES = 30
const FAILURE_LOG_LINE = 200
const FAILURES_WITH_LOG = 5

/** A failure as the markdown shows it: its log tail shortened (none past the first few). */
function shownFailure(failure: RunFailure, index: number): RunFailure {
  const tail = index < FAILURES_WITH_LOG ? (failure.logTail ?? []) : []
  return {
    ...failure,
    logTail: tail
      .slice(-FAILURE_LOG_LINES)
      .map(line =>
        line.length > FAILURE_LOG_LINE ? `${line.slice(0, FAILURE_LOG_LINE - 1)}…` : line
      )
  }
}

function failed(entry: ImageEntry): boolean {
  return !entry.passed || entry.budgets.some(b => !b.passed)
}

/**
 * The images with a breaching entry first, then the rest; each group keeps the run's order, and
 * an image's platforms stay together in theirs.
 */
function breachingFirst(entries: readonly ImageEntry[]): ImageEntry[] {
  const breaching = new Set(entries.filter(failed).map(e => e.name))
  return [
    ...entries.filter(e => breaching.has(e.name)),
    ...entries.filter(e => !breaching.has(e.name))
  ]
}

function distinct(values: readonly string[]): number {
  return new Set(values).size
}

/** "3 images", "3 images on 2 platforms", "1 image on 2 platforms". */
function scope(entries: readonly ImageEntry[]): string {
  const images = distinct(entries.map(e => e.name))
  const platforms = distinct(entries.map(e => e.platform))
  const text = `${images} ${plural(images, 'image')}`
  return platforms > 1 ? `${text} on ${platforms} platforms` : text
}

/** An entry in a sentence: `api` (linux/arm64). */
function entryName(entry: ImageEntry): string {
  return `${codeText(entry.name, MAX_NAME)} (${escapeMarkdown(entry.platform, MAX_PLATFORM)})`
}

/** "over `max-size` by 1.2 MB and `max-increase` by 3 MB": one phrase per failing budget name. */
function breaches(entry: ImageEntry): string {
  const seen = new Set<string>()
  const failing: BudgetResult[] = []
  for (const b of entry.budgets) {
    if (b.passed || seen.has(b.name)) continue
    seen.add(b.name)
    failing.push(b)
  }
  if (failing.length === 0) return 'failed'
  const phrases = failing.map(b => budgetBreachText(b, entry.budgets))
  const last = phrases.pop() ?? ''
  return phrases.length === 0 ? last : `${phrases.join(', ')} and ${last}`
}

function renderRunHeadline(run: RunReport, entries: readonly ImageEntry[]): string {
  const failures = run.failures ?? []
  const breaching = entries.filter(failed)
  if (failures.length > 0) {
    const phrase = failuresPhrase(failures)
    const lines = [`### ❌ ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`]
    const listed = breaching.slice(0, MAX_BREACH_LINES)
    if (listed.length > 0) {
      lines.push('', ...listed.map(entry => `- ${entryName(entry)} is ${breaches(entry)}`))
      if (breaching.length > listed.length) {
        lines.push(`- ${breaching.length - listed.length} more, marked ❌ in the table`)
      }
    }
    return lines.join('\n')
  }
  if (entries.length === 0) return `### ${run.passed ? 'ℹ️' : '❌'} No image measured`
  const [entry] = breaching
  if (entry && breaching.length === 1) {
    return `### ❌ ${entryName(entry)} is ${breaches(entry)}`
  }
  if (breaching.length > 1) {
    const names = distinct(entries.map(e => e.name))
    const count =
      names === entries.length
        ? `${breaching.length} of ${entries.length} images over budget`
        : `${breaching.length} of ${entries.length} over budget (${scope(entries)})`
    const lines = breaching
      .slice(0, MAX_BREACH_LINES)
      .map(entry => `- ${entryName(entry)} is ${breaches(entry)}`)
    if (breaching.length > MAX_BREACH_LINES) {
      lines.push(`- ${breaching.length - MAX_BREACH_LINES} more, marked ❌ in the table`)
    }
    return `### ❌ ${count}\n\n${lines.join('\n')}`
  }
  if (!run.passed) return `### ❌ ${scope(entries)}: the run failed`
  if (entries.every(e => e.budgets.length === 0)) return `### ℹ️ ${scope(entries)}, no budget set`
  return `### ✅ ${scope(entries)}, all within budget`
}

/** The table: at most 4 columns, so it fits a phone screen without scrolling sideways. */
function renderRunTable(
  entries: readonly ImageEntry[],
  run: RunReport,
  minChange: number | undefined
): string {
  const failures = run.failures ?? []
  const platforms = [...failures, ...entries].map(e => e.platform)
  const withPlatform = distinct(platforms) > 1
  // Every platform on one OS (`linux/…`): the column shows the architecture (`arch`), the folds'
  // summaries the whole platform. Saves a line per row on a phone.
  const os = platforms[0]?.split('/')[0] ?? ''
  const oneOs = os !== '' && platforms.every(p => p.startsWith(`${os}/`))
  const platformCell = (platform: string): string =>
    escapeMarkdown(oneOs ? platform.slice(os.length + 1) : platform, MAX_PLATFORM).replace(
      /\//g,
      `/${ZWSP}`
    )
  const withChange = entries.some(e => e.baseline !== undefined)
  // A phone (about 358 px for the comment) has room for four columns of short words: a change
  // cell (`🚨 +7.39 MB (+98.2%)`) or a platform takes the room a compressed size would need.
  const withCompressed =
    !withChange && !withPlatform && entries.some(e => e.final.compressed !== undefined)
  const columns: [string, string][] = [['image', ':--']]
  if (withPlatform) columns.push([oneOs ? 'arch' : 'platform', ':--'])
  columns.push(['size', '--:'])
  if (withCompressed) columns.push(['compressed', '--:'])
  if (withChange) columns.push(['change', '--:'])
  const rows = [
    `| ${columns.map(c => c[0]).join(' | ')} |`,
    `|${columns.map(c => c[1]).join('|')}|`
  ]
  // Failed builds lead: no size, one cell saying so, `—` in the others.
  for (const failure of failures) {
    const cells = [`❌ ${escapeMarkdown(failure.name, MAX_NAME)}`]
    if (withPlatform) cells.push(platformCell(failure.platform))
    cells.push('build failed')
    for (let i = cells.length; i < columns.length; i++) cells.push('—')
    rows.push(`| ${cells.join(' | ')} |`)
  }
  for (const entry of entries) {
    const report = entryReport(run, entry)
    // A breakable space: on a phone a long name may wrap below its icon.
    const icon = entry.budgets.length > 0 ? `${verdictIcon(report)} ` : ''
    const cells = [`${icon}${escapeMarkdown(entry.name, MAX_NAME)}`]
    // A phone may break `linux/arm64` after its `/`.
    if (withPlatform) cells.push(platformCell(entry.platform))
    cells.push(keepTogether(formatBytes(entry.final.size)))
    if (withCompressed) {
      const c = entry.final.compressed
      cells.push(c ? keepTogether(`${c.exact ? '' : '≈'}${formatBytes(c.size)}`) : '—')
    }
    if (withChange) cells.push(keepTogether(baselineChangeText(report, minChange) ?? '—'))
    rows.push(`| ${cells.join(' | ')} |`)
  }
  return rows.join('\n')
}

/**
 * The note on units, once for the whole run (the entries' folds leave theirs out): shorter than a
 * single report's, since it stays visible below the folds.
 */
function runFootnote(run: RunReport): string {
  const version = escapeMarkdown(run.tool.version, MAX_NAME)
  return `<sub>Sizes uncompressed (the layers unpacked) unless marked compressed (bytes pulled), in decimal units: 1 MB = 10<sup>6</sup> bytes. "≈", "(estimate)": gzip at the level \`docker push\` uses. image-size-budget ${version}</sub>`
}

const NBSP = '\u00a0'
const ZWSP = '\u200b'

/**
 * Our own text (sizes, changes) with no break between a number and its unit, so a narrow phone
 * column wraps `🚨 +7.39 MB (+98.2%)` at its other spaces only.
 */
function keepTogether(text: string): string {
  return text.replace(/(\d) (?=[kMGTP]?B\b)/gu, `$1${NBSP}`)
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}
