/**
 * The markdown report: one body for the job summary, the PR comment and the `markdown` output.
 * Pure: a function of the report; the writers live at the edges.
 *
 * Every string that did not come from this module (image references, stage names, layer
 * commands, file paths, Dockerfile paths, anything read from a report) passes through
 * `escapeMarkdown`/`codeText` (`./escape.ts`), shortened first so one value cannot flood the body.
 */
import type {
  BaselineComparison,
  BudgetResult,
  BudgetUnit,
  ImageMeasurement,
  Layer,
  Report
} from '../model.ts'
import { budgetRowKind, increaseFailed } from '../budgets.ts'
import { displayCreatedBy } from '../image/history.ts'
import {
  formatBytes,
  formatBytesExact,
  formatPercent,
  formatPercentagePoints,
  plainDecimal,
  ratioOutput
} from '../units.ts'
import { compareToBaseline, compressedPair, diffLayers } from './baseline.ts'
import type { LayerChange } from './baseline.ts'
import { renderChangesMarkdown, renderFindingsMarkdown } from './changes-markdown.ts'
import { codeText, commentMarker, escapeMarkdown } from './escape.ts'

/** GitHub's limit on an issue or PR comment body, in characters. */
export const GITHUB_COMMENT_MAX_LENGTH = 65_536

/** Changes smaller than this many bytes (in absolute value) read "unchanged": the `min-change` default, 1 kB. */
export const DEFAULT_MIN_CHANGE = 1_000

/** How the baseline is shown. */
export interface BaselineOptions {
  /** The baseline image; defaults to `report.baseline`. */
  measurement?: ImageMeasurement
  /** What the baseline is, for people: `base branch`, `v1.2.0`, a ref (untrusted: escaped). */
  label?: string
  /** Bytes; |change| below this is shown as "unchanged" (input `min-change`, default 1 kB). */
  minChange?: number
}

/** Options of {@link renderMarkdown}. */
export interface MarkdownOptions {
  baseline?: BaselineOptions
  /** Upper bound on the body's length in UTF-16 code units (≥ characters); default 65,536. */
  maxLength?: number
  /** When given, the body starts with the hidden marker of this comment key (`commentMarker`). */
  commentKey?: string
  /**
   * Rendered inside a run's fold (`./run-markdown.ts`), whose table row and `<summary>` already
   * show the image, platform, size, change and verdict: no headline, no platform in the context
   * line (which names the baseline instead), no footnote (the run has one).
   */
  embedded?: boolean
}

// Display limits for untrusted text, in code points.
const MAX_REF = 80
const MAX_NAME = 40
const MAX_COMMAND = 100
const MAX_PATH = 80
const MAX_TEXT = 300
const MAX_LIST = 10
const GREW_MOST = 5

