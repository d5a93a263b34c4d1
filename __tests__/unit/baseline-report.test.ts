import assert from 'node:assert/strict'
import { readFile, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { compareWithBaseline } from '../../src/baseline/compare.ts'
import {
  MAX_REPORT_BYTES,
  loadBaselineReport,
  parseBaselineReport
} from '../../src/baseline/report.ts'
import { REPORT_LIMITS, REPORT_SCHEMA } from '../../src/baseline/report-schema.ts'
import type { Report } from '../../src/model.ts'
import { goWebReport, hostileReport, withBaseline } from './markdown.fixtures.ts'

/** `list[i]`, asserted present. */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i]
  assert.ok(item !== undefined, `item ${i} of ${list.length}`)
  return item
}

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isb-baseline-report-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

/** A report with a baseline comparison carrying every optional field. */
function fullReport(): Report {
  const report = withBaseline(goWebReport())
  assert.ok(report.baseline, 'fixture has a baseline')
  report.baselineComparison = compareWithBaseline(report.final, {
    ...report.baseline,
    compressed: { size: 1_000_000, exact: false }
  })
  assert.ok(report.final.compressed, 'fixture has a compressed size')
  assert.ok(report.baselineComparison.compressedChangePercent !== undefined)
  return report
}

describe('docs/report.schema.json', () => {
  it('is the schema the loader validates with', async () => {
    const onDisk = JSON.parse(await readFile('docs/report.schema.json', 'utf8')) as unknown
    assert.deepEqual(onDisk, JSON.parse(JSON.stringify(REPORT_SCHEMA)))
  })
})

