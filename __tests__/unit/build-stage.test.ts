import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildTag, nameStage, tagComponent } from '../../src/build-stage.ts'
import { newRunId } from '../../src/run-id.ts'

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

test('build tags carry the run id: two runs of one project never share a tag', () => {
  const file = '/repo-a/Dockerfile'
  const one = buildTag('build', 'latest', file, '1234-abcdef')
  const two = buildTag('build', 'latest', file, '1235-abcdef')
  assert.notEqual(one, two)
  assert.match(one, /^image-size-budget\/build:latest-[0-9a-f]{12}-1234-abcdef$/)
  // The tag grammar (distribution/reference): [\w][\w.-]{0,127}.
  const long = buildTag('build', 'baseline', file, `${'9'.repeat(20)}-1-4194304-abcdef`)
  assert.match(long.split(':')[1]!, /^[\w][\w.-]{0,127}$/)
  assert.match(buildTag('b', 'latest', file, 'odd id/+'), /:latest-[0-9a-f]{12}-odd-id--$/)
})

test('build tags carry the platform: two platforms of one image never share a tag', () => {
  const file = '/repo-a/Dockerfile'
  const amd = buildTag('build', 'latest', file, '1234-abcdef', 'linux/amd64')
  const arm = buildTag('build', 'latest', file, '1234-abcdef', 'linux/arm64')
  assert.notEqual(amd, arm)
  assert.match(amd, /^image-size-budget\/build:latest-linux-amd64-[0-9a-f]{12}-1234-abcdef$/)
  assert.match(
    buildTag('build', 'latest', file, undefined, 'linux/arm/v7'),
    /^image-size-budget\/build:latest-linux-arm-v7-[0-9a-f]{12}$/
  )
  // No platform: the tag is the one runs without platforms always had.
  assert.equal(
    buildTag('build', 'latest', file, '1-a', undefined),
    buildTag('build', 'latest', file, '1-a')
  )
  // Still within the tag grammar when long.
  const long = buildTag(
    'build',
    'x'.repeat(100),
    file,
    `${'9'.repeat(20)}-1-4194304-abcdef`,
    'linux/arm64/v8'
  )
  assert.match(long.split(':')[1]!, /^[\w][\w.-]{0,127}$/)
})

test('run ids: the workflow run, attempt and process, plus random bytes', () => {
  const random = Buffer.from([0xab, 0xcd, 0xef])
  assert.equal(
    newRunId({ GITHUB_RUN_ID: '987654321', GITHUB_RUN_ATTEMPT: '2' }, 42, random),
    '987654321-2-42-abcdef'
  )
  assert.equal(newRunId({}, 42, random), '42-abcdef')
  assert.notEqual(newRunId({}, 42), newRunId({}, 42))
})
