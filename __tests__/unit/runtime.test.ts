import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

test('tests run on the Node major the action declares (runs.using)', () => {
  const action = readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
  const declared = /using:\s*node(\d+)/.exec(action)?.[1]
  assert.equal(declared, '24')
  assert.equal(process.versions.node.split('.')[0], declared)
})
