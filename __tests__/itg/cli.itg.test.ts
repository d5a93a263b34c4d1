/**
 * The bundled CLI on the bundled example (examples/go-web) under both build paths reachable
 * here, and its exit codes.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import {
  engineLayerCount,
  engineSize,
  LOCAL_BUSYBOX,
  LOCAL_GO,
  makeContext,
  removeImages
} from '../helpers/docker.ts'
import { CLI } from '../helpers/runner.ts'

const EXAMPLE = new URL('../../examples/go-web', import.meta.url).pathname
const LOCAL_BASES = [
  '--build-args',
  `GO_IMAGE=${LOCAL_GO}`,
  '--build-args',
  `RUNTIME_IMAGE=${LOCAL_BUSYBOX}`
]

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          stdout,
          stderr
        })
      }
    )
  })
}

interface ExampleReport {
  build: { engine: string }
  final: {
    platform: string
    id: string
    ref: string
    size: number
    layers: {
      size: number
      base?: boolean
      instruction?: { keyword: string; location: { line: number } }
    }[]
    base?: { size: number; addedSize: number }
  }
  builder: { id: string; ref: string; size: number; stage: string }
  stageChoice: { builder: string; reason: string }
  comparison: { ratio: number; saved: number }
  passed: boolean
}

const paths = [
  {
    name: 'classic builder (v28 CLI without buildx)',
    docker: 'docker',
    env: { DOCKER_BUILDKIT: '0' },
    engine: 'classic'
  },
  {
    name: 'BuildKit (20.10 CLI, DOCKER_BUILDKIT=1)',
    docker: '/usr/bin/docker',
    env: { DOCKER_BUILDKIT: '1' },
    engine: 'buildkit'
  }
]

describe('CLI on examples/go-web', () => {
  // Images kept (--keep-images) so the engine can be asked about them; removed at the end.
  const kept: string[] = []
  after(() => removeImages(...kept))

  for (const path of paths) {
    test(
      `${path.name}: builds, measures, passes its budgets`,
      { skip: !existsSync(path.docker === 'docker' ? '/usr/local/bin/docker' : path.docker) },
      async () => {
        const reportPath = join(tmpdir(), `isb-example-${path.engine}-${process.pid}.json`)
        const result = await cli(
          [
            '--context',
            EXAMPLE,
            '--max-size',
            '20MB',
            '--max-ratio',
            '5%',
            '--docker',
            path.docker,
            '--report',
            reportPath,
            '--keep-images',
            ...LOCAL_BASES
          ],
          path.env
        )
        assert.equal(result.code, 0, result.stderr)
        const run = JSON.parse(await readFile(reportPath, 'utf8')) as {
          schemaVersion: number
          images: (ExampleReport & { name: string; platform: string })[]
          passed: boolean
        }
        assert.equal(run.schemaVersion, 2)
        assert.equal(run.images.length, 1)
        const report = run.images[0]!
        // The entry's name is the image's comment key; the run's verdict is its one entry's.
        assert.equal(report.name, `${join(EXAMPLE, 'Dockerfile')}:1`)
        assert.equal(report.platform, report.final.platform)
        assert.equal(run.passed, report.passed)
        kept.push(report.final.ref, report.builder.ref)
        await rm(reportPath, { force: true })

        assert.equal(report.build.engine, path.engine)
        assert.equal(report.final.size, await engineSize(report.final.id))
        assert.equal(report.builder.size, await engineSize(report.builder.id))
        assert.ok(report.builder.size > 400_000_000, 'the Go toolchain stage is hundreds of MB')
        assert.ok(report.final.size < 15_000_000, 'the final image is a few MB')
        assert.equal(report.stageChoice.builder, 'build')
        assert.equal(report.builder.stage, 'build')
        // busybox rootfs (1 layer) + COPY --from=build: USER/EXPOSE/ENTRYPOINT add no layer.
        assert.equal(report.final.layers.length, await engineLayerCount(report.final.id))
        assert.equal(report.final.layers.length, 2)
        assert.equal(report.final.layers[0]!.base, true)
        const copy = report.final.layers[1]!
        assert.equal(copy.instruction?.keyword, 'COPY')
        assert.equal(copy.instruction?.location.line, 14)
        assert.equal(report.final.base?.addedSize, copy.size)
        assert.equal(report.comparison.saved, report.builder.size - report.final.size)

        assert.match(result.stdout, /builder\s+image-size-budget\/build:latest-[0-9a-f]{12}/)
        assert.match(result.stdout, /max-size\s+20 MB/)
        assert.match(result.stdout, /All budgets passed/)
      }
    )
  }

  test('a breached budget exits 1 and names it', async () => {
    const result = await cli(['--context', EXAMPLE, '--max-size', '1MB', ...LOCAL_BASES])
    assert.equal(result.code, 1, result.stderr)
    assert.match(result.stderr, /budget exceeded: final image .* exceeds max-size 1 MB/)
    assert.match(result.stdout, /EXCEEDED/)
    assert.match(result.stdout, /Budget exceeded: max-size\./)
  })

  test('usage errors exit 2', async () => {
    const unknown = await cli(['--no-such-option'])
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /Usage: image-size-budget/)
    const badSize = await cli(['--context', EXAMPLE, '--max-size', 'MB'])
    assert.equal(badSize.code, 2)
    assert.match(badSize.stderr, /Input max-size: "MB" is not a size/)
    const missing = await cli(['--context', '/nonexistent-dir'])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /Input context: "\/nonexistent-dir" is not a directory/)
    const noDockerfile = await cli(['--context', EXAMPLE, '--file', '/nonexistent-dir/Dockerfile'])
    assert.equal(noDockerfile.code, 2)
    assert.match(noDockerfile.stderr, /Input file: cannot read the Dockerfile/)
  })

  test('a failed build exits 2 naming the stage and the end of its log', async () => {
    const context = await makeContext({
      Dockerfile: `FROM ${LOCAL_BUSYBOX} AS build\nRUN echo compiling && echo "boom: missing header" && exit 3\nFROM scratch\nCOPY --from=build /bin/busybox /busybox\n`
    })
    try {
      const result = await cli(['--context', context])
      assert.equal(result.code, 2)
      assert.match(result.stderr, /final stage "1"|stage/)
      assert.match(result.stderr, /boom: missing header/)
    } finally {
      await rm(context, { recursive: true, force: true })
    }
  })

  test('a baseline report: unchanged passes max-increase 0, one byte of growth fails it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'isb-cli-baseline-'))
    try {
      const first = join(dir, 'first.json')
      const measured = await cli(['--image', LOCAL_BUSYBOX, '--report', first])
      assert.equal(measured.code, 0, measured.stderr)

      const same = await cli([
        '--image',
        LOCAL_BUSYBOX,
        '--baseline-report',
        first,
        '--max-increase',
        '0',
        '--report',
        join(dir, 'same.json')
      ])
      assert.equal(same.code, 0, same.stderr)
      assert.match(same.stdout, /change vs baseline: unchanged/)

      const smaller = JSON.parse(await readFile(first, 'utf8')) as {
        images: { final: { size: number } }[]
      }
      smaller.images[0]!.final.size -= 1
      const shrunk = join(dir, 'smaller.json')
      await writeFile(shrunk, JSON.stringify(smaller))
      const grew = await cli([
        '--image',
        LOCAL_BUSYBOX,
        '--baseline-report',
        shrunk,
        '--max-increase',
        '0',
        '--min-change',
        '0',
        '--report',
        join(dir, 'grew.json')
      ])
      assert.equal(grew.code, 1, grew.stderr)
      assert.match(grew.stderr, /exceeds max-increase 0 B by 1 B \(1 byte\)/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('--help exits 0', async () => {
    const result = await cli(['--help'])
    assert.equal(result.code, 0)
    assert.match(result.stdout, /--max-size SIZE/)
  })
})
