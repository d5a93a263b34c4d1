/**
 * The plain data the whole action passes around. Every value here is JSON-serialisable, so one
 * image's measurement can be listed, compared, stored in a report and rendered many times.
 *
 * Units: every size is an integer count of bytes. Human units appear only at the edges
 * (markdown, terminal, log lines), via `src/units.ts`.
 */

import type { FileChange, FileTreeSummary } from './analyze/file-changes.ts'
import type { Finding } from './analyze/findings.ts'
import type { PackageChange } from './analyze/packages.ts'

export type { ChangeSource, FileChange, FileTreeSummary } from './analyze/file-changes.ts'
export type { Finding, FindingRule } from './analyze/findings.ts'
export type { PackageChange } from './analyze/packages.ts'

/** A position in a Dockerfile; `line` is 1-based. */
export interface SourceLocation {
  file: string
  line: number
}

/** One Dockerfile instruction, as written (continuations joined, heredoc bodies dropped). */
export interface Instruction {
  /** Upper-case keyword: `RUN`, `COPY`, `ADD`, `ENV`, `FROM`, … */
  keyword: string
  /** The instruction text without its keyword, as written on the lines it spans. */
  args: string
  /** The stage that holds it: its name, else its 0-based index as a string. */
  stage: string
  location: SourceLocation
  /**
   * Stages (by ref) this instruction copies from or mounts: `COPY --from=<stage>`,
   * `RUN --mount=…,from=<stage>`. Absent when it uses no other stage (external images excluded).
   */
  copiesFrom?: string[]
}

/** How a stage starts: from another stage of the same Dockerfile, an external image, or scratch. */
export type StageBase =
  { kind: 'stage'; stage: string } | { kind: 'image'; image: string } | { kind: 'scratch' }

/** One stage of a Dockerfile. */
export interface Stage {
  /** 0-based position among the FROM instructions. */
  index: number
  /** The `AS` name, lower-cased as BuildKit does; undefined for unnamed stages. */
  name?: string
  /** The name if any, else the index as a string: what `--target` and `--from` resolve to. */
  ref: string
  /** The FROM image after ARG substitution. */
  base: StageBase
  /** Instructions after FROM, in order (FROM itself excluded). */
  instructions: Instruction[]
  /** The FROM instruction itself. */
  from: Instruction
  /** Stages (by ref) this stage copies from or mounts (`COPY --from`, `RUN --mount=from=`). */
  copiesFrom: string[]
}

/** The parsed Dockerfile with the final target resolved. */
export interface DockerfilePlan {
  file: string
  stages: Stage[]
  /** Ref of the final stage (the `target` input, else the last stage). */
  target: string
  /**
   * Builder candidates: the stages the final stage (or any stage in its FROM chain) copies from,
   * in order of first use, with collector stages (`FROM scratch` stages that only gather files
   * from other stages) replaced by the stages they gather from. External images are not stages
   * and never appear here.
   */
  builderCandidates: string[]
}

/** Which stage was taken as the builder, and why. */
export interface StageChoice {
  target: string
  builder?: string
  candidates: string[]
  /** One sentence for people: "only stage the final stage copies from", … */
  reason: string
  /** For several candidates: bytes each candidate's copies add to the final image. */
  copiedBytes?: Record<string, number>
}

/** One layer of an image, in rootfs (manifest) order. */
export interface Layer {
  /** 0-based position in `rootfs.diff_ids`. */
  index: number
  /** `sha256:…` digest of the uncompressed layer tar. */
  diffId: string
  /** Uncompressed size in bytes as the engine counts it (moby `directory.Size`). */
  size: number
  /** Compressed blob size in bytes; absent when not measured. */
  compressedSize?: number
  /** The history entry's `created_by`. */
  createdBy: string
  /** The Dockerfile instruction that made this layer, when it could be attributed. */
  instruction?: Instruction
  /** True when the final stage's external base image already holds this layer. */
  base?: boolean
}

/** Compressed (pull) size of an image. */
export interface CompressedSize {
  /** Bytes: the sum of the layer blobs' sizes. The config blob is never included. */
  size: number
  /** True when read from real blobs (manifest descriptors), false for an estimate of what `docker push` stores (Go gzip). */
  exact: boolean
  /**
   * Beside an exact size: the estimate for the same layers, so the image compares with an
   * image whose size is only estimated (registry blobs may be compressed at any level).
   */
  estimate?: number
}

/** One path that occurs in more than one layer. */
export interface WastedPath {
  path: string
  /**
   * Σ size over its occurrences minus the bytes of them that survive in the final filesystem
   * (0 when deleted or hidden; a hardlinked inode survives while any of its names does), in bytes.
   */
  removableBytes: number
  /** Σ size over its occurrences (dive's cumulative size), in bytes. */
  cumulativeBytes: number
  /** Layer indexes where the path occurs, in order. */
  layers: number[]
}

/** A file of the merged (final) file tree. */
export interface FileSize {
  path: string
  size: number
  layer: number
}

