/**
 * The builder's layer table from the engine's metadata (`docker image history` + inspect, no
 * layer streamed) against the same image read layer by layer through `docker save`, on Docker
 * 20.10 (classic store) with both its build paths. The Dockerfile has a 0-byte layer (`WORKDIR`
 * of a new directory) beside metadata-only entries (`ENV`, `USER`), the case the history alone
 * leaves open.
 */
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { detectEngine } from '../../src/engine/detect.ts'
import type { Engine } from '../../src/engine/detect.ts'
import { planDockerfile } from '../../src/dockerfile/plan.ts'
import type { Log } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import { parseImageSource } from '../../src/image/source.ts'
import {
  LOCAL_BUSYBOX,
  type TestBuilder,
  buildImage,
  engineSize,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'

const DOCKERFILE = `FROM ${LOCAL_BUSYBOX} AS build
ENV A=1
WORKDIR /app
RUN head -c 300000 /dev/zero > /app/blob && mkdir /app/empty
COPY note.txt /app/
USER 65534
`
/** The classic builder records `RUN true` as an empty entry: two 0-byte candidates, one layer. */
const AMBIGUOUS = `${DOCKERFILE}RUN true
`

function recordingLog(): Log & { groups: string[] } {
  const groups: string[] = []
  return {
    groups,
    info: () => undefined,
    warning: () => undefined,
    debug: () => undefined,
    group: async (name, fn) => {
      groups.push(name)
      return fn()
    }
  }
}

const tags: string[] = []
after(async () => removeImages(...tags))

describe('builder measured from engine metadata (Docker 20.10, classic store)', () => {
  const cases: { name: string; builder: TestBuilder; dockerfile: string; streamed: boolean }[] = [
    { name: 'classic builder', builder: 'classic', dockerfile: DOCKERFILE, streamed: false },
    { name: 'BuildKit', builder: 'buildkit', dockerfile: DOCKERFILE, streamed: false },
    {
      name: 'classic builder, an empty RUN beside a 0-byte WORKDIR (history cannot tell: read)',
      builder: 'classic',
      dockerfile: AMBIGUOUS,
      streamed: true
    }
  ]
  for (const { name, builder, dockerfile, streamed } of cases) {
    test(`${name}: same sizes, history and attribution as reading the layers`, async () => {
      const tag = uniqueTag(`meta-${builder}`)
      tags.push(tag)
      await buildImage({ dockerfile, tag, files: { 'note.txt': 'hello\n' }, builder })
      const engine: Engine = await detectEngine({ docker: '/usr/bin/docker', log: recordingLog() })
      assert.equal(engine.imageStore, 'classic')
      const plan = planDockerfile(dockerfile, { file: 'Dockerfile' })
      const measure = async (e: Engine, log: Log) =>
        measureImage(parseImageSource(tag, 'image'), {
          engine: e,
          plan,
          stage: 'build',
          compress: false,
          waste: false,
          log
        })
      const metaLog = recordingLog()
      const fromMetadata = await measure(engine, metaLog)
      const readLog = recordingLog()
      // Without a known store the reader streams the layers: the reference figures.
      const fromLayers = await measure({ ...engine, imageStore: undefined }, readLog)
      assert.equal(metaLog.groups.length, streamed ? 1 : 0, 'the metadata path streams nothing')
      assert.equal(readLog.groups.length, 1)

      assert.equal(fromMetadata.size, await engineSize(tag))
      assert.equal(fromMetadata.size, fromLayers.size)
      assert.equal(fromMetadata.id, fromLayers.id)
      assert.equal(fromMetadata.platform, fromLayers.platform)
      assert.deepEqual(fromMetadata.base, fromLayers.base)
      const table = (m: typeof fromLayers) =>
        m.layers.map(l => ({
          diffId: l.diffId,
          size: l.size,
          createdBy: l.createdBy.replace(/\s+/g, ' '),
          line: l.instruction?.location.line,
          base: l.base
        }))
      assert.deepEqual(table(fromMetadata), table(fromLayers))
      // The WORKDIR layer is 0 bytes and still a layer of its own, attributed to line 3.
      const workdir = fromMetadata.layers.find(l => l.instruction?.location.line === 3)
      assert.ok(workdir, 'WORKDIR made a layer')
      assert.equal(workdir.size, 0)
      assert.equal(fromMetadata.layers.find(l => l.instruction?.location.line === 4)?.size, 300000)
    })
  }
})
