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
import { formatBytes, formatBytesExact, formatPercent } from '../units.ts'
import { compareToBaseline, diffLayers } from './baseline.ts'
import type { LayerChange } from './baseline.ts'
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
 * Renders the report as GitHub-flavoured markdown.
 *
 * Layout: the marker (with `commentKey`), a headline (final size, change vs baseline with sign,
 * percent and icon, verdict), a table of builder / final / baseline (uncompressed, exact bytes,
 * compressed, layers), bytes saved, ratio and percent saved, the stage choice and its reason,
 * base vs added, waste, every budget (limit, actual, status), then collapsed details: layers that
 * grew most, the per-layer table (Dockerfile `file:line`, instruction, size, change vs baseline),
 * top wasted paths, largest files; a footnote on units.
 *
 * Length: the result is at most `opts.maxLength` (default {@link GITHUB_COMMENT_MAX_LENGTH}).
 * Details are cut first — per-layer rows from the end, then the largest files, the wasted paths,
 * the layers that grew most — with a note saying what was left out; only if the summary alone
 * is too long is it cut at a line boundary, again with a note.
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
  const foot = renderFootnote(ctx)
  const details = detailSections(ctx)

  const compose = (limits: DetailLimits, note: string): string =>
    [head, ...renderDetails(details, limits), note, foot].filter(part => part !== '').join('\n\n') +
    '\n'

  const full: DetailLimits = {
    layerRows: details.layers.length,
    largest: details.largest.length,
    wasted: details.wasted.length,
    grew: details.grew.length
  }
  let body = compose(full, '')
  if (body.length <= maxLength) return body

  // Cut in order: layer rows (binary search for the most that fit), then whole lists.
  const limits = { ...full }
  const attempt = (): string => compose(limits, truncationNote(details, limits, maxLength))
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
  for (const key of ['largest', 'wasted', 'grew'] as const) {
    if (body.length <= maxLength) return body
    limits[key] = 0
    body = attempt()
  }
  if (body.length <= maxLength) return body

  // Only the summary is left and it is still too long: cut it at a line boundary.
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
  baselineLabel: string
  comparison?: BaselineComparison
  /** The headline verdict on the change: |change| below min-change. */
  unchanged: boolean
  minChange: number
  /** False when `unchanged` came from the report, whose min-change is not known here. */
  minChangeKnown: boolean
  layerDiff?: { layers: LayerChange[]; removed: Layer[] }
}

function context(report: Report, opts: MarkdownOptions): Ctx {
  const baseline = opts.baseline?.measurement ?? report.baseline
  const ctx: Ctx = {
    report,
    baselineLabel: opts.baseline?.label ?? 'baseline',
    unchanged: false,
    minChange: opts.baseline?.minChange ?? DEFAULT_MIN_CHANGE,
    minChangeKnown: true
  }
  if (opts.commentKey !== undefined) ctx.marker = commentMarker(opts.commentKey)
  if (baseline) {
    ctx.baseline = baseline
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
    ctx.layerDiff = diffLayers(report.final.layers, baseline.layers)
  }
  return ctx
}

// ---------------------------------------------------------------------------------------------
// The summary: headline, sizes, comparison, stage choice, budgets.

function renderHead(ctx: Ctx): string {
  const { report } = ctx
  const parts: string[] = []
  if (ctx.marker) parts.push(ctx.marker)
  parts.push(renderHeadline(ctx))
  const subject = renderSubject(report)
  if (subject) parts.push(subject)
  parts.push(renderSizeTable(ctx))
  const facts = renderFacts(ctx)
  if (facts) parts.push(facts)
  parts.push(renderBudgets(report.budgets))
  return parts.join('\n\n')
}

function verdict(report: Report): { icon: string; text: string } {
  if (!report.passed) {
    const failed = report.budgets.filter(b => !b.passed).length
    return { icon: '❌', text: `${failed} of ${report.budgets.length} budgets exceeded` }
  }
  if (report.budgets.length === 0) return { icon: 'ℹ️', text: 'no budget set' }
  return { icon: '✅', text: 'within budget' }
}

