import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTag, nameStage, tagComponent } from '../../src/build-stage.ts'

test('stage names become valid tag components', () => {
  for (const [stage, component] of [
    ['build', 'build'],
    ['build-', 'build'],
    ['Final..Stage', 'final-stage'],
    ['a__b', 'a-b'],
    ['1', '1'],
    ['---', 'stage']
  ]) {
    assert.equal(tagComponent(stage!), component, stage)
    assert.match(tagComponent(stage!), /^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  }
})

test('nameStage names an unnamed FROM on its own line and keeps line numbers', () => {
  const text = 'FROM busybox\nRUN true\nFROM scratch\n'
  assert.equal(
    nameStage(text, 1, 'isb-stage-0'),
    'FROM busybox AS isb-stage-0\nRUN true\nFROM scratch\n'
  )
  assert.throws(() => nameStage('FROM \\\n  busybox\n', 1, 'x'), /spans several lines/)
})

test('build tags keep projects apart and a project stable', () => {
  const a = buildTag('build', 'latest', '/repo-a/Dockerfile')
  assert.match(a, /^image-size-budget\/build:latest-[0-9a-f]{12}$/)
  assert.equal(buildTag('build', 'latest', '/repo-a/./Dockerfile'), a)
  assert.notEqual(buildTag('build', 'latest', '/repo-b/Dockerfile'), a)
  assert.match(
    buildTag('Build-', 'baseline', '/repo-a/Dockerfile'),
    /^image-size-budget\/build:baseline-/
  )
})
