/**
 * `npm run bench`: how fast and how lean the image reader is, on this machine, against the
 * shell pipelines it replaces. Not a test: it prints a table and exits 0.
 *
 * For each image — the ~460 MB Go toolchain image (`isb-local/golang:1.19`) and the example's
 * final image (`examples/go-web` built on the local stand-ins) — and each of `BENCH_ROUNDS`
 * rounds (default 3; the median is reported):
 *
 * - floor: `docker save IMG > /dev/null` — the I/O floor;
 * - drain: `docker save IMG` read through a pipe by this process and discarded — what any reader
 *   pays before doing anything with the bytes (informational);
 * - ours, compression off: `readImage` (entries collected, as for the final image) in a child
 *   process (`bench/analyze.ts`), its wall time and peak RSS;
 * - gzip pipeline: `docker save IMG | gzip -6 | wc -c`, its wall time and byte count (zlib: not
 *   what a push stores; for comparison);
 * - ours, compression on: the same analysis with the compressed-size estimate (Go's
 *   `compress/gzip` at its default level, as WebAssembly threads: `src/image/compress.ts`);
 * - pushed: once per image, `docker push` to a loopback registry (Debian's `docker-registry`)
 *   and the sum of the manifest's layer blob sizes — what the estimate predicts — with the
 *   push's wall time (the engine compresses natively, with Go, on the daemon's side).
 *
 * Then the warm re-run rows (issue 7, `warmRerun`): the CLI on the example with everything cached
 * against the plain `docker build` of its final target, with BuildKit and with the classic
 * builder; `BENCH_ONLY=rerun` runs only those rows.
 * The three-images row (issue 10, `bench/images.ts`; `BENCH_ONLY=images`): one run of three images
 * measured concurrently against one after another.
 *
 * Targets: ≤ 1.3× the floor without compression, ≤ 0.6× the gzip pipeline with it, peak RSS
 * ≤ 150 MB (issue 3: the process, its compression threads included); the estimate within 0.5%
 * of the pushed bytes (issue 7). The pipeline compresses the whole archive (outer tar headers
 * and JSON included); our figure is the layers alone.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { REGISTRY_BIN, startRegistry } from '../__tests__/helpers/registry.ts'
import type { TestRegistry } from '../__tests__/helpers/registry.ts'
import { imagesRow, imagesTable } from './images.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const NODE = process.execPath
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 3))
const GO_IMAGE = 'isb-local/golang:1.19'
const BUSYBOX = 'isb-local/busybox:latest'
const EXAMPLE_TAG = 'isb-bench/go-web:latest'

interface Analysis {
  ms: number
  peakRss: number
  size: number
  layers: number
  compressed?: { size: number; exact: boolean }
}

/** Runs a command to completion; resolves with its stdout (text) and wall time in ms. */
function timed(
  cmd: string,
  args: string[],
  stdout: 'pipe' | number = 'pipe',
  env: NodeJS.ProcessEnv = process.env
): Promise<{ ms: number; out: string }> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', stdout, 'pipe'] })
    let out = ''
    let err = ''
    child.stdout?.on('data', (c: Buffer) => {
      if (out.length < 65536) out += c.toString()
    })
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()))
    child.on('error', reject)
    child.on('close', code => {
      const ms = performance.now() - start
      if (code === 0) resolve({ ms, out })
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${String(code)}: ${err.trim()}`))
    })
  })
}

/** `docker save IMG > /dev/null`. */
async function floor(image: string): Promise<number> {
  const devNull = openSync('/dev/null', 'w')
  try {
    return (await timed('docker', ['save', image], devNull)).ms
  } finally {
    closeSync(devNull)
  }
}

/** `docker save IMG`, its output drained by this process and discarded: any reader's own floor. */
async function drain(image: string): Promise<number> {
  return (await timed('docker', ['save', image])).ms
}

/** `docker save IMG | gzip -6 | wc -c`: the two processes joined by a pipe, bytes counted here. */
function gzipPipeline(image: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    const save = spawn('docker', ['save', image], { stdio: ['ignore', 'pipe', 'inherit'] })
    const gzip = spawn('gzip', ['-6', '-c'], { stdio: [save.stdout, 'pipe', 'inherit'] })
    let bytes = 0
    gzip.stdout.on('data', (c: Buffer) => (bytes += c.length))
    let pending = 2
    const done = (code: number | null): void => {
      if (code !== 0) reject(new Error(`docker save | gzip -6 failed (${String(code)})`))
      else if (--pending === 0) resolve({ ms: performance.now() - start, bytes })
    }
    // save's stdout belongs to gzip, so only 'exit' (not 'close') is emitted for save.
    save.on('exit', done)
    gzip.on('close', done)
    save.on('error', reject)
    gzip.on('error', reject)
  })
}

async function analyze(image: string, compress: boolean): Promise<Analysis & { wallMs: number }> {
  const { ms, out } = await timed(NODE, [
    'bench/analyze.ts',
    `docker-daemon:${image}`,
    compress ? '1' : '0',
    '1'
  ])
  return { ...(JSON.parse(out) as Analysis), wallMs: ms }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2
}

async function exists(image: string): Promise<boolean> {
  return timed('docker', ['image', 'inspect', image]).then(
    () => true,
    () => false
  )
}

/** The example's final image on the local stand-ins; busybox when it cannot be built. */
async function exampleImage(): Promise<{ image: string; note: string; built: boolean }> {
  if (await exists(EXAMPLE_TAG))
    return { image: EXAMPLE_TAG, note: 'examples/go-web', built: false }
  try {
    await timed('docker', [
      'build',
      '-q',
      '-t',
      EXAMPLE_TAG,
      '--build-arg',
      `GO_IMAGE=${GO_IMAGE}`,
      '--build-arg',
      `RUNTIME_IMAGE=${BUSYBOX}`,
      'examples/go-web'
    ])
    return { image: EXAMPLE_TAG, note: 'examples/go-web', built: true }
  } catch (err) {
    process.stderr.write(
      `bench: cannot build examples/go-web (${(err as Error).message}); using ${BUSYBOX}\n`
    )
    return { image: BUSYBOX, note: 'busybox', built: false }
  }
}

interface Row {
  image: string
  size: number
  floorMs: number
  drainMs: number
  plainMs: number
  gzipMs: number
  gzipBytes: number
  compMs: number
  compBytes: number
  exact: boolean
  peakRss: number
  /** Layer blob bytes a `docker push` stored, and the push's wall time; NaN without a registry. */
  pushedBytes: number
  pushMs: number
}

/** `docker push` of `image` to `registry`: the stored layer bytes (manifest) and the wall time. */
async function pushed(
  registry: TestRegistry | undefined,
  image: string
): Promise<{ bytes: number; ms: number }> {
  if (!registry) return { bytes: NaN, ms: NaN }
  const repo = `isb-bench/${image.replace(/[^a-z0-9]+/g, '-')}-${process.pid}`
  const target = `${registry.host}/${repo}:bench`
  await timed('docker', ['tag', image, target])
  try {
    const { ms } = await timed('docker', ['push', '-q', target])
    const res = await fetch(`http://${registry.host}/v2/${repo}/manifests/bench`, {
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' }
    })
    if (!res.ok) throw new Error(`manifest of ${target}: HTTP ${res.status}`)
    const manifest = (await res.json()) as { layers: { size: number }[] }
    return { bytes: manifest.layers.reduce((a, l) => a + l.size, 0), ms }
  } finally {
    await timed('docker', ['image', 'rm', target]).catch(() => undefined)
  }
}

