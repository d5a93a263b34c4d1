/**
 * buildx builders with a store of their own (issue 7): the `remote` driver on a BuildKit 0.13
 * daemon (scripts/buildkitd.sh), its results `--load`ed into Docker 20.10's classic store and
 * Docker 26.1's containerd image store; and the `docker-container` driver running the same
 * buildkitd in a container (on Docker 26.1), loading into Docker 20.10. The base image is pulled
 * by the builder from a loopback registry and is not in the engine under that name.
 *
 * Oracles: known bytes (busybox as Docker 20.10 counts its own imported image, plus the files the
 * Dockerfile writes); what a push from the same builder stores (`buildx build --output
 * type=image,push=true` to the loopback registry: the manifest's layer sizes and config digest);
 * the engine's tag (`docker image inspect`) for the loaded image.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { after, before, describe, test } from 'node:test'
import { exportsOci } from '../../src/engine/build.ts'
import { detectEngine } from '../../src/engine/detect.ts'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import { evaluate } from '../../src/pipeline.ts'
import { LOCAL_BUSYBOX, docker, makeContext } from '../helpers/docker.ts'
import {
  type EngineName,
  type EnginePath,
  dockerOn,
  enginePath,
  findEngine,
  findRemoteBuilder,
  missingEngineTest
} from '../helpers/engines.ts'
import { recordingLog } from '../helpers/log.ts'

const BUILD_BYTES = 300_000
const FINAL_BYTES = 7_000
const nonce = Math.random().toString(36).slice(2)

const remote = findRemoteBuilder()
/** Each builder and the engine it loads into (the docker-container builder: one, to keep CI short). */
const RUNS: { builder: 'remote' | 'docker-container'; target: EngineName }[] = [
  { builder: 'remote', target: 'docker20-classic' },
  { builder: 'remote', target: 'docker26-containerd' },
  { builder: 'docker-container', target: 'docker20-classic' }
]

