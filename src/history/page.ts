/**
 * The history page (`history-page: true`, CLI `--history-page DIR`): one static `index.html`
 * charting every image's history — uncompressed and compressed size, a point per commit in
 * commit order, each point and table row linked to its commit — for GitHub Pages or a local
 * browser.
 *
 * Order: the points follow the history file, which is commit order (each push to the default
 * branch appends its commit; a re-run of a commit replaces its entry where it stands and keeps
 * its first time, see `appendEntry`). They are not sorted by time: a re-run, or a tag pushed on
 * an older commit, would otherwise jump to the end. The x-axis is therefore the point's place
 * (evenly spaced, labelled with short SHAs), not a time scale; dates are in the table.
 *
 * Drawn with uPlot (MIT), inlined into the page with its CSS ({@link UPLOT_JS}, vendored from the
 * `uplot` npm package), so the page loads nothing from the network. The data is embedded as JSON
 * in a `<script type="application/json">` element with every `<` written as `\u003c`, so no
 * value (an image name holding `</script>`) can end the element; names reach the page only as
 * text nodes. Pure: entries in, HTML out.
 */
import type { HistoryEntry } from './entry.ts'
import { UPLOT_CSS, UPLOT_JS, UPLOT_VERSION } from './uplot-asset.ts'

/** Options of {@link renderHistoryPage}. */
export interface PageOptions {
  /** Page title; default "Image size history". */
  title?: string
  /**
   * `https://github.com/owner/repo` (from `GITHUB_SERVER_URL` and `GITHUB_REPOSITORY`): points and
   * rows link to `<repoUrl>/commit/<sha>`. Without it commits are shown unlinked.
   */
  repoUrl?: string
  /** When the page was generated, ISO 8601; default now. */
  generatedAt?: string
}

/** One chart of the page: one image name on one platform. */
export interface PageSeries {
  name: string
  platform: string
  /** In file order: commit order, oldest first. */
  points: {
    commit: string
    time: string
    ref?: string
    size: number
    compressedSize?: number
  }[]
}

/**
 * The page's series: entries grouped by (name, platform), in name order; within a series, in the
 * entries' order (the file's: commit order), never re-sorted by time.
 */
export function pageSeries(entries: readonly HistoryEntry[]): PageSeries[] {
  const groups = new Map<string, PageSeries>()
  for (const e of entries) {
    const key = `${e.name}\0${e.platform}`
    let group = groups.get(key)
    if (!group) {
      group = { name: e.name, platform: e.platform, points: [] }
      groups.set(key, group)
    }
    group.points.push({
      commit: e.commit,
      time: e.time,
      ...(e.ref !== undefined ? { ref: e.ref } : {}),
      size: e.size,
      ...(e.compressedSize !== undefined ? { compressedSize: e.compressedSize } : {})
    })
  }
  return [...groups.values()].sort((a, b) =>
    a.name === b.name ? a.platform.localeCompare(b.platform) : a.name.localeCompare(b.name)
  )
}

/** JSON safe inside an HTML `<script>` element: `<`, `>`, `&`, U+2028/9 escaped. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * The whole `index.html`.
 *
 * @throws Error when `repoUrl` is not an http(s) URL.
 */
