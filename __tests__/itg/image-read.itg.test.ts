/**
 * `readImage` against real images from the real engine, in every layout it reads:
 *
 * - `docker save`, classic layout (what this 20.10 engine writes), from the daemon and from a file;
 * - an OCI layout and an OCI archive made by `skopeo copy docker-daemon:IMG oci:DIR` /
 *   `oci-archive:FILE` (gzip blobs: exact compressed size);
 * - the OCI layout `docker save` writes from Docker 25 on, built by hand because this engine
 *   cannot write it: (a) containerd-store style = the skopeo OCI layout (gzip blobs) plus a
 *   `manifest.json`; (b) graphdriver style = the classic save's layer tars as uncompressed blobs
 *   (`blobs/sha256/<diff ID>`), an OCI manifest and index we write, plus a `manifest.json`; both
 *   tarred in lexical order as `docker save` does (`tar --sort=name`).
 *
 * Expected numbers come from the engine (`docker image inspect`), from the manifests read here
 * with plain JSON, and from the Dockerfile (a `dd` layer of exactly 5,000,000 bytes).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cp,
  link,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  stat,
  truncate,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { promisify } from 'node:util'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { readImage } from '../../src/image/read.ts'
import type { ImageRead } from '../../src/image/read.ts'
import { runnerPlatform } from '../../src/image/platform.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { buildImage, docker, removeImages, uniqueTag } from '../helpers/docker.ts'

const run = promisify(execFile)
const BLOB_BYTES = 5_000_000
const HELLO = 'hello\n'

const tag = uniqueTag('image-read')
let dir = ''
let engine: { id: string; size: number; diffIds: string[]; os: string; arch: string }

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`
const read = (
  value: string,
  opts: Partial<Parameters<typeof readImage>[1]> = {}
): Promise<ImageRead> =>
  readImage(parseImageSource(value, 'image'), { compress: false, collectEntries: false, ...opts })
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)
/** `xs[i]`, which the test expects to exist. */
function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i]
  assert.ok(x !== undefined, `element ${i} exists`)
  return x
}

interface OciDescriptor {
  mediaType: string
  digest: string
  size: number
  platform?: { os: string; architecture: string }
  annotations?: Record<string, string>
}
interface OciManifest {
  config: OciDescriptor
  layers: OciDescriptor[]
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T
}

/** The manifest skopeo wrote into an OCI layout (index.json → the one manifest). */
async function ociManifest(layout: string): Promise<OciManifest> {
  const index = await readJson<{ manifests: OciDescriptor[] }>(join(layout, 'index.json'))
  const [desc] = index.manifests
  assert.ok(desc, 'index.json lists a manifest')
  return readJson<OciManifest>(join(layout, 'blobs', ...desc.digest.split(':')))
}

/** Writes `data` as a blob of `layout` and returns its descriptor. */
async function putBlob(layout: string, mediaType: string, data: Buffer): Promise<OciDescriptor> {
  const digest = sha256(data)
  await mkdir(join(layout, 'blobs', 'sha256'), { recursive: true })
  await writeFile(join(layout, 'blobs', ...digest.split(':')), data)
  return { mediaType, digest, size: data.length }
}

/** Tars a layout directory the way `docker save` writes it: entries in lexical order. */
async function tarLayout(layout: string, out: string): Promise<void> {
  const names = (await readdir(layout)).sort()
  await run('tar', ['--sort=name', '--owner=0', '--group=0', '-cf', out, '-C', layout, ...names])
}

