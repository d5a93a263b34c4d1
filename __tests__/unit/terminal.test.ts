/** The CLI's plain-text report: labels and numbers people read in a terminal. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { renderTerminal } from '../../src/report/terminal.ts'
import { goWebReport, withBaseline } from './markdown.fixtures.ts'

test('a final image larger than its builder reads "larger than the builder by"', () => {
  const report = goWebReport()
  assert.ok(report.builder)
  report.final.size = report.builder.size + 819_000
  const ratio = report.final.size / report.builder.size
  report.comparison = { saved: -819_000, ratio, percentSaved: (1 - ratio) * 100 }
  const text = renderTerminal(report)
  assert.match(text, /^larger than the builder by 819 kB; final\/builder ratio 100%$/m)
  assert.doesNotMatch(text, /saved -/)
})

test('the baseline row carries its reference, not its stage', () => {
  const report = withBaseline(goWebReport())
  assert.ok(report.baseline)
  report.baseline = { ...report.baseline, ref: 'base commit 3f2a', stage: 'final' }
  const text = renderTerminal(report)
  assert.match(text, /^baseline {2,}base commit 3f2a {2,}7\.53 MB/m)
  assert.doesNotMatch(text, /base commit 3f2a \(stage/)
})

test('a failing max-increase shows its change even below min-change', () => {
  const report = withBaseline(goWebReport())
  report.baselineComparison = { change: 26, changePercent: 26e-6, unchanged: true }
  report.budgets = [
    {
      name: 'max-increase',
      subject: 'final image size increase over the baseline',
      unit: 'bytes',
      limit: 0,
      actual: 26,
      passed: false,
      message: ''
    }
  ]
  const text = renderTerminal(report)
  assert.match(text, /^change vs baseline: \+26 B \(\+0\.000026%, \+26 bytes\)$/m)
  report.budgets[0]!.passed = true
  assert.match(renderTerminal(report), /^change vs baseline: unchanged \(\+26 bytes\)$/m)
})

test('unattributed layers show their command without the builder prefixes', () => {
  const report = goWebReport()
  const run = report.final.layers[2]
  assert.ok(run)
  delete run.instruction
  run.createdBy = '/bin/sh -c #(nop) COPY file:00ec1633 in /app '
  const text = renderTerminal(report)
  assert.match(text, /^ {2}2 {2}6\.39 MB {2}COPY file:00ec1633 in \/app$/m)
  assert.doesNotMatch(text, /#\(nop\)/)
})
