/**
 * deferredLog: what work running beside other work writes is held back and written later, in
 * order and in its groups, so concurrent groups do not interleave in a GitHub log.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { deferredLog, type Log } from '../../src/log.ts'

/** A log that writes everything, groups as `>> name` … `<<`, to one list. */
function flatLog(): Log & { out: string[] } {
  const out: string[] = []
  return {
    out,
    info: m => out.push(`info ${m}`),
    warning: m => out.push(`warning ${m}`),
    debug: m => out.push(`debug ${m}`),
    group: async (name, fn) => {
      out.push(`>> ${name}`)
      try {
        return await fn()
      } finally {
        out.push('<<')
      }
    }
  }
}

test('nothing reaches the log before replay; then all of it, in order, groups kept', async () => {
  const log = flatLog()
  const held = deferredLog(log)
  const value = await held.log.group('Build builder', async () => {
    held.log.info('step 1')
    await new Promise(resolve => setTimeout(resolve, 5))
    // Meanwhile other work writes to the real log directly.
    log.info('final image measured')
    held.log.warning('slow')
    await held.log.group('inner', async () => held.log.debug('d'))
    return 42
  })
  held.log.info('after')
  assert.equal(value, 42)
  assert.deepEqual(log.out, ['info final image measured'])
  await held.replay()
  assert.deepEqual(log.out, [
    'info final image measured',
    '>> Build builder',
    'info step 1',
    'warning slow',
    '>> inner',
    'debug d',
    '<<',
    '<<',
    'info after'
  ])
  // Replay empties it.
  await held.replay()
  assert.equal(log.out.length, 9)
})

test('a group whose work throws is still closed and replayed', async () => {
  const log = flatLog()
  const held = deferredLog(log)
  await assert.rejects(
    held.log.group('Build', async () => {
      held.log.info('went wrong')
      throw new Error('boom')
    }),
    /boom/
  )
  held.log.info('outside')
  await held.replay()
  assert.deepEqual(log.out, ['>> Build', 'info went wrong', '<<', 'info outside'])
})
