import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  BATCH_BYTES,
  EMPTY_SHA256,
  FileHashStream,
  MAX_IN_FLIGHT
} from '../../src/image/hash-worker.ts'
import { normalizeTarPath, scanLayer } from '../../src/image/layer-scan.ts'
import type { Header } from 'tar-stream'
import { fixChecksum, packTar, setBase256Size, setOctalSize, streamOf } from '../helpers/tar.ts'

const MTIME = new Date(0)

function file(name: string, body: string | Buffer) {
  return { header: { name, type: 'file' as const, mtime: MTIME, mode: 0o644 }, body }
}
function dir(name: string) {
  return { header: { name, type: 'directory' as const, mtime: MTIME, mode: 0o755 } }
}
function symlink(name: string, linkname: string) {
  return { header: { name, type: 'symlink' as const, linkname, mtime: MTIME } }
}
function hardlink(name: string, linkname: string) {
  return { header: { name, type: 'link' as const, linkname, mtime: MTIME } }
}

async function scan(buf: Buffer) {
  return scanLayer(Readable.from([buf]), { collectEntries: true })
}

test('normalizeTarPath strips ./, leading and trailing slashes', () => {
  const cases: [string, string][] = [
    ['./usr/bin/', 'usr/bin'],
    ['/etc/passwd', 'etc/passwd'],
    ['a//b/./c', 'a/b/c'],
    ['./', ''],
    ['plain', 'plain']
  ]
  for (const [input, want] of cases) assert.equal(normalizeTarPath(input), want, input)
})

test('files, directories and symlinks: sizes as the engine counts them', async () => {
  const buf = await packTar([
    dir('./app/'),
    file('./app/a.bin', Buffer.alloc(1000, 1)),
    file('app/empty', ''),
    symlink('app/link', '/app/a.bin'),
    symlink('app/utf8', 'é'), // 2 bytes in UTF-8
    dir('app/sub')
  ])
  const s = await scan(buf)
  // 1000 (file) + 0 (empty) + 10 ('/app/a.bin') + 2 ('é')
  assert.equal(s.size, 1012)
  assert.equal(s.tarBytes, buf.length)
  assert.equal(s.fileCount, 4)
  assert.equal(s.danglingLinks, 0)
  assert.deepEqual(s.entries, [
    { path: 'app', type: 'dir', size: 0 },
    { path: 'app/a.bin', type: 'file', size: 1000 },
    { path: 'app/empty', type: 'file', size: 0 },
    { path: 'app/link', type: 'symlink', size: 10, linkTarget: '/app/a.bin' },
    { path: 'app/utf8', type: 'symlink', size: 2, linkTarget: 'é' },
    { path: 'app/sub', type: 'dir', size: 0 }
  ])
})

test('hardlinks in the same layer count once', async () => {
  const buf = await packTar([
    file('bin/busybox', Buffer.alloc(777)),
    hardlink('bin/sh', './bin/busybox'),
    hardlink('bin/ls', 'bin/busybox')
  ])
  const s = await scan(buf)
  assert.equal(s.size, 777)
  assert.equal(s.fileCount, 3)
  assert.deepEqual(
    s.entries?.map(e => [e.path, e.type, e.size, e.linkTarget]),
    [
      ['bin/busybox', 'file', 777, undefined],
      ['bin/sh', 'hardlink', 0, 'bin/busybox'],
      ['bin/ls', 'hardlink', 0, 'bin/busybox']
    ]
  )
})

test('a hardlink to a file outside the tar counts 0 and is reported as dangling', async () => {
  const s = await scan(await packTar([file('x', 'abc'), hardlink('y', 'lower/file')]))
  assert.equal(s.size, 3)
  assert.equal(s.danglingLinks, 1)
  assert.deepEqual(s.entries?.[1], {
    path: 'y',
    type: 'hardlink',
    size: 0,
    linkTarget: 'lower/file'
  })
})

test('a hardlink keeps its inode alive when the target path is later overwritten', async () => {
  const s = await scan(
    await packTar([file('a', Buffer.alloc(100)), hardlink('b', 'a'), file('a', Buffer.alloc(30))])
  )
  // a → new 30-byte inode; b still holds the 100-byte inode
  assert.equal(s.size, 130)
  assert.deepEqual(
    s.entries?.map(e => [e.path, e.type, e.size]),
    [
      ['a', 'file', 30],
      ['b', 'hardlink', 100]
    ]
  )
})

