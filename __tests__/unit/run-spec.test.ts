import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseInputs } from '../../src/inputs.ts'
import { commentKeyOf } from '../../src/publish/pull-request.ts'
import type { Report } from '../../src/model.ts'
import {
  budgetsFor,
  parsePlatforms,
  runSpecFromInputs,
  singleImageName,
  type ImageSpec
} from '../../src/spec/run-spec.ts'

const getter =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

describe('runSpecFromInputs', () => {
  test('carries every field the single-image path reads from the inputs', () => {
    const inputs = parseInputs(
      getter({
        context: 'examples/go-web',
        file: 'examples/go-web/app.Dockerfile',
        target: 'Runtime',
        'builder-target': 'build',
        'build-args': 'GO_VERSION=1.22\nTOKEN=s3cret',
        'max-size': '30MB',
        'max-compressed-size': '12MB',
        'max-ratio': '5%',
        'max-layers': '20',
        'max-wasted-size': '1MB',
        'min-efficiency': '0.95',
        'max-increase': '5%',
        'max-findings-size': '3MB',
        baseline: 'base-ref',
        compressed: 'all',
        'min-change': '2kB',
        'fail-on-budget': 'false',
        'keep-images': 'true'
      })
    )
    const spec = runSpecFromInputs(inputs)
    assert.deepEqual(spec, {
      images: [
        {
          name: 'examples/go-web/app.Dockerfile:runtime',
          final: { kind: 'build' },
          build: {
            context: 'examples/go-web',
            file: 'examples/go-web/app.Dockerfile',
            target: 'Runtime',
            buildArgs: { GO_VERSION: '1.22', TOKEN: 's3cret' },
            platforms: [],
            tags: []
          },
          builder: { kind: 'stage', stage: 'build' },
          budgets: {
            maxSize: 30_000_000,
            maxCompressedSize: 12_000_000,
            maxRatio: 0.05,
            maxLayers: 20,
            maxWastedSize: 1_000_000,
            minEfficiency: 0.95,
            maxIncrease: { fraction: 0.05 },
            maxFindingsSize: 3_000_000
          },
          platformBudgets: {},
          baseline: { kind: 'base-ref' }
        }
      ],
      compressed: 'all',
      minChange: 2000,
      failOnBudget: false,
      keepImages: true
    })
  })

  test('an existing image with builder-image and a baseline image', () => {
    const inputs = parseInputs(
      getter({
        image: 'ghcr.io/acme/app:sha-1234',
        'builder-image': 'ghcr.io/acme/app-build:1',
        'baseline-image': 'ghcr.io/acme/app:main'
      })
    )
    const [image] = runSpecFromInputs(inputs).images as [ImageSpec]
    assert.equal(image.name, 'ghcr.io/acme/app')
    assert.deepEqual(image.final, { kind: 'image', ref: 'ghcr.io/acme/app:sha-1234' })
    assert.deepEqual(image.builder, { kind: 'image', ref: 'ghcr.io/acme/app-build:1' })
    assert.deepEqual(image.baseline, { kind: 'image', ref: 'ghcr.io/acme/app:main' })
  })

  test('builder: none for an image without builder inputs; report and history baselines', () => {
    const image = runSpecFromInputs(
      parseInputs(getter({ image: 'app:1', 'baseline-report': 'base/report.json' }))
    ).images[0] as ImageSpec
    assert.deepEqual(image.builder, { kind: 'none' })
    assert.deepEqual(image.baseline, { kind: 'report', path: 'base/report.json' })
    const history = runSpecFromInputs(parseInputs(getter({ baseline: 'history', target: 'x' })))
    assert.deepEqual(history.images[0]?.baseline, { kind: 'history' })
    assert.deepEqual(history.images[0]?.builder, { kind: 'auto' })
    assert.equal(history.images[0]?.baseline === undefined, false)
    const none = runSpecFromInputs(parseInputs(getter({ target: 'x' })))
    assert.equal('baseline' in (none.images[0] as ImageSpec), false)
  })

  test('the build-args record is a copy, not the inputs object', () => {
    const inputs = parseInputs(getter({ 'build-args': 'A=1', target: 'x' }))
    const spec = runSpecFromInputs(inputs)
    inputs.buildArgs['B'] = '2'
    assert.deepEqual(spec.images[0]?.build.buildArgs, { A: '1' })
  })
})

describe('singleImageName is the comment key commentKeyOf gives the report', () => {
  const report = (build: Report['build'], ref = 'sha256:abc'): Report =>
    ({ build, final: { ref } }) as unknown as Report
  const built = (file: string, target: string): Report['build'] => ({
    context: '.',
    file,
    target,
    engine: 'buildx',
    buildArgNames: []
  })
  const cases: { name: string; inputs: Record<string, string>; stage?: string; report: Report }[] =
    [
      {
        name: 'comment-key wins',
        inputs: { 'comment-key': 'api', target: 'x' },
        report: report(built('Dockerfile', 'x'))
      },
      {
        name: 'target given: <file>:<target lower-cased> (the plan ref)',
        inputs: { file: 'svc/Dockerfile', target: 'Runtime' },
        report: report(built('svc/Dockerfile', 'runtime'))
      },
      {
        name: 'no target: <file>:<the plan final stage>',
        inputs: {},
        stage: '2',
        report: report(built('Dockerfile', '2'))
      },
      {
        name: 'existing image: its repository',
        inputs: { image: 'localhost:5000/acme/app:1@sha256:' + 'a'.repeat(64) },
        report: report(undefined)
      },
      {
        name: 'existing oci layout keeps its path',
        inputs: { image: 'oci:build/layout:v1' },
        report: report(undefined)
      }
    ]
  for (const c of cases) {
    test(c.name, () => {
      const inputs = parseInputs(getter(c.inputs))
      assert.equal(singleImageName(inputs, c.stage), commentKeyOf(inputs, c.report))
    })
  }

  test('without target nor the plan final stage: an internal error, not a wrong name', () => {
    assert.throws(() => runSpecFromInputs(parseInputs(getter({}))), /internal: .*final stage/)
  })
})

describe('budgetsFor', () => {
  const image = {
    budgets: { maxSize: 30_000_000, maxLayers: 20 },
    platformBudgets: { 'linux/arm64': { maxSize: 32_000_000, maxRatio: undefined } }
  } as unknown as ImageSpec
  test('a platform without budgets of its own gets the image budgets', () => {
    assert.deepEqual(budgetsFor(image, 'linux/amd64'), { maxSize: 30_000_000, maxLayers: 20 })
    assert.deepEqual(budgetsFor(image, undefined), { maxSize: 30_000_000, maxLayers: 20 })
  })
  test('a platform budget replaces the image one; undefined values do not erase', () => {
    assert.deepEqual(budgetsFor(image, 'linux/arm64'), { maxSize: 32_000_000, maxLayers: 20 })
  })
})

describe('parsePlatforms', () => {
  test('comma or newline separated, or a list; normalised; duplicates dropped', () => {
    assert.deepEqual(parsePlatforms('linux/amd64, linux/arm64\nlinux/amd64', 'platforms'), [
      'linux/amd64',
      'linux/arm64'
    ])
    assert.deepEqual(parsePlatforms(['linux/arm/v7'], 'platforms'), ['linux/arm/v7'])
    assert.deepEqual(parsePlatforms('', 'platforms'), [])
  })
  test('errors name the input and the value', () => {
    assert.throws(
      () => parsePlatforms('linux/amd64,arm64', 'platforms'),
      /^Error: Input platforms: "arm64" is not a platform/
    )
  })
})
