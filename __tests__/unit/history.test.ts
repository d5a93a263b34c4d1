import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, test } from 'node:test'
import { checkActionHistoryInputs, historyNameOf, shouldRecord } from '../../src/history/action.ts'
import { findHistoryBaseline, type CommitGraph } from '../../src/history/baseline.ts'
import { parseInputs } from '../../src/inputs.ts'
import { commentKeyOf } from '../../src/publish/pull-request.ts'
import {
  appendEntry,
  decodeHistory,
  encodeEntry,
  encodeHistory,
  entryFromReport,
  MAX_HISTORY_BYTES,
  historyFileName,
  measurementOfEntry,
  withFinalDiffIds,
  type HistoryEntry
} from '../../src/history/entry.ts'
import { diffLayers } from '../../src/report/baseline.ts'
import {
  appendToHistoryFile,
  boundedHistory,
  readHistoryFile
} from '../../src/history/file-store.ts'
import { pageSeries, renderHistoryPage, scriptJson } from '../../src/history/page.ts'
import {
  axisRange,
  chartDecimals,
  chartTitle,
  chartUnit,
  entryAtDate,
  mermaidTrend,
  parseDriftSince,
  parseDriftSinceForApi,
  percentDown,
  renderTrendSection,
  suggestMaxSize,
  trendPoints,
  trendTerminalLines,
  withTrend,
  MAX_X_LABELS,
  TREND_LINE_COLOUR,
  TREND_POINTS
} from '../../src/history/trend.ts'
import { UPLOT_CSS, UPLOT_JS, UPLOT_VERSION } from '../../src/history/uplot-asset.ts'
import type { Report } from '../../src/model.ts'

const sha = (n: number): string => n.toString(16).padStart(40, '0')

function entry(n: number, size: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    v: 1,
    commit: sha(n),
    time: new Date(Date.UTC(2026, 0, n)).toISOString(),
    name: 'Dockerfile:final',
    platform: 'linux/amd64',
    size,
    compressedSize: Math.round(size / 3),
    compressedExact: false,
    layers: [['sha256:00000000000000aa', size]],
    budgets: [],
    ...extra
  }
}

const report: Report = {
  schemaVersion: 1,
  tool: { name: 'image-size-budget', version: '0.1.0' },
  createdAt: '2026-01-01T00:00:00.000Z',
  final: {
    ref: 'app:latest',
    id: 'sha256:' + 'c'.repeat(64),
    platform: 'linux/arm64',
    size: 12_345_678,
    compressed: { size: 4_000_000, exact: true },
    layers: [
      { index: 0, diffId: 'sha256:' + 'a'.repeat(64), size: 12_000_000, createdBy: 'ADD x' },
      { index: 1, diffId: 'sha256:' + 'b'.repeat(64), size: 345_678, createdBy: 'COPY y' }
    ],
    waste: { efficiency: 0.99, removableBytes: 1234, topPaths: [], largestFiles: [] }
  },
  budgets: [
    {
      name: 'max-size',
      subject: 's',
      unit: 'bytes',
      limit: 20_000_000,
      actual: 12_345_678,
      passed: true,
      message: 'm'
    }
  ],
  passed: true
}