async function bench(image: string, registry: TestRegistry | undefined): Promise<Row> {
  const floors: number[] = []
  const drains: number[] = []
  const plains: number[] = []
  const gzips: number[] = []
  const comps: number[] = []
  let gzipBytes = 0
  let compBytes = 0
  let exact = false
  let peakRss = 0
  let size = 0
  for (let round = 0; round < ROUNDS; round++) {
    floors.push(await floor(image))
    drains.push(await drain(image))
    const plain = await analyze(image, false)
    plains.push(plain.ms)
    const gz = await gzipPipeline(image)
    gzips.push(gz.ms)
    gzipBytes = gz.bytes
    const comp = await analyze(image, true)
    comps.push(comp.ms)
    compBytes = comp.compressed?.size ?? NaN
    exact = comp.compressed?.exact ?? false
    peakRss = Math.max(peakRss, plain.peakRss, comp.peakRss)
    size = plain.size
    process.stderr.write(
      `bench: ${image} round ${round + 1}/${ROUNDS}: floor ${((floors.at(-1) ?? NaN) / 1000).toFixed(2)} s, ` +
        `ours ${(plain.ms / 1000).toFixed(2)} s; gzip pipeline ${(gz.ms / 1000).toFixed(2)} s, ` +
        `ours+gzip ${(comp.ms / 1000).toFixed(2)} s\n`
    )
  }
  const push = await pushed(registry, image)
  process.stderr.write(`bench: ${image}: docker push ${(push.ms / 1000).toFixed(2)} s\n`)
  return {
    image,
    size,
    floorMs: median(floors),
    drainMs: median(drains),
    plainMs: median(plains),
    gzipMs: median(gzips),
    gzipBytes,
    compMs: median(comps),
    compBytes,
    exact,
    peakRss,
    pushedBytes: push.bytes,
    pushMs: push.ms
  }
}

