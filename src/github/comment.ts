/**
 * One PR comment per comment key, created once and then updated in place (the sticky-comment
 * pattern of marocchino/sticky-pull-request-comment `src/comment.ts`).
 *
 * The comment is found by the hidden marker of its key (`commentMarker`, `../report/escape.ts`)
 * across every page of the PR's comments, and only among comments written by the token's own
 * identity, so a comment someone else wrote with the same marker is never touched.
 */
import type { Log } from '../log.ts'
import { commentMarker } from '../report/escape.ts'
import { createClient } from './client.ts'
import type { GitHubClient, RetryTuning } from './client.ts'

/** The login that comments made with the workflow's `GITHUB_TOKEN` carry. */
export const ACTIONS_BOT_LOGIN = 'github-actions[bot]'

/** Options of {@link upsertComment}. */
export interface UpsertCommentOptions {
  token: string
  owner: string
  repo: string
  /** The pull request (or issue) number. */
  issueNumber: number
  /** The comment key (input `comment-key`); one comment per key. */
  key: string
  /** The markdown body. The key's marker is put first when the body lacks it. */
  body: string
  log: Log
  /** REST API root; default `GITHUB_API_URL` (read at call time), else api.github.com. */
  baseUrl?: string
  retry?: RetryTuning
}

/** What {@link upsertComment} did. */
export interface UpsertCommentResult {
  action: 'created' | 'updated' | 'unchanged' | 'skipped-forbidden'
  commentId?: number
  url?: string
}

/** The fields of an issue comment this module reads. */
export interface CommentLike {
  id: number
  body?: string | null
  user?: { login: string } | null
  html_url?: string
}

/**
 * Creates or updates the comment for `key` on `owner/repo#issueNumber`.
 *
 * Steps: the token's login ({@link ownLogin}: GraphQL `viewer { login }`, which also answers for
 * GitHub App installation tokens, else `GET /user`, else {@link ACTIONS_BOT_LOGIN}); every page of
 * `GET /repos/{owner}/{repo}/issues/{n}/comments`
 * at 100 per page; the oldest comment by that login holding the marker is updated with
 * `PATCH /repos/{owner}/{repo}/issues/comments/{id}` unless its body already equals `body`
 * (then no write at all); with none, `POST /repos/{owner}/{repo}/issues/{n}/comments`.
 *
 * A 403 on a write (a fork PR's read-only token: "Resource not accessible by integration") or on
 * reading the comments is a warning through `log` and `action: 'skipped-forbidden'`, never a
 * throw. Transient errors and rate limits are retried (see `./client.ts`).
 *
 * @throws Error for bad options, a bad token (401), a missing repository or PR (404), a 422, or an
 *   error that outlasted the retries; the message names the repository, the PR and the request,
 *   never the token.
 */
export async function upsertComment(opts: UpsertCommentOptions): Promise<UpsertCommentResult> {
  const { owner, repo, issueNumber, log } = opts
  if (!owner || !repo) {
    throw new Error(`upsertComment: expected owner and repo, got "${owner}/${repo}"`)
  }
  if (!Number.isSafeInteger(issueNumber) || issueNumber <= 0) {
    throw new Error(`upsertComment: expected a positive PR number, got ${issueNumber}`)
  }
  const marker = commentMarker(opts.key)
  const body = opts.body.includes(marker) ? opts.body : `${marker}\n${opts.body}`
  const where = `${owner}/${repo}#${issueNumber}`
  const octokit = createClient(opts.token, {
    log,
    ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }),
    ...(opts.retry === undefined ? {} : { retry: opts.retry })
  })

  const login = await ownLogin(octokit, log)
  let comments: CommentLike[]
  try {
    comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100
    })
  } catch (error) {
    if (isForbidden(error)) return skipped(log, where, 'read the comments of', error)
    throw apiError(error, `listing the comments of ${where}`)
  }
  const existing = findComment(comments, marker, login)
  log.debug(
    `PR comment: ${comments.length} comments on ${where}; ${existing ? `comment ${existing.id}` : 'none'} by ${login} holds the marker`
  )

  if (existing) {
    if (sameBody(existing.body ?? '', body)) {
      log.info(`PR comment unchanged: ${existing.html_url ?? existing.id}`)
      return result('unchanged', existing)
    }
    try {
      const { data } = await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing.id,
        body
      })
      log.info(`PR comment updated: ${data.html_url}`)
      return result('updated', data)
    } catch (error) {
      if (isForbidden(error)) return skipped(log, where, 'update a comment on', error)
      throw apiError(error, `updating comment ${existing.id} on ${where}`)
    }
  }
  try {
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body
    })
    log.info(`PR comment created: ${data.html_url}`)
    return result('created', data)
  } catch (error) {
    if (isForbidden(error)) return skipped(log, where, 'comment on', error)
    throw apiError(error, `creating a comment on ${where}`)
  }
}

