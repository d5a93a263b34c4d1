/**
 * buildx as a build path, through the whole pipeline (`evaluate`), with the buildx 0.13 plugin:
 *
 * - the docker driver on Docker 20.10 and 26 (classic store) and Docker 26 (containerd store): a
 *   two-stage Dockerfile whose final stage starts FROM an image that only a loopback registry
 *   holds (BuildKit pulls it into its own cache; the engine has no tagged copy), so the
 *   base/added split must come from the Dockerfile's FROM name and the registry's config. Oracles:
 *   the base's size as Docker 20.10 reports it for the image that was pushed, the builder's size
 *   as the classic store reports it (containerd store: its layers as the classic store counts
 *   the same diff IDs — the builder stage is built on 20.10 too, from the same base);
 * - a builder with a store of its own that cannot start (a `docker-container` builder: no image
 *   can be pulled here, so its BuildKit never boots): the run fails before any build, naming the
 *   builder, its driver, and the `builder` input and `BUILDX_BUILDER` as the fix; and a `builder`
 *   input naming no builder.
 *
 * Not covered here: a running builder of another driver (`remote`, `docker-container`): Debian
 * trixie packages no `buildkitd`, and no image can be pulled, so none can run on this machine.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, before, test } from 'node:test'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import { evaluate } from '../../src/pipeline.ts'
import { LOCAL_BUSYBOX, makeContext } from '../helpers/docker.ts'
import { type EnginePath, describeEnginePaths, findEngine } from '../helpers/engines.ts'
import { type TestRegistry, startRegistry } from '../helpers/registry.ts'

const run = promisify(execFile)

let registry: TestRegistry
let baseRef: string
let baseSize: number
before(async () => {
  registry = await startRegistry()
  baseRef = `${registry.host}/isb/buildx-base:${Math.random().toString(36).slice(2, 10)}`
  await docker20(['tag', LOCAL_BUSYBOX, baseRef])
  await docker20(['push', '-q', baseRef])
  baseSize = Number((await docker20(['image', 'inspect', '--format', '{{.Size}}', baseRef])).trim())
  await docker20(['image', 'rm', baseRef])
})
after(async () => registry?.stop())

/** The 20.10 CLI on the default socket. */
async function docker20(args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' }
  delete env['DOCKER_CONFIG']
  return (await run('/usr/bin/docker', args, { env, maxBuffer: 16 << 20 })).stdout
}

function dockerfile(base: string): string {
  return `FROM ${base} AS build
WORKDIR /src
RUN head -c 1500000 /dev/urandom > /src/app && echo built > /src/note

FROM ${base}
COPY --from=build /src/app /usr/local/bin/app
USER 65534
`
}

function inputs(context: string, extra: Record<string, string> = {}) {
  const values: Record<string, string> = { context, 'keep-images': 'false', ...extra }
  return parseInputs(name => values[name] ?? '')
}

describeEnginePaths(
  'buildx docker driver: base split from the Dockerfile when the base is only in a registry',
  { engines: ['docker20-classic', 'docker26-classic', 'docker26-containerd'], paths: ['buildx'] },
  (p: EnginePath) => {
    test(`final and builder measured, base/added split from the registry (${p.label})`, async () => {
      const context = await makeContext({ Dockerfile: dockerfile(baseRef) })
      try {
        const report = await evaluate(inputs(context), { docker: p.cli, log: silentLog })
        assert.equal(report.build?.engine, 'buildx')
        const { final, builder } = report
        assert.ok(builder, 'the builder stage was measured')
        assert.equal(report.stageChoice?.builder, 'build')
        // The base: named as the Dockerfile names it, its one layer, its size as Docker 20.10 counts it.
        assert.deepEqual(final.base, {
          image: baseRef,
          size: baseSize,
          layerCount: 1,
          addedSize: final.size - baseSize
        })
        assert.equal(final.layers[0]?.base, true)
        assert.equal(final.layers[1]?.base, undefined)
        assert.equal(final.layers[1]?.size, 1_500_000)
        assert.equal(final.size, baseSize + 1_500_000)
        assert.equal(builder.base?.image, baseRef)
        assert.equal(builder.base?.layerCount, 1)
        // Builder: base + WORKDIR (0 bytes) + RUN (1,500,000 + "built\n").
        assert.equal(builder.size, baseSize + 1_500_000 + 6)
        assert.deepEqual(
          builder.layers.map(l => l.instruction?.location.line),
          [undefined, 2, 3]
        )
        // No tag of the base appeared in the engine under test.
        await assert.rejects(
          run(p.cli, ['image', 'inspect', baseRef], { env: process.env }),
          /No such image/
        )
      } finally {
        await rm(context, { recursive: true, force: true })
      }
    })
  }
)

