import { test } from 'node:test'
import assert from 'node:assert/strict'
import { indexFromEntries } from '../../src/analyze/file-index.ts'
import type { IndexEntry } from '../../src/analyze/file-index.ts'
import { fileChanges, summarizeIndex } from '../../src/analyze/file-changes.ts'

const f = (path: string, size: number, extra: Partial<IndexEntry> = {}): IndexEntry => ({
  path,
  type: 'file',
  size,
  ...extra
})
const d = (path: string): IndexEntry => ({ path, type: 'dir', size: 0 })
const wh = (path: string): IndexEntry => ({ path, type: 'whiteout', size: 0 })
const opq = (path: string): IndexEntry => ({ path, type: 'opaque', size: 0 })

test('file index: final files, removed and rewritten copies, hardlinks share an inode', () => {
  const index = indexFromEntries([
    [d('usr'), f('usr/a', 10, { sha256: 'aa', mode: 0o644 }), f('tmp/big', 500)],
    [f('usr/a', 10, { sha256: 'aa', mode: 0o755 }), wh('tmp'), f('usr/b', 7, { sha256: 'bb' })],
    [
      f('usr/b', 7, { sha256: 'bb' }),
      { path: 'usr/c', type: 'hardlink', size: 0, linkTarget: 'usr/b' }
    ],
    [opq('usr'), d('usr'), f('usr/c', 0)]
  ])
  // the opaque marker in layer 3 removes usr/a, usr/b and usr/c; usr/c is written again.
  assert.deepEqual([...index.files.keys()], ['usr/c'])
  assert.deepEqual(
    index.removed.map(r => [r.path, r.layer, r.removedBy, r.size]),
    [
      ['tmp/big', 0, 1, 500],
      ['usr/a', 1, 3, 10],
      // usr/b's inode lives on in usr/c when usr/b goes: removing it frees nothing, usr/c does.
      ['usr/b', 2, 3, 0],
      ['usr/c', 2, 3, 7]
    ]
  )
  assert.deepEqual(index.rewritten, [
    { path: 'usr/a', layer: 0, by: 1, size: 10, newSize: 10, sameContent: true, changed: ['mode'] },
    { path: 'usr/b', layer: 1, by: 2, size: 7, newSize: 7, sameContent: true, changed: [] }
  ])
})

test('file index: a file replaced by a directory is removed with its bytes', () => {
  const index = indexFromEntries([[f('x', 9)], [d('x'), f('x/y', 1)]])
  assert.deepEqual(index.removed, [{ path: 'x', layer: 0, removedBy: 1, size: 9 }])
  assert.deepEqual([...index.files.keys()], ['x/y'])
})

test('changes: a big file keeps its row, with the layer it came from', () => {
  const before = indexFromEntries([[d('app'), f('app/old', 100)]])
  const after = indexFromEntries([[d('app'), f('app/old', 100)], [f('app/big', 1_000_000)]])
  const out = fileChanges(before, after, {
    sourceOf: layer => ({ file: 'Dockerfile', line: layer + 1, instruction: `L${layer}` })
  })
  assert.deepEqual(out.changes, [
    {
      path: '/app/big',
      kind: 'added',
      before: 0,
      after: 1_000_000,
      change: 1_000_000,
      source: { file: 'Dockerfile', line: 2, instruction: 'L1' }
    }
  ])
})

test('changes: a new directory of 2,000 small files folds into one row', () => {
  const files = Array.from({ length: 2000 }, (_, i) => f(`usr/lib/pkg/sub${i % 7}/f${i}`, 100))
  const before = indexFromEntries([[d('usr'), d('usr/lib'), f('usr/lib/libc.so', 2_000_000)]])
  const after = indexFromEntries([[d('usr'), d('usr/lib'), f('usr/lib/libc.so', 2_000_000)], files])
  const out = fileChanges(before, after)
  assert.deepEqual(
    out.changes.map(c => [c.path, c.kind, c.change, c.files]),
    [['/usr/lib/pkg/', 'added', 200_000, 2000]]
  )
})

test('changes: 2,000 small files in an existing directory fold into that directory', () => {
  const base = [d('data'), f('data/keep', 10)]
  const before = indexFromEntries([base])
  const after = indexFromEntries([
    base,
    Array.from({ length: 2000 }, (_, i) => f(`data/f${i}`, 50))
  ])
  const out = fileChanges(before, after)
  assert.deepEqual(
    out.changes.map(c => [c.path, c.kind, c.before, c.after, c.change, c.files]),
    [['/data/', 'added', 0, 100_000, 100_000, 2000]]
  )
})

test('changes: grew, shrank and removed; small changes gather at the root', () => {
  const before = indexFromEntries([
    [d('a'), f('a/x', 100_000), f('a/y', 300_000), f('a/z', 80_000), f('etc/hostname', 5)]
  ])
  const after = indexFromEntries([
    [d('a'), f('a/x', 400_000), f('a/y', 100_000), f('etc/hostname', 9)]
  ])
  const out = fileChanges(before, after)
  assert.deepEqual(
    out.changes.map(c => [c.path, c.kind, c.change]),
    [
      ['/a/x', 'grew', 300_000],
      ['/a/y', 'shrank', -200_000],
      ['/a/z', 'removed', -80_000],
      ['/', 'grew', 4]
    ]
  )
})

