/**
 * File changes, package changes and findings through the whole pipeline with the real engine
 * (issue 9). A baseline image and a "pull request" image built from busybox; the head Dockerfile
 * adds a file of a known size in one RUN, leaves an apk cache in another, re-adds a binary with
 * chmod in a third, writes and deletes a scratch file, adds 2,000 small files, a file with a
 * hostile name, and crafted dpkg / apk databases. Every size is chosen by the test (random bytes
 * of known lengths), so each row and finding has an exact expected value and line.
 *
 * The same expectations hold against `baseline-image` (the baseline's layers read in this run),
 * `baseline-report` (the baseline's report and its file tree summary) and `base-ref` (a temporary
 * git repository whose head commit is the pull request).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { promisify } from 'node:util'
import { detectEngine } from '../../src/engine/detect.ts'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import type { Report } from '../../src/model.ts'
import { evaluate } from '../../src/pipeline.ts'
import { budgetAnnotations } from '../../src/report/attribution.ts'
import {
  findingAnnotations,
  hiddenChange,
  renderChangesMarkdown,
  renderFindingsMarkdown
} from '../../src/report/changes-markdown.ts'
import { renderMarkdown } from '../../src/report/markdown.ts'
import { LOCAL_BUSYBOX, docker, makeContext, removeImages, uniqueTag } from '../helpers/docker.ts'

const TOOL = 300_000
const BLOB = 1_234_567
const CACHE = 200_000
const SCRATCH = 50_000
const HOSTILE = 70_000
const HOSTILE_NAME = '/opt/x|<img src=x onerror=alert(1)>`*[y](z)@here #1.bin'

const dpkg = (pkgs: [string, string, number][]): string =>
  pkgs
    .map(
      ([name, version, kib]) =>
        `Package: ${name}\nStatus: install ok installed\nInstalled-Size: ${kib}\nVersion: ${version}\nDescription: test\n continued\n`
    )
    .join('\n')
const STATUS_BASE = dpkg([
  ['pkg-a', '1.0', 100],
  ['pkg-b', '2.0', 200]
])
const STATUS_HEAD = dpkg([
  ['pkg-a', '1.1', 120],
  ['pkg-c', '3.0', 50]
])
const APK = 'C:Q1x=\nP:musl\nV:1.2.4-r2\nI:622592\n\nP:zlib\nV:1.3-r0\nI:110592\n'

const BASE_DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  'COPY tool /usr/local/bin/tool',
  'COPY status.base /var/lib/dpkg/status',
  ''
].join('\n')
const HEAD_DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  'COPY tool /usr/local/bin/tool',
  'COPY status.head /var/lib/dpkg/status',
  `RUN mkdir -p /opt && head -c ${BLOB} /dev/urandom > /opt/blob`,
  `RUN mkdir -p /var/cache/apk && head -c ${CACHE} /dev/urandom > /var/cache/apk/APKINDEX.abc.tar.gz`,
  'RUN chmod 0755 /usr/local/bin/tool',
  `RUN head -c ${SCRATCH} /dev/urandom > /tmp/scratch`,
  'RUN rm /tmp/scratch',
  'RUN mkdir -p /srv/many && cd /srv/many && i=0; while [ $i -lt 2000 ]; do printf "%049d\\n" $i > f$i; i=$((i+1)); done',
  `RUN head -c ${HOSTILE} /dev/urandom > '${HOSTILE_NAME}'`,
  'COPY installed /lib/apk/db/installed',
  ''
].join('\n')

const BASELINE = uniqueTag('changes-baseline')
const made: string[] = [BASELINE]
let dir: string
let viaImage: Report

async function run(
  values: Record<string, string>,
  extra: Partial<Parameters<typeof evaluate>[1]> = {}
): Promise<Report> {
  const report = await evaluate(
    parseInputs(name => values[name] ?? ''),
    { log: silentLog, workspace: dir, ...extra }
  )
  made.push(report.final.ref)
  return report
}

before(async () => {
  const engine = await detectEngine({ log: silentLog })
  dir = await makeContext({
    tool: randomBytes(TOOL),
    'status.base': STATUS_BASE,
    'status.head': STATUS_HEAD,
    installed: APK,
    'Dockerfile.base': BASE_DOCKERFILE,
    Dockerfile: HEAD_DOCKERFILE
  })
  await docker(
    ['build', '-q', '-t', BASELINE, '-f', join(dir, 'Dockerfile.base'), dir],
    engine.kind === 'classic' ? 'classic' : 'buildkit'
  )
  viaImage = await run({
    context: dir,
    file: join(dir, 'Dockerfile'),
    'baseline-image': BASELINE,
    'max-findings-size': '500kB',
    compressed: 'none',
    'keep-images': 'true'
  })
})

after(async () => {
  await removeImages(...made)
  await rm(dir, { recursive: true, force: true })
})

/** The expectations every baseline kind must meet. */
function assertChanges(report: Report, label: string): void {
  const rows = new Map((report.changes ?? []).map(c => [c.path, c]))
  const row = (path: string): NonNullable<Report['changes']>[number] => {
    const r = rows.get(path)
    assert.ok(r, `${label}: no row ${path} in ${JSON.stringify(report.changes, null, 1)}`)
    return r
  }
  const blob = row('/opt/blob')
  assert.deepEqual([blob.kind, blob.before, blob.after, blob.change], ['added', 0, BLOB, BLOB])
  assert.equal(blob.source?.line, 4)
  assert.match(blob.source?.instruction ?? '', /^RUN mkdir -p \/opt && head -c 1234567/)
  const cache = row('/var/cache/apk/APKINDEX.abc.tar.gz')
  assert.deepEqual([cache.kind, cache.change, cache.source?.line], ['added', CACHE, 5])
  const hostile = row(HOSTILE_NAME)
  assert.deepEqual([hostile.kind, hostile.change, hostile.source?.line], ['added', HOSTILE, 10])
  // 2,000 files of 50 bytes in a directory the baseline does not have: one row.
  const many = row('/srv/')
  assert.deepEqual(
    [many.kind, many.change, many.files, many.source?.line],
    ['added', 100_000, 2000, 9]
  )
  // The chmod'ed tool keeps its size; the scratch file is gone: neither is a change.
  assert.ok(!rows.has('/usr/local/bin/tool'), label)
  assert.ok(![...rows.keys()].some(p => p.includes('scratch')), label)
  // The rows add up to the image's growth (uncompressed sizes of both images, as the engine counts).
  // Every byte the layers store of the final filesystem is in a row; removed copies are not.
  assert.equal(
    (report.changes ?? []).reduce((s, c) => s + c.change, 0) + (report.changesOmitted?.change ?? 0),
    flattenedGrowth(report),
    label
  )

  // The rest of the image's growth is the copies the layers hide: the chmod layer's second copy
  // of the tool and the scratch file a later layer deleted (the engine's layer sizes, below).
  assert.equal(hiddenChange(report), TOOL + SCRATCH, label)
  // The comment reads each growth once: file rows and that one row, no layer rows beside them.
  const md = renderMarkdown(report)
  const whatChanged = md.slice(md.indexOf('**What changed**'), md.indexOf('**How to shrink it**'))
  assert.match(
    whatChanged,
    /^- \*\*\+350 kB\*\* in copies the layers hide \(.*see How to shrink it\)$/m,
    label
  )
  assert.match(whatChanged, /^- \*\*\+1\.23 MB\*\* <code>\/opt\/blob<\/code> \(added\)/m, label)
  assert.ok(!whatChanged.includes('new layer'), `${label}: ${whatChanged}`)

  const pkgs = (report.packages ?? []).map(p => [
    p.manager,
    p.name,
    p.kind,
    p.beforeVersion,
    p.afterVersion,
    p.change,
    p.source?.line
  ])
  assert.deepEqual(
    pkgs,
    [
      ['apk', 'musl', 'added', undefined, '1.2.4-r2', 622_592, 11],
      ['dpkg', 'pkg-b', 'removed', '2.0', undefined, -204_800, 3],
      ['apk', 'zlib', 'added', undefined, '1.3-r0', 110_592, 11],
      ['dpkg', 'pkg-c', 'added', undefined, '3.0', 51_200, 3],
      ['dpkg', 'pkg-a', 'changed', '1.0', '1.1', 20_480, 3]
    ],
    label
  )
}

