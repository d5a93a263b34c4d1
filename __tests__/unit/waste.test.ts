import { test } from 'node:test'
import assert from 'node:assert/strict'
import { analyzeWaste } from '../../src/waste/analyze.ts'
import type { LayerEntry } from '../../src/model.ts'

const f = (path: string, size: number): LayerEntry => ({ path, type: 'file', size })
const d = (path: string): LayerEntry => ({ path, type: 'dir', size: 0 })
const wh = (path: string): LayerEntry => ({ path, type: 'whiteout', size: 0 })
const opq = (path: string): LayerEntry => ({ path, type: 'opaque', size: 0 })
const hl = (path: string, target: string, size = 0): LayerEntry => ({
  path,
  type: 'hardlink',
  size,
  linkTarget: target
})

const sl = (path: string, target: string): LayerEntry => ({
  path,
  type: 'symlink',
  size: Buffer.byteLength(target),
  linkTarget: target
})

/**
 * The per-path rule: removable = cumulative − the bytes that survive in the final tree. Each row:
 * the layers, the removable bytes per path (paths with 0 left out), and — where it differs — what
 * the former rule Σ(cumulative − smallest occurrence) gave.
 */
const RULE_CASES: {
  name: string
  layers: LayerEntry[][]
  removable: Record<string, number>
  formerRule?: number
}[] = [
  {
    name: 'deleted, then added again (RUN rm -rf /site, COPY site/ /site/)',
    layers: [
      [d('site'), f('site/index.html', 300)],
      [wh('site')],
      [d('site'), f('site/index.html', 300)]
    ],
    removable: { 'site/index.html': 300 },
    formerRule: 600
  },
  {
    name: 'a file that grows (COPY 13 B, RUN writes 2 MB there)',
    layers: [[f('data', 13)], [f('data', 2_000_000)]],
    removable: { data: 13 },
    formerRule: 2_000_000
  },
  {
    name: 'a file that shrinks',
    layers: [[f('data', 5000)], [f('data', 2000)]],
    removable: { data: 5000 }
  },
  {
    name: 'chmod re-adds the same bytes',
    layers: [[f('app', 1000)], [f('app', 1000)]],
    removable: { app: 1000 }
  },
  {
    name: 'written three times, the last one survives',
    layers: [[f('x', 100)], [f('x', 50)], [f('x', 70)]],
    removable: { x: 150 },
    formerRule: 170
  },
  {
    name: 'deleted by a whiteout',
    layers: [[f('a', 5000), f('b', 1)], [wh('a')]],
    removable: { a: 5000 }
  },
  {
    name: 'deleted with its parent directory',
    layers: [[d('d'), d('d/e'), f('d/e/x', 40), sl('d/l', 'e/x')], [wh('d')]],
    removable: { 'd/e/x': 40, 'd/l': 3 }
  },
  {
    name: 'hidden by an opaque whiteout, one name added again',
    layers: [
      [d('o'), f('o/p', 4000), f('o/q', 500)],
      [d('o'), opq('o'), f('o/p', 100)]
    ],
    removable: { 'o/p': 4000, 'o/q': 500 }
  },
  {
    name: 'a whiteout and a re-add in one layer',
    layers: [[f('a', 100)], [wh('a'), f('a', 40)]],
    removable: { a: 100 }
  },
  {
    name: 'a file replaced by a directory',
    layers: [[f('p', 700)], [d('p'), f('p/c', 5)]],
    removable: { p: 700 }
  },
  {
    name: 'hardlinks in one layer, the first name deleted later: the bytes still show',
    layers: [[f('a', 100), hl('b', 'a'), hl('c', 'b')], [wh('a')]],
    removable: {},
    formerRule: 100
  },
  {
    name: 'hardlinks in one layer, every name deleted later',
    layers: [
      [f('a', 100), hl('b', 'a')],
      [wh('a'), wh('b')]
    ],
    removable: { a: 100 }
  },
  {
    name: 'a link across layers: overlay2 copies the target up (moby 48140)',
    layers: [[f('a', 100)], [f('a', 100), hl('c', 'a')]],
    removable: { a: 100 }
  },
  {
    name: 'copy-up breaks an older link: the old inode lives on under its other name',
    layers: [
      [f('a', 100), hl('b', 'a')],
      [f('a', 100), hl('c', 'a')]
    ],
    removable: {},
    formerRule: 100
  },
  {
    name: '…until that name is deleted too',
    layers: [[f('a', 100), hl('b', 'a')], [f('a', 100), hl('c', 'a')], [wh('b')]],
    removable: { a: 100 }
  },
  {
    name: 'a symlink pointed elsewhere',
    layers: [[sl('l', '/usr/bin')], [sl('l', '/usr/lib/abc')]],
    removable: { l: 8 },
    formerRule: 12
  }
]

