/**
 * The markdown report: snapshots of whole bodies, and properties that must hold for any body —
 * hostile text stays inert, tables keep their shape, long bodies stay under GitHub's limit.
 * Snapshots: `node --test --test-update-snapshots __tests__/unit/markdown.test.ts` rewrites
 * `markdown.test.ts.snapshot` beside this file.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { compareToBaseline, diffLayers } from '../../src/report/baseline.ts'
import { codeText, commentMarker, escapeMarkdown, shorten } from '../../src/report/escape.ts'
import {
  GITHUB_COMMENT_MAX_LENGTH,
  builtWith,
  changeIcon,
  changeText,
  renderMarkdown
} from '../../src/report/markdown.ts'
import type { Layer, Report } from '../../src/model.ts'
import {
  HOSTILE,
  RENDER_EXAMPLES,
  commentModeReport,
  goWebReport,
  grewWithFailingIncrease,
  hostileReport,
  manyLayersReport,
  passingNoBaseline,
  withBaseline
} from './markdown.fixtures.ts'

const ZWJ = '\u200d'

/** Each markdown table (consecutive lines starting with `|`) as arrays of rows. */
function tables(body: string): string[][] {
  const out: string[][] = []
  let current: string[] = []
  for (const line of body.split('\n')) {
    if (line.startsWith('|')) current.push(line)
    else if (current.length > 0) {
      out.push(current)
      current = []
    }
  }
  if (current.length > 0) out.push(current)
  return out
}

/** Raw pipes a GFM table splits on: every `|` not preceded by a backslash. */
function cellSeparators(row: string): number {
  return (row.match(/(?<!\\)\|/g) ?? []).length
}

/** What a reader sees without expanding anything: the body without the `<details>` contents. */
function visible(body: string): string {
  return body.replace(/(<details><summary>.*?<\/summary>)[\s\S]*?<\/details>/g, '$1')
}

/** The collapsed part: the contents of every `<details>`. */
function folded(body: string): string {
  return Array.from(body.matchAll(/<details>([\s\S]*?)<\/details>/g), m => m[1]).join('\n')
}

/** The line that starts with `###` (the headline). */
function headline(body: string): string {
  return body.split('\n').find(line => line.startsWith('###')) ?? ''
}

function assertTablesWellFormed(body: string): void {
  const all = tables(body)
  assert.ok(all.length > 0, 'expected at least one table')
  for (const rows of all) {
    const width = cellSeparators(rows[0] as string)
    assert.match(rows[1] as string, /^\|(:?-+:?\|)+$/, `delimiter row of ${rows[0]}`)
    for (const row of rows) {
      assert.equal(cellSeparators(row), width, `row has ${cellSeparators(row)} pipes: ${row}`)
      assert.ok(row.endsWith('|'), `row ends with a pipe: ${row}`)
    }
  }
}

describe('renderMarkdown snapshots', () => {
  test('go-web example: builder vs final, budgets, waste, layers', t => {
    t.assert.snapshot(renderMarkdown(goWebReport()))
  })

  test('with a baseline and a comment key', t => {
    t.assert.snapshot(
      renderMarkdown(withBaseline(goWebReport()), {
        commentKey: 'examples/go-web/Dockerfile:final',
        baseline: { label: 'main' }
      })
    )
  })

  test('issue 9 example: a baseline that grew, max-increase failing', t => {
    t.assert.snapshot(
      renderMarkdown(grewWithFailingIncrease(), { commentKey: 'examples/go-web/Dockerfile:final' })
    )
  })

  test('hostile text from the image, the Dockerfile and the report', t => {
    t.assert.snapshot(renderMarkdown(hostileReport(), { commentKey: 'x --> <script>' }))
  })

  test('single-stage image without budgets, compression or waste', t => {
    const report = goWebReport()
    const bare: Report = {
      ...report,
      builder: undefined,
      comparison: undefined,
      stageChoice: {
        target: 'final',
        candidates: [],
        reason: 'the Dockerfile has a single stage'
      },
      final: {
        ...report.final,
        compressed: undefined,
        waste: undefined,
        base: undefined,
        layers: report.final.layers.map(l => ({ ...l, compressedSize: undefined }))
      },
      budgets: [],
      passed: true
    }
    t.assert.snapshot(renderMarkdown(bare))
  })
})

