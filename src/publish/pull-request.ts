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
): { headSha: string; headOwner?: string; number?: number } {
  const run = (payload as { workflow_run?: WorkflowRun } | undefined)?.workflow_run
  if (eventName !== 'workflow_run' || !run || typeof run.head_sha !== 'string') {
    throw new Error(
      `Input mode: comment reads the pull request from a workflow_run event, but this run's event is "${eventName ?? 'unknown'}".`
    )
  }
  const match = (run.pull_requests ?? []).find(pr => pr.head?.sha === run.head_sha)
  return {
    headSha: run.head_sha,
    headOwner: run.head_repository?.owner?.login,
    number: typeof match?.number === 'number' ? match.number : undefined
  }
}

/**
 * The open pull request whose head is `headSha` (and, when known, whose head repository belongs
 * to `headOwner`), from `GET /repos/{owner}/{repo}/pulls` results.
 */
export function pullRequestFromOpenList(
  pulls: { number: number; head: { sha: string; repo?: { owner?: { login?: string } } | null } }[],
  headSha: string,
  headOwner?: string
): number | undefined {
  return pulls.find(
    pr =>
      pr.head.sha === headSha &&
      (headOwner === undefined || pr.head.repo?.owner?.login === headOwner)
  )?.number
}

interface WorkflowRun {
  head_sha?: unknown
  head_repository?: { owner?: { login?: string } }
  pull_requests?: { number?: unknown; head?: { sha?: unknown } }[]
}

/** The sticky comment's key: the `comment-key` input, else `<Dockerfile path>:<target>`. */
export function commentKeyOf(inputs: Inputs, report: Report): string {
  if (inputs.commentKey) return inputs.commentKey
  if (report.build) return `${report.build.file}:${report.build.target}`
  return inputs.image ?? report.final.ref
}
