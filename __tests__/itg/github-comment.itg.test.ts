/**
 * The PR comment through the real `@actions/github` client (with the retry and throttling
 * plugins) against a loopback GitHub API (`../helpers/fake-github.ts`). Every test asserts the
 * requests the server received: method, path and body.
 */
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, test } from 'node:test'
import { ACTIONS_BOT_LOGIN, upsertComment } from '../../src/github/comment.ts'
import type { UpsertCommentOptions } from '../../src/github/comment.ts'
import type { Log } from '../../src/log.ts'
import { commentMarker } from '../../src/report/escape.ts'
import { startFakeGitHub } from '../helpers/fake-github.ts'
import type { FakeGitHub } from '../helpers/fake-github.ts'

const OWNER = 'acme'
const REPO = 'shop'
const PR = 42
const KEY = 'examples/go-web/Dockerfile:final'
const MARKER = commentMarker(KEY)
const USER_TOKEN = 'ghp_userTokenSecret0123456789'
const ACTIONS_TOKEN = 'ghs_actionsTokenSecret0123456789'
const FORK_TOKEN = 'ghs_forkTokenSecret0123456789'
const APP_TOKEN = 'ghs_appInstallationTokenSecret0123456789'
const APP_LOGIN = 'my-app[bot]'
const NO_GRAPHQL_USER_TOKEN = 'ghp_noGraphqlTokenSecret0123456789'
const LIST_PATH = `/repos/${OWNER}/${REPO}/issues/${PR}/comments`

interface MemoryLog extends Log {
  lines: string[]
  warnings: string[]
}

function memoryLog(): MemoryLog {
  const lines: string[] = []
  const warnings: string[] = []
  return {
    lines,
    warnings,
    info: m => void lines.push(`info: ${m}`),
    debug: m => void lines.push(`debug: ${m}`),
    warning: m => {
      lines.push(`warning: ${m}`)
      warnings.push(m)
    },
    group: (name, fn) => {
      lines.push(`group: ${name}`)
      return fn()
    }
  }
}

let gh: FakeGitHub

function options(over: Partial<UpsertCommentOptions> & { log: Log }): UpsertCommentOptions {
  return {
    token: USER_TOKEN,
    owner: OWNER,
    repo: REPO,
    issueNumber: PR,
    key: KEY,
    body: `${MARKER}\n### Image size: 8.13 MB`,
    baseUrl: gh.url,
    retry: { delayUnitMs: 20 },
    ...over
  }
}

/** The requests as `METHOD path` lines, for whole-sequence assertions. */
function calls(): string[] {
  return gh.requests.map(r => `${r.method} ${r.path}`)
}

before(async () => {
  gh = await startFakeGitHub()
  gh.addToken(USER_TOKEN, { login: 'size-bot', kind: 'user' })
  gh.addToken(ACTIONS_TOKEN, { login: ACTIONS_BOT_LOGIN, kind: 'actions' })
  gh.addToken(FORK_TOKEN, { login: ACTIONS_BOT_LOGIN, kind: 'actions', readOnly: true })
  gh.addToken(APP_TOKEN, { login: APP_LOGIN, kind: 'app' })
  gh.addToken(NO_GRAPHQL_USER_TOKEN, {
    login: 'gql-less-user',
    kind: 'user',
    viewerError: 'Resource not accessible by personal access token'
  })
})

after(async () => {
  await gh.close()
})

beforeEach(() => {
  gh.requests.length = 0
  gh.state.comments.clear()
  gh.state.faults.length = 0
})

