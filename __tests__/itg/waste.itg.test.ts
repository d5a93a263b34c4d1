/**
 * Layer scanning and wasted space against the real engine: images whose layers hold content of
 * known size (dd with exact byte counts) are read with the product's streaming reader
 * (`readImage`, which runs `docker save` and `scanLayer` on every layer), checked against the
 * engine's own sizes (`docker image inspect`, `docker history`) and against waste figures worked
 * out by hand from the Dockerfile. A test helper that streams `docker save` through `scanLayer`
 * on its own (`helpers/save.ts`) cross-checks the reader.
 */
import { spawn } from 'node:child_process'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { scanLayer } from '../../src/image/layer-scan.ts'
import { readImage } from '../../src/image/read.ts'
import type { HistoryEntry } from '../../src/image/history.ts'
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
import { dockerArchive, flattenedSize, packTar, setOctalSize } from '../helpers/tar.ts'
import type { FlattenedSize } from '../helpers/tar.ts'

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

/** An image's layers as read for these tests. */
interface ImageLayers {
  layers: { diffId: string; size: number; fileCount: number; entries: LayerEntry[] }[]
  diffIds: string[]
  history: HistoryEntry[]
}

/** Reads `ref` from the engine with the product's reader, entries collected, no compression. */
async function readLayers(ref: string): Promise<ImageLayers> {
  const img = await readImage(
    { transport: 'docker-daemon', ref },
    { compress: false, collectEntries: true }
  )
  return {
    layers: img.layers.map((l, i) => ({
      diffId: l.diffId,
      size: l.size,
      fileCount: l.fileCount,
      entries: img.entries?.[i] ?? []
    })),
    diffIds: img.config.rootfs.diff_ids,
    history: img.config.history ?? []
  }
}

/** Reads `ref` with the test helper (docker save → scanLayer, no product reader involved). */
async function readLayersByHelper(ref: string): Promise<ImageLayers> {
  const saved = await saveAndScan(ref)
  return {
    layers: saved.layers.map(l => ({
      diffId: l.diffId,
      size: l.scan.size,
      fileCount: l.scan.fileCount,
      entries: l.scan.entries ?? []
    })),
    diffIds: saved.config.rootfs.diff_ids,
    history: saved.config.history ?? []
  }
}

/** Asserts Σ layer sizes == inspect's Size and each layer's size == its history entry's size. */
async function assertEngineSizes(ref: string, saved: ImageLayers): Promise<void> {
  const total = saved.layers.reduce((s, l) => s + l.size, 0)
  assert.equal(total, await engineSize(ref), 'Σ layer sizes == docker image inspect .Size')
  assert.deepEqual(
    saved.layers.map(l => l.diffId),
    saved.diffIds,
    'layer tars hash to the config diff IDs, in order'
  )
  const history = saved.history
  const sizes = await historySizes(ref)
  assert.equal(sizes.length, history.length, 'docker history lists every config history entry')
  const nonEmpty = sizes.filter((_, i) => history[i]?.empty_layer !== true)
  assert.deepEqual(
    saved.layers.map(l => l.size),
    nonEmpty,
    'each layer size == docker history size'
  )
}

