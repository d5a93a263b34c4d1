import assert from 'node:assert/strict'
import { readFile, mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { compareWithBaseline } from '../../src/baseline/compare.ts'
import {
  MAX_REPORT_BYTES,
  loadBaselineReport,
  loadRunReport,
  parseBaselineReport,
  parseRunReport,
  runOfReport,
  selectEntry
} from '../../src/baseline/report.ts'
import {
  REPORT_LIMITS,
  REPORT_SCHEMA,
  REPORT_SCHEMA_V1,
  REPORT_SCHEMA_V2
} from '../../src/baseline/report-schema.ts'
import type { ImageEntry, Report, RunReport } from '../../src/model.ts'
import {
  goWebReport,
  hostileReport,
  passingNoBaseline as passingSmall,
  withBaseline
} from './markdown.fixtures.ts'

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

/** `report` as a schema-2 entry named `name` (its platform: `final.platform`). */
function entryOf(report: Report, name: string, platform = report.final.platform): ImageEntry {
  const { schemaVersion: _v, tool: _t, createdAt: _c, ...result } = report
  return { name, platform, ...result }
}

/** A schema-2 run of `images`, with goWebReport's header. */
function runOf(images: ImageEntry[]): RunReport {
  const { tool, createdAt } = goWebReport()
  return { schemaVersion: 2, tool, createdAt, images, passed: images.every(e => e.passed) }
}

describe('docs/report.schema.json and docs/report.schema.v1.json', () => {
  it('are the schemas the loader validates with (v2 written now, v1 read)', async () => {
    const v2 = JSON.parse(await readFile('docs/report.schema.json', 'utf8')) as unknown
    assert.deepEqual(v2, JSON.parse(JSON.stringify(REPORT_SCHEMA_V2)))
    assert.equal(REPORT_SCHEMA, REPORT_SCHEMA_V2)
    const v1 = JSON.parse(await readFile('docs/report.schema.v1.json', 'utf8')) as unknown
    assert.deepEqual(v1, JSON.parse(JSON.stringify(REPORT_SCHEMA_V1)))
  })

  it('give a schema-2 entry every field of a schema-1 body, with the same bounds', () => {
    const entry = REPORT_SCHEMA_V2.$defs.imageEntry
    const { schemaVersion: _v, tool: _t, createdAt: _c, ...body } = REPORT_SCHEMA_V1.properties
    for (const [field, schema] of Object.entries(body)) {
      assert.deepEqual((entry.properties as Record<string, unknown>)[field], schema, field)
    }
    for (const field of ['final', 'budgets', 'passed']) {
      assert.ok((entry.required as readonly string[]).includes(field), field)
    }
    for (const [def, schema] of Object.entries(REPORT_SCHEMA_V1.$defs)) {
      assert.deepEqual((REPORT_SCHEMA_V2.$defs as Record<string, unknown>)[def], schema, def)
    }
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

  it('refuses schemaVersion 3, naming the input, the version and the versions supported', async () => {
    const path = await file('v3.json', JSON.stringify({ ...goWebReport(), schemaVersion: 3 }))
    for (const load of [loadBaselineReport, loadRunReport]) {
      await assert.rejects(load(path), (error: Error) => {
        assert.match(error.message, /^Input baseline-report: ".*v3\.json"/)
        assert.match(
          error.message,
          /schemaVersion 3; this version of image-size-budget reads schemaVersion 1, 2\./
        )
        return true
      })
    }
  })

  it("reads a schema-2 run of one image as that image's report", async () => {
    const report = fullReport()
    const path = await file('one.json', JSON.stringify(runOf([entryOf(report, 'web')])))
    const loaded = await loadBaselineReport(path)
    assert.deepEqual(loaded, JSON.parse(JSON.stringify(report)))
  })

  it('refuses a schema-2 run of several images, naming them', async () => {
    const path = await file(
      'two.json',
      JSON.stringify(runOf([entryOf(goWebReport(), 'api'), entryOf(goWebReport(), 'worker')]))
    )
    await assert.rejects(
      loadBaselineReport(path),
      /^Error: Input baseline-report: ".*two\.json" holds 2 images \("api" \(linux\/amd64\), "worker" \(linux\/amd64\)\); expected a report of one image here\.$/
    )
  })

  it('refuses a schemaVersion of the wrong type, and a missing one', async () => {
    const path = await file('vstr.json', JSON.stringify({ ...goWebReport(), schemaVersion: '1' }))
    await assert.rejects(
      loadBaselineReport(path),
      /schemaVersion "1"; this version .* reads schemaVersion 1, 2/
    )
    const { schemaVersion: _drop, ...rest } = goWebReport()
    const missing = await file('vnone.json', JSON.stringify(rest))
    // Without a version, the current schema says what is missing.
    await assert.rejects(
      loadBaselineReport(missing),
      /not a valid image-size-budget report \(schema version 2\): \/ must have required property 'schemaVersion'/
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

  it('refuses a link into /proc without quoting what it leads to', async () => {
    const link = join(dir, 'environ.json')
    await symlink('/proc/self/environ', link)
    await assert.rejects(loadRunReport(link, 'reports'), (error: Error) => {
      assert.match(
        error.message,
        /^Input reports: ".*environ\.json" cannot be read \(it leads under \/proc, \/sys, \/dev\)/
      )
      assert.doesNotMatch(error.message, /PATH=|HOME=/)
      return true
    })
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

describe('loadRunReport and parseRunReport', () => {
  const what = 'Input reports: "r.json"'

  it('reads a schema-1 report as a run of one entry named by its Dockerfile and target', async () => {
    const report = fullReport()
    const path = await file('v1-built.json', JSON.stringify(report))
    const run = await loadRunReport(path, 'reports')
    const {
      schemaVersion: _v,
      tool,
      createdAt,
      ...body
    } = JSON.parse(JSON.stringify(report)) as Report
    assert.deepEqual(run, {
      schemaVersion: 2,
      tool,
      createdAt,
      images: [{ name: 'examples/go-web/Dockerfile:final', platform: 'linux/amd64', ...body }],
      passed: report.passed
    })
  })

  it('names a schema-1 report without a build by its image repository (tag, digest dropped)', () => {
    for (const [ref, name] of [
      ['ghcr.io/acme/app:sha-1234', 'ghcr.io/acme/app'],
      [`localhost:5000/app@sha256:${'a'.repeat(64)}`, 'localhost:5000/app'],
      ['docker-archive:/tmp/app.tar', 'docker-archive:/tmp/app.tar']
    ] as const) {
      const report = goWebReport()
      delete report.build
      report.final.ref = ref
      report.final.platform = 'linux/arm64/v8'
      const run = runOfReport(report)
      assert.equal(run.images.length, 1)
      assert.equal(run.images[0]?.name, name, ref)
      assert.equal(run.images[0]?.platform, 'linux/arm64/v8')
      assert.deepEqual(parseRunReport(JSON.stringify(report), what), run)
    }
  })

  it('reads a schema-2 run as written (entries in order, hostile text kept as data)', () => {
    const run = runOf([
      entryOf(goWebReport(), 'api', 'linux/amd64'),
      entryOf(goWebReport(), 'api', 'linux/arm64'),
      entryOf(hostileReport(), '`evil`|<img src=x>', 'linux/amd64')
    ])
    assert.deepEqual(
      parseRunReport(JSON.stringify(run), what),
      JSON.parse(JSON.stringify(run)) as RunReport
    )
  })

  it('refuses invalid runs with the JSON pointers of their errors', () => {
    const cases: [string, (run: Record<string, unknown>) => void, RegExp][] = [
      [
        'a fractional size in the second entry',
        run => {
          ;(run['images'] as RunReport['images'])[1]!.final.size = 1.5
        },
        /\/images\/1\/final\/size must be integer/
      ],
      [
        'an entry without a name',
        run => {
          delete (run['images'] as Partial<ImageEntry>[])[0]!.name
        },
        /\/images\/0 must have required property 'name'/
      ],
      [
        'an entry without a platform',
        run => {
          delete (run['images'] as Partial<ImageEntry>[])[1]!.platform
        },
        /\/images\/1 must have required property 'platform'/
      ],
      [
        'no entries',
        run => {
          run['images'] = []
        },
        /\/images must NOT have fewer than 1 items/
      ],
      [
        'no images list (a schema-1 body labelled 2)',
        run => {
          Object.assign(run, goWebReport(), { schemaVersion: 2 })
          delete run['images']
        },
        /\/ must have required property 'images'/
      ],
      [
        'a name longer than a path',
        run => {
          ;(run['images'] as ImageEntry[])[0]!.name = 'n'.repeat(REPORT_LIMITS.path + 1)
        },
        /\/images\/0\/name must NOT have more than 4096 characters/
      ],
      [
        'a platform longer than a name',
        run => {
          ;(run['images'] as ImageEntry[])[0]!.platform = 'p'.repeat(REPORT_LIMITS.name + 1)
        },
        /\/images\/0\/platform must NOT have more than 256 characters/
      ],
      [
        'a run verdict that is not a boolean',
        run => {
          run['passed'] = 'yes'
        },
        /\/passed must be boolean/
      ]
    ]
    for (const [name, mutate, expected] of cases) {
      const run = runOf([entryOf(goWebReport(), 'a'), entryOf(goWebReport(), 'b')])
      mutate(run as unknown as Record<string, unknown>)
      assert.throws(
        () => parseRunReport(JSON.stringify(run), what),
        (error: Error) =>
          (error.message.startsWith(
            'Input reports: "r.json" is not a valid image-size-budget report (schema version 2): '
          ) &&
            expected.test(error.message)) ||
          assert.fail(`${name}: ${error.message}`)
      )
    }
  })

  it('bounds the number of entries', () => {
    const entry = entryOf(passingSmall(), 'x')
    const run = runOf(
      Array.from({ length: REPORT_LIMITS.images + 1 }, (_, i) => ({ ...entry, name: `i${i}` }))
    )
    assert.throws(
      () => parseRunReport(JSON.stringify(run), what),
      /\/images must NOT have more than 1000 items/
    )
    run.images.pop()
    assert.equal(parseRunReport(JSON.stringify(run), what).images.length, REPORT_LIMITS.images)
  })

  it('refuses two entries with the same name and platform; the same name on two platforms is fine', () => {
    const twice = runOf([
      entryOf(goWebReport(), 'api', 'linux/amd64'),
      entryOf(goWebReport(), 'worker', 'linux/amd64'),
      entryOf(goWebReport(), 'api', 'linux/amd64')
    ])
    assert.throws(
      () => parseRunReport(JSON.stringify(twice), what),
      /^Error: Input reports: "r\.json" is not a valid image-size-budget report: \/images\/2 repeats the name "api" and platform linux\/amd64 of an earlier entry\.$/
    )
    twice.images[2]!.platform = 'linux/arm64'
    assert.equal(parseRunReport(JSON.stringify(twice), what).images.length, 3)
  })
})

describe('selectEntry', () => {
  const run = runOf([
    entryOf(goWebReport(), 'api', 'linux/amd64'),
    entryOf(goWebReport(), 'api', 'linux/arm64'),
    entryOf(goWebReport(), 'worker', 'linux/arm64')
  ])

  it('takes the entry with the name and platform', () => {
    const found = selectEntry(run, 'api', 'linux/arm64', 'baseline-report')
    assert.equal(found.match, 'exact')
    assert.equal(found.entry, run.images[1])
  })

  it('takes the only entry of that name on another platform, flagged', () => {
    const found = selectEntry(run, 'worker', 'linux/amd64', 'baseline-report')
    assert.equal(found.match, 'platform')
    assert.equal(found.entry, run.images[2])
  })

  it('takes the only entry of a one-entry run whatever its name, flagged', () => {
    const one = runOf([entryOf(goWebReport(), 'old-name', 'linux/amd64')])
    const found = selectEntry(one, 'new-name', 'linux/arm64', 'baseline-report')
    assert.equal(found.match, 'only')
    assert.equal(found.entry, one.images[0])
  })

  it('refuses a name the run lacks, naming the input, the name sought and the names present', () => {
    assert.throws(
      () => selectEntry(run, 'web', 'linux/amd64', 'baseline-report'),
      /^Error: Input baseline-report: the report has no image named "web" on linux\/amd64; it has "api" \(linux\/amd64\), "api" \(linux\/arm64\), "worker" \(linux\/arm64\)\./
    )
  })

  it('refuses a platform the run lacks when the name is there on several', () => {
    assert.throws(
      () => selectEntry(run, 'api', 'linux/s390x', 'baseline-report'),
      /^Error: Input baseline-report: the report has no entry for "api" on linux\/s390x; it has that image on linux\/amd64, linux\/arm64 only\./
    )
  })
})
