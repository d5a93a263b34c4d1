/**
 * The size history in the CLI: a local JSON Lines file (`--history PATH`), the commit from git
 * in the working directory, `--baseline history` (the newest entry whose commit is HEAD or one of
 * its ancestors: for a branch, that is the newest entry at or before its merge base with the
 * branch the history was recorded on), the trend for `--markdown` and for the terminal, and
 * `--history-page DIR`.
 *
 * Like the action, a history problem met after the build (a file that cannot be read or written,
 * a lock held too long, a revision that names nothing) warns and leaves the report alone: the
 * budgets decide the exit code. Usage errors and what can be known before the build (the file's
 * directory, `--history-page` without `--history`, a file too large to read, `--drift-since`)
 * are checked by {@link CliHistory.prepare}, before anything is built.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Inputs } from '../inputs.ts'
import type { Log } from '../log.ts'
import type { ImageMeasurement, Report } from '../model.ts'
import { historyNameOf } from './action.ts'
import {
  findHistoryBaseline,
  gitCommitGraph,
  hasUncommittedChanges,
  resolveCommit
} from './baseline.ts'
import { entryFromReport, MAX_HISTORY_BYTES, withFinalDiffIds, type HistoryEntry } from './entry.ts'
import { appendToHistoryFile, MAX_LOCAL_HISTORY_READ, readHistoryFile } from './file-store.ts'
import { renderHistoryPage } from './page.ts'
import {
  entryAtDate,
  parseDriftSince,
  renderTrendSection,
  trendTerminalLines,
  type DriftPoint,
  type TrendSection
} from './trend.ts'

/** What the CLI was asked for. */
export interface CliHistoryOptions {
  inputs: Inputs
  /** `--history PATH`. */
  path?: string
  /** `--history-page DIR`. */
  pageDir?: string
  /** The git repository of the commit measured; default the working directory. */
  repoDir?: string
  log: Log
}

/** The CLI's history steps; each is a no-op without `--history`. */
export interface CliHistory {
  /**
   * Checks, before the build: `--history-page` needs `--history`; the history file's directory
   * exists; the file is not too large to read (else a warning, and the history is left out of
   * this run); `--drift-since` names a commit (else a warning; the trend is shown without it).
   *
   * @throws Error for a usage error (no `--history` for `--history-page`, no such directory).
   */
  prepare(): Promise<void>
  baseline(final: ImageMeasurement): Promise<ImageMeasurement | 'base-ref' | undefined>
  /**
   * Appends this run's entry (HEAD's commit) unless `--history-record false` or the tree has
   * uncommitted changes, and notes the image's trend for {@link terminalLines}. Never throws:
   * problems warn.
   */
  record(report: Report, name: string): Promise<void>
  /** The trend section for `--markdown` ('' when there is none). Never throws: problems warn. */
  trend(report: Report, name: string): Promise<string>
  /** Writes `index.html` into `--history-page DIR`. Never throws: problems warn. */
  page(): Promise<void>
  /**
   * The lines the terminal shows after the table (each ending with a newline; '' for none): where
   * each image was recorded, and its trend (the change over the last points, since
   * `--drift-since`, the `max-size` hint), for every image passed to {@link record}.
   */
  terminalLines(): string
}

