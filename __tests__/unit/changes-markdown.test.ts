/**
 * "What changed" reads each growth once (issue 9): with file changes against the baseline the
 * comment lists the files (each with its Dockerfile line) and no layer rows beside them, plus one
 * row for the bytes layers hold that no file shows; without file changes it lists the layers.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Report } from '../../src/model.ts'
import {
  hiddenChange,
  renderChangesMarkdown,
  renderChangesTerminal
} from '../../src/report/changes-markdown.ts'
import { renderMarkdown } from '../../src/report/markdown.ts'
import { grewWithFailingIncrease } from './markdown.fixtures.ts'

const source = (line: number, instruction: string) => ({
  file: 'examples/go-web/Dockerfile',
  line,
  instruction
})

/**
 * The fixture's image grew 7,391,688 bytes: `/app` grew 1,000,000 (5.39 → 6.39 MB, last written by
 * the chmod on line 15), `/ok` (120 B) went, and the chmod layer stores `/app` a second time.
 */
function withFileChanges(): Report {
  const report = grewWithFailingIncrease()
  report.changes = [
    {
      path: '/app',
      kind: 'grew',
      before: 5_391_808,
      after: 6_391_808,
      change: 1_000_000,
      source: source(15, 'RUN chmod 0755 /app')
    },
    { path: '/ok', kind: 'removed', before: 120, after: 0, change: -120 }
  ]
  report.findings = [
    {
      rule: 'readded-file',
      bytes: 6_391_808,
      paths: ['/app'],
      source: source(15, 'RUN chmod 0755 /app'),
      message: '1 file written again with the same content',
      fix: 'COPY --chmod'
    }
  ]
  return report
}

/** The "What changed" section as shown (up to the next bold heading). */
function whatChanged(body: string): string {
  const start = body.indexOf('**What changed**')
  assert.ok(start >= 0, body)
  const end = body.indexOf('\n**', start + 2)
  return body.slice(start, end < 0 ? undefined : end)
}

test('hiddenChange: the image change the file rows do not add up to', () => {
  const report = withFileChanges()
  assert.equal(report.baselineComparison?.change, 7_391_688)
  assert.equal(hiddenChange(report), 7_391_688 - 999_880)
  report.changesOmitted = { rows: 3, change: 5_000 }
  assert.equal(hiddenChange(report), 7_391_688 - 1_004_880)
  assert.equal(hiddenChange({ ...report, changes: [] }), undefined)
  assert.equal(hiddenChange({ ...report, baselineComparison: undefined }), undefined)
})

test('with file changes: file rows and the hidden bytes, no layer rows beside them', () => {
  const body = renderMarkdown(withFileChanges())
  const section = whatChanged(body)
  assert.deepEqual(
    section.split('\n').filter(l => l.startsWith('- ')),
    [
      '- **+6.39 MB** in copies the layers hide (files written again or deleted later; see How to shrink it)',
      '- **+1 MB** <code>/app</code> (5.39 MB → 6.39 MB) — <code>examples/go-web/Dockerfile:15</code> <code>RUN chmod 0755 /app</code>',
      '- **-120 B** <code>/ok</code> (removed)'
    ]
  )
  // No "Files:" label without packages; no layer rows ("new layer", "Dockerfile:14").
  assert.ok(!section.includes('Files:'), section)
  assert.ok(!section.includes('Dockerfile:14'), section)
  // The layers stay in the details, with their change.
  assert.match(
    body,
    /\| 1: <code>examples\/go-web\/Dockerfile:14<\/code> .* \| 6\.39 MB \| \+1 MB \|/
  )
})

test('without file changes, or against another baseline: the layers that grew', () => {
  const report = withFileChanges()
  const layerRows = [
    '- **+6.39 MB** <code>examples/go-web/Dockerfile:15</code> <code>RUN chmod 0755 /app</code> (120 B → 6.39 MB)',
    '- **+1 MB** <code>examples/go-web/Dockerfile:14</code> <code>COPY --from=build /out/app /app</code> (5.39 MB → 6.39 MB)'
  ]
  const rows = (body: string): string[] =>
    whatChanged(body)
      .split('\n')
      .filter(l => l.startsWith('- '))
  assert.deepEqual(rows(renderMarkdown({ ...report, changes: undefined })), layerRows)
  // A baseline given to the renderer is not the one the file rows were made against.
  const other = { ...(report.baseline as NonNullable<Report['baseline']>) }
  assert.deepEqual(
    rows(renderMarkdown(report, { baseline: { measurement: other } })).slice(0, 2),
    layerRows
  )
})

test('the hidden row needs min-change bytes, names the fixes only when there are some, and keeps its place by size', () => {
  const report = withFileChanges()
  const small = { ...report, changes: [{ ...report.changes![0]!, change: 7_391_688 - 500 }] }
  assert.ok(!renderChangesMarkdown(small).includes('copies the layers hide'))
  // A failing max-increase shows every byte of the headline, but the hidden row keeps 1 kB.
  assert.ok(!renderMarkdown(small).includes('copies the layers hide'))
  const noFix = renderChangesMarkdown({ ...report, findings: [] })
  assert.match(noFix, /in copies the layers hide \(files written again or deleted later\)\n/)
  // Smaller than every file row shown: last before the fold.
  const big = {
    ...report,
    changes: [{ ...report.changes![0]!, change: 7_000_000 }],
    findings: []
  }
  assert.deepEqual(
    renderChangesMarkdown(big)
      .split('\n')
      .map(l => l.split(' ').slice(0, 4).join(' ')),
    ['- **+7 MB** <code>/app</code>', '- **+392 kB** in']
  )
  // With packages the file rows get their label.
  const withPackages: Report = {
    ...report,
    packages: [
      { manager: 'apk', name: 'zlib', kind: 'added', afterVersion: '1.3', change: 110_592 }
    ]
  }
  assert.match(renderChangesMarkdown(withPackages), /^Files:\n\n- \*\*\+6\.39 MB\*\*/)
})

test('terminal: the hidden bytes after the file rows', () => {
  const text = renderChangesTerminal(withFileChanges())
  assert.match(
    text,
    /\+6\.39 MB {2}in copies the layers hide \(files written again or deleted later\)$/
  )
})
