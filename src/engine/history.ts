/**
 * An image's layer table from the engine's metadata alone — `docker image history` beside
 * `docker image inspect` — so an image whose file entries and compressed size are not needed (the
 * builder stage, by default) is measured without streaming its layers out of the engine.
 *
 * `docker image history` lists the config's `history` entries newest first, each with the size of
 * the layer it made (moby `daemon/images/image_history.go`: `DiffSize()` of the entry's layer in
 * the classic store, 0 for an `empty_layer` entry). It does not say which entries are empty, and
 * a layer can be 0 bytes too (`WORKDIR` of a new directory: directories count 0), so the entries
 * that made layers are worked out here ({@link layersFromHistory}); when that is not certain the
 * caller reads the image instead.
 */
import { historyKeyword } from '../dockerfile/attribute.ts'
import type { HistoryEntry } from '../image/history.ts'
import type { Log } from '../log.ts'
import type { Engine } from './detect.ts'
import { cliMessage, runDocker } from './docker-cli.ts'
import { apiMessage, apiRequest, refPath } from './engine-api.ts'

/** One entry of `docker image history`, oldest first after {@link parseEngineHistory}. */
export interface EngineHistoryEntry {
  /** `created_by`, tabs shown as spaces by the CLI (the attribution collapses whitespace anyway). */
  createdBy: string
  comment: string
  /** RFC 3339, as the CLI prints `CreatedAt` with `--human=false`. */
  created: string
  /** Bytes of the layer the entry made as the engine counts them; 0 for an empty entry. */
  size: number
}

/**
 * `docker image history --no-trunc --human=false --format '{{json .}}'` output (one JSON object a
 * line, newest first, `Size` a decimal string) → entries oldest first.
 * @throws Error naming `ref` when a line is not such an object.
 */
export function parseEngineHistory(stdout: string, ref: string): EngineHistoryEntry[] {
  const entries: EngineHistoryEntry[] = []
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw new Error(`docker image history of "${ref}" printed a line that is not JSON`)
    }
    const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
    const raw = o['Size']
    const size =
      typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : NaN
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new Error(
        `docker image history of "${ref}" printed no byte count in ${line.slice(0, 200)}`
      )
    }
    const text = (v: unknown): string => (typeof v === 'string' ? v : '')
    entries.push({
      createdBy: text(o['CreatedBy']),
      comment: text(o['Comment']),
      created: text(o['CreatedAt']),
      size
    })
  }
  return entries.reverse()
}

/**
 * `GET /images/REF/history` (the API answer `docker image history` formats: a JSON array, newest
 * first, `Created` in Unix seconds, `Size` a number) → entries oldest first, `created` in RFC 3339
 * UTC as the CLI prints it with `--human=false` on a UTC machine.
 * @throws Error naming `ref` when the answer is not such an array.
 */
export function parseApiHistory(body: string, ref: string): EngineHistoryEntry[] {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    value = undefined
  }
  if (!Array.isArray(value)) {
    throw new Error(`the engine's history of "${ref}" is not a JSON array`)
  }
  const text = (v: unknown): string => (typeof v === 'string' ? v : '')
  return value
    .map((item: unknown): EngineHistoryEntry => {
      const o = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>
      const size = o['Size']
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new Error(`the engine's history of "${ref}" has an entry without a byte count`)
      }
      const seconds = o['Created']
      const created =
        typeof seconds === 'number' && Number.isFinite(seconds)
          ? new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z')
          : ''
      return { createdBy: text(o['CreatedBy']), comment: text(o['Comment']), created, size }
    })
    .reverse()
}

/** What {@link layersFromHistory} found. */
export type HistoryLayers =
  | {
      ok: true
      /** The config's `history` as the engine shows it, `empty_layer` worked out. */
      history: HistoryEntry[]
      /** Bytes of each layer, in rootfs order (`sizes[k]` is `rootfs.diff_ids[k]`'s). */
      sizes: number[]
    }
  | { ok: false; reason: string }

/** Keywords whose entries may make a layer (the rest only change the config). */
const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR'])

