/**
 * `baseline: base-ref`: check out the pull request's base commit in a temporary git worktree,
 * let the caller rebuild and measure it there, and remove the worktree whatever happens. The
 * engine's build cache is shared, so steps whose inputs did not change (the builder stage's
 * toolchain layers, usually) are served from cache.
 */
import { getExecOutput } from '@actions/exec'
import { realpath, rm } from 'node:fs/promises'
import { makeTempDir, removeTempDir } from '../temp-dir.ts'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import type { Log } from '../log.ts'
import type { ImageMeasurement } from '../model.ts'

/** Events whose payload names a base commit, and where. */
const PR_EVENTS = ['pull_request', 'pull_request_target'] as const

/** Every event {@link baseShaFromEvent} reads a base commit from. */
export const BASE_REF_EVENTS: readonly string[] = [...PR_EVENTS, 'merge_group']

/**
 * The base commit of the pull request the workflow runs for: `pull_request.base.sha` of a
 * `pull_request` or `pull_request_target` payload; `merge_group.base_sha` of a `merge_group`
 * payload (a merge queue).
 *
 * @param eventName `GITHUB_EVENT_NAME` (`github.context.eventName`).
 * @param payload the parsed `GITHUB_EVENT_PATH` file (`github.context.payload`).
 * @throws Error naming `baseline: base-ref` when the event is not a pull request (or merge group),
 *   or its payload has no base SHA of 40 or 64 hex digits.
 */
export function baseShaFromEvent(eventName: string | undefined, payload: unknown): string {
  const p = (payload ?? {}) as Record<string, unknown>
  let sha: unknown
  if (eventName !== undefined && (PR_EVENTS as readonly string[]).includes(eventName)) {
    const pr = p['pull_request'] as { base?: { sha?: unknown } } | undefined
    sha = pr?.base?.sha
  } else if (eventName === 'merge_group') {
    sha = (p['merge_group'] as { base_sha?: unknown } | undefined)?.base_sha
  } else {
    throw new Error(
      `Input baseline: base-ref needs a pull request: the workflow runs on the "${eventName ?? 'unknown'}" event, which has no base commit. Run it on pull_request (or pull_request_target, merge_group), or use baseline-image or baseline-report.`
    )
  }
  if (typeof sha !== 'string' || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(sha)) {
    throw new Error(
      `Input baseline: base-ref: the ${eventName} event payload has no base commit SHA (expected 40 or 64 hex digits, got ${JSON.stringify(sha)?.slice(0, 80) ?? 'nothing'}).`
    )
  }
  return sha
}

/** Options of {@link buildBaseRef}. */
export interface BaseRefOptions {
  /** The base commit: 7 to 64 hex digits (from {@link baseShaFromEvent}). */
  baseSha: string
  /** A directory inside the repository's working tree (usually `GITHUB_WORKSPACE`). */
  repoDir: string
  /**
   * Builds and measures the base. Receives the directory that is to the base commit what
   * `repoDir` is to the checked-out commit (the same sub-directory of the worktree): re-root the
   * `context` and `file` inputs under it with {@link rerootPath}.
   */
  measure: (worktreeDir: string) => Promise<ImageMeasurement>
  log: Log
  /** The git executable (default `git` on PATH). */
  git?: string
}

/**
 * Measures the base commit: when the commit is not in the local repository (a shallow checkout),
 * `git fetch --no-tags --depth=1 origin SHA` first; then `git worktree add --detach TMP SHA`,
 * `measure(TMP/<repoDir relative to the top level>)`, and always `git worktree remove --force TMP`
 * (and `git worktree prune`), even when `measure` throws.
 *
 * @returns what `measure` returned.
 * @throws Error naming `baseline: base-ref` and the SHA when it is malformed, the directory is not
 *   in a git repository, the commit cannot be fetched (with git's message), or the worktree cannot
 *   be created; whatever `measure` throws, unchanged.
 */
