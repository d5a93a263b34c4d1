/**
 * The CLI (src/bin.ts, the same core as the action) on every engine and build path this machine
 * has (`__tests__/helpers/engines.ts`): Docker 20.10 classic store (classic builder, BuildKit,
 * buildx), Docker 26.1 classic store (buildx) and Docker 26.1 containerd image store (buildx).
 *
 * The same multi-stage Dockerfile of known sizes must give, on every engine, the same
 * uncompressed sizes (known constants on top of the base image's size on the 20.10 engine), the
 * base/added split, the builder stage, and the config digest as the image ID (oracle: the
 * engine's own `docker save`). Compressed sizes are exact where the engine stores compressed blobs
 * (the containerd store), checked against what `docker push` from that engine stores in a
 * loopback registry; elsewhere they are an estimate, compared with the push for the record.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, before, test } from 'node:test'
import { detectEngine } from '../../src/engine/detect.ts'
import type { Log } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import { LOCAL_BUSYBOX, LOCAL_GO, makeContext } from '../helpers/docker.ts'
import { describeEnginePaths, dockerOn, enginePath, envOf, findEngine } from '../helpers/engines.ts'
import type { EnginePath } from '../helpers/engines.ts'
import { startRegistry, type TestRegistry } from '../helpers/registry.ts'

const run = promisify(execFile)
const BIN = new URL('../../src/bin.ts', import.meta.url).pathname
const EXAMPLE = new URL('../../examples/go-web', import.meta.url).pathname

/** Bytes the build stage writes to /out (3 MB random, 2 MB zeros) and to /scratch (1 MB). */
const RANDOM_BYTES = 3_000_000
const ZERO_BYTES = 2_000_000
const SCRATCH_BYTES = 1_000_000

const EXAMPLE_ARGS = [
  '--context',
  EXAMPLE,
  '--build-args',
  `GO_IMAGE=${LOCAL_GO}`,
  '--build-args',
  `RUNTIME_IMAGE=${LOCAL_BUSYBOX}`
]

interface Measured {
  ref: string
  id: string
  size: number
  engineSize?: number
  compressed?: { size: number; exact: boolean }
  layers: {
    size: number
    compressedSize?: number
    base?: boolean
    instruction?: { keyword: string; location: { line: number } }
  }[]
  base?: { image: string; size: number; layerCount: number; addedSize: number }
}
interface Report {
  build: { engine: string }
  stageChoice?: { builder?: string }
  final: Measured
  builder?: Measured
}