describe('history entries', () => {
  test('an entry from a report keeps sizes, layers (diff ID prefixes) and budgets', () => {
    const e = entryFromReport(report, {
      commit: sha(7).toUpperCase(),
      time: '2026-02-03T04:05:06.000Z',
      ref: 'refs/heads/main',
      name: 'Dockerfile:final'
    })
    assert.deepEqual(e, {
      v: 1,
      commit: sha(7),
      time: '2026-02-03T04:05:06.000Z',
      ref: 'refs/heads/main',
      name: 'Dockerfile:final',
      platform: 'linux/arm64',
      id: 'sha256:' + 'c'.repeat(64),
      size: 12_345_678,
      compressedSize: 4_000_000,
      compressedExact: true,
      layers: [
        ['sha256:aaaaaaaaaaaaaaaa', 12_000_000],
        ['sha256:bbbbbbbbbbbbbbbb', 345_678]
      ],
      removableBytes: 1234,
      budgets: [{ name: 'max-size', limit: 20_000_000, actual: 12_345_678, passed: true }]
    })
    // One line, a few hundred bytes.
    assert.ok(encodeHistory([e]).length < 520, String(encodeHistory([e]).length))
    assert.throws(() => entryFromReport(report, { commit: 'HEAD', name: 'x' }), /not a commit SHA/)
  })

  test('as a baseline: sizes and layers, matched by content only', () => {
    const m = measurementOfEntry(
      entryFromReport(report, { commit: sha(1), name: 'n' }),
      'history main@0000000'
    )
    assert.equal(m.size, 12_345_678)
    assert.deepEqual(m.compressed, { size: 4_000_000, exact: true })
    assert.equal(m.layers.length, 2)
    assert.equal(m.layers[1]!.diffId, 'sha256:bbbbbbbbbbbbbbbb')
    assert.equal(m.ref, 'history main@0000000')
  })

  test('layers of the final image get their whole diff IDs back, so unchanged layers match', () => {
    const e = entryFromReport(report, { commit: sha(1), name: 'n' })
    e.layers[1] = ['sha256:dddddddddddddddd', 1]
    const baseline = withFinalDiffIds(measurementOfEntry(e, 'h'), report.final)
    const diff = diffLayers(report.final.layers, baseline.layers)
    assert.deepEqual(
      diff.layers.map(c => c.status),
      ['same', 'added']
    )
    assert.deepEqual(
      diff.removed.map(l => l.diffId),
      ['sha256:dddddddddddddddd']
    )
  })

  test('JSON Lines round trip; bad lines are skipped with their line number', () => {
    const good = encodeHistory([entry(1, 100), entry(2, 200)])
    const text = `${good}not json\n{"v":1}\n\n${JSON.stringify({ ...entry(3, 3), size: -1 })}\n${JSON.stringify({ ...entry(4, 4), v: 2 })}\n`
    const { entries, skipped } = decodeHistory(text, 'h.jsonl')
    assert.deepEqual(
      entries.map(e => e.size),
      [100, 200]
    )
    assert.deepEqual(
      skipped.map(s => s.line),
      [3, 4, 6, 7]
    )
    assert.match(skipped[0]!.reason, /not JSON/)
    assert.match(skipped[1]!.reason, /must have required property/)
    assert.match(skipped[2]!.reason, /\/size must be >= 0/)
  })

  test('append: bounded to the newest N, a re-run of a commit replaces its entry', () => {
    let list: HistoryEntry[] = []
    for (let i = 1; i <= 5; i++) list = appendEntry(list, entry(i, i * 10), 3)
    assert.deepEqual(
      list.map(e => e.size),
      [30, 40, 50]
    )
    list = appendEntry(list, entry(4, 41), 3)
    assert.deepEqual(
      list.map(e => e.size),
      [30, 41, 50]
    )
    // Another platform of the same commit is its own entry.
    list = appendEntry(list, entry(5, 7, { platform: 'linux/arm64' }), 3)
    assert.deepEqual(
      list.map(e => `${e.size}`),
      ['41', '50', '7']
    )
    assert.throws(() => appendEntry([], entry(1, 1), 0), /history-limit/)
  })

  test('file names are safe and distinct', () => {
    const a = historyFileName('docker/app/Dockerfile:runtime')
    assert.match(a, /^docker-app-Dockerfile-runtime-[0-9a-f]{8}\.jsonl$/)
    assert.notEqual(historyFileName('a/b'), historyFileName('a:b'))
    assert.match(historyFileName('../../etc/passwd'), /^etc-passwd-[0-9a-f]{8}\.jsonl$/)
    assert.match(historyFileName('…'), /^image-[0-9a-f]{8}\.jsonl$/)
  })
})