/** The checks every layout of the test image must pass: sizes, diff IDs, order, repeats. */
function assertTestImage(r: ImageRead): void {
  assert.deepEqual(
    r.layers.map(l => l.diffId),
    engine.diffIds,
    'layers in manifest order, the repeated one once per occurrence'
  )
  assert.equal(
    sum(r.layers.map(l => l.size)),
    engine.size,
    'Σ layer sizes = docker image inspect .Size'
  )
  assert.equal(r.layers[1]?.size, HELLO.length, 'COPY a.txt layer: the file alone')
  assert.equal(r.layers[2]?.size, BLOB_BYTES, 'dd layer: exactly the 5,000,000-byte file')
  assert.equal(r.layers[3]?.diffId, r.layers[1]?.diffId, 'the repeated COPY layer')
  assert.equal(r.layers[3]?.size, HELLO.length)
  assert.equal(r.platform, `${engine.os}/${engine.arch}`)
  assert.equal(r.config.rootfs.diff_ids.length, 4)
  for (const l of r.layers)
    assert.ok(l.tarBytes >= l.size + 1024, 'a tar is larger than its content')
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isb-image-read-'))
  // Layers: busybox | COPY a.txt | dd 5,000,000 bytes | COPY a.txt again (the same diff ID, which
  // `docker save` stores as a symlink to the first layer.tar).
  await buildImage({
    tag,
    dockerfile: [
      'FROM isb-local/busybox:latest',
      'COPY a.txt /a.txt',
      `RUN mkdir /data && dd if=/dev/zero of=/data/blob bs=1000 count=${BLOB_BYTES / 1000} 2>/dev/null`,
      'COPY a.txt /a.txt',
      ''
    ].join('\n'),
    files: { 'a.txt': HELLO }
  })
  const out = await docker([
    'image',
    'inspect',
    '--format',
    '{{json .Id}} {{.Size}} {{json .RootFS.Layers}} {{.Os}} {{.Architecture}}',
    tag
  ])
  const [id, size, layers, os, arch] = out.trim().split(' ') as [
    string,
    string,
    string,
    string,
    string
  ]
  engine = {
    id: JSON.parse(id) as string,
    size: Number(size),
    diffIds: JSON.parse(layers) as string[],
    os,
    arch
  }
  assert.equal(engine.diffIds.length, 4)
  assert.equal(engine.diffIds[1], engine.diffIds[3], 'the two COPY layers are identical')

  await docker(['save', '-o', join(dir, 'classic.tar'), tag])
  await run('skopeo', ['copy', '-q', `docker-daemon:${tag}`, `oci:${join(dir, 'oci')}:latest`])
  await run('skopeo', [
    'copy',
    '-q',
    `docker-daemon:${tag}`,
    `oci-archive:${join(dir, 'oci.tar')}:latest`
  ])
})

