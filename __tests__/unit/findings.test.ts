import { test } from 'node:test'
import assert from 'node:assert/strict'
import { indexFromEntries } from '../../src/analyze/file-index.ts'
import type { IndexEntry } from '../../src/analyze/file-index.ts'
import { findFindings, findingsBytes } from '../../src/analyze/findings.ts'
import {
  diffPackages,
  imagePackages,
  parseApkInstalled,
  parseDpkgStatus
} from '../../src/analyze/packages.ts'

const f = (path: string, size: number, extra: Partial<IndexEntry> = {}): IndexEntry => ({
  path,
  type: 'file',
  size,
  ...extra
})
const wh = (path: string): IndexEntry => ({ path, type: 'whiteout', size: 0 })
const src = (layer: number) => ({ file: 'Dockerfile', line: 10 + layer, instruction: `L${layer}` })

const DPKG = `Package: libc6
Status: install ok installed
Installed-Size: 12000
Architecture: amd64
Version: 2.36-9
Description: GNU C Library
 continuation: not a field

Package: old-removed
Status: deinstall ok config-files
Installed-Size: 50
Version: 1

Package: curl
Status: install ok installed
Installed-Size: 400
Version: 7.88.1
`

test('dpkg status: installed packages only, KiB → bytes', () => {
  assert.deepEqual(parseDpkgStatus(DPKG), [
    { manager: 'dpkg', name: 'libc6', version: '2.36-9', size: 12000 * 1024 },
    { manager: 'dpkg', name: 'curl', version: '7.88.1', size: 400 * 1024 }
  ])
})

test('apk installed: P, V, I in bytes', () => {
  const text = 'C:Q1abc=\nP:musl\nV:1.2.4-r2\nI:622592\n\nP:busybox\nV:1.36.1-r5\nI:950272\n'
  assert.deepEqual(parseApkInstalled(text), [
    { manager: 'apk', name: 'musl', version: '1.2.4-r2', size: 622592 },
    { manager: 'apk', name: 'busybox', version: '1.36.1-r5', size: 950272 }
  ])
})

test('package diff: added, changed, removed, attributed to the layer of first appearance', () => {
  const db = 'var/lib/dpkg/status'
  const v1 = 'Package: a\nStatus: install ok installed\nInstalled-Size: 1\nVersion: 1\n'
  const v2 = v1 + '\nPackage: b\nStatus: install ok installed\nInstalled-Size: 2\nVersion: 1\n'
  const v3 = v2.replace('Version: 1\n', 'Version: 2\n').replace('Package: a', 'Package: c')
  const index = indexFromEntries([
    [f(db, 10, { text: v1 })],
    [f(db, 10, { text: v2 })],
    [f(db, 10, { text: v3 })]
  ])
  const before = parseDpkgStatus(
    v2.replace('Installed-Size: 2\nVersion: 1', 'Installed-Size: 2\nVersion: 0')
  )
  const changes = diffPackages(before, imagePackages(index), src)
  assert.deepEqual(
    changes.map(c => [c.name, c.kind, c.beforeVersion, c.afterVersion, c.change, c.source?.line]),
    [
      ['a', 'removed', '1', undefined, -1024, 12],
      ['c', 'added', undefined, '2', 1024, 12],
      ['b', 'changed', '0', '1', 0, 11]
    ]
  )
})

test('findings: cache, re-added file, deleted later; bytes add up once', () => {
  const index = indexFromEntries([
    [f('bin/base', 5000)],
    [
      f('var/lib/apt/lists/deb.debian.org_main', 30_000),
      f('var/lib/apt/lists/lock', 0),
      f('tmp/build.o', 20_000)
    ],
    [f('app/tool', 8_000, { sha256: 'x', mode: 0o644 }), wh('tmp/build.o')],
    [f('app/tool', 8_000, { sha256: 'x', mode: 0o755 })]
  ])
  const findings = findFindings(index, { sourceOf: src, firstOwnLayer: 1 })
  assert.deepEqual(
    findings.map(x => [x.rule, x.bytes, x.paths, x.source?.line]),
    [
      ['package-cache', 30_000, ['/var/lib/apt/lists/deb.debian.org_main'], 11],
      ['deleted-later', 20_000, ['/tmp/build.o'], 11],
      ['readded-file', 8_000, ['/app/tool'], 13]
    ]
  )
  assert.match(findings[2]?.message ?? '', /changed: mode/)
  assert.equal(findingsBytes(findings), 58_000)
})

