/**
 * The "What changed" and "How to shrink it" sections of the markdown report (issue 9): file and
 * package changes against the baseline, and findings with their fixes. Pure.
 *
 * Placeholder until the analysis lands (helper-10 fills these in; contract in
 * /work/coord/changes-api.md): both return '' — "nothing to say" — which the report omits.
 */
import type { Report } from '../model.ts'

/** The body of the "What changed" section (markdown, escaped), or '' when there is nothing. */
export function renderChangesMarkdown(report: Report): string {
  void report
  return ''
}

/** The body of the "How to shrink it" section (markdown, escaped), or '' when there is nothing. */
export function renderFindingsMarkdown(report: Report): string {
  void report
  return ''
}