/**
 * The comment to update: the first (oldest) of `comments` written by `login` whose body holds
 * `marker`. Pure.
 */
export function findComment(
  comments: CommentLike[],
  marker: string,
  login: string
): CommentLike | undefined {
  return comments.find(c => c.user?.login === login && (c.body ?? '').includes(marker))
}

/**
 * The login of the token's identity, as the REST API writes it in `user.login` of the comments
 * the token creates (`octocat`, `my-app[bot]`, `github-actions[bot]`).
 *
 * 1. GraphQL `POST /graphql` `{"query":"query { viewer { login } }"}` → `{"data":{"viewer":{"login"}}}`
 *    (GitHub docs, "Forming calls with GraphQL"). It answers for personal tokens, the Actions
 *    token and GitHub App installation tokens alike; for a bot, `login` carries the `[bot]` suffix.
 * 2. When GraphQL fails (an API without it, an error in the answer, an HTTP error other than 401):
 *    `GET /user`, which answers for personal tokens only.
 * 3. When that answers 403 ("Resource not accessible by integration") or 404:
 *    {@link ACTIONS_BOT_LOGIN}.
 *
 * @throws Error on 401 (bad credentials) and on errors of `GET /user` that outlasted the retries;
 *   the message names `github-token`, never the token.
 */
export async function ownLogin(octokit: GitHubClient, log: Log): Promise<string> {
  try {
    const data = await octokit.graphql<{ viewer?: { login?: unknown } | null }>(
      'query { viewer { login } }'
    )
    const login = data?.viewer?.login
    if (typeof login === 'string' && login.length > 0) return login
    log.debug('GraphQL viewer { login } answered without a login; asking GET /user')
  } catch (error) {
    const status = statusOf(error)
    if (status === 401) {
      throw apiError(error, 'reading the identity of github-token (GraphQL viewer { login })')
    }
    log.debug(
      `GraphQL viewer { login } failed (${status === undefined ? '' : `${status} `}${messageOf(error).replace(/\s*\n\s*/g, ' ')}); asking GET /user`
    )
  }
  try {
    const { data } = await octokit.rest.users.getAuthenticated()
    return data.login
  } catch (error) {
    const status = statusOf(error)
    if (status === 403 || status === 404) {
      log.debug(
        `GET /user answered ${status}: taking the token as the Actions token (${ACTIONS_BOT_LOGIN})`
      )
      return ACTIONS_BOT_LOGIN
    }
    throw apiError(error, 'reading the identity of github-token (GET /user)')
  }
}

/** Bodies equal up to line endings and trailing whitespace, which GitHub may normalise. */
function sameBody(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\r\n?/g, '\n').trimEnd()
  return norm(a) === norm(b)
}

function result(
  action: UpsertCommentResult['action'],
  comment: { id: number; html_url?: string }
): UpsertCommentResult {
  const out: UpsertCommentResult = { action, commentId: comment.id }
  if (comment.html_url) out.url = comment.html_url
  return out
}

function skipped(log: Log, where: string, what: string, error: unknown): UpsertCommentResult {
  log.warning(
    `PR comment skipped: the token may not ${what} ${where} (403 ${messageOf(error)}). ` +
      'This is expected on pull requests from forks, whose token is read-only; the job summary and the report are still written. ' +
      'To comment on fork PRs, use the two-workflow pattern (mode: comment in a workflow_run workflow).'
  )
  return { action: 'skipped-forbidden' }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status
  return typeof status === 'number' ? status : undefined
}

/** The API's own message, without the request (whose headers carry the token). */
function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data
  const apiMessage = (data as { message?: unknown } | null | undefined)?.message
  if (typeof apiMessage === 'string') return apiMessage
  return error instanceof Error ? error.message : String(error)
}

/** A 403 that is not a rate limit (the throttling plugin has already waited those out). */
function isForbidden(error: unknown): boolean {
  if (statusOf(error) !== 403) return false
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers
  const rateLimited =
    headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(messageOf(error))
  return !rateLimited
}

function apiError(error: unknown, doing: string): Error {
  const status = statusOf(error)
  return new Error(
    `GitHub API error while ${doing}: ${status === undefined ? '' : `${status} `}${messageOf(error)}`,
    { cause: error }
  )
}