/**
 * Renders the report as GitHub-flavoured markdown that leads with the answer.
 *
 * Layout, top to bottom — only what has something to say is shown:
 * 1. the hidden marker (with `commentKey`);
 * 2. the headline: verdict icon, image, uncompressed size, change vs the baseline with sign,
 *    percent and icon (`unchanged` below min-change, never while a `max-increase` fails);
 * 3. one line of context: Dockerfile, platform, compressed size (and its change), the baseline's
 *    reference and size, and the budget summary when none failed;
 * 4. "What changed": the layers that grew (or, when the image shrank, shrank or went) most vs the
 *    baseline, each with its Dockerfile `file:line` and instruction, then
 *    `renderChangesMarkdown` (files and packages);
 * 5. "How to shrink it": `renderFindingsMarkdown`;
 * 6. the failing budgets, counted by name (a `max-increase` with an uncompressed and a
 *    compressed row is one budget), each with its limit and overshoot (the actual value is in
 *    the headline or the folded budget table);
 * 7. one collapsed `<details>`: every budget, the sizes of final / builder / baseline, the
 *    builder stage and what it saved, base vs added, the per-layer table, wasted space (when any),
 *    the largest files, and the note on units.
 * Every table has at most 4 columns, so it fits a phone screen; no number is printed twice.
 *
 * Length: the result is at most `opts.maxLength` (default {@link GITHUB_COMMENT_MAX_LENGTH}).
 * Details are cut first — per-layer rows from the end, then the largest files, then the wasted
 * paths — with a note saying what was left out; only if the rest is still too long is it cut at
 * a line boundary, again with a note.
 *
 * @throws Error when `opts.maxLength` is not a positive integer or `opts.commentKey` is empty.
 */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? GITHUB_COMMENT_MAX_LENGTH
  if (!Number.isInteger(maxLength) || maxLength <= 0) {
    throw new Error(`renderMarkdown: maxLength must be a positive integer, got ${maxLength}`)
  }
  const ctx = context(report, opts)
  const head = renderHead(ctx)
  const details = detailSections(ctx)

  const compose = (limits: DetailLimits, note: string): string =>
    [head, renderDetails(details, limits), note].filter(part => part !== '').join('\n\n') + '\n'

  const full: DetailLimits = {
    layerRows: details.layers.length,
    largest: details.largest.length,
    wasted: details.wasted.length,
    all: true
  }
  let body = compose(full, '')
  if (body.length <= maxLength) return body

  // Cut in order: layer rows (binary search for the most that fit), then whole lists, then the
  // whole collapsed section.
  const limits = { ...full }
  // Embedded, `maxLength` is this entry's share of the run's comment: the note names no number.
  const attempt = (): string =>
    compose(limits, truncationNote(details, limits, ctx.embedded ? undefined : maxLength))
  let lo = 0
  let hi = full.layerRows
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    limits.layerRows = mid
    if (attempt().length <= maxLength) lo = mid
    else hi = mid - 1
  }
  limits.layerRows = lo
  body = attempt()
  for (const key of ['largest', 'wasted'] as const) {
    if (body.length <= maxLength) return body
    limits[key] = 0
    body = attempt()
  }
  if (body.length <= maxLength) return body
  limits.all = false
  body = attempt()
  if (body.length <= maxLength) return body

  // Only the head is left and it is still too long: cut it at a line boundary.
  const note = `\n\n${CUT_NOTE_PREFIX} the rest of this report was cut to stay under ${maxLength.toLocaleString('en-US')} characters; the JSON report has all of it.</sub>\n`
  const room = maxLength - note.length
  if (room <= 0) return note.trim().slice(0, maxLength)
  const cut = body.slice(0, room)
  const lastBreak = cut.lastIndexOf('\n')
  return (lastBreak > 0 ? cut.slice(0, lastBreak) : cut) + note
}

const CUT_NOTE_PREFIX = '<sub>✂️'

interface Ctx {
  report: Report
  marker?: string
  baseline?: ImageMeasurement
  /** The baseline's role in the sizes table: the `label` option, else `baseline`. */
  baselineLabel: string
  /** How the headline names the baseline: the `label` option, else its reference. */
  baselineName: string
  comparison?: BaselineComparison
  /** The headline verdict on the change: |change| below min-change. */
  unchanged: boolean
  minChange: number
  /** False when `unchanged` came from the report, whose min-change is not known here. */
  minChangeKnown: boolean
  layerDiff?: { layers: LayerChange[]; removed: Layer[] }
  /** {@link MarkdownOptions.embedded}. */
  embedded: boolean
}

