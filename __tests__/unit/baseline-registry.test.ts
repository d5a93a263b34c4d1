import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
// Index entries are chosen by selectManifest of src/image/oci.ts (its own tests); the registry
// path through it is tested in __tests__/itg/baseline-registry.itg.test.ts.
import { parseBearerChallenge, parseRegistryRef } from '../../src/baseline/registry.ts'

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
