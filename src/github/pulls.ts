/** Pull request look-ups through the GitHub REST API. */
import type { Log } from '../log.ts'
import { createClient, type RetryTuning } from './client.ts'
import { pullRequestFromOpenList } from '../publish/pull-request.ts'

/**
 * The open pull request of `owner/repo` whose head commit is `headSha` (and whose head repository
 * and branch are `headRepo` and `headBranch`, when given): `GET /repos/{owner}/{repo}/pulls?state=open`, all pages.
 * Used in `mode: comment` when a `workflow_run` payload lists no pull request (runs from forks).
 *
 * @returns the number, or undefined when no open pull request has that head.
 * @throws Error from the API (after retries), never containing the token.
 */
export async function findOpenPullRequestByHead(opts: {
  token: string
  owner: string
  repo: string
  headSha: string
  headRepo?: string
  headBranch?: string
  log: Log
  baseUrl?: string
  retry?: RetryTuning
}): Promise<number | undefined> {
  const octokit = createClient(opts.token, {
    log: opts.log,
    ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }),
    ...(opts.retry === undefined ? {} : { retry: opts.retry })
  })
  const pulls = await octokit.paginate(octokit.rest.pulls.list, {
    owner: opts.owner,
    repo: opts.repo,
    state: 'open',
    per_page: 100
  })
  return pullRequestFromOpenList(pulls, {
    sha: opts.headSha,
    repo: opts.headRepo,
    branch: opts.headBranch
  })
}
