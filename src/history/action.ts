/**
 * The size history in the action: which runs record, the `baseline: history` look-up, and the
 * trend section of the comment and summary — the glue between the event, the inputs and the
 * branch store (`github-store.ts`). Failures to read or write the history warn; they never fail
 * the step (the budgets decide it).
 */
import { createClient, type GitHubClient } from '../github/client.ts'
import { Input } from '../constants.ts'
import type { Inputs } from '../inputs.ts'
import type { Log } from '../log.ts'
import type { ImageMeasurement, Report } from '../model.ts'
import { imageRepository } from '../publish/pull-request.ts'
import {
  findHistoryBaseline,
  githubCommitGraph,
  pullRequestCommits,
  type CommitGraph
} from './baseline.ts'
import { entryFromReport, withFinalDiffIds, type HistoryEntry } from './entry.ts'
import {
  appendToBranchHistory,
  readAllBranchHistories,
  readBranchHistory,
  updateBranchFile,
  type BranchStore
} from './github-store.ts'
import { renderHistoryPage } from './page.ts'
import { entryAtDate, parseDriftSinceForApi, renderTrendSection, type DriftPoint } from './trend.ts'

/** The run as the action sees it (`github.context`, the inputs, the token). */
export interface ActionHistoryContext {
  inputs: Inputs
  eventName: string | undefined
  payload: unknown
  owner: string
  repo: string
  /** `GITHUB_SHA`: the commit this run measured. */
  sha: string
  /** `GITHUB_REF`: `refs/heads/main`, `refs/tags/v1`, `refs/pull/3/merge`. */
  ref: string
  /** The token; undefined: the history is neither read nor written (one warning). */
  token?: string
  /** `https://github.com/owner/repo`, for the page's commit links. */
  repoUrl?: string
  log: Log
  /** A ready client (tests); default one made from `token`. */
  client?: GitHubClient
  /** Store tuning (tests lower the waits). */
  backoffMs?: number
}

/** Reads and writes the history of one run; caches what it read. */
export interface ActionHistory {
  /** The `baseline: history` look-up for the pipeline (`PipelineContext.historyBaseline`). */
  baseline(final: ImageMeasurement): Promise<ImageMeasurement | 'base-ref' | undefined>
  /** Appends this run's entry when {@link shouldRecord} says so (and writes the page). */
  record(report: Report, name: string): Promise<void>
  /** The trend section for the markdown ('' when there is nothing to show, or trend is off). */
  trend(report: Report, name: string): Promise<string>
}

/**
 * Whether this run records: `history-record: true`/`false` as set; `auto` records on a push to
 * the repository's default branch (`payload.repository.default_branch`) and on any run for a tag
 * (`GITHUB_REF` = `refs/tags/*`: a pushed tag, a published release).
 */
export function shouldRecord(
  record: Inputs['history']['record'],
  eventName: string | undefined,
  ref: string | undefined,
  payload: unknown
): boolean {
  if (record !== 'auto') return record === 'true'
  if (ref === undefined) return false
  if (ref.startsWith('refs/tags/')) return true
  const defaultBranch = (payload as { repository?: { default_branch?: unknown } } | undefined)
    ?.repository?.default_branch
  return (
    eventName === 'push' &&
    typeof defaultBranch === 'string' &&
    ref === `refs/heads/${defaultBranch}`
  )
}

/**
 * The image's history key before the report exists, as `commentKeyOf` gives it after: the
 * `comment-key` input, else `<file>:<target>` for a built image (its stage), else the measured
 * image's repository.
 */
export function historyNameOf(inputs: Inputs, final: ImageMeasurement): string {
  if (inputs.commentKey) return inputs.commentKey
  if (!inputs.image && final.stage !== undefined) return `${inputs.file}:${final.stage}`
  return imageRepository(inputs.image ?? final.ref)
}

/**
 * Checks the history inputs against the run, before anything is built: `history-branch` must
 * not be the repository's default branch (`payload.repository.default_branch`) nor the branch
 * this run is for (`GITHUB_REF`): the history's files would be committed among the code; and
 * `drift-since` must be a form the GitHub API resolves ({@link parseDriftSinceForApi}).
 *
 * @throws Error naming the input.
 */