function context(report: Report, opts: MarkdownOptions): Ctx {
  const baseline = opts.baseline?.measurement ?? report.baseline
  const ctx: Ctx = {
    report,
    baselineLabel: opts.baseline?.label ?? 'baseline',
    baselineName: opts.baseline?.label ?? 'baseline',
    unchanged: false,
    minChange: opts.baseline?.minChange ?? DEFAULT_MIN_CHANGE,
    minChangeKnown: true,
    embedded: opts.embedded === true
  }
  if (opts.commentKey !== undefined) ctx.marker = commentMarker(opts.commentKey)
  if (baseline) {
    ctx.baseline = baseline
    if (opts.baseline?.label === undefined) ctx.baselineName = baseline.ref
    ctx.comparison =
      opts.baseline?.measurement === undefined && report.baselineComparison
        ? report.baselineComparison
        : compareToBaseline(report.final, baseline)
    // The report's own verdict (made with the run's min-change) wins unless a threshold is given.
    if (opts.baseline?.minChange === undefined && ctx.comparison.unchanged !== undefined) {
      ctx.unchanged = ctx.comparison.unchanged
      ctx.minChangeKnown = false
    } else {
      ctx.unchanged = Math.abs(ctx.comparison.change) < ctx.minChange
    }
    // A failed max-increase always shows its change, whatever min-change says: every byte counts.
    if (increaseFailed(report.budgets)) {
      ctx.unchanged = false
      ctx.minChange = 1
    }
    ctx.layerDiff = diffLayers(report.final.layers, baseline.layers)
  }
  return ctx
}

// ---------------------------------------------------------------------------------------------
// The head: what a reviewer sees without expanding anything.

function renderHead(ctx: Ctx): string {
  const { report } = ctx
  const parts: string[] = []
  if (ctx.marker) parts.push(ctx.marker)
  if (!ctx.embedded) parts.push(renderHeadline(ctx))
  const subject = renderSubject(ctx)
  if (subject) parts.push(subject)
  const changed = renderWhatChanged(ctx)
  if (changed) parts.push(changed)
  const findings = renderFindingsMarkdown(report).trim()
  if (findings) parts.push(`**How to shrink it**\n\n${findings}`)
  const failed = renderFailedBudgets(report.budgets)
  if (failed) parts.push(failed)
  return parts.join('\n\n')
}

/**
 * Budgets counted by name: `max-increase` checks the uncompressed and (when both are known) the
 * compressed size in two rows, but it is one budget, exceeded when either row fails.
 */
function budgetCount(budgets: readonly BudgetResult[]): { total: number; failed: number } {
  const names = new Set(budgets.map(b => b.name))
  const failed = new Set(budgets.filter(b => !b.passed).map(b => b.name))
  return { total: names.size, failed: failed.size }
}

/** ❌ when a budget failed, ✅ when all passed, ℹ️ when none was set. */
export function verdictIcon(report: Pick<Report, 'passed' | 'budgets'>): string {
  if (!report.passed || report.budgets.some(b => !b.passed)) return '❌'
  return report.budgets.length === 0 ? 'ℹ️' : '✅'
}

function renderHeadline(ctx: Ctx): string {
  const { report } = ctx
  // An unnamed stage is known by its index, which says nothing on its own: `stage 0`.
  const target = report.build?.target
  const name = target
    ? /^\d+$/.test(target)
      ? `stage ${target}`
      : codeText(target, MAX_NAME)
    : codeText(report.final.ref, MAX_REF)
  let line = `### ${verdictIcon(report)} ${name}: ${formatBytes(report.final.size)}`
  if (ctx.comparison && ctx.baseline) {
    const change = ctx.unchanged
      ? 'unchanged'
      : changeText(ctx.comparison.change, ctx.comparison.changePercent, ctx.baseline.size, 0)
    line += `, ${change} vs ${escapeMarkdown(ctx.baselineName, MAX_NAME)}`
  }
  return line
}

/** One line of context; each fact appears nowhere else in the head. */
function renderSubject(ctx: Ctx): string {
  const { report } = ctx
  const bits: string[] = []
  if (report.build) bits.push(codeText(report.build.file, MAX_PATH))
  if (report.final.platform && !ctx.embedded) {
    bits.push(escapeMarkdown(report.final.platform, MAX_NAME))
  }
  const compressed = report.final.compressed
  if (compressed) {
    bits.push(`compressed ${compressedText(report.final)}`)
  }
  if (ctx.embedded && ctx.baseline) {
    bits.push(`compared with ${escapeMarkdown(ctx.baselineName, MAX_NAME)}`)
  }
  if (ctx.baseline && ctx.comparison && ctx.unchanged) {
    const threshold = ctx.minChangeKnown ? ` ${formatBytes(ctx.minChange)}` : ''
    bits.push(
      `unchanged: ${signed(ctx.comparison.change, formatBytesExact)}, below min-change${threshold}`
    )
  }
  const count = budgetCount(report.budgets)
  if (count.total === 0) bits.push('no budget set')
  else if (count.failed === 0) {
    bits.push(count.total === 1 ? 'within its budget' : `within all ${count.total} budgets`)
  }
  return bits.join(' · ')
}