function renderHeadline(ctx: Ctx): string {
  const { report } = ctx
  const v = verdict(report)
  let line = `### ${v.icon} Image size: ${formatBytes(report.final.size)}`
  if (ctx.comparison && ctx.baseline) {
    const change = ctx.unchanged
      ? 'unchanged'
      : changeText(ctx.comparison.change, ctx.comparison.changePercent, ctx.baseline.size, 0)
    line += `, ${change} vs ${escapeMarkdown(ctx.baselineLabel, MAX_NAME)}`
  }
  return `${line} — ${v.text}`
}

function renderSubject(report: Report): string {
  const bits: string[] = []
  if (report.build) {
    bits.push(
      `${codeText(report.build.file, MAX_PATH)} target ${codeText(report.build.target, MAX_NAME)}`
    )
  } else {
    bits.push(codeText(report.final.ref, MAX_REF))
  }
  if (report.final.platform) bits.push(escapeMarkdown(report.final.platform, MAX_NAME))
  if (report.build) bits.push(`${report.build.engine} builder`)
  return bits.join(' · ')
}

function renderSizeTable(ctx: Ctx): string {
  const { report } = ctx
  const rows: string[] = [
    '| image | uncompressed | exact | compressed | layers |',
    '|:--|--:|--:|--:|--:|'
  ]
  const row = (role: string, image: ImageMeasurement, bold = false): string => {
    const b = (s: string): string => (bold ? `**${s}**` : s)
    const name = image.stage
      ? `${role} ${codeText(image.stage, MAX_NAME)}`
      : `${role} ${codeText(image.ref, MAX_REF)}`
    return `| ${b(name)} | ${b(formatBytes(image.size))} | ${formatBytesExact(image.size)} | ${compressedText(image)} | ${image.layers.length} |`
  }
  if (report.builder) rows.push(row('builder', report.builder))
  rows.push(row('final', report.final, true))
  if (ctx.baseline) rows.push(row(escapeMarkdown(ctx.baselineLabel, MAX_NAME), ctx.baseline))
  return rows.join('\n')
}

function compressedText(image: ImageMeasurement): string {
  if (!image.compressed) return '—'
  const text = `<span title="${formatBytesExact(image.compressed.size)}">${formatBytes(image.compressed.size)}</span>`
  return image.compressed.exact ? text : `${text} (estimate)`
}

