import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { baseShaFromEvent, rerootPath } from '../../src/baseline/base-ref.ts'

const SHA = 'a'.repeat(30) + '0123456789'

describe('baseShaFromEvent', () => {
  it('reads pull_request.base.sha of pull_request and pull_request_target payloads', () => {
    const payload = {
      pull_request: { number: 7, base: { sha: SHA, ref: 'main' }, head: { sha: 'f'.repeat(40) } }
    }
    assert.equal(baseShaFromEvent('pull_request', payload), SHA)
    assert.equal(baseShaFromEvent('pull_request_target', payload), SHA)
  })

  it('reads merge_group.base_sha of a merge queue payload', () => {
    assert.equal(baseShaFromEvent('merge_group', { merge_group: { base_sha: SHA } }), SHA)
  })

  for (const event of ['push', 'workflow_run', 'release', undefined]) {
    it(`refuses a ${event ?? 'missing'} event, naming the input and the alternatives`, () => {
      assert.throws(
        () => baseShaFromEvent(event, { after: SHA }),
        (error: Error) =>
          error.message.startsWith('Input baseline: base-ref needs a pull request') &&
          error.message.includes(`"${event ?? 'unknown'}" event`) &&
          error.message.includes('baseline-image or baseline-report')
      )
    })
  }

  it('refuses a pull_request payload without a usable base SHA', () => {
    for (const payload of [
      {},
      { pull_request: {} },
      { pull_request: { base: { sha: 'main' } } },
      null
    ]) {
      assert.throws(
        () => baseShaFromEvent('pull_request', payload),
        /payload has no base commit SHA/
      )
    }
  })
})

describe('rerootPath', () => {
  const cases: [string, string, string][] = [
    // path, cwd, expected (repo /repo, worktree /tmp/wt)
    ['.', '/repo', '/tmp/wt'],
    ['examples/go-web', '/repo', '/tmp/wt/examples/go-web'],
    ['examples/go-web/Dockerfile', '/repo', '/tmp/wt/examples/go-web/Dockerfile'],
    ['/repo/a/b', '/elsewhere', '/tmp/wt/a/b'],
    ['../Dockerfile', '/repo/sub', '/tmp/wt/Dockerfile'],
    ['..foo/x', '/repo', '/tmp/wt/..foo/x']
  ]
  for (const [path, cwd, expected] of cases) {
    it(`${path} from ${cwd}`, () =>
      assert.equal(rerootPath(path, '/repo', '/tmp/wt', cwd), expected))
  }
  const outside: [string, string][] = [
    ['..', '/repo'],
    ['/etc/passwd', '/repo'],
    ['../other/Dockerfile', '/repo']
  ]
  for (const [path, cwd] of outside) {
    it(`refuses ${path} outside the repository`, () => {
      assert.throws(
        () => rerootPath(path, '/repo', '/tmp/wt', cwd),
        /is outside the repository \/repo/
      )
    })
  }
})