after(async () => {
  await removeImages(tag)
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('docker save, classic layout', () => {
  test('from the daemon: sizes, diff IDs, order, repeated layer, entries', async () => {
    const r = await read(tag, { collectEntries: true })
    assertTestImage(r)
    assert.equal(r.id, engine.id)
    assert.equal(r.compressed, undefined, 'uncompressed blobs and no estimate asked for')
    for (const l of r.layers) {
      assert.equal(l.compression, 'tar')
      assert.equal(l.digest, undefined)
    }
    const entries = r.entries?.[2] ?? []
    assert.deepEqual(
      entries.find(e => e.path === 'data/blob'),
      { path: 'data/blob', type: 'file', size: BLOB_BYTES }
    )
    assert.deepEqual(r.entries?.[3], r.entries?.[1])
    assert.deepEqual(
      r.entries?.[1]?.map(e => [e.path, e.size]),
      [['a.txt', HELLO.length]]
    )
  })

  test('from a file (docker-archive), with the gzip estimate', async () => {
    const r = await read(`docker-archive:${join(dir, 'classic.tar')}`, { compress: true })
    assertTestImage(r)
    assert.equal(r.id, engine.id)
    assert.equal(r.compressed?.exact, false)
    const estimates = r.layers.map(l => l.compressedSize ?? NaN)
    assert.equal(r.compressed?.size, sum(estimates))
    assert.equal(estimates[1], estimates[3], 'the repeated layer counts again')
    // 5,000,000 zero bytes gzip to a few KB; busybox to about half its tar.
    assert.ok(
      at(estimates, 2) > 1_000 && at(estimates, 2) < 20_000,
      `dd layer estimate ${estimates[2]}`
    )
    assert.ok(at(estimates, 0) < at(r.layers, 0).tarBytes * 0.7)
  })

  test('a gzip-compressed archive (docker save | gzip) is read as it streams', async () => {
    const gz = join(dir, 'classic.tar.gz')
    await writeFile(gz, gzipSync(await readFile(join(dir, 'classic.tar'))))
    const r = await read(`docker-archive:${gz}`)
    assertTestImage(r)
    assert.equal(r.id, engine.id)
    const cut = join(dir, 'cut.tar.gz')
    await cp(gz, cut)
    await truncate(cut, Math.floor((await stat(gz)).size / 2))
    await assert.rejects(read(`docker-archive:${cut}`), /the archive is truncated/)
  })

  test('a multi-image archive needs :REF, which picks the image', async () => {
    const both = join(dir, 'two.tar')
    await docker(['save', '-o', both, tag, 'isb-local/busybox:latest'])
    await assert.rejects(read(`docker-archive:${both}`), /holds 2 images .*docker-archive:PATH:REF/)
    const r = await read(`docker-archive:${both}:${tag}`)
    assertTestImage(r)
    const bb = await read(`docker-archive:${both}:isb-local/busybox`)
    assert.deepEqual(
      bb.layers.map(l => l.diffId),
      [engine.diffIds[0]]
    )
  })
})

describe('OCI layouts from skopeo (gzip blobs: exact compressed size)', () => {
  test('oci:DIR — compressed = Σ manifest layer sizes, uncompressed = the engine size', async () => {
    const layout = join(dir, 'oci')
    const manifest = await ociManifest(layout)
    const r = await read(`oci:${layout}:latest`, { collectEntries: true })
    assertTestImage(r)
    assert.deepEqual(r.compressed, { size: sum(manifest.layers.map(l => l.size)), exact: true })
    assert.equal(r.id, manifest.config.digest)
    assert.deepEqual(
      r.layers.map(l => [l.digest, l.compressedSize, l.mediaType, l.compression]),
      manifest.layers.map(l => [l.digest, l.size, l.mediaType, 'gzip'])
    )
    assert.equal(r.entries?.[2]?.find(e => e.path === 'data/blob')?.size, BLOB_BYTES)
  })

  test('oci-archive:FILE — the same numbers, streamed', async () => {
    const manifest = await ociManifest(join(dir, 'oci'))
    const r = await read(`oci-archive:${join(dir, 'oci.tar')}`, { compress: true })
    assertTestImage(r)
    assert.deepEqual(r.compressed, { size: sum(manifest.layers.map(l => l.size)), exact: true })
  })
})

describe('the OCI layout of docker save (Docker 25+), built by hand', () => {
  test('containerd-store style: gzip blobs + manifest.json', async () => {
    const layout = join(dir, 'save-containerd')
    await cp(join(dir, 'oci'), layout, { recursive: true })
    const manifest = await ociManifest(layout)
    const saveManifest = [
      {
        Config: `blobs/sha256/${manifest.config.digest.slice(7)}`,
        RepoTags: [tag],
        Layers: manifest.layers.map(l => `blobs/sha256/${l.digest.slice(7)}`)
      }
    ]
    await writeFile(join(layout, 'manifest.json'), JSON.stringify(saveManifest))
    await tarLayout(layout, `${layout}.tar`)
    const r = await read(`docker-archive:${layout}.tar`)
    assertTestImage(r)
    assert.deepEqual(r.compressed, { size: sum(manifest.layers.map(l => l.size)), exact: true })
    assert.deepEqual(
      r.layers.map(l => l.digest),
      manifest.layers.map(l => l.digest)
    )
  })

  test('containerd-store style with zstd blobs: exact size, diff IDs verified through zstd', async () => {
    const src = await graphdriverLayout()
    const layout = join(dir, 'save-zstd')
    const classic = await readJson<{ Config: string; Layers: string[] }[]>(
      join(src, 'manifest.json')
    )
    const config = await readFile(join(src, at(classic, 0).Config))
    const cfg = await putBlob(layout, 'application/vnd.oci.image.config.v1+json', config)
    const layers: OciDescriptor[] = []
    for (const path of at(classic, 0).Layers) {
      const tarBytes = await readFile(join(src, path))
      layers.push(
        await putBlob(
          layout,
          'application/vnd.oci.image.layer.v1.tar+zstd',
          zstdCompressSync(tarBytes)
        )
      )
    }
    const mt = 'application/vnd.oci.image.manifest.v1+json'
    const manifest = await putBlob(
      layout,
      mt,
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mt, config: cfg, layers }))
    )
    await writeFile(
      join(layout, 'index.json'),
      JSON.stringify({ schemaVersion: 2, manifests: [manifest] })
    )
    await writeFile(
      join(layout, 'manifest.json'),
      JSON.stringify([
        {
          Config: `blobs/sha256/${cfg.digest.slice(7)}`,
          RepoTags: [tag],
          Layers: layers.map(l => `blobs/sha256/${l.digest.slice(7)}`)
        }
      ])
    )
    await tarLayout(layout, `${layout}.tar`)
    for (const value of [`docker-archive:${layout}.tar`, `oci:${layout}`]) {
      const r = await read(value, { collectEntries: true })
      assertTestImage(r)
      assert.equal(r.id, engine.id)
      assert.deepEqual(r.compressed, { size: sum(layers.map(l => l.size)), exact: true })
      assert.deepEqual(
        r.layers.map(l => l.compression),
        ['zstd', 'zstd', 'zstd', 'zstd']
      )
      assert.equal(r.entries?.[2]?.find(e => e.path === 'data/blob')?.size, BLOB_BYTES)
    }
  })

  test('a repeated layer stored as a hardlink to the first one', async () => {
    const classic = join(dir, 'hardlinked')
    await mkdir(classic)
    await run('tar', ['-xf', join(dir, 'classic.tar'), '-C', classic])
    const save = at(await readJson<{ Layers: string[] }[]>(join(classic, 'manifest.json')), 0)
    const first = join(classic, at(save.Layers, 1))
    const repeat = join(classic, at(save.Layers, 3))
    assert.notEqual(at(save.Layers, 1), at(save.Layers, 3))
    await rm(repeat)
    await link(first, repeat)
    await tarLayout(classic, `${classic}.tar`)
    const { stdout } = await run('tar', ['-tvf', `${classic}.tar`])
    assert.match(stdout, /^h.* link to /m, 'tar stored a hardlink entry')
    const r = await read(`docker-archive:${classic}.tar`)
    assertTestImage(r)
  })

  test('graphdriver style: uncompressed blobs named by diff ID + manifest.json', async () => {
    const layout = await graphdriverLayout()
    const r = await read(`docker-archive:${layout}.tar`, { compress: true })
    assertTestImage(r)
    assert.equal(r.id, engine.id)
    assert.deepEqual(
      r.layers.map(l => l.digest),
      engine.diffIds
    )
    assert.equal(r.compressed?.exact, false, 'uncompressed blobs: the size is an estimate')
    // Read through index.json instead (as an oci-archive): the same image.
    const viaIndex = await read(`oci-archive:${layout}.tar`)
    assertTestImage(viaIndex)
    assert.equal(viaIndex.id, engine.id)
    assert.deepEqual(
      viaIndex.layers.map(l => l.mediaType),
      engine.diffIds.map(() => 'application/vnd.oci.image.layer.v1.tar')
    )
  })
})