/**
 * Wasted space: dive's efficiency score (wagoodman/dive `dive/filetree/efficiency.go`) and the
 * removable bytes (src/waste/analyze.ts `analyzeWaste` says how both differ from dive's).
 */
export interface WasteReport {
  /** Σ min / Σ cumulative over paths, 1 when no path repeats. */
  efficiency: number
  /**
   * What the layers store that the final filesystem does not show: Σ per path of cumulative −
   * surviving bytes = the uncompressed size − the flattened filesystem (`docker export`).
   */
  removableBytes: number
  /** Top wasted paths, largest removable bytes first. */
  topPaths: WastedPath[]
  /** Largest files of the merged tree, largest first. */
  largestFiles: FileSize[]
}

/** The part of an image that comes from the final stage's external base image. */
export interface BaseSplit {
  /** The base image reference (`scratch` for none). */
  image: string
  /** Bytes of the layers shared with the base (0 for scratch). */
  size: number
  layerCount: number
  /** Bytes the Dockerfile adds on top: image size − base size. */
  addedSize: number
}

/** What was measured: one image. The unit the report lists, compares and renders. */
export interface ImageMeasurement {
  /** How the user or the build named it: tag, ID or transport reference. */
  ref: string
  /** Image ID: the digest of the config blob, `sha256:…`. */
  id: string
  /** The Dockerfile stage it was built from, when this action built it. */
  stage?: string
  /** `os/architecture[/variant]`, e.g. `linux/amd64`. */
  platform: string
  /**
   * Uncompressed size in bytes: the sum of the layers' unpacked sizes (Σ st_size of non-directory
   * entries, each inode once, a symlink its target's length), on every image store. (A builder
   * read from the classic store's metadata instead of its layers has the engine's figures.)
   */
  size: number
  /**
   * The engine's own `docker image inspect .Size`, when it differs from {@link size}: always on
   * the containerd image store (Docker 26.1 there reports the image's content blobs, not the
   * unpacked layers); on the classic store when a layer the engine applied from a tar (BuildKit,
   * `docker load`) holds symlinks, which the engine counts as 0 bytes there. Absent otherwise.
   */
  engineSize?: number
  compressed?: CompressedSize
  layers: Layer[]
  waste?: WasteReport
  /**
   * A bounded summary of the final filesystem (paths of at least 64 kB, directory totals) and
   * its OS packages, so a later run can diff against this report (`baseline-report`). Written
   * for the final image only.
   */
  fileTree?: FileTreeSummary & {
    /** Installed OS packages: `[manager, name, version, bytes]`. */
    packages?: [string, string, string, number][]
  }
  base?: BaseSplit
}

/**
 * Names of the budgets, in report order; the same strings are the action's input names. The
 * report and history schemas take their `enum` from here.
 */
export const BUDGET_NAMES = [
  'max-size',
  'max-compressed-size',
  'max-ratio',
  'max-increase',
  'max-layers',
  'max-wasted-size',
  'min-efficiency',
  'max-findings-size'
] as const

/** One of {@link BUDGET_NAMES}. */
export type BudgetName = (typeof BUDGET_NAMES)[number]

/** How a budget's numbers read: bytes, a fraction (0.05 = 5%), or a plain count. */
export type BudgetUnit = 'bytes' | 'ratio' | 'count'

/** The outcome of one budget. A value equal to its limit passes. */
export interface BudgetResult {
  name: BudgetName
  /** What was measured: "final image uncompressed size", … */
  subject: string
  unit: BudgetUnit
  limit: number
  actual: number
  passed: boolean
  /** One line for people, with human units and bytes. */
  message: string
}

/** Final vs builder. */
export interface BuilderComparison {
  /** builder size − final size, in bytes (negative if the final image is larger). */
  saved: number
  /** final size / builder size. */
  ratio: number
  /** (1 − ratio) × 100. */
  percentSaved: number
}

/** Final vs baseline (an earlier image: `baseline-image`, `baseline-report` or `base-ref`). */
export interface BaselineComparison {
  /** final size − baseline size, uncompressed, in bytes (negative when the image shrank). */
  change: number
  /** change / baseline size × 100 (0 when the baseline size is 0). */
  changePercent: number
  /** final compressed − baseline compressed, in bytes; present when both were measured. */
  compressedChange?: number
  /** compressedChange / baseline compressed size × 100 (0 when that size is 0); with compressedChange. */
  compressedChangePercent?: number
  /**
   * True when |change| is below `min-change` (default 1 kB): shown as unchanged. Absent when the
   * comparison was made without a `min-change` (older reports).
   */
  unchanged?: boolean
}

/**
 * One image on one platform, measured and judged: the unit a run is made of. It is the body of a
 * schema-1 report ({@link Report}) and of each entry of a schema-2 run ({@link ImageEntry}).
 */
