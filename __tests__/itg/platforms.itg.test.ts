/**
 * One subject per platform (issue 10): an image built and measured for `linux/amd64` and
 * `linux/arm64` through the whole pipeline (`evaluate` with `Inputs.platform`), and each platform
 * of an existing multi-platform OCI layout measured on its own.
 *
 * The Dockerfile has no RUN step (`FROM scratch`, `COPY ${TARGETARCH}.bin`), so it builds for any
 * platform without emulation, and each platform gets its own content: the amd64 image holds
 * 120,000 bytes, the arm64 one 80,000, so a measurement of the wrong platform cannot pass.
 *
 * - docker20-classic with BuildKit (`DOCKER_BUILDKIT=1`) and buildx (docker driver),
 *   docker26-classic with buildx (the Docker 25+ OCI `docker save` layout), and
 *   docker26-containerd with buildx: `final.platform` is the platform asked for; sizes and
 *   architectures against `docker image inspect` (.Size on the classic store; on the containerd
 *   store .Size is the engine's other figure, kept as `engineSize`, and the unpacked size is the
 *   bytes the Dockerfile copied); both platforms' tags coexist in the engine.
 * - docker20-classic with the classic builder: refused before any build, naming `platforms` (its
 *   cache ignores the platform of FROM scratch stages; see `checkPlatformBuild`).
 * - docker26-containerd/buildx: `--platform linux/amd64,linux/arm64 --output type=oci,tar=false`
 *   (with buildx's default provenance attestations in the index) measured per platform from
 *   `oci:DIR`. Oracles: the compressed size is the sum of the platform manifest's layer
 *   descriptor sizes (read from the layout's JSON here); the uncompressed size is what a tar
 *   reader counts in the layers `skopeo copy --override-arch ARCH` writes to a docker-archive.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { after, test } from 'node:test'
import { detectEngine } from '../../src/engine/detect.ts'
import { parseInputs, type Inputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import { evaluate } from '../../src/pipeline.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { makeContext } from '../helpers/docker.ts'
import { describeEnginePaths, dockerOn, enginePath, envOf, findEngine } from '../helpers/engines.ts'
import type { EnginePath } from '../helpers/engines.ts'
import { missingEngineTest } from '../helpers/engines.ts'
import { flattenedSize } from '../helpers/tar.ts'

const run = promisify(execFile)

/** Bytes of each platform's file, and of the file every platform shares (builder stage only). */
const ARCH_BYTES: Record<string, number> = { amd64: 120_000, arm64: 80_000 }
const COMMON_BYTES = 30_000
const PLATFORMS = ['linux/amd64', 'linux/arm64'] as const

const DOCKERFILE = `FROM scratch AS build
ARG TARGETARCH
COPY common.bin /common.bin
COPY \${TARGETARCH}.bin /app.bin

FROM scratch
COPY --from=build /app.bin /app.bin
`

/** A context of random (incompressible) files: common.bin, amd64.bin, arm64.bin. */
async function context(): Promise<string> {
  const { randomBytes } = await import('node:crypto')
  return makeContext({
    Dockerfile: DOCKERFILE,
    'common.bin': randomBytes(COMMON_BYTES),
    'amd64.bin': randomBytes(ARCH_BYTES['amd64'] as number),
    'arm64.bin': randomBytes(ARCH_BYTES['arm64'] as number)
  })
}

function inputs(dir: string, platform: string): Inputs {
  const values: Record<string, string> = { context: dir, 'keep-images': 'true' }
  return { ...parseInputs(name => values[name] ?? ''), platform }
}

interface Inspected {
  Id: string
  Size: number
  Architecture: string
  Os: string
}

async function inspect(p: EnginePath, ref: string): Promise<Inspected> {
  const list = JSON.parse(await dockerOn(p, ['image', 'inspect', ref])) as Inspected[]
  return list[0] as Inspected
}

