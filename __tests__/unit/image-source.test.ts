import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { gzipSync, zstdCompressSync } from 'node:zlib'
import { sniffBlob } from '../../src/image/layer-blob.ts'
import { isAttestation, MediaType, selectManifest } from '../../src/image/oci.ts'
import type { Descriptor, ImageIndex } from '../../src/image/oci.ts'
import { parsePlatform, platformMatches, runnerPlatform } from '../../src/image/platform.ts'
import { describeSource, parseImageSource } from '../../src/image/source.ts'
import type { ImageSource } from '../../src/image/source.ts'
import { packTar } from '../helpers/tar.ts'

describe('parseImageSource', () => {
  const good: [string, ImageSource][] = [
    ['busybox:latest', { transport: 'docker-daemon', ref: 'busybox:latest' }],
    ['busybox', { transport: 'docker-daemon', ref: 'busybox' }],
    ['foo:bar', { transport: 'docker-daemon', ref: 'foo:bar' }],
    ['docker:dind', { transport: 'docker-daemon', ref: 'docker:dind' }],
    ['isb-local/golang:1.19', { transport: 'docker-daemon', ref: 'isb-local/golang:1.19' }],
    [
      'localhost:5000/team/app:v1.2',
      { transport: 'docker-daemon', ref: 'localhost:5000/team/app:v1.2' }
    ],
    [
      `app@sha256:${'a'.repeat(64)}`,
      { transport: 'docker-daemon', ref: `app@sha256:${'a'.repeat(64)}` }
    ],
    [`sha256:${'0'.repeat(64)}`, { transport: 'docker-daemon', ref: `sha256:${'0'.repeat(64)}` }],
    ['062a03626a18', { transport: 'docker-daemon', ref: '062a03626a18' }],
    ['docker-daemon:app:1', { transport: 'docker-daemon', ref: 'app:1', explicit: true }],
    ['docker://alpine', { transport: 'docker', ref: 'alpine' }],
    [
      'docker://127.0.0.1:5000/team/app:v1@sha256:' + 'b'.repeat(64),
      { transport: 'docker', ref: '127.0.0.1:5000/team/app:v1@sha256:' + 'b'.repeat(64) }
    ],
    ['docker-archive:/tmp/app.tar', { transport: 'docker-archive', path: '/tmp/app.tar' }],
    [
      'docker-archive:/tmp/app.tar:app:1',
      { transport: 'docker-archive', path: '/tmp/app.tar', ref: 'app:1' }
    ],
    ['oci-archive:out/app.tar', { transport: 'oci-archive', path: 'out/app.tar' }],
    ['oci-archive:/tmp/app.tar:v1', { transport: 'oci-archive', path: '/tmp/app.tar', tag: 'v1' }],
    ['oci:/tmp/layout', { transport: 'oci', dir: '/tmp/layout' }],
    ['oci:/tmp/layout:latest', { transport: 'oci', dir: '/tmp/layout', tag: 'latest' }],
    ['oci:latest', { transport: 'oci', dir: 'latest' }],
    ['  busybox:1  ', { transport: 'docker-daemon', ref: 'busybox:1' }]
  ]
  for (const [value, expected] of good) {
    test(`${JSON.stringify(value)} → ${expected.transport}`, () => {
      assert.deepEqual(parseImageSource(value, 'image'), expected)
    })
  }

  const bad: [string, RegExp][] = [
    ['', /is empty/],
    ['foo:/some/path', /unknown transport "foo:"/],
    ['docker://', /not name a valid image reference after docker:\/\//],
    ['docker://Alpine', /not name a valid image reference after docker:\/\//],
    [`docker://sha256:${'0'.repeat(64)}`, /not name a valid image reference after docker:\/\//],
    ['tarball:/x.tar', /transport "tarball:", which this action does not read/],
    ['dir:/tmp/x', /transport "dir:"/],
    ['containers-storage:/x', /transport "containers-storage:"/],
    ['Busybox:latest', /not a valid image reference/],
    ['docker-archive:', /no archive path/],
    ['oci:', /no directory/],
    ['oci:/tmp/x:', /empty tag/],
    ['oci-archive::v1', /no archive path/],
    ['docker-daemon:UPPER', /not.*valid image reference/],
    ['docker-archive:/x.tar:Bad Ref', /invalid image reference/],
    ['app:tag with space', /not a valid image reference/]
  ]
  for (const [value, why] of bad) {
    test(`${JSON.stringify(value)} is rejected naming the input and listing transports`, () => {
      assert.throws(
        () => parseImageSource(value, 'builder-image'),
        (err: Error) => {
          assert.match(err.message, /^builder-image: /)
          assert.ok(err.message.includes(JSON.stringify(value)), err.message)
          assert.match(err.message, why)
          for (const t of ['docker-daemon:', 'docker-archive:', 'oci-archive:', 'oci:']) {
            assert.ok(err.message.includes(t), `${err.message} lists ${t}`)
          }
          return true
        }
      )
    })
  }

  test('describeSource writes a source back in transport syntax', () => {
    for (const value of [
      'busybox:latest',
      'docker-archive:/tmp/a.tar',
      'docker-archive:/tmp/a.tar:app:1',
      'oci-archive:/tmp/a.tar:v1',
      'oci:/tmp/dir',
      'oci:/tmp/dir:v2'
    ]) {
      assert.equal(describeSource(parseImageSource(value, 'image')), value)
    }
  })
})

describe('platforms', () => {
  test('parse and match with containerd normalisation', () => {
    assert.deepEqual(parsePlatform('linux/arm64/v8'), {
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8'
    })
    assert.ok(platformMatches(parsePlatform('linux/arm64/v8'), parsePlatform('linux/arm64')))
    assert.ok(platformMatches(parsePlatform('linux/arm'), parsePlatform('linux/arm/v6')))
    assert.ok(platformMatches(parsePlatform('linux/arm/v7'), parsePlatform('linux/arm')))
    assert.ok(!platformMatches(parsePlatform('linux/arm/v7'), parsePlatform('linux/arm/v6')))
    assert.ok(!platformMatches(parsePlatform('linux/amd64'), parsePlatform('linux/arm64')))
    assert.ok(!platformMatches(parsePlatform('linux/amd64'), parsePlatform('windows/amd64')))
    for (const bad of ['linux', 'linux/', 'a/b/c/d', '']) {
      assert.throws(() => parsePlatform(bad, 'platform'), /platform: .* expected OS\/ARCH/)
    }
  })

  test('the runner platform uses Go names', () => {
    const p = runnerPlatform()
    const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386' }
    assert.equal(p.architecture, goArch[process.arch] ?? p.architecture)
    assert.equal(p.os, process.platform === 'win32' ? 'windows' : 'linux')
  })
})

describe('selectManifest', () => {
  const d = (n: number, extra: Partial<Descriptor> = {}): Descriptor => ({
    mediaType: MediaType.ociManifest,
    digest: `sha256:${String(n).repeat(64).slice(0, 64)}`,
    size: 100 + n,
    ...extra
  })
  const amd = d(1, { platform: { os: 'linux', architecture: 'amd64' } })
  const arm = d(2, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } })
  const att = d(3, {
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
  })
  const nested = d(4, {
    mediaType: MediaType.ociIndex,
    annotations: { 'org.opencontainers.image.ref.name': 'v1' }
  })
  const base = {
    label: 'oci:/x',
    loadIndex: async (x: Descriptor): Promise<ImageIndex> => {
      assert.equal(x.digest, nested.digest)
      return { manifests: [amd, att, arm] }
    },
    loadPlatform: async () => ({ os: 'linux', architecture: 'amd64' })
  }
  const amd64 = { os: 'linux', architecture: 'amd64' }

  test('picks the platform from a nested index and skips attestations', async () => {
    const index = { manifests: [nested] }
    assert.equal(await selectManifest(index, { ...base, platform: amd64, explicit: false }), amd)
    const arm64 = { os: 'linux', architecture: 'arm64' }
    assert.equal(await selectManifest(index, { ...base, platform: arm64, explicit: true }), arm)
    assert.equal(
      await selectManifest(index, { ...base, tag: 'v1', platform: amd64, explicit: false }),
      amd
    )
  })

  test('attestations are recognised by annotation or unknown/unknown', () => {
    assert.ok(isAttestation(att))
    assert.ok(isAttestation(d(5, { platform: { os: 'unknown', architecture: 'unknown' } })))
    assert.ok(!isAttestation(amd))
  })

  test('a single manifest of another platform is taken unless the platform was asked for', async () => {
    const index = { manifests: [arm] }
    assert.equal(await selectManifest(index, { ...base, platform: amd64, explicit: false }), arm)
    await assert.rejects(
      selectManifest(index, { ...base, platform: amd64, explicit: true }),
      /oci:\/x: the image is linux\/arm64\/v8, not linux\/amd64/
    )
  })

  test('errors name the layout and list what is there', async () => {
    await assert.rejects(
      selectManifest(
        { manifests: [nested] },
        { ...base, tag: 'v2', platform: amd64, explicit: false }
      ),
      /oci:\/x: no manifest is tagged "v2".*tags present: v1/
    )
    await assert.rejects(
      selectManifest(
        { manifests: [nested] },
        { ...base, platform: { os: 'linux', architecture: 's390x' }, explicit: true }
      ),
      /no manifest for platform linux\/s390x; platforms present: linux\/amd64, linux\/arm64\/v8/
    )
    await assert.rejects(
      selectManifest({ manifests: [att] }, { ...base, platform: amd64, explicit: false }),
      /lists no image manifest/
    )
    const other = d(6, { platform: { os: 'linux', architecture: 'amd64' } })
    await assert.rejects(
      selectManifest({ manifests: [amd, other] }, { ...base, platform: amd64, explicit: false }),
      /2 images for platform linux\/amd64.*:TAG/
    )
  })

  test('a descriptor without platform is judged by its config', async () => {
    const bare = d(7)
    const picked = await selectManifest(
      { manifests: [bare, arm] },
      { ...base, platform: amd64, explicit: false }
    )
    assert.equal(picked, bare)
  })
})

describe('sniffBlob', () => {
  test('tells tar, gzip, zstd and other bytes apart', async () => {
    const tarBytes = await packTar([{ header: { name: 'a.txt' }, body: 'hello' }])
    assert.equal(sniffBlob(tarBytes.subarray(0, 512)), 'tar')
    assert.equal(sniffBlob(Buffer.alloc(1024)), 'tar')
    assert.equal(sniffBlob(gzipSync(tarBytes)), 'gzip')
    assert.equal(sniffBlob(zstdCompressSync(tarBytes)), 'zstd')
    assert.equal(sniffBlob(Buffer.from('{"schemaVersion":2}')), 'unknown')
    assert.equal(sniffBlob(Buffer.alloc(100)), 'unknown')
    assert.equal(sniffBlob(Buffer.alloc(0)), 'unknown')
  })
})
