/**
 * Which pull request a run comments on, and under which key. Pure: functions of the event name,
 * the event payload and the inputs.
 */
import type { Inputs } from '../inputs.ts'
import type { Report } from '../model.ts'

/** Events whose payload is a pull request. */
export const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target']

/** Whether to comment: `comment: auto` comments on pull request events only. */
export function shouldComment(comment: Inputs['comment'], eventName: string | undefined): boolean {
  if (comment === 'true') return true
  if (comment === 'false') return false
  return eventName !== undefined && PULL_REQUEST_EVENTS.includes(eventName)
}

/**
 * The pull request number of a `pull_request`/`pull_request_target` payload.
 *
 * @throws Error naming the `comment` input when the payload names no pull request.
 */
export function pullRequestOfEvent(eventName: string | undefined, payload: unknown): number {
  const number = (payload as { pull_request?: { number?: unknown } } | undefined)?.pull_request
    ?.number
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0) {
    throw new Error(
      `Input comment: the "${eventName ?? 'unknown'}" event has no pull request to comment on. Use comment: auto (pull_request events only), or mode: comment from a workflow_run workflow.`
    )
  }
  return number
}

/**
 * `mode: comment`: the pull request of a `workflow_run` payload, taken from the payload — never
 * from the (untrusted) report. The run's `pull_requests` entry whose head SHA is the run's head
 * SHA; GitHub leaves `pull_requests` empty for runs from forks, which
 * {@link pullRequestFromOpenList} covers.
 *
 * @returns the number, or undefined when the payload lists no matching pull request.
 * @throws Error naming `mode` when the event is not `workflow_run` or the payload has no head SHA.
 */
export function pullRequestOfWorkflowRun(
  eventName: string | undefined,
  payload: unknown
): { headSha: string; headRepo?: string; headBranch?: string; number?: number } {
  const run = (payload as { workflow_run?: WorkflowRun } | undefined)?.workflow_run
  if (eventName !== 'workflow_run' || !run || typeof run.head_sha !== 'string') {
    throw new Error(
      `Input mode: comment reads the pull request from a workflow_run event, but this run's event is "${eventName ?? 'unknown'}".`
    )
  }
  const match = (run.pull_requests ?? []).find(pr => pr.head?.sha === run.head_sha)
  return {
    headSha: run.head_sha,
    headRepo: run.head_repository?.full_name,
    headBranch: typeof run.head_branch === 'string' ? run.head_branch : undefined,
    number: typeof match?.number === 'number' ? match.number : undefined
  }
}

/**
 * The open pull request whose head commit is `head.sha` and, when known, whose head repository
 * is `head.repo` (`owner/name`) and head branch `head.branch`, from
 * `GET /repos/{owner}/{repo}/pulls` results. Two forks can push the same commit: the repository
 * and branch of the workflow run tell their pull requests apart.
 */
export function pullRequestFromOpenList(
  pulls: {
    number: number
    head: { sha: string; ref?: string; repo?: { full_name?: string } | null }
  }[],
  head: { sha: string; repo?: string; branch?: string }
): number | undefined {
  return pulls.find(
    pr =>
      pr.head.sha === head.sha &&
      (head.repo === undefined || pr.head.repo?.full_name === head.repo) &&
      (head.branch === undefined || pr.head.ref === head.branch)
  )?.number
}

interface WorkflowRun {
  head_sha?: unknown
  head_branch?: unknown
  head_repository?: { full_name?: string }
  pull_requests?: { number?: unknown; head?: { sha?: unknown } }[]
}

/**
 * The sticky comment's key: the `comment-key` input, else `<Dockerfile path>:<target>`, else the
 * measured image's repository (tag and digest dropped).
 */
export function commentKeyOf(inputs: Inputs, report: Report): string {
  if (inputs.commentKey) return inputs.commentKey
  if (report.build) return `${report.build.file}:${report.build.target}`
  return imageRepository(inputs.image ?? report.final.ref)
}

/**
 * An image reference without its tag or digest (`ghcr.io/acme/app:sha-1234` → `ghcr.io/acme/app`),
 * so per-commit tags of one image share a comment. Transport references keep their path.
 */
export function imageRepository(ref: string): string {
  const withoutDigest = ref.replace(/@sha256:[0-9a-f]{64}$/, '')
  const lastSlash = withoutDigest.lastIndexOf('/')
  const colon = withoutDigest.lastIndexOf(':')
  return colon > lastSlash &&
    !/^(oci|oci-archive|docker-archive|docker-daemon)$/.test(withoutDigest.slice(0, colon))
    ? withoutDigest.slice(0, colon)
    : withoutDigest
}
