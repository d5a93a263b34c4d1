/**
 * One analysis, run by `bench/run.ts` in a child process so its peak RSS is its own:
 * `node bench/analyze.ts SOURCE COMPRESS(0|1) ENTRIES(0|1)` → one line of JSON on stdout with the
 * analysis wall time (ms, module loading excluded), the process's peak RSS (bytes), the image's
 * uncompressed size and the compressed size.
 */
import { performance } from 'node:perf_hooks'
import { readImage } from '../src/image/read.ts'
import { parseImageSource } from '../src/image/source.ts'

const [value, compress, entries] = process.argv.slice(2)
if (!value) throw new Error('usage: node bench/analyze.ts SOURCE [COMPRESS 0|1] [ENTRIES 0|1]')
const start = performance.now()
const read = await readImage(parseImageSource(value, 'image'), {
  compress: compress === '1',
  collectEntries: entries !== '0'
})
const ms = performance.now() - start
process.stdout.write(
  `${JSON.stringify({
    ms,
    // resourceUsage().maxRSS is in KiB.
    peakRss: process.resourceUsage().maxRSS * 1024,
    // CPU of this process alone (user + system, ms), module loading included; gzip children not.
    cpuMs: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1000,
    size: read.layers.reduce((a, l) => a + l.size, 0),
    layers: read.layers.length,
    compressed: read.compressed
  })}\n`
)