/**
 * Builds the graphdriver-style Docker 25+ layout from the classic save (once): layer tars as
 * blobs named by their diff IDs, the config as it is, an OCI manifest and index, `manifest.json`.
 * Returns the layout directory; `<dir>.tar` is its archive.
 */
let graphdriver: Promise<string> | undefined
function graphdriverLayout(): Promise<string> {
  graphdriver ??= (async () => {
    const classic = join(dir, 'classic')
    await mkdir(classic)
    await run('tar', ['-xf', join(dir, 'classic.tar'), '-C', classic])
    const save = at(
      await readJson<{ Config: string; Layers: string[] }[]>(join(classic, 'manifest.json')),
      0
    )
    const layout = join(dir, 'save-graphdriver')
    const config = await putBlob(
      layout,
      'application/vnd.oci.image.config.v1+json',
      await readFile(join(classic, save.Config))
    )
    const layers: OciDescriptor[] = []
    for (const path of save.Layers) {
      layers.push(
        await putBlob(
          layout,
          'application/vnd.oci.image.layer.v1.tar',
          await readFile(join(classic, path))
        )
      )
    }
    const manifest = await putBlob(
      layout,
      'application/vnd.oci.image.manifest.v1+json',
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config,
          layers
        })
      )
    )
    await writeFile(
      join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }]
      })
    )
    await writeFile(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
    await writeFile(
      join(layout, 'manifest.json'),
      JSON.stringify([
        {
          Config: `blobs/sha256/${config.digest.slice(7)}`,
          RepoTags: [tag],
          Layers: layers.map(l => `blobs/sha256/${l.digest.slice(7)}`)
        }
      ])
    )
    await tarLayout(layout, `${layout}.tar`)
    return layout
  })()
  return graphdriver
}

