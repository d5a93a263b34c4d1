/**
 * A run (schema-2 report, {@link RunReport}) as GitHub-flavoured markdown: the job summary and the
 * PR comment. A run of one image renders exactly as that image's report (`renderMarkdown`); a run
 * of several opens with one table (a row per image and platform) and folds each image's details.
 *
 * FIRST VERSION (coordinator's stub, to be replaced by the multi-image renderer): several images
 * render as a plain table followed by each image's full report.
 */
import type { ImageEntry, Report, RunReport } from '../model.ts'
import { GITHUB_COMMENT_MAX_LENGTH, renderMarkdown } from './markdown.ts'
import { commentMarker, escapeMarkdown } from './escape.ts'
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

/**
 * Renders `run`. One entry: `renderMarkdown` of it (with its trend appended). Several: a table,
 * then each entry's report.
 *
 * @throws Error when `opts.maxLength` is not a positive integer or `opts.commentKey` is empty.
 */
export function renderRunMarkdown(run: RunReport, opts: RunMarkdownOptions = {}): string {
  const maxLength = opts.maxLength ?? GITHUB_COMMENT_MAX_LENGTH
  if (run.images.length === 1) {
    const entry = run.images[0]!
    const trend = opts.trends?.[entryKey(entry)]
    const body = renderMarkdown(entryReport(run, entry), {
      ...(opts.commentKey !== undefined ? { commentKey: opts.commentKey } : {}),
      baseline: { minChange: opts.minChange },
      maxLength: trend ? maxLength - trend.length - 4 : maxLength
    })
    return trend ? `${body}\n\n${trend}\n` : body
  }
  const lines: string[] = []
  if (opts.commentKey !== undefined) lines.push(commentMarker(opts.commentKey))
  lines.push('| image | platform | size | verdict |', '|---|---|--:|---|')
  for (const entry of run.images) {
    lines.push(
      `| ${escapeMarkdown(entry.name, 80)} | ${escapeMarkdown(entry.platform, 40)} | ${formatBytes(entry.final.size)} | ${entry.passed ? 'pass' : 'FAIL'} |`
    )
  }
  for (const entry of run.images) {
    lines.push(
      '',
      renderMarkdown(entryReport(run, entry), { baseline: { minChange: opts.minChange } })
    )
  }
  return lines.join('\n').slice(0, maxLength)
}