/**
 * What moved the size: the file changes (each with its Dockerfile line) when the report has them
 * against the baseline shown, else the layers that moved the size most, in the direction the
 * image moved (grew, or shrank and went), largest first — never both, so each growth is read
 * once (the per-layer table stays in the details); then the package changes.
 */
function renderWhatChanged(ctx: Ctx): string {
  const { report } = ctx
  const lines: string[] = []
  const c = ctx.comparison
  const fileRows = (report.changes?.length ?? 0) > 0 && ctx.baseline === report.baseline
  if (ctx.layerDiff && c && !ctx.unchanged && c.change !== 0 && !fileRows) {
    const grew = c.change > 0
    const moved: { change: number; text: string; index: number }[] = []
    for (const lc of ctx.layerDiff.layers) {
      if (grew ? lc.change < ctx.minChange : lc.change > -ctx.minChange) continue
      const what =
        lc.status === 'added'
          ? 'new layer'
          : `${formatBytes(lc.baseline?.size ?? 0)} → ${formatBytes(lc.layer.size)}`
      moved.push({
        change: lc.change,
        index: lc.layer.index,
        text: `${layerText(lc.layer, report)} (${what})`
      })
    }
    if (!grew) {
      for (const layer of ctx.layerDiff.removed) {
        if (layer.size < ctx.minChange) continue
        moved.push({
          change: -layer.size,
          index: Number.MAX_SAFE_INTEGER,
          text: `${layerText(layer, report)} (layer gone)`
        })
      }
    }
    moved.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.index - b.index)
    for (const m of moved.slice(0, GREW_MOST)) {
      lines.push(`- **${signed(m.change, formatBytes)}** ${m.text}`)
    }
    if (moved.length > GREW_MOST) {
      lines.push(`- ${moved.length - GREW_MOST} more layers in the details below`)
    }
  }
  // A failing max-increase lowers minChange to 1 byte; the hidden-bytes row keeps the 1 kB floor.
  const files = renderChangesMarkdown(report, {
    minChange: Math.max(ctx.minChange, DEFAULT_MIN_CHANGE)
  }).trim()
  if (lines.length === 0 && !files) return ''
  return ['**What changed**', lines.join('\n'), files].filter(s => s !== '').join('\n\n')
}

function renderFailedBudgets(budgets: readonly BudgetResult[]): string {
  const failed = budgets.filter(b => !b.passed)
  if (failed.length === 0) return ''
  const count = budgetCount(budgets)
  const lines = [
    `**${count.failed} of ${count.total} ${plural(count.total, 'budget')} exceeded**`,
    ''
  ]
  for (const b of failed) {
    lines.push(
      `- ❌ ${budgetLabel(b, budgets)}: limit ${budgetValue(b.limit, b.unit)}, ${overshoot(b)}`
    )
  }
  return lines.join('\n')
}

/** `max-increase`, with `(compressed)` when the budget has rows for both sizes. */
function budgetLabel(b: BudgetResult, all: readonly BudgetResult[]): string {
  const kind = budgetRowKind(b, all)
  return kind ? `\`${b.name}\` (${kind})` : `\`${b.name}\``
}

function budgetActual(b: BudgetResult): string {
  const value = budgetValue(b.actual, b.unit)
  return b.name === 'max-increase' && b.actual > 0 ? `+${value}` : value
}

function overshoot(b: BudgetResult): string {
  return `${b.name === 'min-efficiency' ? 'below' : 'over'} by ${overshootAmount(b)}`
}

/**
 * A failing budget in a sentence: "over `max-size` by 1.2 MB", "below `min-efficiency` by
 * 3 pp", "over `max-increase` (compressed) by 4.1 MB" (the kind when `all` has both rows).
 */