/**
 * Which history entries made the image's `layerCount` layers, and their sizes.
 *
 * Every entry with a size made a layer. Among the 0-byte entries, as many as are still missing
 * made one: all or none of them when that decides it; else only those whose instruction can make
 * a layer (RUN, COPY, ADD, WORKDIR, or no `created_by` at all, as `docker import` writes) when
 * they are exactly as many as are missing. Otherwise the answer is not certain: `ok: false` with
 * the reason, and the caller reads the image's config instead. Pure.
 *
 * @param entries `docker image history`, oldest first
 * @param layerCount the image's `RootFS.Layers` count (`docker image inspect`)
 */
export function layersFromHistory(
  entries: EngineHistoryEntry[],
  layerCount: number
): HistoryLayers {
  if (entries.length === 0) {
    return layerCount === 0
      ? { ok: true, history: [], sizes: [] }
      : { ok: false, reason: `the image has ${layerCount} layers but no history` }
  }
  const sized = entries.filter(e => e.size > 0).length
  const missing = layerCount - sized
  if (missing < 0) {
    return {
      ok: false,
      reason: `${sized} history entries have a size but the image has ${layerCount} layers`
    }
  }
  const zero = entries.flatMap((e, i) => (e.size === 0 ? [i] : []))
  let made: Set<number>
  if (missing === 0) made = new Set()
  else if (missing === zero.length) made = new Set(zero)
  else {
    const candidates = zero.filter(i => {
      const keyword = historyKeyword({ created_by: (entries[i] as EngineHistoryEntry).createdBy })
      return keyword === undefined || LAYER_KEYWORDS.has(keyword)
    })
    if (candidates.length !== missing) {
      return {
        ok: false,
        reason: `${missing} of its ${zero.length} history entries of 0 bytes made layers, and which cannot be told from their instructions`
      }
    }
    made = new Set(candidates)
  }
  const history: HistoryEntry[] = []
  const sizes: number[] = []
  entries.forEach((e, i) => {
    const entry: HistoryEntry = { created: e.created, created_by: e.createdBy }
    if (e.comment) entry.comment = e.comment
    if (e.size > 0 || made.has(i)) sizes.push(e.size)
    else entry.empty_layer = true
    history.push(entry)
  })
  return { ok: true, history, sizes }
}

/**
 * `docker image history` of `ref`, oldest first; undefined, with the reason at debug level, when
 * the command fails (the caller then reads the image). Needs no inspect first, so it can run
 * beside one. Never rejects for the engine's answer (only when the CLI cannot be started at all,
 * or the API socket cannot be reached).
 */
export async function engineHistory(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  ref: string,
  log: Log
): Promise<EngineHistoryEntry[] | undefined> {
  if (engine.api) {
    const answer = await apiRequest(engine.api, 'GET', `/images/${refPath(ref)}/history`)
    try {
      if (answer.status !== 200) throw new Error(apiMessage(answer))
      return parseApiHistory(answer.body, ref)
    } catch (error) {
      log.debug(
        `docker image history ${ref}: ${(error as Error).message}; reading the image instead`
      )
      return undefined
    }
  }
  const run = await runDocker(
    engine.docker,
    ['image', 'history', '--no-trunc', '--human=false', '--format', '{{json .}}', '--', ref],
    { env: engine.env }
  )
  if (run.exitCode !== 0) {
    log.debug(`docker image history ${ref}: ${cliMessage(run)}; reading the image instead`)
    return undefined
  }
  try {
    return parseEngineHistory(run.stdout, ref)
  } catch (error) {
    log.debug(`${(error as Error).message}; reading the image instead`)
    return undefined
  }
}

/**
 * The layers of `ref` from its `docker image history` ({@link engineHistory}, or `entries` when
 * the caller already ran it) and its layer count ({@link layersFromHistory}). Undefined, with the
 * reason at debug level, when the engine's answer does not tell the layers apart for certain or
 * the command failed: the caller then reads the image.
 *
 * @param layerCount the image's layer count from `docker image inspect`
 */
export async function engineHistoryLayers(
  engine: Pick<Engine, 'docker' | 'env' | 'api'>,
  ref: string,
  layerCount: number,
  log: Log,
  entries?: Promise<EngineHistoryEntry[] | undefined>
): Promise<Extract<HistoryLayers, { ok: true }> | undefined> {
  const history = await (entries ?? engineHistory(engine, ref, log))
  if (!history) return undefined
  const found = layersFromHistory(history, layerCount)
  if (!found.ok) {
    log.debug(`docker image history ${ref}: ${found.reason}; reading the image instead`)
    return undefined
  }
  return found
}
