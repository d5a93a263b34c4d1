/** `--help` tells what the exit codes mean. */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { test } from 'node:test'
import { main } from '../../src/cli.ts'

test('--help lists the exit codes and exits 0', async () => {
  let text = ''
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString()
      callback()
    }
  })
  assert.equal(await main(['--help'], stdout), 0)
  assert.match(text, /^Exit codes:$/m)
  assert.match(text, /^ {2}0 {2}all budgets passed/m)
  assert.match(text, /^ {2}1 {2}a budget was exceeded$/m)
  assert.match(text, /^ {2}2 {2}usage error, engine error or failed build$/m)
})