test('findings: duplicates count extra copies, hardlinks are one copy, caches are not counted twice', () => {
  const big = 100_000
  const index = indexFromEntries([
    [
      f('a/one', big, { sha256: 'h' }),
      { path: 'a/link', type: 'hardlink', size: 0, linkTarget: 'a/one' },
      f('b/two', big, { sha256: 'h' }),
      f('root/.cache/pip/wheel', big, { sha256: 'h' }),
      f('c/three', big, { sha256: 'h' })
    ]
  ])
  const findings = findFindings(index, {})
  assert.deepEqual(
    findings.map(x => [x.rule, x.bytes]),
    [
      // 4 copies (the hardlink is a/one again); the pip cache copy goes with its own fix;
      // of a/one, b/two, c/three one stays.
      ['duplicate-content', 2 * big],
      ['package-cache', big]
    ]
  )
})

test('findings: a Go toolchain in the final image with a builder stage', () => {
  const index = indexFromEntries([
    [
      f('usr/local/go/bin/go', 15_000_000),
      f('usr/local/go/pkg/tool/linux_amd64/compile', 20_000_000)
    ],
    [f('app', 1_000)]
  ])
  assert.deepEqual(findFindings(index, { hasBuilderStage: false }), [])
  const [tc] = findFindings(index, {
    hasBuilderStage: true,
    firstOwnLayer: 1,
    fromSource: { file: 'Dockerfile', line: 5, instruction: 'FROM golang:1.19' }
  })
  assert.equal(tc?.rule, 'build-toolchain')
  assert.equal(tc?.bytes, 35_000_000)
  assert.deepEqual(tc?.paths, ['/usr/local/go/'])
  assert.equal(tc?.source?.line, 5)
})

test("max-findings-size: the findings' bytes against the limit; needs findings", async () => {
  const { evaluateBudgets } = await import('../../src/budgets.ts')
  const final = { ref: 'x', id: 'sha256:0', platform: 'linux/amd64', size: 1, layers: [] }
  const findings = findFindings(
    indexFromEntries([[f('var/cache/apk/a', 600_000)], [f('tmp/b', 10_000), wh('tmp/b')]]),
    {}
  )
  assert.equal(findingsBytes(findings), 600_000)
  const [row] = evaluateBudgets({ maxFindingsSize: 500_000 }, { final, findings })
  assert.deepEqual(
    [row?.name, row?.limit, row?.actual, row?.passed],
    ['max-findings-size', 500_000, 600_000, false]
  )
  assert.throws(() => evaluateBudgets({ maxFindingsSize: 1 }, { final }), /max-findings-size/)
})

test("findings: a Debian Go toolchain counts the directories its links point to, not the system's", () => {
  const link = (path: string, target: string): IndexEntry => ({
    path,
    type: 'symlink',
    size: target.length,
    linkTarget: target
  })
  const index = indexFromEntries([
    [
      f('usr/lib/go-1.19/bin/go', 15_000_000),
      f('usr/lib/go-1.19/pkg/tool/linux_amd64/compile', 20_000_000),
      link('usr/lib/go-1.19/src', '../../share/go-1.19/src'),
      link('usr/lib/go-1.19/pkg/include', '/usr/share/go-1.19/pkg/include'),
      // Links out of the root to shallow or system directories are not followed.
      link('usr/lib/go-1.19/share', '../../share'),
      link('usr/lib/go-1.19/root', '/'),
      f('usr/share/go-1.19/src/fmt/print.go', 30_000),
      f('usr/share/go-1.19/pkg/include/asm.h', 2_000),
      f('usr/share/doc/other/README', 5_000)
    ]
  ])
  const [tc] = findFindings(index, { hasBuilderStage: true })
  assert.equal(tc?.rule, 'build-toolchain')
  assert.deepEqual(tc?.paths, [
    '/usr/lib/go-1.19/',
    '/usr/share/go-1.19/pkg/include/',
    '/usr/share/go-1.19/src/'
  ])
  const links = [
    '../../share/go-1.19/src',
    '/usr/share/go-1.19/pkg/include',
    '../../share',
    '/'
  ].reduce((s, t) => s + t.length, 0)
  assert.equal(tc?.bytes, 35_000_000 + 30_000 + 2_000 + links)
})