export async function buildBaseRef(opts: BaseRefOptions): Promise<ImageMeasurement> {
  const { baseSha, log } = opts
  const git = opts.git ?? 'git'
  if (!/^[0-9a-f]{7,64}$/i.test(baseSha)) {
    throw new Error(
      `Input baseline: base-ref: "${baseSha}" is not a commit SHA (expected 7 to 64 hex digits).`
    )
  }
  const repoDir = await realpath(resolve(opts.repoDir)).catch(() => resolve(opts.repoDir))
  const top = await runGit(git, repoDir, ['rev-parse', '--show-toplevel'], 'find the repository')
  const sub = relative(await realpath(top.trim()), repoDir)

  if (!(await hasCommit(git, repoDir, baseSha))) {
    log.info(`Base commit ${baseSha} is not in the local repository; fetching it from origin.`)
    await runGit(
      git,
      repoDir,
      ['fetch', '--no-tags', '--depth=1', 'origin', baseSha],
      `fetch the base commit ${baseSha} from origin`
    )
    if (!(await hasCommit(git, repoDir, baseSha))) {
      throw new Error(
        `Input baseline: base-ref: git fetched from origin but commit ${baseSha} is still missing.`
      )
    }
  }

  const parent = await makeTempDir('isb-base-ref-')
  const worktree = join(parent, 'worktree')
  try {
    await runGit(
      git,
      repoDir,
      ['worktree', 'add', '--detach', worktree, baseSha],
      `check out the base commit ${baseSha} in a worktree`
    )
    log.info(`Base commit ${baseSha} checked out in ${worktree}.`)
    return await opts.measure(sub ? join(worktree, sub) : worktree)
  } finally {
    await removeWorktree(git, repoDir, worktree, log)
    await removeTempDir(parent)
  }
}

/**
 * `path` (relative to `cwd`, or absolute) inside `repoDir`, mapped to the same place under
 * `worktreeDir`. Pure. Use it to re-root the `context` and `file` inputs for the base build.
 *
 * @throws Error naming the path when it lies outside `repoDir` (the base commit cannot provide it).
 */
export function rerootPath(
  path: string,
  repoDir: string,
  worktreeDir: string,
  cwd: string = process.cwd()
): string {
  const absolute = isAbsolute(path) ? path : resolve(cwd, path)
  const rel = relative(resolve(repoDir), absolute)
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new Error(
      `Input baseline: base-ref: "${path}" is outside the repository ${repoDir}, so the base commit cannot provide it.`
    )
  }
  return rel ? join(worktreeDir, rel) : worktreeDir
}

async function hasCommit(git: string, dir: string, sha: string): Promise<boolean> {
  const run = await getExecOutput(git, ['cat-file', '-e', `${sha}^{commit}`], {
    cwd: dir,
    silent: true,
    ignoreReturnCode: true,
    env: gitEnv()
  })
  return run.exitCode === 0
}

/** Removes the worktree; failures are logged, and the directory is pruned from git's list. */
async function removeWorktree(git: string, dir: string, worktree: string, log: Log): Promise<void> {
  const run = await getExecOutput(git, ['worktree', 'remove', '--force', worktree], {
    cwd: dir,
    silent: true,
    ignoreReturnCode: true,
    env: gitEnv()
  }).catch((error: Error) => ({ exitCode: -1, stdout: '', stderr: error.message }))
  if (run.exitCode !== 0) {
    log.debug(`git worktree remove ${worktree}: ${run.stderr.trim() || run.exitCode}`)
    await rm(worktree, { recursive: true, force: true })
  }
  await getExecOutput(git, ['worktree', 'prune'], {
    cwd: dir,
    silent: true,
    ignoreReturnCode: true,
    env: gitEnv()
  }).catch(() => undefined)
}

/** Never prompt for credentials: a missing commit fails instead of hanging the job. */
function gitEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  return { ...env, GIT_TERMINAL_PROMPT: '0' }
}

/**
 * Runs `git ARGS` in `dir` and returns stdout.
 * @throws Error naming `baseline: base-ref`, what it tried to do and git's last lines.
 */
async function runGit(git: string, dir: string, args: string[], doing: string): Promise<string> {
  let run
  try {
    run = await getExecOutput(git, args, {
      cwd: dir,
      silent: true,
      ignoreReturnCode: true,
      env: gitEnv()
    })
  } catch (error) {
    throw new Error(
      `Input baseline: base-ref: could not run ${git} to ${doing}: ${(error as Error).message}`,
      { cause: error }
    )
  }
  if (run.exitCode !== 0) {
    const message = (run.stderr.trim() || run.stdout.trim() || `exit code ${run.exitCode}`)
      .split('\n')
      .slice(-5)
      .join('\n')
    throw new Error(`Input baseline: base-ref: could not ${doing} in ${dir}: ${message}`)
  }
  return run.stdout
}
