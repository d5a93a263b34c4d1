/**
 * The run's markdown (src/report/run-markdown.ts): one table of images and platforms that leads
 * with the verdict, each entry's details folded below, one marker, hostile names inert, and the
 * whole body under GitHub's comment limit with the table whole. A run of one image renders byte
 * for byte as `renderMarkdown`.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GITHUB_COMMENT_MAX_LENGTH, renderMarkdown } from '../../src/report/markdown.ts'
import { entryKey, entryReport, renderRunMarkdown } from '../../src/report/run-markdown.ts'
import {
  RENDER_EXAMPLES,
  commentModeReport,
  goWebReport,
  grewWithFailingIncrease,
  manyLayersReport,
  passingNoBaseline
} from './markdown.fixtures.ts'
import {
  entry,
  grewAgainstBaseline,
  manyImages,
  run,
  threeImagesTwoPlatforms
} from './run.fixtures.ts'

const NBSP = '\u00a0'
const ZWSP = '\u200b'

/** The part above the first fold: marker, headline, table. */
function top(body: string): string {
  const at = body.indexOf('<details>')
  return at < 0 ? body : body.slice(0, at)
}

/** The run table's rows (header and alignment row included), cells trimmed, spaces normalised. */
function tableRows(body: string): string[][] {
  return top(body)
    .split('\n')
    .filter(line => line.startsWith('|'))
    .map(line =>
      line
        .slice(1, -1)
        .split('|')
        .map(cell => cell.trim().replaceAll(NBSP, ' ').replaceAll(ZWSP, ''))
    )
}

/** The `<summary>` of each entry's fold (not the folds inside them), in order. */
function foldSummaries(body: string): string[] {
  return Array.from(body.matchAll(/^<details><summary>(?!Details: )(.*?)<\/summary>/gm), m => m[1]!)
}

/** The content of the entry fold whose summary starts with `summaryStart`. */
function foldOf(body: string, summaryStart: string): string {
  const start = body.indexOf(`<details><summary>${summaryStart}`)
  assert.ok(start >= 0, `no fold ${summaryStart}`)
  // It ends where the next entry's fold (not one of its own inner folds) or the footnote starts.
  const after = body.slice(start + 1)
  const next = after.search(/\n<details><summary>(?!Details: )|\n<sub>Sizes uncompressed/)
  return body.slice(start, next < 0 ? undefined : start + 1 + next).trim()
}

describe('renderRunMarkdown: one entry', () => {
  for (const [name, example] of Object.entries(RENDER_EXAMPLES)) {
    test(`is renderMarkdown's body, byte for byte: ${name}`, () => {
      const { report, commentKey } = example()
      const r = run([entry('app', report.final.platform, report)])
      const opts = commentKey === undefined ? {} : { commentKey }
      assert.equal(renderRunMarkdown(r, opts), renderMarkdown(report, opts))
      assert.equal(
        renderRunMarkdown(r, { ...opts, minChange: 1_000 }),
        renderMarkdown(report, { ...opts, baseline: { minChange: 1_000 } })
      )
    })
  }

  test('entryReport gives back the schema-1 report the entry came from', () => {
    const report = grewWithFailingIncrease()
    const r = run([entry('app', report.final.platform, report)])
    assert.deepEqual(entryReport(r, r.images[0]!), report)
  })

  test('its trend follows the report', () => {
    const report = passingNoBaseline()
    const r = run([entry('app', 'linux/amd64', report)])
    const trend = '```mermaid\nxychart-beta\n```'
    const body = renderRunMarkdown(r, { trends: { [entryKey(r.images[0]!)]: trend } })
    assert.equal(body, `${renderMarkdown(report)}\n\n${trend}\n`)
  })
})

