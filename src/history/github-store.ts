/**
 * The action's size history: JSON Lines files in a branch of the repository (input
 * `history-branch`, default `image-size-history`), one file per image name
 * ({@link historyFileName}), written through the GitHub REST API with the workflow token.
 *
 * Endpoints (GitHub REST API, "Git references", "Git trees", "Git commits", "Git blobs",
 * "Repository contents"):
 * - `GET /repos/{o}/{r}/git/ref/heads/{branch}` — does the branch exist (404: no);
 * - a missing branch is created as an orphan: `POST …/git/trees` (a README, content inline),
 *   `POST …/git/commits` (no parents), `POST …/git/refs` (422 "Reference already exists" when a
 *   concurrent run made it first: fine);
 * - `GET …/contents/{path}?ref={branch}` — the file and its blob `sha` (404: no file yet). Files
 *   of 1–100 MB come without `content` (`encoding: none`); they are read with
 *   `GET …/git/blobs/{sha}`. A history of 500 entries takes about 100 kB for an image of 3 layers
 *   and about 1 MB for one of 40, so both paths occur;
 * - `PUT …/contents/{path}` with `branch`, `content` (base64) and, for an existing file, the `sha`
 *   read: GitHub answers 409 when the file changed since (another run appended) and 422 when a
 *   file created meanwhile is written without a `sha`. Both re-read and retry, at most
 *   `attempts` times, after a randomised, doubling wait, so two concurrent appends both land.
 */
import type { GitHubClient } from '../github/client.ts'
import type { Log } from '../log.ts'
import {
  appendEntry,
  decodeHistory,
  encodeHistory,
  historyFileName,
  skippedWarnings,
  DEFAULT_HISTORY_LIMIT,
  type DecodedHistory,
  type HistoryEntry
} from './entry.ts'

/** Default branch of the history (input `history-branch`). */
export const DEFAULT_HISTORY_BRANCH = 'image-size-history'

/** Where the history lives and how hard to try. */
export interface BranchStore {
  client: GitHubClient
  owner: string
  repo: string
  branch: string
  log: Log
  /** Tries of one update (first included); default 6. */
  attempts?: number
  /** The first wait after a conflict, in ms, doubled each time and randomised ×0.5–1.5; default 500. */
  backoffMs?: number
}

/** What an update did. */
export interface UpdateResult {
  /** Tries it took (1 without conflict). */
  attempts: number
  /** Conflicts met (409 or 422), each followed by a re-read. */
  conflicts: number
}

const README = `# Image size history

Written by the image-size-budget action: one JSON Lines file per image, one entry per measured
commit and platform (sizes in bytes), oldest first. \`index.html\`, when present, charts them.
`

/**
 * Creates the history branch as an orphan commit holding a README, unless it exists.
 *
 * @throws Error naming the branch for API errors other than 404 on the look-up and 422 on the
 *   creation (created concurrently).
 */
export async function ensureBranch(store: BranchStore): Promise<'exists' | 'created'> {
  const { client, owner, repo, branch } = store
  try {
    await client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })
    return 'exists'
  } catch (error) {
    if (status(error) !== 404) throw apiError(error, `look up the branch ${branch}`)
  }
  try {
    const tree = await client.rest.git.createTree({
      owner,
      repo,
      tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: README }]
    })
    const commit = await client.rest.git.createCommit({
      owner,
      repo,
      message: 'Start the image size history',
      tree: tree.data.sha,
      parents: []
    })
    await client.rest.git.createRef({
      owner,
      repo,
      ref: `refs/heads/${branch}`,
      sha: commit.data.sha
    })
    store.log.info(`History: created the branch ${branch}.`)
    return 'created'
  } catch (error) {
    if (status(error) === 422) return 'exists'
    throw apiError(error, `create the branch ${branch}`)
  }
}

/**
 * The text of `path` on the history branch and its blob SHA; undefined when the file (or the
 * branch) does not exist.
 *
 * @throws Error naming the file for other API errors, or a directory at `path`.
 */
