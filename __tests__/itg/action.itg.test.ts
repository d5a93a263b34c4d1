/**
 * The bundled action, run as a runner runs it, against the real engine: a two-stage Dockerfile
 * whose final image holds exactly 5,000,000 bytes.
 */
import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import {
  docker,
  engineLayerCount,
  engineSize,
  LOCAL_BUSYBOX,
  makeContext,
  removeImages
} from '../helpers/docker.ts'
import { runAction } from '../helpers/runner.ts'
import { buildTag } from '../../src/build-stage.ts'

const DOCKERFILE = `ARG BASE=${LOCAL_BUSYBOX}
FROM \${BASE} AS build
RUN mkdir /out && dd if=/dev/zero of=/out/blob bs=1000 count=5000 2>/dev/null

FROM scratch
COPY --from=build /out/blob /blob
`

/** The report's one entry (schema 2: one per image and platform; these runs measure one). */
function entryOf<T>(report: unknown): T {
  const run = report as { schemaVersion?: number; images?: T[] } | undefined
  assert.equal(run?.schemaVersion, 2)
  assert.equal(run?.images?.length, 1)
  return run.images[0]!
}

/** The tags of a report's final and builder images (a run with `keep-images: true` leaves them). */
function keptRefs(report: unknown): string[] {
  if (!report) return []
  const r = entryOf<{ final?: { ref?: string }; builder?: { ref?: string } }>(report)
  return [r.final?.ref, r.builder?.ref].filter((ref): ref is string => ref !== undefined)
}

