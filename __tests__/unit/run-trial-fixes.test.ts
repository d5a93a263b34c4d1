/**
 * Fixes from the issue 10 fresh-user trial (/work/coord/trial-issue10.md) that need no build:
 * B9 wording (an empty config file, a ratio breach without its raw fraction), B3 (removing tags
 * that were never made is no warning; the real engine answers), B6 (`workspacePath`).
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { removeTags } from '../../src/build-stage.ts'
import { formatExcess } from '../../src/budgets.ts'
import type { BudgetResult } from '../../src/model.ts'
import { renderRunTerminal } from '../../src/report/run-terminal.ts'
import { workspacePath } from '../../src/run.ts'
import { parseConfigText } from '../../src/spec/config-file.ts'
import { docker, dockerFor, uniqueTag } from '../helpers/docker.ts'
import { entry, grewAgainstBaseline, run } from './run.fixtures.ts'

describe('trial B9: wording', () => {
  test('an empty config file (or only comments) says it is empty and what is expected', () => {
    for (const text of ['', '# budgets\n', '\n\n']) {
      assert.throws(
        () => parseConfigText(text, '.github/image-size-budget.yml'),
        /^Error: Config file \.github\/image-size-budget\.yml: is empty: expected `images:`/
      )
    }
  })

  test('a ratio over its limit in percentage points, without the raw fraction', () => {
    assert.equal(formatExcess('ratio', 0.005098852), '0.51 percentage points')
    assert.equal(formatExcess('bytes', 984_005), '984 kB (984,005 bytes)')
    const report = grewAgainstBaseline(100_000_000)
    const increase: BudgetResult = {
      name: 'max-increase',
      subject: 'Final image (uncompressed)',
      unit: 'ratio',
      limit: 0.02,
      actual: 0.025098852,
      passed: false,
      message: 'over'
    }
    const runReport = run([
      entry('api', 'linux/amd64', { ...report, budgets: [increase], passed: false }),
      entry('web', 'linux/amd64', report)
    ])
    const text = renderRunTerminal(runReport)
    assert.match(text, /api \(linux\/amd64\): over max-increase by 0\.51 percentage points/)
    assert.doesNotMatch(text, /0\.005098852/)
  })
})

describe('trial B3: tags never made', () => {
  test('removing tags that do not exist warns about nothing; a real tag is still removed', async () => {
    const made = uniqueTag('isb-trial-b3')
    await docker(['tag', 'isb-local/busybox:latest', made])
    const warnings: string[] = []
    const log = {
      info: () => undefined,
      debug: () => undefined,
      warning: (message: string) => void warnings.push(message),
      group: <T>(_name: string, fn: () => Promise<T>) => fn()
    }
    const never = [uniqueTag('isb-trial-b3-never'), uniqueTag('isb-trial-b3-never')]
    await removeTags(
      { docker: dockerFor('classic').bin, env: {} },
      [never[0]!, made, never[1]!],
      log
    )
    assert.deepEqual(warnings, [])
    const left = await docker(['image', 'ls', '-q', made])
    assert.equal(left.trim(), '', `${made} was not removed`)
  })
})

describe('trial B6: paths relative to the workspace', () => {
  test('inside the workspace: relative with /; outside: as given', () => {
    assert.equal(
      workspacePath('/ws/.github/image-size-budget.yml', '/ws'),
      '.github/image-size-budget.yml'
    )
    assert.equal(workspacePath('/ws/./bake/docker-bake.hcl', '/ws/'), 'bake/docker-bake.hcl')
    assert.equal(workspacePath('/elsewhere/cfg.yml', '/ws'), '/elsewhere/cfg.yml')
  })
})
