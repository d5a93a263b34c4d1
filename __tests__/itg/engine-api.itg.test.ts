/**
 * The Engine API on the daemon's socket gives the same answers as the docker CLI (the oracle:
 * the CLI prints what the same daemon answered, through its own client) on Docker 20.10's classic
 * store, Docker 26.1's classic store and its containerd image store: image inspect, history, the
 * `docker save` stream (the whole measurement), missing and malformed references, tag removal and
 * the classic builder's cache tag. The API is only used on the daemon `docker info` described.
 */
import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { keepClassicCache, removeTags } from '../../src/build-stage.ts'
import { buildTarget } from '../../src/engine/build.ts'
import { detectEngine, type Engine } from '../../src/engine/detect.ts'
import { probeApi } from '../../src/engine/engine-api.ts'
import { engineHistory } from '../../src/engine/history.ts'
import { imageExists, inspectImage, inspectImages } from '../../src/engine/inspect.ts'
import { silentLog } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import { LOCAL_BUSYBOX, makeContext, uniqueTag } from '../helpers/docker.ts'
import {
  type EnginePath,
  ENGINE_NAMES,
  describeEnginePaths,
  dockerOn,
  findEngine
} from '../helpers/engines.ts'
import { recordingLog } from '../helpers/log.ts'

const DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  'RUN mkdir /out && head -c 5000 /dev/urandom > /out/a && ln -s /out/a /out/link',
  'ENV X=1',
  'COPY Dockerfile /out/',
  ''
].join('\n')

let context: string
let savedTz: string | undefined
before(async () => {
  context = await makeContext({ Dockerfile: DOCKERFILE })
  // The CLI prints history times in its local zone; the API gives Unix seconds, shown in UTC.
  savedTz = process.env['TZ']
  process.env['TZ'] = 'UTC'
})
after(async () => {
  await rm(context, { recursive: true, force: true })
  if (savedTz === undefined) delete process.env['TZ']
  else process.env['TZ'] = savedTz
})

describeEnginePaths(
  'the Engine API answers as the CLI',
  { paths: ['buildx', 'classic'] },
  (p: EnginePath) => {
    const tag = uniqueTag(`api-${p.engine.name}-${p.path}`)
    let engine: Engine
    let cli: Engine
    before(async () => {
      engine = await detectEngine({ docker: p.cli, log: silentLog })
      const { api: _api, ...withoutApi } = engine
      cli = withoutApi
      await buildTarget(
        engine,
        { context, file: join(context, 'Dockerfile'), buildArgs: {}, tag, stageLabel: 'final' },
        silentLog
      )
    })
    after(async () => {
      await dockerOn(p, ['image', 'rm', tag]).catch(() => undefined)
    })

    test(`${p.label}: the API is used, on the socket DOCKER_HOST names`, () => {
      assert.equal(engine.api, p.engine.host.replace(/^unix:\/\//, ''))
    })

    test(`${p.label}: image inspect, several at once, and a missing image`, async () => {
      assert.deepEqual(await inspectImage(engine, tag), await inspectImage(cli, tag))
      const missing = `${tag}-missing`
      const [viaApi, viaCli] = await Promise.all([
        inspectImages(engine, [tag, missing, LOCAL_BUSYBOX]),
        inspectImages(cli, [tag, missing, LOCAL_BUSYBOX])
      ])
      assert.deepEqual(viaApi, viaCli)
      assert.equal(viaApi[1], undefined)
      assert.equal(await imageExists(engine, missing), false)
      assert.equal(await imageExists(engine, tag), true)
      await assert.rejects(
        inspectImage(engine, missing),
        /image .*-missing not found in the local engine/
      )
    })

    test(`${p.label}: a malformed reference is an error on both, not a missing image`, async () => {
      await assert.rejects(imageExists(cli, 'UPPER/Case:x'), /not valid|invalid/i)
      await assert.rejects(imageExists(engine, 'UPPER/Case:x'), /not valid|invalid/i)
    })

    test(`${p.label}: image history`, async () => {
      const viaApi = await engineHistory(engine, tag, silentLog)
      assert.ok(viaApi && viaApi.length >= 4)
      // The CLI shows a tab in created_by as spaces; the attribution collapses whitespace anyway.
      const flat = (h: Awaited<ReturnType<typeof engineHistory>>): typeof h =>
        h?.map(e => ({ ...e, createdBy: e.createdBy.replace(/\s+/g, ' ') }))
      assert.deepEqual(flat(viaApi), flat(await engineHistory(cli, tag, silentLog)))
    })

    test(`${p.label}: the save stream measures the same (whole image, compressed, files)`, async () => {
      const options = { compress: true, waste: true, log: silentLog }
      const ref = { transport: 'docker-daemon' as const, ref: tag }
      const viaApi = await measureImage(ref, { ...options, engine })
      const viaCli = await measureImage(ref, { ...options, engine: cli })
      assert.deepEqual(viaApi, viaCli)
      assert.equal(viaApi.layers.length, 3)
      await assert.rejects(
        measureImage({ transport: 'docker-daemon', ref: `${tag}-missing` }, { ...options, engine }),
        /not found/
      )
    })

    test(`${p.label}: removing tags (one never made is no warning)`, async () => {
      const extra = `${tag}-copy`
      await dockerOn(p, ['image', 'tag', tag, extra])
      const log = recordingLog()
      await removeTags(engine, [extra, `${tag}-never-made`], log)
      assert.deepEqual(log.warnings, [])
      assert.equal(await imageExists(cli, extra), false)
      assert.equal(await imageExists(cli, tag), true)
    })

    if (p.path === 'classic') {
      test(`${p.label}: the classic builder's cache tag is made on the API`, async () => {
        const runTag = `${tag}-run1`
        await dockerOn(p, ['image', 'tag', tag, runTag])
        await keepClassicCache(engine, [runTag], 'run1', silentLog)
        assert.equal((await inspectImage(cli, tag)).id, (await inspectImage(cli, runTag)).id)
        await removeTags(engine, [runTag], silentLog)
        assert.equal(await imageExists(cli, tag), true)
      })
    }
  }
)

test('another daemon behind the socket: the API is not used', async () => {
  const names = ENGINE_NAMES.map(findEngine).filter(
    (e): e is Exclude<typeof e, string> => typeof e !== 'string'
  )
  const [a, b] = names
  if (!a || !b) return
  const idOf = async (host: string): Promise<string> =>
    (
      await dockerOn(
        {
          engine: a,
          path: 'buildx',
          cli: '/usr/local/bin/docker',
          env: { DOCKER_HOST: host },
          label: ''
        },
        ['info', '--format', '{{.ID}}']
      )
    ).trim()
  const idA = await idOf(a.host)
  assert.equal(await probeApi({ DOCKER_HOST: a.host }, Promise.resolve(idA)), a.host.slice(7))
  assert.equal(await probeApi({ DOCKER_HOST: b.host }, Promise.resolve(idA)), undefined)
  assert.equal(
    await probeApi({ DOCKER_HOST: 'tcp://127.0.0.1:1' }, Promise.resolve(idA)),
    undefined
  )
})