test('whiteouts and opaque markers', async () => {
  const buf = await packTar([
    dir('etc'),
    file('etc/.wh.motd', ''),
    file('.wh.tmp', ''),
    dir('d'),
    file('d/.wh..wh..opq', ''),
    file('d/new', 'xy'),
    file('.wh..wh.plnk/123', 'zzz') // AUFS metadata: not part of the tree
  ])
  const s = await scan(buf)
  assert.equal(s.size, 2)
  assert.equal(s.fileCount, 1)
  assert.deepEqual(s.entries, [
    { path: 'etc', type: 'dir', size: 0 },
    { path: 'etc/motd', type: 'whiteout', size: 0 },
    { path: 'tmp', type: 'whiteout', size: 0 },
    { path: 'd', type: 'dir', size: 0 },
    { path: 'd', type: 'opaque', size: 0 },
    { path: 'd/new', type: 'file', size: 2 }
  ])
})

test('duplicate paths in one layer: the last one wins, at the first one’s position', async () => {
  const buf = await packTar([
    file('dup', Buffer.alloc(500)),
    file('other', 'o'),
    file('./dup', Buffer.alloc(20)),
    symlink('dup2', 'abc'),
    file('dup2', Buffer.alloc(7))
  ])
  const s = await scan(buf)
  assert.equal(s.size, 20 + 1 + 7)
  assert.equal(s.fileCount, 3)
  assert.deepEqual(
    s.entries?.map(e => [e.path, e.type, e.size]),
    [
      ['dup', 'file', 20],
      ['other', 'file', 1],
      ['dup2', 'file', 7]
    ]
  )
})

test('PAX long paths and long link names', async () => {
  const long = 'deep/' + 'x'.repeat(150) + '/' + 'y'.repeat(120)
  const buf = await packTar([
    file(long, 'hello'),
    symlink('l', 'z'.repeat(200)),
    hardlink('h', long)
  ])
  const s = await scan(buf)
  assert.ok(buf.includes(Buffer.from('PaxHeader')), 'the test tar really uses PAX headers')
  assert.equal(s.size, 5 + 200)
  assert.deepEqual(
    s.entries?.map(e => [e.path, e.type, e.size]),
    [
      [long, 'file', 5],
      ['l', 'symlink', 200],
      ['h', 'hardlink', 0]
    ]
  )
  assert.equal(s.entries?.[2]?.linkTarget, long)
})

test('a PAX global header is not an entry and does not disturb the others', async () => {
  const packed = await packTar([
    file('GlobalHead', '21 comment=ignore me\n'),
    file('after', Buffer.alloc(9))
  ])
  // pack cannot write a global header: turn the first (file) header into one (typeflag 'g').
  const first = packed.subarray(0, 512)
  first[156] = 'g'.charCodeAt(0)
  fixChecksum(first)
  const s = await scan(packed)
  assert.equal(s.size, 9)
  assert.deepEqual(s.entries, [{ path: 'after', type: 'file', size: 9 }])
})

// The expected values below were cross-checked against Go 1.19's archive/tar (the reader dockerd
// uses) on the same bytes, and against `docker load` of each layer on Docker 20.10 (see
// __tests__/itg/waste.itg.test.ts, "crafted layer tars").

test('the archive ends at its end-of-archive marker: an eStargz TOC after it is not read', async () => {
  const archive = await packTar([file('a', Buffer.alloc(1000, 1)), file('b', 'hello')])
  // eStargz appends its table of contents as one more tar after the marker (plus an empty gzip
  // footer, nothing once decompressed).
  const toc = await packTar([file('stargz.index.json', '{"version":1,"entries":[]}')])
  const withToc = Buffer.concat([archive, toc])
  const s = await scan(withToc)
  assert.equal(s.size, 1005)
  assert.equal(s.fileCount, 2)
  assert.deepEqual(s.entries, [
    { path: 'a', type: 'file', size: 1000 },
    { path: 'b', type: 'file', size: 5 }
  ])
  assert.equal(s.tarBytes, withToc.length, 'every byte is still read (drained)')
  // Bytes that are no tar at all after the marker are not parsed either.
  const junk = Buffer.concat([archive, Buffer.from('not a tar header; '.repeat(64))])
  const j = await scan(junk)
  assert.equal(j.size, 1005)
  assert.equal(j.tarBytes, junk.length)
  // GNU tar pads the archive to a 10,240-byte record with more zero blocks.
  const padded = Buffer.concat([archive, Buffer.alloc(10240 - (archive.length % 10240))])
  assert.equal((await scan(padded)).size, 1005)
})

