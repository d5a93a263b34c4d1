#!/usr/bin/env node
/**
 * Looks at a size comment the way GitHub shows it: GitHub-flavoured markdown → HTML (marked, GFM
 * tables and raw HTML such as <details>) in GitHub's markdown CSS (github-markdown-css), then
 * headless Chromium screenshots at desktop (1280 px) and phone (390 px) widths. Prints, per
 * input and width, the visible lines (text lines a reader sees with every <details> closed) and
 * the tables wider than the comment (which a phone scrolls sideways).
 *
 * Needs, outside the project (nothing here is a dependency of the action):
 *   npm install --prefix /tmp/isb-render-tools marked github-markdown-css   # or set ISB_RENDER_TOOLS
 *   apt-get install -y chromium fonts-noto-color-emoji                     # or set CHROMIUM
 *
 * Usage (Node 24: the .ts sources load with type stripping):
 *   node scripts/render-comment.mjs [--out DIR] --examples     # the fixtures' four layouts
 *   node scripts/render-comment.mjs [--out DIR] body.md report.json …
 * `--open` renders every <details> expanded (to look at what the fold holds).
 * A .json input is a report (docs/report.schema.json: schema 2 rendered with
 * src/report/run-markdown.ts, schema 1 with src/report/markdown.ts); a .md
 * input is rendered as is. Writes DIR/NAME.html, DIR/NAME-desktop.png, DIR/NAME-phone.png
 * (DIR defaults to /tmp/isb-render). The screenshots are as tall as the page.
 *
 * Approximations: GitHub's comment column is about 830 px wide at a 1280 px window, and the
 * whole width less 32 px on a phone; GitHub's sanitizer is not applied (our bodies only use tags
 * it keeps: details, summary, code, span title, sub, sup).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, extname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = resolve(import.meta.dirname, '..')
const TOOLS = process.env.ISB_RENDER_TOOLS ?? '/tmp/isb-render-tools'
const CHROMIUM = process.env.CHROMIUM ?? 'chromium'
const WIDTHS = { desktop: [1280, 900], phone: [390, 844] }

function usage(message) {
  console.error(
    `${message}\nusage: node scripts/render-comment.mjs [--out DIR] [--open] (--examples | FILE.md | REPORT.json)…`
  )
  process.exit(2)
}

const args = process.argv.slice(2)
let out = '/tmp/isb-render'
const inputs = []
let examples = false
let open = false
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--out') out = args[++i] ?? usage('--out needs a directory')
  else if (args[i] === '--examples') examples = true
  else if (args[i] === '--open') open = true
  else inputs.push(args[i])
}
if (!examples && inputs.length === 0) usage('nothing to render')

const require = createRequire(join(TOOLS, 'package.json'))
let marked, css
try {
  ;({ marked } = require('marked'))
  css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
} catch (error) {
  usage(
    `marked and github-markdown-css are not installed in ${TOOLS} (${error.message}).\n` +
      `Install them there: npm install --prefix ${TOOLS} marked github-markdown-css`
  )
}

const { renderMarkdown } = await import(pathToFileURL(join(ROOT, 'src/report/markdown.ts')).href)
const { renderRunMarkdown } = await import(
  pathToFileURL(join(ROOT, 'src/report/run-markdown.ts')).href
)

/** A report of schema 2 (a run) renders as a run; schema 1 as one image. */
function renderReport(report) {
  return report.schemaVersion === 2 ? renderRunMarkdown(report) : renderMarkdown(report)
}

/** [name, markdown] pairs to render. */
const bodies = []
if (examples) {
  const fixtures = join(ROOT, '__tests__/unit/markdown.fixtures.ts')
  const { RENDER_EXAMPLES } = await import(pathToFileURL(fixtures).href)
  for (const [name, make] of Object.entries(RENDER_EXAMPLES)) {
    const { report, commentKey } = make()
    bodies.push([name, renderMarkdown(report, { commentKey })])
  }
}
for (const file of inputs) {
  const text = readFileSync(file, 'utf8')
  const name = basename(file, extname(file))
  bodies.push([name, extname(file) === '.json' ? renderReport(JSON.parse(text)) : text])
}

// Counts text lines by their boxes: a new line starts where a box no longer overlaps the current
// line vertically (cells of one table row are one line). Text inside a closed <details>, other
// than its summary, is not counted (Chromium still gives it boxes).
const MEASURE = `<script>
// Headless Chromium lays out --dump-dom at 500 px at least: the page takes its width from #w=.
const width = /w=(\\d+)/.exec(location.hash)?.[1]
if (width) document.body.style.width = width + 'px'
const rects = []
const walker = document.createTreeWalker(document.querySelector('.markdown-body'), NodeFilter.SHOW_TEXT)
const folded = node => {
  for (let el = node.parentElement; el; el = el.parentElement) {
    if (el.tagName === 'DETAILS' && !el.open && !node.parentElement.closest('summary')?.parentElement?.isSameNode(el)) return true
  }
  return false
}
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  if (n.textContent.trim() === '' || folded(n)) continue
  const range = document.createRange()
  range.selectNodeContents(n)
  for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r)
}
rects.sort((a, b) => a.top - b.top)
let lines = 0, bottom = -Infinity
for (const r of rects) {
  if (r.top >= bottom - 2) { lines++; bottom = r.bottom } else bottom = Math.max(bottom, r.bottom)
}
const wide = [...document.querySelectorAll('.markdown-body table')]
  .filter(t => !folded(t))
  .filter(t => {
    const right = t.getBoundingClientRect().right
    return [...t.querySelectorAll('th, td')].some(c => c.getBoundingClientRect().right > right + 1)
  }).length
document.body.dataset.lines = lines
document.body.dataset.wide = wide
document.body.dataset.height = Math.ceil(document.documentElement.scrollHeight)
</script>`

function page(markdown) {
  const html = marked.parse(markdown, { gfm: true })
  return `<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${css}
body { margin: 0; background: #fff; }
.comment { box-sizing: border-box; max-width: 830px; margin: 16px auto; border: 1px solid #d0d7de; border-radius: 6px; }
.comment > .markdown-body { padding: 16px; }
@media (max-width: 600px) { .comment { margin: 8px; } }
</style></head><body><div class="comment"><div class="markdown-body">
${open ? html.replaceAll('<details>', '<details open>') : html}
</div></div>${MEASURE}</body></html>`
}

function chromium(extra) {
  const profile = mkdtempSync(join(tmpdir(), 'isb-render-chromium-'))
  try {
    return execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        ...extra
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }
    )
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}

mkdirSync(out, { recursive: true })
for (const [name, markdown] of bodies) {
  const html = join(out, `${name}.html`)
  writeFileSync(join(out, `${name}.md`), markdown)
  writeFileSync(html, page(markdown))
  const url = pathToFileURL(html).href
  const facts = []
  for (const [label, [width, height]] of Object.entries(WIDTHS)) {
    const at = `${url}#w=${width}`
    const dom = chromium([`--window-size=${width},${height}`, '--dump-dom', at])
    const number = key => Number(new RegExp(`data-${key}="(\\d+)"`).exec(dom)?.[1] ?? NaN)
    const png = join(out, `${name}-${label}.png`)
    chromium([
      `--window-size=${width},${Math.max(height, number('height'))}`,
      `--screenshot=${png}`,
      at
    ])
    facts.push(
      `${label}: ${number('lines')} visible lines, ${number('wide')} tables wider than the comment`
    )
  }
  console.log(`${name}: ${facts.join('; ')} (${join(out, name)}-{desktop,phone}.png)`)
}