export interface ImageResult {
  /** Present when this run built from a Dockerfile. */
  build?: {
    context: string
    file: string
    target: string
    engine: EngineKind
    /** buildx only: the builder that built the image and its driver (`docker`, `remote`, …). */
    builder?: { name: string; driver?: string }
    /** The `build-args` keys. Their values are never written: they may be secrets. */
    buildArgNames?: string[]
    /** Older reports only (keys and values): never written now, still read as baselines. */
    buildArgs?: Record<string, string>
  }
  stageChoice?: StageChoice
  final: ImageMeasurement
  builder?: ImageMeasurement
  comparison?: BuilderComparison
  /** The image this run is compared with, when a baseline was given. */
  baseline?: ImageMeasurement
  baselineComparison?: BaselineComparison
  /**
   * File changes against the baseline, folded (src/analyze/file-changes.ts), largest first;
   * present when a baseline was compared file by file.
   */
  changes?: FileChange[]
  /** Rows of `changes` left out by its cap, and their net bytes. */
  changesOmitted?: { rows: number; change: number }
  /** OS package changes against the baseline (dpkg, apk), largest first. */
  packages?: PackageChange[]
  /** Findings with fixes on the final image (src/analyze/findings.ts), largest first. */
  findings?: Finding[]
  budgets: BudgetResult[]
  /** Every budget of this image passed (true when it has none). */
  passed: boolean
}

/** The tool that wrote a report. */
export interface ToolInfo {
  name: 'image-size-budget'
  version: string
}

/**
 * The JSON report of schema version 1: one image. Written by earlier versions; still read as a
 * baseline (`baseline-report`), by `mode: comment` and by `mode: aggregate` (as a run of one
 * image, {@link RunReport}).
 */
export interface Report extends ImageResult {
  schemaVersion: 1
  tool: ToolInfo
  createdAt: string
}

/** One entry of a run: an image on one platform. */
export interface ImageEntry extends ImageResult {
  /**
   * The image's key everywhere (summary row, history, baseline lookup): the config file's
   * `name`, the bake target, or for a single-image run its comment key.
   */
  name: string
  /** The platform measured, `os/arch[/variant]` (equals `final.platform`). */
  platform: string
}

/**
 * The JSON report of schema version 2: one run, one entry per image and platform, and the run's
 * verdict. A run of one image has one entry.
 */
export interface RunReport {
  schemaVersion: 2
  tool: ToolInfo
  createdAt: string
  /** Entries in the order the run's spec lists images, then platforms. */
  images: ImageEntry[]
  /**
   * The subjects (image × platform) of a run of several whose build or measurement failed, in
   * spec order; absent when none did. Each has no entry in `images`, and makes `passed` false.
   */
  failures?: RunFailure[]
  /** Every entry passed and no subject failed. */
  passed: boolean
}

/**
 * A subject of a run of several (an image on one platform) that failed to build or measure. The
 * text is bounded and build-argument values in it are masked (`***`).
 */
export interface RunFailure {
  /** The image's name (config `name`, bake target). */
  name: string
  /** The platform asked for, `os/arch[/variant]`; `default` for the engine's own when none was. */
  platform: string
  /** One sentence: what failed (`Build of final stage "app" failed (exit code 3).`). */
  message: string
  /** The stage the build failed in (model stage ref), when the log tells. */
  stage?: string
  /** The Dockerfile the failure is at and its 1-based line, when the log tells. */
  file?: string
  line?: number
  /** The failing instruction as written (`RUN exit 3`), when found in the Dockerfile. */
  instruction?: string
  /** The build's exit code. */
  exitCode?: number
  /** The last lines of the build log, oldest first. */
  logTail?: string[]
}

/** The build paths the action drives. */
export type EngineKind = 'buildx' | 'buildkit' | 'classic'

/**
 * One entry of a layer tar, reduced to what the waste analysis needs. Produced by the image
 * reader (`src/image/`), consumed by the waste analysis (`src/waste/`).
 */
export interface LayerEntry {
  /** Normalised path: no leading `./` or `/`, no trailing `/`; for whiteouts the path removed. */
  path: string
  /**
   * `whiteout`: `.wh.<name>` removes `path`; `opaque`: `.wh..wh..opq` hides everything below the
   * directory `path` from lower layers.
   */
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'whiteout' | 'opaque' | 'other'
  /**
   * Bytes as the engine counts them: a file's size, a symlink's target length, 0 for directories
   * and whiteouts, 0 for a hardlink whose target is in the same layer (one inode counted once).
   */
  size: number
  /** Link target for symlinks and hardlinks (hardlink targets normalised like `path`). */
  linkTarget?: string
  /** Permission bits (`mode & 0o7777`), owner and mtime (seconds): with the scan's `fileDetails`. */
  mode?: number
  uid?: number
  gid?: number
  mtime?: number
  /** SHA-256 of a regular file's bytes (base64), hashed as it streamed past (`fileDetails`). */
  sha256?: string
  /** The text of an OS package database (src/analyze/file-index.ts `DATABASE_PATHS`). */
  text?: string
}
