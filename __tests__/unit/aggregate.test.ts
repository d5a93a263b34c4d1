/**
 * src/publish/aggregate.ts: runs read back from untrusted files — verdicts rechecked, entries
 * paired with a baseline report's, the reports of a matrix merged into one run.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { REPORT_LIMITS } from '../../src/baseline/report-schema.ts'
import type { BudgetResult, ImageEntry, Report, RunReport } from '../../src/model.ts'
import {
  AGGREGATE_COMMENT_KEY,
  compareRunWithBaseline,
  mergeRuns,
  recheckRun,
  runCommentKey,
  runFailureMessage
} from '../../src/publish/aggregate.ts'
import { goWebReport, passingNoBaseline, withBaseline } from './markdown.fixtures.ts'

const HEADER = {
  tool: { name: 'image-size-budget', version: '9.9.9' },
  createdAt: '2025-01-02T03:04:05.000Z'
} as const

function entryOf(report: Report, name: string, platform = report.final.platform): ImageEntry {
  const { schemaVersion: _v, tool: _t, createdAt: _c, ...result } = report
  return { name, platform, ...result }
}

function runOf(images: ImageEntry[]): RunReport {
  const { tool, createdAt } = goWebReport()
  return { schemaVersion: 2, tool, createdAt, images, passed: images.every(e => e.passed) }
}

function maxSize(limit: number, actual: number, passed: boolean): BudgetResult {
  return {
    name: 'max-size',
    subject: 'final image',
    unit: 'bytes',
    limit,
    actual,
    passed,
    message: passed ? 'claims to pass' : 'claims to fail'
  }
}

/** An entry with one max-size row claiming `passed` (and the entry claiming it too). */
function claiming(name: string, limit: number, actual: number, passed: boolean): ImageEntry {
  return {
    ...entryOf(passingNoBaseline(), name),
    budgets: [maxSize(limit, actual, passed)],
    passed
  }
}

describe('recheckRun', () => {
  it("recomputes each row, each entry's verdict and the run's from limit and actual", () => {
    const forged = runOf([claiming('a', 1_000, 2_000, true), claiming('b', 2_000, 2_000, false)])
    forged.passed = true
    const run = recheckRun(forged)
    assert.deepEqual(
      run.images.map(e => [e.name, e.passed, e.budgets[0]?.passed]),
      [
        ['a', false, false],
        ['b', true, true]
      ]
    )
    assert.equal(run.passed, false)
    assert.match(run.images[0]!.budgets[0]!.message, /status recomputed/)
    // The input is not changed.
    assert.equal(forged.images[0]!.passed, true)
  })

  it('passes an entry without budgets and a run of passing entries', () => {
    const run = recheckRun(runOf([{ ...claiming('a', 1, 1, false), budgets: [] }]))
    assert.equal(run.images[0]!.passed, true)
    assert.equal(run.passed, true)
  })
})

