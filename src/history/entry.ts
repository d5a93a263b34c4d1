/**
 * One line of an image's size history: what a run on the default branch (or a release tag)
 * measured, kept so later runs can chart the trend and compare with it without building.
 * Pure: entries from reports, JSON Lines encoding and decoding, and the bounded append.
 *
 * One entry per (image name, platform, commit). A history file holds the entries of one image
 * name (all its platforms), oldest first, one JSON object per line.
 */
import { createHash } from 'node:crypto'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { BUDGET_NAMES, type BudgetName, type ImageMeasurement, type Report } from '../model.ts'

/** The version of the entry format; a reader skips entries of other versions. */
export const HISTORY_ENTRY_VERSION = 1

/** Default number of entries kept per image (input `history-limit`). */
export const DEFAULT_HISTORY_LIMIT = 500

/**
 * How many hex digits of a layer's diff ID an entry keeps: 64 bits, enough to match layers
 * between two measurements of one image, at a quarter of the bytes of a whole digest.
 */
export const DIFF_ID_PREFIX_HEX = 16

/** One budget's outcome as recorded (the sentence for people is not kept). */
export interface HistoryBudget {
  name: BudgetName
  limit: number
  actual: number
  passed: boolean
}

/** One measured image at one commit. Sizes are integer bytes. */
export interface HistoryEntry {
  v: typeof HISTORY_ENTRY_VERSION
  /** The commit measured: 40 (SHA-1) or 64 (SHA-256) hex digits. */
  commit: string
  /** When the commit was first measured, ISO 8601 (UTC); a re-run keeps it ({@link appendEntry}). */
  time: string
  /** The git ref of the run: `refs/heads/main`, `refs/tags/v1.2.0`; absent when unknown. */
  ref?: string
  /** The image's key: the `comment-key` input, else `<Dockerfile>:<target>`, else its repository. */
  name: string
  /** `os/architecture[/variant]`. */
  platform: string
  /** The image ID (`sha256:…`, the config blob's digest), when known. */
  id?: string
  /** Uncompressed size in bytes. */
  size: number
  /** Compressed size in bytes, when measured. */
  compressedSize?: number
  /** True when {@link compressedSize} came from real blobs, false for a gzip estimate. */
  compressedExact?: boolean
  /**
   * The layers, in rootfs order, as `[diff ID prefix, uncompressed bytes]`: the prefix is
   * `sha256:` and {@link DIFF_ID_PREFIX_HEX} hex digits. Its length is the layer count.
   */
  layers: [string, number][]
  /** Bytes the layers store that the final filesystem does not show, when measured. */
  removableBytes?: number
  budgets: HistoryBudget[]
}

/** Where a run's entry comes from, besides its report. */
export interface EntryContext {
  commit: string
  /** ISO 8601; default now. */
  time?: string
  ref?: string
  /** The image's key ({@link HistoryEntry.name}). */
  name: string
}

/**
 * The history entry of a single-image report: its final image, at `ctx.commit`.
 *
 * @throws Error when `ctx.commit` is not a 40- or 64-digit hex SHA or `ctx.name` is empty.
 */
export function entryFromReport(report: Report, ctx: EntryContext): HistoryEntry {
  if (!COMMIT.test(ctx.commit)) {
    throw new Error(`History: "${ctx.commit}" is not a commit SHA (40 or 64 hex digits).`)
  }
  if (ctx.name.trim() === '') throw new Error('History: the image name is empty.')
  const final = report.final
  const entry: HistoryEntry = {
    v: HISTORY_ENTRY_VERSION,
    commit: ctx.commit.toLowerCase(),
    time: ctx.time ?? new Date().toISOString(),
    name: ctx.name,
    platform: final.platform,
    id: final.id,
    size: final.size,
    layers: final.layers.map(layer => [shortDiffId(layer.diffId), layer.size]),
    budgets: report.budgets.map(b => ({
      name: b.name,
      limit: b.limit,
      actual: b.actual,
      passed: b.passed
    }))
  }
  if (ctx.ref !== undefined) entry.ref = ctx.ref
  if (final.compressed) {
    entry.compressedSize = final.compressed.size
    entry.compressedExact = final.compressed.exact
  }
  if (final.waste) entry.removableBytes = final.waste.removableBytes
  return entry
}

