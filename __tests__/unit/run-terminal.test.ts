/** The CLI's plain-text run (src/report/run-terminal.ts): one table, the verdict, each entry. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { entryReport } from '../../src/report/run-markdown.ts'
import { renderRunTerminal } from '../../src/report/run-terminal.ts'
import { renderTerminal } from '../../src/report/terminal.ts'
import { goWebReport, grewWithFailingIncrease, passingNoBaseline } from './markdown.fixtures.ts'
import { entry, grewAgainstBaseline, run, threeImagesTwoPlatforms } from './run.fixtures.ts'

test('one entry prints as renderTerminal of its report', () => {
  for (const report of [goWebReport(), grewWithFailingIncrease(), passingNoBaseline()]) {
    const r = run([entry('app', 'linux/amd64', report)])
    assert.equal(renderRunTerminal(r), renderTerminal(entryReport(r, r.images[0]!)))
  }
})

test('several entries: a table in spec order, the breach named, each entry under a heading', () => {
  const r = threeImagesTwoPlatforms()
  const text = renderRunTerminal(r)
  const lines = text.split('\n')
  assert.equal(lines[0], 'image-size-budget 0.1.0 — 3 images on 2 platforms')
  assert.deepEqual(
    lines.slice(2, 8).map(line => line.split(/ {2,}/)),
    [
      ['image', 'platform', 'uncompressed', 'compressed', 'change', 'verdict'],
      ['api', 'linux/amd64', '14.9 MB', '8.24 MB (estimate)', '-2 MB (-11.8%)', 'pass'],
      ['api', 'linux/arm64', '14.9 MB', '8.24 MB (estimate)', '+7.39 MB (+98.2%)', 'EXCEEDED'],
      ['worker', 'linux/amd64', '8.53 MB', '4.64 MB (estimate)', '—', 'pass'],
      ['worker', 'linux/arm64', '8.53 MB', '4.64 MB (estimate)', '—', 'pass'],
      ['web', 'linux/amd64', '8.53 MB', '4.64 MB (estimate)', '—', '—']
    ]
  )
  // 14,917,632 − 13,700,000 bytes over.
  assert.match(
    text,
    /^Budget exceeded in 1 of 5:\n {2}api \(linux\/arm64\): over max-size by 1\.22 MB \(1,217,632 bytes\)$/m
  )
  const headings = lines.filter(line => line.startsWith('== '))
  assert.deepEqual(headings, [
    '== api · linux/amd64 ==',
    '== api · linux/arm64 ==',
    '== worker · linux/amd64 ==',
    '== worker · linux/arm64 ==',
    '== web · linux/amd64 =='
  ])
  // Each entry's own report follows its heading.
  const second = text.slice(text.indexOf('== api · linux/arm64 =='), text.indexOf('== worker'))
  assert.ok(second.includes(renderTerminal(entryReport(r, r.images[1]!))))
  assert.ok(text.endsWith('Sizes: MB = 10^6 bytes (as docker image ls shows).\n'))
})

test('verdict lines: all passed, no budget', () => {
  const pass = passingNoBaseline()
  assert.match(
    renderRunTerminal(run([entry('a', 'linux/amd64', pass), entry('b', 'linux/amd64', pass)])),
    /^All budgets passed\.$/m
  )
  const none = { ...pass, budgets: [], passed: true }
  assert.match(
    renderRunTerminal(run([entry('a', 'linux/amd64', none), entry('b', 'linux/amd64', none)])),
    /^No budget set\.\n\n== a/m
  )
})

test('change: unchanged below min-change', () => {
  const r = run([
    entry('a', 'linux/amd64', grewAgainstBaseline(30_000_000)),
    entry('b', 'linux/amd64', passingNoBaseline())
  ])
  // The change is 7,391,688 bytes.
  assert.match(
    renderRunTerminal(r, { minChange: 8_000_000 }),
    /^a {2,}linux\/amd64 .* unchanged {2,}pass$/m
  )
  assert.match(
    renderRunTerminal(r, { minChange: 7_000_000 }),
    /^a .* \+7\.39 MB \(\+98\.2%\) {2,}pass$/m
  )
})

test('control characters in names and platforms print as spaces', () => {
  const evil = 'api\u001b[31m\nFAKE LINE\u009b2J'
  const r = run([
    entry(evil, 'linux/amd64\r', passingNoBaseline()),
    entry('b', 'linux/amd64', passingNoBaseline())
  ])
  const text = renderRunTerminal(r)
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(text.replaceAll('\n', ''), /[\u0000-\u001f\u007f-\u009f]/)
  assert.match(text, /^api \[31m FAKE LINE 2J {2,}linux\/amd64 {2,}/m)
  assert.match(text, /^== api \[31m FAKE LINE 2J · linux\/amd64 {2}==$/m)
})
