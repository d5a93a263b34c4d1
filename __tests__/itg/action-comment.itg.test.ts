/**
 * The bundled action posting its PR comment through the real @actions/github client to the
 * loopback GitHub API server, with the event payloads a runner hands it.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { LOCAL_BUSYBOX } from '../helpers/docker.ts'
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts'
import type { RunReport } from '../../src/model.ts'
import type { ResultRow } from '../../src/report/results.ts'
import { runAction, SRC_ENTRY } from '../helpers/runner.ts'

describe('dist/index.js comments on the pull request', () => {
  let github: FakeGitHub
  let dir: string

  before(async () => {
    github = await startFakeGitHub()
    github.addToken('tok-writer', { login: 'github-actions[bot]', kind: 'actions' })
    github.addToken('tok-fork', { login: 'github-actions[bot]', kind: 'actions', readOnly: true })
    dir = await mkdtemp(join(tmpdir(), 'isb-comment-'))
  })
  after(async () => {
    await github.close()
    await rm(dir, { recursive: true, force: true })
  })

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

  const prPayload = {
    pull_request: { number: 7, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) } }
  }

  test('the first run creates the comment, the second updates it in place', async () => {
    const env = await event('pull_request', prPayload)
    const inputs = {
      image: LOCAL_BUSYBOX,
      'max-size': '10MB',
      'github-token': 'tok-writer',
      'comment-key': 'busybox'
    }

    const first = await runAction(inputs, env)
    assert.equal(first.exitCode, 0, first.stdout)
    const comments = github.comments('acme', 'app', 7)
    assert.equal(comments.length, 1)
    assert.match(comments[0]!.body, /<!-- image-size-budget:busybox -->/)
    assert.equal(comments[0]!.body.trim(), first.outputs.markdown!.trim())
    const posts = github.writes().filter(r => r.method === 'POST')
    assert.equal(posts.length, 1)
    assert.equal(posts[0]!.path, '/repos/acme/app/issues/7/comments')

    const second = await runAction({ ...inputs, 'max-size': '9MB' }, env)
    assert.equal(second.exitCode, 0, second.stdout)
    assert.equal(github.comments('acme', 'app', 7).length, 1, 'still one comment')
    const patches = github.writes().filter(r => r.method === 'PATCH')
    assert.equal(patches.length, 1)
    assert.equal(patches[0]!.path, `/repos/acme/app/issues/comments/${comments[0]!.id}`)
    assert.match(github.comments('acme', 'app', 7)[0]!.body, /9 MB/)
    // The only place the token may appear is the runner's mask command that hides it.
    const log = (second.stdout + second.stderr).replace(/^::add-mask::.*$/gm, '')
    assert.match(second.stdout, /^::add-mask::tok-writer$/m)
    assert.doesNotMatch(log, /tok-writer/, 'the token is never printed')
  })

  test('a fork PR with a read-only token passes with a warning; summary and outputs still written', async () => {
    const env = await event('pull_request', {
      ...prPayload,
      pull_request: { ...prPayload.pull_request, number: 8 }
    })
    const result = await runAction({ image: LOCAL_BUSYBOX, 'github-token': 'tok-fork' }, env)
    assert.equal(result.exitCode, 0, result.stdout)
    assert.match(result.stdout, /::warning::/)
    assert.match(result.stdout, /not accessible|forbidden|read-only/i)
    assert.equal(github.comments('acme', 'app', 8).length, 0)
    assert.ok(result.outputs.size, 'outputs are still written')
    assert.match(result.summary, /\|/)
  })

  test('mode: comment posts to the PR of the workflow_run payload, not one the report names', async () => {
    // A measuring run writes a report (its event names PR 99: the report must not steer the comment).
    const reportPath = join(dir, 'measured.json')
    const measured = await runAction(
      { image: LOCAL_BUSYBOX, report: reportPath, comment: 'false' },
      await event('pull_request', { pull_request: { number: 99 } })
    )
    assert.equal(measured.exitCode, 0, measured.stdout)

    const env = await event('workflow_run', {
      workflow_run: {
        head_sha: 'c'.repeat(40),
        pull_requests: [
          { number: 12, head: { sha: 'd'.repeat(40) } },
          { number: 13, head: { sha: 'c'.repeat(40) } }
        ]
      }
    })
    const result = await runAction(
      { mode: 'comment', report: reportPath, 'github-token': 'tok-writer' },
      env
    )
    assert.equal(result.exitCode, 0, result.stdout)
    assert.equal(
      github.comments('acme', 'app', 13).length,
      1,
      'posted to the PR whose head matches'
    )
    assert.equal(github.comments('acme', 'app', 12).length, 0)
    assert.equal(github.comments('acme', 'app', 99).length, 0)
  })

  // A failed comment never fails the step: each API refusal (and a push event with comment: true)
  // is one warning, and the budgets alone decide the outcome — with a passing budget (busybox,
  // 1,984,241 bytes, under 10 MB) the step passes, with a failing one (over 1 MB) it fails on
  // the budget, not on the comment.
  const pr21 = { pull_request: { ...prPayload.pull_request, number: 21 } }
  const commentFailures: {
    name: string
    token: string
    event: string
    payload: unknown
    fault?: Parameters<FakeGitHub['fault']>[0]
    warning: RegExp
  }[] = [
    {
      name: '401 bad credentials',
      token: 'tok-unknown',
      event: 'pull_request',
      payload: pr21,
      warning: /The PR comment was not posted: .*github-token.*401 Bad credentials/
    },
    {
      name: '404 on the comments',
      token: 'tok-writer',
      event: 'pull_request',
      payload: pr21,
      fault: { method: 'GET', path: /\/issues\/21\/comments/, status: 404, message: 'Not Found' },
      warning:
        /The PR comment was not posted: .*listing the comments of acme\/app#21: 404 Not Found/
    },
    {
      name: '422 on creating the comment',
      token: 'tok-writer',
      event: 'pull_request',
      payload: pr21,
      fault: {
        method: 'POST',
        path: /\/issues\/21\/comments$/,
        status: 422,
        message: 'Validation Failed'
      },
      warning:
        /The PR comment was not posted: .*creating a comment on acme\/app#21: 422 Validation Failed/
    },
    {
      name: 'a push event with comment: true',
      token: 'tok-writer',
      event: 'push',
      payload: { ref: 'refs/heads/main', after: 'f'.repeat(40) },
      warning: /The PR comment was not posted: Input comment: the "push" event has no pull request/
    }
  ]
  for (const failure of commentFailures) {
    for (const budget of [
      { maxSize: '10MB', exitCode: 0 },
      { maxSize: '1MB', exitCode: 1 }
    ]) {
      test(`${failure.name}: a warning, and max-size ${budget.maxSize} decides (exit ${budget.exitCode})`, async () => {
        github.state.faults.length = 0
        // Cleared before and after: a fault this run did not use up must not leak into the next.
        if (failure.fault) github.fault(failure.fault)
        const result = await runAction(
          {
            image: LOCAL_BUSYBOX,
            'max-size': budget.maxSize,
            'github-token': failure.token,
            comment: 'true',
            'comment-key': `failure-${budget.maxSize}`
          },
          await event(failure.event, failure.payload)
        )
        github.state.faults.length = 0
        assert.equal(result.exitCode, budget.exitCode, result.stdout)
        const warnings = result.stdout.split('\n').filter(l => l.startsWith('::warning'))
        assert.equal(
          warnings.filter(l => failure.warning.test(l)).length,
          1,
          `one comment warning:\n${result.stdout}`
        )
        const errors = result.stdout.split('\n').filter(l => l.startsWith('::error'))
        if (budget.exitCode === 0) {
          assert.deepEqual(errors, [], 'no error when the budget passes')
          assert.equal(result.outputs.passed, 'true')
        } else {
          // The step fails on the budget (setFailed's message), not on the comment.
          assert.ok(
            errors.some(l => /^::error::.*max-size/.test(l)),
            result.stdout
          )
          assert.ok(!errors.some(l => /PR comment|GitHub API/.test(l)), result.stdout)
          assert.equal(result.outputs.passed, 'false')
        }
        assert.deepEqual(github.comments('acme', 'app', 21), [], 'no comment written')
        assert.doesNotMatch(
          (result.stdout + result.stderr).replace(/^::add-mask::.*$/gm, ''),
          new RegExp(failure.token)
        )
      })
    }
  }

  test('mode: comment posts a schema-2 report of two images as one comment, verdicts rechecked and each compared with its baseline entry', async () => {
    // Two measuring runs (source entry: dist/ may be stale), each a schema-2 report of one image.
    const measured: RunReport[] = []
    for (const [key, maxSize] of [
      ['web', '10MB'],
      ['worker', '1MB']
    ] as const) {
      const path = join(dir, `v2-${key}.json`)
      const result = await runAction(
        {
          image: LOCAL_BUSYBOX,
          'comment-key': key,
          'max-size': maxSize,
          'fail-on-budget': 'false',
          comment: 'false',
          report: path
        },
        await event('pull_request', { pull_request: { number: 98 } }),
        undefined,
        SRC_ENTRY
      )
      assert.equal(result.exitCode, 0, result.stdout + result.stderr)
      measured.push(JSON.parse(await readFile(path, 'utf8')) as RunReport)
    }
    const [web, worker] = measured.map(run => run.images[0]!)
    assert.ok(web && worker)
    assert.equal(worker.budgets[0]?.passed, false, 'busybox (1,984,241 bytes) is over 1 MB')
    // One run of both, forged: the worker's row and the verdicts claim to pass.
    const run: RunReport = {
      ...measured[0]!,
      images: [
        web,
        { ...worker, budgets: [{ ...worker.budgets[0]!, passed: true }], passed: true }
      ],
      passed: true
    }
    const reportPath = join(dir, 'v2-two.json')
    await writeFile(reportPath, JSON.stringify(run))
    // The baseline: the web report (one entry named web), on the same platform.
    const env = await event('workflow_run', {
      workflow_run: {
        head_sha: '4'.repeat(40),
        pull_requests: [{ number: 41, head: { sha: '4'.repeat(40) } }]
      }
    })
    const result = await runAction(
      {
        mode: 'comment',
        report: reportPath,
        'baseline-report': join(dir, 'v2-web.json'),
        'github-token': 'tok-writer'
      },
      env,
      undefined,
      SRC_ENTRY
    )
    // The worker is over its budget: the step fails after posting (fail-on-budget: true).
    assert.equal(result.exitCode, 1, result.stdout)
    assert.equal(result.outputs.passed, 'false', 'the forged pass is rechecked')
    const rows = JSON.parse(result.outputs.results ?? '') as ResultRow[]
    assert.deepEqual(rows, [
      {
        name: 'web',
        platform: 'linux/amd64',
        size: 1_984_241,
        compressedSize: web.final.compressed?.size ?? null,
        change: 0,
        passed: true
      },
      {
        name: 'worker',
        platform: 'linux/amd64',
        size: 1_984_241,
        compressedSize: worker.final.compressed?.size ?? null,
        change: null,
        passed: false
      }
    ])
    // The worker is new to the baseline report: a note, not a warning.
    assert.match(result.stdout, /baseline-report has no entry for "worker" \(linux\/amd64\)/)
    const comments = github.comments('acme', 'app', 41)
    assert.equal(comments.length, 1)
    assert.match(comments[0]!.body, /^<!-- image-size-budget:image-size-budget -->/)
    assert.equal(comments[0]!.body.trim(), result.outputs.markdown!.trim())
    assert.ok(comments[0]!.body.includes('worker'))
    assert.ok(comments[0]!.body.includes('web'))
  })

  test('mode: comment refuses a report that fails the schema', async () => {
    const bad = join(dir, 'bad.json')
    await writeFile(bad, JSON.stringify({ schemaVersion: 3, final: {} }))
    const env = await event('workflow_run', {
      workflow_run: { head_sha: 'e'.repeat(40), pull_requests: [] }
    })
    const result = await runAction(
      { mode: 'comment', report: bad, 'github-token': 'tok-writer' },
      env
    )
    assert.equal(result.exitCode, 1)
    assert.match(result.stdout, /::error::Input report: .*schemaVersion/)
  })
})
