/**
 * `mode: comment` with a forged report: a budget row that claims to pass although its actual value
 * is over its limit. The action (run from `src/index.ts` as a runner runs `dist/index.js`: inputs
 * as `INPUT_*`, outputs through `GITHUB_OUTPUT`, the summary through `GITHUB_STEP_SUMMARY`) must
 * recompute the row from its limit and actual value, and post ❌ with `passed=false`.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts'
import { parseOutputFile } from '../helpers/runner.ts'
import type { ImageEntry, Report, RunReport } from '../../src/model.ts'
import { goWebReport } from '../unit/markdown.fixtures.ts'

const ENTRY = new URL('../../src/index.ts', import.meta.url).pathname

let github: FakeGitHub
let dir: string

before(async () => {
  github = await startFakeGitHub()
  github.addToken('tok-writer', { login: 'github-actions[bot]', kind: 'actions' })
  dir = await mkdtemp(join(tmpdir(), 'isb-forged-'))
})
after(async () => {
  await github.close()
  await rm(dir, { recursive: true, force: true })
})

/** Runs the action's source entry with `inputs` and `env` the way a runner does. */
async function runSource(
  inputs: Record<string, string>,
  env: Record<string, string>
): Promise<{ exitCode: number; stdout: string; outputs: Record<string, string>; summary: string }> {
  const outputFile = join(dir, `output-${Math.random().toString(36).slice(2)}`)
  const summaryFile = join(dir, `summary-${Math.random().toString(36).slice(2)}`)
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
    ),
    ...env
  }
  const { exitCode, stdout } = await new Promise<{ exitCode: number; stdout: string }>(resolve =>
    execFile(process.execPath, [ENTRY], { env: childEnv, cwd: dir }, (error, out) =>
      resolve({
        exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout: out
      })
    )
  )
  return {
    exitCode,
    stdout,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8')
  }
}

test('a row claiming "limit 1 MB, actual 6.62 MB, ✅" is posted as ❌ and passed=false', async () => {
  const report = goWebReport()
  delete report.build
  report.budgets = [
    {
      name: 'max-size',
      subject: 'final image',
      unit: 'bytes',
      limit: 1_000_000,
      actual: 6_620_000,
      passed: true,
      message: 'final image is within max-size'
    },
    {
      name: 'min-efficiency',
      subject: 'final image efficiency',
      unit: 'ratio',
      limit: 0.9,
      actual: 0.5,
      passed: true,
      message: 'meets'
    },
    {
      name: 'max-layers',
      subject: 'final image layers',
      unit: 'count',
      limit: 3,
      actual: 3,
      passed: false,
      message: 'claims to fail at its limit'
    }
  ]
  report.passed = true
  const reportPath = join(dir, 'forged.json')
  await writeFile(reportPath, JSON.stringify(report))
  const eventPath = join(dir, 'event.json')
  await writeFile(
    eventPath,
    JSON.stringify({
      workflow_run: {
        head_sha: 'c'.repeat(40),
        pull_requests: [{ number: 21, head: { sha: 'c'.repeat(40) } }]
      }
    })
  )

  const result = await runSource(
    { mode: 'comment', report: reportPath, 'github-token': 'tok-writer' },
    {
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: github.url
    }
  )
  // The rechecked verdict decides the step as in a measuring step (fail-on-budget defaults to
  // true): the comment is posted first, then the step fails naming the breaches.
  assert.equal(result.exitCode, 1, result.stdout)
  assert.match(result.stdout, /::error::Size budget exceeded \(2\):%0A- final image /)
  assert.equal(result.outputs.passed, 'false')
  const [comment] = github.comments('acme', 'app', 21)
  assert.ok(comment, 'the comment was posted')
  for (const body of [comment.body, result.summary]) {
    assert.match(body, /\| `max-size` \| 1 MB \| 6\.62 MB \| ❌ \|/)
    assert.match(body, /\| `min-efficiency` \| 90% \| 50% \| ❌ \|/)
    // Equal to its limit passes, whatever the row claimed.
    assert.match(body, /\| `max-layers` \| 3 \| 3 \| ✅ \|/)
    assert.match(body, /^### ❌ /m)
    assert.ok(body.includes('**2 of 3 budgets exceeded**'))
    assert.ok(body.includes('- ❌ `min-efficiency`: limit 90%, below by 40 percentage points'))
  }
})

test('a schema-2 run: the forged entry is posted as ❌, the run as failed, the honest entry as ✅', async () => {
  const honest = goWebReport()
  const forged = goWebReport()
  const row = (limit: number, actual: number, passed: boolean): Report['budgets'][number] => ({
    name: 'max-size',
    subject: 'final image',
    unit: 'bytes',
    limit,
    actual,
    passed,
    message: passed ? 'final image is within max-size' : 'over'
  })
  const entry = (report: Report, name: string, platform: string): ImageEntry => {
    const { schemaVersion: _v, tool: _t, createdAt: _c, ...result } = report
    return { name, platform, ...result, final: { ...result.final, platform } }
  }
  const run: RunReport = {
    schemaVersion: 2,
    tool: honest.tool,
    createdAt: honest.createdAt,
    images: [
      { ...entry(honest, 'api', 'linux/amd64'), budgets: [row(10_000_000, 6_620_000, true)] },
      {
        ...entry(forged, 'api', 'linux/arm64'),
        budgets: [row(1_000_000, 6_620_000, true)],
        passed: true
      }
    ],
    passed: true
  }
  const reportPath = join(dir, 'forged-v2.json')
  await writeFile(reportPath, JSON.stringify(run))
  const eventPath = join(dir, 'event-v2.json')
  await writeFile(
    eventPath,
    JSON.stringify({
      workflow_run: {
        head_sha: 'e'.repeat(40),
        pull_requests: [{ number: 22, head: { sha: 'e'.repeat(40) } }]
      }
    })
  )
  const result = await runSource(
    {
      mode: 'comment',
      report: reportPath,
      'github-token': 'tok-writer',
      'fail-on-budget': 'false'
    },
    {
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: github.url
    }
  )
  // fail-on-budget: false: the breach is a warning naming the image and platform, the step passes.
  assert.equal(result.exitCode, 0, result.stdout)
  assert.match(result.stdout, /::warning::Size budget exceeded \(1\):%0A- api \(linux\/arm64\): /)
  assert.equal(result.outputs.passed, 'false')
  assert.deepEqual(
    (JSON.parse(result.outputs.results ?? '') as { platform: string; passed: boolean }[]).map(r => [
      r.platform,
      r.passed
    ]),
    [
      ['linux/amd64', true],
      ['linux/arm64', false]
    ]
  )
  const [comment] = github.comments('acme', 'app', 22)
  assert.ok(comment, 'the comment was posted')
  for (const body of [comment.body, result.summary]) {
    assert.match(
      body,
      /^### ❌ <code>api<\/code> \(linux\/arm64\) is over `max-size` by 5\.62 MB$/m
    )
    // A row per image and platform (the renderer's spacing aside).
    assert.match(body, /^\| ✅\s+api \|.*amd64.*\|$/m)
    assert.match(body, /^\| ❌\s+api \|.*arm64.*\|$/m)
    assert.match(body, /\| `max-size` \| 1 MB \| 6\.62 MB \| ❌ \|/)
    assert.match(body, /\| `max-size` \| 10 MB \| 6\.62 MB \| ✅ \|/)
  }
})
