/**
 * `bakeBuild` (src/engine/bake-build.ts) against the real engines with buildx 0.13: one
 * `docker buildx bake` run builds four subjects of two bake targets — `app` for linux/amd64 and
 * linux/arm64, `app`'s builder stage for linux/arm64, and `worker` — and each is measured by the
 * image ID bakeBuild returns. Oracles: `docker image inspect` of the tag (.Id, .Architecture, and
 * .Size on the classic store), the bytes each Dockerfile copies (random, so each platform's image
 * differs), and the tags the bake file itself names (`acme/…`), which must not appear: the run
 * replaces tags and output (the file says `type=registry`; nothing may be pushed).
 *
 * Failures: a target whose build fails beside one that builds → a BakeBuildError naming the bake
 * file, the failing target and its stage; a target bake does not know → a BakeBuildError naming
 * the bake file, without a subject.
 *
 * Engines: docker20-classic (docker driver, classic store) and docker26-containerd (docker driver,
 * containerd store: bake's metadata digest is the manifest digest, which is the image's .Id).
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { BakeBuildError, bakeBuild } from '../../src/engine/bake-build.ts'
import { detectEngine } from '../../src/engine/detect.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { silentLog } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import { makeContext } from '../helpers/docker.ts'
import { describeEnginePaths, dockerOn, type EnginePath } from '../helpers/engines.ts'

const ARCH_BYTES: Record<string, number> = { amd64: 120_000, arm64: 80_000 }
const COMMON_BYTES = 30_000
const WORKER_BYTES = 45_000

const DOCKERFILE = `FROM scratch AS build
ARG TARGETARCH
COPY common.bin /common.bin
COPY \${TARGETARCH}.bin /app.bin

FROM scratch
COPY --from=build /app.bin /app.bin
`

const WORKER = `FROM scratch
ARG TOKEN
COPY worker.bin /worker.bin
`

const BAD = `FROM scratch AS build
COPY common.bin /common.bin
COPY missing.bin /missing.bin

FROM scratch
COPY --from=build /common.bin /common.bin
`

/** A context and a bake file naming it by its absolute path (bake resolves contexts from the cwd). */
async function fixture(): Promise<{ dir: string; bakeFile: string; suffix: string }> {
  const suffix = Math.random().toString(36).slice(2, 8)
  const dir = await makeContext({
    Dockerfile: DOCKERFILE,
    'worker.Dockerfile': WORKER,
    'bad.Dockerfile': BAD,
    'common.bin': randomBytes(COMMON_BYTES),
    'amd64.bin': randomBytes(ARCH_BYTES['amd64'] as number),
    'arm64.bin': randomBytes(ARCH_BYTES['arm64'] as number),
    'worker.bin': randomBytes(WORKER_BYTES)
  })
  const bakeFile = join(dir, 'docker-bake.hcl')
  await writeFile(
    bakeFile,
    `target "app" {
  context = "${dir}"
  dockerfile = "Dockerfile"
  platforms = ["linux/amd64", "linux/arm64"]
  tags = ["acme/app-${suffix}:dev"]
  output = ["type=registry"]
}
target "worker" {
  context = "${dir}"
  dockerfile = "worker.Dockerfile"
  args = { TOKEN = "s3cr3t-${suffix}" }
  tags = ["acme/worker-${suffix}:dev"]
}
target "bad" {
  context = "${dir}"
  dockerfile = "bad.Dockerfile"
}
`
  )
  return { dir, bakeFile, suffix }
}

interface Inspected {
  Id: string
  Size: number
  Architecture: string
}

async function inspect(p: EnginePath, ref: string): Promise<Inspected> {
  return (JSON.parse(await dockerOn(p, ['image', 'inspect', ref])) as Inspected[])[0] as Inspected
}

