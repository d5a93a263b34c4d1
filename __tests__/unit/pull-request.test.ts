import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  imageRepository,
  pullRequestFromOpenList,
  pullRequestOfEvent,
  pullRequestOfWorkflowRun,
  shouldComment
} from '../../src/publish/pull-request.ts'

test('comment: auto comments on pull request events only', () => {
  assert.equal(shouldComment('auto', 'pull_request'), true)
  assert.equal(shouldComment('auto', 'pull_request_target'), true)
  assert.equal(shouldComment('auto', 'push'), false)
  assert.equal(shouldComment('true', 'push'), true)
  assert.equal(shouldComment('false', 'pull_request'), false)
})

test('the pull request number of a pull_request payload, or a clear error', () => {
  assert.equal(pullRequestOfEvent('pull_request', { pull_request: { number: 7 } }), 7)
  assert.throws(
    () => pullRequestOfEvent('push', {}),
    /comment: the "push" event has no pull request/
  )
})

test('workflow_run: the listed PR whose head is the run head; the report never decides', () => {
  const run = pullRequestOfWorkflowRun('workflow_run', {
    workflow_run: {
      head_sha: 'c',
      head_branch: 'feature',
      head_repository: { full_name: 'fork/app' },
      pull_requests: [
        { number: 12, head: { sha: 'd' } },
        { number: 13, head: { sha: 'c' } }
      ]
    }
  })
  assert.deepEqual(run, { headSha: 'c', headRepo: 'fork/app', headBranch: 'feature', number: 13 })
  assert.throws(() => pullRequestOfWorkflowRun('pull_request', {}), /mode: comment/)
})

test('fork runs: the open PR with the same head commit, repository and branch', () => {
  const pulls = [
    { number: 8, head: { sha: 'c', ref: 'feature', repo: { full_name: 'evil/app' } } },
    { number: 7, head: { sha: 'c', ref: 'feature', repo: { full_name: 'fork/app' } } },
    { number: 6, head: { sha: 'c', ref: 'other', repo: { full_name: 'fork/app' } } }
  ]
  assert.equal(pullRequestFromOpenList(pulls, { sha: 'c', repo: 'fork/app', branch: 'feature' }), 7)
  assert.equal(pullRequestFromOpenList(pulls, { sha: 'c', repo: 'fork/app', branch: 'other' }), 6)
  assert.equal(pullRequestFromOpenList(pulls, { sha: 'x' }), undefined)
})

test('default comment key: the image repository, tag and digest dropped', () => {
  assert.equal(imageRepository('ghcr.io/acme/app:sha-1234'), 'ghcr.io/acme/app')
  assert.equal(imageRepository('127.0.0.1:5000/app'), '127.0.0.1:5000/app')
  assert.equal(imageRepository(`app@sha256:${'a'.repeat(64)}`), 'app')
  assert.equal(imageRepository('oci:/tmp/layout'), 'oci:/tmp/layout')
})
