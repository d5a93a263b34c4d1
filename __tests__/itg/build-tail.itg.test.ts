/**
 * A failed classic build's log tail, through the real docker CLI (v28 here, which prints its
 * legacy-builder deprecation banner) and dockerd: no banner, no colour codes, the failing
 * command's own output kept.
 */
import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { BuildError, buildTarget } from '../../src/engine/build.ts'
import { detectEngine } from '../../src/engine/detect.ts'
import { silentLog } from '../../src/log.ts'
import { LOCAL_BUSYBOX, docker, makeContext, removeImages, uniqueTag } from '../helpers/docker.ts'

test('a failed classic build: the tail holds the build, not the banner or escape codes', async () => {
  const engine = await detectEngine({ log: silentLog })
  const dir = await makeContext({
    Dockerfile: `FROM ${LOCAL_BUSYBOX}\nRUN printf '\\033[31mboom\\033[0m\\n' && false\n`
  })
  const tag = uniqueTag('build-tail')
  try {
    // The oracle: the CLI itself prints the banner and the escape codes for this build.
    const raw = await docker(['build', '--no-cache', dir]).catch(
      (error: { stdout?: string; stderr?: string }) => `${error.stderr ?? ''}${error.stdout ?? ''}`
    )
    assert.match(raw, /DEPRECATED: The legacy builder is deprecated/)
    assert.ok(raw.includes('\u001b[31mboom'), 'the engine passes the colour codes through')

    const failure = await buildTarget(
      { ...engine, kind: 'classic' },
      { context: dir, file: join(dir, 'Dockerfile'), buildArgs: {}, tag, stageLabel: 'final' },
      silentLog
    ).then(
      () => assert.fail('the build should fail'),
      (error: unknown) => error
    )
    assert.ok(failure instanceof BuildError)
    const tail = failure.logTail.join('\n')
    assert.doesNotMatch(tail, /DEPRECATED|legacy builder|environment-variable/)
    assert.ok(!tail.includes('\u001b'), 'no escape character')
    assert.match(tail, /^boom$/m)
    assert.match(tail, /returned a non-zero code: 1/)
    assert.doesNotMatch(failure.message, /DEPRECATED/)
    assert.ok(!failure.message.includes('\u001b'))
  } finally {
    await removeImages(tag)
    await rm(dir, { recursive: true, force: true })
  }
})