/** Builds the CLI's history steps. */
export function cliHistory(opts: CliHistoryOptions): CliHistory {
  const { inputs, path, log } = opts
  const repoDir = opts.repoDir ?? process.cwd()
  const graph = gitCommitGraph(repoDir)
  let head: Promise<string | undefined> | undefined
  const headCommit = (): Promise<string | undefined> => (head ??= resolveCommit(repoDir, 'HEAD'))
  /** Set by prepare() when the file is too large to read: the history sits this run out. */
  let unusable = false
  let entriesRead: Promise<HistoryEntry[]> | undefined
  const read = async (): Promise<HistoryEntry[]> =>
    path && !unusable ? (entriesRead ??= readHistoryFile(path, log)) : []
  let driftCommit: Promise<string | undefined> | undefined
  const notes: string[] = []
  const sections = new Map<string, Promise<TrendSection | undefined>>()

  /** The trend of `name` (this run last), computed once per image and platform. */
  const sectionOf = (report: Report, name: string): Promise<TrendSection | undefined> => {
    const key = `${name}\0${report.final.platform}`
    let pending = sections.get(key)
    if (!pending) {
      pending = buildSection(report, name)
      sections.set(key, pending)
    }
    return pending
  }

  async function buildSection(report: Report, name: string): Promise<TrendSection | undefined> {
    if (!path || inputs.history.trend === 'false') return undefined
    const commit = await headCommit()
    const entries = (await read()).filter(
      e => e.name === name && e.platform === report.final.platform && e.commit !== commit
    )
    if (entries.length === 0) return undefined
    let drift: DriftPoint | undefined
    let driftNote: string | undefined
    const since = inputs.history.driftSince
    if (since !== undefined) {
      const parsed = parseDriftSince(since)
      if (parsed.kind === 'date') {
        const entry = entryAtDate(entries, parsed.time)
        if (entry) drift = { label: since, entry }
      } else {
        const sha = await (driftCommit ??= resolveCommit(repoDir, parsed.rev))
        const found =
          sha &&
          (await findHistoryBaseline(entries, {
            platform: report.final.platform,
            mergeBase: sha,
            graph
          }))
        if (found) drift = { label: since, entry: found.entry }
        else {
          driftNote = sha
            ? `drift-since: no history entry of ${name} is at or before ${since}.`
            : `drift-since: ${since} names no commit of the repository.`
        }
      }
    }
    return {
      name,
      platform: report.final.platform,
      entries,
      current: {
        label: commit ? commit.slice(0, 7) : 'this run',
        size: report.final.size,
        compressedSize: report.final.compressed?.size
      },
      source: path,
      drift,
      driftNote,
      maxSize: inputs.budgets.maxSize
    }
  }

  return {
    async prepare() {
      if (opts.pageDir !== undefined && !path) {
        throw new Error('--history-page needs --history PATH (the entries to chart).')
      }
      if (!path) return
      const dir = dirname(path)
      const info = await stat(dir).catch(() => undefined)
      if (!info?.isDirectory()) {
        throw new Error(`--history: the directory of ${path} (${dir}) does not exist.`)
      }
      const file = await stat(path).catch(() => undefined)
      if (file && file.size > MAX_LOCAL_HISTORY_READ) {
        unusable = true
        log.warning(
          `--history: ${path} is ${file.size} bytes, more than the ${MAX_LOCAL_HISTORY_READ} read: this run neither reads nor records a history. Move it away (or keep only recent lines) to start again.`
        )
      } else if (file && file.size > MAX_HISTORY_BYTES) {
        log.warning(
          `--history: ${path} is ${file.size} bytes, more than the ${MAX_HISTORY_BYTES} a history file keeps; recording this run keeps fewer entries of every image to bring it back under.`
        )
      }
      const since = inputs.history.driftSince
      if (since !== undefined && !unusable) {
        const parsed = parseDriftSince(since)
        if (parsed.kind === 'revision') {
          driftCommit = resolveCommit(repoDir, parsed.rev)
          if (!(await driftCommit)) {
            log.warning(
              `--drift-since: ${JSON.stringify(since)} names no commit in ${repoDir} (a tag, a branch, a commit or a revision such as HEAD~3); the trend is shown without the change since it.`
            )
          }
        }
      }
    },

    async baseline(final) {
      const name = historyNameOf(inputs, final)
      if (!path) {
        log.warning('--baseline history needs --history PATH; this run has no baseline.')
        return undefined
      }
      try {
        const commit = await headCommit()
        if (!commit) {
          log.warning(
            `--baseline history: ${repoDir} is not a git checkout; this run has no baseline.`
          )
          return undefined
        }
        const entries = (await read()).filter(e => e.name === name)
        const found = await findHistoryBaseline(entries, {
          platform: final.platform,
          mergeBase: commit,
          graph
        })
        if (!found) {
          log.warning(
            `--baseline history: ${path} has no entry of ${name} (${final.platform}) at or before HEAD; this run has no baseline.`
          )
          return undefined
        }
        log.info(`baseline: ${found.note.replace('the merge base', 'HEAD')}; nothing is built.`)
        return withFinalDiffIds(
          { ...found.measurement, ref: `history ${found.entry.commit.slice(0, 7)}` },
          final
        )
      } catch (error) {
        log.warning(`--baseline history: ${(error as Error).message}; this run has no baseline.`)
        return undefined
      }
    },

    async record(report, name) {
      if (!path || unusable) return
      try {
        if (inputs.history.record !== 'false') {
          const commit = await headCommit()
          if (!commit) {
            log.warning(`--history: ${repoDir} is not a git checkout, so this run is not recorded.`)
          } else if (await hasUncommittedChanges(repoDir)) {
            log.warning(
              `--history: ${repoDir} has uncommitted changes, so what was measured is not commit ${commit.slice(0, 7)}: this run is not recorded.`
            )
          } else {
            // The trend is read first: it excludes HEAD's own entry either way.
            await sectionOf(report, name)
            const entry = entryFromReport(report, { commit, name })
            await appendToHistoryFile(path, entry, { log, limit: inputs.history.limit })
            entriesRead = undefined
            notes.push(
              `history: recorded ${name} (${entry.platform}) at ${commit.slice(0, 7)} in ${path}`
            )
          }
        }
      } catch (error) {
        log.warning(`--history: this run's entry was not recorded: ${(error as Error).message}`)
      }
      try {
        const section = await sectionOf(report, name)
        if (section) notes.push(...trendTerminalLines(section))
      } catch (error) {
        log.warning(`--history: the trend is not shown: ${(error as Error).message}`)
      }
    },

    async trend(report, name) {
      try {
        const section = await sectionOf(report, name)
        return section ? renderTrendSection(section) : ''
      } catch (error) {
        log.warning(`--history: the trend is not shown: ${(error as Error).message}`)
        return ''
      }
    },

    async page() {
      if (!opts.pageDir || !path || unusable) return
      try {
        const server = process.env.GITHUB_SERVER_URL
        const repository = process.env.GITHUB_REPOSITORY
        const html = renderHistoryPage(await read(), {
          repoUrl: server && repository ? `${server}/${repository}` : undefined
        })
        await mkdir(opts.pageDir, { recursive: true })
        await writeFile(join(opts.pageDir, 'index.html'), html)
        log.info(`history: wrote ${join(opts.pageDir, 'index.html')}`)
      } catch (error) {
        log.warning(`--history-page: the page was not written: ${(error as Error).message}`)
      }
    },

    terminalLines() {
      return notes.map(line => `${line}\n`).join('')
    }
  }
}
