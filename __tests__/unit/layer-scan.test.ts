import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { normalizeTarPath, scanLayer } from '../../src/image/layer-scan.ts'
import { fixChecksum, packTar, setBase256Size, streamOf } from '../helpers/tar.ts'

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
    file('GlobalHead', '22 comment=ignore me\n'),
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