/** Growth of the flattened filesystem: final − baseline file-tree totals (every byte once). */
function flattenedGrowth(report: Report): number {
  const total = (t: Report['final']['fileTree']): number =>
    (t?.files ?? []).reduce((s, f) => s + f[1], 0) + (t?.dirs ?? []).reduce((s, d) => s + d[1], 0)
  return total(report.final.fileTree) - total(baselineTree)
}
let baselineTree: Report['final']['fileTree']

test('baseline-image: changes, packages and findings with exact bytes and lines', async () => {
  const baselineOnly = await run({
    context: dir,
    file: join(dir, 'Dockerfile.base'),
    compressed: 'none',
    'keep-images': 'true'
  })
  baselineTree = baselineOnly.final.fileTree
  assertChanges(viaImage, 'baseline-image')
  // The baseline's file tree served the diff and is not repeated in the report.
  assert.equal(viaImage.baseline?.fileTree, undefined)

  const findings = (viaImage.findings ?? []).map(f => [f.rule, f.bytes, f.paths, f.source?.line])
  assert.deepEqual(findings, [
    ['readded-file', TOOL, ['/usr/local/bin/tool'], 6],
    ['package-cache', CACHE, ['/var/cache/apk/APKINDEX.abc.tar.gz'], 5],
    ['deleted-later', SCRATCH, ['/tmp/scratch'], 7]
  ])
  assert.match(viaImage.findings?.[0]?.message ?? '', /changed: mode/)
  assert.match(viaImage.findings?.[2]?.message ?? '', /deleted by line 8/)
  // max-findings-size 500 kB: the three fixes would save 550,000 bytes.
  const budget = viaImage.budgets.find(b => b.name === 'max-findings-size')
  assert.deepEqual([budget?.actual, budget?.passed], [TOOL + CACHE + SCRATCH, false])
  // The breach is annotated on the line of the largest finding (the chmod).
  assert.deepEqual(
    budgetAnnotations(viaImage).map(a => [a.instruction.location.line, a.budgets]),
    [[6, ['max-findings-size']]]
  )
  // The oracle for the waste the last two findings name: the engine's own layer sizes. The
  // chmod layer stores the tool again, the scratch layer stores the scratch file.
  const layerOf = (line: number): number | undefined =>
    viaImage.final.layers.find(l => l.instruction?.location.line === line)?.size
  assert.equal(layerOf(6), TOOL)
  assert.equal(layerOf(7), SCRATCH)

  assert.deepEqual(
    findingAnnotations(viaImage).map(a => [a.line, a.title]),
    [
      [6, 'Image size: 300 kB could go (readded-file)'],
      [5, 'Image size: 200 kB could go (package-cache)'],
      [7, 'Image size: 50 kB could go (deleted-later)']
    ]
  )
})

