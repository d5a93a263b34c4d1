/**
 * The report stays small on an image with 100,000 files (issue 9): its file tree summary (the
 * part that grows with the image) is bounded, the whole report loads back as a baseline (schema
 * validated), and a diff against that report folds the 100,000 files into a few rows.
 */
import assert from 'node:assert/strict'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { loadBaselineReport } from '../../src/baseline/report.ts'
import { parseInputs } from '../../src/inputs.ts'
import { silentLog } from '../../src/log.ts'
import type { Report } from '../../src/model.ts'
import { evaluate } from '../../src/pipeline.ts'
import { LOCAL_BUSYBOX, makeContext, removeImages } from '../helpers/docker.ts'

const FILES = 100_000
const DOCKERFILE = [
  `FROM ${LOCAL_BUSYBOX}`,
  // 100,000 files of 7 bytes ("f00001\n"…) in 100 directories, plus one 1 MB file.
  `RUN i=0; while [ $i -lt ${FILES} ]; do d=/data/d$((i % 100)); [ -d $d ] || mkdir -p $d; printf "f%05d\\n" $i > $d/f$i; i=$((i+1)); done`,
  'RUN head -c 1000000 /dev/zero > /data/big',
  ''
].join('\n')

let dir: string
let report: Report
const made: string[] = []

before(async () => {
  dir = await makeContext({ Dockerfile: DOCKERFILE })
  report = await evaluate(
    parseInputs(name => ({ context: dir, compressed: 'none', 'keep-images': 'true' })[name] ?? ''),
    { log: silentLog, workspace: dir }
  )
  made.push(report.final.ref)
})

after(async () => {
  await removeImages(...made)
  await rm(dir, { recursive: true, force: true })
})

test('an image of 100,000 files: the report stays under its cap and loads back', async () => {
  const tree = report.final.fileTree
  assert.ok(tree)
  // The oracle for the file count: what the layer scan counted (every regular file once).
  const json = JSON.stringify(report)
  assert.ok(json.length < 200_000, `report: ${json.length} bytes`)
  assert.deepEqual(
    tree.files,
    [
      ['bin/busybox', tree.files.find(f => f[0] === 'bin/busybox')?.[1] ?? -1],
      ['data/big', 1_000_000]
    ].sort((a, b) => (b[1] as number) - (a[1] as number))
  )
  // 100,000 × 7 bytes gathered in /data (each of the 100 directories holds 7 kB, under 64 kB).
  assert.deepEqual(
    tree.dirs.find(d => d[0] === 'data'),
    ['data', FILES * 7, FILES]
  )
  const path = join(dir, 'report.json')
  await writeFile(path, json)
  const loaded = await loadBaselineReport(path)
  assert.deepEqual(loaded.final.fileTree, tree)
  process.stderr.write(
    `100,000-file image: report ${json.length} bytes, file tree ${JSON.stringify(tree).length} bytes\n`
  )
})
