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
 *
 * Bounded: the file holds every image's entries, so the per-image `--history-limit` alone does
 * not bound it (16 images × 500 entries of 40 layers ≈ 16 MB). A rewrite that would pass
 * {@link MAX_HISTORY_BYTES} keeps fewer entries of every image (the newest N each, N as large as
 * fits) and warns; a file over it (an older version, a hand-made file) is still read, up to
 * {@link MAX_LOCAL_HISTORY_READ}, so the next rewrite brings it back under.
 */
import { link, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import {
  appendEntry,
  decodeHistory,
  encodeEntry,
  encodeHistory,
  MAX_HISTORY_BYTES,
  skippedWarnings,
  type DecodedHistory,
  DEFAULT_HISTORY_LIMIT,
  type HistoryEntry,
  type SkippedLine
} from './entry.ts'
import type { Log } from '../log.ts'

/**
 * The largest local history file read, in characters: 4 × {@link MAX_HISTORY_BYTES}, so a file
 * grown over the limit is still read (and trimmed by the next rewrite) rather than refused.
 */
export const MAX_LOCAL_HISTORY_READ = 4 * MAX_HISTORY_BYTES

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
  const decoded = decodeHistory(text, path, MAX_LOCAL_HISTORY_READ)
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
    const appended = [...others, ...appendEntry(mine, entry, limit)]
    const next = boundedHistory(appended, skipped, MAX_HISTORY_BYTES)
    if (next.length < appended.length) {
      const names = new Set(appended.map(e => e.name)).size
      const kept = Math.max(...countByName(next).values())
      opts.log.warning(
        `History ${path}: ${names} ${names === 1 ? 'image' : 'images'} with up to ${limit} entries each would pass the ${MAX_HISTORY_BYTES / 2 ** 20} MiB a history file may hold, so only the newest ${kept} entries of each image are kept (${appended.length - next.length} older entries removed). Use a lower --history-limit, or one --history file per image.`
      )
    }
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

/**
 * `entries` (oldest first, several image names) cut so that their JSON Lines with the `kept`
 * lines fit in `maxChars`: the newest N entries of every name, N the largest that fits; order
 * kept. `entries` unchanged when they fit.
 *
 * @throws Error when even one entry per name does not fit.
 */
export function boundedHistory(
  entries: readonly HistoryEntry[],
  kept: readonly SkippedLine[],
  maxChars: number
): HistoryEntry[] {
  const keptChars = kept.reduce((sum, s) => sum + s.raw.length + 1, 0)
  const sizes = entries.map(e => encodeEntry(e).length)
  // Each entry's place among its name's entries, counted from the newest (0 = the newest).
  const fromNewest: number[] = new Array<number>(entries.length).fill(0)
  const seen = new Map<string, number>()
  for (let i = entries.length - 1; i >= 0; i--) {
    const name = (entries[i] as HistoryEntry).name
    const n = seen.get(name) ?? 0
    fromNewest[i] = n
    seen.set(name, n + 1)
  }
  const total = (cap: number): number =>
    sizes.reduce((sum, size, i) => ((fromNewest[i] ?? 0) < cap ? sum + size : sum), keptChars)
  const most = Math.max(0, ...seen.values())
  if (total(most) <= maxChars) return [...entries]
  if (total(1) > maxChars) {
    throw new Error(
      `History: even one entry of each of the ${seen.size} images takes more than the ${maxChars} characters a history file may hold. Use one --history file per image.`
    )
  }
  let lo = 1
  let hi = most
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (total(mid) <= maxChars) lo = mid
    else hi = mid
  }
  return entries.filter((_, i) => (fromNewest[i] ?? 0) < lo)
}

function countByName(entries: readonly HistoryEntry[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const e of entries) counts.set(e.name, (counts.get(e.name) ?? 0) + 1)
  return counts
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