describe('renderRunMarkdown: several entries', () => {
  test('a table row per image and platform, breaching images first, platforms together', () => {
    const r = threeImagesTwoPlatforms()
    // Put the breaching image last in the spec: it still leads the table.
    r.images = [...r.images.slice(2), ...r.images.slice(0, 2)]
    const rows = tableRows(renderRunMarkdown(r))
    assert.deepEqual(rows, [
      ['image', 'arch', 'size', 'change'],
      [':--', ':--', '--:', '--:'],
      ['✅ api', 'amd64', '14.9 MB', '🎉 -2 MB (-11.8%)'],
      ['❌ api', 'arm64', '14.9 MB', '🚨 +7.39 MB (+98.2%)'],
      ['✅ worker', 'amd64', '8.53 MB', '—'],
      ['✅ worker', 'arm64', '8.53 MB', '—'],
      ['web', 'amd64', '8.53 MB', '—']
    ])
    assert.deepEqual(foldSummaries(renderRunMarkdown(r)), [
      '✅ api · linux/amd64 · 14.9 MB',
      '❌ api · linux/arm64 · 14.9 MB',
      '✅ worker · linux/amd64 · 8.53 MB',
      '✅ worker · linux/arm64 · 8.53 MB',
      'web · linux/amd64 · 8.53 MB'
    ])
  })

  test('the headline names the image, platform and budget that broke, and by how much', () => {
    const body = renderRunMarkdown(threeImagesTwoPlatforms(), { commentKey: 'ci' })
    const lines = body.split('\n')
    assert.equal(lines[0], '<!-- image-size-budget:ci -->')
    assert.equal(lines[2], '### ❌ <code>api</code> (linux/arm64) is over `max-size` by 1.22 MB')
    // 14,917,632 − 13,700,000 = 1,217,632 bytes over.
    assert.equal(grewAgainstBaseline(13_700_000).final.size - 13_700_000, 1_217_632)
  })

  test('several breaches: counted in the headline, each listed, the rest referred to the table', () => {
    const body = renderRunMarkdown(manyImages(50))
    // service-003, -010, -017, -024, -031, -038, -045: every seventh from 3.
    assert.match(body, /^### ❌ 7 of 50 images over budget$/m)
    const listed = body.match(
      /^- <code>service-\d+<\/code> \(linux\/amd64\) is over `max-size` by 4\.92 MB$/gm
    )
    assert.equal(listed?.length, 5)
    assert.match(body, /^- 2 more, marked ❌ in the table$/m)
  })

  test('one image on two platforms, one breaching twice: both budgets named', () => {
    const grew = grewWithFailingIncrease()
    const body = renderRunMarkdown(
      run([entry('app', 'linux/amd64', passingNoBaseline()), entry('app', 'linux/arm64', grew)])
    )
    assert.match(
      body,
      /^### ❌ <code>app<\/code> \(linux\/arm64\) is over `max-increase` \(uncompressed\) by 6\.39 MB$/m
    )
    const two = renderRunMarkdown(
      run([
        entry('app', 'linux/amd64', passingNoBaseline()),
        entry('app', 'linux/arm64', goWebReport())
      ])
    )
    // goWebReport: max-layers 2, 3 layers.
    assert.match(two, /^### ❌ <code>app<\/code> \(linux\/arm64\) is over `max-layers` by 1$/m)
  })

  test('passing and budget-less runs say so', () => {
    const pass = passingNoBaseline()
    const all = renderRunMarkdown(
      run([entry('a', 'linux/amd64', pass), entry('b', 'linux/amd64', pass)])
    )
    assert.match(all, /^### ✅ 2 images, all within budget$/m)
    const none = { ...pass, budgets: [], passed: true }
    const bare = renderRunMarkdown(
      run([entry('a', 'linux/amd64', none), entry('a', 'linux/arm64', none)])
    )
    assert.match(bare, /^### ℹ️ 1 image on 2 platforms, no budget set$/m)
  })

  test('one platform: no platform column; the compressed size when no change takes its room', () => {
    const pass = passingNoBaseline()
    const body = renderRunMarkdown(
      run([entry('a', 'linux/amd64', pass), entry('b', 'linux/amd64', pass)])
    )
    assert.deepEqual(tableRows(body), [
      ['image', 'size', 'compressed'],
      [':--', '--:', '--:'],
      ['✅ a', '8.53 MB', '≈4.64 MB'],
      ['✅ b', '8.53 MB', '≈4.64 MB']
    ])
    const withBaseline = renderRunMarkdown(
      run([entry('a', 'linux/amd64', pass), entry('b', 'linux/amd64', commentModeReport())])
    )
    assert.deepEqual(tableRows(withBaseline)[0], ['image', 'size', 'change'])
  })

  test('platforms on several OSes show whole; every table fits 4 columns', () => {
    const pass = passingNoBaseline()
    const body = renderRunMarkdown(
      run([entry('a', 'linux/amd64', pass), entry('a', 'windows/amd64', commentModeReport())])
    )
    const rows = tableRows(body)
    assert.deepEqual(
      rows.map(r => r[1]),
      ['platform', ':--', 'linux/amd64', 'windows/amd64']
    )
    for (const r of [
      threeImagesTwoPlatforms(),
      manyImages(3),
      run([entry('a', 'x', pass), entry('b', 'y', pass)])
    ]) {
      for (const row of tableRows(renderRunMarkdown(r))) assert.ok(row.length <= 4, row.join('|'))
    }
  })

  test('unchanged below min-change, shown again when max-increase fails', () => {
    const small = grewAgainstBaseline(30_000_000)
    const r = run([
      entry('a', 'linux/amd64', small),
      entry('b', 'linux/amd64', passingNoBaseline())
    ])
    // The change is 7,391,688 bytes.
    assert.equal(tableRows(renderRunMarkdown(r, { minChange: 8_000_000 }))[2]![2], 'unchanged')
    assert.equal(
      tableRows(renderRunMarkdown(r, { minChange: 7_000_000 }))[2]![2],
      '🚨 +7.39 MB (+98.2%)'
    )
  })

  test('one marker, one note on units, no headline inside a fold', () => {
    const body = renderRunMarkdown(threeImagesTwoPlatforms(), { commentKey: 'ci' })
    assert.equal(body.match(/<!-- image-size-budget:/g)?.length, 1)
    assert.equal(body.match(/image-size-budget 0\.1\.0<\/sub>/g)?.length, 1)
    assert.equal(body.match(/^### /gm)?.length, 1)
    // The platform lives in the fold's summary, not again in its context line.
    const fold = foldOf(body, '❌ api')
    assert.match(fold, /compared with registry\.example\/go-web:main/)
    assert.doesNotMatch(fold.split('\n').slice(1).join('\n'), /linux\/arm64/)
  })

  test('trends go inside their entry fold', () => {
    const r = threeImagesTwoPlatforms()
    const key = entryKey(r.images[3]!)
    const body = renderRunMarkdown(r, { trends: { [key]: 'TREND-OF-WORKER-ARM64' } })
    assert.equal(body.match(/TREND-OF-WORKER-ARM64/g)?.length, 1)
    assert.match(foldOf(body, '✅ worker · linux/arm64'), /TREND-OF-WORKER-ARM64\n\n<\/details>$/)
  })

  test('hostile names and platforms stay inert and keep the table whole', () => {
    // Short enough to show whole (names are shortened to 40 code points).
    const name = 'a|b <script>x</script> `id` @t #1\nz'
    const platform = 'linux/<b>arm64</b>|`v8`'
    const r = run([
      entry(name, platform, grewAgainstBaseline(13_700_000)),
      entry('ok', 'linux/amd64', passingNoBaseline())
    ])
    const body = renderRunMarkdown(r, { commentKey: 'k' })
    for (const row of tableRows(body)) assert.equal(row.length, 4, row.join('|'))
    // `#1` outside a character reference (`&#124;`) would link issue 1.
    assert.doesNotMatch(body, /<script|<b>|`id`|@t\b|#1(?!\d*;)/)
    assert.match(body, /@\u200dt #\u200d1/)
    for (const summary of foldSummaries(body)) assert.doesNotMatch(summary, /[<>`|\n]/)
    // The headline is one line and names the escaped image.
    const headline = body.split('\n')[2]!
    assert.match(headline, /^### ❌ <code>a&#124;b &lt;script&gt;x&lt;\/script&gt; &#96;id&#96;/)
    assert.match(headline, /is over `max-size` by 1\.22 MB$/)
  })

  test('invalid maxLength is refused', () => {
    assert.throws(() => renderRunMarkdown(manyImages(2), { maxLength: 0 }), /maxLength/)
    assert.throws(() => renderRunMarkdown(manyImages(2), { maxLength: 1.5 }), /maxLength/)
  })
})

describe('renderRunMarkdown: the length limit', () => {
  test('200 entries: at most 65,536 characters, the table whole, a note on the folds left out', () => {
    const r = manyImages(200)
    const body = renderRunMarkdown(r, { commentKey: 'ci' })
    assert.ok(body.length <= GITHUB_COMMENT_MAX_LENGTH, `${body.length}`)
    assert.equal(tableRows(body).length, 2 + 200)
    const kept = foldSummaries(body).length
    assert.ok(kept > 0 && kept < 200, `${kept} folds`)
    assert.match(
      body,
      new RegExp(
        `Details of ${200 - kept} of 200 images left out to stay under 65,536 characters: see the job summary or the JSON report`
      )
    )
    // The breaching images lead and keep their folds.
    assert.deepEqual(foldSummaries(body).slice(0, 3), [
      '❌ service-003 · linux/amd64 · 14.9 MB',
      '❌ service-010 · linux/amd64 · 14.9 MB',
      '❌ service-017 · linux/amd64 · 14.9 MB'
    ])
    assert.ok(body.endsWith('image-size-budget 0.1.0</sub>\n'))
  })

  test('folds are shortened before any is dropped; the largest are cut', () => {
    // 40 entries whose folds range from 20 to 137 layers: too long together, each short enough.
    const r = run(
      Array.from({ length: 40 }, (_, i) =>
        entry(`svc-${i}`, i % 2 ? 'linux/arm64' : 'linux/amd64', manyLayersReport(20 + i * 3))
      )
    )
    const full = renderRunMarkdown(r, { maxLength: 10_000_000 })
    assert.ok(full.length > GITHUB_COMMENT_MAX_LENGTH, `${full.length}`)
    const body = renderRunMarkdown(r)
    assert.ok(body.length <= GITHUB_COMMENT_MAX_LENGTH, `${body.length}`)
    assert.equal(foldSummaries(body).length, 40)
    assert.doesNotMatch(body, /images left out/)
    // The smallest fold is whole; the largest was cut (with the report's own note).
    const first = foldOf(body, '❌ svc-0 ·')
    const last = foldOf(body, '❌ svc-39 ·')
    assert.equal(first, foldOf(full, '❌ svc-0 ·'))
    assert.match(last, /Details cut to stay under the length limit of a GitHub comment/)
  })

  test('a limit smaller than the table cuts at a line, with a note, and stays under it', () => {
    const body = renderRunMarkdown(manyImages(40), { maxLength: 1_500 })
    assert.ok(body.length <= 1_500, `${body.length}`)
    assert.match(body, /The rest of this report was cut to stay under 1,500 characters/)
    assert.ok(body.startsWith('### ❌ 6 of 40 images over budget'))
  })
})
