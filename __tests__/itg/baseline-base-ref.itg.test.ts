/**
 * `baseline: base-ref` in a temporary git repository with two commits, the second of which grows
 * the image by 3,000,000 bytes: the base commit is checked out in a worktree (fetched first from a
 * shallow clone), built with the real engine and measured; the worktree is always removed.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { baseShaFromEvent, buildBaseRef, rerootPath } from '../../src/baseline/base-ref.ts'
import { compareWithBaseline, evaluateIncrease, parseIncrease } from '../../src/baseline/compare.ts'
import { detectEngine, type Engine } from '../../src/engine/detect.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { silentLog } from '../../src/log.ts'
import { measureImage } from '../../src/measure.ts'
import type { ImageMeasurement } from '../../src/model.ts'
import { LOCAL_BUSYBOX, docker, engineSize, removeImages, uniqueTag } from '../helpers/docker.ts'

const run = promisify(execFile)

/** `list[i]`, asserted present. */
function at<T>(list: readonly T[], i: number): T {
  const item = list[i]
  assert.ok(item !== undefined, `item ${i} of ${list.length}`)
  return item
}
const GROWTH = 3_000_000

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'isb test',
      GIT_AUTHOR_EMAIL: 'isb@example.invalid',
      GIT_COMMITTER_NAME: 'isb test',
      GIT_COMMITTER_EMAIL: 'isb@example.invalid'
    }
  })
  return stdout.trim()
}

const BASE_DOCKERFILE = [`FROM ${LOCAL_BUSYBOX}`, 'COPY app.txt /app.txt', ''].join('\n')
// The head commit adds one layer of exactly GROWTH bytes (dd of zeros: one file, st_size counted).
const HEAD_DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  'COPY app.txt /app.txt',
  `RUN dd if=/dev/zero of=/grown.bin bs=1000 count=${GROWTH / 1000}`,
  ''
].join('\n')

let root: string
let origin: string
let baseSha: string
let headSha: string
let engine: Engine
const tags: string[] = []

before(async () => {
  engine = await detectEngine({ log: silentLog })
  root = await mkdtemp(join(tmpdir(), 'isb-base-ref-itg-'))
  origin = join(root, 'origin')
  // The Dockerfile and context live in a sub-directory, as in a monorepo.
  await mkdir(join(origin, 'svc'), { recursive: true })
  await git(origin, 'init', '-q', '-b', 'main')
  await writeFile(join(origin, 'svc', 'Dockerfile'), BASE_DOCKERFILE)
  await writeFile(join(origin, 'svc', 'app.txt'), 'version 1\n')
  await git(origin, 'add', '.')
  await git(origin, 'commit', '-q', '-m', 'base')
  baseSha = await git(origin, 'rev-parse', 'HEAD')
  await writeFile(join(origin, 'svc', 'Dockerfile'), HEAD_DOCKERFILE)
  await git(origin, 'commit', '-q', '-am', 'grow the image')
  headSha = await git(origin, 'rev-parse', 'HEAD')
})

after(async () => {
  await removeImages(...tags)
  await rm(root, { recursive: true, force: true })
})

/** What the lead's callback does: build the Dockerfile under `dir` with the engine, measure it. */
async function buildAndMeasure(dir: string, name: string): Promise<ImageMeasurement> {
  const tag = uniqueTag(`baseline-base-ref-${name}`)
  tags.push(tag)
  await docker(['build', '-q', '-t', tag, '-f', join(dir, 'Dockerfile'), dir])
  return measureImage(parseImageSource(tag, 'image'), {
    engine,
    compress: false,
    waste: false,
    log: silentLog
  })
}

async function worktrees(repo: string): Promise<string[]> {
  const text = await git(repo, 'worktree', 'list', '--porcelain')
  return text
    .split('\n')
    .filter(line => line.startsWith('worktree '))
    .map(line => line.slice('worktree '.length))
}