test('per-path rule: removable = cumulative − what survives (table)', () => {
  for (const c of RULE_CASES) {
    const r = analyzeWaste(c.layers, { top: 1000 })
    const got = Object.fromEntries(r.topPaths.map(p => [p.path, p.removableBytes]))
    assert.deepEqual(got, c.removable, c.name)
    const total = Object.values(c.removable).reduce((a, b) => a + b, 0)
    assert.equal(r.removableBytes, total, c.name)
    // The image-wide identity: Σ layer bytes − the flattened tree (each inode once).
    const stored = c.layers.flat().reduce((a, e) => a + e.size, 0)
    const flattened = r.largestFiles.reduce((a, x) => a + x.size, 0)
    assert.equal(r.removableBytes, stored - flattened, `${c.name}: identity`)
    if (c.formerRule !== undefined) assert.notEqual(total, c.formerRule, c.name)
  }
})

test('no layers, or nothing repeated: efficiency 1, nothing removable', () => {
  assert.deepEqual(analyzeWaste([]), {
    efficiency: 1,
    removableBytes: 0,
    topPaths: [],
    largestFiles: []
  })
  const r = analyzeWaste([[d('etc'), f('etc/a', 30), f('etc/b', 70)], [f('c', 5)]])
  assert.equal(r.efficiency, 1)
  assert.equal(r.removableBytes, 0)
  assert.deepEqual(r.topPaths, [])
  assert.deepEqual(r.largestFiles, [
    { path: 'etc/b', size: 70, layer: 0 },
    { path: 'etc/a', size: 30, layer: 0 },
    { path: 'c', size: 5, layer: 1 }
  ])
})

test('an overwritten file: the copy that is gone is removable', () => {
  const r = analyzeWaste([[f('a', 5000), f('b', 1000)], [f('a', 2000)]])
  // a: [5000, 2000] → cum 7000, 2000 survives; b: [1000]
  assert.equal(r.removableBytes, 5000)
  assert.equal(r.efficiency, (2000 + 1000) / (7000 + 1000))
  assert.deepEqual(r.topPaths, [
    { path: 'a', removableBytes: 5000, cumulativeBytes: 7000, layers: [0, 1] }
  ])
  assert.deepEqual(r.largestFiles, [
    { path: 'a', size: 2000, layer: 1 },
    { path: 'b', size: 1000, layer: 0 }
  ])
})

test('a file deleted by a whiteout is wholly removable', () => {
  const r = analyzeWaste([[f('a', 5000), f('b', 1000)], [wh('a')]])
  assert.equal(r.removableBytes, 5000)
  assert.equal(r.efficiency, 1000 / 6000)
  assert.deepEqual(r.topPaths, [
    { path: 'a', removableBytes: 5000, cumulativeBytes: 5000, layers: [0, 1] }
  ])
  assert.deepEqual(r.largestFiles, [{ path: 'b', size: 1000, layer: 0 }])
})

