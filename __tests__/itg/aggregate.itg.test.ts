/**
 * `mode: aggregate` end to end: three jobs of a "matrix" measure three real images with the
 * action (`comment: false`, each writing its schema-2 report, as a matrix job uploads its
 * artifact), then one aggregate step merges the downloaded reports into one report, one summary,
 * the outputs and ONE sticky comment on the loopback GitHub API — updated in place, not doubled,
 * by a second run. The action runs from `src/index.ts` the way a runner runs `dist/index.js`.
 *
 * Oracle for the numbers: `docker image inspect .Size` of each image (busybox 1,984,241 bytes;
 * busybox + a 1,000,000-byte file; scratch + a 300,000-byte file).
 */
import assert from 'node:assert/strict'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { loadRunReport } from '../../src/baseline/report.ts'
import type { RunReport } from '../../src/model.ts'
import type { ResultRow } from '../../src/report/results.ts'
import {
  LOCAL_BUSYBOX,
  buildImage,
  engineSize,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts'
import { runAction, SRC_ENTRY, type RunnerResult } from '../helpers/runner.ts'

describe('mode: aggregate merges the reports of a matrix into one comment', () => {
  let github: FakeGitHub
  let dir: string
  const appTag = uniqueTag('aggregate-app')
  const workerTag = uniqueTag('aggregate-worker')
  const sizes: Record<string, number> = {}

  /** One matrix job: measures `image` under `key`, writes `reports/<key>/report.json`. */
  async function measure(key: string, image: string, maxSize: string): Promise<RunnerResult> {
    const result = await runAction(
      {
        image,
        'comment-key': key,
        'max-size': maxSize,
        comment: 'false',
        'fail-on-budget': 'false',
        report: join(dir, 'reports', key, 'report.json')
      },
      {},
      dir,
      SRC_ENTRY
    )
    assert.equal(result.exitCode, 0, result.stdout + result.stderr)
    return result
  }

  async function event(name: string, payload: unknown): Promise<Record<string, string>> {
    const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`)
    await writeFile(path, JSON.stringify(payload))
    return {
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: github.url
    }
  }

  function aggregate(
    inputs: Record<string, string>,
    env: Record<string, string>
  ): Promise<RunnerResult> {
    return runAction(
      { mode: 'aggregate', 'github-token': 'tok-writer', ...inputs },
      env,
      dir,
      SRC_ENTRY
    )
  }

  before(async () => {
    github = await startFakeGitHub()
    github.addToken('tok-writer', { login: 'github-actions[bot]', kind: 'actions' })
    dir = await mkdtemp(join(tmpdir(), 'isb-aggregate-'))
    await buildImage({
      tag: appTag,
      dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY blob /blob\n`,
      files: { blob: Buffer.alloc(1_000_000, 7) }
    })
    await buildImage({
      tag: workerTag,
      dockerfile: 'FROM scratch\nCOPY blob /blob\n',
      files: { blob: Buffer.alloc(300_000, 3) }
    })
    sizes.api = await engineSize(appTag)
    sizes.base = await engineSize(LOCAL_BUSYBOX)
    sizes.worker = await engineSize(workerTag)
    assert.deepEqual(sizes, { api: 2_984_241, base: 1_984_241, worker: 300_000 })
    // The matrix: three jobs, one breaching its budget (300,000 bytes > 200 kB).
    await measure('api', appTag, '5MB')
    await measure('base', LOCAL_BUSYBOX, '10MB')
    await measure('worker', workerTag, '200kB')
  })
  after(async () => {
    await github.close()
    await rm(dir, { recursive: true, force: true })
    await removeImages(appTag, workerTag)
  })

  test('one report, one summary, the outputs and one comment; a second run updates it', async () => {
    const env = await event('pull_request', { pull_request: { number: 31 } })
    const merged = join(dir, 'merged.json')
    const first = await aggregate({ reports: 'reports/**/*.json', report: merged }, env)
    // The worker is over its budget: the step fails, naming the image and platform.
    assert.equal(first.exitCode, 1, first.stdout)
    assert.match(
      first.stdout,
      /^::error::Size budget exceeded \(1\):%0A- worker \(linux\/amd64\): final image 300 kB \(300,000 bytes\) exceeds max-size 200 kB/m
    )
    assert.equal(first.outputs.passed, 'false')
    assert.equal(first.outputs.report, merged)
    const rows = JSON.parse(first.outputs.results ?? '') as ResultRow[]
    assert.deepEqual(
      rows.map(row => [row.name, row.platform, row.size, row.passed]),
      [
        ['api', 'linux/amd64', sizes.api, true],
        ['base', 'linux/amd64', sizes.base, true],
        ['worker', 'linux/amd64', sizes.worker, false]
      ]
    )
    // The merged report reads back (schema 2) with the three entries in path order.
    const run = await loadRunReport(merged, 'reports')
    assert.deepEqual(
      run.images.map(entry => [entry.name, entry.final.size]),
      [
        ['api', sizes.api],
        ['base', sizes.base],
        ['worker', sizes.worker]
      ]
    )
    assert.equal(run.passed, false)

    const comments = github.comments('acme', 'app', 31)
    assert.equal(comments.length, 1, 'one comment for the whole matrix')
    const body = comments[0]!.body
    assert.match(body, /^<!-- image-size-budget:image-size-budget -->/)
    assert.equal(body.trim(), first.outputs.markdown!.trim())
    assert.equal(first.summary.trim(), first.outputs.markdown!.trim())
    for (const name of ['api', 'base', 'worker']) assert.ok(body.includes(name), name)
    assert.equal(github.writes().filter(r => r.method === 'POST').length, 1)

    // The worker's job is fixed and runs again; so does the aggregate.
    await measure('worker', workerTag, '1MB')
    const second = await aggregate({ reports: 'reports/**/*.json', report: merged }, env)
    assert.equal(second.exitCode, 0, second.stdout)
    assert.equal(second.outputs.passed, 'true')
    const after = github.comments('acme', 'app', 31)
    assert.equal(after.length, 1, 'still one comment')
    const patches = github.writes().filter(r => r.method === 'PATCH')
    assert.equal(patches.length, 1)
    assert.equal(patches[0]!.path, `/repos/acme/app/issues/comments/${comments[0]!.id}`)
    assert.notEqual(after[0]!.body, body)
    assert.equal(after[0]!.body.trim(), second.outputs.markdown!.trim())
    assert.equal(github.writes().filter(r => r.method === 'POST').length, 1)
  })

  test("from a workflow_run: a list of paths, posted to the run's pull request under comment-key", async () => {
    const env = await event('workflow_run', {
      workflow_run: {
        head_sha: 'c'.repeat(40),
        pull_requests: [{ number: 13, head: { sha: 'c'.repeat(40) } }]
      }
    })
    const result = await aggregate(
      {
        reports: `${join(dir, 'reports', 'worker', 'report.json')}\n# a comment line\nreports/api/report.json\n`,
        'comment-key': 'matrix'
      },
      env
    )
    assert.equal(result.exitCode, 0, result.stdout)
    const rows = JSON.parse(result.outputs.results ?? '') as ResultRow[]
    assert.deepEqual(
      rows.map(row => row.name),
      ['api', 'worker']
    )
    const comments = github.comments('acme', 'app', 13)
    assert.equal(comments.length, 1)
    assert.match(comments[0]!.body, /^<!-- image-size-budget:matrix -->/)
    // The default report path is written too.
    assert.ok(result.outputs.report)
  })

  test("baseline-report: max-increase is recomputed against it (the step's limit wins); without one it warns", async () => {
    const env = await event('pull_request', { pull_request: { number: 33 } })
    // The baseline: the api job's own report with the image 100,000 bytes smaller.
    const base = JSON.parse(
      await readFile(join(dir, 'reports', 'api', 'report.json'), 'utf8')
    ) as RunReport
    base.images[0]!.final.size = sizes.api! - 100_000
    const basePath = join(dir, 'base-report.json')
    await writeFile(basePath, JSON.stringify(base))
    const inputs = { reports: 'reports/api/report.json', 'baseline-report': basePath }
    // 100,000 / 2,884,241 = 3.47% > 1%: the step fails on api's growth, measured by no job.
    const over = await aggregate({ ...inputs, 'max-increase': '1%' }, env)
    assert.equal(over.exitCode, 1, over.stdout)
    assert.match(
      over.stdout,
      /^::error::Size budget exceeded \(1\):%0A- final image size increase over the baseline 3\.47%25 \(0\.03467117\), 100 kB exceeds max-increase 1%25 by 2\.47 percentage points/m
    )
    const [row] = JSON.parse(over.outputs.results ?? '') as ResultRow[]
    assert.deepEqual([row?.change, row?.passed], [100_000, false])
    assert.match(over.summary, /\| `max-increase` \(uncompressed\) \| 1% \| \+3\.47% \| ❌ \|/)
    // 5% allows it.
    const within = await aggregate({ ...inputs, 'max-increase': '5%' }, env)
    assert.equal(within.exitCode, 0, within.stdout)
    assert.equal(within.outputs.passed, 'true')
    // Without baseline-report the step's max-increase has nothing to compare with: a warning.
    const alone = await aggregate({ reports: 'reports/api/report.json', 'max-increase': '1%' }, env)
    assert.equal(alone.exitCode, 0, alone.stdout)
    assert.match(
      alone.stdout,
      /^::warning::Input max-increase: mode: aggregate has no baseline to compare with, so it is not applied/m
    )
  })

  test('180 images: the comment is cut to 65,536 characters, the job summary keeps every fold', async () => {
    const env = await event('pull_request', { pull_request: { number: 34 } })
    const api = JSON.parse(
      await readFile(join(dir, 'reports', 'api', 'report.json'), 'utf8')
    ) as RunReport
    await mkdir(join(dir, 'many'), { recursive: true })
    const names: string[] = []
    for (let file = 0; file < 3; file++) {
      const images = Array.from({ length: 60 }, (_, i) => {
        const name = `svc${String(file * 60 + i).padStart(3, '0')}`
        names.push(name)
        return { ...api.images[0]!, name }
      })
      await writeFile(join(dir, 'many', `${file}.json`), JSON.stringify({ ...api, images }))
    }
    const result = await aggregate({ reports: 'many/*.json' }, env)
    assert.equal(result.exitCode, 0, result.stdout)
    const [comment] = github.comments('acme', 'app', 34)
    assert.ok(comment)
    assert.ok(comment.body.length <= 65_536, String(comment.body.length))
    assert.match(
      comment.body,
      /✂️ Details of \d+ of 180 images left out to stay under 65,536 characters/
    )
    assert.equal(comment.body.trim(), result.outputs.markdown!.trim(), 'markdown = the comment')
    assert.ok(result.summary.length > 65_536, String(result.summary.length))
    assert.doesNotMatch(result.summary, /✂️/)
    for (const name of names) {
      assert.match(result.summary, new RegExp(`<summary>[^<]*${name} · `), name)
    }
  })

  test('refuses no match, a missing input and two jobs measuring the same image', async () => {
    const env = await event('pull_request', { pull_request: { number: 32 } })
    const none = await aggregate({ reports: 'nothing/**/*.json' }, env)
    assert.equal(none.exitCode, 1)
    assert.match(
      none.stdout,
      /^::error::Input reports: no report matched "nothing\/\*\*\/\*\.json"/m
    )
    const missing = await aggregate({}, env)
    assert.equal(missing.exitCode, 1)
    assert.match(missing.stdout, /^::error::Input reports: mode: aggregate needs the reports/m)

    await mkdir(join(dir, 'dup'), { recursive: true })
    await copyFile(join(dir, 'reports', 'api', 'report.json'), join(dir, 'dup', 'a.json'))
    await copyFile(join(dir, 'reports', 'api', 'report.json'), join(dir, 'dup', 'b.json'))
    const twice = await aggregate({ reports: 'dup/*.json' }, env)
    assert.equal(twice.exitCode, 1)
    assert.match(
      twice.stdout,
      /^::error::Input reports: ".*\/dup\/a\.json" and ".*\/dup\/b\.json" both hold the image "api" on linux\/amd64/m
    )
    // A file that is no report names itself.
    await writeFile(join(dir, 'dup', 'b.json'), '{"schemaVersion": 2, "images": []}')
    const bad = await aggregate({ reports: 'dup/*.json' }, env)
    assert.equal(bad.exitCode, 1)
    assert.match(
      bad.stdout,
      /^::error::Input reports: ".*\/dup\/b\.json" is not a valid image-size-budget report \(schema version 2\)/m
    )
    assert.equal(github.comments('acme', 'app', 32).length, 0, 'nothing posted on an error')
    assert.ok(JSON.parse(await readFile(join(dir, 'dup', 'a.json'), 'utf8')))
  })
})