describe('platform choice in an index', () => {
  test('runner platform by default, attestations skipped, a wrong platform is an error', async () => {
    const layout = join(dir, 'multi')
    await cp(join(dir, 'oci'), layout, { recursive: true })
    const real = await ociManifest(layout)
    const here = runnerPlatform()
    const otherArch = here.architecture === 'amd64' ? 'arm64' : 'amd64'
    const mt = 'application/vnd.oci.image.manifest.v1+json'
    const mine = await putBlob(
      layout,
      mt,
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mt, ...real }))
    )
    // Another platform's manifest: same blobs, different digest (an annotation), labelled otherArch.
    const other = await putBlob(
      layout,
      mt,
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: mt,
          ...real,
          annotations: { arch: otherArch }
        })
      )
    )
    const statement = await putBlob(
      layout,
      'application/vnd.in-toto+json',
      Buffer.from('{"_type":"x"}')
    )
    const attestation = await putBlob(
      layout,
      mt,
      Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: mt, config: statement, layers: [statement] })
      )
    )
    const nested = await putBlob(
      layout,
      'application/vnd.oci.image.index.v1+json',
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          manifests: [
            { ...other, platform: { os: 'linux', architecture: otherArch } },
            {
              ...attestation,
              platform: { os: 'unknown', architecture: 'unknown' },
              annotations: {
                'vnd.docker.reference.type': 'attestation-manifest',
                'vnd.docker.reference.digest': mine.digest
              }
            },
            { ...mine, platform: { os: here.os, architecture: here.architecture } }
          ]
        })
      )
    )
    await writeFile(
      join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [{ ...nested, annotations: { 'org.opencontainers.image.ref.name': 'multi' } }]
      })
    )
    const r = await read(`oci:${layout}:multi`)
    assertTestImage(r)
    await assert.rejects(
      read(`oci:${layout}`, { platform: `linux/${otherArch}` }),
      new RegExp(`the image is ${engine.os}/${engine.arch}, not linux/${otherArch}`)
    )
    await assert.rejects(
      read(`oci:${layout}`, { platform: 'linux/s390x' }),
      new RegExp(
        `no manifest for platform linux/s390x; platforms present: linux/${otherArch}, ${here.os}/${here.architecture}`
      )
    )
    await assert.rejects(
      read(`oci:${layout}:nope`),
      /no manifest is tagged "nope".*tags present: multi/
    )
  })
})

