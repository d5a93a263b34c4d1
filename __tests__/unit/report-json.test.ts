/**
 * The JSON report on disk: the default path is the run's own, the path is refused before any
 * build when it cannot be a report (a directory, a FIFO, a path under /proc, /sys or /dev), and a
 * failed write leaves no temporary file behind. Build-argument values never reach the report.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { parseBaselineReport } from '../../src/baseline/report.ts'
import type { Report, RunReport } from '../../src/model.ts'
import { checkReportPath, defaultReportPath, writeReport } from '../../src/report/json.ts'
import { maskBuildArgValues, redactBuildArgs, redactMeasurement } from '../../src/report/redact.ts'

const report: RunReport = {
  schemaVersion: 2,
  tool: { name: 'image-size-budget', version: '0.0.0' },
  createdAt: '2024-01-01T00:00:00.000Z',
  images: [
    {
      name: 'app',
      platform: 'linux/amd64',
      final: {
        ref: 'app:1',
        id: `sha256:${'a'.repeat(64)}`,
        platform: 'linux/amd64',
        size: 10,
        layers: []
      },
      budgets: [],
      passed: true
    }
  ],
  passed: true
}

/** The same image as a schema-1 report (read as a baseline). */
const { name: _name, platform: _platform, ...result } = report.images[0]!
const v1: Report = { schemaVersion: 1, tool: report.tool, createdAt: report.createdAt, ...result }

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isb-report-json-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('defaultReportPath', () => {
  test('is under RUNNER_TEMP (else the OS tmp) in a directory of the run', () => {
    assert.equal(
      defaultReportPath('987-1-42-abcdef', { RUNNER_TEMP: '/runner/_temp' }),
      '/runner/_temp/image-size-budget/987-1-42-abcdef/report.json'
    )
    assert.equal(
      defaultReportPath('42-abcdef', {}),
      join(tmpdir(), 'image-size-budget', '42-abcdef', 'report.json')
    )
    assert.notEqual(defaultReportPath('1-a', {}), defaultReportPath('2-a', {}))
  })
})

describe('checkReportPath (before any build)', () => {
  test('a directory is refused', async () => {
    await assert.rejects(
      checkReportPath(dir),
      /Input report: cannot write the JSON report to ".*": it is a directory/
    )
  })

  test('a FIFO is refused without opening it (opening one blocks)', async () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    await assert.rejects(checkReportPath(fifo), /it is not a regular file/)
    await assert.rejects(writeReport(report, fifo), /it is not a regular file/)
  })

  test('paths under /proc, /sys, /dev are refused, also through a symbolic link', async () => {
    await assert.rejects(checkReportPath('/proc/self/fd/1'), /under \/proc, \/sys or \/dev/)
    await assert.rejects(checkReportPath('/dev/null'), /under \/proc, \/sys or \/dev/)
    const link = join(dir, 'to-proc')
    await symlink('/proc/self', link)
    await assert.rejects(checkReportPath(join(link, 'new.json')), /under \/proc/)
  })

  test('a directory that cannot be created is refused, and nothing is left behind', async () => {
    const file = join(dir, 'a-file')
    await writeFile(file, 'x')
    await assert.rejects(
      checkReportPath(join(file, 'report.json')),
      /its directory cannot be written/
    )
  })

  test('a new path in a new directory passes and leaves no probe behind', async () => {
    const nested = join(dir, 'new', 'deeper', 'report.json')
    await checkReportPath(nested)
    assert.deepEqual(await readdir(join(dir, 'new', 'deeper')), [])
  })
})

describe('writeReport', () => {
  test('writes the report whole; a failed write leaves no temporary file', async () => {
    const target = join(dir, 'w')
    await mkdir(target)
    await writeReport(report, join(target, 'report.json'))
    assert.deepEqual(JSON.parse(await readFile(join(target, 'report.json'), 'utf8')), report)
    // Old code left `<path>.<pid>.tmp` when the rename onto a directory failed.
    await mkdir(join(target, 'is-a-dir'))
    await assert.rejects(writeReport(report, join(target, 'is-a-dir')), /it is a directory/)
    const blocked = join(target, 'blocked')
    await writeFile(blocked, 'x')
    await assert.rejects(writeReport(report, join(blocked, 'r.json')), /Input report/)
    assert.deepEqual((await readdir(target)).sort(), ['blocked', 'is-a-dir', 'report.json'])
  })
})

describe('build-argument values never reach the report', () => {
  const args = { TOKEN: 'ghp_s3cr3t', A: 'x', EMPTY: '' }

  test('history created_by as the classic builder and BuildKit write it', () => {
    assert.equal(
      redactBuildArgs('|2 A=x TOKEN=ghp_s3cr3t /bin/sh -c make', args),
      '|2 A=*** TOKEN=*** /bin/sh -c make'
    )
    assert.equal(
      redactBuildArgs('RUN |1 TOKEN=ghp_s3cr3t /bin/sh -c make # buildkit', args),
      'RUN |1 TOKEN=*** /bin/sh -c make # buildkit'
    )
    assert.equal(
      redactBuildArgs('/bin/sh -c #(nop)  ENV TOKEN=ghp_s3cr3t', args),
      '/bin/sh -c #(nop)  ENV TOKEN=***'
    )
    // Only whole pairs: BA=xy is another variable, A=xy another value.
    assert.equal(redactBuildArgs('|2 BA=xy A=xy sh', args), '|2 BA=xy A=xy sh')
  })

  test('every layer of a measurement', () => {
    const image = {
      ...v1.final,
      layers: [
        { index: 0, diffId: 'sha256:1', size: 1, createdBy: '|1 TOKEN=ghp_s3cr3t /bin/sh -c x' }
      ]
    }
    assert.equal(redactMeasurement(image, args).layers[0]!.createdBy, '|1 TOKEN=*** /bin/sh -c x')
    assert.equal(redactMeasurement(image, { EMPTY: '' }), image)
  })

  test('the schema reads new reports (keys only) and older ones (keys and values)', () => {
    const build = { context: '.', file: 'Dockerfile', target: '1', engine: 'buildkit' }
    const current = parseBaselineReport(
      JSON.stringify({ ...v1, build: { ...build, buildArgNames: ['TOKEN'] } }),
      'test'
    )
    assert.deepEqual(current.build?.buildArgNames, ['TOKEN'])
    const older = parseBaselineReport(
      JSON.stringify({ ...v1, build: { ...build, buildArgs: { A: '1' } } }),
      'test'
    )
    assert.deepEqual(older.build?.buildArgs, { A: '1' })
    assert.throws(
      () =>
        parseBaselineReport(
          JSON.stringify({ ...v1, build: { ...build, buildArgNames: [1] } }),
          'test'
        ),
      /buildArgNames/
    )
  })
})

test('maskBuildArgValues masks values of 4+ characters anywhere, leaves short ones', () => {
  const args = { TOKEN: 's3cr3t', V: '1.2', EMPTY: '' }
  assert.equal(
    maskBuildArgValues('#7 [2/2] RUN echo s3cr3t-x && go 1.2 (s3cr3t)', args),
    '#7 [2/2] RUN echo ***-x && go 1.2 (***)'
  )
  assert.equal(maskBuildArgValues('nothing here', args), 'nothing here')
})
