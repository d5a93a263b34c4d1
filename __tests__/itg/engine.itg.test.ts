/**
 * `src/engine/` against real Docker engines (`__tests__/helpers/engines.ts`): Docker 20.10 on the
 * classic store with the classic builder (the v28 CLI at /usr/local/bin/docker without buildx),
 * BuildKit (the 20.10 CLI at /usr/bin/docker with DOCKER_BUILDKIT=1) and buildx 0.13 (docker
 * driver); Docker 26.1 on the classic store and on the containerd image store, with buildx. Each
 * test names the engine and build path it ran on.
 */
import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { BuildError, buildTarget } from '../../src/engine/build.ts'
import type { BuildResult } from '../../src/engine/build.ts'
import { detectEngine } from '../../src/engine/detect.ts'
import type { Engine } from '../../src/engine/detect.ts'
import { imageExists, inspectImage, inspectImages, removeImage } from '../../src/engine/inspect.ts'
import { measureImage } from '../../src/measure.ts'
import type { EngineKind } from '../../src/model.ts'
import {
  LOCAL_BUSYBOX,
  docker,
  engineLayerCount,
  engineSize,
  makeContext,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'
import { describeEnginePaths, dockerOn, findEngine } from '../helpers/engines.ts'
import type { BuildPath, EnginePath } from '../helpers/engines.ts'
import { recordingLog } from '../helpers/log.ts'

/** The environment without DOCKER_BUILDKIT, plus `extra`. */
function envWith(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...extra }
  if (!('DOCKER_BUILDKIT' in extra)) delete env['DOCKER_BUILDKIT']
  return env
}

const BLOB_BYTES = 5_000_000
/** Long enough that a build which re-runs the step cannot pass for a cached one. */
const SLEEP_SECONDS = 5
const tags: string[] = []
const dirs: string[] = []

after(async () => {
  await removeImages(...tags)
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })))
})

async function context(dockerfile: string): Promise<string> {
  const dir = await makeContext({ Dockerfile: dockerfile })
  dirs.push(dir)
  return dir
}

function tag(name: string): string {
  const t = uniqueTag(`engine-${name}`)
  tags.push(t)
  return t
}

describe('detectEngine', () => {
  const cases: { cli: string; env: Record<string, string>; kind: EngineKind }[] = [
    { cli: '/usr/local/bin/docker', env: {}, kind: 'classic' },
    { cli: '/usr/local/bin/docker', env: { DOCKER_BUILDKIT: '1' }, kind: 'classic' },
    { cli: '/usr/bin/docker', env: {}, kind: 'buildkit' },
    { cli: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '1' }, kind: 'buildkit' },
    { cli: '/usr/bin/docker', env: { DOCKER_BUILDKIT: '0' }, kind: 'classic' }
  ]
  for (const c of cases) {
    test(`${c.cli} with ${JSON.stringify(c.env)} → ${c.kind}`, async () => {
      const log = recordingLog()
      const engine = await detectEngine({ docker: c.cli, env: envWith(c.env), log })
      assert.equal(engine.kind, c.kind)
      assert.equal(engine.docker, c.cli)
      assert.deepEqual(engine.env, { DOCKER_BUILDKIT: c.kind === 'buildkit' ? '1' : '0' })
      const server = (await docker(['version', '--format', '{{.Server.Version}}'])).trim()
      assert.equal(engine.serverVersion, server)
      assert.equal(engine.builder, undefined)
      assert.ok(log.lines.some(l => l.startsWith(`Docker engine: ${c.kind} (`)))
      // Asking for BuildKit from a CLI that cannot do it is worth a warning.
      assert.equal(
        log.warnings.length,
        c.env['DOCKER_BUILDKIT'] === '1' && c.kind === 'classic' ? 1 : 0
      )
    })
  }

  test('a missing CLI is a clear error', async () => {
    await assert.rejects(
      detectEngine({ docker: '/nonexistent/bin/docker', log: recordingLog() }),
      /Docker CLI not found: "\/nonexistent\/bin\/docker"/
    )
  })

  for (const cli of ['/usr/bin/docker', '/usr/local/bin/docker']) {
    test(`an unreachable daemon is a clear error with the CLI message (${cli})`, async () => {
      const saved = process.env['DOCKER_HOST']
      process.env['DOCKER_HOST'] = 'unix:///tmp/isb-engine-no-such.sock'
      try {
        await assert.rejects(
          detectEngine({ docker: cli, log: recordingLog() }),
          /^Error: Docker engine not reachable: .*Cannot connect to the Docker daemon at unix:\/\/\/tmp\/isb-engine-no-such\.sock.*systemctl start docker/s
        )
      } finally {
        if (saved === undefined) delete process.env['DOCKER_HOST']
        else process.env['DOCKER_HOST'] = saved
      }
    })
  }
})

