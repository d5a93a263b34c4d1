import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, test } from 'node:test'
import {
  bakeBuildSpec,
  bakeImageSpecs,
  bakeTargetNames,
  parseBakeDefinition
} from '../../src/spec/bake.ts'
import { parseConfigText } from '../../src/spec/config-file.ts'

// Captured from buildx 0.13.1: `docker buildx bake --print -f docker-bake.hcl` (the file beside it).
const CAPTURED = '__tests__/fixtures/bake/print-hcl.json'
const noInputs = (): string => ''

describe('bake --print JSON → image specs', () => {
  test('targets in the default group order, build fields as bake resolved them', async () => {
    const definition = parseBakeDefinition(await readFile(CAPTURED, 'utf8'))
    assert.deepEqual(bakeTargetNames(definition), ['app', 'worker'])
    const [app, worker] = bakeImageSpecs(definition, {
      files: ['docker-bake.hcl'],
      get: name => (name === 'max-size' ? '30MB' : '')
    })
    assert.equal(app?.name, 'app')
    assert.deepEqual(app?.build, {
      context: '.',
      file: 'Dockerfile',
      target: 'final',
      buildArgs: { GO_VERSION: '1.19' },
      platforms: ['linux/amd64', 'linux/arm64'],
      tags: ['acme/app:dev'],
      bake: { files: ['docker-bake.hcl'], target: 'app' }
    })
    // The Dockerfile is relative to the context (buildx joins them).
    assert.equal(worker?.build.file, 'worker/worker.Dockerfile')
    assert.deepEqual(worker?.build.buildArgs, { EXTRA: 'x=y', GO_VERSION: '1.19' })
    assert.equal(worker?.build.target, undefined)
    // Without a config file the action's budget inputs apply to every target.
    assert.equal(app?.budgets.maxSize, 30_000_000)
    assert.equal(worker?.budgets.maxSize, 30_000_000)
  })

  test('a config file gives each target its budgets and baseline', async () => {
    const definition = parseBakeDefinition(await readFile(CAPTURED, 'utf8'))
    const config = parseConfigText(
      `defaults:\n  max-layers: 10\nimages:\n  - name: worker\n    max-size: 5MB\n    baseline: base-ref\n  - name: app\n    budgets-per-platform: {linux/arm64: {max-size: 20MB}}\n`,
      'cfg.yml'
    )
    const [app, worker] = bakeImageSpecs(definition, { files: ['b.hcl'], get: noInputs, config })
    assert.equal(worker?.budgets.maxSize, 5_000_000)
    assert.equal(worker?.budgets.maxLayers, 10)
    assert.deepEqual(worker?.baseline, { kind: 'base-ref' })
    assert.deepEqual(app?.platformBudgets, { 'linux/arm64': { maxSize: 20_000_000 } })

    const building = parseConfigText(`images:\n  - name: app\n    context: x\n`, 'cfg.yml')
    assert.throws(
      () => bakeImageSpecs(definition, { files: ['b.hcl'], get: noInputs, config: building }),
      /images\[0\] \(app\)\.context: the bake file sets the build of app/
    )
    const unknown = parseConfigText(`images:\n  - name: api\n`, 'cfg.yml')
    assert.throws(
      () => bakeImageSpecs(definition, { files: ['b.hcl'], get: noInputs, config: unknown }),
      /images\[0\] \(api\): no bake target is named api; the targets are app, worker/
    )
  })

  test('what the action cannot build from a definition is refused, naming the target', () => {
    assert.throws(
      () => bakeBuildSpec('x', { context: 'https://github.com/a/b.git' }),
      /^Error: Input bake: target x: the context "https:\/\/github.com\/a\/b.git" is remote/
    )
    assert.throws(
      () => bakeBuildSpec('web', { context: 'web', 'dockerfile-inline': 'FROM scratch\n' }),
      /target web: dockerfile-inline is not supported/
    )
    assert.deepEqual(bakeBuildSpec('n', { args: { A: '1', B: null } }), {
      context: '.',
      file: 'Dockerfile',
      buildArgs: { A: '1' },
      platforms: [],
      tags: []
    })
    assert.throws(() => parseBakeDefinition('#1 [internal]'), /wrote no JSON/)
    assert.throws(() => parseBakeDefinition('{"group": {}}'), /wrote no targets/)
  })
})