export async function readBranchFile(
  store: BranchStore,
  path: string
): Promise<{ text: string; sha: string } | undefined> {
  const { client, owner, repo, branch } = store
  let data: unknown
  try {
    data = (await client.rest.repos.getContent({ owner, repo, path, ref: branch })).data
  } catch (error) {
    if (status(error) === 404) return undefined
    throw apiError(error, `read ${branch}:${path}`)
  }
  const file = data as {
    type?: string
    content?: string
    encoding?: string
    sha?: string
    size?: number
  }
  if (Array.isArray(data) || file.type !== 'file' || typeof file.sha !== 'string') {
    throw new Error(`History: ${branch}:${path} is not a file.`)
  }
  let base64 = file.content ?? ''
  if (file.encoding !== 'base64' || (base64 === '' && (file.size ?? 0) > 0)) {
    // Over 1 MB the contents API leaves the content out; the blobs API serves up to 100 MB.
    try {
      base64 = (await client.rest.git.getBlob({ owner, repo, file_sha: file.sha })).data.content
    } catch (error) {
      throw apiError(error, `read the blob of ${branch}:${path}`)
    }
  }
  return { text: Buffer.from(base64, 'base64').toString('utf8'), sha: file.sha }
}

/**
 * Rewrites `path` on the branch: reads it, applies `update` to its text (undefined when the file
 * is new; called again after each conflict, so it may re-read what it derives from), and writes the result with the blob SHA it read, re-reading and retrying on a
 * conflict (see the module comment). The branch must exist ({@link ensureBranch}).
 *
 * @throws Error naming the file when the conflicts outlast the attempts, or on other API errors.
 */
export async function updateBranchFile(
  store: BranchStore,
  path: string,
  update: (current: string | undefined) => string | Promise<string>,
  message: string
): Promise<UpdateResult> {
  const { client, owner, repo, branch, log } = store
  const attempts = store.attempts ?? 6
  const backoff = store.backoffMs ?? 500
  let conflicts = 0
  for (let attempt = 1; ; attempt++) {
    const current = await readBranchFile(store, path)
    const text = await update(current?.text)
    try {
      await client.rest.repos.createOrUpdateFileContents({
        owner,
        repo,
        path,
        branch,
        message,
        content: Buffer.from(text, 'utf8').toString('base64'),
        ...(current ? { sha: current.sha } : {}),
        // A conflict is answered by re-reading, never by resending the same stale SHA.
        request: { retries: 0 }
      })
      return { attempts: attempt, conflicts }
    } catch (error) {
      const code = status(error)
      if ((code !== 409 && code !== 422) || attempt >= attempts) {
        throw apiError(
          error,
          `write ${branch}:${path}${code === 409 || code === 422 ? ` after ${attempt} attempts, each meeting a concurrent update` : ''}`
        )
      }
      conflicts++
      const wait = Math.round(backoff * 2 ** (attempt - 1) * (0.5 + Math.random()))
      log.info(
        `History: ${branch}:${path} changed while this run wrote it (${code}); reading it again in ${wait} ms (attempt ${attempt + 1} of ${attempts}).`
      )
      await new Promise(resolve => setTimeout(resolve, wait))
    }
  }
}

/**
 * The entries of image `name` on the branch, oldest first (`[]` when none). Bad lines are skipped
 * with a warning naming the file and line.
 */
export async function readBranchHistory(store: BranchStore, name: string): Promise<HistoryEntry[]> {
  const path = historyFileName(name)
  const file = await readBranchFile(store, path)
  if (!file) return []
  return decodeLogged(store, path, file.text).entries.filter(e => e.name === name)
}

/**
 * Every image's entries on the branch (every `*.jsonl` file at its root), oldest first within
 * each file; `[]` when the branch does not exist.
 */
export async function readAllBranchHistories(store: BranchStore): Promise<HistoryEntry[]> {
  const { client, owner, repo, branch } = store
  let listing: unknown
  try {
    listing = (await client.rest.repos.getContent({ owner, repo, path: '', ref: branch })).data
  } catch (error) {
    if (status(error) === 404) return []
    throw apiError(error, `list the branch ${branch}`)
  }
  const files = (Array.isArray(listing) ? (listing as { type?: string; path?: string }[]) : [])
    .filter(f => f.type === 'file' && typeof f.path === 'string' && f.path.endsWith('.jsonl'))
    .map(f => f.path as string)
  const all: HistoryEntry[] = []
  for (const path of files.sort()) {
    const file = await readBranchFile(store, path)
    if (file) all.push(...decodeLogged(store, path, file.text).entries)
  }
  return all
}

