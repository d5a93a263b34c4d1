/**
 * Layer → Dockerfile line attribution against the real engine, under both build paths reachable
 * here: the classic builder and BuildKit (DOCKER_BUILDKIT=1). Each image's history comes from its
 * config (`docker save` → `tar -xO`), its diff IDs from `docker image inspect`, its per-entry
 * sizes from `docker history --human=false`.
 */
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { attributeHistory, attributeLayers } from '../../src/dockerfile/attribute.ts'
import { chooseBuilder } from '../../src/dockerfile/builder.ts'
import { planDockerfile } from '../../src/dockerfile/plan.ts'
import { historyToLayers } from '../../src/image/history.ts'
import type { HistoryEntry } from '../../src/image/history.ts'
import type { Instruction, Layer } from '../../src/model.ts'
import { LOCAL_BUSYBOX, buildImage, docker, removeImages, uniqueTag } from '../helpers/docker.ts'
import type { TestBuilder } from '../helpers/docker.ts'

const run = promisify(execFile)

/** A base image with a history of its own: its entries must stay unattributed. */
const BASE_DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  'ENV BASEVAR=1',
  'RUN echo base > /base.txt',
  'LABEL base=yes'
].join('\n')

const DOCKERFILE = [
  `ARG BASE=${LOCAL_BUSYBOX}`, // 1
  'FROM ${BASE} AS deps', // 2
  'ARG VERSION=1.0', // 3
  'ENV APP_HOME=/app', // 4
  'WORKDIR /app', // 5
  'COPY a.txt ./', // 6
  'RUN echo "$VERSION" > version.txt', // 7
  'FROM ${BASE} AS certs', // 8
  'RUN echo cert > /cert.pem', // 9
  'FROM deps AS build', // 10
  'RUN head -c 100000 /dev/zero > /app/big.bin', // 11
  'FROM deps', // 12
  'COPY --from=certs /cert.pem /etc/cert.pem', // 13
  'COPY --from=build /app/big.bin /usr/local/bin/big', // 14
  'RUN echo done > /marker', // 15
  'USER 65534' // 16
].join('\n')

const FILES = { 'a.txt': 'hello\n' }

interface ImageFacts {
  history: HistoryEntry[]
  diffIds: string[]
  /** Bytes per history entry (`docker history --human=false`, oldest first). */
  entrySizes: number[]
}

/** The config's history (via `docker save` and `tar -xO`), diff IDs and per-entry sizes. */
async function readImage(ref: string): Promise<ImageFacts> {
  const dir = await mkdtemp(join(tmpdir(), 'isb-attr-'))
  try {
    const archive = join(dir, 'image.tar')
    await docker(['save', '-o', archive, ref])
    const manifest = JSON.parse((await run('tar', ['-xOf', archive, 'manifest.json'])).stdout) as {
      Config: string
    }[]
    const configPath = manifest[0]?.Config
    assert.ok(configPath, 'manifest.json names the config')
    const config = JSON.parse(
      (await run('tar', ['-xOf', archive, configPath], { maxBuffer: 16 * 1024 * 1024 })).stdout
    ) as { history?: HistoryEntry[]; rootfs: { diff_ids: string[] } }
    const diffIds = JSON.parse(
      await docker(['image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref])
    ) as string[]
    assert.deepEqual(config.rootfs.diff_ids, diffIds, 'config and inspect agree on diff IDs')
    const sizes = (await docker(['history', '--human=false', '--format', '{{.Size}}', ref]))
      .trim()
      .split('\n')
      .map(Number)
      .reverse()
    return { history: config.history ?? [], diffIds, entrySizes: sizes }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const lineOf = (i: Instruction | undefined): number | undefined => i?.location.line

const BUILDERS: TestBuilder[] = ['classic', 'buildkit']
const baseTag = uniqueTag('attribute-base')
const tags: string[] = [baseTag]

before(async () => {
  await buildImage({ dockerfile: BASE_DOCKERFILE, tag: baseTag })
})

after(async () => {
  await removeImages(...tags)
})

for (const builder of BUILDERS) {
  describe(`attribution, ${builder} builder`, () => {
    const plan = planDockerfile(DOCKERFILE, { file: 'Dockerfile', buildArgs: { BASE: baseTag } })
    const finalTag = uniqueTag(`attribute-final-${builder}`)
    const buildTag = uniqueTag(`attribute-build-${builder}`)
    tags.push(finalTag, buildTag)
    let final: ImageFacts
    let build: ImageFacts
    let baseFacts: ImageFacts

    before(async () => {
      const buildArgs = { BASE: baseTag }
      await buildImage({ dockerfile: DOCKERFILE, tag: finalTag, files: FILES, builder, buildArgs })
      await buildImage({
        dockerfile: DOCKERFILE,
        tag: buildTag,
        files: FILES,
        builder,
        buildArgs,
        target: 'build'
      })
      ;[final, build, baseFacts] = await Promise.all([
        readImage(finalTag),
        readImage(buildTag),
        readImage(baseTag)
      ])
    })

    test('the plan resolves the build-arg base and the stage chain', () => {
      assert.deepEqual(plan.stages[0]?.base, { kind: 'image', image: baseTag })
      assert.deepEqual(plan.stages[3]?.base, { kind: 'stage', stage: 'deps' })
      assert.deepEqual(plan.builderCandidates, ['certs', 'build'])
    })

    test('final image: each layer maps to its Dockerfile line; base layers to none', () => {
      const perLayer = attributeLayers(plan, final.history, final.diffIds)
      const baseLayers = baseFacts.diffIds.length
      assert.deepEqual(final.diffIds.slice(0, baseLayers), baseFacts.diffIds)
      assert.deepEqual(perLayer.map(lineOf), [
        ...baseFacts.diffIds.map(() => undefined),
        5, // WORKDIR /app makes the directory
        6, // COPY a.txt
        7, // RUN echo "$VERSION"
        13, // COPY --from=certs
        14, // COPY --from=build
        15 // RUN echo done
      ])
      assert.deepEqual(perLayer[baseLayers + 4]?.copiesFrom, ['build'])
    })

    test('final image: every history entry, empty ones included (ARG, ENV, USER)', () => {
      const perEntry = attributeHistory(plan, final.history)
      assert.deepEqual(perEntry.map(lineOf), [
        ...baseFacts.history.map(() => undefined),
        3,
        4,
        5,
        6,
        7,
        13,
        14,
        15,
        16
      ])
    })

    test('builder stage image (--target build) follows its own chain', () => {
      const perLayer = attributeLayers(plan, build.history, build.diffIds, 'build')
      assert.deepEqual(perLayer.map(lineOf), [
        ...baseFacts.diffIds.map(() => undefined),
        5,
        6,
        7,
        11
      ])
    })

    test('chooseBuilder on the measured layers: the big build output beats the small certs', () => {
      const instructions = attributeLayers(plan, final.history, final.diffIds)
      const layers: Layer[] = historyToLayers(final.history, final.diffIds)
        .filter(p => p.layerIndex !== undefined)
        .map(p => {
          const index = p.layerIndex as number
          const instruction = instructions[index]
          return {
            index,
            diffId: final.diffIds[index] as string,
            size: final.entrySizes[p.historyIndex] as number,
            createdBy: p.createdBy,
            ...(instruction ? { instruction } : {})
          }
        })
      const choice = chooseBuilder(plan, layers)
      assert.equal(choice.builder, 'build')
      // "cert\n" is 5 bytes; big.bin 100,000 bytes (moby counts file bytes, not tar bytes).
      assert.deepEqual(choice.copiedBytes, { certs: 5, build: 100_000 })
    })
  })
}
