/**
 * The "What changed" (file and package changes against the baseline) and "How to shrink it"
 * (findings with fixes) parts of the markdown report (issue 9), and their terminal forms. Pure.
 *
 * Every path, package name, version, instruction and finding text comes from the image or from a
 * report read back, so it is untrusted: it passes through `codeText` / `escapeMarkdown`
 * (./escape.ts) before it enters markdown, and through {@link plainText} before it reaches a
 * terminal (no control characters, so no escape sequences).
 */
import type { ChangeSource, FileChange, Finding, PackageChange, Report } from '../model.ts'
import { formatBytes } from '../units.ts'
import { codeText, escapeMarkdown, shorten } from './escape.ts'

/** Rows shown before the fold, and at most in it. */
export const CHANGES_SHOWN = 5
export const CHANGES_FOLDED_MAX = 50
export const PACKAGES_SHOWN = 5
export const FINDINGS_SHOWN = 10
const MAX_PATH = 120
const MAX_COMMAND = 80
const MAX_NAME = 80

/**
 * Bytes of the image's change against its baseline that no file row shows: copies the layers
 * store that the final filesystem does not show (a file written again, a file deleted by a later
 * layer), net of the baseline's own. The image's size (the engine's) counts every layer's bytes;
 * the file rows add up to the change of the final filesystem (`changes` + `changesOmitted`).
 * Undefined without file changes or without the report's baseline comparison.
 */
export function hiddenChange(report: Report): number | undefined {
  const changes = report.changes
  const comparison = report.baselineComparison
  if (!changes || changes.length === 0 || !comparison) return undefined
  const shown = changes.reduce((sum, c) => sum + c.change, 0) + (report.changesOmitted?.change ?? 0)
  return comparison.change - shown
}

/** Options of {@link renderChangesMarkdown}. */
export interface ChangesMarkdownOptions {
  /**
   * Bytes; a {@link hiddenChange} smaller than this (in absolute value) gets no row (the
   * `min-change` input; default 1 kB).
   */
  minChange?: number
}

/**
 * The body of the "What changed" section for files and packages (markdown, escaped): the largest
 * file changes as a list (with the bytes layers hold that no file shows, {@link hiddenChange}, as
 * one more row when it reaches `minChange`), the rest folded in `<details>`, then package changes
 * the same way. File rows carry their Dockerfile line, so the section needs no layer rows beside
 * them. '' when the report has no changes.
 */
export function renderChangesMarkdown(report: Report, opts: ChangesMarkdownOptions = {}): string {
  const parts: string[] = []
  const changes = report.changes ?? []
  const packages = report.packages ?? []
  if (changes.length > 0) {
    const rows = changes
      .slice(0, CHANGES_SHOWN)
      .map(c => ({ change: c.change, line: fileChangeLine(c) }))
    const hidden = hiddenChange(report)
    if (hidden !== undefined && Math.abs(hidden) >= (opts.minChange ?? 1_000)) {
      const fixes = (report.findings ?? []).some(
        f => f.rule === 'readded-file' || f.rule === 'deleted-later'
      )
      const row = {
        change: hidden,
        line: `- **${signed(hidden)}** in copies the layers hide (files written again or deleted later${fixes ? '; see How to shrink it' : ''})`
      }
      // Among the rows by size; a row smaller than every file row shown still comes before the fold.
      const at = rows.findIndex(r => Math.abs(r.change) < Math.abs(hidden))
      rows.splice(at < 0 ? rows.length : at, 0, row)
    }
    const lines = rows.map(r => r.line)
    const rest = changes.slice(CHANGES_SHOWN)
    const omitted = report.changesOmitted
    let more = ''
    if (rest.length > 0 || (omitted && omitted.rows > 0)) {
      const folded = rest.slice(0, CHANGES_FOLDED_MAX).map(fileChangeLine)
      const beyond = rest.length - folded.length + (omitted?.rows ?? 0)
      if (beyond > 0) folded.push(`- ${beyond} smaller ${plural(beyond, 'change')} not listed`)
      const n = rest.length + (omitted?.rows ?? 0)
      more = `\n\n${details(`${n} more file ${plural(n, 'change')}`, folded.join('\n'))}`
    }
    // The label only tells files from packages.
    parts.push(`${packages.length > 0 ? 'Files:\n\n' : ''}${lines.join('\n')}${more}`)
  }
  if (packages.length > 0) {
    const count = (kind: PackageChange['kind']): number =>
      packages.filter(p => p.kind === kind).length
    const summary = [
      ['added', count('added')],
      ['removed', count('removed')],
      ['changed version', count('changed')]
    ]
      .filter(([, n]) => n !== 0)
      .map(([what, n]) => `${n} ${what}`)
      .join(', ')
    const lines = packages.slice(0, PACKAGES_SHOWN).map(packageLine)
    const rest = packages.slice(PACKAGES_SHOWN)
    const more =
      rest.length > 0
        ? `\n\n${details(
            `${rest.length} more ${plural(rest.length, 'package')}`,
            rest.slice(0, CHANGES_FOLDED_MAX).map(packageLine).join('\n') +
              (rest.length > CHANGES_FOLDED_MAX
                ? `\n- ${rest.length - CHANGES_FOLDED_MAX} more not listed`
                : '')
          )}`
        : ''
    parts.push(`Packages (${summary}):\n\n${lines.join('\n')}${more}`)
  }
  return parts.join('\n\n')
}