test('changes against a report summary: big files per path, small ones per directory', () => {
  const mk = (n: number, big: number): IndexEntry[][] => [
    [d('srv'), f('srv/big', big), ...Array.from({ length: n }, (_, i) => f(`srv/s/f${i}`, 1000))]
  ]
  const baseline = summarizeIndex(indexFromEntries(mk(100, 200_000)))
  assert.deepEqual(baseline.files, [['srv/big', 200_000]])
  assert.deepEqual(baseline.dirs, [['srv/s', 100_000, 100]])
  const out = fileChanges(baseline, indexFromEntries(mk(300, 290_000)))
  assert.deepEqual(
    out.changes.map(c => [c.path, c.kind, c.before, c.after, c.change]),
    [
      ['/srv/s/', 'grew', 100_000, 300_000, 200_000],
      ['/srv/big', 'grew', 200_000, 290_000, 90_000]
    ]
  )
})

test('summary: capped, and bytes are never lost', () => {
  const entries = Array.from({ length: 3000 }, (_, i) => f(`d${i % 300}/f${i}`, 70_000 + i))
  const index = indexFromEntries([entries])
  const s = summarizeIndex(index, { maxFiles: 100, maxDirs: 50 })
  assert.equal(s.files.length, 100)
  assert.ok(s.dirs.length <= 50)
  assert.equal(s.truncated, true)
  const total = [...index.files.values()].reduce((a, x) => a + x.size, 0)
  const summed = s.files.reduce((a, x) => a + x[1], 0) + s.dirs.reduce((a, x) => a + x[1], 0)
  assert.equal(summed, total)
})

test('scanLayer with fileDetails: SHA-256 of the bytes, mode, owner, mtime, package database text', async () => {
  const { scanLayer } = await import('../../src/image/layer-scan.ts')
  const { packTar, streamOf } = await import('../helpers/tar.ts')
  const { createHash } = await import('node:crypto')
  const body = Buffer.alloc(300_000, 7)
  const status = 'Package: x\nStatus: install ok installed\nInstalled-Size: 3\nVersion: 1\n'
  const tarBytes = await packTar([
    {
      header: { name: 'bin/tool', mode: 0o4755, uid: 10, gid: 20, mtime: new Date(5_000) },
      body
    },
    { header: { name: 'var/lib/dpkg/status' }, body: status },
    { header: { name: 'bin/again', type: 'link', linkname: 'bin/tool' } }
  ])
  const scan = await scanLayer(streamOf([tarBytes]), { collectEntries: true, fileDetails: true })
  const [tool, db, again] = scan.entries ?? []
  assert.equal(tool?.sha256, createHash('sha256').update(body).digest('base64'))
  assert.deepEqual([tool?.mode, tool?.uid, tool?.gid, tool?.mtime], [0o4755, 10, 20, 5])
  assert.equal(tool?.text, undefined)
  assert.equal(db?.text, status)
  assert.equal(again?.type, 'hardlink')
  const index = indexFromEntries([scan.entries ?? []])
  assert.equal(index.files.get('bin/again')?.sha256, tool?.sha256)
  assert.equal(index.files.get('bin/again')?.inode, index.files.get('bin/tool')?.inode)
  assert.deepEqual(index.databases, [{ path: 'var/lib/dpkg/status', layer: 0, text: status }])
})

test('summary size: a 5 GB image of 64 kB files, and an image of 100,000 small files', () => {
  // The worst case for the summary's size: as many files of at least 64 kB as 5 GB holds.
  const big = Array.from({ length: 78_125 }, (_, i) =>
    f(`usr/lib/python3.11/site-packages/package_${i % 5000}/module_${i}/data_file_${i}.bin`, 64_000)
  )
  const s5 = summarizeIndex(indexFromEntries([big]))
  const json5 = JSON.stringify(s5).length
  assert.equal(s5.files.length, 5000)
  assert.ok(s5.dirs.length <= 2000)
  assert.equal(s5.truncated, true)
  assert.ok(json5 < 800_000, `5 GB image: ${json5} bytes of JSON`)
  // 100,000 files of 200 bytes in 1,000 directories: the small files become directory totals.
  const small = Array.from({ length: 100_000 }, (_, i) => f(`srv/data/d${i % 1000}/f${i}`, 200))
  const s100k = summarizeIndex(indexFromEntries([small]))
  const json100k = JSON.stringify(s100k).length
  assert.deepEqual(s100k.files, [])
  assert.ok(json100k < 100_000, `100,000 files: ${json100k} bytes of JSON`)
  assert.equal(
    s100k.dirs.reduce((a, d) => a + d[1], 0),
    20_000_000
  )
  process.stderr.write(`summary JSON: 5 GB image ${json5} bytes; 100,000 files ${json100k} bytes\n`)
})