function entriesOf(saved: ImageLayers): LayerEntry[][] {
  return saved.layers.map(l => l.entries)
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
    let saved: ImageLayers
    let baseSize: number

    test('build, save and scan', async () => {
      await buildImage({
        dockerfile: WASTE_DOCKERFILE,
        tag,
        builder,
        files: { 'app.bin': Buffer.alloc(2 * MB, 0x61) }
      })
      saved = await readLayers(tag)
      baseSize = await engineSize(LOCAL_BUSYBOX)
      assert.equal(saved.layers[0]?.size, baseSize)
    })

    test('sizes equal the engine’s: image, and each layer', async () => {
      await assertEngineSizes(tag, saved)
      const sizes = saved.layers.map(l => l.size)
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
      // RUN true changes nothing: the classic builder records an empty-layer history entry;
      // BuildKit commits a layer anyway (it holds only the /etc directory entry, 0 bytes).
      const runTrue = saved.history.find(h => h.created_by?.includes('-c true'))
      if (builder === 'classic') {
        assert.equal(runTrue?.empty_layer, true)
        assert.equal(saved.layers.length, 9)
      } else {
        assert.notEqual(runTrue?.empty_layer, true)
        assert.equal(saved.layers.length, 10)
        assert.equal(saved.layers[9]?.size, 0)
        assert.equal(saved.layers[9]?.fileCount, 0)
      }
    })

    test('whiteouts, opaque directory and hardlink as the layer tars carry them', () => {
      const layer = (i: number) => saved.layers[i]?.entries ?? []
      const has = (i: number, e: Partial<LayerEntry>) =>
        layer(i).some(x => Object.entries(e).every(([k, v]) => x[k as keyof LayerEntry] === v))
      assert.ok(has(3, { path: 'w/del', type: 'whiteout' }), 'rm of a file → whiteout')
      assert.ok(has(4, { path: 'w/d', type: 'whiteout' }), 'rm -rf of a directory → one whiteout')
      assert.ok(!has(4, { path: 'w/d/x' }), 'nothing below a deleted directory is listed')
      // overlay2's upper directory (both builders here): the re-made directory is opaque.
      assert.ok(has(5, { path: 'w/o', type: 'opaque' }), 'rm -rf + mkdir → opaque marker')
      assert.ok(!has(5, { path: 'w/o/q' }), 'the opaque directory needs no whiteout for q')
      // overlay2 copied the target up: both names are in layer 6, the data counted once.
      assert.deepEqual(
        layer(6).filter(e => e.path.startsWith('w/lnk')),
        [
          { path: 'w/lnk', type: 'file', size: 1_500_000 },
          { path: 'w/lnk2', type: 'hardlink', size: 0, linkTarget: 'w/lnk' }
        ]
      )
    })

    test('waste figures worked out by hand', () => {
      const report = analyzeWaste(entriesOf(saved), { top: 20 })
      // Occurrences per path (bytes, layer) and the bytes that survive in the final image:
      // removable = Σ − survives.
      const expected: [string, number[], number[], number][] = [
        ['w/over', [5 * MB, 1_200_000], [1, 2], 1_200_000],
        ['w/o/p', [4 * MB, 100_000], [1, 5], 100_000],
        ['w/del', [3 * MB, 0], [1, 3], 0],
        ['w/app.bin', [2 * MB, 2 * MB], [7, 8], 2 * MB],
        ['w/d/x', [2 * MB, 0], [1, 4], 0],
        // the hardlink's copy-up re-adds the target (moby issue 48140)
        ['w/lnk', [1_500_000, 1_500_000], [1, 6], 1_500_000],
        ['w/d/sub/y', [1 * MB, 0], [1, 4], 0],
        ['w/o/q', [500_000, 0], [1, 5], 0]
      ]
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
      const want = expected.map(([path, sizes, layers, survives]) => ({
        path,
        removableBytes: sum(sizes) - survives,
        cumulativeBytes: sum(sizes),
        layers
      }))
      assert.deepEqual(report.topPaths, want)
      const removable = want.reduce((s, p) => s + p.removableBytes, 0)
      assert.equal(report.removableBytes, removable)
      assert.equal(removable, 19_000_000)
      // Σ cumulative: every byte any layer added (the image's size) + the whiteouts' 0s; dive's
      // score subtracts Σ (cumulative − min), which here equals the removable bytes.
      const total = saved.layers.reduce((s, l) => s + l.size, 0)
      const overMin = sum(expected.map(([, sizes]) => sum(sizes) - Math.min(...sizes)))
      assert.equal(overMin, 19_000_000)
      assert.equal(report.efficiency, (total - overMin) / total)
      const top = report.largestFiles.slice(0, 5)
      assert.deepEqual(
        top.filter(f => f.path.startsWith('w/')),
        [
          { path: 'w/app.bin', size: 2 * MB, layer: 8 },
          { path: 'w/lnk', size: 1_500_000, layer: 6 },
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

    test('the product reader and a bare docker save → scanLayer agree', async () => {
      assert.deepEqual(await readLayersByHelper(tag), saved)
    })
  })
}

/**
 * Paths the engine's init layer adds to every container (moby `daemon/initlayer`, `Setup`): empty
 * mount points and the symlink /etc/mtab → /proc/mounts. `docker export` shows them although no
 * image layer holds them; the images below have none of these paths (asserted).
 */
const INIT_LAYER_PATHS: ReadonlySet<string> = new Set([
  '.dockerenv',
  'dev/console',
  'etc/hostname',
  'etc/hosts',
  'etc/mtab',
  'etc/resolv.conf'
])

/** The flattened filesystem of `ref`: `docker create` + `docker export`, read with tar-stream. */
async function exportedFilesystem(ref: string): Promise<FlattenedSize> {
  const id = (await docker(['create', ref])).trim()
  try {
    const child = spawn('docker', ['export', id], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<number>(resolve => child.on('close', code => resolve(code ?? -1)))
    const flat = await flattenedSize(child.stdout, INIT_LAYER_PATHS)
    const code = await exited
    if (code !== 0) throw new Error(`docker export ${id} exited with ${code}: ${stderr}`)
    return flat
  } finally {
    await docker(['rm', id])
  }
}

/** One Dockerfile of the export comparison, with its removable bytes worked out by hand. */
interface ExportCase {
  name: string
  dockerfile: string
  files?: Record<string, Buffer | string>
  /** Removable bytes by hand (the busybox base holds none). */
  removable: number
  /** Every wasted path by hand: [path, removable, cumulative], in report order. */
  topPaths: [string, number, number][]
}

const SITE = {
  'site/index.html': Buffer.alloc(300_000, 0x68),
  'site/app.js': Buffer.alloc(120_000, 0x6a),
  'site/img/logo.png': Buffer.alloc(50_000, 0x70)
}

const EXPORT_CASES: ExportCase[] = [
  {
    name: 'deleted, then added again',
    dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY site/ /site/\nRUN rm -rf /site\nCOPY site/ /site/\n`,
    files: SITE,
    // Only the first copy is gone; the former rule (Σ − smallest, the deletion's 0) said 940,000.
    removable: 470_000,
    topPaths: [
      ['site/index.html', 300_000, 600_000],
      ['site/app.js', 120_000, 240_000],
      ['site/img/logo.png', 50_000, 100_000]
    ]
  },
  {
    name: 'a file that grows',
    dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY small.txt /data/f\nRUN ${ZERO('/data/f', 2 * MB)}\n`,
    files: { 'small.txt': 'hello, world\n' },
    // The 13-byte first copy; the former rule said 2,000,000.
    removable: 13,
    topPaths: [['data/f', 13, 2_000_013]]
  },
  {
    name: 'chmod re-adds a file',
    dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY app.bin /app.bin\nRUN chmod 755 /app.bin\n`,
    files: { 'app.bin': Buffer.alloc(MB, 0x61) },
    // One copy, not both (dive counts 2 MB: dive issue 684).
    removable: MB,
    topPaths: [['app.bin', MB, 2 * MB]]
  },
  {
    name: 'hardlinks in a layer and across layers',
    // Layer 2 links within itself (the inode counts once). Layer 3 links to a lower file: overlay2
    // copies /h/a up (moby issue 48140), a and c share the new inode, b keeps the old one — so
    // the old bytes still show, under /h/b, and nothing is removable (the former rule: 1 MB).
    dockerfile: `FROM ${LOCAL_BUSYBOX}\nRUN mkdir /h && ${ZERO('/h/a', MB)} && ln /h/a /h/b\nRUN ln /h/a /h/c\n`,
    removable: 0,
    topPaths: []
  },
  {
    name: 'hardlinks, the last name of the old inode removed',
    dockerfile: `FROM ${LOCAL_BUSYBOX}\nRUN mkdir /h && ${ZERO('/h/a', MB)} && ln /h/a /h/b\nRUN ln /h/a /h/c\nRUN rm /h/b\n`,
    removable: MB,
    topPaths: [['h/a', MB, 2 * MB]]
  },
  {
    name: 'an opaque directory (removed and made again in a later RUN)',
    dockerfile:
      `FROM ${LOCAL_BUSYBOX}\n` +
      `RUN mkdir -p /o/sub && ${ZERO('/o/p', 4 * MB)} && ${ZERO('/o/q', 500_000)} && ${ZERO('/o/sub/r', 250_000)}\n` +
      `RUN rm -rf /o && mkdir /o && ${ZERO('/o/p', 100_000)} && ${ZERO('/o/q', 600_000)}\n`,
    // p and q: their first copies; sub/r: all of it. The former rule counted q's 600,000.
    removable: 4_750_000,
    topPaths: [
      ['o/p', 4 * MB, 4_100_000],
      ['o/q', 500_000, 1_100_000],
      ['o/sub/r', 250_000, 250_000]
    ]
  }
]

for (const builder of ['classic', 'buildkit'] as TestBuilder[]) {
  describe(`removable bytes == docker image inspect .Size − docker export, ${builder} builder`, () => {
    for (const c of EXPORT_CASES) {
      test(c.name, { timeout: 180_000 }, async () => {
        const tag = uniqueTag('waste-export')
        made.push(tag)
        await buildImage({ dockerfile: c.dockerfile, tag, builder, files: c.files })
        const report = analyzeWaste(entriesOf(await readLayers(tag)), { top: 1000 })
        const size = await engineSize(tag)
        const flat = await exportedFilesystem(tag)
        const oracle = size - flat.size
        console.log(
          `[${builder}] ${c.name}: inspect .Size ${size}, export ${flat.size}, ` +
            `oracle ${oracle}, ours ${report.removableBytes}`
        )
        assert.equal(report.removableBytes, oracle, 'removable == inspect .Size − export')
        assert.equal(report.removableBytes, c.removable, 'removable == worked out by hand')
        assert.deepEqual(
          report.topPaths.map(p => [p.path, p.removableBytes, p.cumulativeBytes]),
          c.topPaths
        )
        // Per path: the final tree's files are the exported ones, byte for byte.
        const ours = new Map(report.largestFiles.map(f => [f.path, f.size]))
        for (const path of INIT_LAYER_PATHS) assert.ok(!ours.has(path), `${path} not in the image`)
        const exportedPaths = [...flat.paths].filter(([, n]) => n > 0)
        for (const [path, bytes] of exportedPaths) {
          if (ours.has(path)) assert.equal(ours.get(path), bytes, path)
        }
        await removeImages(tag)
      })
    }
  })
}

describe('crafted layer tars the engine loads', () => {
  const MTIME = new Date(0)
  const file = (name: string, body: Buffer | string) => ({
    header: { name, type: 'file' as const, mtime: MTIME, mode: 0o644 },
    body
  })

  /** `docker load`s `layer` as a one-layer image; returns the tag (the caller removes it). */
  async function load(layer: Buffer): Promise<string> {
    const tag = uniqueTag('waste-crafted')
    made.push(tag)
    const file = join(
      tmpdir(),
      `isb-crafted-${process.pid}-${Math.random().toString(36).slice(2)}.tar`
    )
    await writeFile(file, await dockerArchive([layer], tag))
    try {
      await docker(['load', '-i', file])
    } finally {
      await rm(file, { force: true })
    }
    return tag
  }

  test('a tar after the end-of-archive marker (eStargz TOC) is not part of the layer', async () => {
    const archive = await packTar([file('a', Buffer.alloc(1000, 1)), file('b', 'hello')])
    const toc = await packTar([file('stargz.index.json', '{"version":1,"entries":[]}')])
    const layer = Buffer.concat([archive, toc])
    const tag = await load(layer)
    const scan = await scanLayer(Readable.from([layer]), { collectEntries: true })
    assert.equal(await engineSize(tag), 1005)
    assert.equal(scan.size, 1005)
    const read = await readLayers(tag)
    assert.deepEqual(read.layers[0]?.entries, [
      { path: 'a', type: 'file', size: 1000 },
      { path: 'b', type: 'file', size: 5 }
    ])
    const report = analyzeWaste(entriesOf(read))
    assert.ok(!report.largestFiles.some(f => f.path === 'stargz.index.json'))
    await removeImages(tag)
  })

  test('link, symlink, directory, device and FIFO headers with a size field', async () => {
    const entries = [
      file('a', Buffer.alloc(700, 1)),
      { header: { name: 'hl', type: 'link' as const, linkname: 'a', mtime: MTIME } },
      { header: { name: 'sl', type: 'symlink' as const, linkname: 'a', mtime: MTIME } },
      { header: { name: 'dir', type: 'directory' as const, mtime: MTIME, mode: 0o755 } },
      { header: { name: 'fifo', type: 'fifo' as const, mtime: MTIME } },
      {
        header: {
          name: 'null',
          type: 'character-device' as const,
          devmajor: 1,
          devminor: 3,
          mtime: MTIME
        }
      },
      file('after', Buffer.alloc(30, 2))
    ]
    const layer = await packTar(entries)
    // Headers 1–5 follow a's header and its 700 bytes padded to 1024: give each a size field.
    for (let i = 0; i < 5; i++) {
      setOctalSize(layer.subarray(1536 + i * 512, 2048 + i * 512), 1234 + i)
    }
    const tag = await load(layer)
    const scan = await scanLayer(Readable.from([layer]), { collectEntries: true })
    // 700 + 1 (the symlink's target "a") + 30; the hardlink, directory, FIFO, device: 0.
    assert.equal(await engineSize(tag), 731)
    assert.equal(scan.size, 731)
    assert.deepEqual(
      scan.entries?.map(e => [e.path, e.type, e.size]),
      [
        ['a', 'file', 700],
        ['hl', 'hardlink', 0],
        ['sl', 'symlink', 1],
        ['dir', 'dir', 0],
        ['fifo', 'other', 0],
        ['null', 'other', 0],
        ['after', 'file', 30]
      ]
    )
    // Not read back through `docker save`: Docker 20.10 loads such a layer but cannot save it
    // again (tar-split reassembly reads the size field's bytes: "file integrity checksum failed"
    // for the links, "is a directory", and a FIFO blocks the save).
    await removeImages(tag)
  })

  test('a lone zero block before a header: the engine refuses the layer, and so do we', async () => {
    const archive = await packTar([file('a', Buffer.alloc(1000, 1))])
    const next = await packTar([file('c', 'c')])
    const layer = Buffer.concat([
      archive.subarray(0, archive.length - 1024),
      Buffer.alloc(512),
      next
    ])
    await assert.rejects(load(layer), /archive\/tar: invalid tar header/)
    await assert.rejects(
      scanLayer(Readable.from([layer]), { collectEntries: false }),
      /a zero block at byte 1536 is followed by a header at byte 2048/
    )
  })
})

describe('duplicate paths in one layer', () => {
  test('the engine refuses such a layer; scanLayer keeps the last entry', async () => {
    const tarBuf = await packTar([
      { header: { name: 'dup', type: 'file' }, body: Buffer.alloc(300_000, 1) },
      { header: { name: 'keep', type: 'file' }, body: Buffer.alloc(50_000, 2) },
      { header: { name: 'dup', type: 'file' }, body: Buffer.alloc(100_000, 3) }
    ])
    // The classic store cannot hold it (moby's tar-split asm rejects the second `dup`), so an
    // engine-side figure does not exist; a layer from elsewhere (moby/buildkit 266) reads as the
    // tree it extracts to: 100,000 + 50,000, not 450,000.
    const tag = uniqueTag('waste-dup')
    const file = join(tmpdir(), `isb-dup-${process.pid}.tar`)
    await writeFile(file, tarBuf)
    try {
      await assert.rejects(docker(['import', file, tag]), /duplicates of file paths not supported/)
    } finally {
      await rm(file, { force: true })
      await removeImages(tag)
    }
    const scan = await scanLayer(Readable.from([tarBuf]), { collectEntries: true })
    assert.equal(scan.size, 150_000)
    const report = analyzeWaste([scan.entries ?? []])
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
      await buildImage({ dockerfile: lines.join('\n') + '\n', tag, files, builder: 'buildkit' })
      const saved = await readLayers(tag)
      assert.equal(saved.layers.length, n)
      assert.deepEqual(
        saved.layers.map(l => l.size),
        Array.from({ length: n }, (_, i) => (i + 1) * 1000)
      )
      await assertEngineSizes(tag, saved)
      const report = analyzeWaste(entriesOf(saved))
      // /same holds 1000, 3000, …, 119000 bytes in turn (even layers): Σ = 1000 · 60² = 3,600,000.
      const sameSizes = Array.from({ length: n / 2 }, (_, k) => (2 * k + 1) * 1000)
      const cumulative = sameSizes.reduce((a, b) => a + b, 0)
      assert.equal(cumulative, 3_600_000)
      // The last version (119,000 bytes) survives; the others are removable.
      assert.equal(report.removableBytes, cumulative - 119_000)
      const total = (1000 * n * (n + 1)) / 2
      // dive's score: Σ min / Σ cumulative, min of /same being its first 1,000 bytes.
      assert.equal(report.efficiency, (total - (cumulative - 1000)) / total)
      assert.deepEqual(report.topPaths[0], {
        path: 'same',
        removableBytes: cumulative - 119_000,
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
      skip: slow
        ? false
        : 'slow (4.5–5.5 min here, 9 GiB through docker save); set ISB_SLOW_TESTS=1',
      timeout: 1_200_000
    },
    async () => {
      const size = 9 * 1024 ** 3
      await buildImage({
        dockerfile: `FROM ${LOCAL_BUSYBOX}\nRUN truncate -s 9G /sparse.img\n`,
        tag
      })
      const saved = await readLayers(tag)
      assert.equal(saved.layers[1]?.size, size)
      assert.deepEqual(saved.layers[1]?.entries, [{ path: 'sparse.img', type: 'file', size }])
      await assertEngineSizes(tag, saved)
      await removeImages(tag)
    }
  )
})