describe('loadBaselineReport', () => {
  it('reads valid reports (with builder, baseline, budgets, waste, hostile text)', async () => {
    for (const [name, report] of [
      ['go-web', goWebReport()],
      ['full', fullReport()],
      ['hostile', hostileReport()]
    ] as const) {
      const path = await file(`${name}.json`, JSON.stringify(report, null, 2))
      const loaded = await loadBaselineReport(path)
      assert.deepEqual(loaded, JSON.parse(JSON.stringify(report)))
    }
  })

  it('allows properties schema 1 does not name (later optional fields)', async () => {
    const report = { ...goWebReport(), futureField: { anything: [1, 2, 3] } }
    const path = await file('future.json', JSON.stringify(report))
    assert.equal((await loadBaselineReport(path)).final.size, goWebReport().final.size)
  })

  it('refuses schemaVersion 2, naming the input, the version and the versions supported', async () => {
    const path = await file('v2.json', JSON.stringify({ ...goWebReport(), schemaVersion: 2 }))
    await assert.rejects(loadBaselineReport(path), (error: Error) => {
      assert.match(error.message, /^Input baseline-report: ".*v2\.json"/)
      assert.match(
        error.message,
        /schemaVersion 2; this version of image-size-budget reads schemaVersion 1/
      )
      return true
    })
  })

  it('refuses a schemaVersion of the wrong type, and a missing one', async () => {
    const path = await file('vstr.json', JSON.stringify({ ...goWebReport(), schemaVersion: '1' }))
    await assert.rejects(
      loadBaselineReport(path),
      /schemaVersion "1"; this version .* reads schemaVersion 1/
    )
    const { schemaVersion: _drop, ...rest } = goWebReport()
    const missing = await file('vnone.json', JSON.stringify(rest))
    await assert.rejects(
      loadBaselineReport(missing),
      /not a valid image-size-budget report .*: \/ must have required property 'schemaVersion'/
    )
  })

  it('names the input for a missing file, a directory and malformed JSON', async () => {
    await assert.rejects(
      loadBaselineReport(join(dir, 'nope.json'), 'baseline-report'),
      /^Error: Input baseline-report: ".*nope\.json" cannot be read \(ENOENT/
    )
    const sub = join(dir, 'adir')
    await mkdir(sub)
    await assert.rejects(loadBaselineReport(sub), /cannot be read \(not a regular file\)/)
    const bad = await file('bad.json', '{"schemaVersion": 1, "final": ')
    await assert.rejects(
      loadBaselineReport(bad, 'report'),
      /^Error: Input report: ".*bad\.json" is not valid JSON \(/
    )
    const list = await file('list.json', '[1, 2]')
    await assert.rejects(loadBaselineReport(list), /is not a JSON object/)
  })

  it('quotes the first few shape errors with their JSON pointers', async () => {
    const report = goWebReport() as unknown as Record<string, unknown>
    const final = report['final'] as Record<string, unknown>
    final['size'] = '31 MB'
    final['id'] = 'not a digest'
    ;(report['budgets'] as Record<string, unknown>[]).push({ name: 'max-fun' })
    report['passed'] = 'yes'
    const path = await file('shape.json', JSON.stringify(report))
    await assert.rejects(loadBaselineReport(path), (error: Error) => {
      assert.match(
        error.message,
        /^Input baseline-report: ".*shape\.json" is not a valid image-size-budget report \(schema version 1\): /
      )
      assert.match(error.message, /\/final\/id must match pattern/)
      assert.match(error.message, /\/final\/size must be integer/)
      assert.match(error.message, /; and \d+ more$/)
      return true
    })
  })

  it('bounds untrusted strings and lists', () => {
    const cases: [string, (r: Report) => void, RegExp][] = [
      [
        'a path longer than the limit',
        r => {
          r.final.ref = 'a'.repeat(REPORT_LIMITS.path + 1)
        },
        /\/final\/ref must NOT have more than 4096 characters/
      ],
      [
        'a created_by longer than the limit',
        r => {
          at(r.final.layers, 0).createdBy = 'x'.repeat(REPORT_LIMITS.command + 1)
        },
        /\/final\/layers\/0\/createdBy must NOT have more than 65536 characters/
      ],
      [
        'too many layers',
        r => {
          const layer = at(r.final.layers, 0)
          r.final.layers = Array.from({ length: REPORT_LIMITS.layers + 1 }, () => layer)
        },
        /\/final\/layers must NOT have more than 1000 items/
      ],
      [
        'too many budget results',
        r => {
          r.budgets = Array.from({ length: REPORT_LIMITS.budgets + 1 }, () => at(r.budgets, 0))
        },
        /\/budgets must NOT have more than 100 items/
      ],
      [
        'too many build args',
        r => {
          assert.ok(r.build)
          r.build.buildArgs = Object.fromEntries(
            Array.from({ length: REPORT_LIMITS.entries + 1 }, (_, i) => [`K${i}`, 'v'])
          )
        },
        /\/build\/buildArgs must NOT have more than 1000 properties/
      ],
      [
        'a negative size',
        r => {
          at(r.final.layers, 0).size = -1
        },
        /\/final\/layers\/0\/size must be >= 0/
      ],
      [
        'a fractional size',
        r => {
          r.final.size = 1.5
        },
        /\/final\/size must be integer/
      ],
      [
        'an unknown budget name',
        r => {
          ;(r.budgets[0] as { name: string }).name = 'max-fun'
        },
        /\/budgets\/0\/name must be equal to one of the allowed values/
      ],
      [
        'another tool',
        r => {
          ;(r.tool as { name: string }).name = 'other-tool'
        },
        /\/tool\/name must be equal to constant/
      ]
    ]
    for (const [name, mutate, expected] of cases) {
      const report = goWebReport()
      assert.ok(report.build, 'fixture has a build section')
      assert.ok(report.budgets.length > 0, 'fixture has budgets')
      mutate(report)
      assert.throws(
        () => parseBaselineReport(JSON.stringify(report), 'Input baseline-report: "x.json"'),
        (error: Error) => expected.test(error.message) || assert.fail(`${name}: ${error.message}`)
      )
    }
  })

  it('refuses an oversized file before reading it', async () => {
    const path = join(dir, 'huge.json')
    // A sparse file: its size is what counts, nothing is written.
    const handle = await import('node:fs/promises').then(fs => fs.open(path, 'w'))
    await handle.truncate(MAX_REPORT_BYTES + 1)
    await handle.close()
    await assert.rejects(
      loadBaselineReport(path),
      new RegExp(
        `^Error: Input baseline-report: ".*huge\\.json" is ${MAX_REPORT_BYTES + 1} bytes, more than the ${MAX_REPORT_BYTES} bytes a report may have`
      )
    )
  })

  it('stays fast on a large hostile file (first error only above 1 MiB)', () => {
    const report = goWebReport() as unknown as Record<string, unknown>
    report['budgets'] = Array.from({ length: 200_000 }, () => ({ name: 1 }))
    const text = JSON.stringify(report)
    assert.ok(text.length > 1024 * 1024)
    const started = Date.now()
    assert.throws(
      () => parseBaselineReport(text, 'Input baseline-report: "big.json"'),
      (error: Error) => !/and \d+ more/.test(error.message) && /\/budgets/.test(error.message)
    )
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`)
  })
})