export function renderHistoryPage(
  entries: readonly HistoryEntry[],
  opts: PageOptions = {}
): string {
  if (opts.repoUrl !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(opts.repoUrl)) {
    throw new Error(`History page: "${opts.repoUrl}" is not an http(s) URL of a repository.`)
  }
  const data = {
    title: opts.title ?? 'Image size history',
    repoUrl: opts.repoUrl?.replace(/\/+$/, '') ?? null,
    generatedAt: opts.generatedAt ?? new Date().toISOString(),
    series: pageSeries(entries)
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="image-size-budget; uPlot ${UPLOT_VERSION}">
<title>Image size history</title>
<style>${UPLOT_CSS.replace(/<\//g, '<\\/')}</style>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1f2328; background: #fff; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 32px; word-break: break-all; }
.meta { color: #59636e; }
.chart { margin: 8px 0; }
table { border-collapse: collapse; margin-top: 8px; }
td, th { padding: 2px 10px; border-bottom: 1px solid #d1d9e0; text-align: right; }
td:first-child, th:first-child, td:nth-child(2), th:nth-child(2) { text-align: left; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
details { margin-top: 4px; }
</style>
</head>
<body>
<h1 id="title"></h1>
<p class="meta" id="meta"></p>
<main id="charts"></main>
<noscript>This page draws its charts with JavaScript; the data is in the *.jsonl files beside it.</noscript>
<script type="application/json" id="history-data">${scriptJson(data)}</script>
<script>${UPLOT_JS.replace(/<\/(script)/gi, '<\\/$1')}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`
}

/**
 * The page's own script: reads the embedded JSON, and per series draws a uPlot chart (x: the
 * point's place in commit order, labelled with short SHAs; y: MB = 10^6 bytes; a point per
 * commit; a click opens the commit under the cursor) and a table
 * of the points. Each chart element gets `data-points` = the number of points drawn, which the
 * tests read back from the DOM.
 */
const PAGE_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('history-data').textContent);
  var MB = 1e6;
  function text(tag, value, cls) { var el = document.createElement(tag); el.textContent = value; if (cls) el.className = cls; return el; }
  function commitUrl(sha) { return data.repoUrl ? data.repoUrl + '/commit/' + sha : null; }
  function fmt(bytes) { return (bytes / MB).toFixed(2) + ' MB'; }
  document.getElementById('title').textContent = data.title;
  document.getElementById('meta').textContent = data.series.length + ' image(s) · sizes in MB (10^6 bytes) · generated ' + data.generatedAt;
  var root = document.getElementById('charts');
  data.series.forEach(function (s, i) {
    var section = document.createElement('section');
    section.appendChild(text('h2', s.name + ' (' + s.platform + ')'));
    var chart = document.createElement('div');
    chart.className = 'chart';
    chart.id = 'chart-' + i;
    section.appendChild(chart);
    root.appendChild(section);
    var xs = s.points.map(function (p, k) { return k; });
    var label = function (k) { var p = s.points[k]; return p ? p.commit.slice(0, 7) : ''; };
    var sizes = s.points.map(function (p) { return p.size / MB; });
    var hasCompressed = s.points.some(function (p) { return p.compressedSize != null; });
    var compressed = s.points.map(function (p) { return p.compressedSize == null ? null : p.compressedSize / MB; });
    var series = [{ label: 'commit', value: function (u, k) { var p = k == null ? null : s.points[Math.round(k)]; return p ? p.commit.slice(0, 7) + ' · ' + p.time.slice(0, 10) : '—'; } }, { label: 'uncompressed (MB)', stroke: '#0969da', width: 2, points: { show: true, size: 7 } }];
    var cols = [xs, sizes];
    if (hasCompressed) { series.push({ label: 'compressed (MB)', stroke: '#bf3989', width: 2, points: { show: true, size: 7 } }); cols.push(compressed); }
    var width = Math.max(320, Math.min(1000, document.documentElement.clientWidth - 60));
    var plot = new uPlot({
      width: width, height: 300, series: series,
      axes: [{ label: 'commits, oldest first', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500], space: 70, values: function (u, splits) { return splits.map(function (k) { return Number.isInteger(k) ? label(k) : ''; }); } }, { label: 'MB', size: 60 }],
      scales: { x: { time: false, range: function (u, lo, hi) { return [lo - 0.5, hi + 0.5]; } } },
      cursor: { points: { size: 9 } }
    }, cols, chart);
    chart.setAttribute('data-points', String(plot.data[0].length));
    plot.over.addEventListener('click', function () {
      var idx = plot.cursor.idx;
      var url = idx == null ? null : commitUrl(s.points[idx].commit);
      if (url) window.open(url, '_blank', 'noopener');
    });
    var details = document.createElement('details');
    details.appendChild(text('summary', s.points.length + ' measurement(s)'));
    var table = document.createElement('table');
    var head = document.createElement('tr');
    ['commit', 'date', 'uncompressed', 'compressed'].forEach(function (h) { head.appendChild(text('th', h)); });
    table.appendChild(head);
    s.points.slice().reverse().forEach(function (p) {
      var tr = document.createElement('tr');
      var td = document.createElement('td');
      var url = commitUrl(p.commit);
      var code = text('code', p.commit.slice(0, 7));
      if (url) { var a = document.createElement('a'); a.href = url; a.appendChild(code); td.appendChild(a); } else td.appendChild(code);
      tr.appendChild(td);
      tr.appendChild(text('td', p.time.slice(0, 16).replace('T', ' ') + (p.ref ? ' · ' + p.ref.replace(/^refs\/(heads|tags)\//, '') : '')));
      tr.appendChild(text('td', fmt(p.size)));
      tr.appendChild(text('td', p.compressedSize == null ? '—' : fmt(p.compressedSize)));
      table.appendChild(tr);
    });
    details.appendChild(table);
    section.appendChild(details);
  });
  document.body.setAttribute('data-ready', 'true');
})();
`
