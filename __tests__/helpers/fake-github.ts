/**
 * A loopback HTTP server implementing the GitHub REST endpoints the PR comment uses, so the real
 * `@actions/github` client (pointed at it by `baseUrl` or `GITHUB_API_URL`) can be tested end to
 * end. It listens on 127.0.0.1 with an ephemeral port and records every request.
 *
 * Endpoints (shapes as in GitHub's REST docs, "Issue comments" and "Users", and GraphQL docs,
 * "Forming calls with GraphQL"):
 * - `GET /user` → the token's user; 403 "Resource not accessible by integration" for an Actions
 *   token or an App installation token, as GitHub answers for them;
 * - `POST /graphql` `{"query": "query { viewer { login } }"}` → 200
 *   `{"data": {"viewer": {"login": …}}}` for every known token (bots carry `[bot]`); a token
 *   with `viewerError` gets 200 `{"data": null, "errors": [{"type": "FORBIDDEN", "message"}]}`;
 *   a body without a string `query` or any other query → 200 with `errors` (this server
 *   implements only the viewer query);
 * - `GET /repos/:owner/:repo/issues/:n/comments?per_page&page` → oldest first, `per_page` default
 *   30, max 100, with a `Link` header (`next`, `last`, `first`, `prev`) of absolute URLs;
 * - `POST /repos/:owner/:repo/issues/:n/comments` `{body}` → 201 and the comment;
 * - `PATCH /repos/:owner/:repo/issues/comments/:id` `{body}` → 200 and the comment.
 * Unknown token → 401 "Bad credentials"; a read-only token writing → 403 "Resource not accessible
 * by integration"; a body over 65,536 characters → 422; scripted faults come first.
 */
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Who a token is. */
export interface FakeIdentity {
  login: string
  /**
   * `user`: a personal token. `actions`: the workflow token (`github-actions[bot]`). `app`: a
   * GitHub App installation token (`<app-slug>[bot]`). For both bots `GET /user` is forbidden and
   * GraphQL `viewer { login }` answers.
   */
  kind: 'user' | 'actions' | 'app'
  /** GraphQL answers this error instead of the viewer (a token GraphQL refuses). */
  viewerError?: string
  /** Writes answer 403 "Resource not accessible by integration" (a fork PR's token). */
  readOnly?: boolean
}

export interface FakeComment {
  id: number
  body: string
  login: string
  createdAt: string
  updatedAt: string
}

/** A response served instead of the real one, `times` times, to requests that match. */
export interface FakeFault {
  method?: string
  /** Matched against the path with its query string. */
  path?: RegExp
  status: number
  headers?: Record<string, string>
  message: string
  times?: number
}

export interface RecordedRequest {
  method: string
  /** Path with query string, e.g. `/repos/o/r/issues/1/comments?per_page=100&page=2`. */
  path: string
  /** The parsed JSON body, when there was one. */
  body?: unknown
  /** The identity of the token, `undefined` when unknown or absent. */
  login?: string
  /** `Date.now()` on arrival. */
  at: number
  /** The status the server answered. */
  status?: number
}

export interface FakeGitHubState {
  /** `owner/repo#n` → comments, oldest first. */
  comments: Map<string, FakeComment[]>
  tokens: Map<string, FakeIdentity>
  faults: FakeFault[]
  nextId: number
}

export interface FakeGitHub {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string
  requests: RecordedRequest[]
  state: FakeGitHubState
  /** Registers a token. */
  addToken(token: string, identity: FakeIdentity): void
  /** Adds comments to `owner/repo#n` (oldest first) and returns them. */
  seed(
    owner: string,
    repo: string,
    issue: number,
    comments: { login: string; body: string }[]
  ): FakeComment[]
  /** The comments of `owner/repo#n`. */
  comments(owner: string, repo: string, issue: number): FakeComment[]
  /** Queues a scripted fault. */
  fault(fault: FakeFault): void
  /** Requests that may change state: other than `GET`, and not a `POST /graphql` query. */
  writes(): RecordedRequest[]
  /**
   * Adds endpoints (e.g. `fake-git.ts`'s git data and contents API): a route is tried after the
   * token check and before the 404, and returns true when it answered.
   */
  route(handler: FakeRoute): void
  close(): Promise<void>
}

