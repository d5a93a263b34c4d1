/**
 * The three-images row of `npm run bench` (issue 10; `BENCH_ONLY=images` runs only it): one run
 * of three images (a config file's worth: `FROM scratch` + `COPY` of `BENCH_IMAGE_MB` (default 30)
 * MB of random bytes each, so reading and the compressed-size estimate do real work), measured
 * by `evaluateRun` (`src/run.ts`) with the images concurrently (up to the core count) against one
 * after another (a pool of 1). Builds are cached after a warm-up run; the per-layer estimate cache
 * is off (`ISB_NO_CACHE=1`) so every round estimates. Rounds alternate; medians are reported.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseInputs } from '../src/inputs.ts'
import { silentLog } from '../src/log.ts'
import { evaluateRun } from '../src/run.ts'
import { parseConfigText, runSpecFromConfig } from '../src/spec/config-file.ts'

/** The three-images row: wall times in ms (medians), the images' bytes, the cores. */
export interface ImagesRow {
  concurrentMs: number
  sequentialMs: number
  imageBytes: number
  cores: number
  rounds: number
  load: [number, number]
}

/** Measures the row; `rounds` of each mode, alternating, after one warm-up (builds cached). */
export async function imagesRow(rounds: number): Promise<ImagesRow> {
  const loadBefore = loadavg()[0] ?? NaN
  const megabytes = Math.max(1, Number(process.env['BENCH_IMAGE_MB'] ?? 30))
  const dir = await mkdtemp(join(tmpdir(), 'isb-bench-images-'))
  const noCache = process.env['ISB_NO_CACHE']
  process.env['ISB_NO_CACHE'] = '1'
  try {
    const names = ['one', 'two', 'three']
    for (const name of names) {
      await mkdir(join(dir, name))
      await writeFile(join(dir, name, 'Dockerfile'), 'FROM scratch\nCOPY blob /blob\n')
      await writeFile(join(dir, name, 'blob'), randomBytes(megabytes * 1_000_000))
    }
    const config = `images:\n${names.map(n => `  - name: ${n}\n    context: ${join(dir, n)}\n`).join('')}`
    const spec = runSpecFromConfig(parseConfigText(config, 'bench'), () => '')
    const inputs = parseInputs(() => '')
    const run = async (concurrency: number): Promise<number> => {
      const start = performance.now()
      const report = await evaluateRun(spec, inputs, { log: silentLog }, concurrency)
      if (report.images.length !== names.length) throw new Error('bench: an image is missing')
      return performance.now() - start
    }
    await run(availableParallelism())
    const concurrent: number[] = []
    const sequential: number[] = []
    for (let round = 0; round < rounds; round++) {
      concurrent.push(await run(availableParallelism()))
      sequential.push(await run(1))
      process.stderr.write(
        `bench: three images round ${round + 1}/${rounds}: concurrent ${(concurrent.at(-1)! / 1000).toFixed(2)} s, one after another ${(sequential.at(-1)! / 1000).toFixed(2)} s\n`
      )
    }
    return {
      concurrentMs: median(concurrent),
      sequentialMs: median(sequential),
      imageBytes: megabytes * 1_000_000,
      cores: availableParallelism(),
      rounds,
      load: [loadBefore, loadavg()[0] ?? NaN]
    }
  } finally {
    if (noCache === undefined) delete process.env['ISB_NO_CACHE']
    else process.env['ISB_NO_CACHE'] = noCache
    await rm(dir, { recursive: true, force: true })
  }
}

/** The row as a markdown table. */
export function imagesTable(row: ImagesRow): string {
  const s = (ms: number): string => (ms / 1000).toFixed(2)
  return [
    '| three images in one run | concurrent s | one after another s | ratio | cores | load (1 min) |',
    '|---|---|---|---|---|---|',
    `| 3 × FROM scratch + COPY ${row.imageBytes / 1_000_000} MB random, compressed estimate, median of ${row.rounds} | ${s(row.concurrentMs)} | ${s(row.sequentialMs)} | ${(row.concurrentMs / row.sequentialMs).toFixed(2)} | ${row.cores} | ${row.load.map(x => x.toFixed(1)).join(' → ')} |`
  ].join('\n')
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