test('a lone zero block followed by a header is refused, as Go’s archive/tar refuses it', async () => {
  const archive = await packTar([file('a', Buffer.alloc(1000, 1)), file('b', 'hello')])
  const body = archive.subarray(0, archive.length - 1024)
  const next = await packTar([file('c', 'c')])
  await assert.rejects(
    scan(Buffer.concat([body, Buffer.alloc(512), next])),
    /cannot read the layer tar: a zero block at byte 2560 is followed by a header at byte 3072/
  )
})

const HEADER_ONLY: {
  type: Header['type']
  extra: Partial<Header>
  want: [string, string, number]
}[] = [
  { type: 'link', extra: { linkname: 'a' }, want: ['x', 'hardlink', 0] },
  { type: 'symlink', extra: { linkname: 'a' }, want: ['x', 'symlink', 1] },
  { type: 'directory', extra: {}, want: ['x', 'dir', 0] },
  { type: 'character-device', extra: { devmajor: 1, devminor: 3 }, want: ['x', 'other', 0] },
  { type: 'block-device', extra: { devmajor: 8, devminor: 0 }, want: ['x', 'other', 0] },
  { type: 'fifo', extra: {}, want: ['x', 'other', 0] }
]

test(
  'link, symlink, directory, device and FIFO headers with a size field carry no data',
  { timeout: 10_000 },
  async () => {
    for (const { type, extra, want } of HEADER_ONLY) {
      const buf = await packTar([
        file('a', Buffer.alloc(700, 1)),
        { header: { name: 'x', type, mtime: MTIME, ...extra } },
        file('after', Buffer.alloc(30, 2))
      ])
      // The second header starts after a's header and its 700 bytes padded to 1024.
      const header = buf.subarray(512 + 1024, 512 + 1024 + 512)
      setOctalSize(header, 1234)
      const s = await scan(buf)
      assert.equal(s.size, 730 + want[2], type)
      assert.equal(s.tarBytes, buf.length, type)
      assert.deepEqual(
        s.entries?.map(e => [e.path, e.type, e.size]),
        [['a', 'file', 700], want, ['after', 'file', 30]],
        type
      )
    }
  }
)

test('a PAX size record on a hardlink is ignored too', async () => {
  const buf = await packTar([
    file('a', Buffer.alloc(700, 1)),
    {
      header: { name: 'x', type: 'link', linkname: 'a', mtime: MTIME, pax: { size: '5000' } }
    } as never,
    file('after', Buffer.alloc(30, 2))
  ])
  assert.ok(buf.includes(Buffer.from('size=5000')), 'the test tar really carries the record')
  const s = await scan(buf)
  assert.equal(s.size, 730)
  assert.deepEqual(
    s.entries?.map(e => [e.path, e.type, e.size]),
    [
      ['a', 'file', 700],
      ['x', 'hardlink', 0],
      ['after', 'file', 30]
    ]
  )
})

test('chunk boundaries anywhere: headers, PAX records and the marker split across chunks', async () => {
  const long = 'deep/' + 'x'.repeat(150) + '/' + 'y'.repeat(120)
  const archive = await packTar([
    file(long, Buffer.alloc(777, 3)),
    { header: { name: 'h', type: 'link', linkname: long, mtime: MTIME, pax: { size: '99' } } },
    file('b', 'hello')
  ] as never)
  const toc = await packTar([file('stargz.index.json', '{}')])
  const whole = Buffer.concat([archive, toc])
  const want = await scan(whole)
  assert.equal(want.size, 782)
  assert.deepEqual(
    want.entries?.map(e => [e.path, e.type, e.size]),
    [
      [long, 'file', 777],
      ['h', 'hardlink', 0],
      ['b', 'file', 5]
    ]
  )
  for (const step of [1, 7, 511, 513]) {
    const parts: Buffer[] = []
    for (let i = 0; i < whole.length; i += step) parts.push(whole.subarray(i, i + step))
    assert.deepEqual(await scanLayer(streamOf(parts), { collectEntries: true }), want, `${step}`)
  }
})