/** The log line that marks a step served from cache, by build path. */
const CACHED_MARK: Record<BuildPath, RegExp> = {
  classic: /^ ---> Using cache$/,
  buildkit: /^#\d+ CACHED$/,
  buildx: /^#\d+ CACHED$/
}

/** `.Size` of the busybox base on the 20.10 engine: the reference size on every engine. */
async function referenceBusyboxSize(): Promise<number> {
  const found = findEngine('docker20-classic')
  const host = typeof found === 'string' ? 'unix:///var/run/docker.sock' : found.host
  const out = await docker([
    '--host',
    host,
    'image',
    'inspect',
    '--format',
    '{{.Size}}',
    LOCAL_BUSYBOX
  ])
  return Number(out.trim())
}

describeEnginePaths('build and inspect', {}, (p: EnginePath) => {
  const kind: EngineKind = p.path
  const where = p.label
  let engine: Engine
  const nonce = Math.random().toString(36).slice(2)
  let ctx: string
  let busybox: { size: number; layers: number; diffIds: string[] }
  const pathTags: string[] = []
  const pathTag = (name: string): string => {
    const t = uniqueTag(`engine-${p.engine.name}-${name}`)
    pathTags.push(t)
    return t
  }
  const finalTag = pathTag(`${kind}-final`)
  const builderTag = pathTag(`${kind}-builder`)
  let finalLog: ReturnType<typeof recordingLog>
  let builderLog: ReturnType<typeof recordingLog>
  let first: BuildResult
  let second: BuildResult

  /**
   * The unpacked size of `ref`: the engine's `.Size` on the classic store (checked against the
   * CLI's), measured from its layers on the containerd store (where `.Size` is another figure).
   */
  async function unpackedSize(ref: string): Promise<number> {
    const inspected = await inspectImage(engine, ref)
    if (p.engine.store === 'classic') {
      assert.equal(inspected.size, await engineSize(ref))
      return inspected.size
    }
    const m = await measureImage(
      { transport: 'docker-daemon', ref },
      { engine, compress: false, waste: false, log: recordingLog() }
    )
    assert.equal(m.engineSize, inspected.size)
    return m.size
  }

  after(async () => {
    await dockerOn(p, ['image', 'rm', '-f', ...pathTags]).catch(() => undefined)
  })

  before(async () => {
    engine = await detectEngine({ docker: p.cli, env: envWith(), log: recordingLog() })
    assert.equal(engine.kind, kind)
    assert.equal(engine.imageStore, p.engine.store)
    assert.equal(engine.serverVersion, p.engine.serverVersion)
    const bb = await inspectImage(engine, LOCAL_BUSYBOX)
    busybox = {
      size: await unpackedSize(LOCAL_BUSYBOX),
      layers: await engineLayerCount(LOCAL_BUSYBOX),
      diffIds: bb.diffIds
    }
    assert.equal(busybox.size, await referenceBusyboxSize(), 'busybox unpacks alike everywhere')
    // The nonce makes the first build miss any cache left by an earlier run.
    ctx = await context(
      [
        `FROM ${LOCAL_BUSYBOX} AS builder`,
        `RUN mkdir /out && dd if=/dev/zero of=/out/blob bs=1000 count=5000 && sleep ${SLEEP_SECONDS} && echo nonce-${nonce}`,
        'FROM scratch AS final',
        'COPY --from=builder /out/blob /blob',
        ''
      ].join('\n')
    )
    finalLog = recordingLog()
    first = await buildTarget(
      engine,
      {
        context: ctx,
        file: join(ctx, 'Dockerfile'),
        target: 'final',
        buildArgs: {},
        tag: finalTag,
        stageLabel: 'final'
      },
      finalLog
    )
    builderLog = recordingLog()
    second = await buildTarget(
      engine,
      {
        context: ctx,
        file: join(ctx, 'Dockerfile'),
        target: 'builder',
        buildArgs: {},
        tag: builderTag,
        stageLabel: 'builder'
      },
      builderLog
    )
  })

  test(`${where}: the final target runs the builder step; the log streams inside one group`, () => {
    assert.deepEqual(finalLog.groups.length, 1)
    assert.match(finalLog.groups[0] as string, /^Build final \(target final, /)
    assert.ok(
      finalLog.lines.some(l => /5000\+0 records in/.test(l)),
      'dd ran during the first build'
    )
    assert.ok(first.durationMs >= SLEEP_SECONDS * 1000, `first build took ${first.durationMs} ms`)
    assert.match(first.imageId, /^sha256:[0-9a-f]{64}$/)
  })

  test(`${where}: the builder target is then served from cache`, t => {
    t.diagnostic(
      `first build ${first.durationMs} ms, cached build ${second.durationMs} ms, ${second.cachedSteps} cached steps`
    )
    assert.match(builderLog.groups[0] as string, /^Build builder \(target builder, /)
    assert.ok(
      builderLog.lines.some(l => CACHED_MARK[kind].test(l)),
      'cache marker in the log'
    )
    assert.ok(!builderLog.lines.some(l => /records in/.test(l)), 'dd did not run again')
    // Served from cache: the marker, no second run of the step, a cached step counted. Its
    // duration is a diagnostic only (a loaded machine makes any time limit flaky).
    assert.ok(second.cachedSteps >= 1)
  })

  test(`${where}: final image: exactly the blob, one layer, unpacked size as 20.10 counts it`, async () => {
    const img = await inspectImage(engine, finalTag)
    // The --iidfile content resolves to the engine's ID (the manifest digest on containerd).
    assert.equal(img.id, first.imageId)
    assert.equal(await unpackedSize(finalTag), BLOB_BYTES)
    // scratch + one COPY = one layer.
    assert.equal(img.diffIds.length, 1)
    assert.equal(img.diffIds.length, await engineLayerCount(finalTag))
    assert.ok(img.repoTags.includes(finalTag))
    assert.equal(img.os, 'linux')
    assert.equal(img.platform, `linux/${img.architecture}`)
    assert.ok(!Number.isNaN(Date.parse(img.created)))
  })

  test(`${where}: builder image: busybox plus the one RUN layer of 5,000,000 bytes`, async () => {
    const img = await inspectImage(engine, builderTag)
    assert.equal(img.id, second.imageId)
    assert.equal(await unpackedSize(builderTag), busybox.size + BLOB_BYTES)
    assert.equal(img.diffIds.length, busybox.layers + 1)
    assert.deepEqual(img.diffIds.slice(0, busybox.layers), busybox.diffIds)
  })

  test(`${where}: a failing RUN is a BuildError naming the stage, with the command output`, async () => {
    const failCtx = await context(
      [
        `FROM ${LOCAL_BUSYBOX} AS Compile`,
        `RUN echo compiling-${nonce} && echo broken-${nonce} >&2 && exit 7`,
        'FROM scratch',
        'COPY --from=compile /bin/busybox /busybox',
        ''
      ].join('\n')
    )
    const failTag = pathTag(`${kind}-fail`)
    const log = recordingLog()
    const error = await buildTarget(
      engine,
      {
        context: failCtx,
        file: join(failCtx, 'Dockerfile'),
        buildArgs: {},
        tag: failTag,
        stageLabel: 'final'
      },
      log
    ).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e
    )
    assert.ok(error instanceof BuildError, String(error))
    assert.equal(error.stage, 'compile')
    assert.notEqual(error.exitCode, 0)
    assert.ok(error.logTail.length > 0 && error.logTail.length <= 30)
    assert.ok(
      error.logTail.some(l => l.includes(`compiling-${nonce}`)),
      error.logTail.join('\n')
    )
    assert.ok(
      error.logTail.some(l => l.includes(`broken-${nonce}`)),
      error.logTail.join('\n')
    )
    assert.match(error.message, /^Build of final failed in stage "compile" \(exit code \d+\)/)
    assert.ok(error.message.includes(`broken-${nonce}`))
    assert.equal(await imageExists(engine, failTag), false)
  })

  test(`${where}: a failure in an unnamed stage names it by index`, async () => {
    const failCtx = await context(
      [
        `FROM ${LOCAL_BUSYBOX} AS base`,
        'RUN true',
        'FROM base',
        `RUN echo second-${nonce} && exit 4`,
        ''
      ].join('\n')
    )
    const error = await buildTarget(
      engine,
      {
        context: failCtx,
        file: join(failCtx, 'Dockerfile'),
        buildArgs: {},
        tag: pathTag(`${kind}-fail2`),
        stageLabel: 'final'
      },
      recordingLog()
    ).then(
      () => assert.fail('the build should fail'),
      (e: unknown) => e
    )
    assert.ok(error instanceof BuildError, String(error))
    assert.equal(error.stage, '1')
    assert.ok(error.logTail.some(l => l.includes(`second-${nonce}`)))
  })

  test(`${where}: build args reach the build`, async () => {
    const argCtx = await context(
      [
        `FROM ${LOCAL_BUSYBOX}`,
        'ARG SIZE_KB',
        'RUN dd if=/dev/zero of=/f bs=1000 count=$SIZE_KB',
        ''
      ].join('\n')
    )
    const argTag = pathTag(`${kind}-args`)
    await buildTarget(
      engine,
      {
        context: argCtx,
        file: join(argCtx, 'Dockerfile'),
        buildArgs: { SIZE_KB: '123' },
        tag: argTag,
        stageLabel: 'args'
      },
      recordingLog()
    )
    assert.equal(await unpackedSize(argTag), busybox.size + 123_000)
  })
})

describe('inspect errors and removal', () => {
  let engine: Engine
  before(async () => {
    engine = await detectEngine({
      docker: '/usr/local/bin/docker',
      env: envWith(),
      log: recordingLog()
    })
  })

  test('a missing image is an error naming the reference', async () => {
    const ref = `isb-test/engine-missing:${Math.random().toString(36).slice(2)}`
    await assert.rejects(inspectImage(engine, ref), {
      message: new RegExp(`^image ${ref} not found in the local engine`)
    })
    assert.equal(await imageExists(engine, ref), false)
  })

  test('a malformed reference is an error, not "missing"', async () => {
    await assert.rejects(
      inspectImage(engine, 'UPPER/case'),
      /image reference "UPPER\/case" is not valid/
    )
    await assert.rejects(imageExists(engine, 'UPPER/case'), /is not valid/)
    await assert.rejects(inspectImage(engine, '--help'), /image reference "--help" is not valid/)
  })

  test('inspectImages: several images in one call, a missing one undefined, order kept', async () => {
    const missing = `isb-test/engine-missing:${Math.random().toString(36).slice(2)}`
    const id = (await inspectImage(engine, LOCAL_BUSYBOX)).id
    const [a, b, c, d] = await inspectImages(engine, [LOCAL_BUSYBOX, missing, id, LOCAL_BUSYBOX])
    assert.equal(a?.id, id)
    assert.equal(b, undefined)
    assert.equal(c?.id, id)
    assert.equal(d?.id, id)
    assert.equal(a?.size, await engineSize(LOCAL_BUSYBOX))
    // A malformed reference is still an error, not "missing".
    await assert.rejects(inspectImages(engine, [LOCAL_BUSYBOX, 'UPPER/case']), /is not valid/)
  })

  test('removeImage removes a tag; removing again is harmless', async () => {
    const t = tag('remove')
    await docker(['tag', LOCAL_BUSYBOX, t])
    assert.equal(await imageExists(engine, t), true)
    await removeImage(engine, t)
    assert.equal(await imageExists(engine, t), false)
    assert.equal(await imageExists(engine, LOCAL_BUSYBOX), true, 'only the tag went away')
    await removeImage(engine, t)
  })
})