describeEnginePaths(
  'one subject per platform: build and measure linux/amd64 and linux/arm64',
  {
    engines: ['docker20-classic', 'docker26-classic', 'docker26-containerd'],
    paths: ['buildkit', 'buildx']
  },
  (p: EnginePath) => {
    test(`final and builder of each platform measured, tags side by side (${p.label})`, async () => {
      const dir = await context()
      const runId = `plat-${Math.random().toString(36).slice(2, 8)}`
      const tags: string[] = []
      try {
        const seen: { platform: string; ref: string; id: string }[] = []
        for (const platform of PLATFORMS) {
          const arch = platform.split('/')[1] as string
          const report = await evaluate(inputs(dir, platform), {
            docker: p.cli,
            log: silentLog,
            runId
          })
          const { final, builder } = report
          assert.ok(builder, 'the builder stage was measured')
          tags.push(final.ref, builder.ref)
          assert.equal(report.build?.engine, p.path)
          // The platform asked for, as the image's config says it.
          assert.equal(final.platform, platform)
          assert.equal(builder.platform, platform)
          assert.match(final.ref, new RegExp(`:latest-linux-${arch}-[0-9a-f]{12}-${runId}$`))
          // The bytes the Dockerfile copied for this platform (Σ st_size: moby's count).
          assert.equal(final.size, ARCH_BYTES[arch])
          assert.equal(builder.size, COMMON_BYTES + (ARCH_BYTES[arch] as number))
          // Oracle: the engine's inspect of the tag the run left.
          const engineFinal = await inspect(p, final.ref)
          const engineBuilder = await inspect(p, builder.ref)
          assert.equal(engineFinal.Architecture, arch)
          assert.equal(engineFinal.Os, 'linux')
          assert.equal(engineBuilder.Architecture, arch)
          if (p.engine.store === 'classic') {
            assert.equal(final.size, engineFinal.Size)
            assert.equal(builder.size, engineBuilder.Size)
            assert.equal(final.engineSize, undefined)
          } else {
            assert.equal(final.engineSize, engineFinal.Size)
            assert.equal(builder.engineSize, engineBuilder.Size)
            // The containerd store keeps compressed blobs: the compressed size is exact there.
            assert.equal(final.compressed?.exact, true)
          }
          seen.push({ platform, ref: final.ref, id: engineFinal.Id })
        }
        // Two platforms, two tags, two images: the second build overwrote nothing.
        const [amd, arm] = seen as [(typeof seen)[0], (typeof seen)[0]]
        assert.notEqual(amd.ref, arm.ref)
        assert.notEqual(amd.id, arm.id)
        assert.equal((await inspect(p, amd.ref)).Architecture, 'amd64')
        assert.equal((await inspect(p, arm.ref)).Architecture, 'arm64')
        // An explicit platform refuses a daemon image of another one (before reading a layer).
        const engine = await detectEngine({ docker: p.cli, log: silentLog })
        await assert.rejects(
          measureImage(parseImageSource(arm.ref, 'image'), {
            engine,
            compress: false,
            waste: false,
            platform: 'linux/amd64',
            log: silentLog
          }),
          (error: Error) =>
            error.message.includes(`${arm.ref}: the image is linux/arm64, not linux/amd64`)
        )
      } finally {
        if (tags.length > 0) await dockerOn(p, ['image', 'rm', ...tags]).catch(() => undefined)
        await rm(dir, { recursive: true, force: true })
      }
    })
  }
)