export function budgetBreachText(b: BudgetResult, all: readonly BudgetResult[]): string {
  const floor = b.name === 'min-efficiency'
  return `${floor ? 'below' : 'over'} ${budgetLabel(b, all)} by ${overshootAmount(b)}`
}

function overshootAmount(b: BudgetResult): string {
  const excess = b.name === 'min-efficiency' ? b.limit - b.actual : b.actual - b.limit
  return b.unit === 'bytes'
    ? formatBytes(excess)
    : b.unit === 'ratio'
      ? formatPercentagePoints(excess)
      : String(excess)
}

function budgetValue(value: number, unit: BudgetUnit): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value)
    case 'ratio':
      return formatPercent(value)
    case 'count':
      return String(value)
  }
}

// ---------------------------------------------------------------------------------------------
// Details: one collapsed section, cut first when the body is too long.

interface Details {
  summary: string
  budgets: string
  sizes: string
  facts: string
  layers: string[]
  layersHeader: string
  layersNote: string
  wasteLine: string
  wasted: string[]
  largest: string[]
  footnote: string
}

interface DetailLimits {
  layerRows: number
  largest: number
  wasted: number
  /** False: the whole collapsed section is left out. */
  all: boolean
}

function detailSections(ctx: Ctx): Details {
  const { report } = ctx
  const withBaseline = ctx.layerDiff !== undefined
  const withCompressed = report.final.layers.some(l => l.compressedSize !== undefined)
  const changes: LayerChange[] =
    ctx.layerDiff?.layers ??
    report.final.layers.map(layer => ({ layer, change: 0, status: 'same' as const }))

  // Three columns, to fit a phone: the change when there is a baseline, else the compressed size.
  const third = withBaseline ? 'change' : withCompressed ? 'compressed' : undefined
  const header = `| layer | size |${third ? ` ${third} |` : ''}`
  const align = `|:--|--:|${third ? '--:|' : ''}`
  const layers = changes.map(c => {
    const l = c.layer
    let row = `| ${l.index}: ${layerText(l, report)} | ${formatBytes(l.size)} |`
    if (third === 'change') row += ` ${layerChangeText(c, ctx.minChange)} |`
    if (third === 'compressed') {
      row += ` ${l.compressedSize === undefined ? '—' : formatBytes(l.compressedSize)} |`
    }
    return row
  })

  let layersNote = ''
  const removed = ctx.layerDiff?.removed ?? []
  if (removed.length > 0) {
    const bytes = removed.reduce((sum, l) => sum + l.size, 0)
    layersNote = `${removed.length} ${plural(removed.length, 'layer')} of the ${escapeMarkdown(ctx.baselineLabel, MAX_NAME)} ${removed.length === 1 ? 'is' : 'are'} gone (${formatBytes(bytes)}).`
  }

  const waste = report.final.waste
  const wasteLine =
    waste && waste.removableBytes > 0
      ? `**Wasted space:** ${formatBytes(waste.removableBytes)} removable; efficiency ${formatPercent(waste.efficiency)} (dive's score)`
      : ''
  const wasted = (waste && waste.removableBytes > 0 ? waste.topPaths : [])
    .slice(0, MAX_LIST)
    .map(
      p =>
        `| ${codeText(p.path, MAX_PATH)} | ${formatBytes(p.removableBytes)} | ${p.layers.join(', ')} |`
    )
  const largest = (waste?.largestFiles ?? [])
    .slice(0, MAX_LIST)
    .map(f => `| ${codeText(f.path, MAX_PATH)} | ${formatBytes(f.size)} | ${f.layer} |`)

  const topics: string[] = []
  if (report.budgets.length > 0) topics.push('budgets')
  topics.push('sizes')
  if (report.builder || report.comparison || report.stageChoice?.builder) topics.push('builder')
  topics.push('layers')
  if (wasteLine) topics.push('wasted space')
  if (largest.length > 0) topics.push('largest files')

  return {
    summary: `Details: ${topics.join(', ')}`,
    budgets: renderBudgetTable(report.budgets),
    sizes: renderSizeTable(ctx),
    facts: renderFacts(ctx),
    layers,
    layersHeader: `${header}\n${align}`,
    layersNote,
    wasteLine,
    wasted,
    largest,
    footnote: ctx.embedded ? '' : renderFootnote(ctx)
  }
}