describe('buildBaseRef', () => {
  it('builds the base commit in a worktree of a shallow clone and sees the exact growth', async () => {
    // A shallow clone of the head, as actions/checkout makes by default: the base is missing.
    const clone = join(root, 'clone')
    await run('git', ['clone', '-q', '--depth=1', `file://${origin}`, clone])
    assert.equal(await git(clone, 'rev-parse', 'HEAD'), headSha)
    await assert.rejects(git(clone, 'cat-file', '-e', `${baseSha}^{commit}`))

    const payload = { pull_request: { number: 1, base: { sha: baseSha }, head: { sha: headSha } } }
    const sha = baseShaFromEvent('pull_request', payload)
    const repoDir = join(clone, 'svc')
    const final = await buildAndMeasure(repoDir, 'head')

    let seenDir = ''
    const baseline = await buildBaseRef({
      baseSha: sha,
      repoDir,
      log: silentLog,
      measure: async dir => {
        seenDir = dir
        // The callback gets the same sub-directory, at the base commit.
        assert.equal(rerootPath('Dockerfile', repoDir, dir, repoDir), join(dir, 'Dockerfile'))
        assert.equal(await git(dir, 'rev-parse', 'HEAD'), baseSha)
        assert.match(dir, /\/svc$/)
        return buildAndMeasure(dir, 'base')
      }
    })

    assert.equal(final.size - baseline.size, GROWTH)
    assert.equal(final.size, await engineSize(at(tags, 0)))
    assert.equal(baseline.size, await engineSize(at(tags, 1)))
    assert.equal(final.layers.length, baseline.layers.length + 1)
    const comparison = compareWithBaseline(final, baseline, 1000)
    assert.equal(comparison.change, GROWTH)
    assert.equal(comparison.unchanged, false)
    assert.ok(Math.abs(comparison.changePercent - (GROWTH / baseline.size) * 100) < 1e-9)
    // A 3 MB budget passes at exactly 3,000,000 bytes; 2.999999 MB does not.
    assert.equal(
      at(evaluateIncrease(parseIncrease('3MB', 'max-increase'), final, baseline), 0).passed,
      true
    )
    assert.equal(
      at(evaluateIncrease(parseIncrease('2999999', 'max-increase'), final, baseline), 0).passed,
      false
    )

    // The worktree is gone, and git no longer lists it.
    assert.ok(seenDir)
    assert.equal(existsSync(seenDir), false)
    assert.deepEqual(await worktrees(clone), [clone])
  })

  it('removes the worktree when the measurement fails, and passes the error on', async () => {
    let seenDir = ''
    await assert.rejects(
      buildBaseRef({
        baseSha,
        repoDir: origin,
        log: silentLog,
        measure: async dir => {
          seenDir = dir
          assert.equal(existsSync(join(dir, 'svc', 'Dockerfile')), true)
          throw new Error('build failed on purpose')
        }
      }),
      /^Error: build failed on purpose$/
    )
    assert.ok(seenDir)
    assert.equal(existsSync(seenDir), false)
    assert.deepEqual(await worktrees(origin), [origin])
  })

  it('names the input and the commit when it cannot be fetched', async () => {
    const missing = 'f'.repeat(40)
    await assert.rejects(
      buildBaseRef({
        baseSha: missing,
        repoDir: origin,
        log: silentLog,
        measure: () => assert.fail('measure must not run')
      }),
      (error: Error) =>
        error.message.startsWith(
          `Input baseline: base-ref: could not fetch the base commit ${missing} from origin in ${origin}:`
        )
    )
  })

  it('refuses a directory outside any git repository', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'isb-not-a-repo-'))
    try {
      await assert.rejects(
        buildBaseRef({
          baseSha,
          repoDir: outside,
          log: silentLog,
          measure: () => assert.fail('measure must not run')
        }),
        /^Error: Input baseline: base-ref: could not find the repository in .*: fatal: not a git repository/
      )
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })
})
