/**
 * `baseline: history`: the pull request is compared with the newest history entry at or before
 * its merge base — measured when that commit was pushed, so nothing is built now.
 *
 * The commit graph is asked through {@link CommitGraph}: on GitHub the compare API
 * (`GET /repos/{o}/{r}/compare/{base}...{head}`: `merge_base_commit.sha`, `status`,
 * `ahead_by`), which needs no history in the checkout (actions/checkout fetches one commit by
 * default); in the CLI, local git (`git merge-base`, `git rev-list --count`).
 */
import { getExecOutput } from '@actions/exec'
import type { GitHubClient } from '../github/client.ts'
import type { ImageMeasurement } from '../model.ts'
import { measurementOfEntry, type HistoryEntry } from './entry.ts'

/** What {@link findHistoryBaseline} needs to know about commits. */
export interface CommitGraph {
  /** The best common ancestor of `base` and `head`. */
  mergeBase(base: string, head: string): Promise<string>
  /**
   * How many commits `newer` has that `older` has not, when `older` is an ancestor of `newer`
   * (0 when they are the same commit); undefined when it is not an ancestor, or is unknown.
   */
  distance(older: string, newer: string): Promise<number | undefined>
}

/** The entry a pull request is compared with. */
export interface HistoryBaseline {
  entry: HistoryEntry
  /** The merge base it was looked up for. */
  mergeBase: string
  /** Commits between the entry's commit and the merge base (0: measured at the merge base). */
  behindBy: number
  /** The entry as a baseline measurement ({@link measurementOfEntry}). */
  measurement: ImageMeasurement
  /** One sentence for people: which commit, and how far from the merge base. */
  note: string
}

/** How many of the newest entries are checked for ancestry before giving up. */
export const MAX_ANCESTRY_CHECKS = 20

/**
 * The newest entry of `platform` whose commit is the merge base or one of its ancestors. Entries
 * are tried newest first (file order); an entry recorded after the pull request branched off is
 * not an ancestor and is passed over. At most {@link MAX_ANCESTRY_CHECKS} distinct commits are
 * asked about.
 *
 * @returns undefined when no such entry is found.
 */
export async function findHistoryBaseline(
  entries: readonly HistoryEntry[],
  opts: { platform: string; mergeBase: string; graph: CommitGraph; branchLabel?: string }
): Promise<HistoryBaseline | undefined> {
  const mergeBase = opts.mergeBase.toLowerCase()
  const candidates = entries.filter(e => e.platform === opts.platform).reverse()
  const result = (entry: HistoryEntry, behindBy: number): HistoryBaseline => {
    const short = entry.commit.slice(0, 7)
    const where = opts.branchLabel ? `${opts.branchLabel}@${short}` : short
    return {
      entry,
      mergeBase,
      behindBy,
      measurement: measurementOfEntry(entry, `history ${where}`),
      note:
        behindBy === 0
          ? `history entry of ${short}, the merge base`
          : `history entry of ${short}, ${behindBy} ${behindBy === 1 ? 'commit' : 'commits'} older than the merge base ${mergeBase.slice(0, 7)} (no entry was recorded for the commits in between)`
    }
  }
  const exact = candidates.find(e => e.commit === mergeBase)
  if (exact) return result(exact, 0)
  const asked = new Set<string>()
  for (const entry of candidates) {
    if (asked.has(entry.commit)) continue
    if (asked.size >= MAX_ANCESTRY_CHECKS) break
    asked.add(entry.commit)
    const behindBy = await opts.graph.distance(entry.commit, mergeBase)
    if (behindBy !== undefined) return result(entry, behindBy)
  }
  return undefined
}

/**
 * The base and head commits of a pull request event (`pull_request`, `pull_request_target`:
 * `pull_request.base.sha` and `.head.sha`; `merge_group`: `base_sha`, `head_sha`).
 *
 * @returns undefined for other events, or a payload without both SHAs.
 */