function renderDetails(d: Details, limits: DetailLimits): string {
  if (!limits.all) return ''
  const out: string[] = []
  if (d.budgets) out.push(d.budgets)
  out.push(d.sizes)
  if (d.facts) out.push(d.facts)
  if (limits.layerRows > 0 && d.layers.length > 0) {
    const rows = d.layers.slice(0, limits.layerRows)
    let body = `**Layers of the final image (${d.layers.length})**\n\n${d.layersHeader}\n${rows.join('\n')}`
    if (rows.length < d.layers.length) {
      body += `\n\n${d.layers.length - rows.length} more layers not shown (comment length limit).`
    }
    if (d.layersNote) body += `\n\n${d.layersNote}`
    out.push(body)
  }
  if (d.wasteLine) {
    let body = d.wasteLine
    if (limits.wasted > 0 && d.wasted.length > 0) {
      body += `\n\n${[
        '| path | removable | layers |',
        '|:--|--:|:--|',
        ...d.wasted.slice(0, limits.wasted)
      ].join('\n')}`
    }
    out.push(body)
  }
  if (limits.largest > 0 && d.largest.length > 0) {
    out.push(
      `**Largest files**\n\n${['| path | size | layer |', '|:--|--:|--:|', ...d.largest.slice(0, limits.largest)].join('\n')}`
    )
  }
  if (d.footnote) out.push(d.footnote)
  return details(d.summary, out.join('\n\n'))
}

function renderBudgetTable(budgets: readonly BudgetResult[]): string {
  if (budgets.length === 0) return ''
  const rows = ['| budget | limit | actual | |', '|:--|--:|--:|:-:|']
  for (const b of budgets) {
    rows.push(
      `| ${budgetLabel(b, budgets)} | ${budgetValue(b.limit, b.unit)} | ${budgetActual(b)} | ${b.passed ? '✅' : '❌'} |`
    )
  }
  return rows.join('\n')
}

function renderSizeTable(ctx: Ctx): string {
  const { report } = ctx
  const rows: string[] = ['| image | size | compressed |', '|:--|--:|--:|']
  // Built images are named by their stage; the baseline by its reference (an image reference, a
  // report path, a base commit), never by the stage it was once built from.
  const row = (role: string, image: ImageMeasurement, byRef = false): string => {
    const name =
      image.stage && !byRef
        ? `${role} ${codeText(image.stage, MAX_NAME)}`
        : `${role} ${codeText(image.ref, MAX_REF)}`
    const compressed = image.compressed
      ? `${image.compressed.exact ? '' : '≈'}${formatBytes(image.compressed.size)}`
      : '—'
    return `| ${name} | ${formatBytes(image.size)} | ${compressed} |`
  }
  rows.push(row('final', report.final))
  if (ctx.baseline && ctx.comparison) {
    const c = ctx.comparison
    rows.push(row(escapeMarkdown(ctx.baselineLabel, MAX_NAME), ctx.baseline, true))
    const size = changeText(c.change, c.changePercent, ctx.baseline.size, ctx.minChange, false)
    // Percent of the baseline's compressed size of the same kind (exact or estimate) as the change.
    const pair = compressedPair(report.final, ctx.baseline)
    const compressed =
      c.compressedChange === undefined
        ? '—'
        : changeText(
            c.compressedChange,
            c.compressedChangePercent ??
              (pair && pair.baseline > 0 ? (c.compressedChange / pair.baseline) * 100 : undefined),
            pair?.baseline ?? ctx.baseline.compressed?.size ?? 0,
            ctx.minChange,
            false
          )
    rows.push(`| change | ${size} | ${compressed} |`)
  }
  if (report.builder) rows.push(row('builder', report.builder))
  return rows.join('\n')
}