function table(rows: Row[]): string {
  const s = (ms: number): string => (ms / 1000).toFixed(2)
  const mark = (ok: boolean): string => (ok ? '✓' : '✗')
  const header = [
    'image',
    'size MB',
    'floor s',
    'drain s',
    'ours s',
    'ratio (≤1.3)',
    'gzip pipe s',
    'ours+gz s',
    'ratio (≤0.6)',
    'gzip -6 B',
    'ours B',
    'vs gzip -6',
    'push s',
    'pushed B',
    'vs pushed (≤0.5%)',
    'peak RSS MB (≤150)'
  ]
  const lines = rows.map(r => {
    const plain = r.plainMs / r.floorMs
    const comp = r.compMs / r.gzipMs
    const dev = (r.compBytes - r.gzipBytes) / r.gzipBytes
    const devPushed = (r.compBytes - r.pushedBytes) / r.pushedBytes
    const rss = r.peakRss / 1e6
    const pct = (x: number, digits = 2): string =>
      `${x >= 0 ? '+' : ''}${(x * 100).toFixed(digits)}%`
    return [
      r.image,
      (r.size / 1e6).toFixed(1),
      s(r.floorMs),
      s(r.drainMs),
      s(r.plainMs),
      `${plain.toFixed(2)}× ${mark(plain <= 1.3)}`,
      s(r.gzipMs),
      s(r.compMs),
      `${comp.toFixed(2)}× ${mark(comp <= 0.6)}`,
      String(r.gzipBytes),
      `${r.compBytes}${r.exact ? '' : ' (est.)'}`,
      pct(dev),
      Number.isNaN(r.pushMs) ? 'n/a' : s(r.pushMs),
      Number.isNaN(r.pushedBytes) ? 'n/a' : String(r.pushedBytes),
      Number.isNaN(devPushed)
        ? 'n/a'
        : `${pct(devPushed, 4)} ${mark(Math.abs(devPushed) <= 0.005)}`,
      `${rss.toFixed(0)} ${mark(rss <= 150)}`
    ]
  })
  const all = [header, ...lines]
  const widths = header.map((_, i) => Math.max(...all.map(l => (l[i] ?? '').length)))
  const fmt = (l: string[]): string =>
    `| ${l.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [fmt(header), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join(
    '\n'
  )
}

// --- Warm re-run of the example (issue 7) --------------------------------------------------------

/**
 * The build paths the warm re-run row drives, each with its docker CLI and `DOCKER_BUILDKIT`:
 * BuildKit through the 20.10 CLI (`BENCH_DOCKER`, else `/usr/bin/docker`), and the classic
 * builder through the CLI on PATH without buildx (`BENCH_CLASSIC_DOCKER`, else `docker`; what
 * `npm run example` uses on this machine), whose build cache is images the run must not delete
 * (issue 7 trial B1); and buildx (the v28 CLI at `/usr/local/bin/docker` with the plugin in
 * `BENCH_BUILDX_CONFIG`, default `/opt/isb-engines/docker-config`: what GitHub's runners run),
 * when that plugin exists. `BENCH_RERUN_PATHS=buildkit` (or `classic`, `buildx`) runs one.
 */
const BUILDX_CONFIG = process.env['BENCH_BUILDX_CONFIG'] ?? '/opt/isb-engines/docker-config'
const RERUN_PATHS: {
  name: string
  docker: string
  buildKit?: '0' | '1'
  env?: Record<string, string>
}[] = [
  {
    name: 'buildkit',
    docker:
      process.env['BENCH_DOCKER'] ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker'),
    buildKit: '1' as const
  },
  {
    name: 'classic',
    docker: process.env['BENCH_CLASSIC_DOCKER'] ?? 'docker',
    buildKit: '0' as const
  },
  // What GitHub's runners run: the v28 CLI with the buildx plugin (docker driver).
  ...(existsSync(join(BUILDX_CONFIG, 'cli-plugins', 'docker-buildx'))
    ? [{ name: 'buildx', docker: '/usr/local/bin/docker', env: { DOCKER_CONFIG: BUILDX_CONFIG } }]
    : [])
].filter(p =>
  (process.env['BENCH_RERUN_PATHS'] ?? 'buildkit,classic,buildx').split(',').includes(p.name)
)
/** The CLI entry: `BENCH_CLI` (e.g. `dist/cli/index.js`), else the sources. */
const RERUN_CLI = process.env['BENCH_CLI'] ?? 'src/bin.ts'
const EXAMPLE_ARGS = [
  '--build-arg',
  `GO_IMAGE=${GO_IMAGE}`,
  '--build-arg',
  `RUNTIME_IMAGE=${BUSYBOX}`,
  'examples/go-web'
]

/** What {@link warmRerun} measured, medians in ms. */
interface RerunRow {
  /** The build path (`buildkit`, `classic`) and its docker CLI. */
  path: string
  docker: string
  cliMs: number
  buildMs: number
  /**
   * CPU (user + system) of the client side, medians in ms: the process and the docker CLI
   * processes it waited for (not the daemon's). Steadier than wall time on a busy machine.
   */
  cliCpuMs?: number
  buildCpuMs?: number
  /** The 1-minute load average before and after the row. */
  load: [number, number]
}

const TIME_BIN = '/usr/bin/time'

/**
 * {@link timed} under GNU time when it is installed: adds the CPU (user + system, ms) of the
 * command and the children it waited for.
 */
async function timedCpu(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ ms: number; out: string; cpuMs?: number }> {
  if (!existsSync(TIME_BIN)) return timed(cmd, args, 'pipe', env)
  mkdirSync(`${ROOT}.tmp`, { recursive: true })
  const file = `${ROOT}.tmp/bench-rerun-time-${process.pid}.txt`
  const run = await timed(TIME_BIN, ['-f', '%U %S', '-o', file, cmd, ...args], 'pipe', env)
  const [user, sys] = readFileSync(file, 'utf8').trim().split(/\s+/).slice(-2).map(Number)
  rmSync(file, { force: true })
  const cpuMs = ((user ?? NaN) + (sys ?? NaN)) * 1000
  return Number.isFinite(cpuMs) ? { ...run, cpuMs } : run
}

/**
 * A warm re-run of the example — the CLI (`npm run example`'s arguments, compressed size of the
 * final image, builder measured from the engine's metadata) with everything in the build cache —
 * against the plain `docker build` of its final target, also cached. Target (issue 7): the CLI
 * adds at most 1.5 s to the build. One unmeasured run of each warms the cache first.
 */
async function warmRerun(path: (typeof RERUN_PATHS)[number]): Promise<RerunRow> {
  const loadBefore = loadavg()[0] ?? NaN
  const env: NodeJS.ProcessEnv = { ...process.env, ...path.env }
  if (path.buildKit === undefined) delete env['DOCKER_BUILDKIT']
  else env['DOCKER_BUILDKIT'] = path.buildKit
  const docker = path.docker
  const report = `${ROOT}.tmp/bench-rerun-report.json`
  const cli = (): Promise<{ ms: number; out: string; cpuMs?: number }> =>
    timedCpu(
      NODE,
      [
        RERUN_CLI,
        '--context',
        'examples/go-web',
        '--build-args',
        `GO_IMAGE=${GO_IMAGE}`,
        '--build-args',
        `RUNTIME_IMAGE=${BUSYBOX}`,
        '--max-size',
        '20MB',
        '--max-ratio',
        '5%',
        '--max-layers',
        '10',
        '--report',
        report,
        '--docker',
        docker
      ],
      env
    )
  const build = (): Promise<{ ms: number; out: string; cpuMs?: number }> =>
    timedCpu(docker, ['build', '-q', '-t', EXAMPLE_TAG, ...EXAMPLE_ARGS], env)
  await cli()
  await build()
  const clis: number[] = []
  const builds: number[] = []
  const cliCpu: number[] = []
  const buildCpu: number[] = []
  const s = (ms: number | undefined): string => ((ms ?? NaN) / 1000).toFixed(2)
  for (let round = 0; round < ROUNDS; round++) {
    const b = await build()
    const c = await cli()
    builds.push(b.ms)
    clis.push(c.ms)
    if (b.cpuMs !== undefined) buildCpu.push(b.cpuMs)
    if (c.cpuMs !== undefined) cliCpu.push(c.cpuMs)
    process.stderr.write(
      `bench: warm re-run (${path.name}) round ${round + 1}/${ROUNDS}: CLI ${s(c.ms)} s (CPU ${s(c.cpuMs)} s), ` +
        `docker build ${s(b.ms)} s (CPU ${s(b.cpuMs)} s); load ${loadavg()
          .map(x => x.toFixed(1))
          .join(' ')}\n`
    )
  }
  await timed(docker, ['image', 'rm', EXAMPLE_TAG]).catch(() => undefined)
  return {
    path: path.name,
    docker,
    cliMs: median(clis),
    buildMs: median(builds),
    ...(cliCpu.length ? { cliCpuMs: median(cliCpu) } : {}),
    ...(buildCpu.length ? { buildCpuMs: median(buildCpu) } : {}),
    load: [loadBefore, loadavg()[0] ?? NaN]
  }
}

function rerunTable(rows: RerunRow[]): string {
  const s = (ms: number | undefined): string => (ms === undefined ? 'n/a' : (ms / 1000).toFixed(2))
  return [
    '| warm re-run of the example | CLI s | docker build s | added s (≤1.5) | CLI CPU s | build CPU s | load (1 min) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(row => {
      const added = (row.cliMs - row.buildMs) / 1000
      return `| ${row.path}: ${RERUN_CLI} --docker ${row.docker} | ${s(row.cliMs)} | ${s(row.buildMs)} | ${added.toFixed(2)} ${added <= 1.5 ? '✓' : '✗'} | ${s(row.cliCpuMs)} | ${s(row.buildCpuMs)} | ${row.load.map(x => x.toFixed(1)).join(' → ')} |`
    })
  ].join('\n')
}

/** The warm re-run rows of every path in {@link RERUN_PATHS}, one after the other. */
async function warmRerunRows(): Promise<RerunRow[]> {
  const rows: RerunRow[] = []
  for (const path of RERUN_PATHS) rows.push(await warmRerun(path))
  return rows
}

/** The file analysis row (issue 9): the analysis with and without file index, hashes, findings. */
interface FileAnalysisRow {
  image: string
  withoutMs: number
  withMs: number
  withoutRss: number
  withRss: number
  /** CPU of the analysing process (user + system), medians, ms: steadier than wall time under load. */
  withoutCpuMs: number
  withCpuMs: number
  files: number
  summaryBytes: number
}

/**
 * Runs `bench/file-analysis.ts` on the Go toolchain image, without (hashing off through
 * `IMAGE_SIZE_BUDGET_NO_FILE_HASH=1`) and with the file analysis, alternating, `ROUNDS` times each;
 * medians. Target (issue 9): at most 15% on top of the analysis without it.
 */
async function fileAnalysisRow(): Promise<FileAnalysisRow> {
  const one = async (
    withIndex: boolean
  ): Promise<{
    ms: number
    cpuMs: number
    peakRss: number
    files: number
    summaryBytes: number
  }> => {
    const env = { ...process.env }
    if (withIndex) delete env['IMAGE_SIZE_BUDGET_NO_FILE_HASH']
    else env['IMAGE_SIZE_BUDGET_NO_FILE_HASH'] = '1'
    const { out } = await timed(
      NODE,
      ['bench/file-analysis.ts', `docker-daemon:${GO_IMAGE}`, withIndex ? '1' : '0'],
      'pipe',
      env
    )
    return JSON.parse(out) as {
      ms: number
      cpuMs: number
      peakRss: number
      files: number
      summaryBytes: number
    }
  }
  const without: number[] = []
  const withIdx: number[] = []
  const withoutCpu: number[] = []
  const withCpu: number[] = []
  let withoutRss = 0
  let withRss = 0
  let files = 0
  let summaryBytes = 0
  for (let round = 0; round < ROUNDS; round++) {
    const a = await one(false)
    const b = await one(true)
    without.push(a.ms)
    withIdx.push(b.ms)
    withoutCpu.push(a.cpuMs)
    withCpu.push(b.cpuMs)
    withoutRss = Math.max(withoutRss, a.peakRss)
    withRss = Math.max(withRss, b.peakRss)
    files = b.files
    summaryBytes = b.summaryBytes
    process.stderr.write(
      `bench: file analysis round ${round + 1}/${ROUNDS}: without ${(a.ms / 1000).toFixed(2)} s, with ${(b.ms / 1000).toFixed(2)} s\n`
    )
  }
  return {
    image: GO_IMAGE,
    withoutMs: median(without),
    withMs: median(withIdx),
    withoutRss,
    withRss,
    withoutCpuMs: median(withoutCpu),
    withCpuMs: median(withCpu),
    files,
    summaryBytes
  }
}

function fileAnalysisTable(row: FileAnalysisRow): string {
  const extra = row.withMs / row.withoutMs - 1
  const mb = (b: number): string => (b / 1e6).toFixed(0)
  return [
    '| file analysis (issue 9) | without s | with s | added (target ≤ 15%) | CPU-s without / with | peak RSS MB without / with | files | file tree summary |',
    '|---|---|---|---|---|---|---|---|',
    `| ${row.image} | ${(row.withoutMs / 1000).toFixed(2)} | ${(row.withMs / 1000).toFixed(2)} | ${(extra * 100).toFixed(1)}% ${extra <= 0.15 ? '✓' : '✗'} | ${(row.withoutCpuMs / 1000).toFixed(2)} / ${(row.withCpuMs / 1000).toFixed(2)} (+${((row.withCpuMs / row.withoutCpuMs - 1) * 100).toFixed(0)}%) | ${mb(row.withoutRss)} / ${mb(row.withRss)} | ${row.files} | ${row.summaryBytes} bytes |`
  ].join('\n')
}

async function main(): Promise<void> {
  const load = (): string =>
    loadavg()
      .map(x => x.toFixed(2))
      .join(' ')
  process.stderr.write(`bench: ${ROUNDS} rounds per image; load average ${load()}\n`)
  if (process.env['BENCH_ONLY'] === 'files') {
    // Only the file analysis row (issue 9).
    process.stdout.write(`${fileAnalysisTable(await fileAnalysisRow())}\n`)
    return
  }
  if (process.env['BENCH_ONLY'] === 'images') {
    // Only the three-images row (issue 10).
    process.stdout.write(`${imagesTable(await imagesRow(ROUNDS))}\n`)
    return
  }
  if (process.env['BENCH_ONLY'] === 'rerun') {
    // Only the warm re-run row (issue 7), e.g. on a busy machine.
    process.stdout.write(`${rerunTable(await warmRerunRows())}\n`)
    return
  }
  if (!(await exists(GO_IMAGE))) {
    process.stdout.write(`bench: ${GO_IMAGE} is missing; run scripts/make-base-images.sh first\n`)
    return
  }
  const example = await exampleImage()
  const registry = existsSync(REGISTRY_BIN) ? await startRegistry() : undefined
  if (!registry) process.stderr.write(`bench: no ${REGISTRY_BIN}; the pushed columns are n/a\n`)
  const rows: Row[] = []
  try {
    rows.push(await bench(GO_IMAGE, registry))
    rows.push(await bench(example.image, registry))
  } finally {
    if (example.built) await timed('docker', ['image', 'rm', example.image]).catch(() => undefined)
    await registry?.stop()
  }
  process.stdout.write(`${table(rows)}\n`)
  process.stdout.write(`\n${rerunTable(await warmRerunRows())}\n`)
  process.stdout.write(`\n${fileAnalysisTable(await fileAnalysisRow())}\n`)
  process.stdout.write(`\n${imagesTable(await imagesRow(ROUNDS))}\n`)
  process.stdout.write(
    `Analysis = readImage with entries collected, in a child process (module loading excluded from its ` +
      `time). Medians of ${ROUNDS} rounds; load average at the end ${load()} on ` +
      `${String((await import('node:os')).availableParallelism())} cores.\n`
  )
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
