/**
 * One meaning for "uncompressed" on every engine and build path (issue 7, trial B2): an image
 * whose own layer holds symlinks reports the same `size` — the layers' sum, a symlink counting
 * its target's length — whether the classic builder, BuildKit or buildx made it, on Docker 20.10's
 * classic store, Docker 26.1's classic store and its containerd image store.
 *
 * Oracles: the Dockerfile's known bytes (busybox as Docker 20.10 reports it, plus 3,000 bytes of
 * file and two symlinks whose targets are 6 and 11 characters long); the engine's own
 * `docker image inspect .Size`, which on the classic store leaves the symlinks out for a layer
 * it applied from a tar (BuildKit's) and counts them for one the classic builder committed — the
 * measurement keeps it beside `size` as `engineSize` whenever it differs.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { rm } from 'node:fs/promises'
import { buildTarget } from '../../src/engine/build.ts'
import { detectEngine, type Engine } from '../../src/engine/detect.ts'
import { silentLog } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import type { ImageMeasurement } from '../../src/model.ts'
import { LOCAL_BUSYBOX, docker, makeContext, uniqueTag } from '../helpers/docker.ts'
import { type EnginePath, describeEnginePaths, dockerOn } from '../helpers/engines.ts'

const FILE_BYTES = 3000
/** `/out/a` (6 characters) and `/aaaaaaaaaa` (11): what the symlinks add, as directory.Size counts. */
const SYMLINK_BYTES = 6 + 11
const DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  `RUN mkdir /out && head -c ${FILE_BYTES} /dev/urandom > /out/a && ln -s /out/a /out/link && ln -s /aaaaaaaaaa /out/dangling`,
  ''
].join('\n')

let context: string
let busyboxSize: number
before(async () => {
  context = await makeContext({ Dockerfile: DOCKERFILE })
  // busybox (imported, one layer) as Docker 20.10 counts it: its symlinks included.
  busyboxSize = Number(
    (await docker(['image', 'inspect', '--format', '{{.Size}}', LOCAL_BUSYBOX])).trim()
  )
})
after(async () => rm(context, { recursive: true, force: true }))

/** Each path's streamed measurement, for the comparison at the end. */
const streamed = new Map<string, ImageMeasurement>()

describeEnginePaths('an image with symlinks in its own layer', {}, (p: EnginePath) => {
  const tag = uniqueTag(`symlink-${p.engine.name}-${p.path}`)
  let engine: Engine
  let imageId: string
  let inspectSize: number
  before(async () => {
    engine = await detectEngine({ docker: p.cli, log: silentLog })
    assert.equal(engine.kind, p.path)
    ;({ imageId } = await buildTarget(
      engine,
      { context, file: join(context, 'Dockerfile'), buildArgs: {}, tag, stageLabel: 'final' },
      silentLog
    ))
    inspectSize = Number(
      (await dockerOn(p, ['image', 'inspect', '--format', '{{.Size}}', tag])).trim()
    )
  })
  after(async () => {
    await dockerOn(p, ['image', 'rm', tag]).catch(() => undefined)
  })

  test(`${p.label}: size is the layers' sum, symlinks counted; engineSize is the engine's when it differs`, async () => {
    const m = await measureImage(
      { transport: 'docker-daemon', ref: imageId },
      { engine, compress: false, waste: true, log: silentLog }
    )
    streamed.set(p.label, m)
    assert.equal(m.size, busyboxSize + FILE_BYTES + SYMLINK_BYTES)
    assert.equal(m.layers.at(-1)?.size, FILE_BYTES + SYMLINK_BYTES)
    if (p.engine.store === 'containerd') {
      assert.equal(m.engineSize, inspectSize)
    } else if (p.path === 'classic') {
      // The classic builder's layer is measured on disk by the engine: symlinks counted.
      assert.equal(inspectSize, m.size)
      assert.equal(m.engineSize, undefined)
    } else {
      // BuildKit's layer is applied from a tar, sized by its entries: symlinks carry no bytes.
      assert.equal(inspectSize, m.size - SYMLINK_BYTES)
      assert.equal(m.engineSize, inspectSize)
    }
  })

  if (p.engine.store === 'classic') {
    test(`${p.label}: read from the engine's metadata (the builder's default), the engine's figures`, async () => {
      // Documented limit (README "Sizes on every engine"): no layer is read, so the sizes are
      // the engine's `docker image history` sizes, and their sum is inspect's .Size.
      const m = await measureImage(
        { transport: 'docker-daemon', ref: imageId },
        { engine, compress: false, waste: false, log: silentLog }
      )
      assert.equal(m.size, inspectSize)
      assert.equal(m.engineSize, undefined)
    })
  }
})

test('every engine and build path reports the same uncompressed size', () => {
  const sizes = new Set([...streamed.values()].map(m => m.size))
  assert.ok(streamed.size >= 3, `measured on ${[...streamed.keys()].join(', ')}`)
  assert.deepEqual([...sizes], [busyboxSize + FILE_BYTES + SYMLINK_BYTES])
})
