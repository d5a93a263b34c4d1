import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type IndexEntry,
  isAttestation,
  parseBearerChallenge,
  parsePlatform,
  parseRegistryRef,
  selectIndexEntry
} from '../../src/baseline/registry.ts'

const D = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`

describe('parseRegistryRef', () => {
  const cases: [string, string, string, string, string, 'http' | 'https'][] = [
    // ref, registry, apiHost, repository, reference, scheme
    ['busybox', 'docker.io', 'registry-1.docker.io', 'library/busybox', 'latest', 'https'],
    ['busybox:1.36', 'docker.io', 'registry-1.docker.io', 'library/busybox', '1.36', 'https'],
    [
      'docker.io/busybox',
      'docker.io',
      'registry-1.docker.io',
      'library/busybox',
      'latest',
      'https'
    ],
    [
      'index.docker.io/library/busybox',
      'docker.io',
      'registry-1.docker.io',
      'library/busybox',
      'latest',
      'https'
    ],
    ['someone/app:v2', 'docker.io', 'registry-1.docker.io', 'someone/app', 'v2', 'https'],
    ['ghcr.io/owner/app:1.2.3', 'ghcr.io', 'ghcr.io', 'owner/app', '1.2.3', 'https'],
    ['ghcr.io/o/a:tag@' + D(7), 'ghcr.io', 'ghcr.io', 'o/a', D(7), 'https'],
    ['127.0.0.1:5000/isb/base:v1', '127.0.0.1:5000', '127.0.0.1:5000', 'isb/base', 'v1', 'http'],
    ['localhost:5000/x', 'localhost:5000', 'localhost:5000', 'x', 'latest', 'http'],
    ['localhost/x', 'localhost', 'localhost', 'x', 'latest', 'http'],
    ['127.1.2.3:80/x', '127.1.2.3:80', '127.1.2.3:80', 'x', 'latest', 'http']
  ]
  for (const [ref, registry, apiHost, repository, reference, scheme] of cases) {
    it(ref, () => {
      assert.deepEqual(parseRegistryRef(ref), { registry, apiHost, repository, reference, scheme })
    })
  }

  it('speaks HTTP to listed insecure hosts only', () => {
    assert.equal(parseRegistryRef('reg.internal:5000/a').scheme, 'https')
    assert.equal(parseRegistryRef('reg.internal:5000/a', ['reg.internal:5000']).scheme, 'http')
    assert.equal(parseRegistryRef('reg.internal:5000/a', ['reg.internal']).scheme, 'http')
    assert.equal(parseRegistryRef('reg.internal:5000/a', ['other:5000']).scheme, 'https')
  })

  for (const bad of ['Busybox', 'busybox:', 'a b', 'ghcr.io/o/a@sha256:123', '']) {
    it(`rejects "${bad}" naming it`, () => {
      assert.throws(
        () => parseRegistryRef(bad),
        (error: Error) => error.message.startsWith(`image reference "${bad}"`)
      )
    })
  }
})

describe('parsePlatform', () => {
  const cases: [string, ReturnType<typeof parsePlatform>][] = [
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/x86_64', { os: 'linux', architecture: 'amd64' }],
    ['linux/amd64/v1', { os: 'linux', architecture: 'amd64' }],
    ['linux/amd64/v3', { os: 'linux', architecture: 'amd64', variant: 'v3' }],
    ['linux/arm64', { os: 'linux', architecture: 'arm64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }],
    ['linux/aarch64', { os: 'linux', architecture: 'arm64' }],
    ['linux/arm', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    ['linux/arm/v6', { os: 'linux', architecture: 'arm', variant: 'v6' }],
    ['Windows/AMD64', { os: 'windows', architecture: 'amd64' }]
  ]
  for (const [text, expected] of cases) {
    it(text, () => assert.deepEqual(parsePlatform(text), expected))
  }
  for (const bad of ['linux', 'linux/', '/amd64', 'linux/arm/v7/x', '']) {
    it(`rejects "${bad}"`, () =>
      assert.throws(() => parsePlatform(bad), /os\/architecture\[\/variant\]/))
  }
})

describe('selectIndexEntry', () => {
  const amd64: IndexEntry = { digest: D(1), platform: { os: 'linux', architecture: 'amd64' } }
  const arm64v8: IndexEntry = {
    digest: D(2),
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }
  }
  const armv7: IndexEntry = {
    digest: D(3),
    platform: { os: 'linux', architecture: 'arm', variant: 'v7' }
  }
  const armv6: IndexEntry = {
    digest: D(4),
    platform: { os: 'linux', architecture: 'arm', variant: 'v6' }
  }
  const attestation: IndexEntry = {
    digest: D(9),
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: {
      'vnd.docker.reference.digest': D(1),
      'vnd.docker.reference.type': 'attestation-manifest'
    }
  }
  const index = [attestation, armv6, armv7, arm64v8, amd64]

  it('picks the platform, skipping attestation manifests', () => {
    assert.equal(selectIndexEntry(index, 'linux/amd64').digest, D(1))
    assert.equal(selectIndexEntry(index, 'linux/arm/v6').digest, D(4))
  })

  it('matches arm64 with or without v8, and arm without a variant as v7', () => {
    assert.equal(selectIndexEntry(index, 'linux/arm64').digest, D(2))
    assert.equal(selectIndexEntry(index, 'linux/arm64/v8').digest, D(2))
    const noVariant: IndexEntry = { digest: D(5), platform: { os: 'linux', architecture: 'arm64' } }
    assert.equal(selectIndexEntry([noVariant], 'linux/arm64/v8').digest, D(5))
    assert.equal(selectIndexEntry(index, 'linux/arm').digest, D(3))
  })

  it('never picks an attestation, even when it is the only entry', () => {
    assert.throws(
      () => selectIndexEntry([attestation], 'linux/amd64'),
      /no manifest for platform linux\/amd64 in the index; it offers no image manifest/
    )
    const unannotated: IndexEntry = {
      digest: D(8),
      platform: { os: 'unknown', architecture: 'unknown' }
    }
    assert.equal(isAttestation(unannotated), true)
    assert.equal(isAttestation(amd64), false)
  })

  it('takes a lone entry without a platform', () => {
    assert.equal(selectIndexEntry([attestation, { digest: D(6) }], 'linux/s390x').digest, D(6))
  })

  it('lists what the index offers when the platform is missing', () => {
    assert.throws(
      () => selectIndexEntry(index, 'linux/riscv64'),
      /no manifest for platform linux\/riscv64 in the index; it offers linux\/arm\/v6, linux\/arm\/v7, linux\/arm64, linux\/amd64$/
    )
  })
})

describe('parseBearerChallenge', () => {
  it("reads Docker Hub's challenge", () => {
    assert.deepEqual(
      parseBearerChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"'
      ),
      {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/busybox:pull'
      }
    )
  })

  it('reads token values, spaces after commas, escaped quotes and any case', () => {
    assert.deepEqual(
      parseBearerChallenge(
        'bearer realm=https://r.example/t, service="a \\"b\\"", error="invalid_token"'
      ),
      { realm: 'https://r.example/t', service: 'a "b"' }
    )
  })

  it('keeps a scope with several actions and repositories', () => {
    assert.equal(
      parseBearerChallenge('Bearer realm="https://r/t",scope="repository:a/b:pull,push"')?.scope,
      'repository:a/b:pull,push'
    )
  })

  it('finds Bearer after another scheme, and returns undefined without one', () => {
    assert.equal(
      parseBearerChallenge('Basic realm="x", Bearer realm="https://r/t"')?.realm,
      'https://r/t'
    )
    assert.equal(parseBearerChallenge('Basic realm="Registry"'), undefined)
    assert.equal(parseBearerChallenge('Bearer service="x"'), undefined)
    assert.equal(parseBearerChallenge(null), undefined)
  })
})
