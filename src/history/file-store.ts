/**
 * The CLI's size history: a local JSON Lines file (`--history PATH`), one entry per line, oldest
 * first, bounded to `--history-limit` entries per image name.
 *
 * Concurrent runs: an append takes a lock file beside the history (`PATH.lock`, created with
 * `O_CREAT | O_EXCL`, so exactly one process holds it), reads the file, adds the entry, writes a
 * temporary file and renames it over the history (readers never see half a file), then removes
 * the lock. A waiting run retries every 25–75 ms for up to `lockTimeoutMs`. A lock whose process
 * is gone (same host, `kill(pid, 0)` fails with ESRCH) or that is older than `staleLockMs` is
 * taken over: it is renamed away first (one waiter wins the rename), so two waiters never both
 * break it.
 */
import { link, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import {
  appendEntry,
  decodeHistory,
  encodeHistory,
  skippedWarnings,
  type DecodedHistory,
  DEFAULT_HISTORY_LIMIT,
  type HistoryEntry
} from './entry.ts'
import type { Log } from '../log.ts'

/** Options of {@link appendToHistoryFile} and {@link readHistoryFile}. */
export interface FileStoreOptions {
  log: Log
  /** Entries kept per image name; default {@link DEFAULT_HISTORY_LIMIT}. */
  limit?: number
  /** How long to wait for the lock, in ms; default 30 000. */
  lockTimeoutMs?: number
  /** A lock older than this is broken, in ms; default 120 000. */
  staleLockMs?: number
}

/**
 * The entries of the history file at `path`, oldest first; `[]` when it does not exist. Bad
 * lines are skipped with a warning naming the file and the line.
 *
 * @throws Error naming the path when it cannot be read (other than missing).
 */
export async function readHistoryFile(path: string, log: Log): Promise<HistoryEntry[]> {
  return (await readDecoded(path, log)).entries
}

async function readDecoded(path: string, log: Log): Promise<DecodedHistory> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: [] }
    throw new Error(`History ${path}: cannot read it (${(error as Error).message}).`)
  }
  const decoded = decodeHistory(text, path)
  for (const warning of skippedWarnings(path, decoded.skipped)) log.warning(warning)
  return decoded
}

/**
 * Adds `entry` to the history file at `path` (created when missing), keeping the newest `limit`
 * entries of the entry's image name (other names' entries are kept as they are). Safe against
 * other processes appending at the same time (see the module comment).
 *
 * @returns every entry now in the file, oldest first.
 * @throws Error naming the path when the lock is not had within `lockTimeoutMs`, or the file
 *   cannot be read or written.
 */
export async function appendToHistoryFile(
  path: string,
  entry: HistoryEntry,
  opts: FileStoreOptions
): Promise<HistoryEntry[]> {
  const limit = opts.limit ?? DEFAULT_HISTORY_LIMIT
  return withLock(path, opts, async () => {
    const { entries, skipped } = await readDecoded(path, opts.log)
    const mine = entries.filter(e => e.name === entry.name)
    const others = entries.filter(e => e.name !== entry.name)
    const next = [...others, ...appendEntry(mine, entry, limit)]
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
    try {
      await writeFile(tmp, encodeHistory(next, skipped), { mode: 0o644 })
      await rename(tmp, path)
    } catch (error) {
      await rm(tmp, { force: true })
      throw new Error(`History ${path}: cannot write it (${(error as Error).message}).`)
    }
    return next
  })
}

/** Runs `fn` holding `path.lock`. */
async function withLock<T>(path: string, opts: FileStoreOptions, fn: () => Promise<T>): Promise<T> {
  const lock = `${path}.lock`
  const timeout = opts.lockTimeoutMs ?? 30_000
  const stale = opts.staleLockMs ?? 120_000
  const start = Date.now()
  const owner = `${process.pid}@${hostname()} ${new Date().toISOString()}\n`
  for (;;) {
    try {
      const handle = await open(lock, 'wx', 0o644)
      try {
        await handle.writeFile(owner)
      } finally {
        await handle.close()
      }
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new Error(
          `History ${path}: cannot create the lock ${lock} (${(error as Error).message}).`
        )
      }
    }
    if (await breakStaleLock(lock, stale, opts.log)) continue
    if (Date.now() - start > timeout) {
      throw new Error(
        `History ${path}: another run has held ${lock} for more than ${Math.round(timeout / 1000)} s. Remove it if no run is appending.`
      )
    }
    await new Promise(resolve => setTimeout(resolve, 25 + Math.random() * 50))
  }
  try {
    return await fn()
  } finally {
    await rm(lock, { force: true })
  }
}

/** True when the lock was stale and this process moved it away. */
async function breakStaleLock(lock: string, staleMs: number, log: Log): Promise<boolean> {
  const info = await stat(lock).catch(() => undefined)
  if (!info) return true // released meanwhile: try again at once
  const text = await readFile(lock, 'utf8').catch(() => '')
  const match = /^(\d+)@(\S+)/.exec(text)
  const deadOwner = match !== null && match[2] === hostname() && !processAlive(Number(match[1]))
  if (!deadOwner && Date.now() - info.mtimeMs < staleMs) return false
  const aside = `${lock}.stale.${process.pid}.${Date.now()}`
  try {
    await rename(lock, aside) // atomic: of several waiters only one moves it
  } catch {
    return true
  }
  // Another waiter may have broken it and taken a fresh lock between our read and our rename:
  // then we moved a live lock, and put it back (link fails only if a lock exists again).
  if ((await readFile(aside, 'utf8').catch(() => '')) !== text) {
    await link(aside, lock).catch(() => undefined)
    await rm(aside, { force: true })
    return true
  }
  await rm(aside, { force: true })
  log.warning(`History: broke the stale lock ${lock} (${text.trim() || 'no owner'}).`)
  return true
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
