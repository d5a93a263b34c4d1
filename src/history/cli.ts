/**
 * The size history in the CLI: a local JSON Lines file (`--history PATH`), the commit from git
 * in the working directory, `--baseline history` (the newest entry whose commit is HEAD or one of
 * its ancestors: for a branch, that is the newest entry at or before its merge base with the
 * branch the history was recorded on), the trend for `--markdown`, and `--history-page DIR`.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
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
import { entryFromReport, withFinalDiffIds, type HistoryEntry } from './entry.ts'
import { appendToHistoryFile, readHistoryFile } from './file-store.ts'
import { renderHistoryPage } from './page.ts'
import { entryAtDate, parseDriftSince, renderTrendSection, type DriftPoint } from './trend.ts'

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
  baseline(final: ImageMeasurement): Promise<ImageMeasurement | 'base-ref' | undefined>
  /** Appends this run's entry (HEAD's commit) unless `--history-record false`. */
  record(report: Report, name: string): Promise<void>
  trend(report: Report, name: string): Promise<string>
  /** Writes `index.html` into `--history-page DIR`. */
  page(): Promise<void>
}

/** Builds the CLI's history steps. */
export function cliHistory(opts: CliHistoryOptions): CliHistory {
  const { inputs, path, log } = opts
  const repoDir = opts.repoDir ?? process.cwd()
  const graph = gitCommitGraph(repoDir)
  let head: Promise<string | undefined> | undefined
  const headCommit = (): Promise<string | undefined> => (head ??= resolveCommit(repoDir, 'HEAD'))
  const read = async (): Promise<HistoryEntry[]> => (path ? readHistoryFile(path, log) : [])

  return {
    async baseline(final) {
      const name = historyNameOf(inputs, final)
      if (!path) {
        log.warning('--baseline history needs --history PATH; this run has no baseline.')
        return undefined
      }
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
    },

    async record(report, name) {
      if (!path || inputs.history.record === 'false') return
      const commit = await headCommit()
      if (!commit) {
        log.warning(`--history: ${repoDir} is not a git checkout, so this run is not recorded.`)
        return
      }
      if (await hasUncommittedChanges(repoDir)) {
        log.warning(
          `--history: ${repoDir} has uncommitted changes, so what was measured is not commit ${commit.slice(0, 7)}: this run is not recorded.`
        )
        return
      }
      const entry = entryFromReport(report, { commit, name })
      await appendToHistoryFile(path, entry, { log, limit: inputs.history.limit })
      log.info(`history: recorded ${name} (${entry.platform}) at ${commit.slice(0, 7)} in ${path}`)
    },

    async trend(report, name) {
      if (!path || inputs.history.trend === 'false') return ''
      const commit = await headCommit()
      const entries = (await read()).filter(
        e => e.name === name && e.platform === report.final.platform && e.commit !== commit
      )
      if (entries.length === 0) return ''
      let drift: DriftPoint | undefined
      let driftNote: string | undefined
      const since = inputs.history.driftSince
      if (since !== undefined) {
        const parsed = parseDriftSince(since)
        if (parsed.kind === 'date') {
          const entry = entryAtDate(entries, parsed.time)
          if (entry) drift = { label: since, entry }
        } else {
          const sha = await resolveCommit(repoDir, parsed.rev)
          const found =
            sha &&
            (await findHistoryBaseline(entries, {
              platform: report.final.platform,
              mergeBase: sha,
              graph
            }))
          if (found) drift = { label: since, entry: found.entry }
          else driftNote = `drift-since: no history entry is at or before ${since}.`
        }
      }
      return renderTrendSection({
        name,
        platform: report.final.platform,
        entries,
        current: {
          label: commit ? `this run ${commit.slice(0, 7)}` : 'this run',
          size: report.final.size,
          compressedSize: report.final.compressed?.size
        },
        source: path,
        drift,
        driftNote,
        maxSize: inputs.budgets.maxSize
      })
    },

    async page() {
      if (!opts.pageDir) return
      if (!path) throw new Error('--history-page needs --history PATH (the entries to chart).')
      const server = process.env.GITHUB_SERVER_URL
      const repository = process.env.GITHUB_REPOSITORY
      const html = renderHistoryPage(await read(), {
        repoUrl: server && repository ? `${server}/${repository}` : undefined
      })
      await mkdir(opts.pageDir, { recursive: true })
      await writeFile(join(opts.pageDir, 'index.html'), html)
      log.info(`history: wrote ${join(opts.pageDir, 'index.html')}`)
    }
  }
}