test('a directory deleted by a whiteout: every file below it is removable', () => {
  const r = analyzeWaste([
    [d('d'), f('d/x', 3000), d('d/sub'), f('d/sub/y', 2000), f('z', 1000)],
    [wh('d')]
  ])
  assert.equal(r.removableBytes, 5000)
  assert.equal(r.efficiency, 1000 / 6000)
  assert.deepEqual(r.topPaths, [
    { path: 'd/x', removableBytes: 3000, cumulativeBytes: 3000, layers: [0, 1] },
    { path: 'd/sub/y', removableBytes: 2000, cumulativeBytes: 2000, layers: [0, 1] }
  ])
  assert.deepEqual(r.largestFiles, [{ path: 'z', size: 1000, layer: 0 }])
})

test('an opaque whiteout replaces the directory’s lower content (unlike dive)', () => {
  const r = analyzeWaste([
    [d('d'), f('d/x', 3000), f('d/y', 2000)],
    [d('d'), opq('d'), f('d/x', 100), f('d/new', 50)]
  ])
  // d/x: [3000, 100] → 3000; d/y: [2000, 0] → 2000; d/new: [50]
  assert.equal(r.removableBytes, 5000)
  assert.equal(r.efficiency, (100 + 0 + 50) / (3100 + 2000 + 50))
  assert.deepEqual(
    r.topPaths.map(p => [p.path, p.removableBytes, p.layers]),
    [
      ['d/x', 3000, [0, 1]],
      ['d/y', 2000, [0, 1]]
    ]
  )
  assert.deepEqual(r.largestFiles, [
    { path: 'd/x', size: 100, layer: 1 },
    { path: 'd/new', size: 50, layer: 1 }
  ])
})

test('chmod / touch / identical re-COPY: the second copy is removable, not both (dive 684)', () => {
  const r = analyzeWaste([[f('app', 10_000_000)], [f('app', 10_000_000)]])
  assert.equal(r.removableBytes, 10_000_000)
  assert.equal(r.efficiency, 0.5)
  assert.deepEqual(r.topPaths, [
    { path: 'app', removableBytes: 10_000_000, cumulativeBytes: 20_000_000, layers: [0, 1] }
  ])
})

test('hardlinks in one layer count once', () => {
  const r = analyzeWaste([
    [d('bin'), f('bin/busybox', 1000), hl('bin/sh', 'bin/busybox'), hl('bin/ls', 'bin/busybox')]
  ])
  assert.equal(r.efficiency, 1)
  assert.deepEqual(r.largestFiles, [{ path: 'bin/busybox', size: 1000, layer: 0 }])
})

test('a hardlink to an earlier layer’s file', () => {
  // What overlay2 really writes: the target is copied up into the new layer beside the link.
  const copyUp = analyzeWaste([[f('f', 4000)], [f('f', 4000), hl('g', 'f')]])
  assert.equal(copyUp.removableBytes, 4000)
  assert.equal(copyUp.efficiency, 0.5)
  assert.deepEqual(copyUp.topPaths, [
    { path: 'f', removableBytes: 4000, cumulativeBytes: 8000, layers: [0, 1] }
  ])
  assert.deepEqual(copyUp.largestFiles, [{ path: 'f', size: 4000, layer: 1 }])
  // A hand-made layer holding only the link (size 0, target below): it names the lower inode
  // and adds no bytes, so the inode is listed once, where its bytes are stored.
  const linkOnly = analyzeWaste([[f('f', 4000)], [hl('g', 'f')]])
  assert.equal(linkOnly.removableBytes, 0)
  assert.deepEqual(linkOnly.largestFiles, [{ path: 'f', size: 4000, layer: 0 }])
  // …and when the first name goes, the content still shows under the link.
  const renamed = analyzeWaste([[f('f', 4000)], [hl('g', 'f')], [wh('f')]])
  assert.equal(renamed.removableBytes, 0)
  assert.deepEqual(renamed.largestFiles, [{ path: 'g', size: 4000, layer: 0 }])
})

test('duplicate paths in one layer: the last one wins', () => {
  const r = analyzeWaste([[f('a', 100), f('b', 1), f('a', 300)]])
  assert.equal(r.removableBytes, 0)
  assert.deepEqual(r.largestFiles, [
    { path: 'a', size: 300, layer: 0 },
    { path: 'b', size: 1, layer: 0 }
  ])
})