describe('renderMarkdown content', () => {
  test('headline, context line, failing budget; the rest folded', () => {
    const body = renderMarkdown(goWebReport())
    const lines = body.split('\n')
    assert.equal(lines[0], '### ❌ <code>final</code>: 14.9 MB')
    assert.equal(
      lines[2],
      '<code>examples/go-web/Dockerfile</code> · linux/amd64 · compressed 8.24 MB (estimate)'
    )
    assert.ok(body.includes('**1 of 3 budgets exceeded**'))
    assert.ok(body.includes('- ❌ `max-layers`: limit 2, over by 1'))
    const fold = folded(body)
    assert.ok(fold.includes('| `max-ratio` | 5% | 3.23% | ✅ |'))
    assert.ok(fold.includes('| `max-layers` | 2 | 3 | ❌ |'))
    assert.ok(fold.includes('| final <code>final</code> | 14.9 MB | ≈8.24 MB |'))
    assert.ok(fold.includes('| builder <code>build</code> | 461 MB | — |'))
    assert.ok(fold.includes('96.8% saved'))
    assert.ok(fold.includes('the final image is 3.23% of the builder'))
    assert.ok(fold.includes('**Wasted space:** 6.39 MB removable; efficiency 50%'))
    assert.ok(fold.includes('1 MB = 10<sup>6</sup> bytes'), 'units footnote')
    assert.ok(!visible(body).includes('Wasted space'), 'waste is folded')
    assertTablesWellFormed(body)
  })

  test('exact compressed sizes carry no estimate label', () => {
    const report = goWebReport()
    report.final.compressed = { size: 8_244_858, exact: true }
    const body = renderMarkdown(report)
    assert.ok(body.includes('· compressed 8.24 MB\n'))
    assert.ok(body.includes('| final <code>final</code> | 14.9 MB | 8.24 MB |'))
    assert.ok(!body.includes('8.24 MB (estimate)') && !body.includes('≈8'))
  })

  test('verdicts: passed, failed, no budget', () => {
    const report = goWebReport()
    assert.match(renderMarkdown(report), /^### ❌ /m)
    report.budgets = report.budgets.filter(b => b.passed)
    report.passed = true
    const passed = renderMarkdown(report)
    assert.match(passed, /^### ✅ /m)
    assert.ok(passed.includes(' · within all 2 budgets\n'))
    assert.ok(!passed.includes('exceeded'))
    report.budgets = []
    const none = renderMarkdown(report)
    assert.match(none, /^### ℹ️ /m)
    assert.ok(none.includes(' · no budget set\n'))
  })

  test('baseline: headline change, the layers that grew (visible), sizes and layers (folded)', () => {
    const report = withBaseline(goWebReport())
    const body = renderMarkdown(report, { baseline: { label: 'main' } })
    const change = report.final.size - (report.baseline?.size ?? 0)
    assert.equal(change, 7_391_688)
    assert.equal(headline(body), '### ❌ <code>final</code>: 14.9 MB, 🚨 +7.39 MB (+98.2%) vs main')
    const shown = visible(body)
    // Layer 2 (line 15) matched the baseline's line 15 and grew most; layer 1 is the COPY, +1 MB.
    const line15 = shown.indexOf(
      '- **+6.39 MB** <code>examples/go-web/Dockerfile:15</code> <code>RUN chmod 0755 /app</code> (120 B → 6.39 MB)'
    )
    const line14 = shown.indexOf(
      '- **+1 MB** <code>examples/go-web/Dockerfile:14</code> <code>COPY --from=build /out/app /app</code> (5.39 MB → 6.39 MB)'
    )
    assert.ok(line15 > 0 && line14 > line15, 'largest growth first, both visible')
    const fold = folded(body)
    assert.ok(
      fold.includes('| main <code>registry.example/go-web:main</code> | 7.53 MB | ≈4.14 MB |')
    )
    assert.ok(fold.includes('| change | +7.39 MB (+98.2%) | +4.1 MB (+99%) |'))
    assert.ok(/^\| 0: base .*\| — \|$/m.test(fold), 'same layer unchanged')
    assert.ok(/^\| 1: .*COPY --from=build .*\| \+1 MB \|$/m.test(fold), 'grown COPY layer')
    assertTablesWellFormed(body)
  })

  test('a change below min-change reads "unchanged"', () => {
    const report = withBaseline(goWebReport())
    const baseline = report.baseline
    assert.ok(baseline)
    baseline.size = report.final.size - 999
    const body = renderMarkdown(report, { baseline: { minChange: 1_000 } })
    assert.match(body, /^### .*: 14\.9 MB, unchanged vs registry\.example\/go-web:main$/m)
    assert.ok(body.includes('unchanged: +999 bytes, below min-change 1 kB'))
    assert.ok(!visible(body).includes('What changed'), 'nothing to explain')
    const strict = renderMarkdown(report, { baseline: { minChange: 999 } })
    assert.match(strict, /^### .*, 📈 \+999 B \(\+0\.0067%\) vs registry\.example\/go-web:main$/m)
  })

  test('report.baselineComparison is used when the baseline comes from the report', () => {
    const report = withBaseline(goWebReport())
    report.baselineComparison = { change: -2_000_000, changePercent: -10 }
    assert.match(renderMarkdown(report), /^### .*, 🎉 -2 MB \(-10%\) vs /m)
  })
})

describe('issue 9: a comment that leads with the answer', () => {
  const examples = Object.entries(RENDER_EXAMPLES).map(([name, make]) => {
    const { report, commentKey } = make()
    return [name, renderMarkdown(report, { commentKey })] as const
  })

  test('the headline is the first line (after the hidden marker)', () => {
    for (const [name, body] of examples) {
      const lines = body.split('\n').filter(line => line !== '')
      const first = lines[0]?.startsWith('<!--') ? lines[1] : lines[0]
      assert.match(first ?? '', /^### (❌|✅|ℹ️) <code>final<\/code>: \d/, name)
    }
    const [, grew] = examples[0] as readonly [string, string]
    assert.equal(
      grew.split('\n')[2],
      '### ❌ <code>final</code>: 14.9 MB, 🚨 +7.39 MB (+98.2%) vs base commit 1a2b3c4'
    )
  })

  test('order: headline, what changed, how to shrink it, failing budgets, details', () => {
    const body = renderMarkdown(grewWithFailingIncrease())
    const at = (text: string): number => body.indexOf(text)
    assert.ok(at('### ') === 0)
    assert.ok(at('**What changed**') > 0)
    assert.ok(at('**1 of 2 budgets exceeded**') > at('**What changed**'))
    if (body.includes('**How to shrink it**')) {
      assert.ok(at('**How to shrink it**') > at('**What changed**'))
      assert.ok(at('**How to shrink it**') < at('budgets exceeded'))
    }
    assert.ok(at('<details>') > at('budgets exceeded'))
  })

  test('max-increase with two rows is one budget: 1 of 2 exceeded, with limit and overshoot', () => {
    const body = renderMarkdown(grewWithFailingIncrease())
    assert.ok(body.includes('**1 of 2 budgets exceeded**'))
    assert.ok(!body.includes('of 3 budgets'))
    assert.ok(
      body.includes('- ❌ `max-increase` (uncompressed): limit 1 MB, over by 6.39 MB'),
      body
    )
    assert.ok(
      body.includes('- ❌ `max-increase` (compressed, estimate): limit 1 MB, over by 3.1 MB')
    )
    assert.ok(folded(body).includes('| `max-size` | 30 MB | 14.9 MB | ✅ |'))
  })

  test('the layer that grew is visible with its Dockerfile line', () => {
    const shown = visible(renderMarkdown(grewWithFailingIncrease()))
    assert.ok(
      shown.includes(
        '- **+6.39 MB** <code>examples/go-web/Dockerfile:15</code> <code>RUN chmod 0755 /app</code>'
      )
    )
  })

  test('a shrunk image lists the layers that went', () => {
    const shown = visible(renderMarkdown(commentModeReport()))
    assert.match(
      shown,
      /^### ✅ <code>final<\/code>: 14\.9 MB, 🎉 -2 MB \(-11\.8%\) vs base commit 9f8e7d6$/m
    )
    assert.match(
      shown,
      /^- \*\*-2 MB\*\* <code>examples\/go-web\/Dockerfile:16<\/code> <code>RUN wget .*<\/code> \(layer gone\)$/m
    )
    assert.ok(shown.includes(' · within all 3 budgets\n'))
  })

  test('nothing that says nothing: no "Wasted space: 0 B", no empty sections', () => {
    const body = renderMarkdown(passingNoBaseline())
    assert.ok(!body.includes('Wasted space'), 'no waste line for 0 B')
    assert.ok(!/0 B removable/.test(body))
    assert.ok(!body.includes('What changed') && !body.includes('exceeded'))
    assert.equal(
      visible(body)
        .split('\n')
        .filter(line => line.trim() !== '').length,
      3
    )
  })

  test('nothing repeated: no exact-bytes column or bullet, no tooltips', () => {
    for (const [name, body] of examples) {
      assert.ok(!body.includes('title='), name)
      assert.ok(!/\d{1,3}(,\d{3}){2,} bytes/.test(body), name)
    }
  })

  test('tables fit a phone: at most 4 columns, none outside <details> wider than that', () => {
    for (const [name, body] of [...examples, ['hostile', renderMarkdown(hostileReport())]]) {
      for (const rows of tables(visible(body))) {
        assert.ok(cellSeparators(rows[0] as string) - 1 <= 4, `${name}: ${rows[0]}`)
      }
      for (const rows of tables(body)) {
        assert.ok(cellSeparators(rows[0] as string) - 1 <= 4, `${name}: ${rows[0]}`)
      }
      assertTablesWellFormed(body)
    }
  })
})

describe('untrusted text', () => {
  const body = renderMarkdown(hostileReport(), { commentKey: 'x --> <script>' })

  test('no HTML from the input survives', () => {
    assert.ok(!/<script/i.test(body), 'no <script>')
    assert.ok(!/<img/i.test(body), 'no <img>')
    assert.ok(!/<b>/i.test(body), 'no <b>')
    assert.ok(body.includes('&lt;script&gt;alert&#40;1&#41;&lt;/script&gt;'))
    const tags = new Set(Array.from(body.matchAll(/<\/?([a-z]+)/g), m => m[1]))
    assert.deepEqual(
      [...tags].sort(),
      ['code', 'details', 'sub', 'summary', 'sup'],
      'only the tags this module writes'
    )
  })

  test('no mention, link, image, reference or autolink', () => {
    assert.ok(!/@[A-Za-z0-9]/.test(body), 'every @ is followed by a joiner')
    assert.ok(body.includes(`@${ZWJ}someone`))
    assert.ok(!/#\d/.test(body.replace(/&#\d+;/g, '')), 'no #123 reference')
    assert.ok(!body.includes(']('), 'no inline link')
    assert.ok(!/https?:\/\//.test(body), 'no bare URL')
    assert.ok(!body.includes('`id`'), 'backticks escaped')
    assert.ok(!body.includes('**bold**') && !body.includes('~~strike~~') && !body.includes('$x'))
  })

  test('tables keep their shape and newlines never leak', () => {
    assertTablesWellFormed(body)
    assert.ok(!body.includes('\r'))
    assert.ok(!body.split('\n').some(line => line.startsWith('second line')))
    assert.ok(!body.split('\n').some(line => line.startsWith('| injected')))
  })

  test('long paths are shortened keeping their end', () => {
    assert.ok(HOSTILE.path.length > 1000)
    const longest = Math.max(...body.split('\n').map(line => line.length))
    assert.ok(longest < 2_000, `longest line ${longest}`)
    assert.ok(body.includes('…'))
    assert.ok(body.includes(`&#124;@${ZWJ}team.bin</code>`), 'file name kept')
  })

  test('the comment key cannot close the marker', () => {
    const first = body.split('\n')[0] as string
    assert.equal(first, '<!-- image-size-budget:x%20%2D-%3E%20%3Cscript%3E -->')
    assert.equal(first.indexOf('-->'), first.length - 3)
  })
})

describe('length limit', () => {
  test('thousands of layers stay under 65,536 characters with a note', () => {
    const report = manyLayersReport(5_000)
    const body = renderMarkdown(report)
    assert.ok(body.length <= GITHUB_COMMENT_MAX_LENGTH, `length ${body.length}`)
    assert.ok(body.length > GITHUB_COMMENT_MAX_LENGTH - 1_000, 'fills the room it has')
    assert.match(
      body,
      /Details cut to stay under the 65,536-character limit of a GitHub comment: \d+ of 5000 layer rows left out/
    )
    assert.match(body, /\d+ more layers not shown \(comment length limit\)/)
    assert.match(body, /^### /m, 'headline kept')
    assert.ok(body.includes('- ❌ `max-layers`: limit 2, over by 1'), 'failing budget kept')
    assert.ok(body.includes('| `max-size` |'), 'budget table kept')
    assert.ok(body.includes('**What changed**'), 'the head is never cut for details')
    assert.ok(body.includes('1 MB = 10<sup>6</sup> bytes'), 'footnote kept')
    const layerRows = body.split('\n').filter(line => /^\| \d+: <code>/.test(line)).length
    assert.ok(layerRows > 50 && layerRows < 5_000, `${layerRows} rows`)
    assertTablesWellFormed(body)
  })

  test('a tiny limit drops every detail, then cuts the summary', () => {
    const report = withBaseline(goWebReport())
    const full = renderMarkdown(report)
    const noDetails = full.indexOf('<details>')
    const small = renderMarkdown(report, { maxLength: noDetails + 700 })
    assert.ok(small.length <= noDetails + 700)
    assert.ok(!small.includes('<details>'))
    assert.ok(small.includes('all details left out'))
    assert.ok(small.includes('**What changed**'))
    const tiny = renderMarkdown(report, { maxLength: 400 })
    assert.ok(tiny.length <= 400, `length ${tiny.length}`)
    assert.ok(tiny.includes('the rest of this report was cut'))
  })

  test('bad maxLength is an error naming it', () => {
    assert.throws(() => renderMarkdown(goWebReport(), { maxLength: 0 }), /maxLength/)
  })
})

describe('helpers', () => {
  test('escapeMarkdown', () => {
    const cases: [string, string][] = [
      ['plain text 1.2', 'plain text 1.2'],
      ['a|b', 'a&#124;b'],
      ['<x> & "y"', '&lt;x&gt; &amp; &quot;y&quot;'],
      ['line1\nline2\r\n\tx', 'line1 line2 x'],
      ['@user', `@${ZWJ}user`],
      ['fix #12', `fix #${ZWJ}12`],
      ['https://a.b', `https:\u200b//a.b`],
      ['WWW.a.b', `WWW\u200b.a.b`],
      [
        '[a](b) `c` *d* _e_ ~f~ $g$',
        '&#91;a&#93;&#40;b&#41; &#96;c&#96; &#42;d&#42; &#95;e&#95; &#126;f&#126; &#36;g&#36;'
      ],
      ['a\\|b', 'a&#92;&#124;b']
    ]
    for (const [input, expected] of cases) assert.equal(escapeMarkdown(input), expected, input)
    assert.equal(codeText(''), '')
    assert.equal(codeText('a|b'), '<code>a&#124;b</code>')
  })

  test('shorten keeps start and end', () => {
    assert.equal(shorten('abcdef', 10), 'abcdef')
    assert.equal(shorten('0123456789abcdef', 10), '012345…def')
    assert.equal(Array.from(shorten('x'.repeat(500), 80)).length, 80)
    assert.equal(shorten('abcdef', 3), 'ab…')
  })

  test('commentMarker', () => {
    assert.equal(
      commentMarker('examples/go-web/Dockerfile:final'),
      '<!-- image-size-budget:examples/go-web/Dockerfile:final -->'
    )
    assert.equal(commentMarker('a--b'), '<!-- image-size-budget:a%2D-b -->')
    assert.equal(commentMarker('é'), '<!-- image-size-budget:%C3%A9 -->')
    assert.notEqual(commentMarker('a b'), commentMarker('a%20b'))
    assert.throws(() => commentMarker(''), /comment-key/)
    for (const key of ['-->', '--!>', 'a\n-->', '->', '<!--']) {
      const marker = commentMarker(key)
      assert.equal(marker.indexOf('-->'), marker.length - 3, key)
      assert.ok(!marker.includes('--!>') && !marker.includes('\n'), key)
    }
  })

  test('changeIcon thresholds', () => {
    const cases: [number, string][] = [
      [50, '🚨'],
      [20, '🚨'],
      [19.9, '⚠️'],
      [5, '⚠️'],
      [4.9, '📈'],
      [0.01, '📈'],
      [0, ''],
      [-0.01, '📉'],
      [-4.9, '📉'],
      [-5, '🎉'],
      [-80, '🎉']
    ]
    for (const [pct, icon] of cases) assert.equal(changeIcon(pct), icon, String(pct))
  })

  test('changeText', () => {
    assert.equal(changeText(999, 0.1, 1e6, 1_000), 'unchanged')
    assert.equal(changeText(-999, -0.1, 1e6, 1_000), 'unchanged')
    assert.equal(changeText(1_000, 0.1, 1e6, 1_000), '📈 +1 kB (+0.1%)')
    assert.equal(changeText(-3_000_000, -30, 1e7, 1_000), '🎉 -3 MB (-30%)')
    assert.equal(changeText(5_000, undefined, 0, 1_000), '📈 +5 kB')
    assert.equal(changeText(5_000, 5, 1e5, 1_000, false), '+5 kB (+5%)')
  })

  test('compareToBaseline', () => {
    const report = withBaseline(goWebReport())
    const baseline = report.baseline
    assert.ok(baseline)
    const c = compareToBaseline(report.final, baseline)
    assert.equal(c.change, report.final.size - baseline.size)
    assert.equal(c.changePercent, ((report.final.size - baseline.size) / baseline.size) * 100)
    assert.equal(c.compressedChange, 8_244_858 - 4_142_507)
    assert.equal(compareToBaseline(report.final, { ...baseline, size: 0 }).changePercent, 0)
    assert.equal(
      compareToBaseline(report.final, { ...baseline, compressed: undefined }).compressedChange,
      undefined
    )
  })

  test('diffLayers: diff ID, then instruction, then line; leftovers added and removed', () => {
    const layer = (
      index: number,
      diffId: string,
      size: number,
      args?: string,
      line = 1
    ): Layer => ({
      index,
      diffId,
      size,
      createdBy: args ?? `created ${index}`,
      instruction:
        args === undefined
          ? undefined
          : { keyword: 'RUN', args, stage: 's', location: { file: 'Dockerfile', line } }
    })
    const baseline = [
      layer(0, 'd0', 100),
      layer(1, 'd1', 200, 'make   all', 5),
      layer(2, 'd2', 300, 'old command', 7),
      layer(3, 'd3', 400, 'gone', 9)
    ]
    const final = [
      layer(0, 'd0', 100),
      layer(1, 'x1', 250, 'make all', 6),
      layer(2, 'x2', 280, 'new command', 7),
      layer(3, 'x3', 50, 'brand new', 11)
    ]
    const diff = diffLayers(final, baseline)
    assert.deepEqual(
      diff.layers.map(c => [c.status, c.baseline?.diffId, c.change]),
      [
        ['same', 'd0', 0],
        ['matched', 'd1', 50],
        ['matched', 'd2', -20],
        ['added', undefined, 50]
      ]
    )
    assert.deepEqual(
      diff.removed.map(l => l.diffId),
      ['d3']
    )
  })
})

describe('the report verdict on the change', () => {
  test('report.baselineComparison.unchanged (from the run’s min-change) wins by default', () => {
    const report = withBaseline(goWebReport())
    const change = report.final.size - (report.baseline?.size ?? 0)
    report.baselineComparison = { change, changePercent: 98.2, unchanged: true }
    const body = renderMarkdown(report)
    assert.match(body, /^### .*: 14\.9 MB, unchanged vs registry\.example\/go-web:main$/m)
    assert.ok(body.includes('unchanged: +7,391,688 bytes, below min-change\n'))
    // An explicit threshold recomputes the verdict from the numbers.
    const explicit = renderMarkdown(report, { baseline: { minChange: 1_000 } })
    assert.match(explicit, /^### .*, 🚨 \+7\.39 MB \(\+98\.2%\) vs /m)
  })

  test('compressed change carries its percent when known', () => {
    const report = withBaseline(goWebReport())
    report.baselineComparison = {
      change: 7_391_688,
      changePercent: 98.2,
      compressedChange: 4_102_351,
      compressedChangePercent: 99.03
    }
    assert.ok(
      folded(renderMarkdown(report)).includes('| change | +7.39 MB (+98.2%) | +4.1 MB (+99%) |')
    )
  })
})

test('a digest reference keeps its @ intact; a mention does not', () => {
  const digest = `app@sha256:${'a'.repeat(64)}`
  assert.equal(escapeMarkdown(digest), digest)
  assert.equal(escapeMarkdown('hi @someone'), 'hi @\u200dsomeone')
  assert.equal(escapeMarkdown('(@team)'), '&#40;@\u200dteam&#41;')
})

describe('issue 8: failing budgets, labels and numbers', () => {
  /** go-web with a baseline 26 bytes smaller and a failed max-increase of 0 bytes. */
  function tinyGrowthFailing(): Report {
    const report = withBaseline(goWebReport())
    const baseline = report.baseline
    assert.ok(baseline)
    baseline.size = report.final.size - 26
    // The run's own verdict said "unchanged" (26 B < the 1 kB min-change).
    report.baselineComparison = { change: 26, changePercent: 0.000174, unchanged: true }
    report.budgets = [
      {
        name: 'max-increase',
        subject: 'final image size increase over the baseline',
        unit: 'bytes',
        limit: 0,
        actual: 26,
        passed: false,
        message: ''
      }
    ]
    report.passed = false
    return report
  }

  test('min-change never hides a failing max-increase: the headline shows the change', () => {
    const report = tinyGrowthFailing()
    for (const body of [
      renderMarkdown(report),
      renderMarkdown(report, { baseline: { minChange: 1_000 } })
    ]) {
      assert.doesNotMatch(headline(body), /unchanged/)
      assert.equal(
        headline(body),
        '### ❌ <code>final</code>: 14.9 MB, 📈 +26 B (+0.000174%) vs registry.example/go-web:main'
      )
      assert.ok(body.includes('**1 of 1 budget exceeded**'))
      assert.ok(body.includes('- ❌ `max-increase`: limit 0 B, over by 26 B'))
      assert.match(body, /^\| `max-increase` \| 0 B \| \+26 B \| ❌ \|$/m)
    }
  })

  test('a passing max-increase leaves min-change in charge', () => {
    const report = tinyGrowthFailing()
    const [row] = report.budgets
    assert.ok(row)
    row.limit = 1_000
    row.passed = true
    report.passed = true
    assert.match(renderMarkdown(report), /^### .*, unchanged vs registry\.example\/go-web:main$/m)
  })

  test('a final image larger than its builder reads "larger by", not "saved -819 kB"', () => {
    const report = goWebReport()
    assert.ok(report.builder)
    report.final.size = report.builder.size + 819_000
    const ratio = report.final.size / report.builder.size
    report.comparison = { saved: -819_000, ratio, percentSaved: (1 - ratio) * 100 }
    const body = renderMarkdown(report)
    assert.match(body, /- \*\*Final vs builder:\*\* larger by 819 kB;/)
    assert.doesNotMatch(body, /Saved vs builder/)
    assert.doesNotMatch(body, /-819/)
  })

  test('the baseline row carries its reference, never a stage name', () => {
    const report = withBaseline(goWebReport())
    assert.ok(report.baseline)
    // An earlier run's final image, built from stage "final", given as baseline-report.
    report.baseline = { ...report.baseline, stage: 'final', ref: 'reports/main.json' }
    const body = renderMarkdown(report)
    assert.ok(body.includes('| baseline <code>reports/main.json</code> | 7.53 MB |'), body)
    assert.ok(!body.includes('| baseline <code>final</code>'))
    assert.ok(headline(body).endsWith(' vs reports/main.json'))
    // Built images keep their stage names.
    assert.ok(body.includes('| final <code>final</code> |'))
  })

  test('layer commands shown from the history lose the builders’ prefixes', () => {
    const report = goWebReport()
    const [base, copy, run] = report.final.layers
    assert.ok(base && copy && run)
    // Classic-builder history, unattributed (no Dockerfile for these layers).
    base.createdBy = '/bin/sh -c #(nop) ADD file:4b03b5f551e3fbdf47ec6097120073 in / '
    delete copy.instruction
    copy.createdBy = '|1 TOKEN=s3cret /bin/sh -c #(nop) COPY file:00ec1633 in /app '
    delete run.instruction
    run.createdBy = '|2 TOKEN=s3cret V=1 /bin/sh -c chmod 0755 /app'
    const body = renderMarkdown(report)
    assert.ok(body.includes(' <code>ADD file:4b03b5f551e3fbdf47ec6097120073 in /</code> |'), body)
    assert.ok(body.includes('| 1: <code>COPY file:00ec1633 in /app</code> |'), body)
    assert.ok(body.includes('| 2: <code>RUN chmod 0755 /app</code> |'), body)
    assert.ok(!body.includes('#(nop)'))
    assert.ok(!body.includes('s3cret'), 'build-argument values are not shown')
  })

  test('a tiny ratio is printed without an exponent', () => {
    const report = goWebReport()
    assert.ok(report.builder)
    report.final.size = 26
    report.builder.size = 460_000_000
    const ratio = 26 / 460_000_000
    report.comparison = { saved: 460_000_000 - 26, ratio, percentSaved: (1 - ratio) * 100 }
    const body = renderMarkdown(report)
    assert.match(body, /the final image is 0\.00000565% of the builder \(ratio 0\.00000005652\)/)
    assert.doesNotMatch(body, /\de-\d/)
  })
})

describe('builtWith: the build path and, for buildx, the builder and its driver', () => {
  const build = { context: '.', file: 'Dockerfile', target: '1' }
  test('names the builder and driver for buildx', () => {
    assert.equal(
      builtWith({
        ...build,
        engine: 'buildx',
        builder: { name: 'ci', driver: 'docker-container' }
      }),
      'buildx (builder <code>ci</code>, docker-container driver)'
    )
  })
  test('is the build path alone otherwise', () => {
    assert.equal(builtWith({ ...build, engine: 'buildkit' }), 'buildkit')
    assert.equal(builtWith({ ...build, engine: 'buildx' }), 'buildx')
  })
  test('escapes a name that would break out of its code span', () => {
    assert.doesNotMatch(
      builtWith({ ...build, engine: 'buildx', builder: { name: '</code><img src=x>' } }),
      /<img/
    )
  })
})