function compressedText(image: ImageMeasurement): string {
  if (!image.compressed) return '—'
  const text = formatBytes(image.compressed.size)
  return image.compressed.exact ? text : `${text} (estimate)`
}

function renderFacts(ctx: Ctx): string {
  const { report } = ctx
  const facts: string[] = []
  if (report.comparison) {
    const c = report.comparison
    const ratio = `the final image is ${formatPercent(c.ratio)} of the builder (ratio ${ratioOutput(c.ratio)})`
    facts.push(
      c.saved >= 0
        ? `- **Saved vs builder:** ${formatBytes(c.saved)}; ${ratio}, ${plainDecimal(c.percentSaved, 3)}% saved`
        : `- **Final vs builder:** larger by ${formatBytes(-c.saved)}; ${ratio}, nothing saved`
    )
  }
  const choice = report.stageChoice
  if (choice) {
    if (choice.builder !== undefined) {
      let text = `- **Builder stage:** ${codeText(choice.builder, MAX_NAME)} — ${escapeMarkdown(choice.reason, MAX_TEXT)}`
      if (choice.candidates.length > 1) {
        const shown = choice.candidates.slice(0, MAX_LIST).map(c => {
          const copied = choice.copiedBytes?.[c]
          return copied === undefined
            ? codeText(c, MAX_NAME)
            : `${codeText(c, MAX_NAME)} ${formatBytes(copied)}`
        })
        const more = choice.candidates.length - shown.length
        text += ` (candidates: ${shown.join(', ')}${more > 0 ? `, ${more} more` : ''})`
      }
      facts.push(text)
    } else {
      facts.push(`- **Builder stage:** none — ${escapeMarkdown(choice.reason, MAX_TEXT)}`)
    }
  }
  if (report.build) facts.push(`- **Built with:** ${builtWith(report.build)}`)
  const base = report.final.base
  if (base) {
    const from = base.image === 'scratch' ? '`scratch`' : codeText(base.image, MAX_REF)
    facts.push(
      `- **Base vs added:** base ${from} ${formatBytes(base.size)} in ${base.layerCount} ${plural(base.layerCount, 'layer')}; the Dockerfile adds ${formatBytes(base.addedSize)}`
    )
  }
  return facts.join('\n')
}

function renderFootnote(ctx: Ctx): string {
  const version = escapeMarkdown(ctx.report.tool.version, MAX_NAME)
  return (
    '<sub>Sizes in decimal units, as `docker image ls` shows them: 1 kB = 1,000 bytes, 1 MB = 10<sup>6</sup> bytes; the JSON report has exact bytes. ' +
    "Sizes are uncompressed (the layers unpacked, as the classic store's `docker image inspect` Size counts them) unless marked compressed (bytes pulled). " +
    '"(estimate)", "≈": the layer tars gzip-compressed at the default level, as `docker push` does. ' +
    `image-size-budget ${version}</sub>`
  )
}

function truncationNote(d: Details, limits: DetailLimits, maxLength?: number): string {
  const cut: string[] = []
  if (!limits.all) cut.push('all details')
  else {
    if (limits.layerRows < d.layers.length) {
      cut.push(`${d.layers.length - limits.layerRows} of ${d.layers.length} layer rows`)
    }
    if (limits.largest < d.largest.length) cut.push('the largest files')
    if (limits.wasted < d.wasted.length) cut.push('the top wasted paths')
  }
  if (cut.length === 0) return ''
  const limit =
    maxLength === undefined
      ? 'the length limit of a GitHub comment'
      : `the ${maxLength.toLocaleString('en-US')}-character limit of a GitHub comment`
  return `${CUT_NOTE_PREFIX} Details cut to stay under ${limit}: ${cut.join(', ')} left out. The JSON report has all of them.</sub>`
}

function details(summary: string, body: string): string {
  // Blank lines around the body so GitHub renders the markdown inside the HTML block.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`
}

