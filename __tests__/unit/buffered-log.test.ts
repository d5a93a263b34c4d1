/**
 * The buffered log (`src/buffered-log.ts`) that keeps the builder stage's lines while it runs beside
 * the final image's measurement: it records lines and groups in order and replays them as they came.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { bufferedLog } from '../../src/buffered-log.ts'
import type { Log } from '../../src/log.ts'

/** A log that writes every call as one line. */
function recordingLog(): { log: Log; lines: string[] } {
  const lines: string[] = []
  const log: Log = {
    info: m => lines.push(`info ${m}`),
    warning: m => lines.push(`warning ${m}`),
    debug: m => lines.push(`debug ${m}`),
    group: async (name, fn) => {
      lines.push(`group ${name}`)
      try {
        return await fn()
      } finally {
        lines.push(`end ${name}`)
      }
    }
  }
  return { log, lines }
}

test('nothing reaches the target until replay, then everything in order, groups kept', async () => {
  const buffered = bufferedLog()
  buffered.info('before')
  const value = await buffered.group('Build builder', async () => {
    buffered.info('step 1')
    await new Promise(resolve => setTimeout(resolve, 5))
    buffered.warning('careful')
    return 42
  })
  assert.equal(value, 42)
  buffered.debug('after')
  const target = recordingLog()
  await buffered.replay(target.log)
  assert.deepEqual(target.lines, [
    'info before',
    'group Build builder',
    'info step 1',
    'warning careful',
    'end Build builder',
    'debug after'
  ])
  // Replayed once: a second replay writes nothing.
  const again = recordingLog()
  await buffered.replay(again.log)
  assert.deepEqual(again.lines, [])
})

test('a group whose work fails is recorded, and its error passes through', async () => {
  const buffered = bufferedLog()
  await assert.rejects(
    buffered.group('Build', async () => {
      buffered.info('compiling')
      throw new Error('build failed')
    }),
    /build failed/
  )
  buffered.info('outside')
  const target = recordingLog()
  await buffered.replay(target.log)
  assert.deepEqual(target.lines, ['group Build', 'info compiling', 'end Build', 'info outside'])
})