/** `.Size` of the base image on the 20.10 engine: the reference every engine must reproduce. */
async function referenceSize(image: string): Promise<number> {
  const { stdout } = await run(
    '/usr/bin/docker',
    ['image', 'inspect', '--format', '{{.Size}}', image],
    {
      env: { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' }
    }
  )
  return Number(stdout.trim())
}

/** Runs `docker ARGS` with `p`'s CLI and environment. */
const docker = dockerOn

/** Runs the CLI with `--json` and returns the report; rejects with its output on failure. */
async function cliReport(p: EnginePath, args: string[]): Promise<Report> {
  try {
    const { stdout } = await run(
      process.execPath,
      [BIN, '--docker', p.cli, '--json', '--keep-images', ...args],
      {
        env: envOf(p),
        maxBuffer: 64 * 1024 * 1024
      }
    )
    // Schema 2: one entry per image and platform; this run measures one image.
    const measured = JSON.parse(stdout) as { schemaVersion: number; images: Report[] }
    assert.equal(measured.schemaVersion, 2)
    assert.equal(measured.images.length, 1)
    return measured.images[0]!
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(`CLI failed on ${p.label}: ${e.message}\n${e.stderr ?? ''}`)
  }
}

/** The config digest `docker save` names for `ref`: the image ID on every store. */
async function savedConfigDigest(p: EnginePath, ref: string): Promise<string> {
  const dir = await makeContext({})
  try {
    const archive = join(dir, 'image.tar')
    await docker(p, ['save', '-o', archive, ref])
    const { stdout } = await run('tar', ['-xOf', archive, 'manifest.json'])
    const manifest = JSON.parse(stdout) as { Config: string }[]
    const m = /([0-9a-f]{64})(?:\.json)?$/.exec(manifest[0]?.Config ?? '')
    assert.ok(m, `manifest.json names a config: ${stdout.slice(0, 200)}`)
    return `sha256:${m[1]}`
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Layer blob sizes of `repo:tag` in `registry`, from its manifest. */
async function pushedLayerSizes(
  registry: TestRegistry,
  repo: string,
  tag: string
): Promise<number[]> {
  const res = await fetch(`http://${registry.host}/v2/${repo}/manifests/${tag}`, {
    headers: {
      Accept: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.manifest.v1+json'
      ].join(', ')
    }
  })
  assert.equal(res.status, 200, `manifest of ${repo}:${tag}`)
  const manifest = (await res.json()) as { layers: { size: number }[] }
  return manifest.layers.map(l => l.size)
}

const quietLog: Log = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: async (_name, fn) => fn()
}

let busyboxBytes = 0
let registry: TestRegistry
const contexts: string[] = []
before(async () => {
  busyboxBytes = await referenceSize(LOCAL_BUSYBOX)
  registry = await startRegistry()
})
after(async () => {
  await registry?.stop()
  await Promise.all(contexts.map(d => rm(d, { recursive: true, force: true })))
})

const DOCKERFILE = (nonce: string): string =>
  [
    `FROM ${LOCAL_BUSYBOX} AS build`,
    `RUN mkdir /out && head -c ${RANDOM_BYTES} /dev/urandom >/out/random && dd if=/dev/zero of=/out/zeros bs=1000 count=${ZERO_BYTES / 1000} && echo ${nonce}`,
    `RUN dd if=/dev/zero of=/scratch bs=1000 count=${SCRATCH_BYTES / 1000}`,
    `FROM ${LOCAL_BUSYBOX} AS app`,
    'COPY --from=build /out/random /app/random',
    'COPY --from=build /out/zeros /app/zeros',
    ''
  ].join('\n')

describeEnginePaths('known sizes', {}, p => {
  const nonce = Math.random().toString(36).slice(2)
  let report: Report
  let ctx: string

  before(async () => {
    ctx = await makeContext({ Dockerfile: DOCKERFILE(nonce) })
    contexts.push(ctx)
    report = await cliReport(p, ['--context', ctx])
  })
  after(async () => {
    const refs = [report?.final.ref, report?.builder?.ref].filter((r): r is string => !!r)
    if (refs.length) await docker(p, ['image', 'rm', '-f', ...refs]).catch(() => undefined)
  })

  test(`${p.label}: builds with ${p.path} and picks the build stage as the builder`, () => {
    assert.equal(report.build.engine, p.path)
    assert.equal(report.stageChoice?.builder, 'build')
  })

  test(`${p.label}: uncompressed sizes are the unpacked layers, the same on every engine`, () => {
    assert.equal(report.final.size, busyboxBytes + RANDOM_BYTES + ZERO_BYTES)
    assert.equal(report.builder?.size, busyboxBytes + RANDOM_BYTES + ZERO_BYTES + SCRATCH_BYTES)
    assert.deepEqual(
      report.final.layers.map(l => l.size),
      [busyboxBytes, RANDOM_BYTES, ZERO_BYTES]
    )
  })

  test(`${p.label}: base/added split and Dockerfile lines`, () => {
    assert.deepEqual(report.final.base, {
      image: LOCAL_BUSYBOX,
      size: busyboxBytes,
      layerCount: 1,
      addedSize: RANDOM_BYTES + ZERO_BYTES
    })
    assert.deepEqual(
      report.final.layers.map(l => [
        l.base === true,
        l.instruction?.keyword,
        l.instruction?.location.line
      ]),
      [
        [true, undefined, undefined],
        [false, 'COPY', 5],
        [false, 'COPY', 6]
      ]
    )
  })

  test(`${p.label}: the image ID is the config digest (as docker save names it)`, async () => {
    assert.equal(report.final.id, await savedConfigDigest(p, report.final.ref))
    assert.equal(report.builder?.id, await savedConfigDigest(p, report.builder?.ref ?? ''))
  })

  test(`${p.label}: the engine's own figure is reported beside ours only where it differs in meaning`, async () => {
    const inspectSize = Number(
      (await docker(p, ['image', 'inspect', '--format', '{{.Size}}', report.final.ref])).trim()
    )
    if (p.engine.store === 'containerd') {
      assert.equal(report.final.engineSize, inspectSize)
      assert.notEqual(inspectSize, report.final.size)
    } else {
      assert.equal(report.final.engineSize, undefined)
      assert.equal(inspectSize, report.final.size)
    }
  })

  test(`${p.label}: compressed size against what docker push stores`, async t => {
    const repo = `isb-test/engines-${p.engine.name}-${p.path}`
    const target = `${registry.host}/${repo}:${nonce}`
    await docker(p, ['tag', report.final.ref, target])
    try {
      await docker(p, ['push', '-q', target])
    } finally {
      await docker(p, ['image', 'rm', target]).catch(() => undefined)
    }
    const pushed = await pushedLayerSizes(registry, repo, nonce)
    const pushedTotal = pushed.reduce((a, b) => a + b, 0)
    const ours = report.final.compressed
    assert.ok(ours, 'a compressed size')
    t.diagnostic(
      `${p.label}: compressed ${ours.size} (${ours.exact ? 'exact' : 'estimate'}), docker push stored ${pushedTotal} (${(((ours.size - pushedTotal) / pushedTotal) * 100).toFixed(3)}%)`
    )
    if (p.engine.store === 'containerd') {
      // The store holds the compressed blobs; a push sends them as they are.
      assert.equal(ours.exact, true)
      assert.deepEqual(
        report.final.layers.map(l => l.compressedSize),
        pushed
      )
      assert.equal(ours.size, pushedTotal)
    } else {
      assert.equal(ours.exact, false)
      // An estimate of what a push stores: within 0.5% (issue 7).
      assert.ok(Math.abs(ours.size - pushedTotal) / pushedTotal < 0.005)
    }
  })
})

// The example on the newer engines, against the same run on Docker 20.10 with BuildKit (the build
// path failed on the containerd store before the --iidfile digest was resolved).
let exampleReference: Promise<Report> | undefined
/** The example measured on docker20-classic/buildkit, once. */
function exampleOn20(): Promise<Report> {
  const found = findEngine('docker20-classic')
  if (typeof found === 'string') return Promise.reject(new Error(found))
  exampleReference ??= cliReport(enginePath(found, 'buildkit'), EXAMPLE_ARGS)
  return exampleReference
}

describeEnginePaths('the example', { engines: ['docker26-classic', 'docker26-containerd'] }, p => {
  let report: Report
  let reference: Report
  before(async () => {
    reference = await exampleOn20()
    report = await cliReport(p, EXAMPLE_ARGS)
  })
  after(async () => {
    const refs = [report?.final.ref, report?.builder?.ref].filter((r): r is string => !!r)
    if (refs.length) await docker(p, ['image', 'rm', '-f', ...refs]).catch(() => undefined)
  })

  test(`${p.label}: the example measures as on Docker 20.10`, t => {
    t.diagnostic(
      `${p.label}: final ${report.final.size}, builder ${report.builder?.size}; docker20-classic/buildkit: ${reference.final.size}, ${reference.builder?.size}`
    )
    assert.equal(report.final.size, reference.final.size)
    assert.equal(report.builder?.size, reference.builder?.size)
    assert.deepEqual(
      report.final.layers.map(l => l.size),
      reference.final.layers.map(l => l.size)
    )
    assert.equal(report.final.base?.image, LOCAL_BUSYBOX)
    assert.equal(report.final.base?.size, busyboxBytes)
    assert.equal(report.stageChoice?.builder, 'build')
    assert.equal(report.final.compressed?.exact, p.engine.store === 'containerd')
  })
})

// An image without layers (FROM scratch + metadata): the classic store refuses to save it, the
// containerd store saves it with `"Layers": null` and an `.Id` that is not the config digest.
describeEnginePaths('an image without layers', { paths: ['buildx'] }, p => {
  const tag = `isb-test/engines-empty:${Math.random().toString(36).slice(2)}`
  let ctx: string
  before(async () => {
    ctx = await makeContext({ Dockerfile: `FROM scratch\nLABEL isb.test=${tag}\n` })
    contexts.push(ctx)
    await dockerOn(p, ['buildx', 'build', '-q', '--load', '--provenance=false', '-t', tag, ctx])
  })
  after(async () => {
    await dockerOn(p, ['image', 'rm', '-f', tag]).catch(() => undefined)
  })

  test(`${p.label}: size 0, no layers, the config digest as the ID`, async () => {
    const engine = await detectEngine({ docker: p.cli, log: quietLog })
    const m = await measureImage(
      { transport: 'docker-daemon', ref: tag },
      { engine, compress: true, waste: true, log: quietLog }
    )
    assert.equal(m.size, 0)
    assert.deepEqual(m.layers, [])
    assert.deepEqual(m.compressed, { size: 0, exact: true })
    if (p.engine.store === 'containerd') {
      assert.equal(m.id, await savedConfigDigest(p, tag))
    } else {
      assert.equal(
        m.id,
        (await dockerOn(p, ['image', 'inspect', '--format', '{{.Id}}', tag])).trim()
      )
    }
  })
})