/** `sha256:<64 hex>` → `sha256:<first 16 hex>`; other strings are cut to the same length. */
export function shortDiffId(diffId: string): string {
  const colon = diffId.indexOf(':')
  return diffId.slice(0, (colon < 0 ? 0 : colon + 1) + DIFF_ID_PREFIX_HEX)
}

/**
 * The measurement a history entry stands for, as a baseline: sizes and layers (diff ID prefixes
 * and sizes, no history or Dockerfile lines, so layers match by content only), no waste report.
 * `ref` names it for people ("history: main@1a2b3c4").
 */
export function measurementOfEntry(entry: HistoryEntry, ref: string): ImageMeasurement {
  const measurement: ImageMeasurement = {
    ref,
    // A digest as reports require; entries without an ID (none written so far) get a stand-in.
    id: entry.id ?? 'sha256:unknown',
    platform: entry.platform,
    size: entry.size,
    layers: entry.layers.map(([diffId, size], index) => ({
      index,
      diffId,
      size,
      createdBy: ''
    }))
  }
  if (entry.compressedSize !== undefined) {
    measurement.compressed = {
      size: entry.compressedSize,
      exact: entry.compressedExact === true
    }
  }
  return measurement
}

/**
 * `baseline` (from {@link measurementOfEntry}) with each layer's diff ID prefix replaced by the
 * whole diff ID of a layer of `final` that starts with it, so the per-layer comparison (which
 * matches whole diff IDs) sees unchanged layers as the same. Prefixes no layer of `final` has
 * stay as they are: those layers are gone or changed.
 */
export function withFinalDiffIds(
  baseline: ImageMeasurement,
  final: ImageMeasurement
): ImageMeasurement {
  const byPrefix = new Map(final.layers.map(layer => [shortDiffId(layer.diffId), layer.diffId]))
  return {
    ...baseline,
    layers: baseline.layers.map(layer => ({
      ...layer,
      diffId: byPrefix.get(layer.diffId) ?? layer.diffId
    }))
  }
}

/** One JSON line (with its newline) for `entry`. */
export function encodeEntry(entry: HistoryEntry): string {
  return `${JSON.stringify(entry)}\n`
}

/**
 * Entries as a JSON Lines file, oldest first, then `kept`: the lines {@link decodeHistory} could
 * not read, written back as they were so a rewrite never deletes what this version does not
 * understand (an entry of a newer format, a line someone else wrote).
 */
export function encodeHistory(
  entries: readonly HistoryEntry[],
  kept: readonly SkippedLine[] = []
): string {
  return entries.map(encodeEntry).join('') + kept.map(s => `${s.raw}\n`).join('')
}

/** A line that was not a valid entry. */
export interface SkippedLine {
  /** 1-based line number. */
  line: number
  reason: string
  /** The line as it stood (without its line break), kept when the file is rewritten. */
  raw: string
}

/** What {@link decodeHistory} read. */
export interface DecodedHistory {
  entries: HistoryEntry[]
  skipped: SkippedLine[]
}

/**
 * Reads a JSON Lines history. The file is untrusted (anyone with write access to the branch, or
 * to the local file, can put anything there): each line is parsed and validated against the
 * entry schema; a line that fails is skipped and reported (line number and why), so one bad line
 * never loses the rest of the history, and kept (`raw`) for {@link encodeHistory} to write back. Blank lines are ignored. Entries of another format
 * version are skipped too.
 *
 * @param source names the file in the reasons (a path, or `branch:file`).
 * @param maxChars the largest text read; default {@link MAX_HISTORY_BYTES}.
 * @throws Error naming `source` when the text is larger than `maxChars`.
 */
export function decodeHistory(
  text: string,
  source: string,
  maxChars: number = MAX_HISTORY_BYTES
): DecodedHistory {
  if (text.length > maxChars) {
    throw new Error(
      `History ${source}: ${text.length} characters, more than the ${maxChars} a history file may hold.`
    )
  }
  const entries: HistoryEntry[] = []
  const skipped: SkippedLine[] = []
  const lines = text.split('\n')
  lines.forEach((raw, index) => {
    const line = raw.trim()
    if (line === '') return
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch (error) {
      skipped.push({ line: index + 1, reason: `not JSON (${(error as Error).message})`, raw })
      return
    }
    const validate = validator()
    if (!validate(value)) {
      const first = validate.errors?.[0]
      skipped.push({
        line: index + 1,
        reason: `not a history entry: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`,
        raw
      })
      return
    }
    entries.push(value as HistoryEntry)
  })
  return { entries, skipped }
}