/**
 * The body of the "How to shrink it" section (markdown, escaped): one item per finding with the
 * bytes its fix would save, its line and the fix. '' when there are no findings.
 */
export function renderFindingsMarkdown(report: Report): string {
  const findings = report.findings ?? []
  if (findings.length === 0) return ''
  const lines = findings.slice(0, FINDINGS_SHOWN).map(findingLine)
  if (findings.length > FINDINGS_SHOWN) {
    const n = findings.length - FINDINGS_SHOWN
    lines.push(`- ${n} smaller ${plural(n, 'finding')} in the JSON report`)
  }
  const total = findings.reduce((sum, f) => sum + f.bytes, 0)
  return `${lines.join('\n')}\n\nTogether: **${formatBytes(total)}** could go.`
}

function fileChangeLine(c: FileChange): string {
  const what =
    c.files !== undefined
      ? `${c.files.toLocaleString('en-US')} ${plural(c.files, 'file')} ${c.kind}`
      : c.kind === 'grew' || c.kind === 'shrank'
        ? `${formatBytes(c.before ?? 0)} → ${formatBytes(c.after ?? 0)}`
        : c.kind
  return `- **${signed(c.change)}** ${codeText(c.path, MAX_PATH)} (${what})${sourceText(c.source)}`
}

function packageLine(p: PackageChange): string {
  const version =
    p.kind === 'changed'
      ? `${escapeMarkdown(p.beforeVersion ?? '', MAX_NAME)} → ${escapeMarkdown(p.afterVersion ?? '', MAX_NAME)}`
      : p.kind === 'added'
        ? `${escapeMarkdown(p.afterVersion ?? '', MAX_NAME)}, added`
        : `${escapeMarkdown(p.beforeVersion ?? '', MAX_NAME)}, removed`
  return `- **${signed(p.change)}** ${codeText(p.name, MAX_NAME)} ${escapeMarkdown(p.manager)} (${version})${sourceText(p.source)}`
}

function findingLine(f: Finding): string {
  const paths = f.paths.slice(0, 3).map(p => codeText(p, MAX_PATH))
  const more = f.paths.length > 3 ? ` and ${f.paths.length - 3} more` : ''
  return (
    `- **${formatBytes(f.bytes)}** ${escapeMarkdown(f.message)}${sourceText(f.source)}` +
    `<br>${paths.join(', ')}${more}` +
    `<br>Fix: ${escapeMarkdown(f.fix)} <sub>(${escapeMarkdown(f.rule)})</sub>`
  )
}

function sourceText(source: ChangeSource | undefined): string {
  if (!source) return ''
  return ` — ${codeText(`${source.file}:${source.line}`, MAX_PATH)} ${codeText(source.instruction, MAX_COMMAND)}`
}

