/**
 * An in-memory git repository served through the GitHub REST endpoints the size history uses,
 * plugged into the loopback GitHub API server (`fake-github.ts`, `route`). Shapes and statuses as
 * in GitHub's REST docs ("Git database": references, trees, commits, blobs; "Repository
 * contents"; "Commits": get a commit, compare two commits):
 *
 * - `GET /repos/:o/:r/git/ref/heads/:branch` → 200 `{ref, object: {sha, type}}`, 404 when missing;
 * - `POST …/git/trees` `{tree: [{path, mode, type, content | sha}], base_tree?}` → 201 `{sha}`;
 * - `POST …/git/commits` `{message, tree, parents}` → 201 `{sha, tree: {sha}}`;
 * - `POST …/git/refs` `{ref, sha}` → 201; 422 "Reference already exists";
 * - `GET …/git/blobs/:sha` → `{sha, size, content (base64), encoding: "base64"}`;
 * - `GET …/contents/:path?ref=:branch` → a file `{type: "file", sha, size, content, encoding}`
 *   (content base64 in lines of 60, as GitHub sends it; above `largeFileBytes` `content: ""` and
 *   `encoding: "none"`, as GitHub does above 1 MB), or the root listing; 404 for a missing file
 *   or branch;
 * - `PUT …/contents/:path` `{message, content, sha?, branch}` → 201 created / 200 updated, a
 *   commit on the branch; 409 "does not match" when `sha` is not the file's blob SHA; 422 when a
 *   file exists and no `sha` was sent; 404 for a missing branch;
 * - `GET …/commits/:ref` → `{sha}` for a SHA (or a unique prefix), branch or tag;
 * - `GET …/compare/:base...:head` → `status` (`identical`, `ahead`, `behind`, `diverged`),
 *   `ahead_by`, `behind_by`, `merge_base_commit.sha` over the commit graph.
 *
 * Blob SHAs are git's (`sha1("blob <size>\0" + content)`); tree and commit SHAs are SHA-1 of
 * their JSON. `holdReads` makes concurrent readers of a file see the same version, so a write
 * conflict is certain, not a matter of timing.
 */
import { createHash } from 'node:crypto'
import type { FakeRoute } from './fake-github.ts'

interface Commit {
  tree: string
  parents: string[]
  message: string
}

export interface FakeGitRepo {
  owner: string
  repo: string
  /** `refs/heads/x`, `refs/tags/v1` → commit SHA. */
  refs: Map<string, string>
  commits: Map<string, Commit>
  /** Tree SHA → path → blob SHA. */
  trees: Map<string, Map<string, string>>
  blobs: Map<string, Buffer>
  /** Above this many bytes the contents API leaves `content` out; default 1,048,576. */
  largeFileBytes: number
  /** Statuses of the `PUT …/contents` answers, in order. */
  putStatuses: number[]
  /** A commit of the code (not the history): `parents` first; returns its SHA. */
  addCommit(parents: string[], message?: string): string
  /** The text of `path` on `branch`, undefined when missing. */
  file(branch: string, path: string): string | undefined
  /** Paths on `branch`. */
  paths(branch: string): string[]
  /** The next `n` reads of `path` wait for each other and answer the same version. */
  holdReads(path: string, n: number): void
}

const sha1 = (data: string | Buffer): string => createHash('sha1').update(data).digest('hex')
const blobSha = (content: Buffer): string =>
  sha1(Buffer.concat([Buffer.from(`blob ${content.length}\0`), content]))

/** A new empty repository `owner/repo`. */
export function fakeGitRepo(owner: string, repo: string): FakeGitRepo {
  let counter = 0
  const holds = new Map<string, { n: number; waiting: (() => void)[] }>()
  const r: FakeGitRepo = {
    owner,
    repo,
    refs: new Map(),
    commits: new Map(),
    trees: new Map(),
    blobs: new Map(),
    largeFileBytes: 1024 * 1024,
    putStatuses: [],
    addCommit(parents, message = `commit ${++counter}`) {
      const tree = storeTree(new Map())
      const commit = { tree, parents, message: `${message} ${counter++}` }
      const sha = sha1(JSON.stringify(commit))
      r.commits.set(sha, commit)
      return sha
    },
    file(branch, path) {
      const tree = treeOf(branch)
      const blob = tree?.get(path)
      return blob === undefined ? undefined : r.blobs.get(blob)?.toString('utf8')
    },
    paths(branch) {
      return [...(treeOf(branch)?.keys() ?? [])].sort()
    },
    holdReads(path, n) {
      holds.set(path, { n, waiting: [] })
    }
  }
  const storeTree = (tree: Map<string, string>): string => {
    const sha = sha1(JSON.stringify([...tree.entries()].sort()))
    r.trees.set(sha, tree)
    return sha
  }
  const storeBlob = (content: Buffer): string => {
    const sha = blobSha(content)
    r.blobs.set(sha, content)
    return sha
  }
  const treeOf = (branch: string): Map<string, string> | undefined => {
    const head = r.refs.get(`refs/heads/${branch}`)
    const commit = head === undefined ? undefined : r.commits.get(head)
    return commit && r.trees.get(commit.tree)
  }
  ;(r as FakeGitRepo & { _internal: unknown })._internal = { storeTree, storeBlob, treeOf, holds }
  return r
}