function renderFacts(ctx: Ctx): string {
  const { report } = ctx
  const facts: string[] = []
  if (report.comparison) {
    const c = report.comparison
    facts.push(
      `- **Saved vs builder:** ${formatBytes(c.saved)} (${formatBytesExact(c.saved)}); the final image is ${formatPercent(c.ratio)} of the builder (ratio ${Number(c.ratio.toPrecision(4))}), ${Number(c.percentSaved.toPrecision(3))}% saved`
    )
  }
  if (ctx.comparison && ctx.baseline) {
    const c = ctx.comparison
    let text = `- **Change vs ${escapeMarkdown(ctx.baselineLabel, MAX_NAME)}:** `
    if (ctx.unchanged) {
      const threshold = ctx.minChangeKnown ? ` ${formatBytes(ctx.minChange)}` : ''
      text += `unchanged (${signed(c.change, formatBytesExact)}, below min-change${threshold})`
    } else {
      const pct = ctx.baseline.size > 0 ? `${signedPercent(c.changePercent)}, ` : ''
      const icon = changeIcon(ctx.baseline.size > 0 ? c.changePercent : Math.sign(c.change))
      text += `${icon} ${signed(c.change, formatBytes)} (${pct}${signed(c.change, formatBytesExact)})`
    }
    if (c.compressedChange !== undefined) {
      const estimate = !report.final.compressed?.exact || !ctx.baseline.compressed?.exact
      const compressedChange = changeText(
        c.compressedChange,
        c.compressedChangePercent,
        ctx.baseline.compressed?.size ?? 0,
        ctx.minChange,
        false
      )
      text += `; compressed ${compressedChange}${estimate ? ' (estimate)' : ''}`
    }
    facts.push(text)
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
  const base = report.final.base
  if (base) {
    const from = base.image === 'scratch' ? '`scratch`' : codeText(base.image, MAX_REF)
    facts.push(
      `- **Base vs added:** base ${from} ${formatBytes(base.size)} in ${base.layerCount} ${plural(base.layerCount, 'layer')}; the Dockerfile adds ${formatBytes(base.addedSize)} (${formatBytesExact(base.addedSize)})`
    )
  }
  const waste = report.final.waste
  if (waste) {
    facts.push(
      `- **Wasted space:** ${formatBytes(waste.removableBytes)} removable (${formatBytesExact(waste.removableBytes)}); efficiency ${formatPercent(waste.efficiency)} (dive's score)`
    )
  }
  return facts.join('\n')
}

function renderBudgets(budgets: BudgetResult[]): string {
  if (budgets.length === 0) return '_No budget set._'
  const rows = ['| budget | subject | limit | actual | status |', '|:--|:--|--:|--:|:-:|']
  for (const b of budgets) {
    rows.push(
      `| \`${b.name}\` | ${escapeMarkdown(b.subject, MAX_NAME * 2)} | ${budgetValue(b.limit, b.unit)} | ${budgetValue(b.actual, b.unit)} | ${b.passed ? '✅' : '❌'} |`
    )
  }
  return rows.join('\n')
}

function budgetValue(value: number, unit: BudgetUnit): string {
  switch (unit) {
    case 'bytes':
      return `<span title="${formatBytesExact(value)}">${formatBytes(value)}</span>`
    case 'ratio':
      return formatPercent(value)
    case 'count':
      return String(value)
  }
}

function renderFootnote(ctx: Ctx): string {
  const version = escapeMarkdown(ctx.report.tool.version, MAX_NAME)
  return (
    '<sub>Sizes in decimal units, as `docker image ls` shows them: 1 kB = 1,000 bytes, 1 MB = 10<sup>6</sup> bytes. ' +
    'Uncompressed: bytes on disk (`docker image inspect` Size); compressed: bytes pulled. ' +
    '"(estimate)": the layer tars gzip-compressed at the default level, as `docker push` does. ' +
    `image-size-budget ${version}</sub>`
  )
}

// ---------------------------------------------------------------------------------------------
// Details: collapsed sections, cut first when the body is too long.

interface Details {
  grew: string[]
  layers: string[]
  layersHeader: string
  layersNote: string
  wasted: string[]
  largest: string[]
}

interface DetailLimits {
  layerRows: number
  largest: number
  wasted: number
  grew: number
}

function detailSections(ctx: Ctx): Details {
  const { report } = ctx
  const withBaseline = ctx.layerDiff !== undefined
  const withCompressed = report.final.layers.some(l => l.compressedSize !== undefined)
  const changes: LayerChange[] =
    ctx.layerDiff?.layers ??
    report.final.layers.map(layer => ({ layer, change: 0, status: 'same' as const }))

  const header =
    '| # | Dockerfile line | instruction | size |' +
    (withCompressed ? ' compressed |' : '') +
    (withBaseline ? ' change |' : '')
  const align = '|--:|:--|:--|--:|' + (withCompressed ? '--:|' : '') + (withBaseline ? '--:|' : '')
  const layers = changes.map(c => {
    const l = c.layer
    let row = `| ${l.index} | ${layerSource(l, report)} | ${layerCommand(l)} | ${sizeCell(l.size)} |`
    if (withCompressed)
      row += ` ${l.compressedSize === undefined ? '—' : sizeCell(l.compressedSize)} |`
    if (withBaseline) row += ` ${layerChangeText(c, ctx.minChange)} |`
    return row
  })

  let layersNote = ''
  const removed = ctx.layerDiff?.removed ?? []
  if (removed.length > 0) {
    const bytes = removed.reduce((sum, l) => sum + l.size, 0)
    layersNote = `${removed.length} ${plural(removed.length, 'layer')} of the ${escapeMarkdown(ctx.baselineLabel, MAX_NAME)} ${removed.length === 1 ? 'is' : 'are'} gone (${formatBytes(bytes)}).`
  }

  const grew = (ctx.layerDiff?.layers ?? [])
    .filter(c => c.change >= ctx.minChange)
    .sort((a, b) => b.change - a.change || a.layer.index - b.layer.index)
    .slice(0, GREW_MOST)
    .map(
      c =>
        `| ${c.layer.index} | ${layerSource(c.layer, report)} | ${layerCommand(c.layer)} | ${signed(c.change, formatBytes)} | ${c.status === 'added' ? 'new layer' : `${formatBytes(c.baseline?.size ?? 0)} → ${formatBytes(c.layer.size)}`} |`
    )

  const waste = report.final.waste
  const wasted = (waste?.topPaths ?? [])
    .slice(0, MAX_LIST)
    .map(
      p =>
        `| ${codeText(p.path, MAX_PATH)} | ${sizeCell(p.removableBytes)} | ${sizeCell(p.cumulativeBytes)} | ${p.layers.join(', ')} |`
    )
  const largest = (waste?.largestFiles ?? [])
    .slice(0, MAX_LIST)
    .map(f => `| ${codeText(f.path, MAX_PATH)} | ${sizeCell(f.size)} | ${f.layer} |`)

  return { grew, layers, layersHeader: `${header}\n${align}`, layersNote, wasted, largest }
}

function renderDetails(d: Details, limits: DetailLimits): string[] {
  const out: string[] = []
  if (limits.grew > 0 && d.grew.length > 0) {
    out.push(
      details(
        `Layers that grew most (${Math.min(limits.grew, d.grew.length)})`,
        [
          '| # | Dockerfile line | instruction | change | size |',
          '|--:|:--|:--|--:|:--|',
          ...d.grew.slice(0, limits.grew)
        ].join('\n')
      )
    )
  }
  if (limits.layerRows > 0 && d.layers.length > 0) {
    const rows = d.layers.slice(0, limits.layerRows)
    let body = `${d.layersHeader}\n${rows.join('\n')}`
    if (rows.length < d.layers.length) {
      body += `\n\n${d.layers.length - rows.length} more layers not shown (comment length limit).`
    }
    if (d.layersNote) body += `\n\n${d.layersNote}`
    out.push(details(`Layers of the final image (${d.layers.length})`, body))
  }
  if (limits.wasted > 0 && d.wasted.length > 0) {
    out.push(
      details(
        `Top wasted paths (${d.wasted.length})`,
        [
          '| path | removable | cumulative | layers |',
          '|:--|--:|--:|:--|',
          ...d.wasted.slice(0, limits.wasted)
        ].join('\n')
      )
    )
  }
  if (limits.largest > 0 && d.largest.length > 0) {
    out.push(
      details(
        `Largest files (${d.largest.length})`,
        ['| path | size | layer |', '|:--|--:|--:|', ...d.largest.slice(0, limits.largest)].join(
          '\n'
        )
      )
    )
  }
  return out
}

function truncationNote(d: Details, limits: DetailLimits, maxLength: number): string {
  const cut: string[] = []
  if (limits.layerRows < d.layers.length) {
    cut.push(`${d.layers.length - limits.layerRows} of ${d.layers.length} layer rows`)
  }
  if (limits.largest < d.largest.length) cut.push('the largest files')
  if (limits.wasted < d.wasted.length) cut.push('the top wasted paths')
  if (limits.grew < d.grew.length) cut.push('the layers that grew most')
  if (cut.length === 0) return ''
  return `${CUT_NOTE_PREFIX} Details cut to stay under the ${maxLength.toLocaleString('en-US')}-character limit of a GitHub comment: ${cut.join(', ')} left out. The JSON report has all of them.</sub>`
}

function details(summary: string, body: string): string {
  // Blank lines around the body so GitHub renders the markdown table inside the HTML block.
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`
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

function layerCommand(layer: Layer): string {
  const text = layer.instruction
    ? `${layer.instruction.keyword} ${layer.instruction.args}`
    : cleanCreatedBy(layer.createdBy)
  return text.trim() === '' ? '—' : codeText(text, MAX_COMMAND)
}

/** Drops the shell prefixes the builders write into `created_by`, so the command shows first. */
function cleanCreatedBy(createdBy: string): string {
  return createdBy
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/\s*# buildkit$/, '')
    .trim()
}

function sizeCell(bytes: number): string {
  return `<span title="${formatBytesExact(bytes)}">${formatBytes(bytes)}</span>`
}

function layerChangeText(c: LayerChange, minChange: number): string {
  if (c.status === 'added') return `new, ${signed(c.change, formatBytes)}`
  if (Math.abs(c.change) < minChange) return 'unchanged'
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