export function checkActionHistoryInputs(
  inputs: Inputs,
  payload: unknown,
  ref: string | undefined
): void {
  const branch = inputs.history.branch
  const defaultBranch = (payload as { repository?: { default_branch?: unknown } } | undefined)
    ?.repository?.default_branch
  if (typeof defaultBranch === 'string' && branch === defaultBranch) {
    throw new Error(
      `Input ${Input.historyBranch}: "${branch}" is the repository's default branch; the history needs a branch of its own (default image-size-history), or its files would be committed among the code.`
    )
  }
  if (ref === `refs/heads/${branch}`) {
    throw new Error(
      `Input ${Input.historyBranch}: "${branch}" is the branch this run builds; the history needs a branch of its own (default image-size-history).`
    )
  }
  if (inputs.history.driftSince !== undefined) parseDriftSinceForApi(inputs.history.driftSince)
}

/**
 * Builds the history of one action run.
 *
 * @throws Error naming the input when {@link checkActionHistoryInputs} refuses them (before any
 *   build: main.ts builds the history before the pipeline).
 */
export function actionHistory(ctx: ActionHistoryContext): ActionHistory {
  const { inputs, log } = ctx
  const settings = inputs.history
  checkActionHistoryInputs(inputs, ctx.payload, ctx.ref)
  let client: GitHubClient | undefined = ctx.client
  let warnedNoToken = false
  const store = (): BranchStore | undefined => {
    if (!client) {
      if (!ctx.owner || !ctx.repo) {
        if (!warnedNoToken) log.warning('History: GITHUB_REPOSITORY is not set; no history.')
        warnedNoToken = true
        return undefined
      }
      if (!ctx.token) {
        if (!warnedNoToken) {
          log.warning(
            `History: no token (input ${Input.githubToken} or GITHUB_TOKEN), so the size history in the branch ${settings.branch} is not read or written.`
          )
          warnedNoToken = true
        }
        return undefined
      }
      client = createClient(ctx.token, { log })
    }
    return {
      client,
      owner: ctx.owner,
      repo: ctx.repo,
      branch: settings.branch,
      log,
      ...(ctx.backoffMs !== undefined ? { backoffMs: ctx.backoffMs } : {})
    }
  }
  const graph = (): CommitGraph | undefined => {
    const s = store()
    return s && githubCommitGraph(s.client, ctx.owner, ctx.repo)
  }
  const cache = new Map<string, Promise<HistoryEntry[]>>()
  const entriesOf = (name: string): Promise<HistoryEntry[]> => {
    let pending = cache.get(name)
    if (!pending) {
      const s = store()
      pending = s ? readBranchHistory(s, name) : Promise.resolve([])
      cache.set(name, pending)
    }
    return pending
  }
  const pr = pullRequestCommits(ctx.eventName, ctx.payload)

  return {
    async baseline(final) {
      const name = historyNameOf(inputs, final)
      const fallback = (why: string): 'base-ref' | undefined => {
        if (settings.fallback === 'base-ref') {
          log.warning(
            `baseline: history: ${why}; falling back to base-ref (building the base commit).`
          )
          return 'base-ref'
        }
        log.warning(
          `baseline: history: ${why}, so this run has no baseline${inputs.budgets.maxIncrease ? ' and max-increase is not checked' : ''}. Set ${Input.historyFallback}: base-ref to build the base commit instead.`
        )
        return undefined
      }
      if (!pr) {
        // A push or tag run is the one that records: it has no merge base and needs no baseline.
        log.info(
          `baseline: history: the "${ctx.eventName ?? 'unknown'}" event is not a pull request, so this run has no baseline.`
        )
        return undefined
      }
      try {
        const g = graph()
        if (!g) return fallback('the history cannot be read without a token')
        const entries = (await entriesOf(name)).filter(e => e.platform === final.platform)
        if (entries.length === 0) {
          return fallback(
            `the branch ${settings.branch} has no entry for ${name} (${final.platform}) yet; the first push to the default branch records one`
          )
        }
        const mergeBase = await g.mergeBase(pr.base, pr.head)
        const found = await findHistoryBaseline(entries, {
          platform: final.platform,
          mergeBase,
          graph: g,
          branchLabel: settings.branch
        })
        if (!found) {
          return fallback(
            `no entry of ${name} (${final.platform}) is at or before the merge base ${mergeBase.slice(0, 7)}`
          )
        }
        log.info(`baseline: history: ${found.note}; nothing is built for the baseline.`)
        if (found.behindBy > 0) log.warning(`baseline: history: compared with the ${found.note}.`)
        return withFinalDiffIds(found.measurement, final)
      } catch (error) {
        return fallback(`the history could not be read (${(error as Error).message})`)
      }
    },

    async record(report, name) {
      if (!shouldRecord(settings.record, ctx.eventName, ctx.ref, ctx.payload)) {
        log.debug(`History: not recorded (history-record: ${settings.record}, ref ${ctx.ref}).`)
        return
      }
      const s = store()
      if (!s) return
      try {
        const entry = entryFromReport(report, { commit: ctx.sha, ref: ctx.ref, name })
        const done = await appendToBranchHistory(s, entry, settings.limit)
        log.info(
          `History: recorded ${name} (${entry.platform}) at ${ctx.sha.slice(0, 7)} in the branch ${settings.branch}${done.conflicts > 0 ? ` after ${done.conflicts} concurrent ${done.conflicts === 1 ? 'update' : 'updates'}` : ''}.`
        )
        if (settings.page) await writePage(s, ctx.repoUrl)
      } catch (error) {
        log.warning(`History: this run's entry was not recorded: ${(error as Error).message}`)
      }
    },

    async trend(report, name) {
      const wanted =
        settings.trend === 'true' ||
        (settings.trend === 'auto' &&
          (inputs.baseline?.kind === 'history' || settings.driftSince !== undefined))
      if (!wanted) return ''
      try {
        if (!store()) return ''
        // This run's own entry (recorded just before, on a push) is drawn as the current point.
        const entries = (await entriesOf(name)).filter(
          e => e.platform === report.final.platform && e.commit !== ctx.sha.toLowerCase()
        )
        if (entries.length === 0) return ''
        const number = (ctx.payload as { pull_request?: { number?: unknown } } | undefined)
          ?.pull_request?.number
        const { drift, driftNote } = await driftPoint(entries)
        return renderTrendSection({
          name,
          platform: report.final.platform,
          entries,
          current: {
            label: typeof number === 'number' ? `PR ${number}` : ctx.sha.slice(0, 7) || 'this run',
            size: report.final.size,
            compressedSize: report.final.compressed?.size
          },
          source: `branch ${settings.branch}`,
          drift,
          driftNote,
          maxSize: inputs.budgets.maxSize
        })
      } catch (error) {
        log.warning(`History: the trend is not shown: ${(error as Error).message}`)
        return ''
      }
    }
  }

  /**
   * The `drift-since` point among `entries`. What cannot be found (a tag that does not exist, no
   * entry that old, an API error) warns and comes back as a note: the rest of the trend stays.
   */
  async function driftPoint(
    entries: HistoryEntry[]
  ): Promise<{ drift?: DriftPoint; driftNote?: string }> {
    const since = settings.driftSince
    if (since === undefined) return {}
    const note = (text: string, warn = true): { driftNote: string } => {
      if (warn) log.warning(`History: ${text}`)
      else log.info(`History: ${text}`)
      return { driftNote: text }
    }
    try {
      const parsed = parseDriftSinceForApi(since)
      if (parsed.kind === 'date') {
        const entry = entryAtDate(entries, parsed.time)
        return entry ? { drift: { label: since, entry } } : {}
      }
      const s = store()
      const g = graph()
      if (!s || !g) return {}
      let commit: string
      try {
        commit = (
          await s.client.rest.repos.getCommit({
            owner: ctx.owner,
            repo: ctx.repo,
            ref: parsed.rev
          })
        ).data.sha
      } catch (error) {
        const status = (error as { status?: unknown }).status
        if (status !== 404 && status !== 422) throw error
        return note(
          `${Input.driftSince}: ${since} names no tag, branch or commit of the repository; the trend is shown without the change since it.`
        )
      }
      const found = await findHistoryBaseline(entries, {
        platform: entries[0]?.platform ?? '',
        mergeBase: commit,
        graph: g
      })
      return found
        ? { drift: { label: since, entry: found.entry } }
        : // The history may just start after it: a fact for the comment, not a problem.
          note(`${Input.driftSince}: no history entry is at or before ${since}.`, false)
    } catch (error) {
      return note(
        `${Input.driftSince}: the change since ${since} is not shown (${(error as Error).message}).`
      )
    }
  }
}

/** Rewrites `index.html` on the branch from every image's history. */
async function writePage(store: BranchStore, repoUrl: string | undefined): Promise<void> {
  let count = 0
  // Rendered again after a conflict: another run's page may hold an entry this one lacks.
  await updateBranchFile(
    store,
    'index.html',
    async () => {
      const entries = await readAllBranchHistories(store)
      count = entries.length
      return renderHistoryPage(entries, { repoUrl })
    },
    'Size history page'
  )
  store.log.info(`History: wrote index.html (${count} entries) in the branch ${store.branch}.`)
}
