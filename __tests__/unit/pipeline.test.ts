import assert from 'node:assert/strict'
import { test } from 'node:test'
import { nameStage, tagComponent } from '../../src/pipeline.ts'

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
