/**
 * The two finding rules the changes test does not reach, through the whole pipeline with the
 * default engine (issue 9): `build-toolchain` (a multi-stage Dockerfile whose final stage is still
 * the Go toolchain image) and `duplicate-content` (the same bytes at several paths). Each finding's
 * bytes are checked against the filesystem the engine materialises: `docker run` on the built
 * image, with busybox `stat` (sizes, inodes) and `sha256sum` inside the container.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import type { Report } from '../../src/model.ts'
import { evaluate } from '../../src/pipeline.ts'
import { LOCAL_BUSYBOX, LOCAL_GO, docker, makeContext, removeImages } from '../helpers/docker.ts'

const made: string[] = []
const dirs: string[] = []

after(async () => {
  await removeImages(...made)
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** Builds and measures the Dockerfile text with `files` as context; keeps the images for the oracle. */
async function evaluateDockerfile(
  dockerfile: string,
  files: Record<string, string | Buffer> = {}
): Promise<Report> {
  const dir = await makeContext({ ...files, Dockerfile: dockerfile })
  dirs.push(dir)
  const values: Record<string, string> = {
    context: dir,
    file: join(dir, 'Dockerfile'),
    compressed: 'none',
    'keep-images': 'true'
  }
  const report = await evaluate(
    parseInputs(name => values[name] ?? ''),
    { log: silentLog, workspace: dir }
  )
  made.push(report.final.ref, ...(report.builder ? [report.builder.ref] : []))
  return report
}

/** `stat` inside a container of `image`: path → [inode, bytes] (lstat: a symlink is its target's length). */
async function statInImage(image: string, script: string): Promise<[string, number, number][]> {
  const out = await docker(['run', '--rm', '--entrypoint', 'sh', image, '-c', script])
  return out
    .trim()
    .split('\n')
    .filter(line => line !== '')
    .map(line => {
      const [inode, size, ...name] = line.split(' ')
      return [name.join(' '), Number(inode), Number(size)]
    })
}

test('build-toolchain: the Go toolchain left in a final stage FROM the SDK image, bytes as the container sees them', async () => {
  const dockerfile = [
    `FROM ${LOCAL_GO} AS build`,
    `RUN printf 'package main\\n\\nfunc main() {}\\n' > /go/main.go && go build -o /go/app /go/main.go`,
    '',
    `FROM ${LOCAL_GO}`,
    'COPY --from=build /go/app /usr/local/bin/app',
    'CMD ["app"]',
    ''
  ].join('\n')
  const report = await evaluateDockerfile(dockerfile)
  const roots = [
    // Debian's layout: the binaries under usr/lib/go-1.19, the sources linked from it.
    '/usr/lib/go-1.19/',
    '/usr/share/go-1.19/api/',
    '/usr/share/go-1.19/misc/',
    '/usr/share/go-1.19/pkg/include/',
    '/usr/share/go-1.19/src/',
    '/usr/share/go-1.19/test/'
  ]
  const findings = (report.findings ?? []).map(f => [f.rule, f.paths, f.source?.line])
  // The toolchain comes with the base image: the fix is on the final stage's FROM line.
  assert.deepEqual(findings, [['build-toolchain', roots, 4]])
  const [finding] = report.findings ?? []
  assert.equal(finding?.source?.instruction, `FROM ${LOCAL_GO}`)
  assert.match(finding?.message ?? '', /^Go toolchain in the final image \(\d+ files\)/)

  // Oracle: every non-directory under the roots in a container of the final image, each inode
  // once (find does not follow the links, so the linked trees are listed from their own roots).
  const stats = await statInImage(
    report.final.ref,
    `find ${roots.map(r => r.slice(0, -1)).join(' ')} ! -type d -exec stat -c '%i %s %n' {} +`
  )
  const inodes = new Map(stats.map(([, inode, size]) => [inode, size]))
  const bytes = [...inodes.values()].reduce((s, n) => s + n, 0)
  assert.ok(bytes > 400_000_000, `the Go toolchain is ~470 MB, the container shows ${bytes}`)
  assert.equal(finding?.bytes, bytes)
  assert.match(finding?.message ?? '', new RegExp(`\\(${stats.length} files\\)`))
})

test('duplicate-content: the same bytes at several paths, hardlinks once, small copies ignored', async () => {
  const COPY = 300_000
  const BLOB = 200_000
  const dockerfile = [
    `FROM ${LOCAL_BUSYBOX}`,
    `RUN head -c ${COPY} /dev/urandom > /a && cp /a /b && cp /a /c && ln /a /d`,
    'COPY blob /opt/blob',
    'RUN cp /opt/blob /opt/blob.bak && head -c 1000 /dev/urandom > /s1 && cp /s1 /s2',
    ''
  ].join('\n')
  const report = await evaluateDockerfile(dockerfile, { blob: randomBytes(BLOB) })
  const findings = (report.findings ?? []).map(f => [f.rule, f.bytes, f.paths, f.source?.line])
  assert.deepEqual(findings, [
    // /d is a hardlink of /a: one copy. The newest copy's line is the one to change.
    ['duplicate-content', 2 * COPY, ['/a', '/b', '/c'], 2],
    ['duplicate-content', BLOB, ['/opt/blob', '/opt/blob.bak'], 4]
  ])
  assert.match(report.findings?.[0]?.source?.instruction ?? '', /^RUN head -c 300000/)
  assert.match(report.findings?.[1]?.source?.instruction ?? '', /^RUN cp \/opt\/blob/)

  // Oracle: sha256sum and stat in a container of the image. Per content: (distinct inodes − 1) ×
  // size is what dropping the extra copies saves.
  const paths = ['/a', '/b', '/c', '/d', '/opt/blob', '/opt/blob.bak', '/s1', '/s2']
  const sums = await docker(['run', '--rm', report.final.ref, 'sha256sum', ...paths])
  const hashOf = new Map(
    sums
      .trim()
      .split('\n')
      .map(line => {
        const [hash, path] = line.split(/\s+/)
        return [path ?? '', hash ?? '']
      })
  )
  const stats = await statInImage(report.final.ref, `stat -c '%i %s %n' ${paths.join(' ')}`)
  const groups = new Map<string, { size: number; inodes: Set<number> }>()
  for (const [path, inode, size] of stats) {
    const hash = hashOf.get(path) ?? ''
    const g = groups.get(hash) ?? { size, inodes: new Set() }
    g.inodes.add(inode)
    groups.set(hash, g)
  }
  const saved = [...groups.values()]
    .filter(g => g.size >= 64_000)
    .map(g => (g.inodes.size - 1) * g.size)
    .sort((a, b) => b - a)
  assert.deepEqual(saved, [2 * COPY, BLOB])
  assert.deepEqual(
    (report.findings ?? []).map(f => f.bytes),
    saved
  )
  // The small pair is a duplicate too, below the reporting threshold.
  assert.equal(hashOf.get('/s1'), hashOf.get('/s2'))
})
