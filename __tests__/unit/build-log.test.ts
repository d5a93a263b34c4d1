import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BuildLogWatcher, cleanLogLine } from '../../src/engine/build-log.ts'

test('classic log: the image each stage ended with, by stage index', () => {
  const watcher = new BuildLogWatcher()
  for (const line of [
    'Step 1/8 : ARG BASE=isb-local/busybox:latest',
    'Step 2/8 : FROM $BASE',
    ' ---> d8476414ddcc',
    'Step 3/8 : RUN head -c 10 /dev/urandom > /x',
    ' ---> Running in 7c982279abe1',
    'Removing intermediate container 7c982279abe1',
    ' ---> 4c1b2a3d4e5f',
    'Step 4/8 : FROM scratch AS final',
    ' ---> ',
    'Step 5/8 : COPY --from=0 /x /x',
    ' ---> Using cache',
    ' ---> 99aa88bb77cc',
    'Successfully built 99aa88bb77cc'
  ]) {
    watcher.push(line)
  }
  assert.deepEqual(watcher.stageImages(), { '0': '4c1b2a3d4e5f', '1': '99aa88bb77cc' })
  assert.equal(watcher.cachedSteps, 1)
})

test('classic failure tail: no deprecation banner, no colour codes', () => {
  const watcher = new BuildLogWatcher()
  // As the v28 CLI prints a classic build here (stderr banner first), with a coloured RUN output.
  for (const line of [
    'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
    '            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0',
    '            environment-variable.',
    '',
    'Sending build context to Docker daemon  2.048kB',
    'Step 1/2 : FROM isb-local/busybox:latest',
    ' ---> 8602d0a8b91a',
    'Step 2/2 : RUN make',
    ' ---> Running in 78757e3262b1',
    '\u001b[31;1mmake: *** [all] Error 2\u001b[0m',
    "The command '/bin/sh -c make' returned a non-zero code: 2"
  ]) {
    watcher.push(line)
  }
  assert.deepEqual(watcher.lines(), [
    'Sending build context to Docker daemon  2.048kB',
    'Step 1/2 : FROM isb-local/busybox:latest',
    ' ---> 8602d0a8b91a',
    'Step 2/2 : RUN make',
    ' ---> Running in 78757e3262b1',
    'make: *** [all] Error 2',
    "The command '/bin/sh -c make' returned a non-zero code: 2"
  ])
  assert.equal(watcher.failedStage(), '0')
  assert.deepEqual(watcher.stageImages(), { '0': '8602d0a8b91a' })
})

test('the other banner wording (buildx missing) is dropped too; the build after it is kept', () => {
  const watcher = new BuildLogWatcher()
  for (const line of [
    'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
    '            Install the buildx component to build images with BuildKit:',
    '            https://docs.docker.com/go/buildx/',
    'Step 1/1 : FROM scratch AS \u001b[1mfinal\u001b[22m'
  ]) {
    watcher.push(line)
  }
  assert.deepEqual(watcher.lines(), ['Step 1/1 : FROM scratch AS final'])
  assert.equal(watcher.failedStage(), 'final')
})

test('cleanLogLine: escape sequences and carriage-return redraws', () => {
  assert.equal(cleanLogLine('\u001b[32mok\u001b[0m  '), 'ok')
  assert.equal(cleanLogLine('\u001b]0;title\u0007text'), 'text')
  assert.equal(cleanLogLine('50%\r100%\r'), '100%')
  assert.equal(cleanLogLine('plain'), 'plain')
})
