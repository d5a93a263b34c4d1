/**
 * The CLI's size history: a local JSON Lines file appended by concurrent processes (the lock
 * file), `--history` runs on the real engine, `--markdown`, `--baseline history`, and the
 * `--history-page` page opened in headless Chromium (Debian's `chromium`), which must draw one
 * point per entry. The CLI runs from `src/bin.ts` (dist/ is bundled at the end).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { decodeHistory, type HistoryEntry } from '../../src/history/entry.ts'
import {
  LOCAL_BUSYBOX,
  buildImage,
  engineSize,
  removeImages,
  uniqueTag
} from '../helpers/docker.ts'
import { IN_CI } from '../helpers/engines.ts'

const BIN = new URL('../../src/bin.ts', import.meta.url).pathname
const FILE_STORE = new URL('../../src/history/file-store.ts', import.meta.url).pathname
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(p => existsSync(p))

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      cmd,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      }
    )
  })
}

async function git(dir: string, ...args: string[]): Promise<string> {
  const r = await run('git', args, dir, {
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@example.com'
  })
  assert.equal(r.code, 0, r.stderr)
  return r.stdout.trim()
}

describe('CLI size history (local file, real engine, headless Chromium)', () => {
  let dir: string
  const tags: string[] = []

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'isb-history-cli-'))
    await git(dir, 'init', '-q', '-b', 'main')
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'one')
    for (const kb of [100, 300]) {
      const tag = uniqueTag(`history-cli-${kb}`)
      await buildImage({
        dockerfile: `FROM ${LOCAL_BUSYBOX}\nCOPY blob /blob\n`,
        tag,
        files: { blob: Buffer.alloc(kb * 1000, kb) }
      })
      tags.push(tag)
    }
  })
  after(async () => {
    await removeImages(...tags)
    await rm(dir, { recursive: true, force: true })
  })

  test('two processes appending 25 entries each at once: all 50 land', async () => {
    const path = join(dir, 'stress.jsonl')
    const script = join(dir, 'append.ts')
    await writeFile(
      script,
      `import { appendToHistoryFile } from ${JSON.stringify(FILE_STORE)}
const [path, who] = process.argv.slice(2)
const log = { info() {}, debug() {}, warning(m) { console.error(m) }, group: (_n, f) => f() }
for (let i = 0; i < 25; i++) {
  const commit = (who + i.toString(16)).padStart(40, '0')
  await appendToHistoryFile(path, { v: 1, commit, time: new Date().toISOString(), name: 'img', platform: 'linux/amd64', size: i, layers: [], budgets: [] }, { log })
}
`
    )
    const node = process.execPath
    const [a, b] = await Promise.all([
      run(node, [script, path, 'a'], dir),
      run(node, [script, path, 'b'], dir)
    ])
    assert.equal(a.code, 0, a.stderr)
    assert.equal(b.code, 0, b.stderr)
    const { entries, skipped } = decodeHistory(await readFile(path, 'utf8'), path)
    assert.deepEqual(skipped, [])
    assert.equal(entries.length, 50)
    assert.equal(new Set(entries.map(e => e.commit)).size, 50)
    assert.equal(existsSync(`${path}.lock`), false)
  })

  test('two concurrent --history runs both land; --markdown carries the trend', async () => {
    const history = join(dir, 'history.jsonl')
    const runs = await Promise.all(
      ['web', 'worker'].map((key, i) =>
        run(
          process.execPath,
          [
            BIN,
            '--image',
            tags[i]!,
            '--comment-key',
            key,
            '--history',
            history,
            '--max-size',
            '10MB'
          ],
          dir
        )
      )
    )
    for (const r of runs) assert.equal(r.code, 0, r.stderr)
    const head = await git(dir, 'rev-parse', 'HEAD')
    const entries: HistoryEntry[] = decodeHistory(await readFile(history, 'utf8'), history).entries
    assert.deepEqual(entries.map(e => e.name).sort(), ['web', 'worker'])
    assert.ok(entries.every(e => e.commit === head))
    const web = entries.find(e => e.name === 'web')!
    assert.equal(web.size, await engineSize(tags[0]!))

    // A new commit on a branch: compared with HEAD's ancestor's entry, nothing built.
    await git(dir, 'checkout', '-q', '-b', 'feature')
    await git(dir, 'commit', '-q', '--allow-empty', '-m', 'two')
    const markdownPath = join(dir, 'comment.md')
    const pr = await run(
      process.execPath,
      [
        BIN,
        '--image',
        tags[1]!,
        '--comment-key',
        'web',
        '--history',
        history,
        '--history-record',
        'false',
        '--baseline',
        'history',
        '--markdown',
        markdownPath,
        '--max-size',
        '10MB',
        '--json'
      ],
      dir
    )
    assert.equal(pr.code, 0, pr.stderr)
    const report = JSON.parse(pr.stdout)
    assert.equal(report.baseline.size, web.size)
    assert.equal(report.baselineComparison.change, 200_000)
    assert.equal(report.build, undefined)
    const markdown = await readFile(markdownPath, 'utf8')
    assert.match(markdown, /<!-- image-size-budget:web -->/)
    assert.match(markdown, /### Size history/)
    assert.match(markdown, /x-axis \["[0-9a-f]{7}", "this run [0-9a-f]{7}"\]/)
    assert.match(markdown, /`max-size` could be tightened/)
    // --history-record false: still two entries.
    assert.equal(decodeHistory(await readFile(history, 'utf8'), history).entries.length, 2)
  })

  test('the page, opened in headless Chromium, draws one point per entry', async t => {
    if (!CHROMIUM) {
      if (IN_CI) assert.fail('chromium is missing (scripts/setup.sh installs it)')
      t.skip('chromium is not installed')
      return
    }
    // A history of 7 entries for one image and 3 for another, then the page from the CLI.
    const history = join(dir, 'page.jsonl')
    const lines: HistoryEntry[] = []
    for (let i = 0; i < 10; i++) {
      lines.push({
        v: 1,
        commit: (i + 1).toString(16).padStart(40, 'c'),
        time: new Date(Date.UTC(2026, 0, i + 1)).toISOString(),
        name: i < 7 ? 'web' : 'worker </script><b>x</b>',
        platform: 'linux/amd64',
        size: 10_000_000 + i * 250_000,
        compressedSize: 3_000_000 + i * 50_000,
        compressedExact: true,
        layers: [],
        budgets: []
      })
    }
    await writeFile(history, lines.map(l => JSON.stringify(l)).join('\n') + '\n')
    const pageDir = join(dir, 'site')
    const r = await run(
      process.execPath,
      [
        BIN,
        '--image',
        tags[0]!,
        '--history',
        history,
        '--history-record',
        'false',
        '--history-page',
        pageDir
      ],
      dir,
      { GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/app' }
    )
    assert.equal(r.code, 0, r.stderr)
    const page = join(pageDir, 'index.html')
    const flags = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'chromium-profile')}`,
      '--virtual-time-budget=5000'
    ]
    const dom = await run(CHROMIUM, [...flags, '--dump-dom', `file://${page}`], dir)
    assert.equal(dom.code, 0, dom.stderr)
    assert.match(dom.stdout, /<body data-ready="true">/)
    const points = [...dom.stdout.matchAll(/class="chart" id="chart-(\d+)" data-points="(\d+)"/g)]
    assert.deepEqual(
      points.map(m => Number(m[2])),
      [7, 3]
    )
    assert.equal((dom.stdout.match(/<canvas /g) ?? []).length, 2)
    // The name stays text, every row links its commit.
    assert.match(dom.stdout, /worker &lt;\/script&gt;&lt;b&gt;x&lt;\/b&gt;/)
    assert.equal(
      (
        dom.stdout.match(/href="https:\/\/github\.example\/acme\/app\/commit\/c{39}[0-9a-f]"/g) ??
        []
      ).length,
      10
    )
    // A screenshot: a PNG of the page (looked at by hand when the page changes).
    const shot = join(dir, 'page.png')
    const s = await run(
      CHROMIUM,
      [...flags, '--window-size=1100,1000', `--screenshot=${shot}`, `file://${page}`],
      dir
    )
    assert.equal(s.code, 0, s.stderr)
    const png = await readFile(shot)
    assert.equal(png.subarray(1, 4).toString(), 'PNG')
    assert.ok((await stat(shot)).size > 20_000)
  })
})
