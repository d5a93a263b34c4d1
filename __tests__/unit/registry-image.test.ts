/**
 * Which source an `image` / `builder-image` input is read from (`resolveImageSource`), and the
 * buildx builder messages (`src/engine/detect.ts`): pure parts, no engine or registry.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { builderError, parseBuildxStatus } from '../../src/engine/detect.ts'
import { configAuth } from '../../src/image/registry-client.ts'
import { resolveImageSource } from '../../src/image/registry-image.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'

describe('resolveImageSource without an engine', () => {
  const cases: [string, string][] = [
    ['ghcr.io/o/app:1', 'docker'],
    ['127.0.0.1:5000/x/y@sha256:' + 'c'.repeat(64), 'docker'],
    ['docker://busybox', 'docker'],
    ['docker-daemon:app:1', 'docker-daemon'],
    [`sha256:${'0'.repeat(64)}`, 'docker-daemon'],
    ['062a03626a18', 'docker-daemon'],
    ['oci:/tmp/layout', 'oci']
  ]
  for (const [value, transport] of cases) {
    test(`${value} → ${transport}`, async () => {
      const source = await resolveImageSource(
        parseImageSource(value, 'image'),
        undefined,
        'image',
        silentLog
      )
      assert.equal(source.transport, transport)
    })
  }
})

describe('parseBuildxStatus', () => {
  test('the first node status of buildx inspect', () => {
    const text = [
      'Name:          ci',
      'Driver:        docker-container',
      '',
      'Nodes:',
      'Name:                  ci0',
      'Endpoint:              unix:///var/run/docker.sock',
      'Status:                inactive'
    ].join('\n')
    assert.equal(parseBuildxStatus(text), 'inactive')
    assert.equal(parseBuildxStatus('Name: default\nDriver: docker\n'), undefined)
  })
})

describe('builderError', () => {
  test('names the builder, driver and origin, quotes the ERROR lines, says how to fix', () => {
    const error = builderError({
      builder: 'ci',
      driver: 'docker-container',
      origin: 'BUILDX_BUILDER',
      problem: 'cannot start',
      message: '#1 [internal] booting buildkit\n#1 ERROR: pull failed\nERROR: pull failed\n'
    })
    assert.equal(
      error.message,
      'buildx builder "ci" (driver docker-container), chosen by BUILDX_BUILDER, cannot start: ERROR: pull failed. ' +
        'Make `docker buildx inspect --bootstrap ci` succeed, or build with another builder: set the builder input (CLI --builder) or BUILDX_BUILDER to one that `docker buildx ls` lists (default is the docker driver of the engine).'
    )
  })
  test('a missing builder; without ERROR lines the last lines are quoted', () => {
    const error = builderError({
      builder: 'gone',
      origin: "buildx's current builder",
      problem: 'not found',
      message: 'a\nb\nc\nd'
    })
    assert.match(
      error.message,
      /^buildx builder "gone", buildx's current builder, was not found: b c d\. Create it/
    )
  })
})

describe('configAuth (docker login in config.json)', () => {
  const config = {
    auths: {
      'https://index.docker.io/v1/': { auth: 'aHViOnB3' },
      'ghcr.io': { auth: 'Z2g6cHc=' },
      'https://registry.example.com': { auth: 'ZXg6cHc=' },
      'empty.example.com': { auth: '' }
    },
    credsStore: 'desktop'
  }
  const cases: [string, string | undefined][] = [
    ['docker.io', 'aHViOnB3'],
    ['ghcr.io', 'Z2g6cHc='],
    ['registry.example.com', 'ZXg6cHc='],
    ['empty.example.com', undefined],
    ['quay.io', undefined]
  ]
  for (const [registry, auth] of cases) {
    test(`${registry} → ${auth ?? 'none'}`, () => {
      assert.equal(configAuth(config, registry), auth)
    })
  }
  test('no auths at all', () => {
    assert.equal(configAuth({}, 'ghcr.io'), undefined)
    assert.equal(configAuth(null, 'ghcr.io'), undefined)
  })
})

describe('builder input', () => {
  const read = (builder: string) => parseInputs(name => (name === 'builder' ? builder : ''))
  test('a buildx builder name is kept', () => {
    assert.equal(read('ci-builder_1.x').builder, 'ci-builder_1.x')
    assert.equal(read('').builder, undefined)
  })
  for (const bad of ['-x', 'two words', '1st']) {
    test(`"${bad}" is refused, naming the input`, () => {
      assert.throws(() => read(bad), /^Error: Input builder: ".*" is not a buildx builder name/)
    })
  }
})