test('hostile file names stay escaped in markdown', () => {
  const md = renderChangesMarkdown(viaImage) + renderFindingsMarkdown(viaImage)
  assert.ok(!md.includes('<img'), md)
  assert.ok(!md.includes('](z)'), md)
  assert.ok(!md.includes('@here'), 'a mention is broken by a joiner')
  assert.ok(md.includes('&lt;img src=x onerror=alert&#40;1&#41;&gt;'), md)
  assert.ok(md.includes('/srv/'), md)
})

test("baseline-report: the same changes from the earlier report's file tree summary", async () => {
  const earlier = await run({
    context: dir,
    file: join(dir, 'Dockerfile.base'),
    compressed: 'none',
    'keep-images': 'true'
  })
  assert.ok(earlier.final.fileTree, 'the report carries a file tree summary')
  const path = join(dir, 'base-report.json')
  await writeFile(path, JSON.stringify(earlier))
  const next = await run({
    context: dir,
    file: join(dir, 'Dockerfile'),
    'baseline-report': path,
    compressed: 'none',
    'keep-images': 'true'
  })
  assertChanges(next, 'baseline-report')
})

test("base-ref: the same changes against the pull request's base commit", async () => {
  const git = (cwd: string, ...args: string[]): Promise<string> =>
    promisify(execFile)('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'isb test',
        GIT_AUTHOR_EMAIL: 'isb@example.invalid',
        GIT_COMMITTER_NAME: 'isb test',
        GIT_COMMITTER_EMAIL: 'isb@example.invalid'
      }
    }).then(r => r.stdout.trim())
  const repo = await mkdtemp(join(tmpdir(), 'isb-changes-repo-'))
  try {
    for (const f of ['tool', 'status.base', 'status.head', 'installed']) {
      await promisify(execFile)('cp', [join(dir, f), join(repo, f)])
    }
    await writeFile(join(repo, 'Dockerfile'), BASE_DOCKERFILE)
    await git(repo, 'init', '-q', '-b', 'main')
    await git(repo, 'add', '.')
    await git(repo, 'commit', '-q', '-m', 'base')
    const baseSha = await git(repo, 'rev-parse', 'HEAD')
    await writeFile(join(repo, 'Dockerfile'), HEAD_DOCKERFILE)
    await git(repo, 'commit', '-q', '-am', 'pull request')
    const next = await evaluate(
      parseInputs(
        name =>
          ({
            context: repo,
            file: join(repo, 'Dockerfile'),
            baseline: 'base-ref',
            compressed: 'none'
          })[name] ?? ''
      ),
      {
        log: silentLog,
        workspace: repo,
        event: {
          name: 'pull_request',
          payload: {
            pull_request: { number: 1, base: { sha: baseSha }, head: { sha: 'f'.repeat(40) } }
          }
        }
      }
    )
    assertChanges(next, 'base-ref')
  } finally {
    await rm(repo, { recursive: true, force: true })
  }
})