describe('mergeRuns', () => {
  it('orders entries by file path (code units), then by their order in the file', () => {
    const merged = mergeRuns(
      [
        { path: 'reports/worker/report.json', run: runOf([claiming('worker', 9, 1, true)]) },
        {
          path: 'reports/api/report.json',
          run: runOf([
            claiming('api', 9, 1, true),
            { ...claiming('api', 9, 1, true), platform: 'linux/arm64' }
          ])
        },
        { path: 'reports/Zeta/report.json', run: runOf([claiming('zeta', 9, 1, true)]) }
      ],
      HEADER,
      'reports'
    )
    assert.deepEqual(
      merged.images.map(e => `${e.name} ${e.platform}`),
      ['zeta linux/amd64', 'api linux/amd64', 'api linux/arm64', 'worker linux/amd64']
    )
    assert.equal(merged.schemaVersion, 2)
    assert.deepEqual(merged.tool, HEADER.tool)
    assert.equal(merged.createdAt, HEADER.createdAt)
    assert.equal(merged.passed, true)
  })

  it('rechecks every file: a forged pass in one report fails the merged run', () => {
    const merged = mergeRuns(
      [
        { path: 'a.json', run: runOf([claiming('a', 9, 1, true)]) },
        { path: 'b.json', run: { ...runOf([claiming('b', 1, 9, true)]), passed: true } }
      ],
      HEADER,
      'reports'
    )
    assert.deepEqual(
      merged.images.map(e => e.passed),
      [true, false]
    )
    assert.equal(merged.passed, false)
  })

  it('refuses two entries with the same name and platform, naming both files', () => {
    assert.throws(
      () =>
        mergeRuns(
          [
            { path: 'x/b.json', run: runOf([claiming('api', 9, 1, true)]) },
            { path: 'x/a.json', run: runOf([claiming('api', 9, 1, true)]) }
          ],
          HEADER,
          'reports'
        ),
      /^Error: Input reports: "x\/a\.json" and "x\/b\.json" both hold the image "api" on linux\/amd64\. Give each job of the matrix its own image name/
    )
  })

  it('refuses no file and more entries than a report may hold', () => {
    assert.throws(() => mergeRuns([], HEADER, 'reports'), /^Error: Input reports: no report/)
    const entry = claiming('x', 9, 1, true)
    const files = Array.from({ length: REPORT_LIMITS.images + 1 }, (_, i) => ({
      path: `r${i}.json`,
      run: runOf([{ ...entry, name: `image-${i}` }])
    }))
    assert.throws(
      () => mergeRuns(files, HEADER, 'reports'),
      /the reports hold 1001 images together, more than the 1000 one report may hold/
    )
  })
})

describe('compareRunWithBaseline', () => {
  const base = withBaseline(goWebReport())

  it('compares each entry with its baseline entry by name and platform', () => {
    const current = runOf([
      entryOf(goWebReport(), 'api', 'linux/amd64'),
      entryOf(goWebReport(), 'api', 'linux/arm64')
    ])
    const smaller = (size: number, platform: string): ImageEntry => {
      const entry = entryOf(goWebReport(), 'api', platform)
      return { ...entry, final: { ...entry.final, size, platform } }
    }
    const baseline = runOf([smaller(8_000_000, 'linux/arm64'), smaller(7_000_000, 'linux/amd64')])
    const { run, warnings, notes } = compareRunWithBaseline(
      current,
      baseline,
      'base.json',
      1000,
      'baseline-report'
    )
    assert.deepEqual(warnings, [])
    assert.deepEqual(notes, [])
    const size = goWebReport().final.size
    assert.deepEqual(
      run.images.map(e => [
        e.platform,
        e.baseline?.size,
        e.baseline?.ref,
        e.baselineComparison?.change
      ]),
      [
        ['linux/amd64', 7_000_000, 'base.json', size - 7_000_000],
        ['linux/arm64', 8_000_000, 'base.json', size - 8_000_000]
      ]
    )
  })

  it('drops file and package changes measured against another baseline, and the baseline file tree', () => {
    const entry = {
      ...entryOf(base, 'web'),
      changes: [{ path: 'app', kind: 'grew' as const, change: 10, before: 1, after: 11 }],
      changesOmitted: { rows: 1, change: 5 },
      packages: []
    }
    const earlier = entryOf(goWebReport(), 'web')
    earlier.final.fileTree = { minFileSize: 64_000, files: [['app', 6_391_808]], dirs: [] }
    const { run } = compareRunWithBaseline(
      runOf([entry]),
      runOf([earlier]),
      'b.json',
      1000,
      'baseline-report'
    )
    const [compared] = run.images
    assert.ok(compared)
    assert.equal(compared.changes, undefined)
    assert.equal(compared.changesOmitted, undefined)
    assert.equal(compared.packages, undefined)
    assert.equal(compared.baseline?.fileTree, undefined)
    assert.equal(compared.baselineComparison?.unchanged, true)
  })

  it('warns on a platform or name mismatch; a new image in a run of several keeps its own baseline', () => {
    const amd = entryOf(goWebReport(), 'api', 'linux/amd64')
    const one = compareRunWithBaseline(
      runOf([amd]),
      runOf([entryOf(goWebReport(), 'old', 'linux/amd64')]),
      'b.json',
      1000,
      'baseline-report'
    )
    assert.deepEqual(one.warnings, [
      'baseline-report: "api" (linux/amd64) is compared with the report\'s only image, "old".'
    ])
    const several = compareRunWithBaseline(
      runOf([amd, entryOf(base, 'new-image', 'linux/amd64')]),
      runOf([entryOf(goWebReport(), 'api', 'linux/arm64')]),
      'b.json',
      1000,
      'baseline-report'
    )
    assert.deepEqual(several.warnings, [
      'baseline-report: "api" (linux/amd64) is compared with the baseline\'s linux/arm64 image; the sizes of two platforms are compared.'
    ])
    assert.deepEqual(several.notes, [
      'baseline-report has no entry for "new-image" (linux/amd64) (a new image?); it keeps its own baseline.'
    ])
    assert.equal(several.run.images[1]!.baseline?.ref, base.baseline?.ref)
  })

  it('throws for a run of one image whose name the baseline run of several lacks', () => {
    assert.throws(
      () =>
        compareRunWithBaseline(
          runOf([entryOf(goWebReport(), 'web')]),
          runOf([entryOf(goWebReport(), 'a'), entryOf(goWebReport(), 'b')]),
          'b.json',
          1000,
          'baseline-report'
        ),
      /^Error: Input baseline-report: the report has no image named "web"/
    )
  })
})