/** One request as an extra route sees it. */
export interface FakeRouteRequest {
  method: string
  url: URL
  /** The path split on `/`, empty parts dropped. */
  parts: string[]
  body: unknown
  identity: FakeIdentity
  send(status: number, data: unknown, headers?: Record<string, string>): void
  fail(status: number, message: string): void
}

/** An extra endpoint: answers (and returns true) or returns false. */
export type FakeRoute = (req: FakeRouteRequest) => boolean | Promise<boolean>

const MAX_BODY = 65_536
/** `query { viewer { login } }`, with or without `query` and an operation name. */
const VIEWER_LOGIN_QUERY = /^\s*(?:query(?:\s+\w+)?\s*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$/

/** Starts the server. Call `close()` when done. */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  const state: FakeGitHubState = {
    comments: new Map(),
    tokens: new Map(),
    faults: [],
    nextId: 1000
  }
  const requests: RecordedRequest[] = []
  const routes: FakeRoute[] = []
  let base = ''

  const key = (owner: string, repo: string, n: number): string => `${owner}/${repo}#${n}`
  const listOf = (k: string): FakeComment[] => {
    let list = state.comments.get(k)
    if (!list) {
      list = []
      state.comments.set(k, list)
    }
    return list
  }
  const toJson = (c: FakeComment, owner: string, repo: string, n: number): object => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    url: `${base}/repos/${owner}/${repo}/issues/comments/${c.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${n}#issuecomment-${c.id}`,
    issue_url: `${base}/repos/${owner}/${repo}/issues/${n}`,
    body: c.body,
    user: {
      login: c.login,
      id: loginId(c.login),
      type: c.login.endsWith('[bot]') ? 'Bot' : 'User'
    },
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    author_association: 'NONE'
  })
  // Comment id → where it lives, for PATCH.
  const home = new Map<number, { owner: string; repo: string; n: number }>()

  const add = (
    owner: string,
    repo: string,
    n: number,
    login: string,
    body: string
  ): FakeComment => {
    const now = new Date().toISOString()
    const comment: FakeComment = { id: state.nextId++, body, login, createdAt: now, updatedAt: now }
    listOf(key(owner, repo, n)).push(comment)
    home.set(comment.id, { owner, repo, n })
    return comment
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req)
    const url = new URL(req.url ?? '/', base)
    const method = req.method ?? 'GET'
    const record: RecordedRequest = { method, path: url.pathname + url.search, at: Date.now() }
    if (raw.length > 0) {
      try {
        record.body = JSON.parse(raw)
      } catch {
        record.body = raw
      }
    }
    requests.push(record)
    const send = (status: number, data: unknown, headers: Record<string, string> = {}): void => {
      record.status = status
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        ...headers
      })
      res.end(data === undefined ? '' : JSON.stringify(data))
    }
    const fail = (status: number, message: string, headers: Record<string, string> = {}): void =>
      send(
        status,
        { message, documentation_url: 'https://docs.github.com/rest', status: String(status) },
        headers
      )

    const auth = req.headers.authorization ?? ''
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(auth)?.[1]
    const identity = token === undefined ? undefined : state.tokens.get(token)
    if (identity) record.login = identity.login

    const faultIndex = state.faults.findIndex(
      f =>
        (f.method === undefined || f.method === method) &&
        (f.path === undefined || f.path.test(record.path))
    )
    if (faultIndex >= 0) {
      const fault = state.faults[faultIndex] as FakeFault
      fault.times = (fault.times ?? 1) - 1
      if (fault.times <= 0) state.faults.splice(faultIndex, 1)
      fail(fault.status, fault.message, fault.headers)
      return
    }
    if (!identity) {
      fail(401, 'Bad credentials')
      return
    }

    const parts = url.pathname.split('/').filter(Boolean)
    if (method === 'GET' && url.pathname === '/user') {
      if (identity.kind !== 'user') fail(403, 'Resource not accessible by integration')
      else send(200, { login: identity.login, id: loginId(identity.login), type: 'User' })
      return
    }
    if (method === 'POST' && url.pathname === '/graphql') {
      const query = (record.body as { query?: unknown } | undefined)?.query
      if (typeof query !== 'string') {
        send(200, {
          errors: [{ message: 'A query attribute must be specified and must be a string.' }]
        })
      } else if (!VIEWER_LOGIN_QUERY.test(query)) {
        send(200, {
          errors: [
            { message: `fake-github implements only query { viewer { login } }, got: ${query}` }
          ]
        })
      } else if (identity.viewerError !== undefined) {
        send(200, {
          data: null,
          errors: [{ type: 'FORBIDDEN', path: ['viewer'], message: identity.viewerError }]
        })
      } else {
        send(200, { data: { viewer: { login: identity.login } } })
      }
      return
    }
    // /repos/:owner/:repo/issues/:n/comments
    if (
      parts.length === 6 &&
      parts[0] === 'repos' &&
      parts[3] === 'issues' &&
      parts[5] === 'comments'
    ) {
      const [, owner = '', repo = '', , nText = ''] = parts
      const n = Number(nText)
      if (!Number.isInteger(n) || n <= 0) {
        fail(404, 'Not Found')
        return
      }
      const list = listOf(key(owner, repo, n))
      if (method === 'GET') {
        const perPage = Math.min(
          Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1),
          100
        )
        const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1)
        const last = Math.max(Math.ceil(list.length / perPage), 1)
        const slice = list.slice((page - 1) * perPage, page * perPage)
        const link = (p: number, rel: string): string => {
          const u = new URL(url.pathname, base)
          u.searchParams.set('per_page', String(perPage))
          u.searchParams.set('page', String(p))
          return `<${u.href}>; rel="${rel}"`
        }
        const links: string[] = []
        if (page > 1) links.push(link(page - 1, 'prev'))
        if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
        if (page > 1) links.push(link(1, 'first'))
        send(
          200,
          slice.map(c => toJson(c, owner, repo, n)),
          links.length > 0 ? { link: links.join(', ') } : {}
        )
        return
      }
      if (method === 'POST') {
        if (identity.readOnly) {
          fail(403, 'Resource not accessible by integration')
          return
        }
        const body = (record.body as { body?: unknown } | undefined)?.body
        if (typeof body !== 'string' || body.length > MAX_BODY) {
          fail(
            422,
            typeof body !== 'string'
              ? 'Invalid request: body is missing'
              : 'Validation Failed: body is too long (maximum is 65536 characters)'
          )
          return
        }
        send(201, toJson(add(owner, repo, n, identity.login, body), owner, repo, n))
        return
      }
    }
    // /repos/:owner/:repo/issues/comments/:id
    if (
      method === 'PATCH' &&
      parts.length === 6 &&
      parts[0] === 'repos' &&
      parts[3] === 'issues' &&
      parts[4] === 'comments'
    ) {
      const id = Number(parts[5])
      const where = home.get(id)
      const comment = where
        ? listOf(key(where.owner, where.repo, where.n)).find(c => c.id === id)
        : undefined
      if (!where || !comment || where.owner !== parts[1] || where.repo !== parts[2]) {
        fail(404, 'Not Found')
        return
      }
      if (identity.readOnly || comment.login !== identity.login) {
        fail(403, 'Resource not accessible by integration')
        return
      }
      const body = (record.body as { body?: unknown } | undefined)?.body
      if (typeof body !== 'string' || body.length > MAX_BODY) {
        fail(422, 'Validation Failed')
        return
      }
      comment.body = body
      comment.updatedAt = new Date().toISOString()
      send(200, toJson(comment, where.owner, where.repo, where.n))
      return
    }
    for (const extra of routes) {
      const routeReq = { method, url, parts, body: record.body, identity, send, fail }
      if (await extra(routeReq)) return
    }
    fail(404, 'Not Found')
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: `fake-github: ${String(error)}` }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: base,
    requests,
    state,
    addToken: (token, identity) => {
      state.tokens.set(token, identity)
    },
    seed: (owner, repo, issue, comments) =>
      comments.map(c => add(owner, repo, issue, c.login, c.body)),
    comments: (owner, repo, issue) => listOf(key(owner, repo, issue)),
    fault: fault => {
      state.faults.push({ ...fault })
    },
    writes: () => requests.filter(r => r.method !== 'GET' && r.path !== '/graphql'),
    route: handler => {
      routes.push(handler)
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close(error => (error ? reject(error) : resolve()))
      })
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** A stable numeric id per login. */
function loginId(login: string): number {
  let h = 7
  for (const ch of login) h = (h * 31 + ch.charCodeAt(0)) % 1_000_000_007
  return h
}