describe('history baseline', () => {
  // A line of commits 1..10 on main; entries recorded for some of them.
  const graph: CommitGraph & { asked: string[] } = {
    asked: [],
    mergeBase: async () => sha(6),
    distance: async (older, newer) => {
      graph.asked.push(older)
      const a = parseInt(older, 16)
      const b = parseInt(newer, 16)
      return a <= b ? b - a : undefined
    }
  }

  test('the entry at the merge base', async () => {
    const found = await findHistoryBaseline([entry(2, 1), entry(6, 2), entry(8, 3)], {
      platform: 'linux/amd64',
      mergeBase: sha(6),
      graph
    })
    assert.equal(found?.entry.size, 2)
    assert.equal(found?.behindBy, 0)
  })

  test('else the newest ancestor, and how many commits older it is', async () => {
    graph.asked = []
    const found = await findHistoryBaseline([entry(2, 1), entry(4, 2), entry(8, 3)], {
      platform: 'linux/amd64',
      mergeBase: sha(6),
      graph,
      branchLabel: 'main'
    })
    assert.equal(found?.entry.commit, sha(4))
    assert.equal(found?.behindBy, 2)
    assert.match(found!.note, /2 commits older than the merge base/)
    assert.equal(found?.measurement.ref, 'history main@0000000')
    // Newest first: 8 (after the merge base, not an ancestor), then 4.
    assert.deepEqual(graph.asked, [sha(8), sha(4)])
  })

  test('none of the platform: undefined', async () => {
    const found = await findHistoryBaseline([entry(2, 1, { platform: 'linux/arm64' })], {
      platform: 'linux/amd64',
      mergeBase: sha(6),
      graph
    })
    assert.equal(found, undefined)
  })
})

const ZWSP = /^\u200b+$/
/** A SHA whose 7-digit prefix is `n`, so short labels differ. */
const sha7 = (n: number): string => n.toString(16).padStart(7, '0') + 'f'.repeat(33)