describe('compareRunWithBaseline recomputes max-increase against the new baseline', () => {
  /** An entry of `size` bytes (no compressed size: one max-increase row) with `budgets`. */
  function sized(name: string, size: number, budgets: BudgetResult[]): ImageEntry {
    const entry = entryOf(passingNoBaseline(), name)
    const { compressed: _c, ...final } = entry.final
    return { ...entry, final: { ...final, size }, budgets, passed: budgets.every(b => b.passed) }
  }
  /** A max-increase row as a job wrote it against its own (older) baseline. */
  function jobIncrease(limit: number, actual: number, passed: boolean): BudgetResult {
    return {
      name: 'max-increase',
      subject: 'final image size increase over the baseline',
      unit: 'ratio',
      limit,
      actual,
      passed,
      message: 'measured against the job baseline'
    }
  }
  const size = (limit: number, actual: number): BudgetResult => maxSize(limit, actual, true)
  // The trial's numbers (B5): web grew from 400,000 to 500,000 bytes (+25%) but its job saw 0%;
  // api is unchanged against the new baseline (4,084,246) but its job saw +2.51% over 2%.
  const current = (): RunReport =>
    runOf([
      sized('web', 500_000, [size(30_000_000, 500_000), jobIncrease(0.02, 0, true)]),
      sized('api', 4_084_246, [jobIncrease(0.02, 0.0251, false)])
    ])
  const baseline = runOf([sized('web', 400_000, []), sized('api', 4_084_246, [])])
  const rows = (run: RunReport): unknown[] =>
    run.images.map(e => [
      e.name,
      e.passed,
      e.baselineComparison?.change,
      e.budgets.map(b => [b.name, b.unit, b.limit, b.actual, b.passed])
    ])

  it("uses each job's own limit against the new baseline, and recomputes the verdicts", () => {
    const { run } = compareRunWithBaseline(current(), baseline, 'b.json', 1000, 'baseline-report')
    assert.deepEqual(rows(run), [
      [
        'web',
        false,
        100_000,
        [
          ['max-size', 'bytes', 30_000_000, 500_000, true],
          ['max-increase', 'ratio', 0.02, 0.25, false]
        ]
      ],
      ['api', true, 0, [['max-increase', 'ratio', 0.02, 0, true]]]
    ])
    assert.equal(run.passed, false)
    const web = run.images[0]!
    assert.equal(
      web.budgets[1]!.message,
      'final image size increase over the baseline 25% (0.25), 100 kB exceeds max-increase 2% by 23 percentage points'
    )
    // A failing max-increase is never folded into "unchanged".
    assert.equal(web.baselineComparison?.unchanged, false)
    assert.equal(run.images[1]!.baselineComparison?.unchanged, true)
  })

  it("the step's max-increase wins over the job's, in bytes or percent, and adds rows where none were", () => {
    const percent = compareRunWithBaseline(current(), baseline, 'b.json', 1000, 'baseline-report', {
      fraction: 0.3
    })
    assert.deepEqual(
      percent.run.images.map(e => [
        e.name,
        e.passed,
        e.budgets.at(-1)?.limit,
        e.budgets.at(-1)?.actual
      ]),
      [
        ['web', true, 0.3, 0.25],
        ['api', true, 0.3, 0]
      ]
    )
    assert.equal(percent.run.passed, true)
    const bytes = compareRunWithBaseline(
      runOf([sized('web', 500_000, [size(30_000_000, 500_000)]), sized('api', 4_084_246, [])]),
      baseline,
      'b.json',
      1000,
      'baseline-report',
      { bytes: 50_000 }
    )
    assert.deepEqual(rows(bytes.run), [
      [
        'web',
        false,
        100_000,
        [
          ['max-size', 'bytes', 30_000_000, 500_000, true],
          ['max-increase', 'bytes', 50_000, 100_000, false]
        ]
      ],
      ['api', true, 0, [['max-increase', 'bytes', 50_000, 0, true]]]
    ])
    // No limit anywhere: no max-increase row.
    const none = compareRunWithBaseline(
      runOf([sized('web', 500_000, [size(30_000_000, 500_000)])]),
      baseline,
      'b.json',
      1000,
      'baseline-report'
    )
    assert.deepEqual(
      none.run.images[0]!.budgets.map(b => b.name),
      ['max-size']
    )
  })

  it('checks both sizes when both images have compressed sizes of one kind', () => {
    const withCompressed = (name: string, size: number, compressed: number): ImageEntry => {
      const entry = sized(name, size, [])
      return { ...entry, final: { ...entry.final, compressed: { size: compressed, exact: true } } }
    }
    const { run } = compareRunWithBaseline(
      runOf([withCompressed('web', 500_000, 210_000), withCompressed('api', 9, 9)]),
      runOf([withCompressed('web', 400_000, 200_000), withCompressed('api', 9, 9)]),
      'b.json',
      1000,
      'baseline-report',
      { fraction: 0.1 }
    )
    assert.deepEqual(
      run.images[0]!.budgets.map(b => [b.subject, b.actual, b.passed]),
      [
        ['final image size increase over the baseline', 0.25, false],
        ['final image compressed size increase over the baseline', 0.05, true]
      ]
    )
  })

  it("keeps a new image's own rows (it keeps its own baseline)", () => {
    const { run, notes } = compareRunWithBaseline(
      runOf([sized('web', 500_000, []), sized('new', 1_000, [jobIncrease(0.02, 0.0251, false)])]),
      baseline,
      'b.json',
      1000,
      'baseline-report',
      { fraction: 0.5 }
    )
    assert.equal(notes.length, 1)
    assert.deepEqual(
      run.images[1]!.budgets.map(b => [b.limit, b.actual, b.passed]),
      [[0.02, 0.0251, false]]
    )
    assert.equal(run.passed, false)
  })
})