describeEnginePaths(
  'a platform on the classic builder',
  { engines: ['docker20-classic'], paths: ['classic'] },
  (p: EnginePath) => {
    test(`refused before any build, naming platforms and the fix (${p.label})`, async () => {
      const dir = await context()
      const runId = `plat-${Math.random().toString(36).slice(2, 8)}`
      try {
        await assert.rejects(
          evaluate(inputs(dir, 'linux/arm64'), { docker: p.cli, log: silentLog, runId }),
          (error: Error) => {
            assert.match(error.message, /^platforms: building for linux\/arm64 needs BuildKit/)
            assert.match(error.message, /classic builder/)
            assert.match(error.message, /install buildx/)
            return true
          }
        )
        // Nothing was built: no tag of this run exists.
        const listed = await dockerOn(p, [
          'image',
          'ls',
          '--filter',
          `reference=image-size-budget/*:*-${runId}`,
          '--format',
          '{{.Repository}}:{{.Tag}}'
        ])
        assert.equal(listed.trim(), '')
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })
  }
)

/** The layout's index → the image index → each platform manifest's layer sizes and config. */
async function layoutManifests(
  dir: string
): Promise<Map<string, { config: string; layerSizes: number[]; digest: string }>> {
  const blob = async (digest: string): Promise<unknown> =>
    JSON.parse(await readFile(join(dir, 'blobs', ...digest.split(':')), 'utf8')) as unknown
  interface Desc {
    digest: string
    mediaType: string
    platform?: { os: string; architecture: string }
    annotations?: Record<string, string>
  }
  const top = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: Desc[] }
  const index = (await blob((top.manifests[0] as Desc).digest)) as { manifests: Desc[] }
  const out = new Map<string, { config: string; layerSizes: number[]; digest: string }>()
  for (const d of index.manifests) {
    if (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue
    const m = (await blob(d.digest)) as {
      config: { digest: string }
      layers: { size: number }[]
    }
    out.set(`${d.platform?.os}/${d.platform?.architecture}`, {
      config: m.config.digest,
      layerSizes: m.layers.map(l => l.size),
      digest: d.digest
    })
  }
  return out
}

/** Uncompressed bytes of one platform, as a tar reader counts skopeo's docker-archive of it. */
async function skopeoUncompressed(dir: string, arch: string, scratch: string): Promise<number> {
  const archive = join(scratch, `${arch}.tar`)
  await run('skopeo', [
    'copy',
    '--override-os',
    'linux',
    '--override-arch',
    arch,
    `oci:${dir}:latest`,
    `docker-archive:${archive}`
  ])
  const manifest = JSON.parse(
    (await run('tar', ['-xOf', archive, 'manifest.json'], { maxBuffer: 1 << 20 })).stdout
  ) as { Layers: string[] }[]
  let total = 0
  for (const layer of manifest[0]?.Layers ?? []) {
    const { stdout } = await run('tar', ['-xOf', archive, layer], {
      encoding: 'buffer',
      maxBuffer: 64 << 20
    })
    total += (await flattenedSize(Readable.from([stdout]))).size
  }
  return total
}

const containerd = findEngine('docker26-containerd')
if (typeof containerd === 'string') {
  missingEngineTest('a multi-platform OCI layout measured per platform', containerd)
} else {
  const p = enginePath(containerd, 'buildx')
  let scratch: string | undefined
  after(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true })
  })
  test(`a multi-platform OCI layout (attestations included) measured per platform (${p.label})`, async () => {
    const dir = await context()
    scratch = await mkdtemp(join(tmpdir(), 'isb-oci-platforms-'))
    const layout = join(scratch, 'layout')
    try {
      await run(
        p.cli,
        [
          'buildx',
          'build',
          '--platform',
          PLATFORMS.join(','),
          '--output',
          `type=oci,dest=${layout},tar=false`,
          '--progress=plain',
          dir
        ],
        { env: envOf(p), maxBuffer: 16 << 20 }
      )
      const manifests = await layoutManifests(layout)
      assert.deepEqual([...manifests.keys()].sort(), [...PLATFORMS])
      // skopeo sees the same index: two platform manifests and their attestation manifests.
      const raw = JSON.parse(
        (await run('skopeo', ['inspect', '--raw', `oci:${layout}`])).stdout
      ) as {
        manifests: unknown[]
      }
      assert.equal(raw.manifests.length, 4)
      const sizes: Record<string, number> = {}
      for (const platform of PLATFORMS) {
        const arch = platform.split('/')[1] as string
        const m = await measureImage(parseImageSource(`oci:${layout}`, 'image'), {
          compress: true,
          waste: false,
          platform,
          log: silentLog
        })
        const expected = manifests.get(platform)
        assert.ok(expected)
        assert.equal(m.platform, platform)
        assert.equal(m.id, expected.config)
        // Exact compressed size: Σ layer descriptor sizes of that platform's manifest.
        assert.deepEqual(m.compressed, {
          size: expected.layerSizes.reduce((a, b) => a + b, 0),
          exact: true
        })
        assert.deepEqual(
          m.layers.map(l => l.compressedSize),
          expected.layerSizes
        )
        // Uncompressed: what a tar reader counts in skopeo's copy of that platform.
        const oracle = await skopeoUncompressed(layout, arch, scratch)
        assert.equal(m.size, oracle)
        assert.equal(m.size, ARCH_BYTES[arch])
        sizes[platform] = m.size
      }
      assert.notEqual(sizes['linux/amd64'], sizes['linux/arm64'])
      // A platform the layout does not hold is an error naming it.
      await assert.rejects(
        measureImage(parseImageSource(`oci:${layout}`, 'image'), {
          compress: false,
          waste: false,
          platform: 'linux/s390x',
          log: silentLog
        }),
        /linux\/s390x/
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
}
