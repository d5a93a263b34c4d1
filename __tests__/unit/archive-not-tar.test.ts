/** What a file given as `docker-archive:` that is not a tar archive is called. */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { readImage } from '../../src/image/read.ts'
import { parseImageSource } from '../../src/image/source.ts'
import { packTar } from '../helpers/tar.ts'

let dir: string
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'isb-not-tar-'))
})
after(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function readArchive(bytes: Buffer | string): Promise<unknown> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.tar`)
  await writeFile(path, bytes)
  return readImage(parseImageSource(`docker-archive:${path}`, 'image'), {
    compress: false,
    collectEntries: false
  })
}

test('a 16-byte text file is "not a tar archive", not "truncated"', async () => {
  const text = 'hello, not a tar'
  assert.equal(Buffer.byteLength(text), 16)
  await assert.rejects(
    readArchive(text),
    /docker-archive:.*: not a tar archive \(16 bytes, shorter than one 512-byte tar header\)/
  )
})

test('a real tar cut inside its first entry is still "truncated"', async () => {
  const tar = await packTar([{ header: { name: 'manifest.json' }, body: Buffer.alloc(4000, 'x') }])
  await assert.rejects(readArchive(tar.subarray(0, 1500)), /the archive is truncated/)
})