test('a malformed PAX record is refused, as Go’s archive/tar refuses it', async () => {
  // "22" announces one byte more than the record holds.
  const packed = await packTar([file('GlobalHead', '22 comment=ignore me\n'), file('after', 'z')])
  packed[156] = 'g'.charCodeAt(0)
  fixChecksum(packed.subarray(0, 512))
  await assert.rejects(scan(packed), /the PAX header at byte 0 has a malformed record/)
})

test('a base-256 size field is decoded', async () => {
  const packed = await packTar([file('b256', Buffer.alloc(3000, 7)), file('next', 'n')])
  const header = packed.subarray(0, 512)
  setBase256Size(header, 3000)
  assert.equal(header[124], 0x80)
  const s = await scan(packed)
  assert.equal(s.size, 3001)
  assert.deepEqual(s.entries?.[0], { path: 'b256', type: 'file', size: 3000 })
})

test('a 9 GiB file (base-256 size) streams through with bounded memory', async () => {
  const size = 9 * 1024 ** 3
  const header = (await packTar([file('huge', '')])).subarray(0, 512)
  setBase256Size(header, size)
  const chunk = Buffer.alloc(4 * 1024 * 1024)
  function* parts() {
    yield header
    for (let left = size; left > 0; left -= chunk.length)
      yield chunk.subarray(0, Math.min(chunk.length, left))
    yield Buffer.alloc(1024)
  }
  const rssBefore = process.memoryUsage().rss
  const s = await scanLayer(streamOf(parts()), { collectEntries: false })
  assert.equal(s.size, size)
  assert.equal(s.tarBytes, 512 + size + 1024)
  assert.equal(s.entries, undefined)
  assert.ok(process.memoryUsage().rss - rssBefore < 200 * 1024 * 1024, 'memory stays bounded')
})

test('PAX GNU sparse (1.0): apparent size and real name come from the PAX records', async () => {
  const map = '1\n0\n0\n' // one region, offset 0, 0 bytes: an all-hole file
  const body = Buffer.alloc(512)
  body.write(map)
  const buf = await packTar([
    {
      header: {
        name: './GNUSparseFile.0/sparse.img',
        type: 'file',
        mtime: MTIME,
        pax: {
          'GNU.sparse.major': '1',
          'GNU.sparse.minor': '0',
          'GNU.sparse.name': 'sparse.img',
          'GNU.sparse.realsize': String(10 * 1024 ** 3)
        }
      } as never,
      body
    }
  ])
  const s = await scan(buf)
  assert.equal(s.size, 10 * 1024 ** 3)
  assert.deepEqual(s.entries, [{ path: 'sparse.img', type: 'file', size: 10 * 1024 ** 3 }])
})

test('devices and fifos count 0', async () => {
  const buf = await packTar([
    {
      header: { name: 'dev/null', type: 'character-device', devmajor: 1, devminor: 3, mtime: MTIME }
    },
    { header: { name: 'run/fifo', type: 'fifo', mtime: MTIME } }
  ])
  const s = await scan(buf)
  assert.equal(s.size, 0)
  assert.equal(s.fileCount, 2)
  assert.deepEqual(
    s.entries?.map(e => e.type),
    ['other', 'other']
  )
})

test('the empty layer tar (1024 zero bytes) is an empty layer', async () => {
  const s = await scan(Buffer.alloc(1024))
  assert.deepEqual(s, { size: 0, tarBytes: 1024, fileCount: 0, danglingLinks: 0, entries: [] })
})

test('collectEntries: false returns the same size without entries', async () => {
  const buf = await packTar([file('a', Buffer.alloc(10)), hardlink('b', 'a'), symlink('c', 'a')])
  const s = await scanLayer(Readable.from([buf]), { collectEntries: false })
  assert.equal(s.size, 11)
  assert.equal(s.entries, undefined)
  assert.equal(s.fileCount, 3)
})

test('errors: not a tar, truncated in a body, truncated at an entry boundary, bad opts', async () => {
  await assert.rejects(
    scan(Buffer.from('x'.repeat(1024))),
    /scanLayer: cannot read the layer tar: Invalid tar header/
  )
  const buf = await packTar([file('a', Buffer.alloc(5000)), file('b', 'b')])
  await assert.rejects(
    scan(buf.subarray(0, 2000)),
    /scanLayer: cannot read the layer tar: Unexpected end of data/
  )
  // cut just after the first entry's padded body: no end-of-archive blocks
  await assert.rejects(scan(buf.subarray(0, 512 + 5120)), /without its end-of-archive blocks/)
  await assert.rejects(
    scanLayer(Readable.from([buf]), undefined as never),
    /opts must be \{ collectEntries: boolean \}/
  )
})