describe('runCommentKey and runFailureMessage', () => {
  it('keys by comment-key, else the one entry, else the aggregate key', () => {
    const one = runOf([claiming('examples/go-web/Dockerfile:final', 9, 1, true)])
    const two = runOf([claiming('a', 9, 1, true), claiming('b', 9, 1, true)])
    assert.equal(runCommentKey('mine', two), 'mine')
    assert.equal(runCommentKey(undefined, one), 'examples/go-web/Dockerfile:final')
    assert.equal(runCommentKey(undefined, two), AGGREGATE_COMMENT_KEY)
    assert.equal(AGGREGATE_COMMENT_KEY, 'image-size-budget')
  })

  it('names each breach by image and platform when the run has several', () => {
    const run = recheckRun(
      runOf([
        claiming('a', 9, 1, true),
        { ...claiming('b', 1_000_000, 2_500_000, false), platform: 'linux/arm64' }
      ])
    )
    assert.equal(run.passed, false)
    assert.equal(
      runFailureMessage(run),
      'Size budget exceeded (1):\n- b (linux/arm64): claims to fail'
    )
    const single = recheckRun(runOf([claiming('b', 1, 2, false)]))
    assert.equal(runFailureMessage(single), 'Size budget exceeded (1):\n- claims to fail')
  })
})
