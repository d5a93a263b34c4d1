import assert from 'node:assert/strict'
import { test } from 'node:test'
import { BuildLogWatcher } from '../../src/engine/build-log.ts'

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
