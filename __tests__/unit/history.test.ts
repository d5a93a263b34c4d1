import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, test } from 'node:test'
import { historyNameOf, shouldRecord } from '../../src/history/action.ts'
import { findHistoryBaseline, type CommitGraph } from '../../src/history/baseline.ts'
import { parseInputs } from '../../src/inputs.ts'
import { commentKeyOf } from '../../src/publish/pull-request.ts'
import {
  appendEntry,
  decodeHistory,
  encodeHistory,
  entryFromReport,
  historyFileName,
  measurementOfEntry,
  withFinalDiffIds,
  type HistoryEntry
} from '../../src/history/entry.ts'
import { diffLayers } from '../../src/report/baseline.ts'
import { appendToHistoryFile, readHistoryFile } from '../../src/history/file-store.ts'
import { renderHistoryPage, scriptJson } from '../../src/history/page.ts'
import {
  axisRange,
  entryAtDate,
  mermaidTrend,
  parseDriftSince,
  renderTrendSection,
  suggestMaxSize,
  trendPoints,
  withTrend,
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

describe('trend', () => {
  test('the Mermaid block holds the last 30 points, in MB, with both lines', () => {
    const entries = Array.from({ length: 35 }, (_, i) => entry(i + 1, 10_000_000 + i * 100_000))
    const points = trendPoints(entries, {
      label: 'PR #9' /* '#' starts a Mermaid entity: dropped */,
      size: 13_600_000,
      compressedSize: 4_000_000
    })
    assert.equal(points.length, TREND_POINTS)
    const block = mermaidTrend(points, 'Dockerfile:final (linux/amd64)')
    const lines = block.split('\n')
    assert.equal(lines[0], '```mermaid')
    assert.equal(lines[1], 'xychart-beta')
    assert.equal(lines[2], '  title "Dockerfile:final (linux/amd64)"')
    const labels = JSON.parse(lines[3]!.replace(/^ {2}x-axis /, ''))
    assert.equal(labels.length, 30)
    assert.equal(labels[0], sha(7).slice(0, 7)) // entries 1..6 dropped: 29 entries + PR
    assert.equal(labels[29], 'PR 9')
    const series = lines.filter(l => l.startsWith('  line ')).map(l => JSON.parse(l.slice(7)))
    assert.equal(series.length, 2)
    assert.equal(series[0][0], 10.6) // entry 7: 10,600,000 bytes
    assert.equal(series[0][28], 13.4) // entry 35
    assert.equal(series[0][29], 13.6)
    assert.equal(series[1][29], 4)
    assert.equal(series[1][0], 3.533) // round(10,600,000 / 3) = 3,533,333 bytes
    assert.match(lines[4]!, /^ {2}y-axis "MB \(10\^6 bytes\)" 3\.3 --> 15$/)
    assert.equal(lines.at(-1), '```')
  })

  test('axis range rounds to 2 significant digits', () => {
    assert.deepEqual(axisRange([10.6, 13.6]), [10, 15])
    assert.deepEqual(axisRange([0]), [0, 0.001])
    assert.deepEqual(axisRange([0.0123, 0.0125]), [0.011, 0.014])
  })

  test('max-size hint: below 80%, size + 10% rounded up to 2 significant digits', () => {
    assert.equal(suggestMaxSize(12_340_000, 20_000_000), 14_000_000)
    assert.equal(suggestMaxSize(16_000_000, 20_000_000), undefined) // exactly 80%
    assert.equal(suggestMaxSize(15_999_999, 20_000_000), 18_000_000)
    assert.equal(suggestMaxSize(123_456, 100_000_000), 140_000)
  })

  test('drift-since: dates and revisions', () => {
    assert.deepEqual(parseDriftSince('2026-01-03'), {
      kind: 'date',
      time: Date.UTC(2026, 0, 3)
    })
    assert.deepEqual(parseDriftSince('v1.2.0'), { kind: 'revision', rev: 'v1.2.0' })
    assert.throws(() => parseDriftSince('--upload-pack=x'), /drift-since/)
    assert.throws(() => parseDriftSince('a..b'), /drift-since/)
    const entries = [entry(1, 1), entry(5, 5), entry(9, 9)]
    assert.equal(entryAtDate(entries, Date.UTC(2026, 0, 6))?.size, 5)
    assert.equal(entryAtDate(entries, Date.UTC(2025, 0, 1))?.size, 1)
  })

  test('the section: chart, drift and hint, names escaped', () => {
    const entries = [entry(1, 10_000_000), entry(2, 11_000_000)]
    const md = renderTrendSection({
      name: 'app `x` <b>',
      platform: 'linux/amd64',
      entries,
      current: { label: 'PR #3', size: 12_000_000 },
      source: 'branch image-size-history',
      drift: { label: 'v1.0.0', entry: entries[0]! },
      maxSize: 30_000_000
    })
    assert.match(md, /^### Size history/)
    assert.match(
      md,
      /\*\*Since v1\.0\.0\*\* \(0000000, 2026-01-01\): \+2 MB \(\+20%\), from 10 MB to 12 MB/
    )
    assert.match(md, /`max-size` could be tightened to \*\*14MB\*\*/)
    assert.doesNotMatch(md, /<b>/)
    // The current point has no compressed size: one line only.
    assert.equal(md.split('\n').filter(l => l.startsWith('  line ')).length, 1)
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