describe('upsertComment against a loopback GitHub API', () => {
  test('first run creates, second updates, an identical third writes nothing', async () => {
    const log = memoryLog()
    const first = await upsertComment(options({ log, body: `${MARKER}\nrun 1` }))
    assert.equal(first.action, 'created')
    assert.deepEqual(calls(), [
      'POST /graphql',
      `GET ${LIST_PATH}?per_page=100`,
      `POST ${LIST_PATH}`
    ])
    assert.deepEqual(gh.requests[2]?.body, { body: `${MARKER}\nrun 1` })
    const [created] = gh.comments(OWNER, REPO, PR)
    assert.equal(first.commentId, created?.id)
    assert.equal(
      first.url,
      `https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${created?.id}`
    )

    gh.requests.length = 0
    const second = await upsertComment(options({ log, body: `${MARKER}\nrun 2` }))
    assert.equal(second.action, 'updated')
    assert.equal(second.commentId, first.commentId)
    assert.deepEqual(calls(), [
      'POST /graphql',
      `GET ${LIST_PATH}?per_page=100`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${first.commentId}`
    ])
    assert.deepEqual(gh.requests[2]?.body, { body: `${MARKER}\nrun 2` })

    gh.requests.length = 0
    const third = await upsertComment(options({ log, body: `${MARKER}\nrun 2` }))
    assert.equal(third.action, 'unchanged')
    assert.equal(third.commentId, first.commentId)
    assert.deepEqual(gh.writes(), [], 'no write for an unchanged body')
    const all = gh.comments(OWNER, REPO, PR)
    assert.equal(all.length, 1)
    assert.equal(all[0]?.body, `${MARKER}\nrun 2`)
  })

  test('marker on the last of several pages (more than 100 comments): update, not create', async () => {
    gh.seed(
      OWNER,
      REPO,
      PR,
      Array.from({ length: 130 }, (_, i) => ({
        login: i % 3 === 0 ? 'size-bot' : 'someone-else',
        body: `comment ${i}`
      }))
    )
    const [target] = gh.seed(OWNER, REPO, PR, [{ login: 'size-bot', body: `${MARKER}\nold body` }])
    assert.ok(target)
    const log = memoryLog()
    const result = await upsertComment(options({ log, body: `${MARKER}\nnew body` }))
    assert.equal(result.action, 'updated')
    assert.equal(result.commentId, target.id)
    assert.deepEqual(calls(), [
      'POST /graphql',
      `GET ${LIST_PATH}?per_page=100`,
      `GET ${LIST_PATH}?per_page=100&page=2`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${target.id}`
    ])
    assert.deepEqual(gh.requests[3]?.body, { body: `${MARKER}\nnew body` })
    assert.equal(gh.comments(OWNER, REPO, PR).length, 131, 'no comment added')
  })

  test("a foreign user's comment with the same marker is ignored", async () => {
    const [foreign] = gh.seed(OWNER, REPO, PR, [
      { login: 'mallory', body: `${MARKER}\nfake report` }
    ])
    const log = memoryLog()
    const result = await upsertComment(options({ log, body: `${MARKER}\nreal report` }))
    assert.equal(result.action, 'created')
    assert.notEqual(result.commentId, foreign?.id)
    assert.deepEqual(
      gh.writes().map(r => [r.method, r.path, r.body]),
      [['POST', LIST_PATH, { body: `${MARKER}\nreal report` }]]
    )
    assert.equal(gh.comments(OWNER, REPO, PR)[0]?.body, `${MARKER}\nfake report`, 'untouched')
  })

  test('another key marker or a marker-less comment by the same bot is not ours', async () => {
    gh.seed(OWNER, REPO, PR, [
      { login: 'size-bot', body: `${commentMarker('other/Dockerfile:final')}\nother image` },
      { login: 'size-bot', body: 'no marker at all' }
    ])
    const result = await upsertComment(options({ log: memoryLog() }))
    assert.equal(result.action, 'created')
    assert.deepEqual(
      gh.writes().map(r => r.method),
      ['POST']
    )
  })

  test('the Actions token: GraphQL viewer names github-actions[bot], whose comment is updated', async () => {
    gh.seed(OWNER, REPO, PR, [{ login: 'size-bot', body: `${MARKER}\nwritten with a PAT` }])
    const [mine] = gh.seed(OWNER, REPO, PR, [{ login: ACTIONS_BOT_LOGIN, body: `${MARKER}\nold` }])
    const log = memoryLog()
    const result = await upsertComment(
      options({ log, token: ACTIONS_TOKEN, body: `${MARKER}\nnew` })
    )
    assert.equal(result.action, 'updated')
    assert.equal(result.commentId, mine?.id)
    assert.deepEqual(gh.requests[0]?.body, { query: 'query { viewer { login } }' })
    assert.equal(gh.requests[0]?.status, 200)
    assert.ok(!calls().includes('GET /user'), 'GraphQL answered: no GET /user')
    assert.deepEqual(
      gh.writes().map(r => [r.method, r.path, r.login]),
      [['PATCH', `/repos/${OWNER}/${REPO}/issues/comments/${mine?.id}`, ACTIONS_BOT_LOGIN]]
    )
  })

  test('a GitHub App installation token (GET /user forbidden) updates its own my-app[bot] comment', async () => {
    // The App's earlier comment, and one by github-actions[bot] that the old guess would have picked.
    const [mine] = gh.seed(OWNER, REPO, PR, [{ login: APP_LOGIN, body: `${MARKER}\nold` }])
    const [actions] = gh.seed(OWNER, REPO, PR, [
      { login: ACTIONS_BOT_LOGIN, body: `${MARKER}\nby the workflow token` }
    ])
    const log = memoryLog()
    const result = await upsertComment(options({ log, token: APP_TOKEN, body: `${MARKER}\nnew` }))
    assert.equal(result.action, 'updated')
    assert.equal(result.commentId, mine?.id)
    assert.deepEqual(calls(), [
      'POST /graphql',
      `GET ${LIST_PATH}?per_page=100`,
      `PATCH /repos/${OWNER}/${REPO}/issues/comments/${mine?.id}`
    ])
    assert.deepEqual(gh.requests[2]?.body, { body: `${MARKER}\nnew` })
    assert.equal(gh.requests[2]?.status, 200)
    assert.equal(gh.comments(OWNER, REPO, PR).length, 2, 'no new comment')
    assert.equal(actions?.body, `${MARKER}\nby the workflow token`, 'untouched')
    assert.deepEqual(log.warnings, [])
  })

  test('GraphQL refused (errors in the answer): GET /user names the user', async () => {
    const log = memoryLog()
    const result = await upsertComment(options({ log, token: NO_GRAPHQL_USER_TOKEN }))
    assert.equal(result.action, 'created')
    assert.deepEqual(calls(), [
      'POST /graphql',
      'GET /user',
      `GET ${LIST_PATH}?per_page=100`,
      `POST ${LIST_PATH}`
    ])
    assert.equal(gh.comments(OWNER, REPO, PR)[0]?.login, 'gql-less-user')
    assert.ok(log.lines.some(l => /GraphQL viewer \{ login \} failed.*asking GET \/user/.test(l)))
  })

  test('no GraphQL endpoint (404) and GET /user forbidden: falls back to github-actions[bot]', async () => {
    gh.fault({ method: 'POST', path: /^\/graphql$/, status: 404, message: 'Not Found' })
    const [mine] = gh.seed(OWNER, REPO, PR, [{ login: ACTIONS_BOT_LOGIN, body: `${MARKER}\nold` }])
    const log = memoryLog()
    const result = await upsertComment(
      options({ log, token: ACTIONS_TOKEN, body: `${MARKER}\nnew` })
    )
    assert.equal(result.action, 'updated')
    assert.equal(result.commentId, mine?.id)
    assert.deepEqual(
      gh.requests.slice(0, 2).map(r => [r.method, r.path, r.status]),
      [
        ['POST', '/graphql', 404],
        ['GET', '/user', 403]
      ]
    )
  })

  test('a read-only (fork) token: 403 on the write is a warning and skipped-forbidden', async () => {
    const log = memoryLog()
    const result = await upsertComment(options({ log, token: FORK_TOKEN }))
    assert.deepEqual(result, { action: 'skipped-forbidden' })
    assert.deepEqual(
      gh.writes().map(r => [r.method, r.path, r.status]),
      [['POST', LIST_PATH, 403]],
      'one attempt, no retry of a 403'
    )
    assert.equal(log.warnings.length, 1)
    assert.match(
      log.warnings[0] ?? '',
      /PR comment skipped.*acme\/shop#42.*Resource not accessible by integration/
    )
    assert.deepEqual(gh.comments(OWNER, REPO, PR), [])
  })

  test('a 403 on updating an existing comment is skipped too', async () => {
    const [mine] = gh.seed(OWNER, REPO, PR, [{ login: ACTIONS_BOT_LOGIN, body: `${MARKER}\nold` }])
    const log = memoryLog()
    const result = await upsertComment(options({ log, token: FORK_TOKEN, body: `${MARKER}\nnew` }))
    assert.equal(result.action, 'skipped-forbidden')
    assert.deepEqual(
      gh.writes().map(r => [r.method, r.status]),
      [['PATCH', 403]]
    )
    assert.equal(gh.comments(OWNER, REPO, PR)[0]?.body, `${MARKER}\nold`)
    assert.equal(mine?.body, `${MARKER}\nold`)
    assert.equal(log.warnings.length, 1)
  })

  test('a 500 then success: retried with backoff, one comment', async () => {
    gh.fault({ method: 'GET', path: /\/comments/, status: 500, message: 'Server Error' })
    gh.fault({ method: 'POST', path: /\/comments$/, status: 503, message: 'Service Unavailable' })
    const log = memoryLog()
    const result = await upsertComment(options({ log, retry: { delayUnitMs: 100 } }))
    assert.equal(result.action, 'created')
    const lists = gh.requests.filter(r => r.method === 'GET' && r.path.startsWith(LIST_PATH))
    assert.deepEqual(
      lists.map(r => r.status),
      [500, 200]
    )
    // Reads are not spaced by the throttling plugin, so this gap is the retry's own backoff.
    const gap = (lists[1]?.at ?? 0) - (lists[0]?.at ?? 0)
    assert.ok(gap >= 100, `first retry waits 1² × 100 ms, waited ${gap} ms`)
    const posts = gh.writes()
    assert.deepEqual(
      posts.map(r => [r.method, r.path, r.status]),
      [
        ['POST', LIST_PATH, 503],
        ['POST', LIST_PATH, 201]
      ]
    )
    assert.deepEqual(posts[1]?.body, posts[0]?.body, 'same body re-sent')
    assert.equal(gh.comments(OWNER, REPO, PR).length, 1)
  })

  test('a 5xx that outlasts the retries throws an error naming the PR, never the token', async () => {
    gh.fault({ method: 'GET', path: /\/comments/, status: 502, message: 'Bad Gateway', times: 10 })
    const log = memoryLog()
    await assert.rejects(
      upsertComment(options({ log, retry: { retries: 2, delayUnitMs: 5 } })),
      (error: Error) => {
        assert.match(error.message, /listing the comments of acme\/shop#42: 502 Bad Gateway/)
        assert.ok(!error.message.includes(USER_TOKEN))
        return true
      }
    )
    assert.equal(gh.requests.filter(r => r.path.startsWith(LIST_PATH)).length, 3, '1 + 2 retries')
    assert.deepEqual(gh.writes(), [])
  })

  test('secondary rate limit: retry-after is honoured (in real seconds)', async () => {
    gh.fault({
      method: 'GET',
      path: /\/comments/,
      status: 403,
      headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0' },
      message:
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
    })
    const log = memoryLog()
    const result = await upsertComment(options({ log, retry: { delayUnitMs: 1000 } }))
    assert.equal(result.action, 'created')
    const lists = gh.requests.filter(r => r.path.startsWith(LIST_PATH) && r.method === 'GET')
    assert.deepEqual(
      lists.map(r => r.status),
      [403, 200]
    )
    const gap = (lists[1]?.at ?? 0) - (lists[0]?.at ?? 0)
    assert.ok(gap >= 1000, `waited ${gap} ms for retry-after: 1`)
    assert.ok(
      log.warnings.some(w => /secondary rate limit.*retrying in 1 s/.test(w)),
      log.warnings.join('\n')
    )
  })

  test('primary rate limit (429, x-ratelimit-remaining: 0): waits until x-ratelimit-reset', async () => {
    const reset = Math.ceil(Date.now() / 1000) + 2
    gh.fault({
      method: 'GET',
      path: /\/comments/,
      status: 429,
      headers: {
        'retry-after': String(reset - Math.floor(Date.now() / 1000)),
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset)
      },
      message: 'API rate limit exceeded for installation ID 1.'
    })
    const log = memoryLog()
    const result = await upsertComment(options({ log, retry: { delayUnitMs: 200 } }))
    assert.equal(result.action, 'created')
    const lists = gh.requests.filter(r => r.method === 'GET' && r.path.startsWith(LIST_PATH))
    assert.deepEqual(
      lists.map(r => r.status),
      [429, 200]
    )
    const gap = (lists[1]?.at ?? 0) - (lists[0]?.at ?? 0)
    // The plugin waits ceil((reset − now) / 1 s) + 1 units: at least 2 units of 200 ms here.
    assert.ok(gap >= 400, `waited ${gap} ms`)
    assert.ok(
      log.warnings.some(w => /primary rate limit.*retrying in [2-4] s/.test(w)),
      log.warnings.join('\n')
    )
    assert.deepEqual(
      gh.writes().map(r => r.status),
      [201]
    )
  })

  test('a rate limit past the retries is an error, not a skip', async () => {
    gh.fault({
      method: 'POST',
      status: 403,
      headers: { 'retry-after': '1' },
      message: 'You have exceeded a secondary rate limit.',
      times: 5
    })
    const log = memoryLog()
    await assert.rejects(
      upsertComment(options({ log, retry: { retries: 1, delayUnitMs: 10 } })),
      /creating a comment on acme\/shop#42: 403 You have exceeded a secondary rate limit/
    )
    assert.deepEqual(
      gh.writes().map(r => r.status),
      [403, 403]
    )
  })

  test('GITHUB_API_URL points the client at the server; a bad token throws without printing it', async () => {
    const saved = process.env['GITHUB_API_URL']
    process.env['GITHUB_API_URL'] = gh.url
    try {
      const log = memoryLog()
      const { baseUrl: _omit, ...rest } = options({ log })
      const ok = await upsertComment(rest)
      assert.equal(ok.action, 'created')
      assert.ok(gh.requests.length >= 3, 'requests reached the loopback server')

      const bad = 'ghp_notAKnownTokenSecret'
      await assert.rejects(upsertComment({ ...rest, token: bad }), (error: Error) => {
        assert.match(error.message, /github-token.*401 Bad credentials/)
        assert.ok(!error.message.includes(bad))
        assert.ok(!JSON.stringify(error, Object.getOwnPropertyNames(error)).includes(bad))
        return true
      })
      for (const line of log.lines) {
        assert.ok(!line.includes(USER_TOKEN) && !line.includes(bad), line)
      }
    } finally {
      if (saved === undefined) delete process.env['GITHUB_API_URL']
      else process.env['GITHUB_API_URL'] = saved
    }
  })

  test('a body without the marker gets it first; bad options are errors', async () => {
    const result = await upsertComment(options({ log: memoryLog(), body: 'plain body' }))
    assert.equal(result.action, 'created')
    assert.deepEqual(gh.writes()[0]?.body, { body: `${MARKER}\nplain body` })
    await assert.rejects(upsertComment(options({ log: memoryLog(), issueNumber: 0 })), /PR number/)
    await assert.rejects(upsertComment(options({ log: memoryLog(), key: '' })), /comment-key/)
    await assert.rejects(upsertComment(options({ log: memoryLog(), token: '' })), /github-token/)
  })
})
