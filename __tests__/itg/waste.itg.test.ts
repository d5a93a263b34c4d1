/**
 * Layer scanning and wasted space against the real engine: images whose layers hold content of
 * known size (dd with exact byte counts), saved with `docker save`, every layer scanned with
 * `scanLayer`, checked against the engine's own sizes (`docker image inspect`, `docker history`)
 * and against waste figures worked out by hand from the Dockerfile.
 */
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { analyzeWaste } from '../../src/waste/analyze.ts'
import type { LayerEntry } from '../../src/model.ts'
import {
  LOCAL_BUSYBOX,
  buildImage,
  docker,
  engineSize,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'
import type { TestBuilder } from '../helpers/docker.ts'
import { saveAndScan } from '../helpers/save.ts'
import type { SavedImage } from '../helpers/save.ts'
import { packTar } from '../helpers/tar.ts'

const made: string[] = []
after(async () => {
  await removeImages(...made)
})

/** Per history entry (oldest first), the size `docker history` reports, in bytes. */
async function historySizes(ref: string): Promise<number[]> {
  const out = await docker(['history', '--human=false', '--no-trunc', '--format', '{{.Size}}', ref])
  return out
    .trim()
    .split('\n')
    .map(s => Number(s))
    .reverse()
}

/** Asserts Σ layer sizes == inspect's Size and each layer's size == its history entry's size. */
async function assertEngineSizes(ref: string, saved: SavedImage): Promise<void> {
  const total = saved.layers.reduce((s, l) => s + l.scan.size, 0)
  assert.equal(total, await engineSize(ref), 'Σ layer sizes == docker image inspect .Size')
  assert.deepEqual(
    saved.layers.map(l => l.diffId),
    saved.config.rootfs.diff_ids,
    'layer tars hash to the config diff IDs, in order'
  )
  const history = saved.config.history ?? []
  const sizes = await historySizes(ref)
  assert.equal(sizes.length, history.length, 'docker history lists every config history entry')
  const nonEmpty = sizes.filter((_, i) => history[i]?.empty_layer !== true)
  assert.deepEqual(
    saved.layers.map(l => l.scan.size),
    nonEmpty,
    'each layer size == docker history size'
  )
}

function entriesOf(saved: SavedImage): LayerEntry[][] {
  return saved.layers.map(l => l.scan.entries ?? [])
}

const MB = 1_000_000
const ZERO = (path: string, bytes: number) =>
  `dd if=/dev/zero of=${path} bs=1000 count=${bytes / 1000} 2>/dev/null`

/**
 * One layer per case. Layer indexes: 0 = busybox; 1 = the files; 2 = overwrite; 3 = delete a
 * file; 4 = delete a directory; 5 = opaque whiteout (rm -rf + mkdir); 6 = hardlink to a file
 * of layer 1; 7 = COPY; 8 = chmod of the copied file; 9 = RUN that changes nothing.
 */
const WASTE_DOCKERFILE = `FROM ${LOCAL_BUSYBOX}
RUN mkdir -p /w/d/sub /w/o && ${ZERO('/w/over', 5 * MB)} && ${ZERO('/w/del', 3 * MB)} && \\
    ${ZERO('/w/d/x', 2 * MB)} && ${ZERO('/w/d/sub/y', 1 * MB)} && ${ZERO('/w/o/p', 4 * MB)} && \\
    ${ZERO('/w/o/q', 500_000)} && ${ZERO('/w/lnk', 1_500_000)}
RUN ${ZERO('/w/over', 1_200_000)}
RUN rm /w/del
RUN rm -rf /w/d
RUN rm -rf /w/o && mkdir /w/o && ${ZERO('/w/o/p', 100_000)}
RUN ln /w/lnk /w/lnk2
COPY app.bin /w/app.bin
RUN chmod 600 /w/app.bin
RUN true
ENV DONE=1
`

for (const builder of ['classic', 'buildkit'] as TestBuilder[]) {
  describe(`waste scenario, ${builder} builder`, () => {
    const tag = uniqueTag(`waste-${builder}`)
    made.push(tag)
    let saved: SavedImage
    let baseSize: number

    test('build, save and scan', async () => {
      await buildImage({
        dockerfile: WASTE_DOCKERFILE,
        tag,
        builder,
        files: { 'app.bin': Buffer.alloc(2 * MB, 0x61) }
      })
      saved = await saveAndScan(tag)
      baseSize = await engineSize(LOCAL_BUSYBOX)
      assert.equal(saved.layers[0]?.scan.size, baseSize)
    })

    test('sizes equal the engine’s: image, and each layer', async () => {
      await assertEngineSizes(tag, saved)
      const sizes = saved.layers.map(l => l.scan.size)
      // By hand: layer 1 = 5 + 3 + 2 + 1 + 4 + 0.5 + 1.5 MB; the overwrite 1.2 MB; deletes 0;
      // the re-made directory 0.1 MB; the hardlink copies its 1.5 MB target up; COPY and chmod
      // 2 MB each.
      assert.deepEqual(sizes.slice(1, 9), [
        17 * MB,
        1_200_000,
        0,
        0,
        100_000,
        1_500_000,
        2 * MB,
        2 * MB
      ])
    })

    test('whiteouts, opaque directory and hardlink as the layer tars carry them', () => {
      const layer = (i: number) => saved.layers[i]?.scan.entries ?? []
      const has = (i: number, e: Partial<LayerEntry>) =>
        layer(i).some(x => Object.entries(e).every(([k, v]) => x[k as keyof LayerEntry] === v))
      assert.ok(has(3, { path: 'w/del', type: 'whiteout' }), 'rm of a file → whiteout')
      assert.ok(has(4, { path: 'w/d', type: 'whiteout' }), 'rm -rf of a directory → one whiteout')
      assert.ok(!has(4, { path: 'w/d/x' }), 'nothing below a deleted directory is listed')
      if (builder === 'classic') {
        // overlay2's upper directory: the re-made directory is opaque.
        assert.ok(has(5, { path: 'w/o', type: 'opaque' }), 'rm -rf + mkdir → opaque marker')
      } else {
        // BuildKit diffs the two trees: it writes the removed file's whiteout instead.
        assert.ok(
          has(5, { path: 'w/o/q', type: 'whiteout' }) || has(5, { path: 'w/o', type: 'opaque' })
        )
      }
      // overlay2 copied the target up: both names are in layer 6, the data counted once.
      const six = layer(6).filter(e => e.path.startsWith('w/lnk'))
      assert.equal(
        six.reduce((s, e) => s + e.size, 0),
        1_500_000
      )
      assert.equal(saved.layers[6]?.scan.danglingLinks, 0)
    })

    test('waste figures worked out by hand', () => {
      const report = analyzeWaste(entriesOf(saved), { top: 20 })
      const lnkCopiedUp = saved.layers[6]?.scan.entries?.some(e => e.path === 'w/lnk') === true
      // Occurrences per path (bytes, layer): removable = Σ − min.
      const expected: [string, number[], number[]][] = [
        ['w/over', [5 * MB, 1_200_000], [1, 2]],
        ['w/o/p', [4 * MB, 100_000], [1, 5]],
        ['w/del', [3 * MB, 0], [1, 3]],
        ['w/app.bin', [2 * MB, 2 * MB], [7, 8]],
        ['w/d/x', [2 * MB, 0], [1, 4]],
        ...(lnkCopiedUp
          ? [['w/lnk', [1_500_000, 1_500_000], [1, 6]] as [string, number[], number[]]]
          : []),
        ['w/d/sub/y', [1 * MB, 0], [1, 4]],
        ['w/o/q', [500_000, 0], [1, 5]]
      ]
      const want = expected.map(([path, sizes, layers]) => ({
        path,
        removableBytes: sizes.reduce((a, b) => a + b, 0) - Math.min(...sizes),
        cumulativeBytes: sizes.reduce((a, b) => a + b, 0),
        layers
      }))
      assert.deepEqual(report.topPaths, want)
      const removable = want.reduce((s, p) => s + p.removableBytes, 0)
      assert.equal(report.removableBytes, removable)
      assert.equal(removable, lnkCopiedUp ? 19_000_000 : 17_500_000)
      // Σ cumulative: every byte any layer added (the image's size) + the whiteouts' 0s.
      const total = saved.layers.reduce((s, l) => s + l.scan.size, 0)
      assert.equal(report.efficiency, (total - removable) / total)
      const top = report.largestFiles.slice(0, 5)
      assert.deepEqual(
        top.filter(f => f.path.startsWith('w/')),
        [
          { path: 'w/app.bin', size: 2 * MB, layer: 8 },
          { path: 'w/lnk', size: 1_500_000, layer: lnkCopiedUp ? 6 : 1 },
          { path: 'w/over', size: 1_200_000, layer: 2 },
          { path: 'w/o/p', size: 100_000, layer: 5 }
        ]
      )
      assert.ok(top.some(f => f.path === 'bin/busybox' && f.layer === 0))
      for (const gone of ['w/del', 'w/d/x', 'w/d/sub/y', 'w/o/q']) {
        assert.ok(
          !report.largestFiles.some(f => f.path === gone),
          `${gone} is not in the final tree`
        )
      }
    })
  })
}

describe('duplicate paths in one layer (an imported tar)', () => {
  const tag = uniqueTag('waste-dup')
  made.push(tag)
  test('the engine and scanLayer both keep the last entry', async () => {
    const tarBuf = await packTar([
      { header: { name: 'dup', type: 'file' }, body: Buffer.alloc(300_000, 1) },
      { header: { name: 'keep', type: 'file' }, body: Buffer.alloc(50_000, 2) },
      { header: { name: 'dup', type: 'file' }, body: Buffer.alloc(100_000, 3) }
    ])
    const file = join(tmpdir(), `isb-dup-${process.pid}.tar`)
    await writeFile(file, tarBuf)
    try {
      await docker(['import', file, tag])
    } finally {
      await rm(file, { force: true })
    }
    const saved = await saveAndScan(tag)
    assert.equal(saved.layers.length, 1)
    // The engine keeps the imported tar as it was (duplicates included) …
    assert.equal(
      saved.layers[0]?.diffId,
      `sha256:${createHash('sha256').update(tarBuf).digest('hex')}`
    )
    // … and counts the extracted tree: 100,000 + 50,000, not 450,000.
    assert.equal(saved.layers[0]?.scan.size, 150_000)
    assert.equal(await engineSize(tag), 150_000)
    const report = analyzeWaste(entriesOf(saved))
    assert.equal(report.removableBytes, 0)
    assert.deepEqual(report.largestFiles, [
      { path: 'dup', size: 100_000, layer: 0 },
      { path: 'keep', size: 50_000, layer: 0 }
    ])
  })
})

describe('an image with 120 layers', () => {
  const tag = uniqueTag('waste-120')
  made.push(tag)
  test(
    'every layer sized like the engine, waste of a path written 60 times',
    { timeout: 600_000 },
    async () => {
      const n = 120
      const files: Record<string, Buffer> = {}
      const lines = ['FROM scratch']
      for (let i = 0; i < n; i++) {
        files[`f${i}`] = Buffer.alloc((i + 1) * 1000, i)
        lines.push(i % 2 === 0 ? `COPY f${i} /same` : `COPY f${i} /f${i}`)
      }
      await buildImage({ dockerfile: lines.join('\n') + '\n', tag, files })
      const saved = await saveAndScan(tag)
      assert.equal(saved.layers.length, n)
      assert.deepEqual(
        saved.layers.map(l => l.scan.size),
        Array.from({ length: n }, (_, i) => (i + 1) * 1000)
      )
      await assertEngineSizes(tag, saved)
      const report = analyzeWaste(entriesOf(saved))
      // /same holds 1000, 3000, …, 119000 bytes in turn (even layers): Σ = 1000 · 60² = 3,600,000.
      const sameSizes = Array.from({ length: n / 2 }, (_, k) => (2 * k + 1) * 1000)
      const cumulative = sameSizes.reduce((a, b) => a + b, 0)
      assert.equal(cumulative, 3_600_000)
      assert.equal(report.removableBytes, cumulative - 1000)
      const total = (1000 * n * (n + 1)) / 2
      assert.equal(report.efficiency, (total - report.removableBytes) / total)
      assert.deepEqual(report.topPaths[0], {
        path: 'same',
        removableBytes: cumulative - 1000,
        cumulativeBytes: cumulative,
        layers: Array.from({ length: n / 2 }, (_, k) => 2 * k)
      })
      assert.deepEqual(
        report.largestFiles.slice(0, 3),
        [
          { path: 'same', size: 119_000, layer: 118 },
          { path: 'f119', size: 120_000, layer: 119 },
          { path: 'f117', size: 118_000, layer: 117 }
        ].sort((a, b) => b.size - a.size)
      )
    }
  )
})

describe('a sparse file larger than 8 GiB', () => {
  // `docker save` is not sparse-aware (the layer tar carries all 9 GiB of zeros), and the classic
  // builder's commit re-applies the layer tar, writing the zeros to disk: measured here, the build
  // takes ~2.5 min and the save+scan ~2.5 min (~60 MB/s, bound by the daemon). Opt in with
  // ISB_SLOW_TESTS=1. scanLayer's side (a 9 GiB base-256 entry) is covered by the unit tests.
  const slow = process.env.ISB_SLOW_TESTS === '1'
  const tag = uniqueTag('waste-sparse')
  made.push(tag)
  test(
    'apparent size counted, equal to the engine’s',
    {
      skip: slow ? false : 'slow (~5 min, 9 GiB through docker save); set ISB_SLOW_TESTS=1',
      timeout: 1_200_000
    },
    async () => {
      const size = 9 * 1024 ** 3
      await buildImage({
        dockerfile: `FROM ${LOCAL_BUSYBOX}\nRUN truncate -s 9G /sparse.img\n`,
        tag
      })
      const saved = await saveAndScan(tag)
      assert.equal(saved.layers[1]?.scan.size, size)
      assert.deepEqual(saved.layers[1]?.scan.entries, [{ path: 'sparse.img', type: 'file', size }])
      await assertEngineSizes(tag, saved)
      await removeImages(tag)
    }
  )
})