export function pullRequestCommits(
  eventName: string | undefined,
  payload: unknown
): { base: string; head: string } | undefined {
  const p = (payload ?? {}) as Record<string, unknown>
  let base: unknown
  let head: unknown
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = p['pull_request'] as { base?: { sha?: unknown }; head?: { sha?: unknown } }
    base = pr?.base?.sha
    head = pr?.head?.sha
  } else if (eventName === 'merge_group') {
    const group = p['merge_group'] as { base_sha?: unknown; head_sha?: unknown } | undefined
    base = group?.base_sha
    head = group?.head_sha
  }
  const sha = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/
  return typeof base === 'string' && typeof head === 'string' && sha.test(base) && sha.test(head)
    ? { base, head }
    : undefined
}

/**
 * The commit graph through the compare API. `distance(older, newer)`: `identical` → 0, `ahead`
 * → `ahead_by`, `behind` or `diverged` → undefined (not an ancestor); 404 (a commit no longer in
 * the repository) → undefined. `per_page: 1` keeps the answers small.
 */
export function githubCommitGraph(client: GitHubClient, owner: string, repo: string): CommitGraph {
  const compare = async (
    base: string,
    head: string
  ): Promise<{ status: string; ahead_by: number; merge_base_commit: { sha: string } }> =>
    (
      await client.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...${head}`,
        per_page: 1
      })
    ).data
  return {
    mergeBase: async (base, head) => (await compare(base, head)).merge_base_commit.sha,
    distance: async (older, newer) => {
      try {
        const data = await compare(older, newer)
        if (data.status === 'identical') return 0
        return data.status === 'ahead' ? data.ahead_by : undefined
      } catch (error) {
        if ((error as { status?: unknown }).status === 404) return undefined
        throw error
      }
    }
  }
}

/** The commit graph of a local repository, through git (every commit must be fetched). */
export function gitCommitGraph(repoDir: string, git = 'git'): CommitGraph {
  const run = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
    const r = await getExecOutput(git, args, { cwd: repoDir, silent: true, ignoreReturnCode: true })
    return { code: r.exitCode, out: r.stdout.trim(), err: r.stderr.trim() }
  }
  return {
    mergeBase: async (base, head) => {
      const r = await run(['merge-base', base, head])
      if (r.code !== 0 || r.out === '') {
        throw new Error(`git merge-base ${base} ${head} failed: ${r.err || `exit code ${r.code}`}`)
      }
      return r.out
    },
    distance: async (older, newer) => {
      const ancestor = await run(['merge-base', '--is-ancestor', older, newer])
      if (ancestor.code !== 0) return undefined
      const count = await run(['rev-list', '--count', `${older}..${newer}`])
      return count.code === 0 && /^\d+$/.test(count.out) ? Number(count.out) : undefined
    }
  }
}

/**
 * Whether the checkout at `repoDir` has changes to tracked files (`git status --porcelain
 * --untracked-files=no` prints anything): a build of such a tree is not HEAD's commit.
 * Undefined when git cannot tell (not a checkout).
 */
export async function hasUncommittedChanges(
  repoDir: string,
  git = 'git'
): Promise<boolean | undefined> {
  const r = await getExecOutput(git, ['status', '--porcelain', '--untracked-files=no'], {
    cwd: repoDir,
    silent: true,
    ignoreReturnCode: true
  })
  return r.exitCode === 0 ? r.stdout.trim() !== '' : undefined
}

/** `git rev-parse --verify <rev>^{commit}` in `repoDir`; undefined when it names no commit. */
export async function resolveCommit(
  repoDir: string,
  rev: string,
  git = 'git'
): Promise<string | undefined> {
  const r = await getExecOutput(git, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
    cwd: repoDir,
    silent: true,
    ignoreReturnCode: true
  })
  return r.exitCode === 0 ? r.stdout.trim() : undefined
}