describe('dist/index.js as a runner runs it', () => {
  let context: string
  const kept: string[] = []

  before(async () => {
    context = await makeContext({ Dockerfile: DOCKERFILE })
  })
  after(async () => {
    await removeImages(...kept)
    await rm(context, { recursive: true, force: true })
    const file = join(context, 'Dockerfile')
    await removeImages(buildTag('build', 'latest', file), buildTag('1', 'latest', file))
  })

  test('a budget equal to the size passes and every output is set', async () => {
    // Kept so the engine can be asked about the images; removed at the end.
    const result = await runAction({
      context,
      'max-size': '5000000',
      'max-ratio': '100%',
      'keep-images': 'true'
    })
    kept.push(...keptRefs(result.report))
    assert.equal(result.exitCode, 0, result.stdout + result.stderr)
    const { outputs } = result

    const finalId = outputs['image-id']!
    const builderId = outputs['builder-image-id']!
    assert.match(finalId, /^sha256:[0-9a-f]{64}$/)
    assert.match(builderId, /^sha256:[0-9a-f]{64}$/)
    assert.equal(Number(outputs.size), 5_000_000)
    assert.equal(Number(outputs.size), await engineSize(finalId))
    const builderSize = await engineSize(builderId)
    assert.equal(Number(outputs['builder-size']), builderSize)
    assert.equal(Number(outputs.saved), builderSize - 5_000_000)
    assert.equal(outputs.ratio, String(Number((5_000_000 / builderSize).toPrecision(4))))
    assert.equal(Number(outputs.layers), await engineLayerCount(finalId))
    assert.equal(Number(outputs.layers), 1)
    assert.equal(outputs.passed, 'true')
    assert.equal(outputs['added-size'], '5000000')

    const report = entryOf<{
      name: string
      platform: string
      final: {
        size: number
        platform: string
        layers: { size: number; instruction?: { location: { line: number } } }[]
      }
      stageChoice: { builder: string; reason: string }
      budgets: { name: string; passed: boolean }[]
    }>(result.report)
    // The entry's name is the image's comment key, its platform the one measured.
    assert.equal(report.name, `${join(context, 'Dockerfile')}:1`)
    assert.equal(report.platform, report.final.platform)
    assert.equal(report.final.size, 5_000_000)
    assert.equal(report.stageChoice.builder, 'build')
    assert.equal(report.final.layers[0]!.instruction?.location.line, 6)
    assert.deepEqual(
      report.budgets.map(b => [b.name, b.passed]),
      [
        ['max-size', true],
        ['max-ratio', true]
      ]
    )

    // results: one compact row per entry.
    assert.deepEqual(JSON.parse(outputs.results!), [
      {
        name: report.name,
        platform: report.final.platform,
        size: 5_000_000,
        compressedSize: JSON.parse(outputs['compressed-size']!),
        change: null,
        passed: true
      }
    ])

    assert.match(result.summary, /\|/, 'the summary holds a table')
    assert.match(result.summary, /max-size/)
    assert.match(result.summary, /5 MB/)
  })

  test('one byte over fails the step with both values', async () => {
    const result = await runAction({ context, 'max-size': '4999999' })
    assert.equal(result.exitCode, 1)
    assert.equal(result.outputs.passed, 'false')
    assert.match(
      result.stdout,
      /::error::Size budget exceeded \(1\):%0A- final image 5 MB \(5,000,000 bytes\) exceeds max-size 5 MB by 1 B \(1 byte\)/
    )
    // The annotation points at the COPY on line 6 of the Dockerfile.
    assert.match(result.stdout, /::error (title=Image size budget,)?file=[^,]*Dockerfile,line=6/)
  })

  test('fail-on-budget: false warns, succeeds and sets passed=false', async () => {
    const result = await runAction({ context, 'max-size': '1MB', 'fail-on-budget': 'false' })
    assert.equal(result.exitCode, 0, result.stdout)
    assert.equal(result.outputs.passed, 'false')
    assert.match(result.stdout, /::warning::Size budget exceeded: final image 5 MB/)
  })

  test('a bad input fails with an error naming it', async () => {
    const result = await runAction({ context, 'max-size': '30 XB' })
    assert.equal(result.exitCode, 1)
    assert.match(result.stdout, /::error::Input max-size: "30 XB" is not a size/)
    assert.equal(result.outputs.size, undefined, 'nothing measured, no output written')
  })

  test('max-ratio on a single-stage Dockerfile says there is no builder stage', async () => {
    const single = await makeContext({ Dockerfile: `FROM ${LOCAL_BUSYBOX}\nRUN echo hi > /hi\n` })
    try {
      const result = await runAction({ context: single, 'max-ratio': '5%' })
      assert.equal(result.exitCode, 1)
      assert.match(result.stdout, /max-ratio: there is no builder stage/)
    } finally {
      await rm(single, { recursive: true, force: true })
      await removeImages(buildTag('0', 'latest', join(single, 'Dockerfile')))
    }
  })

  test('a final image without layers (FROM scratch + LABEL) measures 0 bytes', async () => {
    const empty = await makeContext({ Dockerfile: 'FROM scratch\nLABEL purpose=metadata-only\n' })
    try {
      const result = await runAction({ context: empty, 'max-size': '0', 'max-layers': '0' })
      assert.equal(result.exitCode, 0, result.stdout)
      assert.equal(result.outputs.size, '0')
      assert.equal(result.outputs.layers, '0')
      assert.equal(result.outputs['compressed-size'], '0')
      assert.equal(result.outputs.passed, 'true')
    } finally {
      await rm(empty, { recursive: true, force: true })
      await removeImages(buildTag('0', 'latest', join(empty, 'Dockerfile')))
    }
  })

  test('an unnamed builder stage (COPY --from=0) is the very image the final build used', async () => {
    // The classic builder and a .dockerignore: a rebuild from a renamed copy of the Dockerfile
    // would miss the cache at COPY . and produce other random bytes; the stage's image is taken
    // from the final build instead.
    const unnamed = await makeContext({
      Dockerfile: `FROM ${LOCAL_BUSYBOX}\nWORKDIR /src\nCOPY . /src\nRUN head -c 100000 /dev/urandom > /src/out.bin\nFROM ${LOCAL_BUSYBOX}\nCOPY --from=0 /src/out.bin /out.bin\n`,
      '.dockerignore': 'big.bin\n',
      'note.txt': 'context file\n'
    })
    try {
      const result = await runAction({ context: unnamed, 'keep-images': 'true' })
      kept.push(...keptRefs(result.report))
      assert.equal(result.exitCode, 0, result.stdout)
      const report = entryOf<{ stageChoice: { builder: string } }>(result.report)
      assert.equal(report.stageChoice.builder, '0')
      const md5 = async (image: string, path: string): Promise<string> =>
        (await docker(['run', '--rm', image, 'md5sum', path])).split(' ')[0]!
      assert.equal(
        await md5(result.outputs['builder-image-id']!, '/src/out.bin'),
        await md5(result.outputs['image-id']!, '/out.bin')
      )
    } finally {
      await rm(unnamed, { recursive: true, force: true })
      const file = join(unnamed, 'Dockerfile')
      await removeImages(buildTag('0', 'latest', file), buildTag('1', 'latest', file))
    }
  })

  test('baseline: base-ref on a push warns and runs without a baseline', async () => {
    const result = await runAction(
      { image: LOCAL_BUSYBOX, baseline: 'base-ref', 'max-size': '10MB' },
      { GITHUB_EVENT_NAME: 'push' }
    )
    assert.equal(result.exitCode, 0, result.stdout)
    assert.match(
      result.stdout,
      /::warning::baseline: base-ref compares a pull request with its base commit; the "push" event has none/
    )
    assert.equal(result.outputs['baseline-size'], undefined)
    assert.equal(result.outputs.passed, 'true')
  })

  test('a waste budget fails with an annotation on the line that rewrote the file', async () => {
    const wasteful = await makeContext({
      Dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY big.bin /big.bin\nRUN chmod 600 /big.bin\n`,
      'big.bin': Buffer.alloc(5_000_000, 7)
    })
    try {
      const result = await runAction({ context: wasteful, 'max-wasted-size': '4999999' })
      assert.equal(result.exitCode, 1, result.stdout)
      assert.equal(result.outputs.wasted, '5000000')
      assert.match(result.stdout, /exceeds max-wasted-size/)
      assert.match(
        result.stdout,
        /::error (title=Image size budget,)?file=[^,]*Dockerfile,line=3[^:]*::RUN rewrites \/big\.bin, leaving 5 MB/
      )
    } finally {
      await rm(wasteful, { recursive: true, force: true })
      await removeImages(buildTag('0', 'latest', join(wasteful, 'Dockerfile')))
    }
  })

  test('the report input chooses where the JSON report goes', async () => {
    const path = join(context, 'out', 'size.json')
    const result = await runAction({ context, report: path, compressed: 'none' })
    assert.equal(result.exitCode, 0, result.stdout)
    assert.equal(result.outputs.report, path)
    assert.equal(entryOf<{ final: { size: number } }>(result.report).final.size, 5_000_000)
    assert.equal(result.outputs['compressed-size'], undefined)
  })
})
