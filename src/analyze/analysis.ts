/**
 * The file analysis of one run, put together: the final image's file index → its report summary
 * (`ImageMeasurement.fileTree`), findings with fixes, and — against a baseline — file and package
 * changes. Pure.
 *
 * The baseline is compared through the best view there is: its full index when its layers were
 * read in this run (`baseline-image`, `base-ref`), else the summary an earlier report carries
 * (`baseline-report`; see `FileTreeSummary`). A baseline without either (a report written before
 * file trees were recorded, a `history` entry) gives no `changes` / `packages`.
 */
import type { DockerfilePlan, ImageMeasurement, Instruction } from '../model.ts'
import { fileChanges, summarizeIndex } from './file-changes.ts'
import type { ChangeSource, FileChange, FileTreeSummary } from './file-changes.ts'
import type { FileIndex } from './file-index.ts'
import { findFindings } from './findings.ts'
import type { Finding } from './findings.ts'
import { diffPackages, imagePackages } from './packages.ts'
import type { InstalledPackage, PackageChange } from './packages.ts'

/** Instructions shown in `source.instruction` are cut to this many characters. */
const INSTRUCTION_MAX = 120

/** What a report gets from the analysis. */
export interface ReportAnalysis {
  changes?: FileChange[]
  changesOmitted?: { rows: number; change: number }
  packages?: PackageChange[]
  findings: Finding[]
}

/** The file tree summary (with installed packages) an image's measurement carries. */
export type ImageFileTree = NonNullable<ImageMeasurement['fileTree']>

/**
 * The bounded summary of an image's final filesystem and its installed OS packages, for the
 * report (see `FileTreeSummary` for the caps).
 */
export function imageFileTree(index: FileIndex): ImageFileTree {
  const packages = imagePackages(index).packages
  return {
    ...summarizeIndex(index),
    ...(packages.length > 0
      ? {
          packages: packages
            .map(p => [p.manager, p.name, p.version, p.size] as [string, string, string, number])
            .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
        }
      : {})
  }
}

/** An instruction as a {@link ChangeSource}: its file and line, its text shortened. */
export function instructionSource(ins: Instruction): ChangeSource {
  const text = `${ins.keyword} ${ins.args.replace(/\s+/g, ' ').trim()}`
  return {
    file: ins.location.file,
    line: ins.location.line,
    instruction: text.length > INSTRUCTION_MAX ? `${text.slice(0, INSTRUCTION_MAX - 1)}…` : text
  }
}

/** Layer index → the Dockerfile line that made it, from the measurement's attribution. */
export function layerSources(image: ImageMeasurement): (layer: number) => ChangeSource | undefined {
  return layer => {
    const ins = image.layers[layer]?.instruction
    return ins ? instructionSource(ins) : undefined
  }
}

/** Inputs of {@link analyzeFiles}. */
export interface AnalysisInput {
  final: ImageMeasurement
  /** The final image's full index; without it there is nothing to analyse. */
  finalIndex?: FileIndex
  baseline?: ImageMeasurement
  /** The baseline's full index, when its layers were read in this run. */
  baselineIndex?: FileIndex
  plan?: DockerfilePlan
  /** True when the final stage copies from a builder stage (a `build-toolchain` finding applies). */
  hasBuilderStage: boolean
}

/**
 * Findings on the final image and changes against the baseline.
 * @returns `findings` always (empty without an index); `changes` and `packages` when the baseline
 *   has an index or a file tree summary.
 */
export function analyzeFiles(input: AnalysisInput): ReportAnalysis {
  const { final, finalIndex, baseline, baselineIndex, plan } = input
  if (!finalIndex) return { findings: [] }
  const sourceOf = layerSources(final)
  const firstOwnLayer = final.layers.filter(l => l.base).length
  const stage = plan?.stages.find(s => s.ref === (final.stage ?? plan.target))
  const findings = findFindings(finalIndex, {
    sourceOf,
    firstOwnLayer,
    hasBuilderStage: input.hasBuilderStage,
    ...(stage ? { fromSource: instructionSource(stage.from) } : {})
  })
  const out: ReportAnalysis = { findings }
  const before: FileIndex | FileTreeSummary | undefined = baselineIndex ?? baseline?.fileTree
  if (!baseline || !before) return out
  const diff = fileChanges(before, finalIndex, { sourceOf })
  out.changes = diff.changes
  if (diff.omitted.rows > 0) out.changesOmitted = diff.omitted
  const beforePackages: InstalledPackage[] | undefined = baselineIndex
    ? imagePackages(baselineIndex).packages
    : baseline.fileTree?.packages?.map(([manager, name, version, size]) => ({
        manager: manager === 'apk' ? 'apk' : 'dpkg',
        name,
        version,
        size
      }))
  const afterPackages = imagePackages(finalIndex)
  if (beforePackages && (beforePackages.length > 0 || afterPackages.packages.length > 0)) {
    out.packages = diffPackages(beforePackages, afterPackages, sourceOf)
  }
  return out
}
