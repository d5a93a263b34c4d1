/**
 * The containerd image store as the code meets it: store detection from `docker info`, and the
 * documents a containerd-store `docker save` writes for an image without layers (Go's `null` for
 * an empty list). Inputs are real outputs of Docker 26.1.5 (`scripts/engines.sh`), shortened.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { decideEngine, parseInfo } from '../../src/engine/detect.ts'
import { asConfig, asDockerSaveManifest } from '../../src/image/oci.ts'

describe('parseInfo: image store', () => {
  const cases: { name: string; info: object; store: 'classic' | 'containerd' | undefined }[] = [
    {
      name: 'Docker 26.1 with containerd-snapshotter',
      info: {
        ServerVersion: '26.1.5+dfsg1',
        OSType: 'linux',
        Driver: 'overlayfs',
        DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']]
      },
      store: 'containerd'
    },
    {
      name: 'Docker 26.1 classic store (overlay2)',
      info: {
        ServerVersion: '26.1.5+dfsg1',
        OSType: 'linux',
        Driver: 'overlay2',
        DriverStatus: [
          ['Backing Filesystem', 'extfs'],
          ['Supports d_type', 'true']
        ]
      },
      store: 'classic'
    },
    {
      name: 'Docker 20.10 (no DriverStatus pairs of that kind)',
      info: { ServerVersion: '20.10.24+dfsg1', OSType: 'linux', Driver: 'overlay2' },
      store: 'classic'
    },
    {
      name: 'daemon down: nothing known',
      info: { ServerErrors: ['Cannot connect'] },
      store: undefined
    },
    {
      name: 'malformed DriverStatus is ignored',
      info: { ServerVersion: '26.1.5', Driver: 'overlayfs', DriverStatus: 'driver-type' },
      store: 'classic'
    }
  ]
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(parseInfo(JSON.stringify(c.info)).imageStore, c.store)
    })
  }

  test('decideEngine carries the store into the engine', () => {
    const engine = decideEngine({
      docker: 'docker',
      serverVersion: '26.1.5+dfsg1',
      osType: 'linux',
      imageStore: 'containerd',
      buildx: { version: '0.13.1', builder: 'default', driver: 'docker' },
      cliBuildKit: true
    })
    assert.equal(engine.kind, 'buildx')
    assert.equal(engine.imageStore, 'containerd')
  })
})

describe('containerd-store save of an image without layers', () => {
  test('manifest.json "Layers": null reads as no layers', () => {
    const entries = asDockerSaveManifest(
      [{ Config: `blobs/sha256/${'f'.repeat(64)}`, RepoTags: ['isb-test/empty:1'], Layers: null }],
      'manifest.json'
    )
    assert.deepEqual(entries[0]?.Layers, [])
  })

  test('config "diff_ids": null reads as no layers', () => {
    const config = asConfig(
      {
        architecture: 'amd64',
        os: 'linux',
        created: null,
        history: [{ created_by: 'LABEL a=b', empty_layer: true }],
        rootfs: { type: 'layers', diff_ids: null }
      },
      'config'
    )
    assert.deepEqual(config.rootfs.diff_ids, [])
  })

  test('a missing list is still an error', () => {
    assert.throws(
      () => asDockerSaveManifest([{ Config: 'x' }], 'manifest.json'),
      /manifest.json\[0\] needs "Config" \(a path\) and "Layers"/
    )
    assert.throws(
      () => asConfig({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers' } }, 'config'),
      /no rootfs.diff_ids list/
    )
  })
})