describeEnginePaths(
  'bakeBuild: several subjects of two bake targets in one bake run',
  { engines: ['docker20-classic', 'docker26-containerd'], paths: ['buildx'] },
  (p: EnginePath) => {
    test(`four subjects built in one run and measured by ID (${p.label})`, async () => {
      const { dir, bakeFile, suffix } = await fixture()
      const tag = (what: string): string => `isb-test/bake-${what}:${suffix}`
      const targets = [
        { name: 'app', tag: tag('app-amd64'), platform: 'linux/amd64' },
        { name: 'app', tag: tag('app-arm64'), platform: 'linux/arm64' },
        { name: 'app', tag: tag('build-arm64'), target: 'build', platform: 'linux/arm64' },
        { name: 'worker', tag: tag('worker') }
      ]
      try {
        const engine = await detectEngine({ docker: p.cli, log: silentLog })
        assert.equal(engine.kind, 'buildx')
        const lines: string[] = []
        const log = { ...silentLog, info: (line: string) => lines.push(line) }
        const result = await bakeBuild(engine, { files: [bakeFile], targets, log })
        // One bake run built them all.
        assert.equal(lines.filter(l => /^\S*docker buildx bake /.test(l)).length, 1)
        assert.deepEqual(
          result.built.map(b => [b.name, b.tag, b.target, b.platform]),
          targets.map(t => [t.name, t.tag, t.target, t.platform])
        )
        const expected = [
          { arch: 'amd64', size: ARCH_BYTES['amd64'] },
          { arch: 'arm64', size: ARCH_BYTES['arm64'] },
          { arch: 'arm64', size: COMMON_BYTES + (ARCH_BYTES['arm64'] as number) },
          { arch: 'amd64', size: WORKER_BYTES }
        ]
        for (const [i, built] of result.built.entries()) {
          const want = expected[i] as { arch: string; size: number }
          const engineImage = await inspect(p, built.tag)
          // The ID is the tag's image: the one bake built for this subject.
          assert.equal(built.imageId, engineImage.Id, built.tag)
          assert.equal(engineImage.Architecture, want.arch, built.tag)
          const m = await measureImage(parseImageSource(built.imageId, 'image'), {
            engine,
            compress: false,
            waste: false,
            ...(built.platform ? { platform: built.platform } : {}),
            log: silentLog
          })
          assert.equal(m.platform, `linux/${want.arch}`, built.tag)
          assert.equal(m.size, want.size, built.tag)
          if (p.engine.store === 'classic') assert.equal(m.size, engineImage.Size, built.tag)
          else assert.equal(m.engineSize, engineImage.Size, built.tag)
        }
        // The bake file's own tags were replaced (and its registry output with the engine's store).
        for (const own of [`acme/app-${suffix}:dev`, `acme/worker-${suffix}:dev`]) {
          await assert.rejects(dockerOn(p, ['image', 'inspect', own]), /No such image/)
        }
      } finally {
        await dockerOn(p, ['image', 'rm', ...targets.map(t => t.tag)]).catch(() => undefined)
        await rm(dir, { recursive: true, force: true })
      }
    })

    test(`a failing target beside one that builds: BakeBuildError naming file, target, stage (${p.label})`, async () => {
      const { dir, bakeFile, suffix } = await fixture()
      const okTag = `isb-test/bake-ok:${suffix}`
      try {
        const engine = await detectEngine({ docker: p.cli, log: silentLog })
        await assert.rejects(
          bakeBuild(engine, {
            files: [bakeFile],
            targets: [
              { name: 'worker', tag: okTag },
              { name: 'bad', tag: `isb-test/bake-bad:${suffix}` }
            ],
            mask: { TOKEN: `s3cr3t-${suffix}` },
            log: silentLog
          }),
          (error: unknown) => {
            assert.ok(error instanceof BakeBuildError, String(error))
            assert.equal(error.name, 'BakeBuildError')
            assert.equal(error.request?.name, 'bad')
            assert.equal(error.stage, 'build')
            assert.deepEqual(error.files, [bakeFile])
            assert.equal(error.step?.buildkit?.step, 2)
            assert.match(error.step?.buildkit?.text ?? '', /COPY missing\.bin/)
            assert.ok(
              error.message.startsWith(
                `Build of bake target "bad" of ${bakeFile} failed in stage "build"`
              ),
              error.message
            )
            assert.match(error.message, /missing\.bin/)
            assert.doesNotMatch(error.message, new RegExp(`s3cr3t-${suffix}`))
            return true
          }
        )
      } finally {
        await dockerOn(p, ['image', 'rm', okTag]).catch(() => undefined)
        await rm(dir, { recursive: true, force: true })
      }
    })

    test(`a target the bake file lacks: BakeBuildError naming the file (${p.label})`, async () => {
      const { dir, bakeFile, suffix } = await fixture()
      try {
        const engine = await detectEngine({ docker: p.cli, log: silentLog })
        await assert.rejects(
          bakeBuild(engine, {
            files: [bakeFile],
            targets: [{ name: 'nope', tag: `isb-test/bake-nope:${suffix}` }],
            log: silentLog
          }),
          (error: unknown) => {
            assert.ok(error instanceof BakeBuildError, String(error))
            assert.equal(error.request, undefined)
            assert.match(
              error.message,
              new RegExp(`^Build of bake of ${bakeFile} \\(targets nope\\) failed`)
            )
            assert.match(error.message, /nope/)
            return true
          }
        )
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })
  }
)