test('a whiteout and a re-add in the same layer make one occurrence', () => {
  const r = analyzeWaste([[f('a', 100)], [wh('a'), f('a', 40)]])
  assert.deepEqual(r.topPaths, [
    { path: 'a', removableBytes: 100, cumulativeBytes: 140, layers: [0, 1] }
  ])
})

test('a file replaced by a directory, a directory replaced by a file', () => {
  const r = analyzeWaste([
    [f('p', 700), d('q'), f('q/in', 900)],
    [d('p'), f('p/child', 10), f('q', 5)]
  ])
  // p: [700, 0]; q/in: [900, 0]; p/child: [10]; q: [5]
  assert.equal(r.removableBytes, 1600)
  assert.equal(r.efficiency, 15 / 1615)
  assert.deepEqual(
    r.topPaths.map(p => p.path),
    ['q/in', 'p']
  )
  assert.deepEqual(r.largestFiles, [
    { path: 'p/child', size: 10, layer: 1 },
    { path: 'q', size: 5, layer: 1 }
  ])
})

test('symlinks count their target length; an empty layer changes nothing', () => {
  const link: LayerEntry = { path: 'l', type: 'symlink', size: 9, linkTarget: '/usr/bin' }
  const r = analyzeWaste([[link], [], [{ ...link, size: 12, linkTarget: '/usr/lib/abc' }]])
  // l: [9, 12] → cumulative 21; the 12-byte link survives, the 9-byte one is removable.
  assert.deepEqual(r.topPaths, [
    { path: 'l', removableBytes: 9, cumulativeBytes: 21, layers: [0, 2] }
  ])
  assert.equal(r.efficiency, 9 / 21)
})

test('top limits both lists; ties sort by cumulative size, then path', () => {
  const layers: LayerEntry[][] = [
    [f('b', 10), f('a', 10), f('x', 5), f('c', 4), f('e', 1)],
    [f('b', 10), f('a', 10), f('x', 10), f('c', 20), wh('e')]
  ]
  // removable (cumulative): a 10 (20); b 10 (20); x 5 (15); c 4 (24); e 1 (1)
  const all = analyzeWaste(layers)
  assert.deepEqual(
    all.topPaths.map(p => [p.path, p.removableBytes, p.cumulativeBytes]),
    [
      ['a', 10, 20],
      ['b', 10, 20],
      ['x', 5, 15],
      ['c', 4, 24],
      ['e', 1, 1]
    ]
  )
  assert.equal(all.removableBytes, 30)
  const r = analyzeWaste(layers, { top: 2 })
  assert.deepEqual(
    r.topPaths.map(p => p.path),
    ['a', 'b']
  )
  // final tree: c 20, a 10, b 10, x 10
  assert.deepEqual(
    r.largestFiles.map(x => x.path),
    ['c', 'a']
  )
  assert.equal(r.removableBytes, 30)
})

test('bad input names what was expected', () => {
  assert.throws(() => analyzeWaste([], { top: 0 }), /top must be a positive integer, got 0/)
  assert.throws(() => analyzeWaste([], { top: 1.5 }), /top must be a positive integer/)
  assert.throws(() => analyzeWaste('x' as never), /layers must be an array of entry arrays/)
  assert.throws(
    () => analyzeWaste([[f('a', 1)], {} as never]),
    /layer 1 must be an array of entries/
  )
  assert.throws(
    () => analyzeWaste([[f('a', -1)]]),
    /layer 0 entry 0 \(a\) must have a size in integer bytes/
  )
  assert.throws(
    () => analyzeWaste([[{ path: 'a', type: 'weird', size: 0 } as never]]),
    /has type "weird"; expected one of/
  )
  assert.throws(
    () => analyzeWaste([[{ path: '', type: 'file', size: 0 }]]),
    /non-empty normalised path/
  )
})