/**
 * Appends `entry` to its image's history on the branch (creating the branch and the file when
 * missing), keeping the newest `limit` entries of that image.
 *
 * @returns the attempts and conflicts it took.
 * @throws Error naming the branch and file on API errors, or when conflicts outlast the attempts.
 */
export async function appendToBranchHistory(
  store: BranchStore,
  entry: HistoryEntry,
  limit: number = DEFAULT_HISTORY_LIMIT
): Promise<UpdateResult> {
  if ((await ensureBranch(store)) === 'exists') await checkHistoryBranch(store)
  const path = historyFileName(entry.name)
  return updateBranchFile(
    store,
    path,
    current => {
      const { entries, skipped } =
        current === undefined ? { entries: [], skipped: [] } : decodeLogged(store, path, current)
      return encodeHistory(appendEntry(entries, entry, limit), skipped)
    },
    `Size history: ${entry.name} (${entry.platform}) at ${entry.commit.slice(0, 7)}`
  )
}

/**
 * What a history branch may hold at its root: the histories, its README, the page and what
 * GitHub Pages reads. Anything else (a directory, `package.json`, a Dockerfile) means the branch
 * is not the history's own.
 */
export const HISTORY_BRANCH_FILES: readonly RegExp[] = [
  /\.jsonl$/,
  /^README\.md$/,
  /^index\.html$/,
  /^\.nojekyll$/,
  /^CNAME$/,
  /^404\.html$/,
  /^favicon\.(?:ico|png|svg)$/
]

/**
 * Refuses to write into a branch that holds other things than a size history (a code branch
 * named in `history-branch` by mistake): lists its root (`GET …/contents/?ref={branch}`).
 *
 * @throws Error naming the branch and up to three of the entries that do not belong, or on API
 *   errors other than 404 (no branch: nothing to protect).
 */
export async function checkHistoryBranch(store: BranchStore): Promise<void> {
  const { client, owner, repo, branch } = store
  let listing: unknown
  try {
    listing = (await client.rest.repos.getContent({ owner, repo, path: '', ref: branch })).data
  } catch (error) {
    if (status(error) === 404) return
    throw apiError(error, `list the branch ${branch}`)
  }
  const items = Array.isArray(listing) ? (listing as { type?: string; path?: string }[]) : []
  const foreign = items
    .filter(
      item =>
        item.type !== 'file' ||
        typeof item.path !== 'string' ||
        !HISTORY_BRANCH_FILES.some(pattern => pattern.test(item.path as string))
    )
    .map(item => `${String(item.path)}${item.type === 'dir' ? '/' : ''}`)
  if (foreign.length > 0) {
    throw new Error(
      `History: the branch ${branch} holds ${foreign
        .slice(0, 3)
        .map(f => JSON.stringify(f))
        .join(
          ', '
        )}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}: it is not a size history branch, so nothing is written to it. Set history-branch to a branch of its own (default image-size-history).`
    )
  }
}

function decodeLogged(store: BranchStore, path: string, text: string): DecodedHistory {
  const source = `${store.branch}:${path}`
  const decoded = decodeHistory(text, source)
  for (const warning of skippedWarnings(source, decoded.skipped)) store.log.warning(warning)
  return decoded
}

function status(error: unknown): number | undefined {
  const value = (error as { status?: unknown } | undefined)?.status
  return typeof value === 'number' ? value : undefined
}

function apiError(error: unknown, what: string): Error {
  const code = status(error)
  const message = error instanceof Error ? error.message : String(error)
  // 403 on a write: the workflow token lacks `permissions: contents: write`.
  const hint =
    code === 403
      ? ' (the token needs contents: write permission to keep the history; or set history-record: false)'
      : ''
  return new Error(
    `History: could not ${what}: ${code === undefined ? '' : `${code} `}${message}${hint}`
  )
}