/** A DOCKER_CONFIG with the buildx plugin and a docker-container builder that was never started. */
async function configWithBrokenBuilder(name: string): Promise<string> {
  const engine = findEngine('docker20-classic')
  if (typeof engine === 'string') throw new Error(engine)
  const dir = await mkdtemp(join(tmpdir(), 'isb-buildx-config-'))
  await run('mkdir', ['-p', join(dir, 'cli-plugins')])
  await symlink(
    join(engine.dockerConfig, 'cli-plugins', 'docker-buildx'),
    join(dir, 'cli-plugins', 'docker-buildx')
  )
  await writeFile(join(dir, 'config.json'), '{}')
  await run(
    '/usr/local/bin/docker',
    ['buildx', 'create', '--name', name, '--driver', 'docker-container'],
    {
      env: { ...process.env, DOCKER_CONFIG: dir, DOCKER_HOST: engine.host }
    }
  )
  return dir
}

test('a docker-container builder that cannot start: a clear error before any build (docker20-classic/buildx)', async t => {
  if (typeof findEngine('docker20-classic') === 'string') return t.skip('docker20-classic missing')
  const name = 'isb-cannot-boot'
  const config = await configWithBrokenBuilder(name)
  const saved = { config: process.env['DOCKER_CONFIG'], builder: process.env['BUILDX_BUILDER'] }
  const context = await makeContext({ Dockerfile: dockerfile(LOCAL_BUSYBOX) })
  try {
    process.env['DOCKER_CONFIG'] = config
    for (const [how, extra, origin] of [
      ['builder input', { builder: name }, /chosen by the builder input/],
      ['BUILDX_BUILDER', {}, /chosen by BUILDX_BUILDER/]
    ] as const) {
      if (how === 'BUILDX_BUILDER') process.env['BUILDX_BUILDER'] = name
      await assert.rejects(
        evaluate(inputs(context, extra), { docker: '/usr/local/bin/docker', log: silentLog }),
        (error: Error) => {
          assert.match(
            error.message,
            new RegExp(`buildx builder "${name}" \\(driver docker-container\\)`)
          )
          assert.match(error.message, origin)
          assert.match(error.message, /cannot start: ERROR: .*registry-1\.docker\.io/)
          assert.match(error.message, /builder input .*BUILDX_BUILDER/)
          assert.doesNotMatch(error.message, /Build of/)
          return true
        },
        how
      )
    }
    delete process.env['BUILDX_BUILDER']
    await assert.rejects(
      evaluate(inputs(context, { builder: 'isb-no-such-builder' }), {
        docker: '/usr/local/bin/docker',
        log: silentLog
      }),
      /buildx builder "isb-no-such-builder", chosen by the builder input, was not found: ERROR: no builder "isb-no-such-builder" found/
    )
  } finally {
    for (const [key, value] of [
      ['DOCKER_CONFIG', saved.config],
      ['BUILDX_BUILDER', saved.builder]
    ] as const) {
      if (value === undefined) Reflect.deleteProperty(process.env, key)
      else process.env[key] = value
    }
    await rm(context, { recursive: true, force: true })
    await rm(config, { recursive: true, force: true })
  }
})