/** The routes serving `repo`; add them with `fakeGitHub.route(fakeGitRoutes(repo))`. */
export function fakeGitRoutes(repo: FakeGitRepo): FakeRoute {
  const internal = (repo as FakeGitRepo & { _internal: Internal })._internal
  const { storeTree, storeBlob, treeOf, holds } = internal

  const ancestors = (sha: string): Set<string> => {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length > 0) {
      const s = stack.pop() as string
      if (seen.has(s)) continue
      seen.add(s)
      stack.push(...(repo.commits.get(s)?.parents ?? []))
    }
    return seen
  }
  const depth = (sha: string, memo = new Map<string, number>()): number => {
    const known = memo.get(sha)
    if (known !== undefined) return known
    const parents = repo.commits.get(sha)?.parents ?? []
    const d = parents.length === 0 ? 0 : 1 + Math.max(...parents.map(p => depth(p, memo)))
    memo.set(sha, d)
    return d
  }
  const resolve = (ref: string): string | undefined => {
    if (repo.commits.has(ref)) return ref
    const byRef = repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/tags/${ref}`)
    if (byRef) return byRef
    if (/^[0-9a-f]{7,40}$/.test(ref)) {
      const matches = [...repo.commits.keys()].filter(s => s.startsWith(ref))
      if (matches.length === 1) return matches[0]
    }
    return undefined
  }
  const base64Lines = (content: Buffer): string =>
    (content.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n'

  return async req => {
    const { method, parts, url, send, fail } = req
    if (parts[0] !== 'repos' || parts[1] !== repo.owner || parts[2] !== repo.repo) return false
    const rest = parts.slice(3)
    const body = (req.body ?? {}) as Record<string, unknown>
    const write = method !== 'GET'
    if (write && req.identity.readOnly) {
      fail(403, 'Resource not accessible by integration')
      return true
    }

    if (method === 'GET' && rest[0] === 'git' && rest[1] === 'ref' && rest.length > 2) {
      // Octokit sends `heads/x` as one path segment, `heads%2Fx`.
      const ref = `refs/${rest.slice(2).map(decodeURIComponent).join('/')}`
      const sha = repo.refs.get(ref)
      if (sha === undefined) fail(404, 'Not Found')
      else send(200, { ref, object: { sha, type: 'commit' } })
      return true
    }
    if (method === 'POST' && rest.join('/') === 'git/trees') {
      const base = typeof body.base_tree === 'string' ? repo.trees.get(body.base_tree) : undefined
      const tree = new Map(base ?? [])
      for (const item of (body.tree ?? []) as { path: string; content?: string; sha?: string }[]) {
        tree.set(
          item.path,
          item.content !== undefined ? storeBlob(Buffer.from(item.content)) : (item.sha as string)
        )
      }
      send(201, { sha: storeTree(tree) })
      return true
    }
    if (method === 'POST' && rest.join('/') === 'git/commits') {
      const commit: Commit = {
        tree: String(body.tree),
        parents: (body.parents ?? []) as string[],
        message: String(body.message)
      }
      if (!repo.trees.has(commit.tree)) {
        fail(422, 'Tree SHA does not exist')
        return true
      }
      const sha = sha1(JSON.stringify({ ...commit, at: repo.commits.size }))
      repo.commits.set(sha, commit)
      send(201, { sha, tree: { sha: commit.tree }, parents: commit.parents.map(p => ({ sha: p })) })
      return true
    }
    if (method === 'POST' && rest.join('/') === 'git/refs') {
      const ref = String(body.ref)
      if (repo.refs.has(ref)) fail(422, 'Reference already exists')
      else if (!repo.commits.has(String(body.sha))) fail(422, 'Object does not exist')
      else {
        repo.refs.set(ref, String(body.sha))
        send(201, { ref, object: { sha: body.sha, type: 'commit' } })
      }
      return true
    }
    if (method === 'GET' && rest[0] === 'git' && rest[1] === 'blobs' && rest.length === 3) {
      const content = repo.blobs.get(rest[2] as string)
      if (!content) fail(404, 'Not Found')
      else
        send(200, {
          sha: rest[2],
          size: content.length,
          content: base64Lines(content),
          encoding: 'base64'
        })
      return true
    }
    if (rest[0] === 'contents') {
      const path = rest.slice(1).map(decodeURIComponent).join('/')
      if (method === 'GET') {
        const hold = holds.get(path)
        if (hold) {
          // Wait until `n` readers are here, then answer them all from one version.
          await new Promise<void>(release => {
            hold.waiting.push(release)
            if (hold.waiting.length >= hold.n) {
              holds.delete(path)
              for (const go of hold.waiting) go()
            }
          })
        }
        const branch = url.searchParams.get('ref') ?? 'main'
        const tree = treeOf(branch)
        if (!tree) {
          fail(404, `No commit found for the ref ${branch}`)
          return true
        }
        if (path === '') {
          send(
            200,
            [...tree.entries()].sort().map(([p, blob]) => ({
              type: 'file',
              name: p,
              path: p,
              sha: blob,
              size: repo.blobs.get(blob)?.length ?? 0
            }))
          )
          return true
        }
        const blob = tree.get(path)
        const content = blob === undefined ? undefined : repo.blobs.get(blob)
        if (blob === undefined || !content) {
          fail(404, 'Not Found')
          return true
        }
        const large = content.length > repo.largeFileBytes
        send(200, {
          type: 'file',
          name: path.split('/').at(-1),
          path,
          sha: blob,
          size: content.length,
          content: large ? '' : base64Lines(content),
          encoding: large ? 'none' : 'base64'
        })
        return true
      }
      if (method === 'PUT') {
        const answer = (status: number, data: unknown): void => {
          repo.putStatuses.push(status)
          send(status, data)
        }
        const branch = String(body.branch ?? 'main')
        const head = repo.refs.get(`refs/heads/${branch}`)
        const commit = head === undefined ? undefined : repo.commits.get(head)
        if (!head || !commit) {
          repo.putStatuses.push(404)
          fail(404, `Branch ${branch} not found`)
          return true
        }
        const tree = new Map(repo.trees.get(commit.tree))
        const current = tree.get(path)
        if (current !== undefined && body.sha === undefined) {
          repo.putStatuses.push(422)
          fail(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
          return true
        }
        if (body.sha !== undefined && body.sha !== current) {
          repo.putStatuses.push(409)
          fail(409, `${path} does not match ${String(body.sha)}`)
          return true
        }
        const content = Buffer.from(String(body.content), 'base64')
        const blob = storeBlob(content)
        tree.set(path, blob)
        const next: Commit = {
          tree: storeTree(tree),
          parents: [head],
          message: String(body.message)
        }
        const sha = sha1(JSON.stringify({ ...next, at: repo.commits.size }))
        repo.commits.set(sha, next)
        repo.refs.set(`refs/heads/${branch}`, sha)
        answer(current === undefined ? 201 : 200, {
          content: { name: path, path, sha: blob, size: content.length, type: 'file' },
          commit: { sha, message: next.message, tree: { sha: next.tree } }
        })
        return true
      }
    }
    if (method === 'GET' && rest[0] === 'commits' && rest.length >= 2) {
      const sha = resolve(rest.slice(1).map(decodeURIComponent).join('/'))
      if (!sha) fail(422, `No commit found for SHA: ${rest.slice(1).join('/')}`)
      else send(200, { sha, commit: { message: repo.commits.get(sha)?.message } })
      return true
    }
    if (method === 'GET' && rest[0] === 'compare' && rest.length >= 2) {
      const [baseRef = '', headRef = ''] = decodeURIComponent(rest.slice(1).join('/')).split('...')
      const base = resolve(baseRef)
      const head = resolve(headRef)
      if (!base || !head) {
        fail(404, 'Not Found')
        return true
      }
      const a = ancestors(base)
      const b = ancestors(head)
      const common = [...a].filter(s => b.has(s))
      const memo = new Map<string, number>()
      const mergeBase = common.sort((x, y) => depth(y, memo) - depth(x, memo))[0]
      const aheadBy = [...b].filter(s => !a.has(s)).length
      const behindBy = [...a].filter(s => !b.has(s)).length
      const status =
        base === head ? 'identical' : a.has(head) ? 'behind' : b.has(base) ? 'ahead' : 'diverged'
      send(200, {
        status,
        ahead_by: aheadBy,
        behind_by: behindBy,
        total_commits: aheadBy,
        base_commit: { sha: base },
        merge_base_commit: mergeBase ? { sha: mergeBase } : null,
        commits: [],
        files: []
      })
      return true
    }
    return false
  }
}

interface Internal {
  storeTree(tree: Map<string, string>): string
  storeBlob(content: Buffer): string
  treeOf(branch: string): Map<string, string> | undefined
  holds: Map<string, { n: number; waiting: (() => void)[] }>
}