test('a failing source stream rejects with its error', async () => {
  const src = new Readable({
    read() {
      this.destroy(new Error('disk on fire'))
    }
  })
  await assert.rejects(scanLayer(src, { collectEntries: false }), /disk on fire/)
})

test('an unknown type flag (old-GNU sparse S) is refused, not guessed', async () => {
  const packed = await packTar([file('s', Buffer.alloc(10))])
  const header = packed.subarray(0, 512)
  header[156] = 'S'.charCodeAt(0)
  fixChecksum(header)
  await assert.rejects(scan(packed), /entry "s" has a tar type flag that cannot be read/)
})

// File details (issue 9): modes, owners, mtimes, and the SHA-256 of every regular file's bytes,
// hashed on the hashing thread (src/image/hash-worker.ts). Oracle: node:crypto on the same bytes.

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('base64')
}

/** `buf` cut into chunks of `size` bytes (the last shorter). */
function chunked(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = []
  for (let off = 0; off < buf.length; off += size) out.push(buf.subarray(off, off + size))
  return out
}

/**
 * Scans with file details. `backlog`: every byte waits in front of the scan, so bodies are hashed
 * on the worker thread (OFFLOAD_BACKLOG); else the chunks come one at a time (an object-mode
 * stream: no backlog) and are hashed inline, as when `docker save` is slower than the scan.
 */
async function scanDetails(parts: Buffer[], backlog = true) {
  let src: Readable
  if (backlog) {
    const pt = new PassThrough({ highWaterMark: 1024 ** 3 })
    for (const p of parts) pt.write(p)
    pt.end()
    src = pt
  } else src = Readable.from(parts)
  return scanLayer(src, { collectEntries: true, fileDetails: true })
}

test('fileDetails: SHA-256 of each regular file’s bytes, whatever the chunking', async () => {
  const big = randomBytes(3 * BATCH_BYTES + 12345) // spans several batches of the thread
  const exact = randomBytes(BATCH_BYTES)
  const bodies: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['one', Buffer.from('x')],
    ['big.bin', big],
    ['empty2', Buffer.alloc(0)],
    ['exact.bin', exact],
    ...Array.from({ length: 3000 }, (_, i): [string, Buffer] => [
      `small/${i}`,
      randomBytes(1 + ((i * 7919) % 2000))
    ]),
    ['last', Buffer.from('the end')]
  ]
  const tarBuf = await packTar([
    dir('small/'),
    ...bodies.map(([name, body]) => ({
      header: {
        name,
        type: 'file' as const,
        mtime: new Date(1_700_000_000_500),
        mode: 0o4755,
        uid: 7,
        gid: 8
      },
      body
    })),
    symlink('link', 'one'),
    hardlink('hard', 'big.bin')
  ])
  const want = new Map(bodies.map(([name, body]) => [name, sha256(body)]))
  const cases = [tarBuf.length, 1024 * 1024, 65536, 4097, 512].flatMap(size => [
    { size, backlog: true },
    { size, backlog: false }
  ])
  for (const { size, backlog } of cases) {
    const how = `chunks of ${size}, ${backlog ? 'worker thread' : 'inline'}`
    const s = await scanDetails(chunked(tarBuf, size), backlog)
    const files = (s.entries ?? []).filter(e => e.type === 'file')
    assert.equal(files.length, bodies.length, how)
    for (const e of files) assert.equal(e.sha256, want.get(e.path), `${e.path}, ${how}`)
    const first = files[0]
    assert.deepEqual(
      { mode: first?.mode, uid: first?.uid, gid: first?.gid, mtime: first?.mtime },
      { mode: 0o4755, uid: 7, gid: 8, mtime: 1_700_000_000 }
    )
    const others = (s.entries ?? []).filter(e => e.type !== 'file')
    assert.ok(
      others.every(e => e.sha256 === undefined),
      'only regular files are hashed'
    )
  }
  assert.equal(want.get('empty'), EMPTY_SHA256)
})