/** One warning sentence per skipped line, naming the file and line. */
export function skippedWarnings(source: string, skipped: readonly SkippedLine[]): string[] {
  return skipped.map(
    s => `History ${source}, line ${s.line}: not read (${s.reason}); kept in the file as it is.`
  )
}

/**
 * `entries` with `entry` added, oldest first, bounded to the newest `limit`. An entry for the
 * same commit, name and platform (a re-run) is replaced where it stands rather than repeated,
 * and keeps the replaced entry's `time` (when the commit was first measured), so the history
 * stays in commit order by place and by time: a re-run of an older commit does not become the
 * newest point of the page or of a `drift-since` date.
 *
 * @throws Error when `limit` is not a positive integer.
 */
export function appendEntry(
  entries: readonly HistoryEntry[],
  entry: HistoryEntry,
  limit: number = DEFAULT_HISTORY_LIMIT
): HistoryEntry[] {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new Error(`Input history-limit: ${limit} is not a positive whole number.`)
  }
  const same = (e: HistoryEntry): boolean =>
    e.commit === entry.commit && e.name === entry.name && e.platform === entry.platform
  const next = entries.some(same)
    ? entries.map(e => (same(e) ? { ...entry, time: e.time } : e))
    : [...entries, entry]
  return next.slice(Math.max(0, next.length - limit))
}

/**
 * A file name for the history of image `name`, safe on every file system and in URLs: the name
 * with every character outside `[A-Za-z0-9._-]` replaced by `-` (runs collapsed, at most 60
 * characters, no leading dot or dash), then `-` and 8 hex digits of the name's SHA-256 (so two
 * names that slug alike never share a file), then `.jsonl`. The entries carry the name itself.
 */
export function historyFileName(name: string): string {
  const slug =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .slice(0, 60)
      .replace(/[.-]+$/, '') || 'image'
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8)
  return `${slug}-${hash}.jsonl`
}

/** The largest history file read, in characters: 500 entries of 40 layers take about 1 MB. */
export const MAX_HISTORY_BYTES = 16 * 1024 * 1024

const COMMIT = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/
const MAX_SAFE = Number.MAX_SAFE_INTEGER

const bytes = { type: 'integer', minimum: 0, maximum: MAX_SAFE } as const
const signed = { type: 'number', minimum: -MAX_SAFE, maximum: MAX_SAFE } as const

/** The JSON Schema (draft 2020-12) of one line; unknown properties are allowed (later additions). */
export const HISTORY_ENTRY_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:image-size-budget:history-entry:1',
  type: 'object',
  required: ['v', 'commit', 'time', 'name', 'platform', 'size', 'layers', 'budgets'],
  properties: {
    v: { const: HISTORY_ENTRY_VERSION },
    commit: { type: 'string', pattern: '^(?:[0-9a-f]{40}|[0-9a-f]{64})$' },
    time: { type: 'string', maxLength: 64, pattern: '^\\d{4}-\\d\\d-\\d\\dT' },
    ref: { type: 'string', maxLength: 1024 },
    name: { type: 'string', minLength: 1, maxLength: 4096 },
    platform: { type: 'string', maxLength: 256 },
    id: {
      type: 'string',
      maxLength: 256,
      pattern: '^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$'
    },
    size: bytes,
    compressedSize: bytes,
    compressedExact: { type: 'boolean' },
    layers: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'array',
        prefixItems: [{ type: 'string', maxLength: 128 }, bytes],
        minItems: 2,
        maxItems: 2
      }
    },
    removableBytes: bytes,
    budgets: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name', 'limit', 'actual', 'passed'],
        properties: {
          name: {
            enum: [...BUDGET_NAMES]
          },
          limit: signed,
          actual: signed,
          passed: { type: 'boolean' }
        }
      }
    }
  }
} as const

let compiled: ValidateFunction | undefined
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ strict: true, allErrors: false }).compile(HISTORY_ENTRY_SCHEMA)
  return compiled
}