if (typeof remote === 'string') {
  missingEngineTest('a remote buildx builder (buildkitd)', remote)
} else {
  const base = `${remote.registry}/isb-local/busybox:latest`
  const dockerfile = [
    `FROM ${base} AS build`,
    `RUN echo ${nonce} && head -c ${BUILD_BYTES} /dev/urandom > /app`,
    `FROM ${base}`,
    'COPY --from=build /app /app',
    `RUN head -c ${FINAL_BYTES} /dev/urandom > /ok`,
    ''
  ].join('\n')
  let context = ''
  let busyboxSize = 0
  before(async () => {
    context = await makeContext({ Dockerfile: dockerfile })
    // busybox as Docker 20.10 counts the imported image (its symlinks included).
    busyboxSize = Number(
      (await docker(['image', 'inspect', '--format', '{{.Size}}', LOCAL_BUSYBOX])).trim()
    )
  })
  after(async () => {
    if (context) await rm(context, { recursive: true, force: true })
  })

  for (const { builder: driver, target: name } of RUNS) {
    const builderName = driver === 'remote' ? remote.name : remote.containerBuilder
    if (builderName === undefined) {
      missingEngineTest(
        `a docker-container builder loading into ${name}`,
        'engines.json names no containerBuilder: run scripts/engines.sh (scripts/buildkitd.sh makes it)'
      )
      continue
    }
    const found = findEngine(name)
    if (typeof found === 'string') {
      missingEngineTest(`remote builder loading into ${name}`, found)
      continue
    }
    const p = enginePath(found, 'buildx')
    describe(`${driver} builder ${builderName} loading into ${p.label}`, () => {
      const saved: Record<string, string | undefined> = {}
      before(() => {
        for (const key of ['DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_BUILDKIT', 'BUILDX_BUILDER']) {
          saved[key] = process.env[key]
        }
        process.env['DOCKER_HOST'] = found.host
        process.env['DOCKER_CONFIG'] = remote.dockerConfig
        delete process.env['DOCKER_BUILDKIT']
        delete process.env['BUILDX_BUILDER']
      })
      after(() => {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) Reflect.deleteProperty(process.env, key)
          else process.env[key] = value
        }
      })

      if (driver === 'docker-container') {
        test(`${p.label}: a stopped docker-container builder is started before the build`, async () => {
          const node = findEngine('docker26-classic')
          assert.ok(typeof node !== 'string', String(node))
          // buildx names the node's container buildx_buildkit_<builder>0.
          await dockerOn(enginePath(node, 'buildx'), ['stop', `buildx_buildkit_${builderName}0`])
          const log = recordingLog()
          const engine = await detectEngine({ docker: p.cli, builder: builderName, log })
          assert.equal(engine.builderDriver, 'docker-container')
          assert.deepEqual(log.groups, [
            `Start buildx builder "${builderName}" (driver docker-container)`
          ])
          const inspect = await dockerOn(p, ['buildx', 'inspect', builderName])
          assert.match(inspect, /^Status:\s+running$/m)
        })
      }

      test(`${p.label}: the builder is found, with its driver and BuildKit version`, async () => {
        const engine = await detectEngine({ docker: p.cli, builder: builderName, log: silentLog })
        assert.equal(engine.kind, 'buildx')
        assert.equal(engine.builder, builderName)
        assert.equal(engine.builderDriver, driver)
        assert.equal(engine.buildkitVersion, remote.buildkitVersion)
        assert.equal(exportsOci(engine), true)
      })

      test(`${p.label}: sizes, exact compressed size (the builder's OCI export), base split, builder`, async () => {
        const run = async (): Promise<{
          report: Awaited<ReturnType<typeof evaluate>>
          lines: string[]
        }> => {
          const log = recordingLog()
          const values: Record<string, string> = {
            context,
            builder: builderName,
            'keep-images': 'true'
          }
          const report = await evaluate(
            parseInputs(key => values[key] ?? ''),
            { docker: p.cli, log }
          )
          return { report, lines: log.lines }
        }
        // A temporary directory of this test's own: the OCI export is written there, read, and
        // removed (other processes' files cannot interfere).
        const savedTmp = process.env['TMPDIR']
        const tmp = await mkdtemp(join(tmpdir(), 'isb-remote-tmp-'))
        process.env['TMPDIR'] = tmp
        let first: Awaited<ReturnType<typeof run>>
        try {
          first = await run()
          assert.deepEqual(
            (await readdir(tmp)).filter(entry => entry.startsWith('isb-oci-')),
            []
          )
        } finally {
          if (savedTmp === undefined) delete process.env['TMPDIR']
          else process.env['TMPDIR'] = savedTmp
          await rm(tmp, { recursive: true, force: true })
        }
        const { report, lines } = first
        const { final, builder } = report

        // The builder that built it is reported.
        assert.deepEqual(report.build?.builder, { name: builderName, driver })

        // Uncompressed: known bytes.
        assert.equal(final.size, busyboxSize + BUILD_BYTES + FINAL_BYTES)
        assert.equal(final.layers.length, 3)
        assert.equal(builder?.size, busyboxSize + BUILD_BYTES)
        assert.equal(report.stageChoice?.builder, 'build')

        // Read from the OCI export, the loaded image's own figure is still beside ours.
        const inspectSize = Number(
          (await dockerOn(p, ['image', 'inspect', '--format', '{{.Size}}', final.ref])).trim()
        )
        if (p.engine.store === 'containerd' || inspectSize !== final.size) {
          assert.equal(final.engineSize, inspectSize)
        } else {
          assert.equal(final.engineSize, undefined)
        }
        await dockerOn(p, ['image', 'rm', final.ref, builder?.ref ?? final.ref]).catch(
          () => undefined
        )

        // The base is not in the engine under its name; the split still holds.
        await assert.rejects(dockerOn(p, ['image', 'inspect', base]))
        assert.deepEqual(final.base, {
          image: base,
          size: busyboxSize,
          layerCount: 1,
          addedSize: BUILD_BYTES + FINAL_BYTES
        })

        // Compressed: exact, and what a push from the same builder stores.
        assert.equal(final.compressed?.exact, true)
        const pushed = await pushFromBuilder(
          p,
          builderName,
          remote.registry,
          context,
          `isb-test/${driver}-${name}:${nonce}`
        )
        assert.equal(final.id, pushed.config)
        assert.deepEqual(
          final.layers.map(layer => layer.compressedSize),
          pushed.layers
        )
        assert.equal(
          final.compressed?.size,
          pushed.layers.reduce((a, b) => a + b, 0)
        )

        // The build ran the step once; the second run takes it from the builder's cache.
        assert.ok(lines.some(line => line.includes(nonce)))
        const again = await run()
        await dockerOn(p, [
          'image',
          'rm',
          again.report.final.ref,
          again.report.builder?.ref ?? again.report.final.ref
        ]).catch(() => undefined)
        assert.equal(again.report.final.size, final.size)
        assert.equal(again.report.final.compressed?.size, final.compressed?.size)
        assert.ok(again.lines.some(line => /CACHED/.test(line)))
      })
    })
  }
}

/**
 * Builds `context` on `builder` and pushes it to the loopback registry as `repo`; the
 * manifest's config digest and layer sizes as the registry stores them.
 */
async function pushFromBuilder(
  p: EnginePath,
  builder: string,
  registry: string,
  context: string,
  repo: string
): Promise<{ config: string; layers: number[] }> {
  const name = `${registry}/${repo}`
  await dockerOn(p, [
    'buildx',
    'build',
    '--builder',
    builder,
    '--progress=quiet',
    '--provenance=false',
    '--output',
    `type=image,name=${name},push=true,registry.insecure=true`,
    context
  ])
  const [path, tag] = repo.split(':')
  const res = await fetch(`http://${registry}/v2/${path}/manifests/${tag}`, {
    headers: {
      accept:
        'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'
    }
  })
  assert.equal(res.status, 200)
  const manifest = (await res.json()) as { config: { digest: string }; layers: { size: number }[] }
  return { config: manifest.config.digest, layers: manifest.layers.map(layer => layer.size) }
}