test('fileDetails: a package database keeps its text and its hash', async () => {
  const status = 'Package: a\nInstalled-Size: 12\n\n'
  const s = await scanDetails([
    await packTar([file('var/lib/dpkg/status', status), file('etc/x', 'x')])
  ])
  const db = s.entries?.find(e => e.path === 'var/lib/dpkg/status')
  assert.equal(db?.text, status)
  assert.equal(db?.sha256, sha256(status))
  assert.equal(s.entries?.find(e => e.path === 'etc/x')?.sha256, sha256('x'))
})

test('fileDetails: layers scanned at once share the thread and get their own hashes', async () => {
  const layers = await Promise.all(
    [1, 2, 3].map(async n => {
      const bodies = Array.from({ length: 200 }, () => randomBytes(n * 10_000))
      return {
        bodies,
        tar: await packTar(bodies.map((b, i) => file(`f${i}`, b)))
      }
    })
  )
  const scans = await Promise.all(layers.map(l => scanDetails(chunked(l.tar, 100_000))))
  scans.forEach((s, n) => {
    const bodies = layers[n]?.bodies ?? []
    assert.deepEqual(
      s.entries?.map(e => e.sha256),
      bodies.map(b => sha256(b))
    )
  })
})

test('fileDetails: a 512 MiB file is hashed with bounded memory (backpressure from the thread)', async () => {
  const size = 512 * 1024 * 1024
  const header = (await packTar([file('huge', '')])).subarray(0, 512)
  setOctalSize(header, size)
  const chunk = Buffer.alloc(4 * 1024 * 1024)
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 255
  const oracle = createHash('sha256')
  function* parts() {
    yield header
    for (let left = size; left > 0; left -= chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, left))
      oracle.update(part)
      yield part
    }
    yield Buffer.alloc(1024)
  }
  const rssBefore = process.memoryUsage().rss
  let peak = rssBefore
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  try {
    const s = await scanLayer(streamOf(parts()), { collectEntries: true, fileDetails: true })
    assert.equal(s.entries?.[0]?.sha256, oracle.digest('base64'))
  } finally {
    clearInterval(timer)
  }
  // Copying runs ~10× faster than hashing: without backpressure most of the 512 MiB would queue.
  assert.ok(peak - rssBefore < 128 * 1024 * 1024, `peak RSS grew by ${peak - rssBefore} bytes`)
})

test('FileHashStream: congested past a few batches, room once the thread catches up', async () => {
  const h = new FileHashStream()
  const data = randomBytes((MAX_IN_FLIGHT + 3) * BATCH_BYTES)
  let got: string | undefined
  h.begin(d => (got = d))
  h.update(data)
  h.end()
  assert.equal(h.congested, true)
  assert.equal(h.busy, true)
  await h.room()
  assert.equal(h.congested, false)
  await h.flush()
  assert.equal(got, sha256(data))
})

test('fileDetails: a tar cut inside a hashed body rejects, and the thread serves the next scan', async () => {
  const buf = await packTar([file('a', randomBytes(3 * BATCH_BYTES)), file('b', 'b')])
  await assert.rejects(
    scanDetails(chunked(buf.subarray(0, 2 * BATCH_BYTES), 65536)),
    /scanLayer: cannot read the layer tar: Unexpected end of data/
  )
  const s = await scanDetails([await packTar([file('c', 'c')])])
  assert.equal(s.entries?.[0]?.sha256, sha256('c'))
})

test('the hashing thread never keeps a process alive, nor lets it exit while it works', () => {
  const here = dirname(fileURLToPath(import.meta.url))
  const scanUrl = pathToFileURL(join(here, '../../src/image/layer-scan.ts')).href
  const helpers = pathToFileURL(join(here, '../helpers/tar.ts')).href
  const script = `
    import { PassThrough } from 'node:stream'
    const { scanLayer } = await import(${JSON.stringify(scanUrl)})
    const { packTar } = await import(${JSON.stringify(helpers)})
    const tar = await packTar([{ header: { name: 'f', type: 'file' }, body: Buffer.alloc(3 << 20, 1) }])
    const s = await scanLayer(new PassThrough().end(tar), { collectEntries: true, fileDetails: true })
    process.stdout.write(s.entries[0].sha256)
  `
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000
  })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout, sha256(Buffer.alloc(3 << 20, 1)))
})
