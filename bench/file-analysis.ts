/**
 * One run of the file analysis cost row of `npm run bench` (issue 9), in a child process so its
 * peak RSS is its own: `node bench/file-analysis.ts SOURCE WITH(0|1)` → one line of JSON.
 *
 * - WITH=0: the analysis as before issue 9 — `readImage` with entries collected, no file
 *   details (`IMAGE_SIZE_BUDGET_NO_FILE_HASH=1`, set by the parent), then `analyzeWaste`.
 * - WITH=1: the same read hashing every file and recording modes and package databases, then
 *   `analyzeWaste`, the file index, its report summary and the findings — what `measureImage`
 *   and the pipeline now do for the final image.
 */
import { performance } from 'node:perf_hooks'
import { imageFileTree } from '../src/analyze/analysis.ts'
import { indexFromEntries } from '../src/analyze/file-index.ts'
import { findFindings } from '../src/analyze/findings.ts'
import { readImage } from '../src/image/read.ts'
import { parseImageSource } from '../src/image/source.ts'
import { analyzeWaste } from '../src/waste/analyze.ts'

const [value, withIndex] = process.argv.slice(2)
if (!value) throw new Error('usage: node bench/file-analysis.ts SOURCE WITH(0|1)')
const start = performance.now()
const read = await readImage(parseImageSource(value, 'image'), {
  compress: false,
  collectEntries: withIndex === '1' ? 'details' : true
})
const readMs = performance.now() - start
const entries = read.entries ?? []
analyzeWaste(entries)
let files = 0
let summaryBytes = 0
let findings = 0
// Main-thread time of the index, its summary and the findings (after the read), ms.
let indexMs = 0
if (withIndex === '1') {
  const indexStart = performance.now()
  const index = indexFromEntries(entries)
  files = index.files.size
  summaryBytes = JSON.stringify(imageFileTree(index)).length
  findings = findFindings(index, { hasBuilderStage: true }).length
  indexMs = performance.now() - indexStart
}
const ms = performance.now() - start
process.stdout.write(
  `${JSON.stringify({
    ms,
    readMs,
    indexMs,
    // CPU of this process (user + system, ms; module loading included): steadier than wall time
    // on a loaded machine. `docker save` runs in the daemon and is not counted.
    cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    sysCpuMs: process.resourceUsage().systemCPUTime / 1000,
    peakRss: process.resourceUsage().maxRSS * 1024,
    files,
    summaryBytes,
    findings
  })}\n`
)