function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`
}

function signed(value: number): string {
  return value > 0 ? `+${formatBytes(value)}` : formatBytes(value)
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}

/** One warning annotation: a Dockerfile line and what to say there (plain text). */
export interface FindingAnnotation {
  file: string
  line: number
  title: string
  message: string
}

/**
 * A warning annotation per finding that has a Dockerfile line: the bytes its fix would save,
 * what was found and the fix. Annotation text is plain (GitHub does not render markdown there);
 * control characters are removed. At most {@link FINDINGS_SHOWN}, largest first.
 */
export function findingAnnotations(report: Report): FindingAnnotation[] {
  const out: FindingAnnotation[] = []
  for (const f of report.findings ?? []) {
    if (!f.source || out.length >= FINDINGS_SHOWN) continue
    out.push({
      file: f.source.file,
      line: f.source.line,
      title: `Image size: ${formatBytes(f.bytes)} could go (${f.rule})`,
      message: plainText(`${f.message}. Fix: ${f.fix}`, 1000)
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Terminal.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g

/** Untrusted text for a terminal: control characters (escape sequences) become one space. */
export function plainText(text: string, max: number): string {
  return shorten(text.replace(CONTROL, ' '), max)
}

/**
 * "What changed" for the terminal: the largest file changes and package changes, one per line.
 * '' when the report has none.
 */
export function renderChangesTerminal(report: Report, max = 10): string {
  const lines: string[] = []
  const changes = report.changes ?? []
  if (changes.length > 0) {
    lines.push('What changed (files):')
    for (const c of changes.slice(0, max)) {
      const what =
        c.files !== undefined ? `${c.files} ${plural(c.files, 'file')} ${c.kind}` : c.kind
      lines.push(
        `  ${signed(c.change).padStart(10)}  ${plainText(c.path, MAX_PATH)} (${what})${terminalSource(c.source)}`
      )
    }
    const more = changes.length - Math.min(max, changes.length) + (report.changesOmitted?.rows ?? 0)
    if (more > 0) lines.push(`  … ${more} more in the JSON report`)
    const hidden = hiddenChange(report)
    if (hidden !== undefined && Math.abs(hidden) >= 1_000) {
      lines.push(
        `  ${signed(hidden).padStart(10)}  in copies the layers hide (files written again or deleted later)`
      )
    }
  }
  const packages = report.packages ?? []
  if (packages.length > 0) {
    lines.push('What changed (packages):')
    for (const p of packages.slice(0, max)) {
      const version =
        p.kind === 'changed'
          ? `${p.beforeVersion ?? ''} → ${p.afterVersion ?? ''}`
          : `${p.kind === 'added' ? (p.afterVersion ?? '') : (p.beforeVersion ?? '')}, ${p.kind}`
      lines.push(
        `  ${signed(p.change).padStart(10)}  ${plainText(`${p.name} (${version})`, MAX_PATH)}${terminalSource(p.source)}`
      )
    }
    if (packages.length > max) lines.push(`  … ${packages.length - max} more in the JSON report`)
  }
  return lines.join('\n')
}

/** "How to shrink it" for the terminal: one finding per line with its fix. '' when none. */
export function renderFindingsTerminal(report: Report, max = 10): string {
  const findings = report.findings ?? []
  if (findings.length === 0) return ''
  const lines = ['How to shrink it:']
  for (const f of findings.slice(0, max)) {
    lines.push(
      `  ${formatBytes(f.bytes).padStart(10)}  ${plainText(f.message, 200)}${terminalSource(f.source)}`,
      `              fix: ${plainText(f.fix, 200)} [${f.rule}]`
    )
  }
  if (findings.length > max) lines.push(`  … ${findings.length - max} more in the JSON report`)
  return lines.join('\n')
}

function terminalSource(source: ChangeSource | undefined): string {
  if (!source) return ''
  return ` — ${plainText(`${source.file}:${source.line}`, MAX_PATH)} ${plainText(source.instruction, MAX_COMMAND)}`
}
