/**
 * The CLI's size history: a local JSON Lines file appended by concurrent processes (the lock
 * file), `--history` runs on the real engine, `--markdown`, `--baseline history`, and the
 * `--history-page` page opened in headless Chromium (Debian's `chromium`), which must draw one
 * point per entry. The CLI runs from `src/bin.ts` (dist/ is bundled at the end).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { decodeHistory, MAX_HISTORY_BYTES, type HistoryEntry } from '../../src/history/entry.ts'
import { sizeText } from '../../src/history/trend.ts'
import { plainDecimal } from '../../src/units.ts'
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

/** `+9.25%`: the change as the trend prints it. */
function plainPct(change: number, from: number): string {
  return `+${plainDecimal((change / from) * 100, 3, 2)}%`
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
    // Schema 2 (one entry per image) or 1 (the image's report).
    const parsed = JSON.parse(pr.stdout)
    const report = parsed.images?.[0] ?? parsed
    assert.equal(report.baseline.size, web.size)
    assert.equal(report.baselineComparison.change, 200_000)
    assert.equal(report.build, undefined)
    const markdown = await readFile(markdownPath, 'utf8')
    assert.match(markdown, /<!-- image-size-budget:web -->/)
    assert.match(markdown, /### Size history/)
    assert.match(markdown, /x-axis \["[0-9a-f]{7}", "[0-9a-f]{7}"\]/)
    assert.match(markdown, /`max-size` could be tightened/)
    // --history-record false: still two entries.
    assert.equal(decodeHistory(await readFile(history, 'utf8'), history).entries.length, 2)
  })

  test('the terminal says what was recorded and shows the trend', async () => {
    const history = join(dir, 'terminal.jsonl')
    const head = await git(dir, 'rev-parse', 'HEAD')
    // An earlier commit's entry of the same image (a 100 kB smaller one).
    const size = await engineSize(tags[1]!)
    const earlier: HistoryEntry = {
      v: 1,
      commit: 'e'.repeat(40),
      time: '2026-01-01T00:00:00.000Z',
      name: 'web',
      platform: 'linux/amd64',
      size: size - 200_000,
      layers: [],
      budgets: []
    }
    await writeFile(history, JSON.stringify(earlier) + '\n')
    const r = await run(
      process.execPath,
      [BIN, '--image', tags[1]!, '--comment-key', 'web', '--history', history],
      dir
    )
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.split('\n').filter(l => l.startsWith('history: '))
    assert.deepEqual(lines.slice(0, 2), [
      `history: recorded web (linux/amd64) at ${head.slice(0, 7)} in ${history}`,
      `history: web (linux/amd64), uncompressed over the last 2 measurements: +200 kB (${plainPct(200_000, size - 200_000)}), from ${sizeText(size - 200_000)} (eeeeeee) to ${sizeText(size)} (${head.slice(0, 7)})`
    ])
    // With --json the lines go to stderr: stdout stays JSON.
    const json = await run(
      process.execPath,
      [BIN, '--image', tags[1]!, '--comment-key', 'web', '--history', history, '--json'],
      dir
    )
    assert.equal(json.code, 0, json.stderr)
    JSON.parse(json.stdout)
    assert.match(json.stderr, /^history: recorded web /m)
  })

  test('bad --drift-since and --history-page without --history fail before anything is measured', async () => {
    const missing = 'isb-local/no-such-image:never'
    const bad = await run(
      process.execPath,
      [BIN, '--image', missing, '--history', join(dir, 'x.jsonl'), '--drift-since', 'a..b'],
      dir
    )
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /Input drift-since: "a\.\.b" is not a date/)
    assert.doesNotMatch(bad.stderr, /no-such-image/)
    const page = await run(
      process.execPath,
      [BIN, '--image', missing, '--history-page', join(dir, 'site-x')],
      dir
    )
    assert.equal(page.code, 2)
    assert.match(page.stderr, /--history-page needs --history PATH/)
    const noDir = await run(
      process.execPath,
      [BIN, '--image', missing, '--history', join(dir, 'no-such-dir', 'h.jsonl')],
      dir
    )
    assert.equal(noDir.code, 2)
    assert.match(noDir.stderr, /--history: the directory of .* does not exist/)
  })

  test('--drift-since takes git revisions (HEAD~1); one that names nothing warns and keeps the trend', async () => {
    const history = join(dir, 'drift.jsonl')
    const base = await git(dir, 'rev-parse', 'HEAD~1')
    const size = await engineSize(tags[1]!)
    const at = (commit: string, bytes: number, day: number): HistoryEntry => ({
      v: 1,
      commit,
      time: new Date(Date.UTC(2026, 0, day)).toISOString(),
      name: 'web',
      platform: 'linux/amd64',
      size: bytes,
      layers: [],
      budgets: []
    })
    await writeFile(history, JSON.stringify(at(base, size - 300_000, 1)) + '\n')
    const args = (since: string): string[] => [
      BIN,
      '--image',
      tags[1]!,
      '--comment-key',
      'web',
      '--history',
      history,
      '--history-record',
      'false',
      '--drift-since',
      since
    ]
    const ok = await run(process.execPath, args('HEAD~1'), dir)
    assert.equal(ok.code, 0, ok.stderr)
    assert.match(
      ok.stdout,
      new RegExp(`^history: since HEAD~1 \\(${base.slice(0, 7)}, 2026-01-01\\): \\+300 kB`, 'm')
    )
    const unknown = await run(process.execPath, args('no-such-tag'), dir)
    assert.equal(unknown.code, 0, unknown.stderr)
    // Warned before the measurement, and again in the trend, which is still shown.
    assert.match(unknown.stderr, /warning: --drift-since: "no-such-tag" names no commit/)
    assert.match(unknown.stdout, /^history: web \(linux\/amd64\), uncompressed over the last 2/m)
    assert.match(unknown.stdout, /^history: drift-since: no-such-tag names no commit/m)
  })

  test('history problems warn and keep the report; a file over 16 MiB is trimmed, not fatal', async () => {
    // A path that cannot be read as a file: the run reports, warns, exits by its budgets.
    const asDir = join(dir, 'a-directory.jsonl')
    await mkdir(asDir)
    const broken = await run(
      process.execPath,
      [BIN, '--image', tags[0]!, '--history', asDir, '--max-size', '10MB'],
      dir
    )
    assert.equal(broken.code, 0, broken.stderr)
    assert.match(broken.stdout, /max-size/)
    assert.match(
      broken.stderr,
      /warning: --history: this run's entry was not recorded: History .*cannot read it/
    )

    // 100 images × 110 entries of 40 layers: 18.3 MB, over the 16 MiB a file keeps.
    const big = join(dir, 'big.jsonl')
    const layers = Array.from({ length: 40 }, (_, i): [string, number] => [
      `sha256:${i.toString(16).padStart(16, '0')}`,
      1_000_000 + i
    ])
    const lines: string[] = []
    for (let image = 0; image < 100; image++) {
      for (let n = 0; n < 110; n++) {
        const entry: HistoryEntry = {
          v: 1,
          commit: (image * 1000 + n).toString(16).padStart(40, 'a'),
          time: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(),
          name: `image-${image}`,
          platform: 'linux/amd64',
          size: 10_000_000 + n,
          compressedSize: 3_333_333,
          compressedExact: false,
          layers,
          budgets: []
        }
        lines.push(JSON.stringify(entry))
      }
    }
    await writeFile(big, lines.join('\n') + '\n')
    assert.ok((await stat(big)).size > MAX_HISTORY_BYTES)
    const r = await run(
      process.execPath,
      [
        BIN,
        '--image',
        tags[0]!,
        '--comment-key',
        'image-3',
        '--history',
        big,
        '--max-size',
        '10MB'
      ],
      dir
    )
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /max-size/) // the report
    assert.match(r.stderr, /warning: --history: .* more than the 16777216 a history file keeps/)
    assert.match(r.stderr, /warning: History .*only the newest \d+ entries of each image are kept/)
    assert.match(r.stdout, /^history: recorded image-3 /m)
    assert.ok((await stat(big)).size <= MAX_HISTORY_BYTES)
    const after = decodeHistory(await readFile(big, 'utf8'), big).entries
    assert.equal(after.at(-1)?.size, await engineSize(tags[0]!))
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