describe('bad input: a clear error, never a number', () => {
  test('a truncated archive (inside a layer, and without its end blocks)', async () => {
    const full = join(dir, 'classic.tar')
    const size = (await stat(full)).size
    const cut = join(dir, 'cut.tar')
    await cp(full, cut)
    await truncate(cut, Math.floor(size / 2))
    await assert.rejects(
      read(`docker-archive:${cut}`),
      /docker-archive:.*cut\.tar: the archive is truncated/
    )
    const noEnd = join(dir, 'no-end.tar')
    await cp(full, noEnd)
    await truncate(noEnd, size - 1024)
    await assert.rejects(read(`docker-archive:${noEnd}`), /the archive is truncated/)
    await assert.rejects(read(`oci-archive:${cut}`), /the archive is truncated/)
  })

  test('a manifest naming a missing blob', async () => {
    const layout = join(dir, 'missing')
    await cp(join(dir, 'oci'), layout, { recursive: true })
    const manifest = await ociManifest(layout)
    const gone = at(manifest.layers, 2).digest
    await rm(join(layout, 'blobs', ...gone.split(':')))
    await assert.rejects(
      read(`oci:${layout}`),
      new RegExp(
        `oci:.*missing: the manifest names the layer blob blobs/sha256/${gone.slice(7)}, which is not in the layout`
      )
    )
    await tarLayout(layout, `${layout}.tar`)
    await assert.rejects(
      read(`oci-archive:${layout}.tar`),
      new RegExp(`names the layer blob blobs/sha256/${gone.slice(7)}, which is not in the archive`)
    )
  })

  test('an unknown transport', async () => {
    await assert.rejects(
      async () => read('foo:/tmp/x'),
      /image: "foo:\/tmp\/x" uses an unknown transport "foo:".*docker-archive:PATH/
    )
  })

  test('a layer blob that is not a tar (raw, and inside gzip)', async () => {
    const layout = join(dir, 'not-tar')
    await cp(join(dir, 'oci'), layout, { recursive: true })
    const manifest = await ociManifest(layout)
    const [first, second] = manifest.layers.map(l => join(layout, 'blobs', ...l.digest.split(':')))
    await writeFile(first ?? '', JSON.stringify({ not: 'a tar' }))
    await assert.rejects(
      read(`oci:${layout}`),
      /blobs\/sha256\/\w+: the layer blob is not a tar archive, nor a gzip- or zstd-compressed one \(it starts with 7b 22/
    )
    await tarLayout(layout, `${layout}.tar`)
    await assert.rejects(
      read(`oci-archive:${layout}.tar`),
      /is not a tar archive, nor a gzip- or zstd-compressed one/
    )

    await cp(join(dir, 'oci', 'blobs'), join(layout, 'blobs'), { recursive: true, force: true })
    await writeFile(second ?? '', gzipSync(Buffer.from('plain text, not a tar\n'.repeat(100))))
    await assert.rejects(read(`oci:${layout}`), /cannot read the gzip-compressed layer tar/)
  })

  test('a layer whose bytes changed: diff ID mismatch', async () => {
    const src = await graphdriverLayout()
    const layout = join(dir, 'corrupt')
    await cp(src, layout, { recursive: true })
    const blob = join(layout, 'blobs', 'sha256', at(engine.diffIds, 1).slice(7))
    const data = await readFile(blob)
    const offset = data.indexOf(HELLO)
    assert.ok(offset > 0)
    data.write('j', offset) // "jello": still a valid tar, other content
    await writeFile(blob, data)
    await assert.rejects(
      read(`oci:${layout}`),
      new RegExp(
        `layer 1 \\(blobs/sha256/${at(engine.diffIds, 1).slice(7)}\\) has diff ID sha256:\\w+ but the config lists ${engine.diffIds[1]}`
      )
    )
  })

  test('a tar broken after its first chunk, compression on: an error and no gzip left running', async () => {
    const src = await graphdriverLayout()
    const layout = join(dir, 'broken')
    await cp(src, layout, { recursive: true })
    const blob = join(layout, 'blobs', 'sha256', at(engine.diffIds, 2).slice(7))
    const data = await readFile(blob)
    // Garbage where the end-of-archive blocks start, 5 MB in: past the first 4 MiB gzip chunk.
    data.fill(0x41, data.length - 1024, data.length - 512)
    await writeFile(blob, data)
    await assert.rejects(
      read(`oci:${layout}`, { compress: true }),
      /blobs\/sha256\/\w+: cannot read the layer tar: .*Invalid tar header/
    )
    // Killed workers take a moment to exit; none may linger.
    let stdout = ''
    for (let i = 0; i < 20; i++) {
      stdout = (await run('ps', ['-o', 'args=', '--ppid', String(process.pid)])).stdout
      if (!/gzip -6/.test(stdout)) break
      await new Promise(resolve => setTimeout(resolve, 100))
    }
    assert.doesNotMatch(stdout, /gzip -6/, 'no gzip worker outlives the failed read')
  })

  test('an image the engine does not have, a missing file, a file that is not a tar', async () => {
    await assert.rejects(
      read('isb-test/image-read-missing:nope'),
      /image "isb-test\/image-read-missing:nope" was not found in the Docker engine/
    )
    await assert.rejects(
      read(`docker-archive:${join(dir, 'nope.tar')}`),
      /cannot open .*nope\.tar: no such file/
    )
    const junk = join(dir, 'junk.tar')
    await writeFile(junk, Buffer.from('x'.repeat(5000)))
    await assert.rejects(read(`oci-archive:${junk}`), /oci-archive:.*junk\.tar: not a tar archive/)
    await assert.rejects(
      read('docker-daemon:isb-local/busybox:latest', { docker: '/nonexistent/docker' }),
      /the Docker CLI "\/nonexistent\/docker" was not found/
    )
  })
})