/**
 * The change of `report`'s final image against its baseline as its headline shows it:
 * `unchanged` below `minChange` bytes (absent: the report's own verdict), else
 * `📈 +1.2 MB (+4.1%)`; a failing `max-increase` always shows the change. Undefined without a
 * baseline.
 */
export function baselineChangeText(report: Report, minChange?: number): string | undefined {
  const ctx = context(report, minChange === undefined ? {} : { baseline: { minChange } })
  if (!ctx.comparison || !ctx.baseline) return undefined
  if (ctx.unchanged) return 'unchanged'
  return changeText(ctx.comparison.change, ctx.comparison.changePercent, ctx.baseline.size, 0)
}

function layerSource(layer: Layer, report: Report): string {
  if (layer.base) {
    const image = report.final.base?.image
    return image ? `base ${codeText(image, MAX_NAME)}` : 'base image'
  }
  const loc = layer.instruction?.location
  if (!loc) return '—'
  return codeText(`${loc.file}:${loc.line}`, MAX_PATH)
}

/** A layer for people: its Dockerfile `file:line` (or base image) and its instruction. */
function layerText(layer: Layer, report: Report): string {
  const text = [layerSource(layer, report), layerCommand(layer)].filter(t => t !== '—').join(' ')
  return text === '' ? '—' : text
}

function layerCommand(layer: Layer): string {
  const text = layer.instruction
    ? `${layer.instruction.keyword} ${layer.instruction.args}`
    : displayCreatedBy(layer.createdBy)
  return text.trim() === '' ? '—' : codeText(text, MAX_COMMAND)
}

function layerChangeText(c: LayerChange, minChange: number): string {
  if (c.status === 'added') return `new, ${signed(c.change, formatBytes)}`
  if (Math.abs(c.change) < minChange) return '—'
  return signed(c.change, formatBytes)
}

// ---------------------------------------------------------------------------------------------
// Changes: sign, percent, icon.

/**
 * The icon for a change of `percent` (of the baseline): 🚨 ≥ +20%, ⚠️ ≥ +5%, 📈 above 0,
 * 🎉 ≤ −5%, 📉 below 0, none when unchanged. Thresholds follow the spirit of
 * preactjs/compressed-size-action's `iconForDifference`, tuned for images.
 */
export function changeIcon(percent: number): string {
  if (percent >= 20) return '🚨'
  if (percent >= 5) return '⚠️'
  if (percent > 0) return '📈'
  if (percent <= -5) return '🎉'
  if (percent < 0) return '📉'
  return ''
}

/**
 * A change for people: `unchanged` when |change| < minChange bytes, else `📈 +1.2 MB (+4.1%)`.
 * `percent` absent or a zero-size baseline prints no percent; `icon: false` drops the icon.
 */
export function changeText(
  change: number,
  percent: number | undefined,
  baselineSize: number,
  minChange: number = DEFAULT_MIN_CHANGE,
  icon = true
): string {
  if (Math.abs(change) < minChange) return 'unchanged'
  const hasPercent = percent !== undefined && baselineSize > 0
  const pct = hasPercent ? ` (${signedPercent(percent)})` : ''
  const mark = icon ? changeIcon(hasPercent ? percent : Math.sign(change)) : ''
  return `${mark ? `${mark} ` : ''}${signed(change, formatBytes)}${pct}`
}

function signed(value: number, format: (n: number) => string): string {
  return value > 0 ? `+${format(value)}` : format(value)
}

function signedPercent(percent: number): string {
  const text = formatPercent(percent / 100)
  return percent > 0 ? `+${text}` : text
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}

/**
 * How an image was built, for people: the build path, and for buildx the builder and its driver
 * (`buildx (builder <code>ci</code>, docker-container driver)`).
 */
export function builtWith(build: NonNullable<Report['build']>): string {
  const builder = build.builder
  if (!builder) return build.engine
  const driver = builder.driver ? `, ${escapeMarkdown(builder.driver, MAX_NAME)} driver` : ''
  return `${build.engine} (builder ${codeText(builder.name, MAX_NAME)}${driver})`
}
