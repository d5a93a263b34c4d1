/**
 * The size history kept in a branch through the GitHub REST API (a loopback server with an
 * in-memory git repository, `fake-git.ts`), measured on the real engine: pushes record entries,
 * concurrent appends both land, and a pull request with `baseline: history` compares with the
 * entry at its merge base without building anything.
 *
 * The action runs from `src/index.ts` (as a runner runs `dist/index.js`, with `INPUT_*`, the
 * event file, `GITHUB_OUTPUT` and `GITHUB_STEP_SUMMARY`), because `dist/` is bundled at the end;
 * `ISB_ACTION_ENTRY=dist/index.js` runs the bundle instead.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createClient } from '../../src/github/client.ts'
import { findHistoryBaseline, githubCommitGraph } from '../../src/history/baseline.ts'
import { decodeHistory, historyFileName, type HistoryEntry } from '../../src/history/entry.ts'
import {
  appendToBranchHistory,
  ensureBranch,
  readBranchHistory,
  updateBranchFile,
  type BranchStore
} from '../../src/history/github-store.ts'
import { parseBaselineReport } from '../../src/baseline/report.ts'
import type { Log } from '../../src/log.ts'
import type { RunReport } from '../../src/model.ts'
import { entryReport } from '../../src/report/run-markdown.ts'
import {
  LOCAL_BUSYBOX,
  buildImage,
  engineSize,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'
import { fakeGitRepo, fakeGitRoutes, type FakeGitRepo } from '../helpers/fake-git.ts'
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.ts'
import { SRC_ENTRY, runAction } from '../helpers/runner.ts'

const quiet: Log = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_name, fn) => fn()
}
const ENTRY = process.env['ISB_ACTION_ENTRY'] ?? SRC_ENTRY
const BRANCH = 'image-size-history'
const KEY = 'app'

describe('size history in a branch (loopback GitHub API, real engine)', () => {
  let github: FakeGitHub
  let repo: FakeGitRepo
  let dir: string
  const tags: string[] = []
  // Commits of the code: c1 → c2 → c3 → c4 on main; the pull request branched off at c2.
  let c: string[] = []
  let prHead = ''
  let prMerge = ''

  before(async () => {
    github = await startFakeGitHub()
    github.addToken('tok', { login: 'github-actions[bot]', kind: 'actions' })
    repo = fakeGitRepo('acme', 'app')
    github.route(fakeGitRoutes(repo))
    const c1 = repo.addCommit([])
    const c2 = repo.addCommit([c1])
    const c3 = repo.addCommit([c2])
    const c4 = repo.addCommit([c3])
    c = [c1, c2, c3, c4]
    prHead = repo.addCommit([c2])
    // GITHUB_SHA of a pull_request run: the test merge of the head into the base.
    prMerge = repo.addCommit([c4, prHead])
    repo.refs.set('refs/heads/main', c4)
    repo.refs.set('refs/tags/v0.1', c1)
    dir = await mkdtemp(join(tmpdir(), 'isb-history-'))
    // Four images of known, different sizes: busybox plus 100, 200, 300 or 400 kB.
    for (const kb of [100, 200, 300, 400]) {
      const tag = uniqueTag(`history-${kb}`)
      await buildImage({
        dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY blob /blob\n`,
        tag,
        files: { blob: Buffer.alloc(kb * 1000, kb) }
      })
      tags.push(tag)
    }
  })
  after(async () => {
    await github.close()
    await removeImages(...tags)
    await rm(dir, { recursive: true, force: true })
  })

  async function env(
    name: string,
    payload: unknown,
    extra: Record<string, string>
  ): Promise<Record<string, string>> {
    const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`)
    await writeFile(path, JSON.stringify(payload))
    return {
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.example',
      ...extra
    }
  }

  const entriesOnBranch = (): HistoryEntry[] => {
    const text = repo.file(BRANCH, historyFileName(KEY)) ?? ''
    const { entries, skipped } = decodeHistory(text, 'branch')
    assert.deepEqual(skipped, [])
    return entries
  }

  test('three pushes to the default branch make three entries (and the page)', async () => {
    const pushed = [c[0]!, c[1]!, c[3]!]
    for (const [i, sha] of pushed.entries()) {
      const result = await runAction(
        {
          image: tags[i]!,
          'comment-key': KEY,
          'github-token': 'tok',
          'history-page': 'true',
          'history-record': 'auto',
          'max-size': '10MB'
        },
        await env(
          'push',
          { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
          { GITHUB_SHA: sha, GITHUB_REF: 'refs/heads/main' }
        ),
        undefined,
        ENTRY
      )
      assert.equal(result.exitCode, 0, result.stdout + result.stderr)
      assert.match(result.stdout, /History: recorded app \(linux\/amd64\)/)
    }
    const entries = entriesOnBranch()
    assert.deepEqual(
      entries.map(e => e.commit),
      pushed
    )
    // Sizes against the engine's own figure (classic store: .Size = the layers' unpacked sizes).
    for (const [i, e] of entries.entries()) {
      assert.equal(e.size, await engineSize(tags[i]!))
      assert.equal(e.ref, 'refs/heads/main')
      assert.equal(e.layers.length, 2)
      assert.deepEqual(
        e.budgets.map(b => b.name),
        ['max-size']
      )
    }
    assert.ok(entries[1]!.size - entries[0]!.size >= 100_000)
    assert.deepEqual(repo.paths(BRANCH), [historyFileName(KEY), 'README.md', 'index.html'].sort())
    const page = repo.file(BRANCH, 'index.html')!
    assert.match(page, /https:\/\/github\.example\/acme\/app/)
    assert.equal((page.match(/"commit":"/g) ?? []).length, 3)

    // A pull request run never records.
    const pr = await runAction(
      { image: tags[0]!, 'comment-key': KEY, 'github-token': 'tok', comment: 'false' },
      await env(
        'pull_request',
        { pull_request: { number: 5, base: { sha: c[3] }, head: { sha: prHead } } },
        { GITHUB_SHA: prMerge, GITHUB_REF: 'refs/pull/5/merge' }
      ),
      undefined,
      ENTRY
    )
    assert.equal(pr.exitCode, 0, pr.stdout)
    assert.equal(entriesOnBranch().length, 3)
  })

  test('baseline: history on a pull request: the entry at the merge base, nothing built', async () => {
    const before = entriesOnBranch()
    assert.equal(before.length, 3, 'needs the entries of the previous test')
    const result = await runAction(
      {
        image: tags[3]!,
        'comment-key': KEY,
        'github-token': 'tok',
        baseline: 'history',
        'drift-since': 'v0.1',
        'max-size': '10MB'
      },
      await env(
        'pull_request',
        { pull_request: { number: 5, base: { sha: c[3] }, head: { sha: prHead } } },
        { GITHUB_SHA: prMerge, GITHUB_REF: 'refs/pull/5/merge' }
      ),
      undefined,
      ENTRY
    )
    assert.equal(result.exitCode, 0, result.stdout + result.stderr)
    // Schema 2: the run's one entry, as a schema-1 report.
    const run = result.report as RunReport
    assert.equal(run.images.length, 1)
    const report = entryReport(run, run.images[0]!)
    // The report, with its history baseline, reads back as a valid report (mode: comment).
    parseBaselineReport(JSON.stringify(report), 'the report')
    // The merge base of c4 and the PR head is c2: its entry, measured from the 200 kB image.
    const atMergeBase = before[1]!
    assert.equal(atMergeBase.commit, c[1])
    assert.equal(report.baseline?.size, atMergeBase.size)
    assert.equal(report.baseline?.ref, `history ${BRANCH}@${c[1]!.slice(0, 7)}`)
    assert.equal(report.baselineComparison?.change, report.final.size - atMergeBase.size)
    assert.equal(report.baselineComparison?.change, 200_000)
    // Nothing was built: no build section, the log says so, no request but the history's.
    assert.equal(report.build, undefined)
    assert.match(result.stdout, /history entry of [0-9a-f]{7}, the merge base; nothing is built/)
    assert.doesNotMatch(result.stdout, /worktree|Building/i)
    // The trend and the drift since the tag v0.1 (c1, the 100 kB image: +300 kB).
    assert.match(result.summary, /```mermaid\n%%\{init: \{.*"plotColorPalette".*\}%%\nxychart-beta/)
    assert.match(result.summary, /x-axis \["[0-9a-f]{7}", "[0-9a-f]{7}", "[0-9a-f]{7}", "PR 5"\]/)
    assert.match(result.summary, /\*\*Since v0\.1\*\* \([0-9a-f]{7}, \d{4}-\d\d-\d\d\): \+300 kB/)
    const comment = github.comments('acme', 'app', 5).at(-1)
    assert.match(comment?.body ?? '', /xychart-beta/)
  })

  test('a drift-since that names nothing warns; the rest of the trend is shown', async () => {
    const result = await runAction(
      {
        image: tags[3]!,
        'comment-key': KEY,
        'github-token': 'tok',
        baseline: 'history',
        'drift-since': 'no-such-tag',
        'max-size': '10MB',
        comment: 'false'
      },
      await env(
        'pull_request',
        { pull_request: { number: 5, base: { sha: c[3] }, head: { sha: prHead } } },
        { GITHUB_SHA: prMerge, GITHUB_REF: 'refs/pull/5/merge' }
      ),
      undefined,
      ENTRY
    )
    assert.equal(result.exitCode, 0, result.stdout + result.stderr)
    assert.match(
      result.stdout,
      /::warning::History: drift-since: no-such-tag names no tag, branch or commit of the repository/
    )
    assert.doesNotMatch(result.stdout, /the trend is not shown/)
    assert.match(result.summary, /### Size history/)
    assert.match(result.summary, /xychart-beta/)
    assert.match(result.summary, /- Uncompressed over the last 4 measurements: /)
    assert.match(result.summary, /- drift-since: no-such-tag names no tag/)
  })

  test('history-branch: the default branch, drift-since: HEAD~3 and a multi-line comment-key are refused before anything is measured', async () => {
    const missing = 'isb-local/no-such-image:never'
    const push = await env(
      'push',
      { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
      { GITHUB_SHA: c[3]!, GITHUB_REF: 'refs/heads/main' }
    )
    const cases: [Record<string, string>, RegExp][] = [
      [
        { 'history-branch': 'refs/heads/main', 'history-record': 'true' },
        /Input history-branch: "main" is the repository's default branch/
      ],
      [{ 'drift-since': 'HEAD~3' }, /Input drift-since: "HEAD~3" is a git revision expression/],
      [{ 'drift-since': 'a b' }, /Input drift-since: "a b" is not a date/],
      [
        { 'comment-key': 'app\n::error::x' },
        /Input comment-key: "app\\n::error::x" holds a control/
      ]
    ]
    for (const [inputs, message] of cases) {
      const start = github.requests.length
      const result = await runAction(
        { image: missing, 'github-token': 'tok', ...inputs },
        push,
        undefined,
        ENTRY
      )
      assert.equal(result.exitCode, 1, JSON.stringify(inputs))
      assert.match(result.stdout, message)
      assert.doesNotMatch(result.stdout, /no-such-image/) // nothing was measured
      assert.doesNotMatch(result.stdout, /^::error::app$/m) // no workflow command injected
      assert.equal(github.requests.length, start) // nothing read or written
    }
  })

  test('a branch that holds code is not written to', async () => {
    const client = createClient('tok', { baseUrl: github.url, log: quiet })
    const store: BranchStore = { client, owner: 'acme', repo: 'app', branch: 'code', log: quiet }
    await ensureBranch(store)
    await updateBranchFile(store, 'package.json', () => '{}\n', 'code')
    const result = await runAction(
      {
        image: tags[0]!,
        'comment-key': KEY,
        'github-token': 'tok',
        'history-branch': 'code',
        'history-record': 'true'
      },
      await env(
        'push',
        { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
        { GITHUB_SHA: c[3]!, GITHUB_REF: 'refs/heads/main' }
      ),
      undefined,
      ENTRY
    )
    assert.equal(result.exitCode, 0, result.stdout)
    assert.match(
      result.stdout,
      /::warning::History: this run's entry was not recorded: History: the branch code holds "package.json": it is not a size history branch/
    )
    assert.deepEqual(repo.paths('code'), ['README.md', 'package.json'])
    await assert.rejects(
      appendToBranchHistory(store, { ...entriesOnBranch()[0]!, name: 'x' }),
      /not a size history branch/
    )
  })

  test('an entry older than the merge base says how many commits older', async () => {
    const client = createClient('tok', { baseUrl: github.url, log: quiet })
    const store: BranchStore = { client, owner: 'acme', repo: 'app', branch: BRANCH, log: quiet }
    const entries = await readBranchHistory(store, KEY)
    // A pull request branched off at c3, which has no entry: c2's is one commit older.
    const graph = githubCommitGraph(client, 'acme', 'app')
    const head = repo.addCommit([c[2]!])
    const mergeBase = await graph.mergeBase(c[3]!, head)
    assert.equal(mergeBase, c[2])
    const found = await findHistoryBaseline(entries, {
      platform: 'linux/amd64',
      mergeBase,
      graph
    })
    assert.equal(found?.entry.commit, c[1])
    assert.equal(found?.behindBy, 1)
    assert.match(found!.note, /1 commit older than the merge base/)
  })

  test('two concurrent appends both land: one meets a 409 and retries', async () => {
    const name = 'concurrent'
    const path = historyFileName(name)
    const stores = [0, 1].map((): BranchStore => ({
      client: createClient('tok', { baseUrl: github.url, log: quiet }),
      owner: 'acme',
      repo: 'app',
      branch: BRANCH,
      log: quiet,
      backoffMs: 20
    }))
    const entry = (n: number): HistoryEntry => ({
      v: 1,
      commit: c[n]!,
      time: new Date().toISOString(),
      name,
      platform: 'linux/amd64',
      size: 1000 * (n + 1),
      layers: [],
      budgets: []
    })
    // A first entry, so both writers update an existing file (409 on a stale SHA).
    await appendToBranchHistory(stores[0]!, entry(0))
    repo.putStatuses.length = 0
    repo.holdReads(path, 2)
    const [a, b] = await Promise.all([
      appendToBranchHistory(stores[0]!, entry(1)),
      appendToBranchHistory(stores[1]!, entry(2))
    ])
    assert.equal(a.conflicts + b.conflicts, 1)
    assert.deepEqual(repo.putStatuses.slice().sort(), [200, 200, 409])
    const text = repo.file(BRANCH, path)!
    assert.deepEqual(
      decodeHistory(text, path)
        .entries.map(e => e.size)
        .sort(),
      [1000, 2000, 3000]
    )

    // Two writers creating the same file: the second meets 422 ("sha" wasn't supplied).
    const fresh = 'concurrent-new'
    repo.putStatuses.length = 0
    repo.holdReads(historyFileName(fresh), 2)
    await Promise.all([
      appendToBranchHistory(stores[0]!, { ...entry(1), name: fresh }),
      appendToBranchHistory(stores[1]!, { ...entry(2), name: fresh })
    ])
    assert.deepEqual(repo.putStatuses.slice().sort(), [200, 201, 422])
    assert.equal(decodeHistory(repo.file(BRANCH, historyFileName(fresh))!, 'x').entries.length, 2)
  })

  test('a history file over the contents API limit is read through the blobs API', async () => {
    const client = createClient('tok', { baseUrl: github.url, log: quiet })
    const store: BranchStore = { client, owner: 'acme', repo: 'app', branch: BRANCH, log: quiet }
    const saved = repo.largeFileBytes
    repo.largeFileBytes = 100 // every file is "large" now
    try {
      const start = github.requests.length
      const entries = await readBranchHistory(store, KEY)
      assert.equal(entries.length, 3)
      assert.ok(github.requests.slice(start).some(r => /\/git\/blobs\/[0-9a-f]{40}$/.test(r.path)))
    } finally {
      repo.largeFileBytes = saved
    }
  })
})