describe('trend', () => {
  test('the Mermaid block: the uncompressed size of the last 30 points, its colour set, x labels thinned', () => {
    const entries = Array.from({ length: 35 }, (_, i) =>
      entry(i + 1, 30_000_000 + i * 50_000, { commit: sha7(i + 1) })
    )
    const points = trendPoints(entries, {
      label: 'PR #9' /* '#' starts a Mermaid entity: dropped */,
      size: 31_750_000,
      compressedSize: 10_000_000
    })
    assert.equal(points.length, TREND_POINTS)
    const block = mermaidTrend(points, 'Dockerfile:final (linux/amd64)')
    const lines = block.split('\n')
    assert.equal(lines[0], '```mermaid')
    // An explicit line colour (Mermaid's first palette colour is a pale lavender).
    const init = JSON.parse(lines[1]!.replace(/^%%\{init: (.*)\}%%$/, '$1'))
    assert.equal(init.themeVariables.xyChart.plotColorPalette, TREND_LINE_COLOUR)
    assert.equal(lines[2], 'xychart-beta')
    assert.equal(lines[3], '  title "Dockerfile:final (linux/amd64)"')
    const labels: string[] = JSON.parse(lines[4]!.replace(/^ {2}x-axis /, ''))
    assert.equal(labels.length, 30)
    assert.equal(new Set(labels).size, 30) // a category axis needs distinct labels
    // 7 labels drawn at most (the last point's and every 5th before it), the others invisible.
    const shown = labels.flatMap((l, i) => (ZWSP.test(l) ? [] : [[i, l]]))
    assert.deepEqual(shown, [
      [4, sha7(11).slice(0, 7)], // entries 1..6 dropped: entry 7 is index 0
      [9, sha7(16).slice(0, 7)],
      [14, sha7(21).slice(0, 7)],
      [19, sha7(26).slice(0, 7)],
      [24, sha7(31).slice(0, 7)],
      [29, 'PR 9']
    ])
    assert.ok(shown.length <= MAX_X_LABELS)
    // One line, the uncompressed size, in MB with the decimals the creep needs; the axis is
    // padded around the values, not from 0, so +5.8% is visible.
    const series = lines.filter(l => l.startsWith('  line ')).map(l => JSON.parse(l.slice(7)))
    assert.equal(series.length, 1)
    assert.equal(series[0][0], 30.3) // entry 7: 30,300,000 bytes
    assert.equal(series[0][28], 31.7) // entry 35
    assert.equal(series[0][29], 31.75)
    assert.equal(lines[5], '  y-axis "MB" 30.1 --> 32')
    assert.equal(lines.at(-1), '```')
  })

  test('the unit follows the data: a 436-byte image is charted in bytes, not as zeros', () => {
    const entries = [entry(1, 400), entry(2, 418)]
    const block = mermaidTrend(trendPoints(entries, { label: 'PR 3', size: 436 }), 'tiny (x)')
    assert.match(block, /\n {2}y-axis "B" \d+ --> \d+\n/)
    assert.match(block, /\n {2}line \[400, 418, 436\]\n/)
    assert.deepEqual(chartUnit(999), { name: 'B', bytes: 1 })
    assert.deepEqual(chartUnit(1000), { name: 'kB', bytes: 1000 })
    assert.deepEqual(chartUnit(2_500_000_000), { name: 'GB', bytes: 1e9 })
    // A creep of 22 kB in 30 MB still shows: 3 decimals of MB.
    assert.equal(chartDecimals([30.551, 30.573], chartUnit(30_573_000)), 3)
    assert.equal(chartDecimals([30.55, 31.95], chartUnit(31_950_000)), 2)
  })

  test('the axis range pads the spread of the values, never below 0', () => {
    assert.deepEqual(axisRange([30.55, 31.95], 2), [30.3, 32.2])
    assert.deepEqual(axisRange([10.6, 13.6], 2), [10.3, 13.9])
    assert.deepEqual(axisRange([0]), [0, 1])
    assert.deepEqual(axisRange([400, 436], 0), [396, 440])
    const [lo, hi] = axisRange([0.0123, 0.0125], 4)
    assert.ok(lo <= 0.0123 && lo > 0.012 && hi >= 0.0125 && hi < 0.013, `${lo} ${hi}`)
  })

  test('max-size hint: below 80%, size + 10% rounded up to 2 significant digits', () => {
    assert.equal(suggestMaxSize(12_340_000, 20_000_000), 14_000_000)
    assert.equal(suggestMaxSize(16_000_000, 20_000_000), undefined) // exactly 80%
    assert.equal(suggestMaxSize(15_999_999, 20_000_000), 18_000_000)
    assert.equal(suggestMaxSize(123_456, 100_000_000), 140_000)
  })

  test('the hint never rounds up to its own threshold: 79.875% prints as 79.8%', () => {
    const md = renderTrendSection({
      name: 'app',
      platform: 'linux/amd64',
      entries: [entry(1, 31_000_000)],
      current: { label: 'PR 3', size: 31_950_000 },
      source: 'branch image-size-history',
      maxSize: 40_000_000
    })
    assert.match(md, /the image is 31\.95 MB, 79\.8% of its 40 MB budget/)
    assert.doesNotMatch(md, /\b80% of its/)
    assert.equal(percentDown(79.875), '79.8')
    assert.equal(percentDown(0.0010925), '0.00109')
  })

  test('a long name keeps its end and the platform in the title', () => {
    const name = 'ghcr.io/some-organisation/some-very-long-team-name/service-with-long-name'
    const title = chartTitle(name, 'linux/arm64/v8')
    assert.ok(title.endsWith('service-with-long-name (linux/arm64/v8)'), title)
    assert.ok(title.startsWith('…'))
    assert.ok(title.length <= 60)
    assert.equal(chartTitle('app "x"\n#1', 'linux/amd64'), 'app x 1 (linux/amd64)')
  })

  test('drift-since: dates, names and git revisions; the action takes what the API resolves', () => {
    assert.deepEqual(parseDriftSince('2026-01-03'), {
      kind: 'date',
      time: Date.UTC(2026, 0, 3)
    })
    assert.deepEqual(parseDriftSince('v1.2.0'), { kind: 'revision', rev: 'v1.2.0', plain: true })
    assert.deepEqual(parseDriftSince('main'), { kind: 'revision', rev: 'main', plain: true })
    assert.deepEqual(parseDriftSince('HEAD~3'), { kind: 'revision', rev: 'HEAD~3', plain: false })
    for (const rev of ['main~2', 'v1.0^', 'HEAD^2~1', 'main@{2}', 'release/1.x']) {
      assert.equal(parseDriftSince(rev).kind, 'revision', rev)
    }
    for (const bad of [
      '--upload-pack=x',
      'a..b',
      'HEAD:file',
      'a b',
      'x\ny',
      '2026-02-30',
      'v1.lock'
    ]) {
      assert.throws(() => parseDriftSince(bad), /^Error: Input drift-since: /, bad)
    }
    assert.doesNotMatch(
      (() => {
        try {
          parseDriftSince('x\n::error::y')
          return ''
        } catch (error) {
          return (error as Error).message
        }
      })(),
      /\n/
    )
    assert.equal(parseDriftSinceForApi('v1.2.0').kind, 'revision')
    assert.equal(parseDriftSinceForApi('2026-01-01').kind, 'date')
    assert.throws(
      () => parseDriftSinceForApi('HEAD~3'),
      /Input drift-since: "HEAD~3" is a git revision expression;.*a tag, a branch or a commit SHA/
    )
    const entries = [entry(1, 1), entry(5, 5), entry(9, 9)]
    assert.equal(entryAtDate(entries, Date.UTC(2026, 0, 6))?.size, 5)
    assert.equal(entryAtDate(entries, Date.UTC(2025, 0, 1))?.size, 1)
  })

  test('the section: chart, change in text (uncompressed and compressed), drift and hint, names escaped', () => {
    const entries = [entry(1, 10_000_000), entry(2, 11_000_000)]
    const md = renderTrendSection({
      name: 'app `x` <b>',
      platform: 'linux/amd64',
      entries,
      current: { label: 'PR 3', size: 12_000_000, compressedSize: 4_500_000 },
      source: 'branch image-size-history',
      drift: { label: 'v1.0.0', entry: entries[0]! },
      maxSize: 30_000_000
    })
    assert.match(md, /^### Size history/)
    assert.match(md, /in MB \(10\^6 bytes\), the axis does not start at 0/)
    assert.match(
      md,
      /- Uncompressed over the last 3 measurements: \+2 MB \(\+20%\), from 10 MB \(0000000\) to 12 MB \(PR 3\)/
    )
    assert.match(
      md,
      /- Compressed: \+1\.17 MB \(\+35%\), from 3\.333 MB \(0000000\) to 4\.5 MB \(PR 3\)/
    )
    // Equal short SHAs still make distinct categories.
    assert.match(md, /x-axis \["0000000", "0000000\u200b", "PR 3"\]/)
    assert.match(
      md,
      /\*\*Since v1\.0\.0\*\* \(0000000, 2026-01-01\): \+2 MB \(\+20%\), from 10 MB to 12 MB/
    )
    assert.match(md, /`max-size` could be tightened to \*\*14MB\*\*/)
    assert.doesNotMatch(md, /<b>/)
    assert.equal(md.split('\n').filter(l => l.startsWith('  line ')).length, 1)
  })

  test('the terminal lines: change, drift and hint, no chart', () => {
    const entries = [entry(1, 10_000_000), entry(2, 11_000_000)]
    const lines = trendTerminalLines({
      name: 'app',
      platform: 'linux/amd64',
      entries,
      current: { label: 'abc1234', size: 12_000_000 },
      source: 'h.jsonl',
      driftNote: 'drift-since: v9 names no commit of the repository.',
      maxSize: 30_000_000
    })
    assert.deepEqual(lines, [
      'history: app (linux/amd64), uncompressed over the last 3 measurements: +2 MB (+20%), from 10 MB (0000000) to 12 MB (abc1234)',
      'history: compressed: +333 kB (+10%), from 3.333 MB (0000000) to 3.667 MB (0000000)',
      'history: drift-since: v9 names no commit of the repository.',
      'history: max-size could be tightened to 14MB: the image is 12 MB, 40% of its 30 MB budget (suggested below 80%: the size + 10%, rounded up to 2 significant digits).'
    ])
  })
})

describe('history page', () => {
  test('data is embedded safely', () => {
    const html = renderHistoryPage([entry(1, 1, { name: '</script><script>alert(1)</script>' })], {
      repoUrl: 'https://github.com/o/r',
      generatedAt: '2026-01-01T00:00:00Z'
    })
    assert.equal(html.match(/<\/script>/g)?.length, 3) // the data, uPlot, the page script
    assert.ok(html.includes('\\u003c/script\\u003e\\u003cscript\\u003ealert(1)'))
    assert.equal(JSON.parse(scriptJson({ a: '</script>&\u2028' })).a, '</script>&\u2028')
    assert.throws(() => renderHistoryPage([], { repoUrl: 'javascript:alert(1)' }), /not an http/)
  })

  test('points in commit order: a re-run of an older commit keeps its place and first time', () => {
    const first = [entry(1, 100), entry(2, 200), entry(3, 300), entry(4, 400)]
    // A re-run of commit 2, measured after commit 4's run.
    const rerun = entry(2, 250, { time: '2026-03-01T00:00:00.000Z' })
    const after = appendEntry(first, rerun)
    assert.deepEqual(
      after.map(e => e.commit),
      first.map(e => e.commit)
    )
    assert.equal(after[1]!.size, 250)
    assert.equal(after[1]!.time, first[1]!.time) // when commit 2 was first measured
    // An entry whose time is out of order (written so by an older version) keeps its place too.
    const shuffled = [...first.slice(0, 1), rerun, ...first.slice(2)]
    const [series] = pageSeries(shuffled)
    assert.deepEqual(
      series!.points.map(p => p.size),
      [100, 250, 300, 400]
    )
    // The page's x-axis is the place in that order, not a time scale.
    const html = renderHistoryPage(shuffled, { generatedAt: '2026-01-01T00:00:00Z' })
    assert.match(html, /scales: \{ x: \{ time: false/)
  })

  test('the vendored uPlot is the installed package', () => {
    const require = createRequire(import.meta.url)
    const root = dirname(require.resolve('uplot/package.json'))
    assert.equal(UPLOT_JS, readFileSync(join(root, 'dist/uPlot.iife.min.js'), 'utf8'))
    assert.equal(UPLOT_CSS, readFileSync(join(root, 'dist/uPlot.min.css'), 'utf8'))
    assert.equal(
      UPLOT_VERSION,
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version
    )
  })
})

describe('history inputs and recording', () => {
  const get =
    (values: Record<string, string>) =>
    (name: string): string =>
      values[name] ?? ''

  test('defaults, and errors naming the input', () => {
    const inputs = parseInputs(get({}))
    assert.deepEqual(inputs.history, {
      branch: 'image-size-history',
      limit: 500,
      record: 'false',
      page: false,
      trend: 'auto',
      fallback: 'none',
      driftSince: undefined
    })
    assert.deepEqual(parseInputs(get({ baseline: 'history' })).baseline, { kind: 'history' })
    assert.throws(() => parseInputs(get({ 'history-limit': '0' })), /Input history-limit/)
    assert.throws(() => parseInputs(get({ 'history-branch': 'a..b' })), /Input history-branch/)
    assert.throws(() => parseInputs(get({ 'history-branch': '-x' })), /Input history-branch/)
    assert.throws(() => parseInputs(get({ 'history-fallback': 'x' })), /Input history-fallback/)
    assert.equal(parseInputs(get({ 'history-branch': 'data/sizes' })).history.branch, 'data/sizes')
  })

  test('drift-since, comment-key and history-branch are checked with the inputs, before any build', () => {
    assert.equal(parseInputs(get({ 'drift-since': 'HEAD~3' })).history.driftSince, 'HEAD~3')
    assert.equal(parseInputs(get({ 'drift-since': 'v1.0' })).history.driftSince, 'v1.0')
    assert.throws(() => parseInputs(get({ 'drift-since': 'a b' })), /^Error: Input drift-since: /)
    assert.throws(() => parseInputs(get({ 'drift-since': 'a..b' })), /^Error: Input drift-since: /)
    // A line break in comment-key would split log lines (or start a workflow command).
    assert.throws(
      () => parseInputs(get({ 'comment-key': 'app\n::error::x' })),
      (error: Error) =>
        /^Input comment-key: "app\\n::error::x" holds a control character/.test(error.message) &&
        !error.message.includes('\n')
    )
    assert.throws(() => parseInputs(get({ 'comment-key': 'a\tb' })), /Input comment-key/)
    assert.equal(parseInputs(get({ 'comment-key': 'Dockerfile:app' })).commentKey, 'Dockerfile:app')
    // refs/heads/ is stripped; names git refuses, or another kind of ref, are not branch names.
    assert.equal(parseInputs(get({ 'history-branch': 'refs/heads/sizes' })).history.branch, 'sizes')
    for (const bad of ['refs/tags/v1', 'a/.hidden', 'x.lock', 'a.lock/b', 'HEAD', 'a b', 'a~1']) {
      assert.throws(
        () => parseInputs(get({ 'history-branch': bad })),
        /^Error: Input history-branch: /,
        bad
      )
    }
  })

  test("the action refuses the default branch, the run's own branch, and drift-since expressions", () => {
    const inputs = (values: Record<string, string>) => parseInputs(get(values))
    const payload = { repository: { default_branch: 'main' } }
    assert.throws(
      () => checkActionHistoryInputs(inputs({ 'history-branch': 'main' }), payload, 'refs/heads/x'),
      /^Error: Input history-branch: "main" is the repository's default branch/
    )
    assert.throws(
      () =>
        checkActionHistoryInputs(
          inputs({ 'history-branch': 'refs/heads/main' }),
          payload,
          'refs/pull/1/merge'
        ),
      /Input history-branch: "main" is the repository's default branch/
    )
    assert.throws(
      () => checkActionHistoryInputs(inputs({ 'history-branch': 'dev' }), {}, 'refs/heads/dev'),
      /Input history-branch: "dev" is the branch this run builds/
    )
    assert.throws(
      () => checkActionHistoryInputs(inputs({ 'drift-since': 'main~2' }), payload, 'refs/heads/x'),
      /Input drift-since: "main~2" is a git revision expression/
    )
    checkActionHistoryInputs(inputs({ 'drift-since': 'v1.0' }), payload, 'refs/heads/main')
    checkActionHistoryInputs(inputs({}), payload, 'refs/heads/main')
  })

  test('auto records pushes to the default branch and tags, nothing else', () => {
    const payload = { repository: { default_branch: 'trunk' } }
    assert.equal(shouldRecord('auto', 'push', 'refs/heads/trunk', payload), true)
    assert.equal(shouldRecord('auto', 'push', 'refs/heads/feature', payload), false)
    assert.equal(shouldRecord('auto', 'push', 'refs/tags/v1.2.0', payload), true)
    assert.equal(shouldRecord('auto', 'release', 'refs/tags/v1.2.0', {}), true)
    assert.equal(shouldRecord('auto', 'pull_request', 'refs/pull/3/merge', payload), false)
    assert.equal(shouldRecord('true', 'pull_request', 'refs/pull/3/merge', payload), true)
    assert.equal(shouldRecord('false', 'push', 'refs/heads/trunk', payload), false)
  })

  test('the history name before the report is the comment key after it', () => {
    const built = {
      ...report,
      build: { context: '.', file: 'docker/Dockerfile', target: 'run', engine: 'classic' as const }
    }
    const inputs = parseInputs(get({ file: 'docker/Dockerfile' }))
    assert.equal(
      historyNameOf(inputs, { ...report.final, stage: 'run' }),
      commentKeyOf(inputs, built)
    )
    const byImage = parseInputs(get({ image: 'ghcr.io/acme/app:sha-1' }))
    assert.equal(historyNameOf(byImage, report.final), commentKeyOf(byImage, report))
    assert.equal(historyNameOf(byImage, report.final), 'ghcr.io/acme/app')
  })

  test('the trend goes after the markdown', () => {
    assert.equal(withTrend('body\n', ''), 'body\n')
    assert.equal(withTrend('body\n\n', '### Size history'), 'body\n\n### Size history\n')
  })
})

describe('history file (CLI)', () => {
  const warnings: string[] = []
  const log = {
    info: () => undefined,
    debug: () => undefined,
    warning: (m: string) => void warnings.push(m),
    group: <T>(_n: string, fn: () => Promise<T>) => fn()
  }

  test('bounded per image name; other names kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isb-history-unit-'))
    try {
      const path = join(dir, 'h.jsonl')
      for (let i = 1; i <= 5; i++) await appendToHistoryFile(path, entry(i, i), { log, limit: 3 })
      for (let i = 1; i <= 2; i++) {
        await appendToHistoryFile(path, entry(i, 100 + i, { name: 'other' }), { log, limit: 3 })
      }
      const entries = await readHistoryFile(path, log)
      assert.deepEqual(
        entries.map(e => `${e.name}:${e.size}`),
        ['Dockerfile:final:3', 'Dockerfile:final:4', 'Dockerfile:final:5', 'other:101', 'other:102']
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('a rewrite keeps the lines it cannot read (a newer format, junk) as they were', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isb-history-unit-'))
    try {
      const path = join(dir, 'h.jsonl')
      const newer = JSON.stringify({ ...entry(9, 9, { name: 'other' }), v: 2 })
      await writeFile(path, `${encodeHistory([entry(1, 1)])}${newer}\nnot json\n`)
      await appendToHistoryFile(path, entry(2, 2), { log, limit: 3 })
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n')
      assert.equal(lines.length, 4)
      assert.deepEqual(lines.slice(2), [newer, 'not json'])
      assert.deepEqual(
        (await readHistoryFile(path, log)).map(e => e.size),
        [1, 2]
      )
      assert.ok(warnings.some(w => /kept in the file as it is/.test(w)))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('the rewrite stays under the file limit: the newest N of every image, with a warning', async () => {
    const layers = Array.from({ length: 40 }, (_, i): [string, number] => [
      `sha256:${i.toString(16).padStart(16, '0')}`,
      1_000_000 + i
    ])
    const make = (image: number, n: number): HistoryEntry =>
      entry(n, 10_000_000 + n, { name: `image-${image}`, layers, commit: sha(image * 1000 + n) })
    // 100 images × 110 entries of 40 layers (1.7 kB each): 18.3 MB, each image under its limit.
    const all: HistoryEntry[] = []
    for (let image = 0; image < 100; image++) {
      for (let n = 1; n <= 110; n++) all.push(make(image, n))
    }
    const dir = await mkdtemp(join(tmpdir(), 'isb-history-unit-'))
    try {
      const path = join(dir, 'big.jsonl')
      await writeFile(path, encodeHistory(all, [{ line: 0, reason: '', raw: 'kept line' }]))
      assert.ok(readFileSync(path, 'utf8').length > MAX_HISTORY_BYTES)
      warnings.length = 0
      const next = await appendToHistoryFile(path, make(7, 111), { log, limit: 500 })
      const text = readFileSync(path, 'utf8')
      assert.ok(text.length <= MAX_HISTORY_BYTES, `${text.length}`)
      const counts = new Map<string, number>()
      for (const e of next) counts.set(e.name, (counts.get(e.name) ?? 0) + 1)
      assert.equal(counts.size, 100)
      const kept = counts.get('image-0')!
      assert.ok(kept < 110 && kept > 90, `${kept}`)
      assert.ok([...counts.values()].every(c => c === kept))
      // The newest are kept, the new entry among them; the unreadable line too.
      assert.equal(next.filter(e => e.name === 'image-7').at(-1)?.size, 10_000_111)
      assert.equal(next.filter(e => e.name === 'image-0')[0]?.size, 10_000_000 + 111 - kept)
      assert.ok(text.endsWith('kept line\n'))
      assert.ok(
        warnings.some(w =>
          new RegExp(`100 images .*only the newest ${kept} entries of each image are kept`).test(w)
        ),
        warnings.join('\n')
      )
      assert.equal((await readHistoryFile(path, log)).length, next.length)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    // Pure: entries that fit are unchanged; one entry per image that does not fit is an error.
    const small = [make(1, 1), make(2, 1), make(1, 2)]
    assert.deepEqual(boundedHistory(small, [], 1e6), small)
    const one = encodeEntry(small[0]!).length
    assert.deepEqual(
      boundedHistory(small, [], 2 * one + 10).map(e => e.commit),
      [small[1]!.commit, small[2]!.commit]
    )
    assert.throws(() => boundedHistory(small, [], one), /even one entry of each of the 2 images/)
  })

  test("a dead process's lock is taken over; a live one is waited for", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isb-history-unit-'))
    try {
      const path = join(dir, 'h.jsonl')
      // A pid that is not running on this host (the maximum pid is far below it).
      await writeFile(`${path}.lock`, `999999999@${hostname()} 2026-01-01T00:00:00Z\n`)
      warnings.length = 0
      await appendToHistoryFile(path, entry(1, 1), { log })
      assert.match(warnings.join('\n'), /broke the stale lock/)
      // Our own (live) pid holds it: the append waits, then gives up naming the lock.
      await writeFile(`${path}.lock`, `${process.pid}@${hostname()} now\n`)
      await assert.rejects(
        appendToHistoryFile(path, entry(2, 2), { log, lockTimeoutMs: 200 }),
        /has held .*h\.jsonl\.lock/
      )
      assert.equal((await readHistoryFile(path, log)).length, 1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
