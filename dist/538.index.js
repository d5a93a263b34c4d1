export const id = 538;
export const ids = [538];
export const modules = {

/***/ 6664:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OX: () => (/* binding */ findingsBytes),
/* harmony export */   kH: () => (/* binding */ findFindings)
/* harmony export */ });
/* unused harmony exports DUPLICATE_MIN_SIZE, MAX_PATHS, MAX_FINDINGS_PER_RULE, cacheOf, toolchains, LINKED_ROOT_MIN_DEPTH, resolveLink */
/** Duplicate files smaller than this are not reported (bytes). */
const DUPLICATE_MIN_SIZE = 64_000;
/** At most this many paths per finding. */
const MAX_PATHS = 10;
/** At most this many findings of one rule (the largest). */
const MAX_FINDINGS_PER_RULE = 10;
const HOME = '(?:root|home/[^/]+)';
const CACHES = [
    {
        id: 'apt-lists',
        label: 'apt package lists',
        pattern: /^var\/lib\/apt\/lists\//,
        clean: '/var/lib/apt/lists'
    },
    {
        id: 'apt-cache',
        label: 'apt package cache',
        pattern: /^var\/cache\/apt\//,
        clean: '/var/cache/apt'
    },
    {
        id: 'apk',
        label: 'apk cache',
        pattern: /^(?:var\/cache\/apk|etc\/apk\/cache)\//,
        clean: '/var/cache/apk'
    },
    {
        id: 'dnf',
        label: 'dnf/yum cache',
        pattern: /^var\/cache\/(?:dnf|yum)\//,
        clean: '/var/cache/dnf'
    },
    {
        id: 'pip',
        label: 'pip cache',
        pattern: new RegExp(`^${HOME}/\\.cache/pip/`),
        clean: '/root/.cache/pip'
    },
    {
        id: 'npm',
        label: 'npm cache',
        pattern: new RegExp(`^${HOME}/\\.npm/_cacache/`),
        clean: '/root/.npm'
    },
    {
        id: 'yarn',
        label: 'yarn cache',
        pattern: new RegExp(`^(?:usr/local/share/\\.cache/yarn|${HOME}/\\.cache/yarn|${HOME}/\\.yarn/berry/cache)/`),
        clean: '/usr/local/share/.cache/yarn'
    },
    {
        id: 'go-build',
        label: 'Go build cache',
        pattern: new RegExp(`^${HOME}/\\.cache/go-build/`),
        clean: '/root/.cache/go-build'
    },
    {
        id: 'go-mod',
        label: 'Go module cache',
        pattern: new RegExp(`^(?:go|${HOME}/go)/pkg/mod/`),
        clean: '/go/pkg/mod'
    },
    {
        id: 'maven',
        label: 'Maven repository',
        pattern: new RegExp(`^${HOME}/\\.m2/repository/`),
        clean: '/root/.m2/repository'
    },
    {
        id: 'gradle',
        label: 'Gradle cache',
        pattern: new RegExp(`^${HOME}/\\.gradle/caches/`),
        clean: '/root/.gradle/caches'
    }
];
/** Which cache a normalised path belongs to, if any. */
function cacheOf(path) {
    if (!CACHE_PREFIXES.some(p => path.startsWith(p)))
        return undefined;
    if (path.endsWith('/lock') || path.endsWith('.lock'))
        return undefined;
    return CACHES.find(c => c.pattern.test(path));
}
/** Every cache path starts with one of these (a cheap test before the patterns). */
const CACHE_PREFIXES = ['var/', 'etc/apk/', 'root/', 'home/', 'usr/local/share/', 'go/'];
/**
 * Toolchain roots present in a file set: `[label, root directories or files]`. A root is found by
 * a marker binary: `X/bin/go` with `X/pkg/tool/` (Go), `X/bin/javac` (a JDK), `X/bin/rustc` or
 * `X/bin/cargo` (Rust; rustup and cargo homes), `usr/bin/gcc` / `usr/bin/cc` (GCC: `usr/lib/gcc`,
 * `usr/libexec/gcc`), `…/dotnet/sdk/` (.NET SDK).
 *
 * A symlink under a root that points to a directory of `dirs` elsewhere makes that directory a root
 * too: Debian's `golang-go` keeps `usr/lib/go-1.19/src` as a link to `usr/share/go-1.19/src`
 * (145 MB of the 473 MB toolchain). Only targets at least {@link LINKED_ROOT_MIN_DEPTH} levels
 * deep that hold no root are followed, so a link to `/usr` or `/` never claims the system.
 */
function toolchains(files, dirs = new Set()) {
    const found = new Map();
    const add = (label, root) => {
        const s = found.get(label) ?? new Set();
        s.add(root);
        found.set(label, s);
    };
    const goRoots = new Set();
    for (const path of files.keys()) {
        const at = path.lastIndexOf('/pkg/tool/');
        if (at > 0)
            goRoots.add(path.slice(0, at));
    }
    for (const path of files.keys()) {
        // Every marker is under a bin/ directory or a .NET SDK (a cheap test before the patterns).
        if (!path.includes('/bin/') && !path.includes('dotnet/sdk/'))
            continue;
        let m;
        if ((m = /^(.+)\/bin\/go$/.exec(path)) && m[1] !== undefined && goRoots.has(m[1]))
            add('Go toolchain', m[1]);
        else if ((m = /^(.+)\/bin\/javac$/.exec(path)) && m[1] !== undefined)
            add('JDK', m[1]);
        else if ((m = /^(.+)\/(?:toolchains\/[^/]+\/)?bin\/(?:rustc|cargo)$/.exec(path)) &&
            m[1] !== undefined) {
            add('Rust toolchain', m[1]);
        }
        else if (/^usr\/bin\/(?:gcc|cc|g\+\+|c\+\+)(?:-\d+)?$/.test(path)) {
            add('GCC', 'usr/lib/gcc');
            add('GCC', 'usr/libexec/gcc');
        }
        else if ((m = /^(.*dotnet\/sdk)\/[^/]+\//.exec(path)) && m[1] !== undefined)
            add('.NET SDK', m[1]);
    }
    for (const roots of found.values()) {
        for (const [path, f] of files) {
            if (f.type !== 'symlink' || f.linkTarget === undefined || !underRoot(roots)(path))
                continue;
            const target = resolveLink(path, f.linkTarget);
            if (target !== undefined &&
                dirs.has(target) &&
                target.split('/').length >= LINKED_ROOT_MIN_DEPTH &&
                !underRoot(roots)(target) &&
                ![...roots].some(r => r.startsWith(`${target}/`)))
                roots.add(target);
        }
    }
    return [...found].map(([label, roots]) => ({ label, roots: [...roots].sort() }));
}
/** Linked toolchain directories shallower than this many path components are not followed. */
const LINKED_ROOT_MIN_DEPTH = 3;
/** A test of whether a path is one of `roots` or below one. */
function underRoot(roots) {
    const list = [...roots];
    const prefixes = list.map(r => `${r}/`);
    return path => {
        for (let i = 0; i < list.length; i++) {
            if (path.startsWith(prefixes[i]) || path === list[i])
                return true;
        }
        return false;
    };
}
/**
 * The normalised path (no leading `/`) a symlink at normalised `path` points to, resolved
 * lexically (`.` and `..` folded, as far as the root); undefined for an empty target.
 */
function resolveLink(path, target) {
    if (target === '')
        return undefined;
    const parts = target.startsWith('/') ? [] : path.split('/').slice(0, -1);
    for (const part of target.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..')
            parts.pop();
        else
            parts.push(part);
    }
    return parts.join('/');
}
/**
 * Finds what a Dockerfile change would save in an image (see the module docs for rules and bytes).
 * @returns findings, largest `bytes` first.
 */
function findFindings(index, opts = {}) {
    const own = opts.firstOwnLayer ?? 0;
    const minBytes = opts.minBytes ?? 1000;
    const src = (layer) => opts.sourceOf?.(layer);
    const findings = [];
    const claimed = new Set();
    // package-cache
    const caches = new Map();
    for (const [path, f] of index.files) {
        const cache = cacheOf(path);
        if (!cache)
            continue;
        claimed.add(path);
        if (f.layer < own)
            continue;
        const key = `${cache.id}@${f.layer}`;
        const g = caches.get(key) ?? { cache, layer: f.layer, bytes: 0, paths: [] };
        g.bytes += f.size;
        g.paths.push([path, f.size]);
        caches.set(key, g);
    }
    for (const g of caches.values()) {
        findings.push({
            rule: 'package-cache',
            bytes: g.bytes,
            paths: topPaths(g.paths),
            ...withSource(src(g.layer)),
            message: `${g.cache.label} left in the image: ${g.paths.length} ${plural(g.paths.length, 'file')}`,
            fix: `Remove ${g.cache.clean} in the same RUN that fills it, or use RUN --mount=type=cache,target=${g.cache.clean}`
        });
    }
    // build-toolchain
    if (opts.hasBuilderStage) {
        for (const tc of toolchains(index.files, index.dirs)) {
            const paths = [];
            const perLayer = new Map();
            const inRoots = underRoot(tc.roots);
            let bytes = 0;
            for (const [path, f] of index.files) {
                if (!inRoots(path) && !isGccBinary(tc.label, path))
                    continue;
                if (claimed.has(path))
                    continue;
                claimed.add(path);
                bytes += f.size;
                paths.push([path, f.size]);
                perLayer.set(f.layer, (perLayer.get(f.layer) ?? 0) + f.size);
            }
            const layer = argmax(perLayer);
            const source = layer === undefined ? undefined : layer < own ? opts.fromSource : src(layer);
            findings.push({
                rule: 'build-toolchain',
                bytes,
                paths: tc.roots.map(r => `/${r}/`).slice(0, MAX_PATHS),
                ...withSource(source),
                message: `${tc.label} in the final image (${paths.length} ${plural(paths.length, 'file')}) although the Dockerfile has a builder stage`,
                fix: 'Build in the builder stage and COPY --from it only the artifacts into a runtime base image'
            });
        }
    }
    // duplicate-content
    const byHash = new Map();
    for (const [path, f] of index.files) {
        if (f.type !== 'file' || f.sha256 === undefined || f.size < DUPLICATE_MIN_SIZE)
            continue;
        const g = byHash.get(f.sha256) ?? { size: f.size, inodes: new Map() };
        const prev = g.inodes.get(f.inode);
        if (!prev)
            g.inodes.set(f.inode, { path, layer: f.layer, claimed: claimed.has(path) });
        byHash.set(f.sha256, g);
    }
    const dupes = [];
    for (const g of byHash.values()) {
        const copies = [...g.inodes.values()];
        if (copies.length < 2)
            continue;
        const unclaimed = copies.filter(c => !c.claimed);
        // Claimed copies go with another finding's fix; of the others one must stay.
        const savable = Math.max(unclaimed.length - 1, 0);
        if (savable <= 0)
            continue;
        const latest = copies.reduce((a, b) => (b.layer > a.layer ? b : a));
        if (latest.layer < own)
            continue;
        for (const c of unclaimed)
            claimed.add(c.path);
        dupes.push({
            rule: 'duplicate-content',
            bytes: savable * g.size,
            paths: copies
                .map(c => `/${c.path}`)
                .sort()
                .slice(0, MAX_PATHS),
            ...withSource(src(latest.layer)),
            message: `The same ${g.size.toLocaleString('en-US')}-byte content at ${copies.length} paths`,
            fix: 'Copy it once and link the other paths to it (ln or ln -s), or drop the extra copies'
        });
    }
    findings.push(...dupes);
    // readded-file
    const readded = new Map();
    for (const r of index.rewritten) {
        if (!r.sameContent || r.size === 0 || r.by < own)
            continue;
        const key = `${r.layer}>${r.by}`;
        const g = readded.get(key) ?? {
            layer: r.layer,
            by: r.by,
            bytes: 0,
            paths: [],
            changed: new Set()
        };
        g.bytes += r.size;
        g.paths.push([r.path, r.size]);
        for (const c of r.changed)
            g.changed.add(c);
        readded.set(key, g);
    }
    for (const g of readded.values()) {
        const what = g.changed.size > 0 ? [...g.changed].sort().join(', ') : 'nothing';
        const first = src(g.layer);
        findings.push({
            rule: 'readded-file',
            bytes: g.bytes,
            paths: topPaths(g.paths),
            ...withSource(src(g.by)),
            message: `${g.paths.length} ${plural(g.paths.length, 'file')} written again with the same content (changed: ${what})${first ? `, first written by line ${first.line}` : ''}: the image stores ${g.paths.length === 1 ? 'it' : 'them'} twice`,
            fix: 'Set mode and owner where the file is copied (COPY --chmod=… --chown=…), or change them in the builder stage'
        });
    }
    // deleted-later
    const deleted = new Map();
    for (const r of index.removed) {
        if (r.size === 0 || r.layer < own)
            continue;
        const key = `${r.layer}>${r.removedBy}`;
        const g = deleted.get(key) ?? { layer: r.layer, by: r.removedBy, bytes: 0, paths: [] };
        g.bytes += r.size;
        g.paths.push([r.path, r.size]);
        deleted.set(key, g);
    }
    for (const g of deleted.values()) {
        const by = src(g.by);
        findings.push({
            rule: 'deleted-later',
            bytes: g.bytes,
            paths: topPaths(g.paths),
            ...withSource(src(g.layer)),
            message: `${g.paths.length} ${plural(g.paths.length, 'file')} written here ${by ? `and deleted by line ${by.line}` : 'and deleted by a later layer'}: the layer still stores ${g.paths.length === 1 ? 'it' : 'them'}`,
            fix: 'Delete them in the same RUN that creates them, or create them in a build stage'
        });
    }
    // Largest first; at most MAX_FINDINGS_PER_RULE per rule.
    const perRule = new Map();
    return findings
        .filter(f => f.bytes >= minBytes)
        .sort((a, b) => b.bytes - a.bytes || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))
        .filter(f => {
        const n = (perRule.get(f.rule) ?? 0) + 1;
        perRule.set(f.rule, n);
        return n <= MAX_FINDINGS_PER_RULE;
    });
}
/** Σ bytes over findings: what `max-findings-size` compares with its limit. */
function findingsBytes(findings) {
    return findings.reduce((sum, f) => sum + f.bytes, 0);
}
function isGccBinary(label, path) {
    return (label === 'GCC' &&
        /^usr\/bin\/(?:[a-z0-9_]+-linux-gnu-)?(?:gcc|cc|g\+\+|c\+\+|cpp)(?:-\d+)?$/.test(path));
}
function topPaths(paths) {
    return paths
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, MAX_PATHS)
        .map(p => `/${p[0]}`);
}
function argmax(m) {
    let best;
    let bestBytes = -1;
    for (const [k, v] of m) {
        if (v > bestBytes) {
            best = k;
            bestBytes = v;
        }
    }
    return best;
}
function withSource(source) {
    return source ? { source } : {};
}
function plural(n, word) {
    return n === 1 ? word : `${word}s`;
}


/***/ }),

/***/ 1388:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $_: () => (/* binding */ compareWithBaseline),
/* harmony export */   KW: () => (/* binding */ parseIncrease),
/* harmony export */   ir: () => (/* binding */ evaluateIncrease)
/* harmony export */ });
/* unused harmony export INCREASE_FORMS */
/* harmony import */ var _budgets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6553);
/* harmony import */ var _report_markdown_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5402);
/* harmony import */ var _report_baseline_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4351);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3052);
/**
 * Final image vs baseline: the change with its `min-change` verdict, and the `max-increase`
 * budget. Pure: no I/O.
 */





/** The accepted `max-increase` forms, for error messages. */
const INCREASE_FORMS = `${_units_js__WEBPACK_IMPORTED_MODULE_2__/* .SIZE_FORMS */ .qy}; or a percentage of the baseline, e.g. 5% or 0.5%`;
/**
 * The change from `baseline` to `final` ({@link compareToBaseline} of `src/report/baseline.ts`,
 * which the markdown renders), with the compressed change in percent and the `min-change` verdict.
 *
 * @param minChange bytes ≥ 0 (input `min-change`, default {@link DEFAULT_MIN_CHANGE} = 1 kB): a
 *   change whose absolute uncompressed value is below it is `unchanged` — the same rule the
 *   markdown applies (`|change| < minChange`).
 * @param budgets the run's budget results ({@link evaluateIncrease}'s among them): a failed
 *   `max-increase` is never hidden, so with one the change is not `unchanged` whatever its size.
 * @returns `change` (bytes, signed), `changePercent` (of the baseline's uncompressed size, 0 for
 *   an empty baseline), `compressedChange`/`compressedChangePercent` when both images have a
 *   compressed size of the same kind (both exact or both estimates; see `compressedPair`), `unchanged`.
 * @throws Error when `minChange` is not a non-negative integer.
 */
function compareWithBaseline(final, baseline, minChange = _report_markdown_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_MIN_CHANGE */ .M0, budgets = []) {
    if (!Number.isSafeInteger(minChange) || minChange < 0) {
        throw new Error(`Input min-change: ${minChange} is not a size. Expected a byte count ≥ 0 (${_units_js__WEBPACK_IMPORTED_MODULE_2__/* .SIZE_FORMS */ .qy}).`);
    }
    const comparison = (0,_report_baseline_js__WEBPACK_IMPORTED_MODULE_3__/* .compareToBaseline */ .WD)(final, baseline);
    const result = {
        ...comparison,
        unchanged: Math.abs(comparison.change) < minChange && !(0,_budgets_js__WEBPACK_IMPORTED_MODULE_0__/* .increaseFailed */ .MD)(budgets)
    };
    const pair = (0,_report_baseline_js__WEBPACK_IMPORTED_MODULE_3__/* .compressedPair */ .oF)(final, baseline);
    if (comparison.compressedChange !== undefined && pair) {
        result.compressedChangePercent =
            pair.baseline > 0 ? (comparison.compressedChange / pair.baseline) * 100 : 0;
    }
    return result;
}
/**
 * Parses `max-increase`: a size (`5MB`, `512 KiB`, `0`: bytes, see `parseSize`) or a percentage of
 * the baseline (`5%`, `0.5%`, `0%`; above 100% allowed: a baseline may double).
 *
 * @returns `{ bytes }` (an integer ≥ 0) or `{ fraction }` (≥ 0; `5%` → 0.05).
 * @throws Error naming `inputName` and {@link INCREASE_FORMS} for anything else: a negative
 *   value, a bare fraction without `%` (`0.05`, ambiguous), an unknown unit.
 */
function parseIncrease(value, inputName) {
    const text = value.trim();
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
    if (percent)
        return { fraction: Number(percent[1]) / 100 };
    try {
        return { bytes: (0,_units_js__WEBPACK_IMPORTED_MODULE_2__/* .parseSize */ .DB)(text, inputName) };
    }
    catch {
        throw new Error(`Input ${inputName}: "${value}" is not a size or a percentage. Expected ${INCREASE_FORMS}.`);
    }
}
/**
 * The `max-increase` budget: how much the final image may grow over the baseline. Applied to the
 * uncompressed size and, when two compressed sizes of one kind exist (`compressedPair`: both
 * exact, or both estimates), to the compressed size. Growth
 * equal to the limit passes; shrinking always passes.
 *
 * - `{ bytes }`: actual = final − baseline, in bytes (unit `bytes`).
 * - `{ fraction }`: actual = (final − baseline) / baseline (unit `ratio`; 0.05 = 5%).
 *
 * @returns one result for the uncompressed size, then one for the compressed size when both are
 *   known (its subject says "(estimate)" when either side is a gzip estimate).
 * @throws Error naming max-increase when a percentage limit meets a baseline of 0 bytes (no
 *   percentage of nothing).
 */
function evaluateIncrease(limit, final, baseline) {
    const results = [
        increase(limit, 'final image size increase over the baseline', final.size, baseline.size)
    ];
    const pair = (0,_report_baseline_js__WEBPACK_IMPORTED_MODULE_3__/* .compressedPair */ .oF)(final, baseline);
    if (pair) {
        results.push(increase(limit, `final image compressed size increase over the baseline${pair.exact ? '' : ' (estimate)'}`, pair.final, pair.baseline));
    }
    return results;
}
function increase(limit, subject, finalSize, baselineSize) {
    const change = finalSize - baselineSize;
    if ('bytes' in limit) {
        const passed = change <= limit.bytes;
        const message = passed
            ? `${subject} ${(0,_budgets_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBudgetValue */ .Y1)('bytes', change)} is within max-increase ${(0,_units_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(limit.bytes)}`
            : `${subject} ${(0,_budgets_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBudgetValue */ .Y1)('bytes', change)} exceeds max-increase ${(0,_units_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(limit.bytes)} by ${(0,_budgets_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBudgetValue */ .Y1)('bytes', change - limit.bytes)}`;
        return {
            name: 'max-increase',
            subject,
            unit: 'bytes',
            limit: limit.bytes,
            actual: change,
            passed,
            message
        };
    }
    if (baselineSize <= 0) {
        throw new Error(`Input max-increase: a percentage needs a baseline larger than 0 bytes (${subject}: the baseline is ${baselineSize} bytes). Give max-increase in bytes instead, e.g. 5MB.`);
    }
    const actual = change / baselineSize;
    // Compared in bytes with a relative tolerance far below one byte: `1.1%` is not exact in binary,
    // and growth of exactly 1.1% must pass (equal passes).
    const passed = change <= limit.fraction * baselineSize * (1 + 1e-12);
    const growth = `${(0,_budgets_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBudgetValue */ .Y1)('ratio', actual)}, ${(0,_units_js__WEBPACK_IMPORTED_MODULE_2__/* .formatBytes */ .z3)(change)}`;
    const message = passed
        ? `${subject} ${growth} is within max-increase ${(0,_units_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPercent */ .l9)(limit.fraction)}`
        : `${subject} ${growth} exceeds max-increase ${(0,_units_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPercent */ .l9)(limit.fraction)} by ${(0,_units_js__WEBPACK_IMPORTED_MODULE_2__/* .formatPercentagePoints */ .$x)(actual - limit.fraction)}`;
    return {
        name: 'max-increase',
        subject,
        unit: 'ratio',
        limit: limit.fraction,
        actual,
        passed,
        message
    };
}


/***/ }),

/***/ 4089:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S4: () => (/* binding */ REPORT_LIMITS),
/* harmony export */   sX: () => (/* binding */ REPORT_SCHEMA_V2),
/* harmony export */   zF: () => (/* binding */ REPORT_SCHEMA_V1)
/* harmony export */ });
/* unused harmony export REPORT_SCHEMA */
/* harmony import */ var _model_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9814);
/**
 * The JSON Schemas (draft 2020-12) of the report. {@link REPORT_SCHEMA} is `schemaVersion: 2`, the
 * `RunReport` type of `src/model.ts` (one entry per image and platform), the one written now;
 * {@link REPORT_SCHEMA_V1} is `schemaVersion: 1`, the `Report` type (one image), still read as a
 * baseline, by `mode: comment` and by `mode: aggregate`. `docs/report.schema.json` (v2) and
 * `docs/report.schema.v1.json` are these objects written out (a unit test keeps them equal); they
 * live in code so the bundled action carries them.
 *
 * A report read back (`baseline-report`, `mode: comment`, `mode: aggregate`) is untrusted input, so
 * every string has a maximum length and every list a maximum size; the file as a whole is capped
 * by the loader. Properties the schema does not name are allowed: within a schema version the
 * report only grows by optional fields, and a reader ignores what it does not know. A change that
 * removes, renames or retypes a field takes a new schema version.
 */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Limits on untrusted text and lists, generous for real reports. */
const REPORT_LIMITS = {
    /** References, paths, file names. */
    path: 4096,
    /** Stage names, platforms, keywords, versions. */
    name: 256,
    /** Instruction text and history `created_by` (a long `RUN` with a heredoc). */
    command: 65_536,
    /** Sentences for people: reasons, budget messages and subjects. */
    text: 4096,
    /** Layers of one image (engines stop at 125–127; other tools may go further). */
    layers: 1000,
    /** Top-N lists (top wasted paths, largest files; the action writes 10). */
    topList: 1000,
    /** Stages, candidates, build args, `copiesFrom`. */
    entries: 1000,
    /** Budget results (the action has 7 budgets, 2 results for max-increase). */
    budgets: 100,
    /** Rows of `changes`, `packages` and `findings` (the action writes at most 200, all, 50). */
    rows: 20_000,
    /** Entries of a file tree summary (the action writes at most 5,000 files and 2,000 directories). */
    treeEntries: 100_000,
    /** Entries (image × platform) of a schema-2 run, and of the run `mode: aggregate` merges. */
    images: 1000
};
const bytes = { type: 'integer', minimum: 0, maximum: MAX_SAFE };
const signedBytes = { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE };
const count = { type: 'integer', minimum: 0, maximum: MAX_SAFE };
const string = (maxLength) => ({
    type: 'string',
    maxLength
});
const name = string(REPORT_LIMITS.name);
const path = string(REPORT_LIMITS.path);
const text = string(REPORT_LIMITS.text);
/** OCI digest grammar (image-spec `descriptor.md`), bounded. */
const digest = {
    type: 'string',
    maxLength: 256,
    pattern: '^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$'
};
/** RFC 3339 date-time, as `Date.prototype.toISOString` writes it. */
const createdAt = {
    type: 'string',
    maxLength: 64,
    description: 'RFC 3339 date-time (Date.prototype.toISOString).',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})$'
};
/** The tool that wrote the report. */
const tool = {
    type: 'object',
    required: ['name', 'version'],
    properties: { name: { const: 'image-size-budget' }, version: name }
};
/**
 * The properties of one image on one platform (`ImageResult`): the body of a schema-1 report and
 * of each entry of a schema-2 run. Required: `final`, `budgets`, `passed`.
 */
const IMAGE_RESULT_PROPERTIES = {
    build: {
        type: 'object',
        required: ['context', 'file', 'target', 'engine'],
        properties: {
            context: path,
            file: path,
            target: name,
            engine: { $ref: '#/$defs/engineKind' },
            builder: {
                type: 'object',
                description: 'buildx only: the builder that built the image (`docker buildx ls`) and its driver (`docker`, `docker-container`, `kubernetes`, `remote`).',
                required: ['name'],
                properties: { name, driver: name }
            },
            buildArgNames: {
                type: 'array',
                description: 'The build-args keys; their values are never written (they may be secrets).',
                maxItems: REPORT_LIMITS.entries,
                items: name
            },
            buildArgs: {
                description: 'Older reports only: build-args keys and values. No longer written.',
                type: 'object',
                maxProperties: REPORT_LIMITS.entries,
                propertyNames: name,
                additionalProperties: string(REPORT_LIMITS.command)
            }
        }
    },
    stageChoice: { $ref: '#/$defs/stageChoice' },
    final: { $ref: '#/$defs/imageMeasurement' },
    builder: { $ref: '#/$defs/imageMeasurement' },
    comparison: { $ref: '#/$defs/builderComparison' },
    baseline: { $ref: '#/$defs/imageMeasurement' },
    baselineComparison: { $ref: '#/$defs/baselineComparison' },
    changes: {
        type: 'array',
        description: 'File changes against the baseline, folded by directory, largest first.',
        maxItems: REPORT_LIMITS.rows,
        items: { $ref: '#/$defs/fileChange' }
    },
    changesOmitted: {
        type: 'object',
        required: ['rows', 'change'],
        properties: { rows: count, change: signedBytes }
    },
    packages: {
        type: 'array',
        description: 'OS package changes against the baseline (dpkg, apk), largest first.',
        maxItems: REPORT_LIMITS.rows,
        items: { $ref: '#/$defs/packageChange' }
    },
    findings: {
        type: 'array',
        description: 'Findings with fixes on the final image, largest first.',
        maxItems: REPORT_LIMITS.rows,
        items: { $ref: '#/$defs/finding' }
    },
    budgets: {
        type: 'array',
        maxItems: REPORT_LIMITS.budgets,
        items: { $ref: '#/$defs/budgetResult' }
    },
    passed: { type: 'boolean' }
};
/** Definitions both schema versions share, referenced as `#/$defs/<name>`. */
const DEFS = {
    engineKind: { enum: ['buildx', 'buildkit', 'classic'] },
    sourceLocation: {
        type: 'object',
        required: ['file', 'line'],
        properties: { file: path, line: { type: 'integer', minimum: 1, maximum: MAX_SAFE } }
    },
    stageList: { type: 'array', maxItems: REPORT_LIMITS.entries, items: name },
    instruction: {
        type: 'object',
        required: ['keyword', 'args', 'stage', 'location'],
        properties: {
            keyword: string(64),
            args: string(REPORT_LIMITS.command),
            stage: name,
            location: { $ref: '#/$defs/sourceLocation' },
            copiesFrom: { $ref: '#/$defs/stageList' }
        }
    },
    stageChoice: {
        type: 'object',
        required: ['target', 'candidates', 'reason'],
        properties: {
            target: name,
            builder: name,
            candidates: { $ref: '#/$defs/stageList' },
            reason: text,
            copiedBytes: {
                type: 'object',
                maxProperties: REPORT_LIMITS.entries,
                propertyNames: name,
                additionalProperties: bytes
            }
        }
    },
    layer: {
        type: 'object',
        required: ['index', 'diffId', 'size', 'createdBy'],
        properties: {
            index: count,
            diffId: digest,
            size: bytes,
            compressedSize: bytes,
            createdBy: string(REPORT_LIMITS.command),
            instruction: { $ref: '#/$defs/instruction' },
            base: { type: 'boolean' }
        }
    },
    compressedSize: {
        type: 'object',
        required: ['size', 'exact'],
        properties: { size: bytes, exact: { type: 'boolean' }, estimate: bytes }
    },
    wastedPath: {
        type: 'object',
        required: ['path', 'removableBytes', 'cumulativeBytes', 'layers'],
        properties: {
            path,
            removableBytes: bytes,
            cumulativeBytes: bytes,
            layers: { type: 'array', maxItems: REPORT_LIMITS.layers, items: count }
        }
    },
    fileSize: {
        type: 'object',
        required: ['path', 'size', 'layer'],
        properties: { path, size: bytes, layer: count }
    },
    wasteReport: {
        type: 'object',
        required: ['efficiency', 'removableBytes', 'topPaths', 'largestFiles'],
        properties: {
            efficiency: { type: 'number', minimum: 0, maximum: 1 },
            removableBytes: bytes,
            topPaths: {
                type: 'array',
                maxItems: REPORT_LIMITS.topList,
                items: { $ref: '#/$defs/wastedPath' }
            },
            largestFiles: {
                type: 'array',
                maxItems: REPORT_LIMITS.topList,
                items: { $ref: '#/$defs/fileSize' }
            }
        }
    },
    baseSplit: {
        type: 'object',
        required: ['image', 'size', 'layerCount', 'addedSize'],
        properties: { image: path, size: bytes, layerCount: count, addedSize: signedBytes }
    },
    imageMeasurement: {
        type: 'object',
        required: ['ref', 'id', 'platform', 'size', 'layers'],
        properties: {
            ref: path,
            id: digest,
            stage: name,
            platform: name,
            size: bytes,
            // The engine's own inspect .Size where it means something else (containerd image store).
            engineSize: bytes,
            compressed: { $ref: '#/$defs/compressedSize' },
            layers: { type: 'array', maxItems: REPORT_LIMITS.layers, items: { $ref: '#/$defs/layer' } },
            waste: { $ref: '#/$defs/wasteReport' },
            base: { $ref: '#/$defs/baseSplit' },
            fileTree: { $ref: '#/$defs/fileTree' }
        }
    },
    changeSource: {
        type: 'object',
        required: ['file', 'line', 'instruction'],
        properties: {
            file: path,
            line: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
            instruction: text
        }
    },
    fileChange: {
        type: 'object',
        required: ['path', 'kind', 'change'],
        properties: {
            path,
            kind: { enum: ['added', 'removed', 'grew', 'shrank'] },
            before: bytes,
            after: bytes,
            change: signedBytes,
            files: count,
            source: { $ref: '#/$defs/changeSource' }
        }
    },
    packageChange: {
        type: 'object',
        required: ['manager', 'name', 'kind', 'change'],
        properties: {
            manager: { enum: ['dpkg', 'apk'] },
            name,
            kind: { enum: ['added', 'removed', 'changed'] },
            beforeVersion: name,
            afterVersion: name,
            before: bytes,
            after: bytes,
            change: signedBytes,
            source: { $ref: '#/$defs/changeSource' }
        }
    },
    finding: {
        type: 'object',
        required: ['rule', 'bytes', 'paths', 'message', 'fix'],
        properties: {
            rule: {
                enum: [
                    'package-cache',
                    'readded-file',
                    'deleted-later',
                    'duplicate-content',
                    'build-toolchain'
                ]
            },
            bytes,
            paths: { type: 'array', maxItems: REPORT_LIMITS.topList, items: path },
            source: { $ref: '#/$defs/changeSource' },
            message: text,
            fix: text
        }
    },
    fileTree: {
        type: 'object',
        description: 'A bounded summary of the final filesystem, for later runs to diff against: files of at least minFileSize bytes as [path, bytes], the rest as directory totals [path, bytes, files], installed OS packages as [manager, name, version, bytes]. Paths have no leading slash.',
        required: ['minFileSize', 'files', 'dirs'],
        properties: {
            minFileSize: bytes,
            files: {
                type: 'array',
                maxItems: REPORT_LIMITS.treeEntries,
                items: {
                    type: 'array',
                    prefixItems: [path, bytes],
                    minItems: 2,
                    maxItems: 2
                }
            },
            dirs: {
                type: 'array',
                maxItems: REPORT_LIMITS.treeEntries,
                items: {
                    type: 'array',
                    prefixItems: [path, bytes, count],
                    minItems: 3,
                    maxItems: 3
                }
            },
            truncated: { type: 'boolean' },
            packages: {
                type: 'array',
                maxItems: REPORT_LIMITS.treeEntries,
                items: {
                    type: 'array',
                    prefixItems: [{ enum: ['dpkg', 'apk'] }, name, name, bytes],
                    minItems: 4,
                    maxItems: 4
                }
            }
        }
    },
    budgetResult: {
        type: 'object',
        required: ['name', 'subject', 'unit', 'limit', 'actual', 'passed', 'message'],
        properties: {
            name: {
                enum: [..._model_js__WEBPACK_IMPORTED_MODULE_0__/* .BUDGET_NAMES */ .N]
            },
            subject: text,
            unit: { enum: ['bytes', 'ratio', 'count'] },
            limit: { type: 'number' },
            actual: { type: 'number' },
            passed: { type: 'boolean' },
            message: text
        }
    },
    builderComparison: {
        type: 'object',
        required: ['saved', 'ratio', 'percentSaved'],
        properties: {
            saved: signedBytes,
            ratio: { type: 'number', minimum: 0 },
            percentSaved: { type: 'number' }
        }
    },
    baselineComparison: {
        type: 'object',
        required: ['change', 'changePercent'],
        properties: {
            change: signedBytes,
            changePercent: { type: 'number' },
            compressedChange: signedBytes,
            compressedChangePercent: { type: 'number' },
            unchanged: { type: 'boolean' }
        }
    }
};
/** The schema of `schemaVersion: 1` (one image): read, no longer written. */
const REPORT_SCHEMA_V1 = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:image-size-budget:report:1',
    title: 'image-size-budget report, schemaVersion 1',
    description: 'The JSON report of the image-size-budget action and CLI. Sizes are integer bytes. Properties not named here are allowed (later versions of schema 1 only add optional fields); strings and lists are bounded because a report read back is untrusted input.',
    type: 'object',
    required: ['schemaVersion', 'tool', 'createdAt', 'final', 'budgets', 'passed'],
    properties: {
        schemaVersion: { const: 1 },
        tool,
        createdAt,
        ...IMAGE_RESULT_PROPERTIES
    },
    $defs: DEFS
};
/** The schema of `schemaVersion: 2` (a run: one entry per image and platform): written now. */
const REPORT_SCHEMA_V2 = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:image-size-budget:report:2',
    title: 'image-size-budget report, schemaVersion 2',
    description: "The JSON report of the image-size-budget action and CLI: one run, one entry per image and platform, and the run's verdict. Sizes are integer bytes. Properties not named here are allowed (later versions of schema 2 only add optional fields); strings and lists are bounded because a report read back is untrusted input. Schema 1 (one image, the entry's fields at the top level) is docs/report.schema.v1.json.",
    type: 'object',
    required: ['schemaVersion', 'tool', 'createdAt', 'images', 'passed'],
    properties: {
        schemaVersion: { const: 2 },
        tool,
        createdAt,
        images: {
            type: 'array',
            description: 'One entry per image and platform, in the order the run lists images, then platforms. No two entries have the same name and platform.',
            maxItems: REPORT_LIMITS.images,
            items: { $ref: '#/$defs/imageEntry' }
        },
        failures: {
            type: 'array',
            description: 'The images (on a platform) of a run of several whose build or measurement failed, in the order the run lists them; absent when none did. Each has no entry in images, and makes passed false. Build-argument values in them are masked (***).',
            minItems: 1,
            maxItems: REPORT_LIMITS.images,
            items: { $ref: '#/$defs/runFailure' }
        },
        passed: { type: 'boolean', description: 'Every entry passed and no image failed.' }
    },
    // At least one entry, or at least one failure (a run whose every build failed).
    anyOf: [
        { properties: { images: { type: 'array', minItems: 1 } } },
        { required: ['failures'], properties: { failures: { type: 'array', minItems: 1 } } }
    ],
    $defs: {
        runFailure: {
            type: 'object',
            description: 'An image on a platform that failed to build or be measured: what failed, where in the Dockerfile, and the last lines of the build log.',
            required: ['name', 'platform', 'message'],
            properties: {
                name: path,
                platform: name,
                message: text,
                stage: name,
                file: path,
                line: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
                instruction: text,
                exitCode: { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE },
                logTail: { type: 'array', maxItems: 200, items: text }
            }
        },
        imageEntry: {
            type: 'object',
            description: 'One image on one platform: its key (name), the platform measured, and the fields of a schema-1 report other than schemaVersion, tool and createdAt.',
            required: ['name', 'platform', 'final', 'budgets', 'passed'],
            properties: {
                name: path,
                platform: name,
                ...IMAGE_RESULT_PROPERTIES
            }
        },
        ...DEFS
    }
};
/** The schema reports are written in: {@link REPORT_SCHEMA_V2}. */
const REPORT_SCHEMA = (/* unused pure expression or super */ null && (REPORT_SCHEMA_V2));


/***/ }),

/***/ 4309:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $Q: () => (/* binding */ clip),
/* harmony export */   loadRunReport: () => (/* binding */ loadRunReport),
/* harmony export */   selectEntry: () => (/* binding */ selectEntry)
/* harmony export */ });
/* unused harmony exports SUPPORTED_SCHEMA_VERSIONS, MAX_REPORT_BYTES, parseRunReport, loadBaselineReport, parseBaselineReport, runOfReport, formatErrors */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var ajv_dist_2020_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2210);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(646);
/* harmony import */ var _publish_pull_request_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8868);
/* harmony import */ var _report_run_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7093);
/* harmony import */ var _report_schema_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4089);
/**
 * Reading reports of earlier runs: `baseline-report`, `report` in `mode: comment`, `reports` in
 * `mode: aggregate`. Each file is validated against its versioned schema before anything trusts
 * it: schema 2 (a run, {@link RunReport}) and schema 1 (one image, {@link Report}, read as a run of
 * one entry). The file is untrusted: its size is capped, every string and list is bounded by the
 * schema, entries are unique by name and platform, and errors quote at most a few short schema
 * errors. Verdicts (`passed`) are taken as written here; `mode: comment` and `mode: aggregate`
 * recompute them (src/publish/aggregate.ts `recheckRun`).
 */






/** The report schema versions this version of the action reads. */
const SUPPORTED_SCHEMA_VERSIONS = [1, 2];
/**
 * Reports larger than this are refused before they are read. A real report of one image stays
 * below 1 MB; a run holds one such body per image and platform.
 */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** Below this size an invalid report is validated again collecting every error, to quote a few. */
const ALL_ERRORS_BELOW = 1024 * 1024;
/** Schema errors quoted in a message. */
const QUOTED_ERRORS = 3;
/** Names quoted in a message listing a run's entries. */
const QUOTED_NAMES = 10;
const validators = new Map();
/**
 * The compiled schema of `version` (compiled once per version and mode). `first` stops at the
 * first error, so a large hostile file cannot build a huge error list; `all` collects every
 * error, used on small files.
 */
function validator(version, mode) {
    const key = `${version}:${mode}`;
    let compiled = validators.get(key);
    if (!compiled) {
        compiled = new ajv_dist_2020_js__WEBPACK_IMPORTED_MODULE_4__.Ajv2020({ allErrors: mode === 'all', strict: true }).compile(version === 1 ? _report_schema_js__WEBPACK_IMPORTED_MODULE_3__/* .REPORT_SCHEMA_V1 */ .zF : _report_schema_js__WEBPACK_IMPORTED_MODULE_3__/* .REPORT_SCHEMA_V2 */ .sX);
        validators.set(key, compiled);
    }
    return compiled;
}
/**
 * Reads and validates a report file of schema 1 or 2, as a run.
 *
 * @param path the file to read.
 * @param inputName the input that named it (`baseline-report`, `report`, `reports`), quoted in
 *   errors.
 * @returns the run: a schema-2 report as written, a schema-1 report as a run of one entry
 *   ({@link runOfReport}).
 * @throws Error naming `inputName` and the path when the file is missing, not a file, larger than
 *   {@link MAX_REPORT_BYTES}, or not a valid report ({@link parseRunReport}).
 */
async function loadRunReport(path, inputName = 'baseline-report') {
    const what = `Input ${inputName}: "${path}"`;
    return parseRunReport(await readReportText(path, what), what);
}
/**
 * Parses and validates report text of schema 1 or 2, as a run. Pure.
 *
 * @param what names the input in errors, e.g. `Input baseline-report: "report.json"`.
 * @throws Error starting with `what`: not JSON (with the parser's message), not an object, a
 *   `schemaVersion` other than {@link SUPPORTED_SCHEMA_VERSIONS} (naming it and those), the first
 *   schema errors (JSON pointer and message each), or two entries with the same name and
 *   platform.
 */
function parseRunReport(text, what) {
    const data = validate(text, what);
    if (data.schemaVersion === 1)
        return runOfReport(data);
    const seen = new Set();
    for (const [index, entry] of data.images.entries()) {
        const key = (0,_report_run_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .entryKey */ .k2)(entry);
        if (seen.has(key)) {
            throw new Error(`${what} is not a valid image-size-budget report: /images/${index} repeats the name "${clip(entry.name, 120)}" and platform ${clip(entry.platform, 60)} of an earlier entry.`);
        }
        seen.add(key);
    }
    return data;
}
/**
 * Reads and validates a report file of one image: schema 1, or a schema-2 run of one entry
 * (returned as a schema-1 report with the run's header). For callers that know the report holds
 * one image; a run of several needs {@link loadRunReport} and {@link selectEntry}.
 *
 * @throws Error naming `inputName` and the path as {@link loadRunReport} does, and when a run
 *   holds several entries (naming them).
 */
async function loadBaselineReport(path, inputName = 'baseline-report') {
    const what = `Input ${inputName}: "${path}"`;
    return parseBaselineReport(await readReportText(path, what), what);
}
/**
 * Parses and validates report text of one image, as {@link loadBaselineReport}. Pure.
 *
 * @throws Error starting with `what`, as {@link parseRunReport}, and when a run holds several
 *   entries.
 */
function parseBaselineReport(text, what) {
    const data = validate(text, what);
    if (data.schemaVersion === 1)
        return data;
    const run = parseRunReport(text, what);
    const [only, ...others] = run.images;
    if (!only || others.length > 0) {
        throw new Error(`${what} holds ${run.images.length} images (${entryNames(run)}); expected a report of one image here.`);
    }
    return entryReport(run, only);
}
/**
 * A schema-1 report as a run of one entry. Its name is what that version keyed the image by
 * (the default comment key): `<build.file>:<build.target>` when it was built, else the image
 * repository of `final.ref` (tag and digest dropped); its platform is `final.platform`. Pure.
 */
function runOfReport(report) {
    const { schemaVersion: _version, tool, createdAt, ...result } = report;
    const name = result.build
        ? `${result.build.file}:${result.build.target}`
        : (0,_publish_pull_request_js__WEBPACK_IMPORTED_MODULE_5__/* .imageRepository */ .an)(result.final.ref);
    return {
        schemaVersion: 2,
        tool,
        createdAt,
        images: [{ name, platform: result.final.platform, ...result }],
        passed: result.passed
    };
}
/**
 * The entry of `run` to compare the image `name` on `platform` with (`baseline-report`): the
 * entry with that name and platform; else the only entry with that name (another platform:
 * `match: 'platform'`); else the run's only entry (another name: `match: 'only'`). The caller
 * warns when `match` is not `exact`. Pure.
 *
 * @param inputName the input that named the run, quoted in errors.
 * @throws Error naming `inputName`, the name and platform sought and the entries present when
 *   none fits: no entry of that name in a run of several, or several entries of that name on
 *   other platforms.
 */
function selectEntry(run, name, platform, inputName) {
    const exact = run.images.find(entry => entry.name === name && entry.platform === platform);
    if (exact)
        return { entry: exact, match: 'exact' };
    const named = run.images.filter(entry => entry.name === name);
    const [first] = named;
    if (first && named.length === 1)
        return { entry: first, match: 'platform' };
    const [only] = run.images;
    if (only && named.length === 0 && run.images.length === 1)
        return { entry: only, match: 'only' };
    const sought = `"${clip(name, 120)}" on ${clip(platform, 60)}`;
    throw new Error(named.length > 1
        ? `Input ${inputName}: the report has no entry for ${sought}; it has that image on ${named.map(entry => clip(entry.platform, 60)).join(', ')} only. Measure the same platforms, or compare with a report of this platform.`
        : `Input ${inputName}: the report has no image named ${sought}; it has ${entryNames(run)}. Give the image the same name (config name, bake target or comment-key) as in the run that wrote the report.`);
}
/** `"a" (linux/amd64), "b" (linux/arm64), … and 3 more`, quoted and clipped. */
function entryNames(run) {
    const shown = run.images
        .slice(0, QUOTED_NAMES)
        .map(entry => `"${clip(entry.name, 120)}" (${clip(entry.platform, 60)})`);
    const more = run.images.length > QUOTED_NAMES ? ` and ${run.images.length - QUOTED_NAMES} more` : '';
    return `${shown.join(', ')}${more}`;
}
/** The text of a report file, after checking it is a regular file within the size cap. */
async function readReportText(path, what) {
    let size;
    try {
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(path);
        if (!info.isFile())
            throw new Error('not a regular file');
        // A link into /proc (a job's environment) is no report, and its text must not be quoted.
        if ((0,_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .isUnderSpecialRoot */ .G)(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(path))) {
            throw new Error(`it leads under ${_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .SPECIAL_ROOTS */ .Yk.join(', ')}`);
        }
        size = info.size;
    }
    catch (error) {
        throw new Error(`${what} cannot be read (${error.message}). Expected the path of a JSON report written by image-size-budget (its report output), e.g. downloaded from the base branch's artifact.`, { cause: error });
    }
    if (size > MAX_REPORT_BYTES) {
        throw new Error(`${what} is ${size} bytes, more than the ${MAX_REPORT_BYTES} bytes a report may have.`);
    }
    return (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
}
/** Parses `text` and validates it against the schema of its `schemaVersion`. */
function validate(text, what) {
    if (text.length > MAX_REPORT_BYTES) {
        throw new Error(`${what} is longer than the ${MAX_REPORT_BYTES} bytes a report may have.`);
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`${what} is not valid JSON (${clip(error.message, 200)}). Expected a report written by image-size-budget.`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new Error(`${what} is not a JSON object. Expected a report written by image-size-budget.`);
    }
    const version = data['schemaVersion'];
    if (version !== undefined && !SUPPORTED_SCHEMA_VERSIONS.includes(version)) {
        const shown = typeof version === 'number' ? String(version) : clip(JSON.stringify(version), 40);
        throw new Error(`${what} has schemaVersion ${shown}; this version of image-size-budget reads schemaVersion ${SUPPORTED_SCHEMA_VERSIONS.join(', ')}. Produce the report with a matching version of the action, or update the action.`);
    }
    // Without a schemaVersion, schema 2's errors say what is missing (a new report's shape).
    const schema = version === 1 ? 1 : 2;
    const first = validator(schema, 'first');
    if (!first(data)) {
        let errors = first.errors ?? [];
        if (text.length < ALL_ERRORS_BELOW) {
            const all = validator(schema, 'all');
            all(data);
            errors = all.errors ?? errors;
        }
        throw new Error(`${what} is not a valid image-size-budget report (schema version ${schema}): ${formatErrors(errors)}`);
    }
    return data;
}
/** `"/final/size must be integer; …"`: JSON pointer (or `/`) and message, first few, clipped. */
function formatErrors(errors) {
    const shown = errors.slice(0, QUOTED_ERRORS).map(error => {
        const where = clip(error.instancePath || '/', 120);
        const extra = error.keyword === 'enum' || error.keyword === 'const'
            ? ` (${clip(JSON.stringify(error.params), 120)})`
            : '';
        return `${where} ${error.message ?? error.keyword}${extra}`;
    });
    const more = errors.length > QUOTED_ERRORS ? `; and ${errors.length - QUOTED_ERRORS} more` : '';
    return `${shown.join('; ')}${more}`;
}
/** `text` cut to at most `max` UTF-16 code units, an ellipsis marking the cut (for messages). */
function clip(text, max) {
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}


/***/ }),

/***/ 6553:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A1: () => (/* binding */ evaluateBudgets),
/* harmony export */   Aq: () => (/* binding */ budgetRowKind),
/* harmony export */   Ek: () => (/* binding */ recheckBudgets),
/* harmony export */   MD: () => (/* binding */ increaseFailed),
/* harmony export */   Y1: () => (/* binding */ formatBudgetValue),
/* harmony export */   aM: () => (/* binding */ breaches)
/* harmony export */ });
/* unused harmony exports budgetRowPasses, formatExcess */
/* harmony import */ var _analyze_findings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6664);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3052);
/**
 * Budgets: limits from the inputs against the measured numbers. Pure. A value equal to its limit
 * passes; `min-efficiency` is a floor, every other budget a ceiling.
 */


/**
 * Evaluates every budget that has a limit, in a fixed order (size, compressed size, ratio,
 * layers, wasted size, efficiency).
 *
 * @throws Error when a budget needs a number that was not measured: `max-ratio` without a builder
 *   image, `max-compressed-size` with `compressed: none`, `max-wasted-size`/`min-efficiency`
 *   without a waste analysis. The message names the budget input and what is missing.
 */
function evaluateBudgets(budgets, subject) {
    const { final, builder } = subject;
    const results = [];
    if (budgets.maxSize !== undefined) {
        results.push(ceiling('max-size', 'final image', 'bytes', budgets.maxSize, final.size));
    }
    if (budgets.maxCompressedSize !== undefined) {
        if (!final.compressed) {
            throw new Error('Input max-compressed-size: the compressed size was not measured (compressed: none). Set compressed to final or all.');
        }
        const label = final.compressed.exact
            ? 'final image compressed'
            : 'final image compressed (estimate)';
        results.push(ceiling('max-compressed-size', label, 'bytes', budgets.maxCompressedSize, final.compressed.size));
    }
    if (budgets.maxRatio !== undefined) {
        if (!builder) {
            throw new Error('Input max-ratio: there is no builder stage to compare with: the Dockerfile has a single stage or its final stage copies from no other stage, or the image input was given without builder-image or builder-target. Remove max-ratio, or set builder-target or builder-image.');
        }
        results.push(ceiling('max-ratio', 'final/builder size ratio', 'ratio', budgets.maxRatio, final.size / builder.size));
    }
    if (budgets.maxLayers !== undefined) {
        results.push(ceiling('max-layers', 'final image layers', 'count', budgets.maxLayers, final.layers.length));
    }
    if (budgets.maxWastedSize !== undefined || budgets.minEfficiency !== undefined) {
        if (!final.waste) {
            throw new Error('Inputs max-wasted-size and min-efficiency need the waste analysis of the final image, which did not run.');
        }
        if (budgets.maxWastedSize !== undefined) {
            results.push(ceiling('max-wasted-size', 'final image removable (wasted) bytes', 'bytes', budgets.maxWastedSize, final.waste.removableBytes));
        }
        if (budgets.minEfficiency !== undefined) {
            results.push(floor('min-efficiency', 'final image efficiency', budgets.minEfficiency, final.waste.efficiency));
        }
    }
    if (budgets.maxFindingsSize !== undefined) {
        if (!subject.findings) {
            throw new Error('Input max-findings-size needs the findings of the final image (its files were not read). Remove max-findings-size, or let the final image be read.');
        }
        results.push(ceiling('max-findings-size', 'bytes the findings would save', 'bytes', budgets.maxFindingsSize, (0,_analyze_findings_js__WEBPACK_IMPORTED_MODULE_0__/* .findingsBytes */ .OX)(subject.findings)));
    }
    return results;
}
/**
 * Whether a budget row passes, decided from its own limit and actual value, never from its
 * `passed` field: `min-efficiency` is a floor (actual ≥ limit), every other budget a ceiling
 * (actual ≤ limit); equal passes. A `max-increase` percentage allows a relative 1e-12 (far below
 * one byte of any image), as `evaluateIncrease` does, so growth of exactly `1.1%` (inexact in
 * binary) passes. A limit or actual that is not a finite number fails.
 */
function budgetRowPasses(row) {
    const { limit, actual } = row;
    if (!Number.isFinite(limit) || !Number.isFinite(actual))
        return false;
    // Only a change (max-increase) can be negative; a negative size, ratio or count is forged.
    if (row.name !== 'max-increase' && (actual < 0 || limit < 0))
        return false;
    const slack = row.name === 'max-increase' && row.unit === 'ratio' ? Math.abs(limit) * 1e-12 : 0;
    return row.name === 'min-efficiency' ? actual >= limit - slack : actual <= limit + slack;
}
/**
 * Budget rows from an untrusted report (`mode: comment`), each with `passed` recomputed by
 * {@link budgetRowPasses} from its limit and actual value. A row whose recomputed status differs
 * from its claim also gets a `message` saying so (its own message is not trusted either).
 *
 * @returns new rows in the same order; the input is not changed.
 */
function recheckBudgets(rows) {
    return rows.map(row => {
        const passed = budgetRowPasses(row);
        if (passed === row.passed)
            return { ...row };
        const verdict = passed ? 'passes' : 'fails';
        return {
            ...row,
            passed,
            message: `${row.subject} ${formatBudgetValue(row.unit, row.actual)} ${verdict} ${row.name} ${formatBudgetValue(row.unit, row.limit)} (status recomputed from the limit and the actual value)`
        };
    });
}
/**
 * True when a `max-increase` budget failed: the change over the baseline must then show, however
 * small (`min-change` never folds a failing budget into "unchanged").
 */
function increaseFailed(results) {
    return results.some(result => result.name === 'max-increase' && !result.passed);
}
/** The breaches of `results`, or an empty list. */
function breaches(results) {
    return results.filter(result => !result.passed);
}
/** Formats a budget number for people in its unit: `31.2 MB (31,204,112 bytes)`, `1.34%`, `12`. */
function formatBudgetValue(unit, value) {
    switch (unit) {
        case 'bytes':
            return `${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(value)} (${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytesExact */ .Up)(value)})`;
        case 'ratio':
            // 7 significant digits, so a ratio just over its limit never prints equal to it.
            return `${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(value)} (${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .plainDecimal */ .mr)(value, 7)})`;
        case 'count':
            return String(value);
    }
}
function short(unit, value) {
    if (unit === 'bytes')
        return (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(value);
    if (unit === 'ratio')
        return (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(value);
    return String(value);
}
function ceiling(name, subject, unit, limit, actual) {
    const passed = actual <= limit;
    const value = formatBudgetValue(unit, actual);
    const message = passed
        ? `${subject} ${value} is within ${name} ${short(unit, limit)}`
        : `${subject} ${value} exceeds ${name} ${short(unit, limit)} by ${overBy(unit, actual - limit)}`;
    return { name, subject, unit, limit, actual, passed, message };
}
function floor(name, subject, limit, actual) {
    const passed = actual >= limit;
    const value = formatBudgetValue('ratio', actual);
    const message = passed
        ? `${subject} ${value} meets ${name} ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(limit)}`
        : `${subject} ${value} is below ${name} ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(limit)} by ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercentagePoints */ .$x)(limit - actual)}`;
    return { name, subject, unit: 'ratio', limit, actual, passed, message };
}
/**
 * How far a value is past its limit, for people: bytes as `1.2 MB (1,234,567 bytes)`, a ratio in
 * percentage points (`0.51 percentage points`, no raw fraction: the JSON report keeps exact
 * values), a count as it is.
 */
function formatExcess(unit, excess) {
    return overBy(unit, excess);
}
function overBy(unit, excess) {
    if (unit === 'bytes')
        return `${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(excess)} (${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytesExact */ .Up)(excess)})`;
    if (unit === 'ratio')
        return (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercentagePoints */ .$x)(excess);
    return String(excess);
}
/**
 * Which size a budget row measures, for a budget with rows for both sizes (`max-increase`):
 * `compressed`, `compressed, estimate` or `uncompressed`; undefined when the budget has one row.
 */
function budgetRowKind(row, all) {
    if (all.filter(other => other.name === row.name).length < 2)
        return undefined;
    const subject = row.subject.toLowerCase();
    const kind = subject.includes('compressed') ? 'compressed' : 'uncompressed';
    return `${kind}${subject.includes('estimate') ? ', estimate' : ''}`;
}


/***/ }),

/***/ 4238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k7: () => (/* binding */ Output),
/* harmony export */   lH: () => (/* binding */ TOOL_NAME),
/* harmony export */   pd: () => (/* binding */ Input)
/* harmony export */ });
/** Input and output names: the action's public interface, in one place (action.yml mirrors them). */
const Input = {
    context: 'context',
    file: 'file',
    target: 'target',
    builderTarget: 'builder-target',
    buildArgs: 'build-args',
    image: 'image',
    builderImage: 'builder-image',
    builder: 'builder',
    maxSize: 'max-size',
    maxCompressedSize: 'max-compressed-size',
    maxRatio: 'max-ratio',
    maxLayers: 'max-layers',
    maxWastedSize: 'max-wasted-size',
    minEfficiency: 'min-efficiency',
    maxFindingsSize: 'max-findings-size',
    annotations: 'annotations',
    failOnBudget: 'fail-on-budget',
    compressed: 'compressed',
    report: 'report',
    baseline: 'baseline',
    baselineImage: 'baseline-image',
    baselineReport: 'baseline-report',
    maxIncrease: 'max-increase',
    minChange: 'min-change',
    comment: 'comment',
    commentKey: 'comment-key',
    githubToken: 'github-token',
    mode: 'mode',
    reports: 'reports',
    keepImages: 'keep-images',
    historyBranch: 'history-branch',
    historyLimit: 'history-limit',
    historyRecord: 'history-record',
    historyPage: 'history-page',
    historyTrend: 'history-trend',
    historyFallback: 'history-fallback',
    driftSince: 'drift-since',
    config: 'config',
    bake: 'bake',
    targets: 'targets',
    platforms: 'platforms'
};
const Output = {
    size: 'size',
    builderSize: 'builder-size',
    saved: 'saved',
    ratio: 'ratio',
    layers: 'layers',
    passed: 'passed',
    imageId: 'image-id',
    builderImageId: 'builder-image-id',
    report: 'report',
    compressedSize: 'compressed-size',
    builderCompressedSize: 'builder-compressed-size',
    compressedSizeExact: 'compressed-size-exact',
    efficiency: 'efficiency',
    wasted: 'wasted',
    addedSize: 'added-size',
    baselineSize: 'baseline-size',
    sizeChange: 'size-change',
    sizeChangePercent: 'size-change-percent',
    markdown: 'markdown',
    results: 'results'
};
const TOOL_NAME = 'image-size-budget';


/***/ }),

/***/ 9210:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ locateFailedStep),
/* harmony export */   l: () => (/* binding */ FailedStepReader)
/* harmony export */ });
/* harmony import */ var _build_log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8274);

const RULE = /^-{20}$/;
const SOURCE_HEADER = /^(\S(?:.*\S)?):(\d+)$/;
const BK_ERROR = /^#(\d+) ERROR\b/;
const BK_VERTEX = /^#(\d+) \[([^\]]+)\] (.*)$/;
const BK_SUMMARY = /^\s*> \[([^\]]+)\] (.*?):?\s*$/;
const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
/** Reads a build log, line by line as it streams, for the failing step ({@link FailedStep}). */
class FailedStepReader {
    previous;
    vertices = new Map();
    found = {};
    push(line) {
        const previous = this.previous;
        this.previous = line;
        if (RULE.test(line) && previous !== undefined) {
            const header = SOURCE_HEADER.exec(previous);
            if (header)
                this.found.source = { name: header[1], line: Number(header[2]) };
            return;
        }
        const classic = CLASSIC_STEP.exec(line);
        if (classic) {
            this.found.classic = {
                step: Number(classic[1]),
                total: Number(classic[2]),
                text: classic[3].trim()
            };
            return;
        }
        const vertex = BK_VERTEX.exec(line);
        if (vertex) {
            this.vertices.set(vertex[1], { label: vertex[2], text: vertex[3] ?? '' });
            return;
        }
        const error = BK_ERROR.exec(line);
        if (error) {
            const failed = this.vertices.get(error[1]);
            if (failed)
                this.setBuildKit(failed.label, failed.text);
            return;
        }
        const summary = BK_SUMMARY.exec(line);
        if (summary)
            this.setBuildKit(summary[1], summary[2]);
    }
    /** What the log said so far; undefined when it named no step. */
    result() {
        return Object.keys(this.found).length === 0 ? undefined : { ...this.found };
    }
    setBuildKit(label, text) {
        const tokens = label.trim().split(/\s+/);
        const counter = /^(\d+)\/(\d+)$/.exec(tokens[tokens.length - 1] ?? '');
        if (!counter)
            return;
        const named = tokens.length >= 2 ? tokens[tokens.length - 2] : undefined;
        this.found.buildkit = {
            // A platform prefix (`linux/amd64 2/3`) is not a stage.
            stage: named !== undefined && !named.includes('/') ? named : undefined,
            step: Number(counter[1]),
            total: Number(counter[2]),
            text: text.trim()
        };
    }
}
/** Keywords BuildKit counts as a step after FROM. */
const BUILDKIT_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
/**
 * Maps a {@link FailedStep} to the instruction of `plan` it names, and its line.
 *
 * @param built the ref of the stage the build targeted (`--target`, or the last stage).
 * @param targetName the name the build passed as `--target` when it differs from the stage's
 *   own (an unnamed stage built from a copy named `isb-stage-N`); read as `built`.
 * @returns the stage ref the failure is in (when the log or the plan tells) and the
 *   instruction (with `location.file` the plan's file) when it can be found; `{}` otherwise.
 *   A BuildKit source line is taken as it is; a step number is used only when the instruction
 *   it counts to has the keyword the log shows.
 */
function locateFailedStep(step, plan, built, targetName) {
    if (!step)
        return {};
    const fromLog = (name) => targetName !== undefined && name.toLowerCase() === targetName.toLowerCase()
        ? built
        : (0,_build_log_js__WEBPACK_IMPORTED_MODULE_0__/* .stageRef */ .ml)(name);
    const everyInstruction = plan.stages.flatMap(s => [s.from, ...s.instructions]);
    let stage;
    let instruction;
    if (step.buildkit) {
        const bk = step.buildkit;
        stage = bk.stage !== undefined ? fromLog(bk.stage) : plan.stages.length === 1 ? '0' : undefined;
        const spec = plan.stages.find(s => s.ref === stage);
        if (spec) {
            const steps = [spec.from, ...spec.instructions.filter(i => BUILDKIT_STEPS.has(i.keyword))];
            instruction = sameKeyword(steps[bk.step - 1], bk.text);
        }
    }
    else if (step.classic) {
        const builtIndex = plan.stages.findIndex(s => s.ref === built);
        const stages = plan.stages.slice(0, builtIndex + 1);
        const ran = stages.flatMap(s => [s.from, ...s.instructions]);
        // The ARGs before the first FROM are steps too, and the plan does not list them.
        const metaArgs = step.classic.total - ran.length;
        if (builtIndex >= 0 && metaArgs >= 0) {
            instruction = sameKeyword(ran[step.classic.step - metaArgs - 1], step.classic.text);
        }
        stage = instruction?.stage;
    }
    if (step.source) {
        const line = step.source.line;
        const atLine = everyInstruction.find(i => i.location.line === line);
        if (atLine) {
            instruction = atLine;
            stage = atLine.stage;
        }
        return { stage, instruction, location: { file: plan.file, line } };
    }
    return { stage, instruction, location: instruction?.location };
}
/** `instruction` when the log's step text starts with its keyword, else undefined. */
function sameKeyword(instruction, text) {
    if (!instruction)
        return undefined;
    const keyword = /^\S+/.exec(text)?.[0]?.toUpperCase();
    return keyword === instruction.keyword ? instruction : undefined;
}


/***/ }),

/***/ 8274:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Df: () => (/* binding */ DEFAULT_TAIL_LINES),
/* harmony export */   Sr: () => (/* binding */ cleanLogLine),
/* harmony export */   Xf: () => (/* binding */ BuildLogWatcher),
/* harmony export */   ml: () => (/* binding */ stageRef)
/* harmony export */ });
/* unused harmony export stageOfLabel */
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/**
 * Reads a build log line by line, as it streams: keeps the last lines, counts steps served from
 * cache, and works out which Dockerfile stage a failure happened in. Pure: no I/O.
 *
 * Formats read (as printed by the engines here and documented upstream):
 * - BuildKit / buildx `--progress=plain` (moby/buildkit `util/progress/progressui/printer.go`):
 *   `#5 [builder 2/3] RUN …` opens vertex 5 of stage `builder`; `#5 CACHED`; `#5 ERROR: …`; the
 *   error summary `------ / > [builder 3/3] RUN …: / ------`. Unnamed stages are `stage-N`
 *   (moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`); a single-stage build has no
 *   stage prefix (`[1/2]`).
 * - Classic builder (moby `builder/dockerfile`): `Step 3/5 : FROM image AS name`, ` ---> Using cache`.
 *
 * Every line is cleaned first ({@link cleanLogLine}): colour codes and carriage-return progress
 * are dropped; the docker CLI's legacy-builder deprecation banner never reaches the tail.
 */

/** Lines kept for a failure message. */
const DEFAULT_TAIL_LINES = 30;
/**
 * A stage as the build log names it → the stage ref of `src/model.ts` (`AS` name lower-cased,
 * else the 0-based index as a string): `stage-2` → `2`, `Builder` → `builder`.
 */
function stageRef(logName) {
    const m = /^stage-(\d+)$/.exec(logName);
    return m ? m[1] : logName.toLowerCase();
}
/**
 * The stage named inside a BuildKit step label (`builder 2/3`, `linux/amd64 builder 2/3`,
 * `stage-1 1/2`); undefined for labels without one (`1/2`, `internal`).
 */
function stageOfLabel(label) {
    const tokens = label.trim().split(/\s+/);
    const last = tokens[tokens.length - 1];
    if (tokens.length < 2 || last === undefined || !/^\d+\/\d+$/.test(last))
        return undefined;
    const name = tokens[tokens.length - 2];
    // A platform prefix without a stage name (`linux/amd64 1/2`) is not a stage.
    if (name.includes('/'))
        return undefined;
    return stageRef(name);
}
const BK_VERTEX = /^#(\d+) \[([^\]]+)\]/;
const BK_ERROR = /^#(\d+) ERROR\b/;
const BK_SUMMARY = /^\s*> \[([^\]]+)\]/;
const BK_CACHED = /^#\d+ CACHED\s*$/;
const CLASSIC_FROM = /^Step \d+\/\d+ : FROM\s+(.*?)\s*$/i;
/** Left out of the tail: blank lines and BuildKit 0.8's `#5 sha256:<vertex digest>` lines. */
const TAIL_NOISE = /^\s*$|^#\d+ sha256:[0-9a-f]{64}$/;
const CLASSIC_CACHED = /^\s*---> Using cache\s*$/;
/** The classic builder's ` ---> <image id>` after each step: the image that step left. */
const CLASSIC_IMAGE = /^\s*---> ([0-9a-f]{12,64})\s*$/;
/**
 * One log line as people should read it: ANSI/VT escape sequences (colours, cursor moves) removed
 * (`util.stripVTControlCharacters`), and of a line redrawn with carriage returns (`50%\r100%`)
 * only its last non-empty state, without trailing whitespace.
 */
function cleanLogLine(line) {
    const states = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.stripVTControlCharacters)(line)
        .split('\r')
        .map(state => state.trimEnd());
    return states.filter(state => state !== '').pop() ?? '';
}
/**
 * The docker CLI (23 and later) prints this before a classic build, on stderr: a first line, then
 * indented lines up to a blank line (docker/cli `cli/command/image/build.go`). It says nothing
 * about the build, so it is kept out of the failure tail.
 */
const DEPRECATION_BANNER = /^DEPRECATED: The legacy builder is deprecated\b/;
/** Follows one build's log. Feed every line, in order, to {@link BuildLogWatcher.push}. */
class BuildLogWatcher {
    /** Steps served from the build cache: BuildKit `#N CACHED`, classic `---> Using cache`. */
    cachedSteps = 0;
    max;
    tail = [];
    vertexStage = new Map();
    classicFroms = 0;
    classicStage;
    bkFailed;
    classicImages = new Map();
    inBanner = false;
    constructor(maxTail = DEFAULT_TAIL_LINES) {
        this.max = maxTail;
    }
    push(raw) {
        const line = cleanLogLine(raw);
        if (DEPRECATION_BANNER.test(line)) {
            this.inBanner = true;
            return;
        }
        if (this.inBanner) {
            // The banner's lines are indented 12 spaces (the classic builder's ` ---> ` lines, one);
            // a blank or less indented line ends it.
            if (/^\s{4,}\S/.test(line))
                return;
            this.inBanner = false;
        }
        if (!TAIL_NOISE.test(line)) {
            this.tail.push(line);
            if (this.tail.length > this.max)
                this.tail.shift();
        }
        if (BK_CACHED.test(line) || CLASSIC_CACHED.test(line))
            this.cachedSteps++;
        const vertex = BK_VERTEX.exec(line);
        if (vertex) {
            const stage = stageOfLabel(vertex[2]);
            if (stage !== undefined)
                this.vertexStage.set(vertex[1], stage);
            return;
        }
        const error = BK_ERROR.exec(line);
        if (error) {
            this.bkFailed = this.vertexStage.get(error[1]) ?? this.bkFailed;
            return;
        }
        const summary = BK_SUMMARY.exec(line);
        if (summary) {
            this.bkFailed = stageOfLabel(summary[1]) ?? this.bkFailed;
            return;
        }
        const image = CLASSIC_IMAGE.exec(line);
        if (image && this.classicFroms > 0) {
            this.classicImages.set(this.classicFroms - 1, image[1]);
            return;
        }
        const from = CLASSIC_FROM.exec(line);
        if (from) {
            const name = /\s+AS\s+(\S+)$/i.exec(from[1])?.[1];
            this.classicStage = name ? name.toLowerCase() : String(this.classicFroms);
            this.classicFroms++;
        }
    }
    /**
     * Classic builder only: the image each stage ended with, by 0-based stage index (the last
     * ` ---> <id>` before the next `FROM` step; ids as printed, usually 12 hex digits). The classic
     * builder runs every stage before the target, so an unnamed stage that `--target` cannot name
     * is found here without a second build.
     */
    stageImages() {
        return Object.fromEntries([...this.classicImages].map(([index, id]) => [String(index), id]));
    }
    /**
     * The last lines pushed, cleaned (at most `maxTail`; blank lines, vertex-digest lines and the
     * deprecation banner left out), oldest first.
     */
    lines() {
        return [...this.tail];
    }
    /**
     * The stage the build was in when it failed: the stage of BuildKit's failing step, else the
     * classic builder's current stage (the last `FROM` step seen). Undefined when the log names
     * none (single-stage BuildKit builds, failures before the first step).
     */
    failedStage() {
        return this.bkFailed ?? this.classicStage;
    }
}


/***/ }),

/***/ 3262:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Je: () => (/* binding */ exportsOci),
/* harmony export */   VH: () => (/* binding */ describeStageRef),
/* harmony export */   cz: () => (/* binding */ checkPlatformBuild),
/* harmony export */   k0: () => (/* binding */ buildTarget),
/* harmony export */   kc: () => (/* binding */ displayCommand),
/* harmony export */   zS: () => (/* binding */ BuildError)
/* harmony export */ });
/* unused harmony exports buildArgs, buildEnv */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var _temp_dir_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4127);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _build_failure_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9210);
/* harmony import */ var _build_log_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8274);
/* harmony import */ var _detect_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9223);
/* harmony import */ var _image_platform_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8758);
/* harmony import */ var _docker_cli_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2599);
/* harmony import */ var _inspect_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(8634);
/* harmony import */ var _report_redact_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(6749);
/**
 * Build one Dockerfile target with the detected engine and tag it. The argument list is a pure
 * function ({@link buildArgs}); {@link buildTarget} runs it, streams the log into a group and
 * turns a failure into a {@link BuildError} that names the stage and carries the log tail.
 */










/** BuildKit and buildx take several exporters in one build since these versions (BuildKit 0.13). */
const MULTIPLE_EXPORTERS_SINCE = [0, 13, 0];
/**
 * True when a build on `engine` can write an OCI layout tar beside `--load`: buildx with a
 * builder that keeps its own store (driver `docker-container`, `remote`, `kubernetes`: its
 * compressed blobs are what it pushes; the `docker` driver refuses the OCI exporter's tar and
 * stores no compressed blobs of its own), buildx 0.13+ and the builder's BuildKit 0.13+ (several
 * exporters in one build: moby/buildkit 0.13 release notes, docker/buildx 0.13 `--output`).
 * Pure.
 */
function exportsOci(engine) {
    const since = (version) => {
        const v = version === undefined ? undefined : (0,_detect_js__WEBPACK_IMPORTED_MODULE_5__/* .parseVersion */ .ot)(version);
        return v !== undefined && (0,_detect_js__WEBPACK_IMPORTED_MODULE_5__/* .compareVersions */ .Zy)(v, MULTIPLE_EXPORTERS_SINCE) >= 0;
    };
    return (engine.kind === 'buildx' &&
        engine.builderDriver !== undefined &&
        engine.builderDriver !== 'docker' &&
        since(engine.buildxVersion) &&
        since(engine.buildkitVersion));
}
/**
 * A stage for people: a named stage in quotes (`stage "build"`), an unnamed one by its 0-based
 * index, as BuildKit counts them (`stage 1`, which BuildKit logs as `stage-1`).
 */
function describeStageRef(ref) {
    return /^\d+$/.test(ref) ? `stage ${ref}` : `stage "${ref}"`;
}
/**
 * A failed build: the stage it failed in, the exit code, the failing instruction when the log
 * names it, and the last lines of its log.
 */
class BuildError extends Error {
    /**
     * The stage the build failed in (model stage ref: the `AS` name lower-cased, else the 0-based
     * index); undefined when neither the log nor the plan tells.
     */
    stage;
    /** What was being built (`BuildRequest.stageLabel`, e.g. `final stage "app"`). */
    label;
    /** The stage ref that was being built, when known: the message names `stage` only when it differs. */
    built;
    exitCode;
    /** The last lines of the build log (stdout and stderr interleaved), oldest first. */
    logTail;
    /** What the log says about the failing step (see `build-failure.ts`). */
    step;
    /** The failing instruction, when it could be found in the Dockerfile's plan. */
    instruction;
    /** The Dockerfile line the failure is at (the instruction's, or BuildKit's source line). */
    location;
    constructor(opts) {
        const at = opts.location ? `\nFailed at ${opts.location.file}:${opts.location.line}` : '';
        const what = opts.instruction
            ? `${at ? ':' : '\nFailed at:'} ${opts.instruction.keyword} ${oneLine(opts.instruction.args)}`
            : '';
        super(`Build of ${opts.label} failed${opts.stage !== undefined && opts.stage !== opts.built ? ` in ${describeStageRef(opts.stage)}` : ''} (exit code ${opts.exitCode}).` +
            at +
            what +
            `\nLast ${opts.logTail.length} lines of the build log:\n` +
            opts.logTail.map(l => `  ${l}`).join('\n'));
        this.name = 'BuildError';
        this.stage = opts.stage;
        this.label = opts.label;
        this.built = opts.built;
        this.exitCode = opts.exitCode;
        this.logTail = opts.logTail;
        this.step = opts.step;
        this.instruction = opts.instruction;
        this.location = opts.location;
    }
    /** The same failure with the stage and the place in the Dockerfile filled in. */
    located(where) {
        return new BuildError({
            stage: where.stage ?? this.stage,
            label: this.label,
            built: where.built ?? this.built,
            exitCode: this.exitCode,
            logTail: this.logTail,
            step: this.step,
            instruction: where.instruction ?? this.instruction,
            location: where.location ?? this.location
        });
    }
}
/** `text` on one line, shortened to 200 characters. */
function oneLine(text) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
/** buildx learnt `--provenance` in v0.10.0 (docker/buildx release notes). */
const PROVENANCE_SINCE = [0, 10, 0];
/** A path the CLI would read as a flag (or as stdin, `-`) gets a `./` prefix. */
function pathArg(path) {
    return path.startsWith('-') ? `./${path}` : path;
}
/**
 * Refuses a build for `platform` that this engine's build path cannot be trusted with. BuildKit
 * (`DOCKER_BUILDKIT=1`) and buildx build `--platform` (a stage without RUN, e.g. `FROM scratch` +
 * `COPY`, needs no emulation; RUN steps of another architecture need QEMU/binfmt on the host).
 * The classic builder takes the flag but its cache does not key on the platform: on Docker 20.10,
 * `FROM scratch` stages built for `linux/arm64` were reused by a `linux/amd64` build of the same
 * Dockerfile, which then failed (`image … was found but does not match the specified platform`),
 * and a cached last step would silently give an image of the wrong platform. So it is refused.
 *
 * @param platform `os/arch[/variant]`; undefined → nothing to check.
 * @throws Error naming `platforms`, the platform, the engine's reason for the classic builder and
 *   the fix, when `engine.kind` is `classic`; Error naming `platform` when it is not
 *   `os/arch[/variant]`.
 */
function checkPlatformBuild(engine, platform) {
    if (platform === undefined)
        return;
    (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_6__/* .parsePlatform */ .FL)(platform);
    if (engine.kind !== 'classic')
        return;
    throw new Error(`platforms: building for ${platform} needs BuildKit, but this run uses the classic builder (${engine.reason}). ` +
        "The classic builder's cache ignores the platform (a FROM scratch stage built for one platform is reused for another), so its per-platform images cannot be trusted. " +
        "Build with BuildKit (install buildx, e.g. docker/setup-buildx-action, and do not set DOCKER_BUILDKIT=0), or remove platforms to measure the engine's own platform.");
}
function checkRequest(req) {
    if (!req.context)
        throw new Error('build context is empty: expected a directory path');
    if (!req.file)
        throw new Error('Dockerfile path is empty: expected a file path');
    if (!req.tag || /\s/.test(req.tag) || req.tag.startsWith('-')) {
        throw new Error(`image tag "${req.tag}" is not valid: expected a name[:tag] without spaces, not starting with "-"`);
    }
    if (req.target !== undefined &&
        (!req.target || /\s/.test(req.target) || req.target.startsWith('-'))) {
        throw new Error(`build target "${req.target}" is not valid: expected a stage name or index`);
    }
    if (req.platform !== undefined)
        (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_6__/* .parsePlatform */ .FL)(req.platform, `build platform "${req.platform}"`);
    for (const key of Object.keys(req.buildArgs)) {
        if (!key || key.includes('=') || /\s/.test(key)) {
            throw new Error(`build-arg name "${key}" is not valid: expected KEY=VALUE with a non-empty KEY without "=" or spaces`);
        }
    }
}
/**
 * The docker CLI arguments for one build (without the CLI itself):
 * - buildx: `buildx build [--builder NAME] --load --progress=plain [--output type=oci,dest=PATH]
 *   [--provenance=false] -t TAG -f FILE [--target T] [--platform P] [--build-arg K=V…] CONTEXT`. `--load` puts the result in the engine's image
 *   store whatever the driver; provenance off (buildx ≥ 0.10) keeps it a plain image, not an
 *   index with an attestation manifest (docker/buildx 1509).
 * - buildkit: `build --progress=plain -t TAG -f FILE …` (run with `DOCKER_BUILDKIT=1`).
 * - classic: `build --force-rm -t TAG -f FILE …` (run with `DOCKER_BUILDKIT=0`); `--force-rm`
 *   so a failing step leaves no container behind.
 *
 * - `--platform P` on buildx and BuildKit when `req.platform` is set; the classic builder is
 *   refused ({@link checkPlatformBuild}).
 *
 * @throws Error naming the field when the context, file, tag, target, platform or a build-arg
 *   name is not usable; Error naming `platforms` for a platform on the classic builder.
 */
function buildArgs(engine, req) {
    checkRequest(req);
    checkPlatformBuild(engine, req.platform);
    const args = [];
    switch (engine.kind) {
        case 'buildx': {
            args.push('buildx', 'build');
            // The builder detection inspected (the builder input, else BUILDX_BUILDER or buildx's
            // current one), pinned so a `docker buildx use` meanwhile changes nothing.
            if (engine.builder !== undefined)
                args.push('--builder', engine.builder);
            args.push('--load', '--progress=plain');
            if (req.ociDest !== undefined) {
                if (!exportsOci(engine)) {
                    throw new Error(`internal: an OCI export was asked of ${engine.builder ?? 'the builder'} (driver ${engine.builderDriver ?? 'unknown'}), which cannot write one beside --load`);
                }
                // `--output` is one CSV record (buildx `util/buildflags`): a path with a comma or a quote
                // is a quoted field, its quotes doubled.
                const dest = `dest=${req.ociDest}`;
                args.push('--output', `type=oci,${/[,"]/.test(dest) ? `"${dest.replace(/"/g, '""')}"` : dest}`);
            }
            const v = engine.buildxVersion === undefined ? undefined : (0,_detect_js__WEBPACK_IMPORTED_MODULE_5__/* .parseVersion */ .ot)(engine.buildxVersion);
            if (v === undefined || (0,_detect_js__WEBPACK_IMPORTED_MODULE_5__/* .compareVersions */ .Zy)(v, PROVENANCE_SINCE) >= 0) {
                args.push('--provenance=false');
            }
            break;
        }
        case 'buildkit':
            args.push('build', '--progress=plain');
            break;
        case 'classic':
            args.push('build', '--force-rm');
            break;
    }
    args.push('-t', req.tag, '-f', pathArg(req.file));
    if (req.iidFile !== undefined)
        args.push('--iidfile', pathArg(req.iidFile));
    if (req.target !== undefined)
        args.push('--target', req.target);
    if (req.platform !== undefined)
        args.push('--platform', req.platform);
    for (const [key, value] of Object.entries(req.buildArgs))
        args.push('--build-arg', `${key}=${value}`);
    args.push(pathArg(req.context));
    return args;
}
/** The environment a build runs with: the engine's, with DOCKER_BUILDKIT pinned for `docker build`. */
function buildEnv(engine) {
    if (engine.kind === 'buildkit')
        return { ...engine.env, DOCKER_BUILDKIT: '1' };
    if (engine.kind === 'classic')
        return { ...engine.env, DOCKER_BUILDKIT: '0' };
    return { ...engine.env };
}
const ENGINE_NAMES = { buildx: 'docker buildx', buildkit: 'BuildKit', classic: 'classic builder' };
/**
 * An argument list shown to people, quoted where needed, with every `--build-arg` value masked
 * (`KEY=***`): build arguments may carry secrets. Display only: never executed.
 */
function displayCommand(docker, args) {
    return [docker, ...args]
        .map((a, i) => (args[i - 2] === '--build-arg' ? a.replace(/=.*$/s, '=***') : a))
        .map(a => (/^[\w@%+=:,./*-]+$/.test(a) ? a : JSON.stringify(a)))
        .join(' ');
}
/**
 * Builds `req.target` with `engine`, tags it `req.tag` and returns its image ID. The build log
 * (stdout and stderr lines) streams to `log.info` inside `log.group('Build <stageLabel> …')`.
 *
 * @throws BuildError when the build exits non-zero: names the failing stage (read from the log)
 *   and holds the last {@link DEFAULT_TAIL_LINES} log lines; Error when the arguments are not
 *   usable (see {@link buildArgs}), the CLI is missing, or the tag cannot be read back.
 */
async function buildTarget(engine, request, log) {
    const iidDir = await (0,_temp_dir_js__WEBPACK_IMPORTED_MODULE_1__/* .makeTempDir */ .m)('isb-iid-');
    try {
        return await runBuild(engine, { ...request, iidFile: (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(iidDir, 'id') }, log);
    }
    finally {
        await (0,_temp_dir_js__WEBPACK_IMPORTED_MODULE_1__/* .removeTempDir */ .C)(iidDir);
    }
}
async function runBuild(engine, req, log) {
    const args = buildArgs(engine, req);
    const watcher = new _build_log_js__WEBPACK_IMPORTED_MODULE_4__/* .BuildLogWatcher */ .Xf(_build_log_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_TAIL_LINES */ .Df);
    const failedStep = new _build_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .FailedStepReader */ .l();
    const started = Date.now();
    const title = `Build ${req.stageLabel} (${req.target ? `target ${req.target}` : 'last stage'}${req.platform ? `, ${req.platform}` : ''}, ${ENGINE_NAMES[engine.kind]}) → ${req.tag}`;
    const exitCode = await log.group(title, async () => {
        log.info(displayCommand(engine.docker, args));
        const run = await (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_7__/* .runDocker */ .ST)(engine.docker, args, {
            env: buildEnv(engine),
            capture: false,
            onLine: line => {
                watcher.push(line);
                failedStep.push(line);
                log.info(line);
            }
        });
        return run.exitCode;
    });
    const durationMs = Date.now() - started;
    if (exitCode !== 0) {
        // The tail goes into the job summary, the comment and an annotation, where no log masking
        // applies: build-argument values are masked wherever they show (they may be secrets).
        const mask = (text) => (0,_report_redact_js__WEBPACK_IMPORTED_MODULE_9__/* .maskBuildArgValues */ .HG)(text, req.buildArgs);
        const step = failedStep.result();
        throw new BuildError({
            stage: watcher.failedStage(),
            label: req.stageLabel,
            exitCode,
            logTail: watcher.lines().map(mask),
            step: step && {
                ...step,
                ...(step.buildkit && { buildkit: { ...step.buildkit, text: mask(step.buildkit.text) } }),
                ...(step.classic && { classic: { ...step.classic, text: mask(step.classic.text) } })
            }
        });
    }
    const imageId = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(req.iidFile, 'utf8').catch(() => '')).trim();
    if (!/^sha256:[0-9a-f]{64}$/.test(imageId)) {
        throw new Error(`Built ${req.stageLabel} but the engine wrote no image ID to --iidfile (got "${imageId.slice(0, 80)}").`);
    }
    return {
        // The containerd image store does not look up what some builds write there (a config digest).
        imageId: await (0,_inspect_js__WEBPACK_IMPORTED_MODULE_8__/* .resolveBuiltImage */ .Cf)(engine, imageId, req.tag),
        stageImages: engine.kind === 'classic' ? watcher.stageImages() : {},
        cachedSteps: watcher.cachedSteps,
        durationMs
    };
}


/***/ }),

/***/ 9223:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   ot: () => (/* binding */ parseVersion),
/* harmony export */   uU: () => (/* binding */ detectEngine)
/* harmony export */ });
/* unused harmony exports MIN_BUILDKIT_SERVER, parseBuildKitEnv, decideEngine, parseBuildxInspect, parseBuildxStatus, builderError, parseBuildxVersion, parseClientInfo, parseInfo, buildxStoreDir, usesDefaultBuilder, buildxPluginPaths, probeEngine, builderInputError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8262);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var _docker_cli_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2599);
/* harmony import */ var _engine_api_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9515);
/**
 * Which build path the docker CLI on this machine offers: `docker buildx build` (buildx plugin),
 * BuildKit through `DOCKER_BUILDKIT=1 docker build` (CLIs before 23.0 carry their own BuildKit
 * client), or the classic builder. The probing (I/O) is `probeEngine`; the decision is the pure
 * `decideEngine`, table-tested.
 */





/** The first daemon version with BuildKit (Docker 18.09 release notes). */
const MIN_BUILDKIT_SERVER = '18.09';
/**
 * Numeric parts of a version: `20.10.24+dfsg1` → `[20, 10, 24]`, `v0.10.4` → `[0, 10, 4]`.
 * Undefined when the text does not start with `major.minor` (after an optional `v`).
 */
function parseVersion(text) {
    const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
    if (!m)
        return undefined;
    return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}
/** Compares two parsed versions part by part: negative, 0 or positive. */
function compareVersions(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
}
/** `version ≥ min`; false when `version` cannot be parsed. */
function atLeast(version, min) {
    const v = version === undefined ? undefined : parseVersion(version);
    const m = parseVersion(min);
    return v !== undefined && m !== undefined && compareVersions(v, m) >= 0;
}
/**
 * `DOCKER_BUILDKIT` read the way the docker CLI reads it (Go `strconv.ParseBool`, docker/cli
 * `cli/command/image/build.go`): undefined when unset or empty.
 * @throws Error naming DOCKER_BUILDKIT and the accepted values for anything else.
 */
function parseBuildKitEnv(value) {
    if (value === undefined || value === '')
        return undefined;
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value))
        return true;
    if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value))
        return false;
    throw new Error(`DOCKER_BUILDKIT="${value}" is not a boolean: expected 1, 0, true or false (as the docker CLI reads it)`);
}
/**
 * Chooses the build path from probe results, in this order:
 * 1. `DOCKER_BUILDKIT=0` (or false) in the environment → classic: the user asked for it.
 * 2. buildx present → buildx (unless its driver is `docker` on a daemon older than 18.09).
 * 3. a Linux daemon ≥ 18.09 whose CLI builds with BuildKit without buildx → buildkit.
 * 4. otherwise classic, with `DOCKER_BUILDKIT=0` so a 23+ CLI does not look for buildx.
 *
 * @throws Error when `envBuildKit` is set but is not a boolean (see {@link parseBuildKitEnv}).
 */
function decideEngine(p) {
    const base = {
        docker: p.docker,
        serverVersion: p.serverVersion,
        ...(p.clientVersion ? { clientVersion: p.clientVersion } : {}),
        ...(p.imageStore ? { imageStore: p.imageStore } : {}),
        ...(p.api ? { api: p.api } : {})
    };
    const requested = parseBuildKitEnv(p.envBuildKit);
    if (requested === false) {
        return {
            ...base,
            kind: 'classic',
            env: { DOCKER_BUILDKIT: '0' },
            reason: 'DOCKER_BUILDKIT=0 in the environment asks for the classic builder'
        };
    }
    const daemonBuildKit = atLeast(p.serverVersion, MIN_BUILDKIT_SERVER) && (p.osType ?? 'linux') !== 'windows';
    const serverText = `server ${p.serverVersion}`;
    if (p.buildx && (p.buildx.driver !== 'docker' || daemonBuildKit)) {
        const { version, builder, driver, buildkitVersion } = p.buildx;
        const named = builder ? `builder "${builder}"` : 'the current builder';
        return {
            ...base,
            kind: 'buildx',
            env: {},
            ...(builder ? { builder } : {}),
            ...(driver ? { builderDriver: driver } : {}),
            ...(buildkitVersion ? { buildkitVersion } : {}),
            ...(version ? { buildxVersion: version } : {}),
            reason: `buildx ${version ?? '(version unknown)'} is installed; ${named}${driver ? ` uses the ${driver} driver` : ''}`
        };
    }
    if (daemonBuildKit && p.cliBuildKit) {
        return {
            ...base,
            kind: 'buildkit',
            env: { DOCKER_BUILDKIT: '1' },
            reason: `${serverText} supports BuildKit and the CLI${p.clientVersion ? ` ${p.clientVersion}` : ''} builds with it through DOCKER_BUILDKIT=1`
        };
    }
    let why;
    if (!atLeast(p.serverVersion, MIN_BUILDKIT_SERVER)) {
        why = `${serverText} is older than ${MIN_BUILDKIT_SERVER} or not a Docker version, so BuildKit is not assumed`;
    }
    else if (p.osType === 'windows') {
        why = `the daemon runs Windows containers, which BuildKit does not build without buildx`;
    }
    else if (p.buildx) {
        why = `buildx uses the docker driver and the ${serverText} lacks BuildKit`;
    }
    else {
        why = `no buildx plugin, and the CLI${p.clientVersion ? ` ${p.clientVersion}` : ''} does not build with BuildKit without it`;
    }
    const asked = requested === true ? 'DOCKER_BUILDKIT=1 is set but cannot be honoured: ' : '';
    return {
        ...base,
        kind: 'classic',
        env: { DOCKER_BUILDKIT: '0' },
        reason: `${asked}${why}; using the classic builder`
    };
}
/**
 * `docker buildx inspect` text → the builder's name, driver and BuildKit version (the first
 * `Name:`, `Driver:` and `BuildKit version:` lines; later `Name:` lines belong to nodes).
 */
function parseBuildxInspect(text) {
    const field = (key) => new RegExp(`^${key}:[ \\t]*(\\S.*?)\\s*$`, 'm').exec(text)?.[1];
    const builder = field('Name');
    const driver = field('Driver');
    // The first node's; buildx 0.10+ prints `BuildKit version:`, older ones `Buildkit:`.
    const buildkitVersion = field('BuildKit version') ?? field('Buildkit');
    return {
        ...(builder ? { builder } : {}),
        ...(driver ? { driver } : {}),
        ...(buildkitVersion ? { buildkitVersion } : {})
    };
}
/**
 * `docker buildx inspect` text → the first node's `Status:` (`running`, `inactive`, `stopped`,
 * `error`), lower-cased; undefined when there is none.
 */
function parseBuildxStatus(text) {
    return /^Status:[ \t]*(\S+)/m.exec(text)?.[1]?.toLowerCase();
}
/**
 * The error for a buildx builder that cannot be used: it names the builder, its driver and where
 * it was chosen, gives buildx's own last words, and says how to fix it. Pure.
 *
 * @param problem `not found` (inspect failed) or `cannot start` (bootstrap failed)
 * @param message buildx's output; its `ERROR:` lines (else its last 3 lines) are quoted
 */
function builderError(opts) {
    const lines = opts.message
        .split('\n')
        .map(l => l.trim())
        .filter(Boolean);
    const errors = lines.filter(l => l.startsWith('ERROR:'));
    const said = [...new Set(errors.length ? errors : lines.slice(-3))].join(' ');
    const driver = opts.driver ? ` (driver ${opts.driver})` : '';
    const fix = opts.problem === 'cannot start'
        ? `Make \`docker buildx inspect --bootstrap ${opts.builder}\` succeed, or build with another builder`
        : `Create it (docker buildx create --name ${opts.builder}), or build with another builder`;
    return new Error(`buildx builder "${opts.builder}"${driver}, ${opts.origin === "buildx's current builder" ? opts.origin : `chosen by ${opts.origin}`}, ${opts.problem === 'not found' ? 'was not found' : 'cannot start'}: ${said || 'no message'}. ` +
        `${fix}: set the builder input (CLI --builder) or BUILDX_BUILDER to one that \`docker buildx ls\` lists (default is the docker driver of the engine).`);
}
/** `docker buildx version` text (`github.com/docker/buildx v0.11.2 9872040`) → `0.11.2`. */
function parseBuildxVersion(text) {
    return /\bv?(\d+\.\d+(?:\.\d+)?(?:[-+][\w.+-]*)?)/.exec(text)?.[1];
}
/**
 * `docker info --format '{{json .}}'` output → what it says of the CLI (`ClientInfo`): its
 * version (CLI 24+; absent before) and the buildx plugin — `'absent'` when the plugin list is
 * there without a usable buildx (a plugin with `Err` does not run), its version when listed,
 * undefined when the CLI lists no plugins at all (before 19.03; then `docker buildx version`
 * decides). Fields from docker/cli `cli/command/system/info.go` `clientInfo` and
 * `cli-plugins/manager` `Plugin`; checked on CLI 20.10.24 and 28.2.2. Pure.
 */
function parseClientInfo(stdout) {
    let o;
    try {
        o = JSON.parse(stdout);
    }
    catch {
        return {};
    }
    const client = o?.ClientInfo;
    if (typeof client !== 'object' || client === null)
        return {};
    const c = client;
    const version = typeof c.Version === 'string' && c.Version ? c.Version : undefined;
    let buildx;
    if (Array.isArray(c.Plugins)) {
        const found = c.Plugins.find((p) => typeof p === 'object' && p !== null && p.Name === 'buildx');
        if (!found || found.Err)
            buildx = 'absent';
        else
            buildx = typeof found.Version === 'string' ? { version: found.Version } : {};
    }
    return { ...(version ? { version } : {}), ...(buildx ? { buildx } : {}) };
}
/** The `driver-type` a daemon on the containerd image store reports in `docker info` `DriverStatus`. */
const SNAPSHOTTER_DRIVER_TYPE = 'io.containerd.snapshotter.v1';
/**
 * `docker info --format '{{json .}}'` output → the fields the decision needs. Tolerates output
 * that is not JSON (returns empty fields).
 *
 * The image store: a daemon on the containerd image store lists `["driver-type",
 * "io.containerd.snapshotter.v1"]` in `DriverStatus` (moby `daemon/containerd/service.go`
 * `StorageDriver`/`DriverStatus`; checked on Docker 26.1.5); any other answer with a `Driver` is
 * the classic store.
 */
function parseInfo(stdout) {
    let o = {};
    try {
        const value = JSON.parse(stdout);
        if (typeof value === 'object' && value !== null)
            o = value;
    }
    catch {
        // not JSON: nothing known
    }
    const text = (v) => (typeof v === 'string' ? v : '');
    const errors = Array.isArray(o['ServerErrors']) ? o['ServerErrors'] : [];
    const status = Array.isArray(o['DriverStatus']) ? o['DriverStatus'] : [];
    const snapshotter = status.some(pair => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === SNAPSHOTTER_DRIVER_TYPE);
    const imageStore = snapshotter
        ? 'containerd'
        : text(o['Driver'])
            ? 'classic'
            : undefined;
    return {
        serverVersion: text(o['ServerVersion']),
        osType: text(o['OSType']),
        serverErrors: errors.map(text).filter(Boolean),
        ...(imageStore ? { imageStore } : {}),
        ...(text(o['ID']) ? { id: text(o['ID']) } : {})
    };
}
/**
 * buildx's store directory (docker/buildx `util/confutil`): `BUILDX_CONFIG`, else `buildx` in
 * `DOCKER_CONFIG`, else `~/.docker/buildx`. Pure.
 */
function buildxStoreDir(env) {
    if (env['BUILDX_CONFIG'])
        return env['BUILDX_CONFIG'];
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)((0,_engine_api_js__WEBPACK_IMPORTED_MODULE_4__/* .dockerConfigDir */ .kG)(env), 'buildx');
}
/**
 * True when buildx would build with its default builder — the docker driver on the daemon the
 * CLI talks to, named `default` — so `docker buildx inspect` can be skipped. That is so when the
 * CLI's endpoint is the default context's (`DOCKER_HOST`, or no context chosen), and buildx's
 * store (docker/buildx 0.13 `store/store.go` `Txn.Current`) names no builder for that endpoint:
 * its `current` file is absent, or is for another endpoint, or is for this one (its `Key`, the
 * docker host, or `Global`) with an empty `Name` (what `docker buildx use default` writes); and,
 * unless `current` decided it, no `defaults/` file names a default builder (`docker buildx use
 * --default`; any file there counts, whichever endpoint it is for). False when a file cannot be
 * read or parsed: then `buildx inspect` answers. The caller has checked the builder input and
 * `BUILDX_BUILDER`.
 */
async function usesDefaultBuilder(env) {
    const settings = await (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_4__/* .endpointSettings */ .h6)(env);
    const context = settings.dockerContext ?? settings.currentContext ?? 'default';
    if (!settings.dockerHost && context !== 'default')
        return false;
    // buildx keys the default context by its docker host (`dockerutil.GetCurrentEndpoint`).
    const key = settings.dockerHost ?? `unix://${_engine_api_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_SOCKET */ .YE}`;
    const store = buildxStoreDir(env);
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(store, 'current'), 'utf8');
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            return false;
    }
    if (text !== undefined) {
        let current;
        try {
            current = JSON.parse(text);
        }
        catch {
            return false;
        }
        if (typeof current !== 'object' || current === null)
            return false;
        if (current.Key === key || current.Global === true)
            return current.Name === '';
    }
    try {
        return (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(store, 'defaults'))).length === 0;
    }
    catch (error) {
        return error.code === 'ENOENT';
    }
}
/**
 * Where the docker CLI looks for a `docker-buildx` plugin on Linux: `DOCKER_CONFIG` (default
 * `~/.docker`) `/cli-plugins`, then the system directories (docker/cli
 * `cli-plugins/manager/manager_unix.go` `defaultSystemPluginDirs`). `cliPluginsExtraDirs` from
 * `config.json` is not read: the answer only predicts which probe to start early. Pure.
 */
function buildxPluginPaths(env) {
    const config = (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_4__/* .dockerConfigDir */ .kG)(env);
    return [
        (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(config, 'cli-plugins'),
        '/usr/local/lib/docker/cli-plugins',
        '/usr/local/libexec/docker/cli-plugins',
        '/usr/lib/docker/cli-plugins',
        '/usr/libexec/docker/cli-plugins'
    ].map(dir => (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, 'docker-buildx'));
}
/**
 * Runs the probes against `docker`: `docker info` (must answer) and, when the run builds, what it
 * leaves open — `docker buildx version` (only when `ClientInfo.Plugins` does not say whether buildx
 * is there: CLIs before 19.03), `DOCKER_BUILDKIT=1 docker build --help` (unless buildx will
 * build), `docker buildx inspect` (when buildx is present). The one of the last two that a
 * `docker-buildx` file on disk ({@link buildxPluginPaths}) predicts is started beside `docker
 * info`: each docker CLI start costs ~0.15 CPU-s, and on a busy runner waiting for it in turn
 * costs more. `docker version` is not run: the CLI's version only names it in messages (CLI 24+
 * gives it in `ClientInfo`).
 *
 * With `builds: false` (a run that only reads images) only `docker info` runs: no builder is
 * inspected or started, whatever the builder input or `BUILDX_BUILDER` say. With
 * `DOCKER_BUILDKIT=0` neither: the classic builder was asked for.
 *
 * @param env the environment whose `DOCKER_BUILDKIT` counts (default `process.env`).
 * @throws Error "Docker CLI not found …" when the CLI is missing; Error "Docker engine not
 *   reachable …" with the CLI's message when `docker info` fails; Error naming DOCKER_BUILDKIT
 *   when it is set but not a boolean (before any docker call); the builder errors of
 *   {@link builderError}.
 */
async function probeEngine(opts) {
    const docker = opts.docker ?? 'docker';
    const env = opts.env ?? process.env;
    const builds = opts.builds ?? true;
    const envBuildKit = env['DOCKER_BUILDKIT'];
    // Bad input before any docker call; DOCKER_BUILDKIT=0 decides the build path by itself.
    const classicAsked = parseBuildKitEnv(envBuildKit) === false;
    const probing = builds && !classicAsked;
    const inspectArgs = ['buildx', 'inspect', ...(opts.builder ? [opts.builder] : [])];
    const helpArgs = ['build', '--help'];
    const helpEnv = { DOCKER_BUILDKIT: '1' };
    // Started beside `docker info` on a prediction; a wrong one costs one docker start.
    const pluginOnDisk = probing && buildxPluginPaths(env).some(path => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path));
    // buildx's default builder needs no `buildx inspect` (~0.3 s of a plugin start).
    const defaultBuilder = pluginOnDisk && !opts.builder && !env['BUILDX_BUILDER'] && (await usesDefaultBuilder(env));
    const early = {
        inspect: pluginOnDisk && !defaultBuilder ? settled((0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .runDocker */ .ST)(docker, inspectArgs)) : undefined,
        help: probing && !pluginOnDisk ? settled((0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .runDocker */ .ST)(docker, helpArgs, { env: helpEnv })) : undefined
    };
    // `{{json .}}` rather than a field template: with the daemon down the 20.10 CLI fails a field
    // template with a nil-pointer message, or prints `{"ServerErrors": […]}` and exits 0.
    const infoRun = (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .runDocker */ .ST)(docker, ['info', '--format', '{{json .}}']);
    // The API on the same daemon, asked beside `docker info` (the CLI's environment is this one).
    const api = (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_4__/* .probeApi */ .j0)((0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .childEnv */ .gf)(), infoRun.then(run => parseInfo(run.stdout).id, () => undefined)).catch(() => undefined);
    const info = await infoRun;
    const parsed = parseInfo(info.stdout);
    if (info.exitCode !== 0 || parsed.serverErrors.length > 0 || !parsed.serverVersion) {
        const message = parsed.serverErrors.join('; ') || (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .cliMessage */ .kP)(info);
        throw new Error(`Docker engine not reachable: \`${docker} info\` failed: ${message.trim()}${/[.?!]$/.test(message.trim()) ? '' : '.'} Start the ` +
            'Docker daemon (e.g. `sudo systemctl start docker`) or point DOCKER_HOST at it, and make ' +
            'sure this user may use its socket. On GitHub Actions use an ubuntu-* runner: macOS and ' +
            'Windows runners have no Linux Docker daemon.');
    }
    const { serverVersion, osType, imageStore } = parsed;
    // What `docker info` says of the CLI: its version (CLI 24+) and its plugins (CLI 19.03+).
    const client = parseClientInfo(info.stdout);
    const daemonBuildKit = atLeast(serverVersion, MIN_BUILDKIT_SERVER) && (osType || 'linux') !== 'windows';
    const buildxPlugin = typeof client.buildx === 'object' ? client.buildx : undefined;
    const [buildx, help] = await Promise.all([
        probing && client.buildx === undefined ? (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .runDocker */ .ST)(docker, ['buildx', 'version']) : undefined,
        // Only asked when buildx may not be the build path (decideEngine).
        probing && !(buildxPlugin && daemonBuildKit)
            ? (early.help ?? settled((0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .runDocker */ .ST)(docker, helpArgs, { env: helpEnv }))).then(unsettle)
            : undefined
    ]);
    const hasBuildx = buildxPlugin !== undefined || buildx?.exitCode === 0;
    let buildxProbe;
    if (hasBuildx && probing && defaultBuilder) {
        const bxVersion = buildxPlugin?.version && parseBuildxVersion(buildxPlugin.version);
        buildxProbe = {
            ...(bxVersion ? { version: bxVersion } : {}),
            builder: 'default',
            driver: 'docker'
        };
    }
    else if (hasBuildx && probing) {
        // buildx itself reads BUILDX_BUILDER when no name is given (the child inherits it).
        const envBuilder = env['BUILDX_BUILDER'] || undefined;
        const wanted = opts.builder ?? envBuilder;
        const origin = opts.builder
            ? 'the builder input'
            : envBuilder
                ? 'BUILDX_BUILDER'
                : "buildx's current builder";
        const inspect = await (early.inspect ?? settled((0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .runDocker */ .ST)(docker, inspectArgs))).then(unsettle);
        if (inspect.exitCode !== 0) {
            if (wanted) {
                throw builderError({
                    builder: wanted,
                    origin,
                    problem: 'not found',
                    message: (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .cliMessage */ .kP)(inspect)
                });
            }
            opts.log.warning(`docker buildx inspect failed: ${(0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .cliMessage */ .kP)(inspect)}`);
        }
        const found = inspect.exitCode === 0 ? parseBuildxInspect(inspect.stdout) : {};
        // A builder with a store of its own (docker-container, kubernetes, remote) may not be up yet:
        // start it now, so a builder that cannot start is reported as such, not as a failed build.
        const name = found.builder ?? wanted;
        if (name &&
            found.driver &&
            found.driver !== 'docker' &&
            parseBuildxStatus(inspect.stdout) !== 'running') {
            const boot = await opts.log.group(`Start buildx builder "${name}" (driver ${found.driver})`, () => (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .runDocker */ .ST)(docker, ['buildx', 'inspect', '--bootstrap', name], {
                onLine: line => opts.log.info(line)
            }));
            if (boot.exitCode !== 0) {
                throw builderError({
                    builder: name,
                    driver: found.driver,
                    origin,
                    problem: 'cannot start',
                    message: (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .cliMessage */ .kP)(boot)
                });
            }
        }
        const bxVersion = buildxPlugin
            ? buildxPlugin.version && parseBuildxVersion(buildxPlugin.version)
            : parseBuildxVersion(buildx?.stdout ?? '');
        buildxProbe = { ...(bxVersion ? { version: bxVersion } : {}), ...found };
    }
    else if (hasBuildx) {
        // Not probed further (nothing is built, or DOCKER_BUILDKIT=0): present, version from info.
        const bxVersion = buildxPlugin?.version && parseBuildxVersion(buildxPlugin.version);
        buildxProbe = bxVersion ? { version: bxVersion } : {};
    }
    else if (buildx) {
        opts.log.debug(`docker buildx version: ${(0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .cliMessage */ .kP)(buildx)}`);
    }
    else if (client.buildx === 'absent') {
        opts.log.debug('docker info lists no buildx plugin');
    }
    if (help && help.exitCode !== 0) {
        opts.log.debug(`DOCKER_BUILDKIT=1 docker build --help: ${(0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_3__/* .cliMessage */ .kP)(help)}`);
    }
    return {
        docker,
        serverVersion,
        ...(osType ? { osType } : {}),
        ...(imageStore ? { imageStore } : {}),
        ...(client.version ? { clientVersion: client.version } : {}),
        ...(buildxProbe ? { buildx: buildxProbe } : {}),
        // Not asked when buildx builds (a CLI with the buildx plugin builds with BuildKit), when the
        // classic builder was asked for, or when nothing is built.
        cliBuildKit: help ? help.exitCode === 0 : true,
        ...(envBuildKit !== undefined ? { envBuildKit } : {}),
        ...((await api) ? { api: await api } : {})
    };
}
function settled(run) {
    return run.then(r => ({ run: r }), (error) => ({ error }));
}
/** The run of a {@link settled} promise, or its error thrown. */
function unsettle(s) {
    if ('error' in s)
        throw s.error;
    return s.run;
}
/**
 * Why the builder input cannot be honoured on an engine that does not build with buildx, and
 * what to do; pure. `DOCKER_BUILDKIT=0` asks for the classic builder: unsetting it is the fix
 * when buildx is installed (`probe.buildx` present), not installing buildx.
 */
function builderInputError(builder, probe, engine) {
    const classicAsked = parseBuildKitEnv(probe.envBuildKit) === false;
    let fix;
    if (classicAsked && probe.buildx) {
        fix = 'Unset DOCKER_BUILDKIT (buildx is installed and builds with BuildKit), or remove builder.';
    }
    else if (classicAsked) {
        fix =
            'Unset DOCKER_BUILDKIT and install the buildx plugin (docker/setup-buildx-action), or remove builder.';
    }
    else if (probe.buildx) {
        fix = 'Build on a daemon of 18.09 or later, or remove builder.';
    }
    else {
        fix = 'Install the buildx plugin (docker/setup-buildx-action) or remove builder.';
    }
    return new Error(`Input builder: "${builder}" names a buildx builder, but this run does not build with buildx: ${engine.reason}. ${fix}`);
}
/**
 * Probes the docker CLI and daemon and picks the build path (see {@link decideEngine}).
 * Logs the choice and its reason; warns when `DOCKER_BUILDKIT=1` was asked for but the CLI
 * cannot honour it.
 *
 * @param opts.docker the CLI (default `docker` on PATH).
 * @param opts.env the environment whose `DOCKER_BUILDKIT` counts (default `process.env`).
 * With buildx, the builder used is `opts.builder`, else `BUILDX_BUILDER`, else buildx's current
 * one; a builder with a driver of its own that is not running is started here
 * (`docker buildx inspect --bootstrap`). A run that builds nothing (`builds: false`) neither
 * inspects nor starts a builder: measuring an existing image needs none.
 *
 * @throws Error when the CLI is missing, the daemon does not answer, or DOCKER_BUILDKIT is not
 *   a boolean; Error naming the builder, its driver and the fix ({@link builderError}) when the
 *   builder asked for does not exist or cannot start; Error naming the builder input when it is
 *   set but the run does not build with buildx ({@link builderInputError}).
 */
async function detectEngine(opts) {
    const builds = opts.builds ?? true;
    const probe = await probeEngine(opts);
    const decided = decideEngine(probe);
    if (!builds) {
        // The kind is a guess from `docker info` alone; nothing this run does depends on it.
        const engine = {
            ...decided,
            reason: 'this run builds nothing, so no build path or buildx builder was probed'
        };
        const store = engine.imageStore === 'containerd' ? 'containerd' : 'classic';
        opts.log.info(`Docker engine: server ${engine.serverVersion}, ${store} image store (${engine.reason})`);
        return engine;
    }
    if (opts.builder !== undefined && decided.kind !== 'buildx') {
        throw builderInputError(opts.builder, probe, decided);
    }
    if (parseBuildKitEnv(probe.envBuildKit) === true && decided.kind === 'classic') {
        opts.log.warning(decided.reason);
    }
    const store = decided.imageStore === 'containerd' ? ', containerd image store' : '';
    opts.log.info(`Docker engine: ${decided.kind}${store} (${decided.reason})`);
    return decided;
}


/***/ }),

/***/ 2599:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ST: () => (/* binding */ runDocker),
/* harmony export */   gf: () => (/* binding */ childEnv),
/* harmony export */   kP: () => (/* binding */ cliMessage)
/* harmony export */ });
/* unused harmony export LineSplitter */
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1260);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6193);
/**
 * The one place that runs the docker CLI. Every call goes through `@actions/exec` with an
 * argument array (never a shell string) and `silent: true`; output reaches people only through
 * the caller's `Log`, so the action and the CLI front end share this code.
 */


/**
 * Splits a byte stream into lines. Unlike `@actions/exec`'s `stdline` listener it also hands
 * over a last line that has no trailing newline (exec emits that one only as an event on its
 * internal runner, never to the listener). `\r\n` and a lone `\r` end a line too.
 */
class LineSplitter {
    rest = '';
    onLine;
    // Decodes UTF-8 across chunk boundaries: a character split between two chunks stays whole.
    decoder = new node_string_decoder__WEBPACK_IMPORTED_MODULE_1__.StringDecoder('utf8');
    constructor(onLine) {
        this.onLine = onLine;
    }
    /** Feeds a chunk; complete lines are emitted at once, the remainder is kept. */
    push(chunk) {
        const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
        const parts = text.split(/\r\n|\n|\r(?!$)/);
        this.rest = parts.pop() ?? '';
        for (const line of parts)
            this.onLine(line);
    }
    /** Emits the kept remainder, if any. Call once after the stream ended. */
    flush() {
        const rest = (this.rest + this.decoder.end()).replace(/\r$/, '');
        if (rest.length > 0)
            this.onLine(rest);
        this.rest = '';
    }
}
/** The environment of a child: the current one with `extra` on top (undefined values dropped). */
function childEnv(extra = {}) {
    const env = {};
    for (const [k, v] of Object.entries(process.env))
        if (v !== undefined)
            env[k] = v;
    return { ...env, ...extra };
}
/**
 * Runs `<docker> ARGS…` and resolves with its exit code and (unless `capture: false`) its
 * output. A non-zero exit code resolves normally: callers decide what it means.
 *
 * @param docker the CLI: a file name looked up on PATH (`docker`) or a path.
 * @throws Error "Docker CLI not found …" when the executable does not exist, with how to fix it;
 *   Error when the process cannot be started at all.
 */
async function runDocker(docker, args, opts = {}) {
    const capture = opts.capture ?? true;
    const out = [];
    const err = [];
    const onLine = opts.onLine;
    const outLines = onLine ? new LineSplitter(onLine) : undefined;
    const errLines = onLine ? new LineSplitter(onLine) : undefined;
    let exitCode;
    try {
        exitCode = await (0,_actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .exec */ .m)(docker, args, {
            silent: true,
            ignoreReturnCode: true,
            env: childEnv(opts.env),
            listeners: {
                stdout: data => {
                    if (capture)
                        out.push(data);
                    outLines?.push(data);
                },
                stderr: data => {
                    if (capture)
                        err.push(data);
                    errLines?.push(data);
                }
            }
        });
    }
    catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (message.startsWith('Unable to locate executable file')) {
            throw new Error(`Docker CLI not found: "${docker}" is not an executable file or on PATH. Install the ` +
                'Docker CLI (GitHub-hosted Ubuntu runners have it; on a self-hosted runner install ' +
                'docker-ce-cli or docker.io) or pass the path of the docker binary.', { cause: error });
        }
        throw new Error(`Could not run ${docker} ${args.join(' ')}: ${message}`, { cause: error });
    }
    outLines?.flush();
    errLines?.flush();
    return {
        exitCode,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString()
    };
}
/** The CLI's error text for a message: stderr trimmed, else stdout, else the exit code. */
function cliMessage(run) {
    const text = run.stderr.trim() || run.stdout.trim();
    return text || `exit code ${run.exitCode}`;
}


/***/ }),

/***/ 9515:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ apiRequest),
/* harmony export */   BF: () => (/* binding */ apiStream),
/* harmony export */   NA: () => (/* binding */ refPath),
/* harmony export */   SX: () => (/* binding */ apiMessage),
/* harmony export */   YE: () => (/* binding */ DEFAULT_SOCKET),
/* harmony export */   h6: () => (/* binding */ endpointSettings),
/* harmony export */   j0: () => (/* binding */ probeApi),
/* harmony export */   kG: () => (/* binding */ dockerConfigDir)
/* harmony export */ });
/* unused harmony export socketOf */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7067);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/**
 * The Docker Engine API on the local unix socket, for the image reads and removals a run makes
 * several times (`image inspect`, `image history`, `save`, `image rm`). Each docker CLI start
 * costs 80–200 ms of wall time and ~0.1 CPU-s (Docker 20.10 and 28 CLIs, measured here); a
 * request on the socket costs a few ms. Builds, buildx and the probes stay with the CLI: they need
 * BuildKit sessions, plugins and the CLI's own configuration.
 *
 * The socket is the one the docker CLI would talk to (docker/cli `cli/command/cli.go`
 * `resolveContextName`, `cli/context/docker/load.go`; https://docs.docker.com/engine/manage-resources/contexts/):
 * `DOCKER_HOST` first; else the context named by `DOCKER_CONTEXT`, else by `currentContext` in
 * `$DOCKER_CONFIG/config.json`; the `default` context is `unix:///var/run/docker.sock`, another
 * context's host is in `$DOCKER_CONFIG/contexts/meta/<sha256 of its name>/meta.json`. Only
 * `unix://` hosts are used (TCP with TLS, SSH and npipe stay with the CLI), and only once the
 * daemon answering there is the one the CLI reached: the same `ID` in `GET /info` as in
 * `docker info` ({@link probeApi}).
 *
 * Paths carry no API version: the daemon serves its own (newest) version, which is what the CLI
 * negotiates with it too.
 */





/** The CLI's default endpoint (docker/cli `opts/hosts.go` `DefaultUnixSocket`). */
const DEFAULT_SOCKET = '/var/run/docker.sock';
/**
 * The docker CLI's configuration directory: `DOCKER_CONFIG`, else `~/.docker` (docker/cli
 * `cli/config/config.go` `Dir`; `HOME` as `env` has it). Pure.
 */
function dockerConfigDir(env = process.env) {
    return env['DOCKER_CONFIG'] || (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(env['HOME'] || (0,node_os__WEBPACK_IMPORTED_MODULE_3__.homedir)(), '.docker');
}
/**
 * The unix socket the docker CLI talks to, from {@link EndpointSettings}; undefined when it talks
 * to something else (TCP, SSH, npipe) or the context's host is unknown. Pure.
 *
 * Precedence as in docker/cli `resolveContextName`: `DOCKER_HOST` wins over `DOCKER_CONTEXT`,
 * which wins over `currentContext`; the `default` context is `DOCKER_HOST` or the default socket.
 */
function socketOf(settings) {
    const context = settings.dockerContext ?? settings.currentContext ?? 'default';
    const host = settings.dockerHost ??
        (context === 'default' ? `unix://${DEFAULT_SOCKET}` : settings.contextHost);
    if (host === undefined || !host.startsWith('unix://'))
        return undefined;
    const path = host.slice('unix://'.length);
    return path.startsWith('/') ? path : undefined;
}
/**
 * Reads {@link EndpointSettings} the way the docker CLI does: the environment, `config.json` in
 * `DOCKER_CONFIG` (default `~/.docker`) and, for a context other than `default`, its `meta.json`.
 * Never throws: a missing or unreadable file counts as absent (the CLI's answer decides anyway,
 * see {@link probeApi}).
 */
async function endpointSettings(env) {
    const nonEmpty = (v) => (v ? v : undefined);
    const settings = {};
    const dockerHost = nonEmpty(env['DOCKER_HOST']);
    if (dockerHost)
        return { dockerHost };
    const dockerContext = nonEmpty(env['DOCKER_CONTEXT']);
    if (dockerContext)
        settings.dockerContext = dockerContext;
    const configDir = dockerConfigDir(env);
    const json = async (path) => {
        try {
            const value = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8'));
            return typeof value === 'object' && value !== null ? value : {};
        }
        catch {
            return {};
        }
    };
    if (!dockerContext) {
        const current = (await json((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(configDir, 'config.json')))['currentContext'];
        if (typeof current === 'string' && current)
            settings.currentContext = current;
    }
    const context = settings.dockerContext ?? settings.currentContext;
    if (context && context !== 'default') {
        // docker/cli `cli/context/store/metadatastore.go`: the directory is the name's SHA-256.
        const dir = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(context).digest('hex');
        const meta = await json((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(configDir, 'contexts', 'meta', dir, 'meta.json'));
        const endpoints = meta['Endpoints'];
        const host = endpoints?.['docker']?.Host;
        if (typeof host === 'string' && host)
            settings.contextHost = host;
    }
    return settings;
}
/** The daemon's error text in an answer: `{"message": "…"}`, else the body, else the status. */
function apiMessage(answer) {
    try {
        const value = JSON.parse(answer.body);
        if (typeof value.message === 'string' && value.message)
            return value.message;
    }
    catch {
        // not JSON
    }
    return answer.body.trim() || `HTTP ${answer.status}`;
}
/** A reference as a URL path: each `/`-separated part percent-encoded (`:` and `@` included). */
function refPath(ref) {
    return ref.split('/').map(encodeURIComponent).join('/');
}
/**
 * Sends one request on the socket and resolves when its response has begun.
 * @throws Error naming the socket when it cannot be reached.
 */
function send(socket, method, path) {
    return new Promise((resolve, reject) => {
        const req = (0,node_http__WEBPACK_IMPORTED_MODULE_2__.request)({ socketPath: socket, method, path, headers: { host: 'docker' } }, resolve);
        req.on('error', error => reject(new Error(`Docker Engine API on ${socket}: ${method} ${path}: ${error.message}`, {
            cause: error
        })));
        req.end();
    });
}
/**
 * `METHOD path` on the socket, the whole body read as text (for JSON answers, which are small).
 * @throws Error naming the socket when it cannot be reached or the answer breaks off.
 */
async function apiRequest(socket, method, path) {
    const res = await send(socket, method, path);
    const chunks = [];
    for await (const chunk of res)
        chunks.push(chunk);
    return { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() };
}
/**
 * `GET path` on the socket as a stream (e.g. `/images/get?names=…`, the tar `docker save` writes:
 * the CLI only copies this body to its standard output).
 * @returns the response body, once the status is 200.
 * @throws Error with the daemon's message (and `status`) for another status; Error naming the
 *   socket when it cannot be reached.
 */
async function apiStream(socket, path) {
    const res = await send(socket, 'GET', path);
    if (res.statusCode === 200)
        return res;
    const chunks = [];
    for await (const chunk of res)
        chunks.push(chunk);
    const answer = { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() };
    throw Object.assign(new Error(apiMessage(answer)), { status: answer.status });
}
/**
 * The socket to use for the API, when the daemon on it is the one `docker info` described:
 * `GET /info` there returns the same `ID` (a daemon's identity: a UUID on Docker 23+, a key ID
 * before). Undefined otherwise — another endpoint, no socket, no ID to compare — and the CLI is
 * used for everything.
 *
 * @param env the environment the docker CLI runs with.
 * @param cliId `ID` from `docker info`, once it answered.
 */
async function probeApi(env, cliId) {
    const socket = socketOf(await endpointSettings(env));
    if (!socket)
        return undefined;
    const answer = await apiRequest(socket, 'GET', '/info').catch(() => undefined);
    let apiId;
    try {
        apiId = answer?.status === 200 ? JSON.parse(answer.body).ID : undefined;
    }
    catch {
        apiId = undefined;
    }
    const id = await cliId;
    return typeof apiId === 'string' && apiId !== '' && apiId === id ? socket : undefined;
}


/***/ }),

/***/ 8634:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ap: () => (/* binding */ addTag),
/* harmony export */   Cf: () => (/* binding */ resolveBuiltImage),
/* harmony export */   E$: () => (/* binding */ tagImage),
/* harmony export */   J2: () => (/* binding */ inspectImages),
/* harmony export */   US: () => (/* binding */ imageExists),
/* harmony export */   mm: () => (/* binding */ inspectImage)
/* harmony export */ });
/* unused harmony exports parseImageInspect, removeImage */
/* harmony import */ var _docker_cli_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2599);
/* harmony import */ var _engine_api_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9515);


/** The engine's answer for an image that does not exist (20.10: `Error: No such image: X`). */
const NOT_FOUND = /No such (image|object)/i;
/** The daemon's answer for a malformed reference (it also says "no such image", so test first). */
const INVALID_REF = /invalid reference format/i;
/**
 * Classifies a failed inspect: `missing` (no such image), else an Error naming `ref` (a malformed
 * reference, a daemon that does not answer, …).
 */
function inspectFailure(ref, stderr, message) {
    if (INVALID_REF.test(stderr)) {
        return new Error(`image reference "${ref}" is not valid: ${message}`);
    }
    if (NOT_FOUND.test(stderr))
        return 'missing';
    return new Error(`docker image inspect of "${ref}" failed: ${message}`);
}
/**
 * `GET /images/REF/json` (what `docker image inspect` prints): the parsed JSON, or `missing`.
 * @throws Error naming `ref` when it is malformed or the engine answers otherwise.
 */
async function apiInspect(socket, ref) {
    const answer = await (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_1__/* .apiRequest */ .AT)(socket, 'GET', `/images/${(0,_engine_api_js__WEBPACK_IMPORTED_MODULE_1__/* .refPath */ .NA)(ref)}/json`);
    if (answer.status === 200) {
        try {
            return JSON.parse(answer.body);
        }
        catch {
            throw new Error(`docker image inspect of "${ref}" did not return JSON`);
        }
    }
    const message = (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_1__/* .apiMessage */ .SX)(answer);
    if (answer.status === 404 && !INVALID_REF.test(message))
        return 'missing';
    const failure = inspectFailure(ref, message, message);
    if (failure === 'missing')
        return 'missing';
    throw failure;
}
function notFound(ref) {
    return new Error(`image ${ref} not found in the local engine (build it, pull it or check the name)`);
}
/** Refuses references the CLI would misread (empty, spaces, a leading `-` read as a flag). */
function checkRef(ref) {
    if (!ref || /\s/.test(ref) || ref.startsWith('-')) {
        throw new Error(`image reference "${ref}" is not valid: expected a name[:tag], name@digest or image ID`);
    }
}
/**
 * One element of `docker image inspect` JSON → {@link ImageInspect}.
 * @throws Error naming `ref` when a field the action needs is missing or has the wrong type.
 */
function parseImageInspect(raw, ref) {
    const bad = (what) => new Error(`docker image inspect of "${ref}" returned no usable ${what}`);
    if (typeof raw !== 'object' || raw === null)
        throw bad('object');
    const o = raw;
    const rootFS = o['RootFS'];
    const id = o['Id'];
    const size = o['Size'];
    const os = o['Os'];
    const architecture = o['Architecture'];
    const layers = rootFS?.Layers ?? [];
    if (typeof id !== 'string' || !id.startsWith('sha256:'))
        throw bad('Id');
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        throw bad('Size');
    if (typeof os !== 'string' || !os)
        throw bad('Os');
    if (typeof architecture !== 'string' || !architecture)
        throw bad('Architecture');
    if (!Array.isArray(layers) || !layers.every(l => typeof l === 'string')) {
        throw bad('RootFS.Layers');
    }
    const variant = typeof o['Variant'] === 'string' && o['Variant'] ? o['Variant'] : undefined;
    const repoTags = Array.isArray(o['RepoTags'])
        ? o['RepoTags'].filter((t) => typeof t === 'string')
        : [];
    return {
        id,
        size,
        diffIds: layers,
        os,
        architecture,
        ...(variant ? { variant } : {}),
        platform: [os, architecture, variant].filter(Boolean).join('/'),
        repoTags,
        created: typeof o['Created'] === 'string' ? o['Created'] : ''
    };
}
/**
 * `docker image inspect REF` (one call) → {@link ImageInspect}.
 *
 * @param ref a tag, `name@digest` or image ID in the local engine.
 * @throws Error "image REF not found in the local engine" when it does not exist; Error naming
 *   `ref` when the reference is malformed or the engine answers otherwise.
 */
async function inspectImage(engine, ref) {
    checkRef(ref);
    if (engine.api) {
        const raw = await apiInspect(engine.api, ref);
        if (raw === 'missing')
            throw notFound(ref);
        return parseImageInspect(raw, ref);
    }
    const run = await (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .runDocker */ .ST)(engine.docker, ['image', 'inspect', '--', ref], { env: engine.env });
    if (run.exitCode !== 0) {
        const failure = inspectFailure(ref, run.stderr, (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .cliMessage */ .kP)(run));
        if (failure === 'missing')
            throw notFound(ref);
        throw failure;
    }
    let list;
    try {
        list = JSON.parse(run.stdout);
    }
    catch {
        throw new Error(`docker image inspect of "${ref}" did not print JSON`);
    }
    if (!Array.isArray(list) || list.length === 0)
        throw notFound(ref);
    return parseImageInspect(list[0], ref);
}
/** `No such image: REF` as the CLI prints it on stderr for each missing image (20.10 and 28). */
const MISSING_REF = /No such (?:image|object): (.+?)\s*$/gim;
/**
 * `docker image inspect A B …` in one call (each docker start costs ~0.15 CPU-s): each reference's
 * {@link ImageInspect}, in order, or undefined for one the engine does not hold. The CLI prints
 * the images it found, in order, and names each missing one on stderr; when the answer cannot be
 * matched to the references that way (another error, a count that does not add up), each is
 * inspected on its own, so errors are those of {@link inspectImage}.
 *
 * @throws Error naming a reference that is malformed, or when the engine fails otherwise.
 */
async function inspectImages(engine, refs) {
    const unique = [...new Set(refs)];
    unique.forEach(checkRef);
    const api = engine.api;
    if (api) {
        // One request each, at once: no process to start, so nothing to save by batching.
        const found = await Promise.all(unique.map(ref => apiInspect(api, ref)));
        const byRef = new Map(unique.map((ref, k) => {
            const raw = found[k];
            return [ref, raw === 'missing' ? undefined : parseImageInspect(raw, ref)];
        }));
        return refs.map(ref => byRef.get(ref));
    }
    const run = await (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .runDocker */ .ST)(engine.docker, ['image', 'inspect', '--', ...unique], {
        env: engine.env
    });
    let list;
    try {
        list = JSON.parse(run.stdout);
    }
    catch {
        list = undefined;
    }
    const missing = new Set([...run.stderr.matchAll(MISSING_REF)].map(m => m[1]));
    const present = unique.filter(ref => !missing.has(ref));
    const byRef = new Map();
    if (Array.isArray(list) &&
        list.length === present.length &&
        (run.exitCode === 0) === (missing.size === 0) &&
        !INVALID_REF.test(run.stderr)) {
        present.forEach((ref, k) => byRef.set(ref, parseImageInspect(list[k], ref)));
    }
    else {
        for (const ref of unique) {
            byRef.set(ref, (await imageExists(engine, ref)) ? await inspectImage(engine, ref) : undefined);
        }
    }
    return refs.map(ref => byRef.get(ref));
}
/**
 * True when `ref` names an image in the local engine.
 * @throws Error when the reference is malformed or the engine fails for another reason (so a
 *   down daemon is never mistaken for a missing image).
 */
async function imageExists(engine, ref) {
    checkRef(ref);
    if (engine.api)
        return (await apiInspect(engine.api, ref)) !== 'missing';
    const run = await (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .runDocker */ .ST)(engine.docker, ['image', 'inspect', '--format', '{{.Id}}', '--', ref], {
        env: engine.env
    });
    if (run.exitCode === 0)
        return true;
    const failure = inspectFailure(ref, run.stderr, (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .cliMessage */ .kP)(run));
    if (failure === 'missing')
        return false;
    throw failure;
}
/**
 * `docker image rm REF`, best effort: failures (already gone, still used by a container) are
 * logged at debug level when a log is given, never thrown. Untags only when other tags remain.
 */
async function removeImage(engine, ref, log) {
    try {
        checkRef(ref);
        if (engine.api) {
            const answer = await apiRequest(engine.api, 'DELETE', `/images/${refPath(ref)}`);
            if (answer.status !== 200)
                log?.debug(`docker image rm ${ref}: ${apiMessage(answer)}`);
            return;
        }
        const run = await runDocker(engine.docker, ['image', 'rm', '--', ref], { env: engine.env });
        if (run.exitCode !== 0)
            log?.debug(`docker image rm ${ref}: ${cliMessage(run)}`);
    }
    catch (error) {
        log?.debug(`docker image rm ${ref}: ${error instanceof Error ? error.message : String(error)}`);
    }
}
/**
 * `docker image tag SOURCE TARGET`; on the API `POST /images/SOURCE/tag?repo=…&tag=…` (what the
 * CLI sends; `target` is `repository:tag`, a registry port in the repository kept).
 *
 * @returns undefined when the engine made the tag, else the engine's message.
 * @throws Error when a reference is malformed, the CLI cannot be started or the socket cannot be
 *   reached.
 */
async function addTag(engine, source, target) {
    checkRef(source);
    checkRef(target);
    if (engine.api) {
        const colon = target.lastIndexOf(':');
        const slash = target.lastIndexOf('/');
        const [repo, tag] = colon > slash ? [target.slice(0, colon), target.slice(colon + 1)] : [target, 'latest'];
        const query = `repo=${encodeURIComponent(repo)}&tag=${encodeURIComponent(tag)}`;
        const answer = await (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_1__/* .apiRequest */ .AT)(engine.api, 'POST', `/images/${(0,_engine_api_js__WEBPACK_IMPORTED_MODULE_1__/* .refPath */ .NA)(source)}/tag?${query}`);
        return answer.status === 201 || answer.status === 200 ? undefined : (0,_engine_api_js__WEBPACK_IMPORTED_MODULE_1__/* .apiMessage */ .SX)(answer);
    }
    const run = await (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .runDocker */ .ST)(engine.docker, ['image', 'tag', source, target], { env: engine.env });
    return run.exitCode === 0 ? undefined : (0,_docker_cli_js__WEBPACK_IMPORTED_MODULE_0__/* .cliMessage */ .kP)(run);
}
/**
 * `docker image tag SOURCE TAG` ({@link addTag}), then the tagged image's full ID.
 *
 * @throws Error naming both references when the engine refuses the tag or the image is missing.
 */
async function tagImage(engine, source, tag) {
    const failure = await addTag(engine, source, tag);
    if (failure !== undefined) {
        throw new Error(`docker image tag ${source} ${tag} failed: ${failure}`);
    }
    return (await inspectImage(engine, tag)).id;
}
/**
 * The engine's ID for the image a build just wrote to `--iidfile`, as `docker image inspect` and
 * `docker save` accept it.
 *
 * On the classic store the file holds the image ID (config digest), returned without a look-up
 * (one docker call less per build; a wrong ID fails the measurement's inspect, naming it). On the
 * containerd image store, or when the store was not probed, it holds what BuildKit's exporter
 * returned: the manifest or index digest (the store's `.Id`),
 * or the config digest (buildx `--load` through the docker driver, seen on Docker 26.1 with
 * buildx 0.13), which the engine does not look up. Then the build's tag names the image: the
 * build just set it, and the action's tags are unique per run. (Measurement reports the config
 * digest as the image ID on every store: it reads it from `docker save`.)
 *
 * @param iid the `--iidfile` content, `sha256:<64 hex>`.
 * @param tag the tag the build set.
 * @returns `iid` on the classic store or when the engine knows it, else the tag's `.Id`.
 * @throws Error naming both when neither the ID nor the tag is in the engine.
 */
async function resolveBuiltImage(engine, iid, tag) {
    if (engine.imageStore === 'classic')
        return iid;
    if (await imageExists(engine, iid))
        return iid;
    if (await imageExists(engine, tag))
        return (await inspectImage(engine, tag)).id;
    throw new Error(`the build wrote the image ID ${iid} to --iidfile, but neither it nor the tag ${tag} is in the engine`);
}


/***/ }),

/***/ 9319:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F1: () => (/* binding */ parseDriftSince),
/* harmony export */   IM: () => (/* binding */ entryAtDate),
/* harmony export */   QG: () => (/* binding */ parseDriftSinceForApi),
/* harmony export */   rQ: () => (/* binding */ renderTrendSection)
/* harmony export */ });
/* unused harmony exports TREND_POINTS, trendPoints, chartUnit, chartDecimals, inUnit, MAX_X_LABELS, xLabels, CHART_HEIGHT, TREND_LINE_COLOUR, mermaidTrend, axisRange, roundSignificant, suggestMaxSize, percentDown, sizeText, trendTerminalLines, changeText, chartTitle, withTrend */
/* harmony import */ var _report_escape_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2527);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3052);
/**
 * The trend of one image for the pull request comment and the job summary: the last entries as a
 * Mermaid `xychart-beta` chart (GitHub renders Mermaid blocks in comments and summaries, so no
 * image is hosted), the change since a pinned point (`drift-since`), and a hint when the image has
 * shrunk well below its `max-size`. Pure: functions of entries and numbers.
 *
 * Mermaid syntax (mermaid.js.org, "XY Chart"): `xychart-beta`, `title "…"`, `x-axis [a, "b c"]`
 * (categories), `y-axis "title" min --> max`, one `line [v1, v2, …]` per series.
 */


/** Points the chart shows at most (the newest). */
const TREND_POINTS = 30;
/** The points of the chart: the newest {@link TREND_POINTS} (the current run's point counted). */
function trendPoints(entries, current) {
    const points = entries.map(e => ({
        label: e.commit.slice(0, 7),
        size: e.size,
        compressedSize: e.compressedSize
    }));
    if (current)
        points.push({ ...current });
    return points.slice(Math.max(0, points.length - TREND_POINTS));
}
/**
 * The chart's unit for sizes up to `maxBytes`: the largest of B, kB, MB, GB of which the
 * largest value holds at least one (a 436-byte image is charted in B, not as 0.000 MB).
 */
function chartUnit(maxBytes) {
    if (maxBytes >= 1e9)
        return { name: 'GB', bytes: 1e9 };
    if (maxBytes >= 1e6)
        return { name: 'MB', bytes: 1e6 };
    if (maxBytes >= 1e3)
        return { name: 'kB', bytes: 1e3 };
    return { name: 'B', bytes: 1 };
}
/**
 * Decimals that show the change between `values` (already in the chart's unit): 2 significant
 * or 3 significant digits of their spread (max − min), at least 1 and at most 3 decimals (0 for bytes): a creep
 * of 30.55 → 31.95 MB keeps 2 decimals, one of 30.551 → 30.573 MB keeps 3.
 */
function chartDecimals(values, unit) {
    if (unit.bytes === 1)
        return 0;
    const spread = Math.max(...values) - Math.min(...values);
    if (!(spread > 0))
        return 2;
    return Math.min(3, Math.max(1, 2 - Math.floor(Math.log10(spread))));
}
/** Bytes → `unit`, rounded to `decimals`. */
function inUnit(bytes, unit, decimals) {
    return Number((bytes / unit.bytes).toFixed(decimals));
}
/** At most this many x-axis labels are written (7-character SHAs at the default 700 px width). */
const MAX_X_LABELS = 7;
/**
 * The x-axis labels: the last point's label and every `step`-th one before it
 * (`step` = ⌈points / {@link MAX_X_LABELS}⌉), so labels never overlap; the other points get
 * distinct labels made of zero-width spaces (U+200B), which Mermaid draws as nothing — a
 * category axis needs one distinct label per point (equal labels would merge their points).
 */
function xLabels(points) {
    const step = Math.ceil(points.length / MAX_X_LABELS);
    const last = points.length - 1;
    const used = new Set();
    return points.map((p, i) => {
        let label = (last - i) % step === 0 ? mermaidText(p.label, 16) : '';
        // Invisible ones, and a drawn label met before (two SHAs alike), made distinct.
        label += '\u200b'.repeat(label === '' ? i + 1 : 0);
        while (used.has(label))
            label += '\u200b';
        used.add(label);
        return label;
    });
}
/** The chart's height in px (Mermaid's default 500 is taller than it is wide on a phone). */
const CHART_HEIGHT = 360;
/** The colour of the line: GitHub's accent blue, readable on light and dark backgrounds. */
const TREND_LINE_COLOUR = '#0969da';
/**
 * The Mermaid block (with its fences) charting the uncompressed size of `points`, oldest first:
 * an init directive setting the line's colour ({@link TREND_LINE_COLOUR}; Mermaid's first
 * palette colour is a pale lavender), x-axis labels thinned to {@link MAX_X_LABELS}
 * ({@link xLabels}), the y-axis in a unit chosen from the data ({@link chartUnit}) with
 * {@link chartDecimals} decimals, from just below the smallest to just above the largest value
 * ({@link axisRange}: it does not start at 0, so a creep of a few percent is visible). The
 * compressed size, on another scale, is left to the text under the chart.
 *
 * @returns '' when there is no point.
 */
function mermaidTrend(points, title) {
    if (points.length === 0)
        return '';
    const unit = chartUnit(Math.max(...points.map(p => p.size)));
    const raw = points.map(p => p.size / unit.bytes);
    const decimals = chartDecimals(raw, unit);
    const sizes = points.map(p => inUnit(p.size, unit, decimals));
    const [lo, hi] = axisRange(sizes, decimals);
    const init = {
        xyChart: { height: CHART_HEIGHT },
        themeVariables: { xyChart: { plotColorPalette: TREND_LINE_COLOUR } }
    };
    return [
        '```mermaid',
        `%%{init: ${JSON.stringify(init)}}%%`,
        'xychart-beta',
        `  title "${mermaidText(title, 80)}"`,
        `  x-axis [${xLabels(points)
            .map(label => `"${label}"`)
            .join(', ')}]`,
        `  y-axis "${unit.name}" ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .plainDecimal */ .mr)(lo, 15, decimals + 1)} --> ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .plainDecimal */ .mr)(hi, 15, decimals + 1)}`,
        `  line [${sizes.map(v => (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .plainDecimal */ .mr)(v, 15, decimals)).join(', ')}]`,
        '```'
    ].join('\n');
}
/**
 * A y-axis range around `values` that shows small changes: padded by 10% of their spread (at
 * least 0.5% of the largest value), then widened to whole steps of a tenth of the padded range's
 * power of ten; never below 0. All zeros → [0, 1].
 *
 * @param decimals the values' decimals; the bounds get at most one more.
 */
function axisRange(values, decimals = 3) {
    const min = Math.min(...values);
    const max = Math.max(...values);
    if (!(max > 0))
        return [0, 1];
    const pad = Math.max((max - min) * 0.1, max * 0.005);
    const low = Math.max(0, min - pad);
    const high = max + pad;
    const step = Math.max(10 ** (Math.floor(Math.log10(high - low)) - 1), 10 ** -(decimals + 1));
    const clean = (v) => Number(v.toPrecision(12));
    const lo = clean(Math.floor(clean(low / step)) * step);
    const hi = clean(Math.ceil(clean(high / step)) * step);
    return [lo, hi > lo ? hi : clean(lo + step)];
}
/** Rounds `value` ≥ 0 to `digits` significant digits, up or down. */
function roundSignificant(value, digits, direction) {
    if (value <= 0)
        return 0;
    const step = 10 ** (Math.floor(Math.log10(value)) - digits + 1);
    const scaled = value / step;
    // Guard against 1.2000000000000002 / 0.1 style noise before rounding up or down.
    const rounded = direction === 'up' ? Math.ceil(scaled - 1e-9) : Math.floor(scaled + 1e-9);
    return Number((rounded * step).toPrecision(15));
}
/**
 * Suggests a tighter `max-size` when the image has shrunk well below it: when `size` < 80% of
 * `maxSize`, the suggestion is `size` × 1.1 (10% headroom) rounded up to 2 significant digits in
 * MB (10^6 bytes), e.g. 12,340,000 bytes under a 20 MB budget → 14 MB.
 *
 * @returns the suggested limit in bytes, or undefined when the budget is not that loose.
 */
function suggestMaxSize(size, maxSize) {
    if (!(maxSize > 0) || size >= maxSize * 0.8)
        return undefined;
    const suggested = Math.round(roundSignificant((size * 1.1) / 1e6, 2, 'up') * 1e6);
    return suggested < maxSize ? suggested : undefined;
}
/**
 * A percentage cut (never rounded up) to 3 significant digits: 79.875 → `79.8`, so a value
 * below a threshold never prints as the threshold itself.
 */
function percentDown(percent) {
    return new Intl.NumberFormat('en-US', {
        maximumSignificantDigits: 3,
        roundingMode: 'trunc',
        useGrouping: false
    }).format(percent);
}
/** Bytes with 4 significant digits in the largest unit that holds them: 31,950,000 → `31.95 MB`. */
function sizeText(bytes) {
    const unit = chartUnit(Math.abs(bytes));
    return `${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .plainDecimal */ .mr)(bytes / unit.bytes, 4)} ${unit.name}`;
}
/** A name: a tag, a branch or a (short) commit SHA, as `git check-ref-format` takes them. */
const REV_NAME = String.raw `(?:[A-Za-z0-9_][A-Za-z0-9._/+-]*|@)`;
/** Suffixes git reads after a name: `~`, `~3`, `^`, `^2`, `@{2}`, `@{2024-01-01}`. */
const REV_SUFFIX = String.raw `(?:[~^]\d{0,6}|@\{[A-Za-z0-9._:+-]{1,40}\})`;
const REVISION = new RegExp(`^${REV_NAME}${REV_SUFFIX}*$`);
/**
 * Reads `drift-since`: a date (`YYYY-MM-DD`, optionally with a time, UTC unless it says), else a
 * git revision: a tag, a branch, a commit SHA, or a revision expression (`HEAD~3`, `main^2`,
 * `v1.0~1`). Checks the syntax only (no lookup), so it runs with the other inputs, before any
 * build. Refused: ranges (`a..b`), paths (`HEAD:file`), spaces, control characters, a leading
 * `-` (an option to git).
 *
 * @throws Error naming the input and the accepted forms.
 */
function parseDriftSince(value) {
    const text = value.trim();
    const shown = JSON.stringify(value);
    if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
        const time = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
        // Date.parse rolls 2026-02-30 over to March: a date must read back as written.
        const rolled = text.length === 10 && new Date(time).toISOString().slice(0, 10) !== text;
        if (Number.isNaN(time) || rolled) {
            throw new Error(`Input drift-since: ${shown} is not a valid date (YYYY-MM-DD).`);
        }
        return { kind: 'date', time };
    }
    if (text.length > 255 ||
        !REVISION.test(text) ||
        text.includes('..') ||
        /\.lock(?:\/|$)/.test(text)) {
        throw new Error(`Input drift-since: ${shown} is not a date (YYYY-MM-DD), a tag, a branch, a commit SHA or a git revision such as HEAD~3.`);
    }
    return { kind: 'revision', rev: text, plain: new RegExp(`^${REV_NAME}$`).test(text) };
}
/**
 * `drift-since` for the action, which resolves revisions through the GitHub API (no git
 * history in the checkout): a date, or a plain tag, branch or commit SHA.
 *
 * @throws Error naming the input for a revision expression (`HEAD~3`) and saying what is taken.
 */
function parseDriftSinceForApi(value) {
    const parsed = parseDriftSince(value);
    if (parsed.kind === 'revision' && !parsed.plain) {
        throw new Error(`Input drift-since: ${JSON.stringify(value)} is a git revision expression; the action looks revisions up through the GitHub API, which takes a tag, a branch or a commit SHA (or give a date, YYYY-MM-DD). Expressions such as HEAD~3 work in the CLI.`);
    }
    return parsed;
}
/**
 * The entry a date pins: the newest entry measured at or before `time`, else (a date before the
 * history starts) the oldest entry.
 */
function entryAtDate(entries, time) {
    let found;
    for (const entry of entries) {
        if (Date.parse(entry.time) <= time)
            found = entry;
    }
    return found ?? entries[0];
}
/**
 * The markdown trend section: a heading, a line saying what is charted, the Mermaid chart of the
 * uncompressed size, then facts as a list: the change over the points shown (uncompressed and
 * compressed), the change since the `drift-since` point, and the `max-size` hint. Every untrusted
 * text (names, labels) is escaped.
 *
 * @returns '' when there is neither an entry nor a current point.
 */
function renderTrendSection(section) {
    const points = trendPoints(section.entries, section.current);
    if (points.length === 0)
        return '';
    const parts = ['### Size history'];
    const unit = chartUnit(Math.max(...points.map(p => p.size)));
    parts.push(`<sub>${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(section.name, 200)} (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(section.platform, 64)}): uncompressed size of the last ${points.length} ${points.length === 1 ? 'measurement' : 'measurements'} from ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(section.source, 200)}, oldest first${section.current ? ', this run last' : ''}; in ${unit.name} (${UNIT_WORDS[unit.name]}), the axis does not start at 0.</sub>`);
    parts.push(mermaidTrend(points, chartTitle(section.name, section.platform)));
    const facts = trendFacts(section, points).map(fact => `- ${fact.markdown}`);
    if (facts.length > 0)
        parts.push(facts.join('\n'));
    return parts.join('\n\n');
}
/**
 * The trend as terminal lines (the CLI prints them after its table): the change over the last
 * points, since `drift-since`, and the `max-size` hint; no chart. Each line starts `history: `.
 *
 * @returns [] when there is neither an entry nor a current point.
 */
function trendTerminalLines(section) {
    const points = trendPoints(section.entries, section.current);
    if (points.length === 0)
        return [];
    return trendFacts(section, points).map(fact => `history: ${fact.text}`);
}
function trendFacts(section, points) {
    const facts = [];
    const first = points[0];
    const latest = points.at(-1);
    const label = (p) => plain(p.label);
    const span = `the last ${points.length} ${points.length === 1 ? 'measurement' : 'measurements'}`;
    if (points.length > 1) {
        facts.push({
            markdown: `Uncompressed over ${span}: ${changeText(first.size, latest.size)}, from ${sizeText(first.size)} (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(label(first), 40)}) to ${sizeText(latest.size)} (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(label(latest), 40)})`,
            text: `${plain((0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .shorten */ .ml)(section.name, 80))} (${plain(section.platform)}), uncompressed over ${span}: ${changeText(first.size, latest.size)}, from ${sizeText(first.size)} (${label(first)}) to ${sizeText(latest.size)} (${label(latest)})`
        });
        const withCompressed = points.filter(p => p.compressedSize !== undefined);
        const from = withCompressed[0];
        const to = withCompressed.at(-1);
        if (from && to && from !== to) {
            const a = from.compressedSize;
            const b = to.compressedSize;
            facts.push({
                markdown: `Compressed: ${changeText(a, b)}, from ${sizeText(a)} (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(label(from), 40)}) to ${sizeText(b)} (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(label(to), 40)})`,
                text: `compressed: ${changeText(a, b)}, from ${sizeText(a)} (${label(from)}) to ${sizeText(b)} (${label(to)})`
            });
        }
    }
    else {
        facts.push({
            markdown: `Uncompressed: ${sizeText(latest.size)} (${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(label(latest), 40)}), the only measurement`,
            text: `${plain((0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .shorten */ .ml)(section.name, 80))} (${plain(section.platform)}): ${sizeText(latest.size)}, the only measurement`
        });
    }
    if (section.drift) {
        const { entry } = section.drift;
        const where = `(${entry.commit.slice(0, 7)}, ${entry.time.slice(0, 10)})`;
        const body = `${changeText(entry.size, latest.size)}, from ${sizeText(entry.size)} to ${sizeText(latest.size)}`;
        facts.push({
            markdown: `**Since ${(0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(section.drift.label, 100)}** ${where}: ${body}`,
            text: `since ${plain(section.drift.label)} ${where}: ${body}`
        });
    }
    else if (section.driftNote) {
        facts.push({ markdown: (0,_report_escape_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeMarkdown */ .FV)(section.driftNote, 300), text: plain(section.driftNote) });
    }
    if (section.maxSize !== undefined) {
        const suggestion = suggestMaxSize(latest.size, section.maxSize);
        if (suggestion !== undefined) {
            const limit = (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(suggestion).replace(' ', '');
            const why = `the image is ${sizeText(latest.size)}, ${percentDown((latest.size / section.maxSize) * 100)}% of its ${sizeText(section.maxSize)} budget (suggested below 80%: the size + 10%, rounded up to 2 significant digits)`;
            facts.push({
                markdown: `💡 \`max-size\` could be tightened to **${limit}**: ${why}.`,
                text: `max-size could be tightened to ${limit}: ${why}.`
            });
        }
    }
    return facts;
}
/** `+1.4 MB (+4.58%)`, `-580 kB (-20.1%)`, `no change`. */
function changeText(from, to) {
    const change = to - from;
    if (change === 0)
        return 'no change';
    const sign = change > 0 ? '+' : '';
    const pct = from > 0 ? ` (${sign}${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .plainDecimal */ .mr)((change / from) * 100, 3, 2)}%)` : '';
    return `${sign}${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(change)}${pct}`;
}
/**
 * The chart's title: the name (its end kept when longer than 40 characters: `…/team/app`) and
 * the platform, which is never cut off.
 */
function chartTitle(name, platform) {
    const flat = mermaidText(name, 4096);
    const short = flat.length > 40 ? `…${flat.slice(flat.length - 39)}` : flat;
    return `${short} (${mermaidText(platform, 32)})`;
}
/** Control characters (and bidi overrides) as spaces, for terminal lines. */
function plain(text) {
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ');
}
const UNIT_WORDS = {
    B: 'bytes',
    kB: '10^3 bytes',
    MB: '10^6 bytes',
    GB: '10^9 bytes'
};
/**
 * The markdown with the trend section after it (the markdown unchanged when `trend` is ''). The
 * caller renders the markdown with `maxLength` lowered by `trend.length + 4`, so the whole stays
 * under GitHub's comment limit.
 */
function withTrend(markdown, trend) {
    return trend ? `${markdown.replace(/\s+$/, '')}\n\n${trend}\n` : markdown;
}
/**
 * Text safe inside a Mermaid double-quoted string: no quotes, backticks, newlines or other control
 * characters, `#;` (entity codes) or `<>` (labels may render as HTML); at most `max` characters.
 */
function mermaidText(text, max) {
    return (text
        // eslint-disable-next-line no-control-regex
        .replace(/["`#;<>\u0000-\u001f\u007f]/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, max));
}


/***/ }),

/***/ 6649:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gt: () => (/* binding */ createdByPerLayer),
/* harmony export */   YW: () => (/* binding */ displayCreatedBy),
/* harmony export */   YZ: () => (/* binding */ historyToLayers)
/* harmony export */ });
/* unused harmony export historyIndexPerLayer */
/**
 * An image config's `history` ↔ its `rootfs.diff_ids`: which history entry made which layer.
 *
 * The rule is the engine's own (moby `daemon/images/image_history.go`, `ImageHistory`): walk the
 * history in order; every entry without `empty_layer: true` takes the next diff ID, so the k-th
 * non-empty entry made `diff_ids[k]` (which is also `manifest.layers[k]`).
 */
/**
 * Pairs every history entry with the layer it made.
 *
 * An image without history (`history` absent or empty, as some tools write) gives `[]`: nothing
 * to pair, which is not a contradiction.
 *
 * @param history the config's `history`, in order
 * @param diffIds the config's `rootfs.diff_ids` (`sha256:…`), in order; only the count is used
 * @returns one element per history entry, in history order
 * @throws Error when the non-empty entries and the diff IDs differ in number (moby rejects "too
 *   many non-empty layers in History section"; fewer would leave layers without an entry)
 */
function historyToLayers(history, diffIds) {
    if (history.length === 0)
        return [];
    let layer = 0;
    const out = history.map((entry, historyIndex) => {
        const layerIndex = entry.empty_layer === true ? undefined : layer++;
        return { historyIndex, createdBy: entry.created_by ?? '', layerIndex };
    });
    if (layer !== diffIds.length) {
        throw new Error(`image config: its history has ${layer} non-empty ${layer === 1 ? 'entry' : 'entries'} but ` +
            `rootfs.diff_ids lists ${diffIds.length} ${diffIds.length === 1 ? 'layer' : 'layers'}; ` +
            `each non-empty history entry must make exactly one layer`);
    }
    return out;
}
/**
 * The `created_by` of the history entry that made each layer, indexed by layer (diff ID) index.
 * Every element is a string ('' when the image has no history or the entry has no `created_by`).
 *
 * @throws Error as {@link historyToLayers} does
 */
function createdByPerLayer(history, diffIds) {
    const out = diffIds.map(() => '');
    for (const entry of historyToLayers(history, diffIds)) {
        if (entry.layerIndex !== undefined)
            out[entry.layerIndex] = entry.createdBy;
    }
    return out;
}
/**
 * The history index that made each layer, indexed by layer index; undefined when the image has
 * no history.
 *
 * @throws Error as {@link historyToLayers} does
 */
function historyIndexPerLayer(history, diffIds) {
    const out = diffIds.map(() => undefined);
    for (const entry of historyToLayers(history, diffIds)) {
        if (entry.layerIndex !== undefined)
            out[entry.layerIndex] = entry.historyIndex;
    }
    return out;
}
/**
 * A history entry's `created_by` as people read it: the instruction, without the prefixes the
 * builders add.
 * - Classic builder: `/bin/sh -c #(nop)  COPY file:… in /app` → `COPY file:… in /app`;
 *   `/bin/sh -c make` (a RUN) → `RUN make`.
 * - BuildKit: `RUN /bin/sh -c make # buildkit` → `RUN make`; `COPY . /app # buildkit` →
 *   `COPY . /app`.
 * - Both: a RUN's build-argument prefix `|2 A=1 B=2 ` (moby `builder/dockerfile`, BuildKit
 *   `dockerfile2llb`) is dropped, so argument values are not shown.
 * Anything else (another shell, `docker import`'s entry) is returned trimmed, as it is.
 *
 * @param createdBy the entry's `created_by`, '' when absent.
 */
function displayCreatedBy(createdBy) {
    let text = createdBy.trim().replace(/\s*# buildkit$/, '');
    const run = /^RUN\s+/.test(text);
    if (run)
        text = text.replace(/^RUN\s+/, '');
    // `|N K=V …` then the shell: values may hold spaces, so the shell marks the prefix's end.
    text = text.replace(/^\|\d+ .*?(?=\/bin\/sh -c )/s, '');
    const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text);
    if (nop)
        return nop[1].trim();
    const shell = /^\/bin\/sh -c (.*)$/s.exec(text);
    if (shell)
        return `RUN ${shell[1].trim()}`;
    return run ? `RUN ${text}` : text;
}


/***/ }),

/***/ 8758:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   FL: () => (/* binding */ parsePlatform),
/* harmony export */   GQ: () => (/* binding */ runnerPlatform),
/* harmony export */   J5: () => (/* binding */ platformMatches)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/**
 * Image platforms (`os/architecture[/variant]`, OCI image-spec `image-index.md`): parse, print,
 * match, and the default — the runner's own platform. Pure apart from reading `process`.
 */

/**
 * Parses `os/architecture[/variant]`, e.g. `linux/amd64`, `linux/arm64/v8`.
 * @throws Error naming `what` and the value when it has fewer than two or more than three parts.
 */
function parsePlatform(value, what = 'platform') {
    const parts = value.trim().split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some(p => p === '')) {
        throw new Error(`${what}: "${value}" is not a platform; expected OS/ARCH[/VARIANT], e.g. linux/amd64`);
    }
    const [os, architecture, variant] = parts;
    return variant === undefined ? { os, architecture } : { os, architecture, variant };
}
/** `os/architecture[/variant]`. */
function formatPlatform(p) {
    return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}
/** Node's `process.arch` → Go's GOARCH (containerd `platforms` uses the same names). */
const ARCH = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ia32: '386',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
    mips: 'mips',
    mipsel: 'mipsle'
};
/**
 * The platform of the machine we run on, as an image for it would be labelled: `linux/amd64` on
 * a usual runner. macOS maps to `linux` (Docker Desktop runs Linux containers in a VM); Windows
 * to `windows`. 32-bit ARM carries its variant (`v7`) from Node's build configuration.
 */
function runnerPlatform() {
    const os = process.platform === 'win32'
        ? 'windows'
        : process.platform === 'darwin'
            ? 'linux'
            : process.platform;
    let architecture = ARCH[process.arch] ?? process.arch;
    if (process.arch === 'ppc64')
        architecture = (0,node_os__WEBPACK_IMPORTED_MODULE_0__.endianness)() === 'LE' ? 'ppc64le' : 'ppc64';
    if (process.arch === 'arm') {
        const v = process.config.variables['arm_version'];
        return {
            os,
            architecture,
            variant: `v${typeof v === 'string' || typeof v === 'number' ? v : 7}`
        };
    }
    return { os, architecture };
}
/** The variant an architecture has when none is written (containerd `platforms.Normalize`). */
function normalVariant(architecture, variant) {
    if (variant === undefined || variant === '') {
        if (architecture === 'arm')
            return 'v7';
        return undefined;
    }
    if (architecture === 'arm64' && variant === 'v8')
        return undefined;
    if (architecture === 'amd64' && variant === 'v1')
        return undefined;
    return variant;
}
/**
 * True when an image labelled `have` serves a request for `want`: same OS and architecture, and,
 * when `want` names a variant, the same variant after containerd's normalisation (`arm64/v8` is
 * `arm64`, `arm` is `arm/v7`, `amd64/v1` is `amd64`).
 */
function platformMatches(want, have) {
    if (want.os !== have.os || want.architecture !== have.architecture)
        return false;
    if (want.variant === undefined)
        return true;
    return (normalVariant(want.architecture, want.variant) ===
        normalVariant(have.architecture, have.variant));
}


/***/ }),

/***/ 2240:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AB: () => (/* binding */ parseImageSource),
/* harmony export */   B6: () => (/* binding */ describeSource)
/* harmony export */ });
/* unused harmony exports TRANSPORTS, isImageReference */
/**
 * Where an image is read from: the `image` / `builder-image` inputs in skopeo's transport syntax
 * (containers/image `transports/alltransports`), or a plain reference that names an image in the
 * local Docker engine — or, when the engine does not hold it, in its registry. Pure: parsing
 * only, no I/O.
 */
/** The transports {@link parseImageSource} accepts, with their syntax, for error messages. */
const TRANSPORTS = [
    'docker://REF',
    'docker-daemon:REF',
    'docker-archive:PATH[:REF]',
    'oci-archive:PATH[:TAG]',
    'oci:DIR[:TAG]'
];
/** skopeo transports this action cannot read; named so a user gets "not supported", not "bad". */
const UNSUPPORTED_TRANSPORTS = new Set(['dir', 'containers-storage', 'ostree', 'sif', 'tarball']);
// Docker's reference grammar, from distribution/reference `regexp.go`:
// reference := name [ ":" tag ] [ "@" digest ]; name := [domain "/"] path-component ["/" …].
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE_RE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);
/** An image ID as the engine accepts it: `sha256:<64 hex>` (bare hex IDs match {@link NAME}). */
const IMAGE_ID_RE = /^sha256:[0-9a-f]{64}$/;
/**
 * True when `value` is a reference the engine can look up: `name[:tag][@digest]` (Docker's
 * grammar, distribution/reference `regexp.go`, names up to 255 characters) or an image ID
 * (`sha256:<64 hex>`, or hex of an ID prefix, which the grammar already admits as a name).
 */
function isImageReference(value) {
    if (IMAGE_ID_RE.test(value))
        return true;
    if (!REFERENCE_RE.test(value))
        return false;
    const name = (value.split('@')[0] ?? '').replace(/:[\w][\w.-]{0,127}$/, '');
    return name.length <= 255;
}
function expected() {
    return `expected an image reference (NAME[:TAG][@DIGEST] or sha256:ID) or one of ${TRANSPORTS.join(', ')}`;
}
/** Splits `PATH[:SUFFIX]` at the first colon, as containers/image `SplitPathAndImage` does. */
function splitPath(rest) {
    const colon = rest.indexOf(':');
    if (colon < 0)
        return { path: rest };
    return { path: rest.slice(0, colon), suffix: rest.slice(colon + 1) };
}
/**
 * Parses an image input.
 *
 * A value with a supported transport prefix is read with that transport (`oci:latest` is the
 * layout directory `latest`, not an image named `oci`; `docker://ghcr.io/o/app:1` a registry
 * image). Any other value that is a valid Docker reference (`busybox:latest`,
 * `localhost:5000/app:1`, `app@sha256:…`, `sha256:<id>`) names an image in the local engine, or
 * in its registry when the engine does not hold it. Paths are split from their `:TAG`/`:REF` suffix at the first colon
 * (skopeo's rule), so a path itself cannot contain a colon.
 *
 * @param value the input's value, e.g. `oci-archive:/tmp/app.tar:v1` or `app:1.2`
 * @param inputName the input's name (`image`, `builder-image`, …), quoted in errors
 * @returns the parsed source
 * @throws Error naming the input and the value when the value is empty, uses an unsupported or
 *   unknown transport, has an empty path or tag, or is not a valid reference; the message lists
 *   the accepted transports.
 */
function parseImageSource(value, inputName) {
    const v = value.trim();
    function fail(why) {
        throw new Error(`${inputName}: "${value}" ${why}; ${expected()}`);
    }
    if (v === '')
        return fail('is empty');
    const prefix = /^([A-Za-z][A-Za-z0-9-]*):(.*)$/s.exec(v);
    const transport = prefix?.[1];
    const rest = prefix?.[2] ?? '';
    switch (transport) {
        case 'docker-daemon': {
            if (!isImageReference(rest))
                fail('does not name a valid image reference after docker-daemon:');
            return { transport, ref: rest, explicit: true };
        }
        case 'docker': {
            // `docker:dind` is an image named docker; the registry transport is `docker://`.
            if (!rest.startsWith('//'))
                break;
            const ref = rest.slice(2);
            if (!isImageReference(ref) || IMAGE_ID_RE.test(ref))
                fail('does not name a valid image reference after docker:// (expected [REGISTRY/]NAME[:TAG][@DIGEST])');
            return { transport, ref };
        }
        case 'docker-archive': {
            const { path, suffix } = splitPath(rest);
            if (path === '')
                fail('has no archive path after docker-archive:');
            if (suffix === undefined)
                return { transport, path };
            if (!isImageReference(suffix))
                fail(`has an invalid image reference "${suffix}" after the path`);
            return { transport, path, ref: suffix };
        }
        case 'oci-archive':
        case 'oci': {
            const { path, suffix } = splitPath(rest);
            if (path === '')
                fail(`has no ${transport === 'oci' ? 'directory' : 'archive path'} after ${transport}:`);
            if (suffix !== undefined && suffix === '')
                fail('has an empty tag after the path');
            if (transport === 'oci')
                return suffix === undefined
                    ? { transport, dir: path }
                    : { transport, dir: path, tag: suffix };
            return suffix === undefined ? { transport, path } : { transport, path, tag: suffix };
        }
    }
    if (isImageReference(v))
        return { transport: 'docker-daemon', ref: v };
    if (transport !== undefined && UNSUPPORTED_TRANSPORTS.has(transport)) {
        return fail(`uses the transport "${transport}:", which this action does not read`);
    }
    if (transport !== undefined) {
        return fail(`uses an unknown transport "${transport}:" and is not a valid image reference`);
    }
    return fail('is not a valid image reference');
}
/** How a source reads in messages: `transport:location[:tag]`, or the plain daemon reference. */
function describeSource(source) {
    switch (source.transport) {
        case 'docker-daemon':
            return source.ref;
        case 'docker':
            return `docker://${source.ref}`;
        case 'docker-archive':
            return `docker-archive:${source.path}${source.ref ? `:${source.ref}` : ''}`;
        case 'oci-archive':
            return `oci-archive:${source.path}${source.tag ? `:${source.tag}` : ''}`;
        case 'oci':
            return `oci:${source.dir}${source.tag ? `:${source.tag}` : ''}`;
    }
}


/***/ }),

/***/ 646:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G: () => (/* binding */ isUnderSpecialRoot),
/* harmony export */   TL: () => (/* binding */ parseInputs),
/* harmony export */   Yk: () => (/* binding */ SPECIAL_ROOTS)
/* harmony export */ });
/* unused harmony exports parseBuildArgs, parseBranchName, parseCommentKey, parsePositive, parseCount, parseBoolean, parseChoice */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4238);
/* harmony import */ var _baseline_compare_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1388);
/* harmony import */ var _image_source_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2240);
/* harmony import */ var _spec_run_spec_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3372);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3052);
/* harmony import */ var _history_trend_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9319);
/**
 * Inputs → a typed, validated {@link Inputs}. Pure: the action passes `core.getInput`, the CLI
 * passes its parsed options, tests pass a table.
 */







/**
 * Parses and validates every input.
 *
 * @throws Error naming the input and the accepted forms for any malformed value (sizes, ratios,
 *   counts, booleans, `compressed`, `build-args` lines).
 */
function parseInputs(get) {
    return checkCombinations(readInputs(get));
}
function readInputs(get) {
    const value = (name) => {
        const text = get(name).trim();
        return text === '' ? undefined : text;
    };
    const context = value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.context) ?? '.';
    const file = value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.file) ?? (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(context, 'Dockerfile');
    return {
        context,
        file,
        target: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.target),
        builderTarget: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builderTarget),
        buildArgs: parseBuildArgs(get(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.buildArgs)),
        image: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.image),
        builderImage: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builderImage),
        builder: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builder),
        budgets: {
            maxSize: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxSize), v => (0,_units_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSize */ .DB)(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxSize)),
            maxCompressedSize: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxCompressedSize), v => (0,_units_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSize */ .DB)(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxCompressedSize)),
            maxRatio: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxRatio), v => (0,_units_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRatio */ .LO)(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxRatio)),
            maxLayers: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxLayers), v => parseCount(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxLayers)),
            maxWastedSize: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxWastedSize), v => (0,_units_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSize */ .DB)(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxWastedSize)),
            minEfficiency: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.minEfficiency), v => (0,_units_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRatio */ .LO)(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.minEfficiency)),
            maxFindingsSize: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxFindingsSize), v => (0,_units_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSize */ .DB)(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxFindingsSize)),
            maxIncrease: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxIncrease), v => (0,_baseline_compare_js__WEBPACK_IMPORTED_MODULE_2__/* .parseIncrease */ .KW)(v, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxIncrease))
        },
        failOnBudget: parseBoolean(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.failOnBudget) ?? 'true', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.failOnBudget),
        compressed: parseChoice(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.compressed) ?? 'final', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.compressed, [
            'final',
            'all',
            'none'
        ]),
        report: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.report),
        baseline: parseBaseline(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baseline), value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineImage), value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineReport)),
        minChange: (0,_units_js__WEBPACK_IMPORTED_MODULE_5__/* .parseSize */ .DB)(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.minChange) ?? '1kB', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.minChange),
        comment: parseChoice(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.comment) ?? 'auto', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.comment, [
            'auto',
            'true',
            'false'
        ]),
        commentKey: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.commentKey), parseCommentKey),
        githubToken: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.githubToken),
        mode: parseChoice(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.mode) ?? 'measure', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.mode, [
            'measure',
            'comment',
            'aggregate'
        ]),
        reports: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.reports),
        keepImages: parseBoolean(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.keepImages) ?? 'false', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.keepImages),
        annotations: parseBoolean(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.annotations) ?? 'true', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.annotations),
        history: {
            branch: parseBranchName(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyBranch) ?? 'image-size-history'),
            limit: parsePositive(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyLimit) ?? '500', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyLimit),
            record: parseChoice(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyRecord) ?? 'false', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyRecord, [
                'auto',
                'true',
                'false'
            ]),
            page: parseBoolean(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyPage) ?? 'false', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyPage),
            trend: parseChoice(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyTrend) ?? 'auto', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyTrend, [
                'auto',
                'true',
                'false'
            ]),
            fallback: parseChoice(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyFallback) ?? 'none', _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyFallback, [
                'none',
                'base-ref'
            ]),
            driftSince: optional(value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.driftSince), checkDriftSince)
        },
        config: value(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.config),
        bake: listOf(get(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.bake)),
        targets: listOf(get(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.targets)),
        platforms: (0,_spec_run_spec_js__WEBPACK_IMPORTED_MODULE_4__/* .parsePlatforms */ .qA)(get(_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.platforms), _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.platforms)
    };
}
/**
 * One baseline source at most: `baseline: base-ref`, `baseline-image` or `baseline-report`.
 *
 * @throws Error naming the inputs when more than one is set, or `baseline` is not `base-ref`.
 */
function parseBaseline(mode, image, report) {
    const set = [
        mode && _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baseline,
        image && _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineImage,
        report && _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineReport
    ].filter(Boolean);
    if (set.length > 1) {
        throw new Error(`Inputs ${set.join(', ')}: set one baseline source, not several.`);
    }
    if (mode !== undefined) {
        return { kind: parseChoice(mode, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baseline, ['base-ref', 'history']) };
    }
    if (image !== undefined)
        return { kind: 'image', ref: image };
    if (report !== undefined)
        return { kind: 'report', path: report };
    return undefined;
}
/**
 * Checks what the inputs alone can tell before anything is built (file checks come at the start
 * of the pipeline, still before the first build).
 *
 * @throws Error naming the input: `max-compressed-size` when compressed is none; in `measure`
 *   mode, a malformed `image`, `builder-image` or `baseline-image` reference (see
 *   `parseImageSource`), `max-increase` without a baseline source, `max-ratio` with `image` but nothing to
 *   take a builder from (`builder-image` or `builder-target`); a `report` or `baseline-report`
 *   path under /proc, /sys or /dev.
 */
function checkCombinations(inputs) {
    if (inputs.budgets.maxCompressedSize !== undefined && inputs.compressed === 'none') {
        throw new Error(`Input ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxCompressedSize}: needs a compressed size, but compressed is none. Set compressed to final or all.`);
    }
    if (inputs.report !== undefined)
        checkNotSpecialPath(inputs.report, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.report);
    // buildx's own rule for builder names (docker/buildx `store/util.go` `ValidateName`).
    if (inputs.builder !== undefined && !/^[a-zA-Z][a-zA-Z0-9._-]*$/.test(inputs.builder)) {
        throw new Error(`Input ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builder}: "${inputs.builder}" is not a buildx builder name (a letter, then letters, digits, ".", "_" or "-"); see docker buildx ls.`);
    }
    if (inputs.baseline?.kind === 'report') {
        checkNotSpecialPath(inputs.baseline.path, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineReport);
    }
    if (inputs.mode !== 'measure')
        return inputs;
    // Image references are read now, not when (after the builds) they are measured.
    if (inputs.image !== undefined)
        (0,_image_source_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageSource */ .AB)(inputs.image, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.image);
    if (inputs.builderImage !== undefined)
        (0,_image_source_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageSource */ .AB)(inputs.builderImage, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builderImage);
    if (inputs.baseline?.kind === 'image') {
        (0,_image_source_js__WEBPACK_IMPORTED_MODULE_3__/* .parseImageSource */ .AB)(inputs.baseline.ref, _constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineImage);
    }
    if (inputs.budgets.maxIncrease !== undefined && !inputs.baseline) {
        throw new Error(`Input ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxIncrease}: there is no baseline to compare with. Set baseline: base-ref or history, ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineImage} or ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.baselineReport}.`);
    }
    if (inputs.budgets.maxRatio !== undefined &&
        inputs.image !== undefined &&
        inputs.builderImage === undefined &&
        inputs.builderTarget === undefined) {
        throw new Error(`Input ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxRatio}: there is no builder to compare with: ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.image} is measured as it is, so no stage of a Dockerfile is taken as the builder. Set ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builderImage}, or ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.builderTarget} (a stage of ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.file}), or remove ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.maxRatio}.`);
    }
    return inputs;
}
/** Kernel and device file systems: a report there is never a file we mean (reads can block). */
const SPECIAL_ROOTS = ['/proc', '/sys', '/dev'];
/**
 * True when the absolute `path` is one of {@link SPECIAL_ROOTS} or lies under one. Pure: the
 * caller resolves symbolic links first where it can.
 */
function isUnderSpecialRoot(path) {
    return SPECIAL_ROOTS.some(root => path === root || path.startsWith(root + node_path__WEBPACK_IMPORTED_MODULE_0__.sep));
}
/** @throws Error naming the input when `path` (resolved against the cwd) is under /proc, /sys or /dev. */
function checkNotSpecialPath(path, inputName) {
    if (isUnderSpecialRoot((0,node_path__WEBPACK_IMPORTED_MODULE_0__.resolve)(path))) {
        throw new Error(`Input ${inputName}: "${path}" is under ${SPECIAL_ROOTS.join(', ')}: expected the path of a regular file, e.g. report.json.`);
    }
}
/** A list input: items separated by commas or newlines, trimmed, empty items dropped. */
function listOf(text) {
    return text
        .split(/[,\n]/)
        .map(item => item.trim())
        .filter(item => item !== '');
}
function optional(text, parse) {
    return text === undefined ? undefined : parse(text);
}
/**
 * Parses `build-args`: one `KEY=VALUE` per line; blank lines and lines starting with `#` are
 * skipped; the value may contain `=` and may be empty (`KEY=`).
 *
 * @throws Error naming `build-args` and the line number (never its text: values may be secrets)
 *   when a line has no `=` or no valid key.
 */
function parseBuildArgs(text) {
    const args = {};
    for (const [index, raw] of text.split(/\r?\n/).entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const eq = line.indexOf('=');
        const key = eq > 0 ? line.slice(0, eq).trim() : '';
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
            // The line is not quoted: without a valid KEY= it may be a value (a secret) on its own.
            throw new Error(`Input ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.buildArgs}: line ${index + 1} is not KEY=VALUE (one build argument per line, e.g. GO_VERSION=1.22; a KEY is letters, digits and _, not starting with a digit).`);
        }
        args[key] = line.slice(eq + 1);
    }
    return args;
}
/**
 * Parses `history-branch`: a branch name, `refs/heads/` stripped (`refs/heads/sizes` → `sizes`),
 * that git (`git check-ref-format --branch`) and GitHub accept, within a safe subset: letters,
 * digits and `._/-`; no `..`, `//`, component starting with `.` or ending with `.lock`; no
 * leading `-` or `/`, no trailing `/` or `.`; not `HEAD`, not another `refs/` path (a tag).
 * Whether it is the default branch is checked where that is known (the action's event).
 *
 * @throws Error naming the input otherwise.
 */
function parseBranchName(value) {
    const name = value.trim().replace(/^refs\/heads\//, '');
    if (!/^[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}$/.test(name) ||
        name.includes('..') ||
        name.includes('//') ||
        name.includes('/.') ||
        /\.lock(?:\/|$)/.test(name) ||
        name.endsWith('/') ||
        name.endsWith('.') ||
        name === 'HEAD' ||
        name.startsWith('refs/')) {
        throw new Error(`Input ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.historyBranch}: ${JSON.stringify(value)} is not a branch name. Expected letters, digits and ._/- (e.g. image-size-history; refs/heads/ may be left out).`);
    }
    return name;
}
/**
 * Parses `comment-key`: any text but control characters (a line break would split log lines, and
 * a key starting a line with `::` would be read by the runner as a workflow command).
 *
 * @throws Error naming the input when the key holds a control character.
 */
function parseCommentKey(value) {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
        throw new Error(`Input ${_constants_js__WEBPACK_IMPORTED_MODULE_1__/* .Input */ .pd.commentKey}: ${JSON.stringify(value)} holds a control character (a line break, a tab); use one line of text, e.g. Dockerfile:app.`);
    }
    return value;
}
/** `drift-since` checked for its syntax now (`parseDriftSince`), before anything is built. */
function checkDriftSince(value) {
    (0,_history_trend_js__WEBPACK_IMPORTED_MODULE_6__/* .parseDriftSince */ .F1)(value);
    return value;
}
/**
 * Parses a positive whole number (`history-limit`).
 *
 * @throws Error naming the input for anything but digits, or 0.
 */
function parsePositive(value, inputName) {
    const count = parseCount(value, inputName);
    if (count < 1 || !Number.isSafeInteger(count)) {
        throw new Error(`Input ${inputName}: "${value}" must be a whole number of at least 1, e.g. 500.`);
    }
    return count;
}
/**
 * Parses a non-negative integer count (`max-layers`).
 *
 * @throws Error naming the input for anything but digits.
 */
function parseCount(value, inputName) {
    if (!/^\d+$/.test(value.trim())) {
        throw new Error(`Input ${inputName}: "${value}" is not a count. Expected a whole number, e.g. 20.`);
    }
    return Number(value.trim());
}
/**
 * Parses a boolean the way `core.getBooleanInput` does (YAML 1.2 core schema).
 *
 * @throws Error naming the input when the value is not true/True/TRUE/false/False/FALSE.
 */
function parseBoolean(value, inputName) {
    if (['true', 'True', 'TRUE'].includes(value))
        return true;
    if (['false', 'False', 'FALSE'].includes(value))
        return false;
    throw new Error(`Input ${inputName}: "${value}" is not a boolean. Expected true or false.`);
}
/** @throws Error naming the input and the allowed values when `value` is not one of them. */
function parseChoice(value, inputName, allowed) {
    if (allowed.includes(value))
        return value;
    throw new Error(`Input ${inputName}: "${value}" is not allowed. Expected one of: ${allowed.join(', ')}.`);
}


/***/ }),

/***/ 538:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(1758);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/baseline/report.js
var report = __webpack_require__(4309);
// EXTERNAL MODULE: ./lib/baseline/report-schema.js
var report_schema = __webpack_require__(4089);
// EXTERNAL MODULE: ./lib/budgets.js
var lib_budgets = __webpack_require__(6553);
// EXTERNAL MODULE: ./lib/constants.js
var constants = __webpack_require__(4238);
// EXTERNAL MODULE: ./lib/report/escape.js
var report_escape = __webpack_require__(2527);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(9735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(6856);
;// CONCATENATED MODULE: ./lib/github/client.js
/**
 * The GitHub REST client: `@actions/github`'s Octokit with retries and rate-limit handling.
 *
 * - 5xx and other transient errors: `@octokit/plugin-retry`, which waits (n + 1)² × `delayUnitMs`
 *   before retry n (1, 4, 9 units) and never retries 400, 401, 403, 404, 410, 422, 429, 451.
 * - Rate limits (403/429 with `x-ratelimit-remaining: 0`, or a "secondary rate limit" message):
 *   `@octokit/plugin-throttling`, which waits `retry-after` seconds for a secondary limit and until
 *   `x-ratelimit-reset` for a primary one (GitHub docs, "Rate limits for the REST API", "Exceeding
 *   the rate limit"), each second scaled by `delayUnitMs`. It also spaces writes (1 s) and
 *   notification-triggering writes such as new comments (3 s), as GitHub asks of integrations.
 *
 * The token only ever goes into the `Authorization` header; Octokit's own log lines (which never
 * carry it) are routed to our `Log`.
 */



/**
 * Builds a client for `token` with retries and rate-limit handling.
 *
 * @throws Error when `token` is empty (the message never includes a token).
 */
function createClient(token, opts) {
    if (!token)
        throw new Error('github-token: expected a token, got an empty string');
    const retries = opts.retry?.retries ?? 3;
    const unit = opts.retry?.delayUnitMs ?? 1000;
    const maxWait = opts.retry?.maxRateLimitWaitSeconds ?? 900;
    const { log } = opts;
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        const retrying = retryCount < retries && retryAfter <= maxWait;
        log.warning(`GitHub API ${kind} rate limit on ${options.method} ${options.url}: ${retrying
            ? `retrying in ${retryAfter} s (retry ${retryCount + 1} of ${retries})`
            : 'giving up'}`);
        return retrying;
    };
    return (0,github/* getOctokit */.Q)(token, {
        baseUrl: opts.baseUrl ?? process.env['GITHUB_API_URL'] ?? 'https://api.github.com',
        log: {
            debug: (message) => log.debug(message),
            info: (message) => log.debug(message),
            warn: (message) => log.warning(message),
            error: (message) => log.warning(message)
        },
        retry: {
            retries,
            retryAfterBaseValue: unit,
            // Rate limits (403, 429) belong to the throttling plugin; the rest are not transient.
            doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451]
        },
        throttle: {
            retryAfterBaseValue: unit,
            onRateLimit: onLimit('primary'),
            onSecondaryRateLimit: onLimit('secondary')
        }
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}

;// CONCATENATED MODULE: ./lib/github/comment.js


/** The login that comments made with the workflow's `GITHUB_TOKEN` carry. */
const ACTIONS_BOT_LOGIN = 'github-actions[bot]';
/**
 * Creates or updates the comment for `key` on `owner/repo#issueNumber`.
 *
 * Steps: the token's login ({@link ownLogin}: GraphQL `viewer { login }`, which also answers for
 * GitHub App installation tokens, else `GET /user`, else {@link ACTIONS_BOT_LOGIN}); every page of
 * `GET /repos/{owner}/{repo}/issues/{n}/comments`
 * at 100 per page; the oldest comment by that login holding the marker is updated with
 * `PATCH /repos/{owner}/{repo}/issues/comments/{id}` unless its body already equals `body`
 * (then no write at all); with none, `POST /repos/{owner}/{repo}/issues/{n}/comments`.
 *
 * A 403 on a write (a fork PR's read-only token: "Resource not accessible by integration") or on
 * reading the comments is a warning through `log` and `action: 'skipped-forbidden'`, never a
 * throw. Transient errors and rate limits are retried (see `./client.ts`).
 *
 * @throws Error for bad options, a bad token (401), a missing repository or PR (404), a 422, or an
 *   error that outlasted the retries; the message names the repository, the PR and the request,
 *   never the token.
 */
async function upsertComment(opts) {
    const { owner, repo, issueNumber, log } = opts;
    if (!owner || !repo) {
        throw new Error(`upsertComment: expected owner and repo, got "${owner}/${repo}"`);
    }
    if (!Number.isSafeInteger(issueNumber) || issueNumber <= 0) {
        throw new Error(`upsertComment: expected a positive PR number, got ${issueNumber}`);
    }
    const marker = (0,report_escape/* commentMarker */.Ql)(opts.key);
    const body = opts.body.includes(marker) ? opts.body : `${marker}\n${opts.body}`;
    const where = `${owner}/${repo}#${issueNumber}`;
    const octokit = createClient(opts.token, {
        log,
        ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }),
        ...(opts.retry === undefined ? {} : { retry: opts.retry })
    });
    const login = await ownLogin(octokit, log);
    let comments;
    try {
        comments = await octokit.paginate(octokit.rest.issues.listComments, {
            owner,
            repo,
            issue_number: issueNumber,
            per_page: 100
        });
    }
    catch (error) {
        if (isForbidden(error))
            return skipped(log, where, 'read the comments of', error);
        throw apiError(error, `listing the comments of ${where}`);
    }
    const existing = findComment(comments, marker, login);
    log.debug(`PR comment: ${comments.length} comments on ${where}; ${existing ? `comment ${existing.id}` : 'none'} by ${login} holds the marker`);
    if (existing) {
        if (sameBody(existing.body ?? '', body)) {
            log.info(`PR comment unchanged: ${existing.html_url ?? existing.id}`);
            return result('unchanged', existing);
        }
        try {
            const { data } = await octokit.rest.issues.updateComment({
                owner,
                repo,
                comment_id: existing.id,
                body
            });
            log.info(`PR comment updated: ${data.html_url}`);
            return result('updated', data);
        }
        catch (error) {
            if (isForbidden(error))
                return skipped(log, where, 'update a comment on', error);
            throw apiError(error, `updating comment ${existing.id} on ${where}`);
        }
    }
    try {
        const { data } = await octokit.rest.issues.createComment({
            owner,
            repo,
            issue_number: issueNumber,
            body
        });
        log.info(`PR comment created: ${data.html_url}`);
        return result('created', data);
    }
    catch (error) {
        if (isForbidden(error))
            return skipped(log, where, 'comment on', error);
        throw apiError(error, `creating a comment on ${where}`);
    }
}
/**
 * The comment to update: the first (oldest) of `comments` written by `login` whose body holds
 * `marker`. Pure.
 */
function findComment(comments, marker, login) {
    return comments.find(c => c.user?.login === login && (c.body ?? '').includes(marker));
}
/**
 * The login of the token's identity, as the REST API writes it in `user.login` of the comments
 * the token creates (`octocat`, `my-app[bot]`, `github-actions[bot]`).
 *
 * 1. GraphQL `POST /graphql` `{"query":"query { viewer { login } }"}` → `{"data":{"viewer":{"login"}}}`
 *    (GitHub docs, "Forming calls with GraphQL"). It answers for personal tokens, the Actions
 *    token and GitHub App installation tokens alike; for a bot, `login` carries the `[bot]` suffix.
 * 2. When GraphQL fails (an API without it, an error in the answer, an HTTP error other than 401):
 *    `GET /user`, which answers for personal tokens only.
 * 3. When that answers 403 ("Resource not accessible by integration") or 404:
 *    {@link ACTIONS_BOT_LOGIN}.
 *
 * @throws Error on 401 (bad credentials) and on errors of `GET /user` that outlasted the retries;
 *   the message names `github-token`, never the token.
 */
async function ownLogin(octokit, log) {
    try {
        const data = await octokit.graphql('query { viewer { login } }');
        const login = data?.viewer?.login;
        if (typeof login === 'string' && login.length > 0)
            return login;
        log.debug('GraphQL viewer { login } answered without a login; asking GET /user');
    }
    catch (error) {
        const status = statusOf(error);
        if (status === 401) {
            throw apiError(error, 'reading the identity of github-token (GraphQL viewer { login })');
        }
        log.debug(`GraphQL viewer { login } failed (${status === undefined ? '' : `${status} `}${messageOf(error).replace(/\s*\n\s*/g, ' ')}); asking GET /user`);
    }
    try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
    }
    catch (error) {
        const status = statusOf(error);
        if (status === 403 || status === 404) {
            log.debug(`GET /user answered ${status}: taking the token as the Actions token (${ACTIONS_BOT_LOGIN})`);
            return ACTIONS_BOT_LOGIN;
        }
        throw apiError(error, 'reading the identity of github-token (GET /user)');
    }
}
/** Bodies equal up to line endings and trailing whitespace, which GitHub may normalise. */
function sameBody(a, b) {
    const norm = (s) => s.replace(/\r\n?/g, '\n').trimEnd();
    return norm(a) === norm(b);
}
function result(action, comment) {
    const out = { action, commentId: comment.id };
    if (comment.html_url)
        out.url = comment.html_url;
    return out;
}
function skipped(log, where, what, error) {
    log.warning(`PR comment skipped: the token may not ${what} ${where} (403 ${messageOf(error)}). ` +
        'This is expected on pull requests from forks, whose token is read-only; the job summary and the report are still written. ' +
        'To comment on fork PRs, use the two-workflow pattern (mode: comment in a workflow_run workflow).');
    return { action: 'skipped-forbidden' };
}
function statusOf(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
/** The API's own message, without the request (whose headers carry the token). */
function messageOf(error) {
    const data = error?.response?.data;
    const apiMessage = data?.message;
    if (typeof apiMessage === 'string')
        return apiMessage;
    return error instanceof Error ? error.message : String(error);
}
/** A 403 that is not a rate limit (the throttling plugin has already waited those out). */
function isForbidden(error) {
    if (statusOf(error) !== 403)
        return false;
    const headers = error.response?.headers;
    const rateLimited = headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(messageOf(error));
    return !rateLimited;
}
function apiError(error, doing) {
    const status = statusOf(error);
    return new Error(`GitHub API error while ${doing}: ${status === undefined ? '' : `${status} `}${messageOf(error)}`, { cause: error });
}

// EXTERNAL MODULE: ./lib/publish/pull-request.js
var pull_request = __webpack_require__(8868);
;// CONCATENATED MODULE: ./lib/github/pulls.js


/**
 * The open pull request of `owner/repo` whose head commit is `headSha` (and whose head repository
 * and branch are `headRepo` and `headBranch`, when given): `GET /repos/{owner}/{repo}/pulls?state=open`, all pages.
 * Used in `mode: comment` when a `workflow_run` payload lists no pull request (runs from forks).
 *
 * @returns the number, or undefined when no open pull request has that head.
 * @throws Error from the API (after retries), never containing the token.
 */
async function findOpenPullRequestByHead(opts) {
    const octokit = createClient(opts.token, {
        log: opts.log,
        ...(opts.baseUrl === undefined ? {} : { baseUrl: opts.baseUrl }),
        ...(opts.retry === undefined ? {} : { retry: opts.retry })
    });
    const pulls = await octokit.paginate(octokit.rest.pulls.list, {
        owner: opts.owner,
        repo: opts.repo,
        state: 'open',
        per_page: 100
    });
    return (0,pull_request/* pullRequestFromOpenList */.Tw)(pulls, {
        sha: opts.headSha,
        repo: opts.headRepo,
        branch: opts.headBranch
    });
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(1260);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(2210);
// EXTERNAL MODULE: ./lib/model.js
var model = __webpack_require__(9814);
;// CONCATENATED MODULE: ./lib/history/entry.js
/**
 * One line of an image's size history: what a run on the default branch (or a release tag)
 * measured, kept so later runs can chart the trend and compare with it without building.
 * Pure: entries from reports, JSON Lines encoding and decoding, and the bounded append.
 *
 * One entry per (image name, platform, commit). A history file holds the entries of one image
 * name (all its platforms), oldest first, one JSON object per line.
 */



/** The version of the entry format; a reader skips entries of other versions. */
const HISTORY_ENTRY_VERSION = 1;
/** Default number of entries kept per image (input `history-limit`). */
const DEFAULT_HISTORY_LIMIT = 500;
/**
 * How many hex digits of a layer's diff ID an entry keeps: 64 bits, enough to match layers
 * between two measurements of one image, at a quarter of the bytes of a whole digest.
 */
const DIFF_ID_PREFIX_HEX = 16;
/**
 * The history entry of a single-image report: its final image, at `ctx.commit`.
 *
 * @throws Error when `ctx.commit` is not a 40- or 64-digit hex SHA or `ctx.name` is empty.
 */
function entryFromReport(report, ctx) {
    if (!COMMIT.test(ctx.commit)) {
        throw new Error(`History: "${ctx.commit}" is not a commit SHA (40 or 64 hex digits).`);
    }
    if (ctx.name.trim() === '')
        throw new Error('History: the image name is empty.');
    const final = report.final;
    const entry = {
        v: HISTORY_ENTRY_VERSION,
        commit: ctx.commit.toLowerCase(),
        time: ctx.time ?? new Date().toISOString(),
        name: ctx.name,
        platform: final.platform,
        id: final.id,
        size: final.size,
        layers: final.layers.map(layer => [shortDiffId(layer.diffId), layer.size]),
        budgets: report.budgets.map(b => ({
            name: b.name,
            limit: b.limit,
            actual: b.actual,
            passed: b.passed
        }))
    };
    if (ctx.ref !== undefined)
        entry.ref = ctx.ref;
    if (final.compressed) {
        entry.compressedSize = final.compressed.size;
        entry.compressedExact = final.compressed.exact;
    }
    if (final.waste)
        entry.removableBytes = final.waste.removableBytes;
    return entry;
}
/** `sha256:<64 hex>` → `sha256:<first 16 hex>`; other strings are cut to the same length. */
function shortDiffId(diffId) {
    const colon = diffId.indexOf(':');
    return diffId.slice(0, (colon < 0 ? 0 : colon + 1) + DIFF_ID_PREFIX_HEX);
}
/**
 * The measurement a history entry stands for, as a baseline: sizes and layers (diff ID prefixes
 * and sizes, no history or Dockerfile lines, so layers match by content only), no waste report.
 * `ref` names it for people ("history: main@1a2b3c4").
 */
function measurementOfEntry(entry, ref) {
    const measurement = {
        ref,
        // A digest as reports require; entries without an ID (none written so far) get a stand-in.
        id: entry.id ?? 'sha256:unknown',
        platform: entry.platform,
        size: entry.size,
        layers: entry.layers.map(([diffId, size], index) => ({
            index,
            diffId,
            size,
            createdBy: ''
        }))
    };
    if (entry.compressedSize !== undefined) {
        measurement.compressed = {
            size: entry.compressedSize,
            exact: entry.compressedExact === true
        };
    }
    return measurement;
}
/**
 * `baseline` (from {@link measurementOfEntry}) with each layer's diff ID prefix replaced by the
 * whole diff ID of a layer of `final` that starts with it, so the per-layer comparison (which
 * matches whole diff IDs) sees unchanged layers as the same. Prefixes no layer of `final` has
 * stay as they are: those layers are gone or changed.
 */
function withFinalDiffIds(baseline, final) {
    const byPrefix = new Map(final.layers.map(layer => [shortDiffId(layer.diffId), layer.diffId]));
    return {
        ...baseline,
        layers: baseline.layers.map(layer => ({
            ...layer,
            diffId: byPrefix.get(layer.diffId) ?? layer.diffId
        }))
    };
}
/** One JSON line (with its newline) for `entry`. */
function encodeEntry(entry) {
    return `${JSON.stringify(entry)}\n`;
}
/**
 * Entries as a JSON Lines file, oldest first, then `kept`: the lines {@link decodeHistory} could
 * not read, written back as they were so a rewrite never deletes what this version does not
 * understand (an entry of a newer format, a line someone else wrote).
 */
function encodeHistory(entries, kept = []) {
    return entries.map(encodeEntry).join('') + kept.map(s => `${s.raw}\n`).join('');
}
/**
 * Reads a JSON Lines history. The file is untrusted (anyone with write access to the branch, or
 * to the local file, can put anything there): each line is parsed and validated against the
 * entry schema; a line that fails is skipped and reported (line number and why), so one bad line
 * never loses the rest of the history, and kept (`raw`) for {@link encodeHistory} to write back. Blank lines are ignored. Entries of another format
 * version are skipped too.
 *
 * @param source names the file in the reasons (a path, or `branch:file`).
 * @param maxChars the largest text read; default {@link MAX_HISTORY_BYTES}.
 * @throws Error naming `source` when the text is larger than `maxChars`.
 */
function decodeHistory(text, source, maxChars = MAX_HISTORY_BYTES) {
    if (text.length > maxChars) {
        throw new Error(`History ${source}: ${text.length} characters, more than the ${maxChars} a history file may hold.`);
    }
    const entries = [];
    const skipped = [];
    const lines = text.split('\n');
    lines.forEach((raw, index) => {
        const line = raw.trim();
        if (line === '')
            return;
        let value;
        try {
            value = JSON.parse(line);
        }
        catch (error) {
            skipped.push({ line: index + 1, reason: `not JSON (${error.message})`, raw });
            return;
        }
        const validate = validator();
        if (!validate(value)) {
            const first = validate.errors?.[0];
            skipped.push({
                line: index + 1,
                reason: `not a history entry: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`,
                raw
            });
            return;
        }
        entries.push(value);
    });
    return { entries, skipped };
}
/** One warning sentence per skipped line, naming the file and line. */
function skippedWarnings(source, skipped) {
    return skipped.map(s => `History ${source}, line ${s.line}: not read (${s.reason}); kept in the file as it is.`);
}
/**
 * `entries` with `entry` added, oldest first, bounded to the newest `limit`. An entry for the
 * same commit, name and platform (a re-run) is replaced where it stands rather than repeated,
 * and keeps the replaced entry's `time` (when the commit was first measured), so the history
 * stays in commit order by place and by time: a re-run of an older commit does not become the
 * newest point of the page or of a `drift-since` date.
 *
 * @throws Error when `limit` is not a positive integer.
 */
function appendEntry(entries, entry, limit = DEFAULT_HISTORY_LIMIT) {
    if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new Error(`Input history-limit: ${limit} is not a positive whole number.`);
    }
    const same = (e) => e.commit === entry.commit && e.name === entry.name && e.platform === entry.platform;
    const next = entries.some(same)
        ? entries.map(e => (same(e) ? { ...entry, time: e.time } : e))
        : [...entries, entry];
    return next.slice(Math.max(0, next.length - limit));
}
/**
 * A file name for the history of image `name`, safe on every file system and in URLs: the name
 * with every character outside `[A-Za-z0-9._-]` replaced by `-` (runs collapsed, at most 60
 * characters, no leading dot or dash), then `-` and 8 hex digits of the name's SHA-256 (so two
 * names that slug alike never share a file), then `.jsonl`. The entries carry the name itself.
 */
function historyFileName(name) {
    const slug = name
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^[.-]+/, '')
        .slice(0, 60)
        .replace(/[.-]+$/, '') || 'image';
    const hash = (0,external_node_crypto_.createHash)('sha256').update(name, 'utf8').digest('hex').slice(0, 8);
    return `${slug}-${hash}.jsonl`;
}
/** The largest history file read, in characters: 500 entries of 40 layers take about 1 MB. */
const MAX_HISTORY_BYTES = 16 * 1024 * 1024;
const COMMIT = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const bytes = { type: 'integer', minimum: 0, maximum: MAX_SAFE };
const signed = { type: 'number', minimum: -MAX_SAFE, maximum: MAX_SAFE };
/** The JSON Schema (draft 2020-12) of one line; unknown properties are allowed (later additions). */
const HISTORY_ENTRY_SCHEMA = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:image-size-budget:history-entry:1',
    type: 'object',
    required: ['v', 'commit', 'time', 'name', 'platform', 'size', 'layers', 'budgets'],
    properties: {
        v: { const: HISTORY_ENTRY_VERSION },
        commit: { type: 'string', pattern: '^(?:[0-9a-f]{40}|[0-9a-f]{64})$' },
        time: { type: 'string', maxLength: 64, pattern: '^\\d{4}-\\d\\d-\\d\\dT' },
        ref: { type: 'string', maxLength: 1024 },
        name: { type: 'string', minLength: 1, maxLength: 4096 },
        platform: { type: 'string', maxLength: 256 },
        id: {
            type: 'string',
            maxLength: 256,
            pattern: '^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$'
        },
        size: bytes,
        compressedSize: bytes,
        compressedExact: { type: 'boolean' },
        layers: {
            type: 'array',
            maxItems: 1000,
            items: {
                type: 'array',
                prefixItems: [{ type: 'string', maxLength: 128 }, bytes],
                minItems: 2,
                maxItems: 2
            }
        },
        removableBytes: bytes,
        budgets: {
            type: 'array',
            maxItems: 100,
            items: {
                type: 'object',
                required: ['name', 'limit', 'actual', 'passed'],
                properties: {
                    name: {
                        enum: [...model/* BUDGET_NAMES */.N]
                    },
                    limit: signed,
                    actual: signed,
                    passed: { type: 'boolean' }
                }
            }
        }
    }
};
let compiled;
function validator() {
    compiled ??= new _2020.Ajv2020({ strict: true, allErrors: false }).compile(HISTORY_ENTRY_SCHEMA);
    return compiled;
}

;// CONCATENATED MODULE: ./lib/history/baseline.js
/**
 * `baseline: history`: the pull request is compared with the newest history entry at or before
 * its merge base — measured when that commit was pushed, so nothing is built now.
 *
 * The commit graph is asked through {@link CommitGraph}: on GitHub the compare API
 * (`GET /repos/{o}/{r}/compare/{base}...{head}`: `merge_base_commit.sha`, `status`,
 * `ahead_by`), which needs no history in the checkout (actions/checkout fetches one commit by
 * default); in the CLI, local git (`git merge-base`, `git rev-list --count`).
 */


/** How many of the newest entries are checked for ancestry before giving up. */
const MAX_ANCESTRY_CHECKS = 20;
/**
 * The newest entry of `platform` whose commit is the merge base or one of its ancestors. Entries
 * are tried newest first (file order); an entry recorded after the pull request branched off is
 * not an ancestor and is passed over. At most {@link MAX_ANCESTRY_CHECKS} distinct commits are
 * asked about.
 *
 * @returns undefined when no such entry is found.
 */
async function findHistoryBaseline(entries, opts) {
    const mergeBase = opts.mergeBase.toLowerCase();
    const candidates = entries.filter(e => e.platform === opts.platform).reverse();
    const result = (entry, behindBy) => {
        const short = entry.commit.slice(0, 7);
        const where = opts.branchLabel ? `${opts.branchLabel}@${short}` : short;
        return {
            entry,
            mergeBase,
            behindBy,
            measurement: measurementOfEntry(entry, `history ${where}`),
            note: behindBy === 0
                ? `history entry of ${short}, the merge base`
                : `history entry of ${short}, ${behindBy} ${behindBy === 1 ? 'commit' : 'commits'} older than the merge base ${mergeBase.slice(0, 7)} (no entry was recorded for the commits in between)`
        };
    };
    const exact = candidates.find(e => e.commit === mergeBase);
    if (exact)
        return result(exact, 0);
    const asked = new Set();
    for (const entry of candidates) {
        if (asked.has(entry.commit))
            continue;
        if (asked.size >= MAX_ANCESTRY_CHECKS)
            break;
        asked.add(entry.commit);
        const behindBy = await opts.graph.distance(entry.commit, mergeBase);
        if (behindBy !== undefined)
            return result(entry, behindBy);
    }
    return undefined;
}
/**
 * The base and head commits of a pull request event (`pull_request`, `pull_request_target`:
 * `pull_request.base.sha` and `.head.sha`; `merge_group`: `base_sha`, `head_sha`).
 *
 * @returns undefined for other events, or a payload without both SHAs.
 */
function pullRequestCommits(eventName, payload) {
    const p = (payload ?? {});
    let base;
    let head;
    if (eventName === 'pull_request' || eventName === 'pull_request_target') {
        const pr = p['pull_request'];
        base = pr?.base?.sha;
        head = pr?.head?.sha;
    }
    else if (eventName === 'merge_group') {
        const group = p['merge_group'];
        base = group?.base_sha;
        head = group?.head_sha;
    }
    const sha = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
    return typeof base === 'string' && typeof head === 'string' && sha.test(base) && sha.test(head)
        ? { base, head }
        : undefined;
}
/**
 * The commit graph through the compare API. `distance(older, newer)`: `identical` → 0, `ahead`
 * → `ahead_by`, `behind` or `diverged` → undefined (not an ancestor); 404 (a commit no longer in
 * the repository) → undefined. `per_page: 1` keeps the answers small.
 */
function githubCommitGraph(client, owner, repo) {
    const compare = async (base, head) => (await client.rest.repos.compareCommitsWithBasehead({
        owner,
        repo,
        basehead: `${base}...${head}`,
        per_page: 1
    })).data;
    return {
        mergeBase: async (base, head) => (await compare(base, head)).merge_base_commit.sha,
        distance: async (older, newer) => {
            try {
                const data = await compare(older, newer);
                if (data.status === 'identical')
                    return 0;
                return data.status === 'ahead' ? data.ahead_by : undefined;
            }
            catch (error) {
                if (error.status === 404)
                    return undefined;
                throw error;
            }
        }
    };
}
/** The commit graph of a local repository, through git (every commit must be fetched). */
function gitCommitGraph(repoDir, git = 'git') {
    const run = async (args) => {
        const r = await getExecOutput(git, args, { cwd: repoDir, silent: true, ignoreReturnCode: true });
        return { code: r.exitCode, out: r.stdout.trim(), err: r.stderr.trim() };
    };
    return {
        mergeBase: async (base, head) => {
            const r = await run(['merge-base', base, head]);
            if (r.code !== 0 || r.out === '') {
                throw new Error(`git merge-base ${base} ${head} failed: ${r.err || `exit code ${r.code}`}`);
            }
            return r.out;
        },
        distance: async (older, newer) => {
            const ancestor = await run(['merge-base', '--is-ancestor', older, newer]);
            if (ancestor.code !== 0)
                return undefined;
            const count = await run(['rev-list', '--count', `${older}..${newer}`]);
            return count.code === 0 && /^\d+$/.test(count.out) ? Number(count.out) : undefined;
        }
    };
}
/**
 * Whether the checkout at `repoDir` has changes to tracked files (`git status --porcelain
 * --untracked-files=no` prints anything): a build of such a tree is not HEAD's commit.
 * Undefined when git cannot tell (not a checkout).
 */
async function hasUncommittedChanges(repoDir, git = 'git') {
    const r = await getExecOutput(git, ['status', '--porcelain', '--untracked-files=no'], {
        cwd: repoDir,
        silent: true,
        ignoreReturnCode: true
    });
    return r.exitCode === 0 ? r.stdout.trim() !== '' : undefined;
}
/** `git rev-parse --verify <rev>^{commit}` in `repoDir`; undefined when it names no commit. */
async function resolveCommit(repoDir, rev, git = 'git') {
    const r = await getExecOutput(git, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
        cwd: repoDir,
        silent: true,
        ignoreReturnCode: true
    });
    return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

;// CONCATENATED MODULE: ./lib/history/github-store.js

/** Default branch of the history (input `history-branch`). */
const DEFAULT_HISTORY_BRANCH = 'image-size-history';
const README = `# Image size history

Written by the image-size-budget action: one JSON Lines file per image, one entry per measured
commit and platform (sizes in bytes), oldest first. \`index.html\`, when present, charts them.
`;
/**
 * Creates the history branch as an orphan commit holding a README, unless it exists.
 *
 * @throws Error naming the branch for API errors other than 404 on the look-up and 422 on the
 *   creation (created concurrently).
 */
async function ensureBranch(store) {
    const { client, owner, repo, branch } = store;
    try {
        await client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
        return 'exists';
    }
    catch (error) {
        if (github_store_status(error) !== 404)
            throw github_store_apiError(error, `look up the branch ${branch}`);
    }
    try {
        const tree = await client.rest.git.createTree({
            owner,
            repo,
            tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: README }]
        });
        const commit = await client.rest.git.createCommit({
            owner,
            repo,
            message: 'Start the image size history',
            tree: tree.data.sha,
            parents: []
        });
        await client.rest.git.createRef({
            owner,
            repo,
            ref: `refs/heads/${branch}`,
            sha: commit.data.sha
        });
        store.log.info(`History: created the branch ${branch}.`);
        return 'created';
    }
    catch (error) {
        if (github_store_status(error) === 422)
            return 'exists';
        throw github_store_apiError(error, `create the branch ${branch}`);
    }
}
/**
 * The text of `path` on the history branch and its blob SHA; undefined when the file (or the
 * branch) does not exist.
 *
 * @throws Error naming the file for other API errors, or a directory at `path`.
 */
async function readBranchFile(store, path) {
    const { client, owner, repo, branch } = store;
    let data;
    try {
        data = (await client.rest.repos.getContent({ owner, repo, path, ref: branch })).data;
    }
    catch (error) {
        if (github_store_status(error) === 404)
            return undefined;
        throw github_store_apiError(error, `read ${branch}:${path}`);
    }
    const file = data;
    if (Array.isArray(data) || file.type !== 'file' || typeof file.sha !== 'string') {
        throw new Error(`History: ${branch}:${path} is not a file.`);
    }
    let base64 = file.content ?? '';
    if (file.encoding !== 'base64' || (base64 === '' && (file.size ?? 0) > 0)) {
        // Over 1 MB the contents API leaves the content out; the blobs API serves up to 100 MB.
        try {
            base64 = (await client.rest.git.getBlob({ owner, repo, file_sha: file.sha })).data.content;
        }
        catch (error) {
            throw github_store_apiError(error, `read the blob of ${branch}:${path}`);
        }
    }
    return { text: Buffer.from(base64, 'base64').toString('utf8'), sha: file.sha };
}
/**
 * Rewrites `path` on the branch: reads it, applies `update` to its text (undefined when the file
 * is new; called again after each conflict, so it may re-read what it derives from), and writes the result with the blob SHA it read, re-reading and retrying on a
 * conflict (see the module comment). The branch must exist ({@link ensureBranch}).
 *
 * @throws Error naming the file when the conflicts outlast the attempts, or on other API errors.
 */
async function updateBranchFile(store, path, update, message) {
    const { client, owner, repo, branch, log } = store;
    const attempts = store.attempts ?? 6;
    const backoff = store.backoffMs ?? 500;
    let conflicts = 0;
    for (let attempt = 1;; attempt++) {
        const current = await readBranchFile(store, path);
        const text = await update(current?.text);
        try {
            await client.rest.repos.createOrUpdateFileContents({
                owner,
                repo,
                path,
                branch,
                message,
                content: Buffer.from(text, 'utf8').toString('base64'),
                ...(current ? { sha: current.sha } : {}),
                // A conflict is answered by re-reading, never by resending the same stale SHA.
                request: { retries: 0 }
            });
            return { attempts: attempt, conflicts };
        }
        catch (error) {
            const code = github_store_status(error);
            if ((code !== 409 && code !== 422) || attempt >= attempts) {
                throw github_store_apiError(error, `write ${branch}:${path}${code === 409 || code === 422 ? ` after ${attempt} attempts, each meeting a concurrent update` : ''}`);
            }
            conflicts++;
            const wait = Math.round(backoff * 2 ** (attempt - 1) * (0.5 + Math.random()));
            log.info(`History: ${branch}:${path} changed while this run wrote it (${code}); reading it again in ${wait} ms (attempt ${attempt + 1} of ${attempts}).`);
            await new Promise(resolve => setTimeout(resolve, wait));
        }
    }
}
/**
 * The entries of image `name` on the branch, oldest first (`[]` when none). Bad lines are skipped
 * with a warning naming the file and line.
 */
async function readBranchHistory(store, name) {
    const path = historyFileName(name);
    const file = await readBranchFile(store, path);
    if (!file)
        return [];
    return decodeLogged(store, path, file.text).entries.filter(e => e.name === name);
}
/**
 * Every image's entries on the branch (every `*.jsonl` file at its root), oldest first within
 * each file; `[]` when the branch does not exist.
 */
async function readAllBranchHistories(store) {
    const { client, owner, repo, branch } = store;
    let listing;
    try {
        listing = (await client.rest.repos.getContent({ owner, repo, path: '', ref: branch })).data;
    }
    catch (error) {
        if (github_store_status(error) === 404)
            return [];
        throw github_store_apiError(error, `list the branch ${branch}`);
    }
    const files = (Array.isArray(listing) ? listing : [])
        .filter(f => f.type === 'file' && typeof f.path === 'string' && f.path.endsWith('.jsonl'))
        .map(f => f.path);
    const all = [];
    for (const path of files.sort()) {
        const file = await readBranchFile(store, path);
        if (file)
            all.push(...decodeLogged(store, path, file.text).entries);
    }
    return all;
}
/**
 * Appends `entry` to its image's history on the branch (creating the branch and the file when
 * missing), keeping the newest `limit` entries of that image.
 *
 * @returns the attempts and conflicts it took.
 * @throws Error naming the branch and file on API errors, or when conflicts outlast the attempts.
 */
async function appendToBranchHistory(store, entry, limit = DEFAULT_HISTORY_LIMIT) {
    if ((await ensureBranch(store)) === 'exists')
        await checkHistoryBranch(store);
    const path = historyFileName(entry.name);
    return updateBranchFile(store, path, current => {
        const { entries, skipped } = current === undefined ? { entries: [], skipped: [] } : decodeLogged(store, path, current);
        return encodeHistory(appendEntry(entries, entry, limit), skipped);
    }, `Size history: ${entry.name} (${entry.platform}) at ${entry.commit.slice(0, 7)}`);
}
/**
 * What a history branch may hold at its root: the histories, its README, the page and what
 * GitHub Pages reads. Anything else (a directory, `package.json`, a Dockerfile) means the branch
 * is not the history's own.
 */
const HISTORY_BRANCH_FILES = [
    /\.jsonl$/,
    /^README\.md$/,
    /^index\.html$/,
    /^\.nojekyll$/,
    /^CNAME$/,
    /^404\.html$/,
    /^favicon\.(?:ico|png|svg)$/
];
/**
 * Refuses to write into a branch that holds other things than a size history (a code branch
 * named in `history-branch` by mistake): lists its root (`GET …/contents/?ref={branch}`).
 *
 * @throws Error naming the branch and up to three of the entries that do not belong, or on API
 *   errors other than 404 (no branch: nothing to protect).
 */
async function checkHistoryBranch(store) {
    const { client, owner, repo, branch } = store;
    let listing;
    try {
        listing = (await client.rest.repos.getContent({ owner, repo, path: '', ref: branch })).data;
    }
    catch (error) {
        if (github_store_status(error) === 404)
            return;
        throw github_store_apiError(error, `list the branch ${branch}`);
    }
    const items = Array.isArray(listing) ? listing : [];
    const foreign = items
        .filter(item => item.type !== 'file' ||
        typeof item.path !== 'string' ||
        !HISTORY_BRANCH_FILES.some(pattern => pattern.test(item.path)))
        .map(item => `${String(item.path)}${item.type === 'dir' ? '/' : ''}`);
    if (foreign.length > 0) {
        throw new Error(`History: the branch ${branch} holds ${foreign
            .slice(0, 3)
            .map(f => JSON.stringify(f))
            .join(', ')}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ''}: it is not a size history branch, so nothing is written to it. Set history-branch to a branch of its own (default image-size-history).`);
    }
}
function decodeLogged(store, path, text) {
    const source = `${store.branch}:${path}`;
    const decoded = decodeHistory(text, source);
    for (const warning of skippedWarnings(source, decoded.skipped))
        store.log.warning(warning);
    return decoded;
}
function github_store_status(error) {
    const value = error?.status;
    return typeof value === 'number' ? value : undefined;
}
function github_store_apiError(error, what) {
    const code = github_store_status(error);
    const message = error instanceof Error ? error.message : String(error);
    // 403 on a write: the workflow token lacks `permissions: contents: write`.
    const hint = code === 403
        ? ' (the token needs contents: write permission to keep the history; or set history-record: false)'
        : '';
    return new Error(`History: could not ${what}: ${code === undefined ? '' : `${code} `}${message}${hint}`);
}

;// CONCATENATED MODULE: ./lib/history/uplot-asset.js
/**
 * uPlot 1.6.32 (MIT, Leon Sorokin; https://github.com/leeoniya/uPlot), vendored from the
 * `uplot` npm package by scripts/vendor-uplot.ts — generated, do not edit.
 */
const UPLOT_VERSION = '1.6.32';
const UPLOT_LICENSE = 'The MIT License (MIT)\n\nCopyright (c) 2022 Leon Sorokin\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\nof this software and associated documentation files (the "Software"), to deal\nin the Software without restriction, including without limitation the rights\nto use, copy, modify, merge, publish, distribute, sublicense, and/or sell\ncopies of the Software, and to permit persons to whom the Software is\nfurnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in\nall copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\nIMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\nFITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\nAUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\nLIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\nOUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN\nTHE SOFTWARE.';
const UPLOT_CSS = '.uplot, .uplot *, .uplot *::before, .uplot *::after {box-sizing: border-box;}.uplot {font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji";line-height: 1.5;width: min-content;}.u-title {text-align: center;font-size: 18px;font-weight: bold;}.u-wrap {position: relative;user-select: none;}.u-over, .u-under {position: absolute;}.u-under {overflow: hidden;}.uplot canvas {display: block;position: relative;width: 100%;height: 100%;}.u-axis {position: absolute;}.u-legend {font-size: 14px;margin: auto;text-align: center;}.u-inline {display: block;}.u-inline * {display: inline-block;}.u-inline tr {margin-right: 16px;}.u-legend th {font-weight: 600;}.u-legend th > * {vertical-align: middle;display: inline-block;}.u-legend .u-marker {width: 1em;height: 1em;margin-right: 4px;background-clip: padding-box !important;}.u-inline.u-live th::after {content: ":";vertical-align: middle;}.u-inline:not(.u-live) .u-value {display: none;}.u-series > * {padding: 4px;}.u-series th {cursor: pointer;}.u-legend .u-off > * {opacity: 0.3;}.u-select {background: rgba(0,0,0,0.07);position: absolute;pointer-events: none;}.u-cursor-x, .u-cursor-y {position: absolute;left: 0;top: 0;pointer-events: none;will-change: transform;}.u-hz .u-cursor-x, .u-vt .u-cursor-y {height: 100%;border-right: 1px dashed #607D8B;}.u-hz .u-cursor-y, .u-vt .u-cursor-x {width: 100%;border-bottom: 1px dashed #607D8B;}.u-cursor-pt {position: absolute;top: 0;left: 0;border-radius: 50%;border: 0 solid;pointer-events: none;will-change: transform;/*this has to be !important since we set inline "background" shorthand */background-clip: padding-box !important;}.u-axis.u-off, .u-select.u-off, .u-cursor-x.u-off, .u-cursor-y.u-off, .u-cursor-pt.u-off {display: none;}';
const UPLOT_JS = '/*! https://github.com/leeoniya/uPlot (v1.6.32) */\nvar uPlot=function(){"use strict";const l="u-off",e="u-label",t="width",n="height",i="top",o="bottom",s="left",r="right",u="#000",a=u+"0",f="mousemove",c="mousedown",h="mouseup",d="mouseenter",p="mouseleave",m="dblclick",g="change",x="dppxchange",w="--",_="undefined"!=typeof window,b=_?document:null,v=_?window:null,k=_?navigator:null;let y,M;function S(l,e){if(null!=e){let t=l.classList;!t.contains(e)&&t.add(e)}}function T(l,e){let t=l.classList;t.contains(e)&&t.remove(e)}function E(l,e,t){l.style[e]=t+"px"}function z(l,e,t,n){let i=b.createElement(l);return null!=e&&S(i,e),null!=t&&t.insertBefore(i,n),i}function D(l,e){return z("div",l,e)}const P=new WeakMap;function A(e,t,n,i,o){let s="translate("+t+"px,"+n+"px)";s!=P.get(e)&&(e.style.transform=s,P.set(e,s),0>t||0>n||t>i||n>o?S(e,l):T(e,l))}const W=new WeakMap;function Y(l,e,t){let n=e+t;n!=W.get(l)&&(W.set(l,n),l.style.background=e,l.style.borderColor=t)}const C=new WeakMap;function H(l,e,t,n){let i=e+""+t;i!=C.get(l)&&(C.set(l,i),l.style.height=t+"px",l.style.width=e+"px",l.style.marginLeft=n?-e/2+"px":0,l.style.marginTop=n?-t/2+"px":0)}const F={passive:!0},R={...F,capture:!0};function G(l,e,t,n){e.addEventListener(l,t,n?R:F)}function I(l,e,t){e.removeEventListener(l,t,F)}function L(l,e,t,n){let i;t=t||0;let o=2147483647>=(n=n||e.length-1);for(;n-t>1;)i=o?t+n>>1:sl((t+n)/2),l>e[i]?t=i:n=i;return l-e[t]>e[n]-l?n:t}function O(l){return(e,t,n)=>{let i=-1,o=-1;for(let o=t;n>=o;o++)if(l(e[o])){i=o;break}for(let i=n;i>=t;i--)if(l(e[i])){o=i;break}return[i,o]}}_&&function l(){let e=devicePixelRatio;y!=e&&(y=e,M&&I(g,M,l),M=matchMedia(`(min-resolution: ${y-.001}dppx) and (max-resolution: ${y+.001}dppx)`),G(g,M,l),v.dispatchEvent(new CustomEvent(x)))}();const N=l=>null!=l,j=l=>null!=l&&l>0,U=O(N),V=O(j);function B(l,e,t,n){let i=hl(l),o=hl(e);l==e&&(-1==i?(l*=t,e/=t):(l/=t,e*=t));let s=10==t?dl:pl,r=1==o?ul:sl,u=(1==i?sl:ul)(s(ol(l))),a=r(s(ol(e))),f=cl(t,u),c=cl(t,a);return 10==t&&(0>u&&(f=Al(f,-u)),0>a&&(c=Al(c,-a))),n||2==t?(l=f*i,e=c*o):(l=Pl(l,f),e=Dl(e,c)),[l,e]}function $(l,e,t,n){let i=B(l,e,t,n);return 0==l&&(i[0]=0),0==e&&(i[1]=0),i}const J=.1,q={mode:3,pad:J},K={pad:0,soft:null,mode:0},X={min:K,max:K};function Z(l,e,t,n){return Ol(t)?ll(l,e,t):(K.pad=t,K.soft=n?0:null,K.mode=n?3:0,ll(l,e,X))}function Q(l,e){return null==l?e:l}function ll(l,e,t){let n=t.min,i=t.max,o=Q(n.pad,0),s=Q(i.pad,0),r=Q(n.hard,-gl),u=Q(i.hard,gl),a=Q(n.soft,gl),f=Q(i.soft,-gl),c=Q(n.mode,0),h=Q(i.mode,0),d=e-l,p=dl(d),m=fl(ol(l),ol(e)),g=dl(m),x=ol(g-p);(1e-24>d||x>10)&&(d=0,0!=l&&0!=e||(d=1e-24,2==c&&a!=gl&&(o=0),2==h&&f!=-gl&&(s=0)));let w=d||m||1e3,_=dl(w),b=cl(10,sl(_)),v=Al(Pl(l-w*(0==d?0==l?.1:1:o),b/10),24),k=a>l||1!=c&&(3!=c||v>a)&&(2!=c||a>v)?gl:a,y=fl(r,k>v&&l>=k?k:al(k,v)),M=Al(Dl(e+w*(0==d?0==e?.1:1:s),b/10),24),S=e>f||1!=h&&(3!=h||f>M)&&(2!=h||M>f)?-gl:f,T=al(u,M>S&&S>=e?S:fl(S,M));return y==T&&0==y&&(T=100),[y,T]}const el=new Intl.NumberFormat(_?k.language:"en-US"),tl=l=>el.format(l),nl=Math,il=nl.PI,ol=nl.abs,sl=nl.floor,rl=nl.round,ul=nl.ceil,al=nl.min,fl=nl.max,cl=nl.pow,hl=nl.sign,dl=nl.log10,pl=nl.log2,ml=(l,e=1)=>nl.asinh(l/e),gl=1/0;function xl(l){return 1+(0|dl((l^l>>31)-(l>>31)))}function wl(l,e,t){return al(fl(l,e),t)}function _l(l){return"function"==typeof l}function bl(l){return _l(l)?l:()=>l}const vl=l=>l,kl=(l,e)=>e,yl=()=>null,Ml=()=>!0,Sl=(l,e)=>l==e,Tl=/\\.\\d*?(?=9{6,}|0{6,})/gm,El=l=>{if(Il(l)||Wl.has(l))return l;const e=""+l,t=e.match(Tl);if(null==t)return l;let n=t[0].length-1;if(-1!=e.indexOf("e-")){let[l,t]=e.split("e");return+`${El(l)}e${t}`}return Al(l,n)};function zl(l,e){return El(Al(El(l/e))*e)}function Dl(l,e){return El(ul(El(l/e))*e)}function Pl(l,e){return El(sl(El(l/e))*e)}function Al(l,e=0){if(Il(l))return l;let t=10**e;return rl(l*t*(1+Number.EPSILON))/t}const Wl=new Map;function Yl(l){return((""+l).split(".")[1]||"").length}function Cl(l,e,t,n){let i=[],o=n.map(Yl);for(let s=e;t>s;s++){let e=ol(s),t=Al(cl(l,s),e);for(let r=0;n.length>r;r++){let u=10==l?+`${n[r]}e${s}`:n[r]*t,a=(0>s?e:0)+(o[r]>s?o[r]:0),f=10==l?u:Al(u,a);i.push(f),Wl.set(f,a)}}return i}const Hl={},Fl=[],Rl=[null,null],Gl=Array.isArray,Il=Number.isInteger;function Ll(l){return"string"==typeof l}function Ol(l){let e=!1;if(null!=l){let t=l.constructor;e=null==t||t==Object}return e}function Nl(l){return null!=l&&"object"==typeof l}const jl=Object.getPrototypeOf(Uint8Array),Ul="__proto__";function Vl(l,e=Ol){let t;if(Gl(l)){let n=l.find((l=>null!=l));if(Gl(n)||e(n)){t=Array(l.length);for(let n=0;l.length>n;n++)t[n]=Vl(l[n],e)}else t=l.slice()}else if(l instanceof jl)t=l.slice();else if(e(l)){t={};for(let n in l)n!=Ul&&(t[n]=Vl(l[n],e))}else t=l;return t}function Bl(l){let e=arguments;for(let t=1;e.length>t;t++){let n=e[t];for(let e in n)e!=Ul&&(Ol(l[e])?Bl(l[e],Vl(n[e])):l[e]=Vl(n[e]))}return l}function $l(l,e,t){for(let n,i=0,o=-1;e.length>i;i++){let s=e[i];if(s>o){for(n=s-1;n>=0&&null==l[n];)l[n--]=null;for(n=s+1;t>n&&null==l[n];)l[o=n++]=null}}}const Jl="undefined"==typeof queueMicrotask?l=>Promise.resolve().then(l):queueMicrotask,ql=["January","February","March","April","May","June","July","August","September","October","November","December"],Kl=["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"];function Xl(l){return l.slice(0,3)}const Zl=Kl.map(Xl),Ql=ql.map(Xl),le={MMMM:ql,MMM:Ql,WWWW:Kl,WWW:Zl};function ee(l){return(10>l?"0":"")+l}const te={YYYY:l=>l.getFullYear(),YY:l=>(l.getFullYear()+"").slice(2),MMMM:(l,e)=>e.MMMM[l.getMonth()],MMM:(l,e)=>e.MMM[l.getMonth()],MM:l=>ee(l.getMonth()+1),M:l=>l.getMonth()+1,DD:l=>ee(l.getDate()),D:l=>l.getDate(),WWWW:(l,e)=>e.WWWW[l.getDay()],WWW:(l,e)=>e.WWW[l.getDay()],HH:l=>ee(l.getHours()),H:l=>l.getHours(),h:l=>{let e=l.getHours();return 0==e?12:e>12?e-12:e},AA:l=>12>l.getHours()?"AM":"PM",aa:l=>12>l.getHours()?"am":"pm",a:l=>12>l.getHours()?"a":"p",mm:l=>ee(l.getMinutes()),m:l=>l.getMinutes(),ss:l=>ee(l.getSeconds()),s:l=>l.getSeconds(),fff:l=>function(l){return(10>l?"00":100>l?"0":"")+l}(l.getMilliseconds())};function ne(l,e){e=e||le;let t,n=[],i=/\\{([a-z]+)\\}|[^{]+/gi;for(;t=i.exec(l);)n.push("{"==t[0][0]?te[t[1]]:t[0]);return l=>{let t="";for(let i=0;n.length>i;i++)t+="string"==typeof n[i]?n[i]:n[i](l,e);return t}}const ie=(new Intl.DateTimeFormat).resolvedOptions().timeZone,oe=l=>l%1==0,se=[1,2,2.5,5],re=Cl(10,-32,0,se),ue=Cl(10,0,32,se),ae=ue.filter(oe),fe=re.concat(ue),ce="{YYYY}",he="\\n"+ce,de="{M}/{D}",pe="\\n"+de,me=pe+"/{YY}",ge="{aa}",xe="{h}:{mm}"+ge,we="\\n"+xe,_e=":{ss}",be=null;function ve(l){let e=1e3*l,t=60*e,n=60*t,i=24*n,o=30*i,s=365*i;return[(1==l?Cl(10,0,3,se).filter(oe):Cl(10,-3,0,se)).concat([e,5*e,10*e,15*e,30*e,t,5*t,10*t,15*t,30*t,n,2*n,3*n,4*n,6*n,8*n,12*n,i,2*i,3*i,4*i,5*i,6*i,7*i,8*i,9*i,10*i,15*i,o,2*o,3*o,4*o,6*o,s,2*s,5*s,10*s,25*s,50*s,100*s]),[[s,ce,be,be,be,be,be,be,1],[28*i,"{MMM}",he,be,be,be,be,be,1],[i,de,he,be,be,be,be,be,1],[n,"{h}"+ge,me,be,pe,be,be,be,1],[t,xe,me,be,pe,be,be,be,1],[e,_e,me+" "+xe,be,pe+" "+xe,be,we,be,1],[l,_e+".{fff}",me+" "+xe,be,pe+" "+xe,be,we,be,1]],function(e){return(r,u,a,f,c,h)=>{let d=[],p=c>=s,m=c>=o&&s>c,g=e(a),x=Al(g*l,3),w=Pe(g.getFullYear(),p?0:g.getMonth(),m||p?1:g.getDate()),_=Al(w*l,3);if(m||p){let t=m?c/o:0,n=p?c/s:0,i=x==_?x:Al(Pe(w.getFullYear()+n,w.getMonth()+t,1)*l,3),r=new Date(rl(i/l)),u=r.getFullYear(),a=r.getMonth();for(let o=0;f>=i;o++){let s=Pe(u+n*o,a+t*o,1),r=s-e(Al(s*l,3));i=Al((+s+r)*l,3),i>f||d.push(i)}}else{let o=i>c?c:i,s=_+(sl(a)-sl(x))+Dl(x-_,o);d.push(s);let p=e(s),m=p.getHours()+p.getMinutes()/t+p.getSeconds()/n,g=c/n,w=h/r.axes[u]._space;for(;s=Al(s+c,1==l?0:3),f>=s;)if(g>1){let l=sl(Al(m+g,6))%24,t=e(s).getHours()-l;t>1&&(t=-1),s-=t*n,m=(m+g)%24,.7>Al((s-d[d.length-1])/c,3)*w||d.push(s)}else d.push(s)}return d}}]}const[ke,ye,Me]=ve(1),[Se,Te,Ee]=ve(.001);function ze(l,e){return l.map((l=>l.map(((t,n)=>0==n||8==n||null==t?t:e(1==n||0==l[8]?t:l[1]+t)))))}function De(l,e){return(t,n,i,o,s)=>{let r,u,a,f,c,h,d=e.find((l=>s>=l[0]))||e[e.length-1];return n.map((e=>{let t=l(e),n=t.getFullYear(),i=t.getMonth(),o=t.getDate(),s=t.getHours(),p=t.getMinutes(),m=t.getSeconds(),g=n!=r&&d[2]||i!=u&&d[3]||o!=a&&d[4]||s!=f&&d[5]||p!=c&&d[6]||m!=h&&d[7]||d[1];return r=n,u=i,a=o,f=s,c=p,h=m,g(t)}))}}function Pe(l,e,t){return new Date(l,e,t)}function Ae(l,e){return e(l)}function We(l,e){return(t,n,i,o)=>null==o?w:e(l(n))}Cl(2,-53,53,[1]);const Ye={show:!0,live:!0,isolate:!1,mount:()=>{},markers:{show:!0,width:2,stroke:function(l,e){let t=l.series[e];return t.width?t.stroke(l,e):t.points.width?t.points.stroke(l,e):null},fill:function(l,e){return l.series[e].fill(l,e)},dash:"solid"},idx:null,idxs:null,values:[]},Ce=[0,0];function He(l,e,t,n=!0){return l=>{0==l.button&&(!n||l.target==e)&&t(l)}}function Fe(l,e,t,n=!0){return l=>{(!n||l.target==e)&&t(l)}}const Re={show:!0,x:!0,y:!0,lock:!1,move:function(l,e,t){return Ce[0]=e,Ce[1]=t,Ce},points:{one:!1,show:function(l,e){let i=l.cursor.points,o=D(),s=i.size(l,e);E(o,t,s),E(o,n,s);let r=s/-2;E(o,"marginLeft",r),E(o,"marginTop",r);let u=i.width(l,e,s);return u&&E(o,"borderWidth",u),o},size:function(l,e){return l.series[e].points.size},width:0,stroke:function(l,e){let t=l.series[e].points;return t._stroke||t._fill},fill:function(l,e){let t=l.series[e].points;return t._fill||t._stroke}},bind:{mousedown:He,mouseup:He,click:He,dblclick:He,mousemove:Fe,mouseleave:Fe,mouseenter:Fe},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(l,e)=>{e.stopPropagation(),e.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(l,e,t,n,i)=>n-i,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},Ge={show:!0,stroke:"rgba(0,0,0,0.07)",width:2},Ie=Bl({},Ge,{filter:kl}),Le=Bl({},Ie,{size:10}),Oe=Bl({},Ge,{show:!1}),Ne=\'12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"\',je="bold "+Ne,Ue={show:!0,scale:"x",stroke:u,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:je,side:2,grid:Ie,ticks:Le,border:Oe,font:Ne,lineGap:1.5,rotate:0},Ve={show:!0,scale:"x",auto:!1,sorted:1,min:gl,max:-gl,idxs:[]};function Be(l,e){return e.map((l=>null==l?"":tl(l)))}function $e(l,e,t,n,i,o,s){let r=[],u=Wl.get(i)||0;for(let l=t=s?t:Al(Dl(t,i),u);n>=l;l=Al(l+i,u))r.push(Object.is(l,-0)?0:l);return r}function Je(l,e,t,n,i){const o=[],s=l.scales[l.axes[e].scale].log,r=sl((10==s?dl:pl)(t));i=cl(s,r),10==s&&(i=fe[L(i,fe)]);let u=t,a=i*s;10==s&&(a=fe[L(a,fe)]);do{o.push(u),u+=i,10!=s||Wl.has(u)||(u=Al(u,Wl.get(i))),a>u||(a=(i=u)*s,10==s&&(a=fe[L(a,fe)]))}while(n>=u);return o}function qe(l,e,t,n,i){let o=l.scales[l.axes[e].scale].asinh,s=n>o?Je(l,e,fl(o,t),n,i):[o],r=0>n||t>0?[]:[0];return(-o>t?Je(l,e,fl(o,-n),-t,i):[o]).reverse().map((l=>-l)).concat(r,s)}const Ke=/./,Xe=/[12357]/,Ze=/[125]/,Qe=/1/,lt=(l,e,t,n)=>l.map(((l,i)=>4==e&&0==l||i%n==0&&t.test(l.toExponential()[0>l?1:0])?l:null));function et(l,e,t){let n=l.axes[t],i=n.scale,o=l.scales[i],s=l.valToPos,r=n._space,u=s(10,i),a=s(9,i)-u<r?s(7,i)-u<r?s(5,i)-u<r?Qe:Ze:Xe:Ke;if(a==Qe){let l=ol(s(1,i)-u);if(r>l)return lt(e.slice().reverse(),o.distr,a,ul(r/l)).reverse()}return lt(e,o.distr,a,1)}function tt(l,e,t){let n=l.axes[t],i=n.scale,o=n._space,s=l.valToPos,r=ol(s(1,i)-s(2,i));return o>r?lt(e.slice().reverse(),3,Ke,ul(o/r)).reverse():e}function nt(l,e,t,n){return null==n?w:null==e?"":tl(e)}const it={show:!0,scale:"y",stroke:u,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:je,side:3,grid:Ie,ticks:Le,border:Oe,font:Ne,lineGap:1.5,rotate:0},ot={scale:null,auto:!0,sorted:0,min:gl,max:-gl},st=(l,e,t,n,i)=>i,rt={show:!0,auto:!0,sorted:0,gaps:st,alpha:1,facets:[Bl({},ot,{scale:"x"}),Bl({},ot,{scale:"y"})]},ut={scale:"y",auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:st,alpha:1,points:{show:function(l,e){let{scale:t,idxs:n}=l.series[0],i=l._data[0],o=l.valToPos(i[n[0]],t,!0),s=l.valToPos(i[n[1]],t,!0);return ol(s-o)/(l.series[e].points.space*y)>=n[1]-n[0]},filter:null},values:null,min:gl,max:-gl,idxs:[],path:null,clip:null};function at(l,e,t){return t/10}const ft={time:!0,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},ct=Bl({},ft,{time:!1,ori:1}),ht={};function dt(l){let e=ht[l];return e||(e={key:l,plots:[],sub(l){e.plots.push(l)},unsub(l){e.plots=e.plots.filter((e=>e!=l))},pub(l,t,n,i,o,s,r){for(let u=0;e.plots.length>u;u++)e.plots[u]!=t&&e.plots[u].pub(l,t,n,i,o,s,r)}},null!=l&&(ht[l]=e)),e}function pt(l,e,t){const n=l.mode,i=l.series[e],o=2==n?l._data[e]:l._data,s=l.scales,r=l.bbox;let u=o[0],a=2==n?o[1]:o[e],f=2==n?s[i.facets[0].scale]:s[l.series[0].scale],c=2==n?s[i.facets[1].scale]:s[i.scale],h=r.left,d=r.top,p=r.width,m=r.height,g=l.valToPosH,x=l.valToPosV;return 0==f.ori?t(i,u,a,f,c,g,x,h,d,p,m,kt,Mt,Tt,zt,Pt):t(i,u,a,f,c,x,g,d,h,m,p,yt,St,Et,Dt,At)}function mt(l,e){let t=0,n=0,i=Q(l.bands,Fl);for(let l=0;i.length>l;l++){let o=i[l];o.series[0]==e?t=o.dir:o.series[1]==e&&(n|=1==o.dir?1:2)}return[t,1==n?-1:2==n?1:3==n?2:0]}function gt(l,e,t,n,i){let o=l.series[e],s=l.scales[2==l.mode?o.facets[1].scale:o.scale];return-1==i?s.min:1==i?s.max:3==s.distr?1==s.dir?s.min:s.max:0}function xt(l,e,t,n,i,o){return pt(l,e,((l,e,s,r,u,a,f,c,h,d,p)=>{let m=l.pxRound;const g=0==r.ori?Mt:St;let x,w;1==r.dir*(0==r.ori?1:-1)?(x=t,w=n):(x=n,w=t);let _=m(a(e[x],r,d,c)),b=m(f(s[x],u,p,h)),v=m(a(e[w],r,d,c)),k=m(f(1==o?u.max:u.min,u,p,h)),y=new Path2D(i);return g(y,v,k),g(y,_,k),g(y,_,b),y}))}function wt(l,e,t,n,i,o){let s=null;if(l.length>0){s=new Path2D;const r=0==e?Tt:Et;let u=t;for(let e=0;l.length>e;e++){let t=l[e];if(t[1]>t[0]){let l=t[0]-u;l>0&&r(s,u,n,l,n+o),u=t[1]}}let a=t+i-u,f=10;a>0&&r(s,u,n-f/2,a,n+o+f)}return s}function _t(l,e,t,n,i,o,s){let r=[],u=l.length;for(let a=1==i?t:n;a>=t&&n>=a;a+=i)if(null===e[a]){let f=a,c=a;if(1==i)for(;++a<=n&&null===e[a];)c=a;else for(;--a>=t&&null===e[a];)c=a;let h=o(l[f]),d=c==f?h:o(l[c]),p=f-i;h=s>0||0>p||p>=u?h:o(l[p]);let m=c+i;d=0>s||0>m||m>=u?d:o(l[m]),h>d||r.push([h,d])}return r}function bt(l){return 0==l?vl:1==l?rl:e=>zl(e,l)}function vt(l){let e=0==l?kt:yt,t=0==l?(l,e,t,n,i,o)=>{l.arcTo(e,t,n,i,o)}:(l,e,t,n,i,o)=>{l.arcTo(t,e,i,n,o)},n=0==l?(l,e,t,n,i)=>{l.rect(e,t,n,i)}:(l,e,t,n,i)=>{l.rect(t,e,i,n)};return(l,i,o,s,r,u=0,a=0)=>{0==u&&0==a?n(l,i,o,s,r):(u=al(u,s/2,r/2),a=al(a,s/2,r/2),e(l,i+u,o),t(l,i+s,o,i+s,o+r,u),t(l,i+s,o+r,i,o+r,a),t(l,i,o+r,i,o,a),t(l,i,o,i+s,o,u),l.closePath())}}const kt=(l,e,t)=>{l.moveTo(e,t)},yt=(l,e,t)=>{l.moveTo(t,e)},Mt=(l,e,t)=>{l.lineTo(e,t)},St=(l,e,t)=>{l.lineTo(t,e)},Tt=vt(0),Et=vt(1),zt=(l,e,t,n,i,o)=>{l.arc(e,t,n,i,o)},Dt=(l,e,t,n,i,o)=>{l.arc(t,e,n,i,o)},Pt=(l,e,t,n,i,o,s)=>{l.bezierCurveTo(e,t,n,i,o,s)},At=(l,e,t,n,i,o,s)=>{l.bezierCurveTo(t,e,i,n,s,o)};function Wt(){return(l,e,t,n,i)=>pt(l,e,((e,o,s,r,u,a,f,c,h,d,p)=>{let m,g,{pxRound:x,points:w}=e;0==r.ori?(m=kt,g=zt):(m=yt,g=Dt);const _=Al(w.width*y,3);let b=(w.size-w.width)/2*y,v=Al(2*b,3),k=new Path2D,M=new Path2D,{left:S,top:T,width:E,height:z}=l.bbox;Tt(M,S-v,T-v,E+2*v,z+2*v);const D=l=>{if(null!=s[l]){let e=x(a(o[l],r,d,c)),t=x(f(s[l],u,p,h));m(k,e+b,t),g(k,e,t,b,0,2*il)}};if(i)i.forEach(D);else for(let l=t;n>=l;l++)D(l);return{stroke:_>0?k:null,fill:k,clip:M,flags:3}}))}function Yt(l){return(e,t,n,i,o,s)=>{n!=i&&(o!=n&&s!=n&&l(e,t,n),o!=i&&s!=i&&l(e,t,i),l(e,t,s))}}const Ct=Yt(Mt),Ht=Yt(St);function Ft(l){const e=Q(l?.alignGaps,0);return(l,t,n,i)=>pt(l,t,((o,s,r,u,a,f,c,h,d,p,m)=>{[n,i]=U(r,n,i);let g,x,w=o.pxRound,_=l=>w(f(l,u,p,h)),b=l=>w(c(l,a,m,d));0==u.ori?(g=Mt,x=Ct):(g=St,x=Ht);const v=u.dir*(0==u.ori?1:-1),k={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:1},y=k.stroke;let M=!1;if(i-n<4*p)for(let l=1==v?n:i;l>=n&&i>=l;l+=v){let e=r[l];null===e?M=!0:null!=e&&g(y,_(s[l]),b(e))}else{let e,t,o,a=e=>l.posToVal(e,u.key,!0),f=null,c=null,h=_(s[1==v?n:i]),d=_(s[n]),p=_(s[i]),m=a(1==v?d+1:p-1);for(let l=1==v?n:i;l>=n&&i>=l;l+=v){let n=s[l],i=(1==v?m>n:n>m)?h:_(n),o=r[l];i==h?null!=o?(t=o,null==f?(g(y,i,b(t)),e=f=c=t):f>t?f=t:t>c&&(c=t)):null===o&&(M=!0):(null!=f&&x(y,h,b(f),b(c),b(e),b(t)),null!=o?(t=o,g(y,i,b(t)),f=c=e=t):(f=c=null,null===o&&(M=!0)),h=i,m=a(h+v))}null!=f&&f!=c&&o!=h&&x(y,h,b(f),b(c),b(e),b(t))}let[S,T]=mt(l,t);if(null!=o.fill||0!=S){let e=k.fill=new Path2D(y),r=b(o.fillTo(l,t,o.min,o.max,S)),u=_(s[n]),a=_(s[i]);-1==v&&([a,u]=[u,a]),g(e,a,r),g(e,u,r)}if(!o.spanGaps){let a=[];M&&a.push(..._t(s,r,n,i,v,_,e)),k.gaps=a=o.gaps(l,t,n,i,a),k.clip=wt(a,u.ori,h,d,p,m)}return 0!=T&&(k.band=2==T?[xt(l,t,n,i,y,-1),xt(l,t,n,i,y,1)]:xt(l,t,n,i,y,T)),k}))}function Rt(l,e,t,n,i,o,s=gl){if(l.length>1){let r=null;for(let u=0,a=1/0;l.length>u;u++)if(void 0!==e[u]){if(null!=r){let e=ol(l[u]-l[r]);a>e&&(a=e,s=ol(t(l[u],n,i,o)-t(l[r],n,i,o)))}r=u}}return s}function Gt(l,e,t,n,i){const o=l.length;if(2>o)return null;const s=new Path2D;if(t(s,l[0],e[0]),2==o)n(s,l[1],e[1]);else{let t=Array(o),n=Array(o-1),r=Array(o-1),u=Array(o-1);for(let t=0;o-1>t;t++)r[t]=e[t+1]-e[t],u[t]=l[t+1]-l[t],n[t]=r[t]/u[t];t[0]=n[0];for(let l=1;o-1>l;l++)0===n[l]||0===n[l-1]||n[l-1]>0!=n[l]>0?t[l]=0:(t[l]=3*(u[l-1]+u[l])/((2*u[l]+u[l-1])/n[l-1]+(u[l]+2*u[l-1])/n[l]),isFinite(t[l])||(t[l]=0));t[o-1]=n[o-2];for(let n=0;o-1>n;n++)i(s,l[n]+u[n]/3,e[n]+t[n]*u[n]/3,l[n+1]-u[n]/3,e[n+1]-t[n+1]*u[n]/3,l[n+1],e[n+1])}return s}const It=new Set;function Lt(){for(let l of It)l.syncRect(!0)}_&&(G("resize",v,Lt),G("scroll",v,Lt,!0),G(x,v,(()=>{en.pxRatio=y})));const Ot=Ft(),Nt=Wt();function jt(l,e,t,n){return(n?[l[0],l[1]].concat(l.slice(2)):[l[0]].concat(l.slice(1))).map(((l,n)=>Ut(l,n,e,t)))}function Ut(l,e,t,n){return Bl({},0==e?t:n,l)}function Vt(l,e,t){return null==e?Rl:[e,t]}const Bt=Vt;function $t(l,e,t){return null==e?Rl:Z(e,t,J,!0)}function Jt(l,e,t,n){return null==e?Rl:B(e,t,l.scales[n].log,!1)}const qt=Jt;function Kt(l,e,t,n){return null==e?Rl:$(e,t,l.scales[n].log,!1)}const Xt=Kt;function Zt(l,e,t,n,i){let o=fl(xl(l),xl(e)),s=e-l,r=L(i/n*s,t);do{let l=t[r],e=n*l/s;if(e>=i&&17>=o+(5>l?Wl.get(l):0))return[l,e]}while(++r<t.length);return[0,0]}function Qt(l){let e,t;return[l=l.replace(/(\\d+)px/,((l,n)=>(e=rl((t=+n)*y))+"px")),e,t]}function ln(l){l.show&&[l.font,l.labelFont].forEach((l=>{let e=Al(l[2]*y,1);l[0]=l[0].replace(/[0-9.]+px/,e+"px"),l[1]=e}))}function en(u,g,_){const k={mode:Q(u.mode,1)},M=k.mode;function P(l,e,t,n){let i=e.valToPct(l);return n+t*(-1==e.dir?1-i:i)}function W(l,e,t,n){let i=e.valToPct(l);return n+t*(-1==e.dir?i:1-i)}function C(l,e,t,n){return 0==e.ori?P(l,e,t,n):W(l,e,t,n)}k.valToPosH=P,k.valToPosV=W;let F=!1;k.status=0;const R=k.root=D("uplot");null!=u.id&&(R.id=u.id),S(R,u.class),u.title&&(D("u-title",R).textContent=u.title);const O=z("canvas"),K=k.ctx=O.getContext("2d"),X=D("u-wrap",R);G("click",X,(l=>{l.target===el&&(Nn!=Gn||jn!=In)&&Zn.click(k,l)}),!0);const ll=k.under=D("u-under",X);X.appendChild(O);const el=k.over=D("u-over",X),tl=+Q((u=Vl(u)).pxAlign,1),sl=bt(tl);(u.plugins||[]).forEach((l=>{l.opts&&(u=l.opts(k,u)||u)}));const hl=u.ms||.001,pl=k.series=1==M?jt(u.series||[],Ve,ut,!1):function(l,e){return l.map(((l,t)=>0==t?{}:Bl({},e,l)))}(u.series||[null],rt),xl=k.axes=jt(u.axes||[],Ue,it,!0),vl=k.scales={},Tl=k.bands=u.bands||[];Tl.forEach((l=>{l.fill=bl(l.fill||null),l.dir=Q(l.dir,-1)}));const El=2==M?pl[1].facets[0].scale:pl[0].scale,Dl={axes:function(){for(let l=0;xl.length>l;l++){let e=xl[l];if(!e.show||!e._show)continue;let t,n,u=e.side,a=u%2,f=e.stroke(k,l),c=0==u||3==u?-1:1,[h,d]=e._found;if(null!=e.label){let s=rl((e._lpos+e.labelGap*c)*y);_n(e.labelFont[0],f,"center",2==u?i:o),K.save(),1==a?(t=n=0,K.translate(s,rl(lt+st/2)),K.rotate((3==u?-il:il)/2)):(t=rl(Qe+ot/2),n=s);let r=_l(e.label)?e.label(k,l,h,d):e.label;K.fillText(r,t,n),K.restore()}if(0==d)continue;let p=vl[e.scale],m=0==a?ot:st,g=0==a?Qe:lt,x=e._splits,w=2==p.distr?x.map((l=>pn[l])):x,_=2==p.distr?pn[x[1]]-pn[x[0]]:h,b=e.ticks,v=e.border,M=b.show?b.size:0,S=rl(M*y),T=rl((2==e.alignTo?e._size-M-e.gap:e.gap)*y),E=e._rotate*-il/180,z=sl(e._pos*y),D=z+(S+T)*c;n=0==a?D:0,t=1==a?D:0,_n(e.font[0],f,1==e.align?s:2==e.align?r:E>0?s:0>E?r:0==a?"center":3==u?r:s,E||1==a?"middle":2==u?i:o);let P=e.font[1]*e.lineGap,A=x.map((l=>sl(C(l,p,m,g)))),W=e._values;for(let l=0;W.length>l;l++){let e=W[l];if(null!=e){0==a?t=A[l]:n=A[l],e=""+e;let i=-1==e.indexOf("\\n")?[e]:e.split(/\\n/gm);for(let l=0;i.length>l;l++){let e=i[l];E?(K.save(),K.translate(t,n+l*P),K.rotate(E),K.fillText(e,0,0),K.restore()):K.fillText(e,t,n+l*P)}}}b.show&&zn(A,b.filter(k,w,l,d,_),a,u,z,S,Al(b.width*y,3),b.stroke(k,l),b.dash,b.cap);let Y=e.grid;Y.show&&zn(A,Y.filter(k,w,l,d,_),a,0==a?2:1,0==a?lt:Qe,0==a?st:ot,Al(Y.width*y,3),Y.stroke(k,l),Y.dash,Y.cap),v.show&&zn([z],[1],0==a?1:0,0==a?1:2,1==a?lt:Qe,1==a?st:ot,Al(v.width*y,3),v.stroke(k,l),v.dash,v.cap)}Ci("drawAxes")},series:function(){if(Gt>0){let l=pl.some((l=>l._focus))&&dn!=Tt.alpha;l&&(K.globalAlpha=dn=Tt.alpha),pl.forEach(((l,e)=>{if(e>0&&l.show&&(kn(e,!1),kn(e,!0),null==l._paths)){let t=dn;dn!=l.alpha&&(K.globalAlpha=dn=l.alpha);let n=2==M?[0,g[e][0].length-1]:function(l){let e=wl(Lt-1,0,Gt-1),t=wl(en+1,0,Gt-1);for(;null==l[e]&&e>0;)e--;for(;null==l[t]&&Gt-1>t;)t++;return[e,t]}(g[e]);l._paths=l.paths(k,e,n[0],n[1]),dn!=t&&(K.globalAlpha=dn=t)}})),pl.forEach(((l,e)=>{if(e>0&&l.show){let t=dn;dn!=l.alpha&&(K.globalAlpha=dn=l.alpha),null!=l._paths&&yn(e,!1);{let t=null!=l._paths?l._paths.gaps:null,n=l.points.show(k,e,Lt,en,t),i=l.points.filter(k,e,n,t);(n||i)&&(l.points._paths=l.points.paths(k,e,Lt,en,i),yn(e,!0))}dn!=t&&(K.globalAlpha=dn=t),Ci("drawSeries",e)}})),l&&(K.globalAlpha=dn=1)}}},Pl=(u.drawOrder||["axes","series"]).map((l=>Dl[l]));function Cl(l){const e=3==l.distr?e=>dl(e>0?e:l.clamp(k,e,l.min,l.max,l.key)):4==l.distr?e=>ml(e,l.asinh):100==l.distr?e=>l.fwd(e):l=>l;return t=>{let n=e(t),{_min:i,_max:o}=l;return(n-i)/(o-i)}}function Il(l){let e=vl[l];if(null==e){let t=(u.scales||Hl)[l]||Hl;if(null!=t.from){Il(t.from);let e=Bl({},vl[t.from],t,{key:l});e.valToPct=Cl(e),vl[l]=e}else{e=vl[l]=Bl({},l==El?ft:ct,t),e.key=l;let n=e.time,i=e.range,o=Gl(i);if((l!=El||2==M&&!n)&&(!o||null!=i[0]&&null!=i[1]||(i={min:null==i[0]?q:{mode:1,hard:i[0],soft:i[0]},max:null==i[1]?q:{mode:1,hard:i[1],soft:i[1]}},o=!1),!o&&Ol(i))){let l=i;i=(e,t,n)=>null==t?Rl:Z(t,n,l)}e.range=bl(i||(n?Bt:l==El?3==e.distr?qt:4==e.distr?Xt:Vt:3==e.distr?Jt:4==e.distr?Kt:$t)),e.auto=bl(!o&&e.auto),e.clamp=bl(e.clamp||at),e._min=e._max=null,e.valToPct=Cl(e)}}}Il("x"),Il("y"),1==M&&pl.forEach((l=>{Il(l.scale)})),xl.forEach((l=>{Il(l.scale)}));for(let l in u.scales)Il(l);const jl=vl[El],Ul=jl.distr;let $l,ql;0==jl.ori?(S(R,"u-hz"),$l=P,ql=W):(S(R,"u-vt"),$l=W,ql=P);const Kl={};for(let l in vl){let e=vl[l];null==e.min&&null==e.max||(Kl[l]={min:e.min,max:e.max},e.min=e.max=null)}const Xl=u.tzDate||(l=>new Date(rl(l/hl))),Zl=u.fmtDate||ne,Ql=1==hl?Me(Xl):Ee(Xl),le=De(Xl,ze(1==hl?ye:Te,Zl)),ee=We(Xl,Ae("{YYYY}-{MM}-{DD} {h}:{mm}{aa}",Zl)),te=[],ie=k.legend=Bl({},Ye,u.legend),oe=k.cursor=Bl({},Re,{drag:{y:2==M}},u.cursor),se=ie.show,re=oe.show,ue=ie.markers;let ce,he,de;ie.idxs=te,ue.width=bl(ue.width),ue.dash=bl(ue.dash),ue.stroke=bl(ue.stroke),ue.fill=bl(ue.fill);let pe,me=[],ge=[],xe=!1,we={};if(ie.live){const l=pl[1]?pl[1].values:null;xe=null!=l,pe=xe?l(k,1,0):{_:0};for(let l in pe)we[l]=w}if(se)if(ce=z("table","u-legend",R),de=z("tbody",null,ce),ie.mount(k,ce),xe){he=z("thead",null,ce,de);let l=z("tr",null,he);for(var _e in z("th",null,l),pe)z("th",e,l).textContent=_e}else S(ce,"u-inline"),ie.live&&S(ce,"u-live");const be={show:!0},ve={show:!1},Pe=new Map;function Ce(l,e,t,n=!0){const i=Pe.get(e)||{},o=oe.bind[l](k,e,t,n);o&&(G(l,e,i[l]=o),Pe.set(e,i))}function He(l,e){const t=Pe.get(e)||{};for(let n in t)null!=l&&n!=l||(I(n,e,t[n]),delete t[n]);null==l&&Pe.delete(e)}let Fe=0,Ge=0,Ie=0,Le=0,Oe=0,Ne=0,je=Oe,Ke=Ne,Xe=Ie,Ze=Le,Qe=0,lt=0,ot=0,st=0;k.bbox={};let ht=!1,pt=!1,mt=!1,xt=!1,wt=!1,_t=!1;function vt(l,e,t){(t||l!=k.width||e!=k.height)&&kt(l,e),An(!1),mt=!0,pt=!0,Jn()}function kt(l,e){k.width=Fe=Ie=l,k.height=Ge=Le=e,Oe=Ne=0,function(){let l=!1,e=!1,t=!1,n=!1;xl.forEach((i=>{if(i.show&&i._show){let{side:o,_size:s}=i,r=s+(null!=i.label?i.labelSize:0);r>0&&(o%2?(Ie-=r,3==o?(Oe+=r,n=!0):t=!0):(Le-=r,0==o?(Ne+=r,l=!0):e=!0))}})),Ct[0]=l,Ct[1]=t,Ct[2]=e,Ct[3]=n,Ie-=Rt[1]+Rt[3],Oe+=Rt[3],Le-=Rt[2]+Rt[0],Ne+=Rt[0]}(),function(){let l=Oe+Ie,e=Ne+Le,t=Oe,n=Ne;function i(i,o){switch(i){case 1:return l+=o,l-o;case 2:return e+=o,e-o;case 3:return t-=o,t+o;case 0:return n-=o,n+o}}xl.forEach((l=>{if(l.show&&l._show){let e=l.side;l._pos=i(e,l._size),null!=l.label&&(l._lpos=i(e,l.labelSize))}}))}();let t=k.bbox;Qe=t.left=zl(Oe*y,.5),lt=t.top=zl(Ne*y,.5),ot=t.width=zl(Ie*y,.5),st=t.height=zl(Le*y,.5)}const yt=3;if(k.setSize=function({width:l,height:e}){vt(l,e)},null==oe.dataIdx){let l=oe.hover,e=l.skip=new Set(l.skip??[]);e.add(void 0);let t=l.prox=bl(l.prox),n=l.bias??=0;oe.dataIdx=(l,i,o,s)=>{if(0==i)return o;let r=o,u=t(l,i,o,s)??gl,a=u>=0&&gl>u,f=0==jl.ori?Ie:Le,c=oe.left,h=g[0],d=g[i];if(e.has(d[o])){r=null;let l,t=null,i=null;if(0==n||-1==n)for(l=o;null==t&&l-- >0;)e.has(d[l])||(t=l);if(0==n||1==n)for(l=o;null==i&&l++<d.length;)e.has(d[l])||(i=l);if(null!=t||null!=i)if(a){let l=c-(null==t?-1/0:$l(h[t],jl,f,0)),e=(null==i?1/0:$l(h[i],jl,f,0))-c;l>e?e>u||(r=i):l>u||(r=t)}else r=null==i?t:null==t||o-t>i-o?i:t}else a&&ol(c-$l(h[o],jl,f,0))>u&&(r=null);return r}}const Mt=l=>{oe.event=l};oe.idxs=te,oe._lock=!1;let St=oe.points;St.show=bl(St.show),St.size=bl(St.size),St.stroke=bl(St.stroke),St.width=bl(St.width),St.fill=bl(St.fill);const Tt=k.focus=Bl({},u.focus||{alpha:.3},oe.focus),Et=Tt.prox>=0,zt=Et&&St.one;let Dt=[],Pt=[],At=[];function Wt(l,e){let t=St.show(k,e);if(t instanceof HTMLElement)return S(t,"u-cursor-pt"),S(t,l.class),A(t,-10,-10,Ie,Le),el.insertBefore(t,Dt[e]),t}function Yt(t,n){if(1==M||n>0){let l=1==M&&vl[t.scale].time,e=t.value;t.value=l?Ll(e)?We(Xl,Ae(e,Zl)):e||ee:e||nt,t.label=t.label||(l?"Time":"Value")}if(zt||n>0){t.width=null==t.width?1:t.width,t.paths=t.paths||Ot||yl,t.fillTo=bl(t.fillTo||gt),t.pxAlign=+Q(t.pxAlign,tl),t.pxRound=bt(t.pxAlign),t.stroke=bl(t.stroke||null),t.fill=bl(t.fill||null),t._stroke=t._fill=t._paths=t._focus=null;let l=function(l){return Al(1*(3+2*(l||1)),3)}(fl(1,t.width)),e=t.points=Bl({},{size:l,width:fl(1,.2*l),stroke:t.stroke,space:2*l,paths:Nt,_stroke:null,_fill:null},t.points);e.show=bl(e.show),e.filter=bl(e.filter),e.fill=bl(e.fill),e.stroke=bl(e.stroke),e.paths=bl(e.paths),e.pxAlign=t.pxAlign}if(se){let i=function(t,n){if(0==n&&(xe||!ie.live||2==M))return Rl;let i=[],o=z("tr","u-series",de,de.childNodes[n]);S(o,t.class),t.show||S(o,l);let s=z("th",null,o);if(ue.show){let l=D("u-marker",s);if(n>0){let e=ue.width(k,n);e&&(l.style.border=e+"px "+ue.dash(k,n)+" "+ue.stroke(k,n)),l.style.background=ue.fill(k,n)}}let r=D(e,s);for(var u in t.label instanceof HTMLElement?r.appendChild(t.label):r.textContent=t.label,n>0&&(ue.show||(r.style.color=t.width>0?ue.stroke(k,n):ue.fill(k,n)),Ce("click",s,(l=>{if(oe._lock)return;Mt(l);let e=pl.indexOf(t);if((l.ctrlKey||l.metaKey)!=ie.isolate){let l=pl.some(((l,t)=>t>0&&t!=e&&l.show));pl.forEach(((t,n)=>{n>0&&oi(n,l?n==e?be:ve:be,!0,Fi.setSeries)}))}else oi(e,{show:!t.show},!0,Fi.setSeries)}),!1),Et&&Ce(d,s,(l=>{oe._lock||(Mt(l),oi(pl.indexOf(t),ai,!0,Fi.setSeries))}),!1)),pe){let l=z("td","u-value",o);l.textContent="--",i.push(l)}return[o,i]}(t,n);me.splice(n,0,i[0]),ge.splice(n,0,i[1]),ie.values.push(null)}if(re){te.splice(n,0,null);let l=null;zt?0==n&&(l=Wt(t,n)):n>0&&(l=Wt(t,n)),Dt.splice(n,0,l),Pt.splice(n,0,0),At.splice(n,0,0)}Ci("addSeries",n)}k.addSeries=function(l,e){e=null==e?pl.length:e,l=1==M?Ut(l,e,Ve,ut):Ut(l,e,{},rt),pl.splice(e,0,l),Yt(pl[e],e)},k.delSeries=function(l){if(pl.splice(l,1),se){ie.values.splice(l,1),ge.splice(l,1);let e=me.splice(l,1)[0];He(null,e.firstChild),e.remove()}re&&(te.splice(l,1),Dt.splice(l,1)[0].remove(),Pt.splice(l,1),At.splice(l,1)),Ci("delSeries",l)};const Ct=[!1,!1,!1,!1];function Ht(l,e,t){let[n,i,o,s]=t,r=e%2,u=0;return 0==r&&(s||i)&&(u=0==e&&!n||2==e&&!o?rl(Ue.size/3):0),1==r&&(n||o)&&(u=1==e&&!i||3==e&&!s?rl(it.size/2):0),u}const Ft=k.padding=(u.padding||[Ht,Ht,Ht,Ht]).map((l=>bl(Q(l,Ht)))),Rt=k._padding=Ft.map(((l,e)=>l(k,e,Ct,0)));let Gt,Lt=null,en=null;const tn=1==M?pl[0].idxs:null;let nn,on,sn,rn,un,an,fn,cn,hn,dn,pn=null,mn=!1;function gn(l,e){if(k.data=k._data=g=null==l?[]:l,2==M){Gt=0;for(let l=1;pl.length>l;l++)Gt+=g[l][0].length}else{0==g.length&&(k.data=k._data=g=[[]]),pn=g[0],Gt=pn.length;let l=g;if(2==Ul){l=g.slice();let e=l[0]=Array(Gt);for(let l=0;Gt>l;l++)e[l]=l}k._data=g=l}if(An(!0),Ci("setData"),2==Ul&&(mt=!0),!1!==e){let l=jl;l.auto(k,mn)?xn():ii(El,l.min,l.max),xt=xt||oe.left>=0,_t=!0,Jn()}}function xn(){let l,e;mn=!0,1==M&&(Gt>0?(Lt=tn[0]=0,en=tn[1]=Gt-1,l=g[0][Lt],e=g[0][en],2==Ul?(l=Lt,e=en):l==e&&(3==Ul?[l,e]=B(l,l,jl.log,!1):4==Ul?[l,e]=$(l,l,jl.log,!1):jl.time?e=l+rl(86400/hl):[l,e]=Z(l,e,J,!0))):(Lt=tn[0]=l=null,en=tn[1]=e=null)),ii(El,l,e)}function wn(l,e,t,n,i,o){l??=a,t??=Fl,n??="butt",i??=a,o??="round",l!=nn&&(K.strokeStyle=nn=l),i!=on&&(K.fillStyle=on=i),e!=sn&&(K.lineWidth=sn=e),o!=un&&(K.lineJoin=un=o),n!=an&&(K.lineCap=an=n),t!=rn&&K.setLineDash(rn=t)}function _n(l,e,t,n){e!=on&&(K.fillStyle=on=e),l!=fn&&(K.font=fn=l),t!=cn&&(K.textAlign=cn=t),n!=hn&&(K.textBaseline=hn=n)}function bn(l,e,t,n,i=0){if(n.length>0&&l.auto(k,mn)&&(null==e||null==e.min)){let e=Q(Lt,0),o=Q(en,n.length-1),s=null==t.min?function(l,e,t,n=0,i=!1){let o=i?V:U,s=i?j:N;[e,t]=o(l,e,t);let r=l[e],u=l[e];if(e>-1)if(1==n)r=l[e],u=l[t];else if(-1==n)r=l[t],u=l[e];else for(let n=e;t>=n;n++){let e=l[n];s(e)&&(r>e?r=e:e>u&&(u=e))}return[r??gl,u??-gl]}(n,e,o,i,3==l.distr):[t.min,t.max];l.min=al(l.min,t.min=s[0]),l.max=fl(l.max,t.max=s[1])}}k.setData=gn;const vn={min:null,max:null};function kn(l,e){let t=e?pl[l].points:pl[l];t._stroke=t.stroke(k,l),t._fill=t.fill(k,l)}function yn(l,e){let t=e?pl[l].points:pl[l],{stroke:n,fill:i,clip:o,flags:s,_stroke:r=t._stroke,_fill:u=t._fill,_width:a=t.width}=t._paths;a=Al(a*y,3);let f=null,c=a%2/2;e&&null==u&&(u=a>0?"#fff":r);let h=1==t.pxAlign&&c>0;if(h&&K.translate(c,c),!e){let l=Qe-a/2,e=lt-a/2,t=ot+a,n=st+a;f=new Path2D,f.rect(l,e,t,n)}e?Sn(r,a,t.dash,t.cap,u,n,i,s,o):function(l,e,t,n,i,o,s,r,u,a,f){let c=!1;0!=u&&Tl.forEach(((h,d)=>{if(h.series[0]==l){let l,p=pl[h.series[1]],m=g[h.series[1]],x=(p._paths||Hl).band;Gl(x)&&(x=1==h.dir?x[0]:x[1]);let w=null;p.show&&x&&function(l,e,t){for(e=Q(e,0),t=Q(t,l.length-1);t>=e;){if(null!=l[e])return!0;e++}return!1}(m,Lt,en)?(w=h.fill(k,d)||o,l=p._paths.clip):x=null,Sn(e,t,n,i,w,s,r,u,a,f,l,x),c=!0}})),c||Sn(e,t,n,i,o,s,r,u,a,f)}(l,r,a,t.dash,t.cap,u,n,i,s,f,o),h&&K.translate(-c,-c)}const Mn=3;function Sn(l,e,t,n,i,o,s,r,u,a,f,c){wn(l,e,t,n,i),(u||a||c)&&(K.save(),u&&K.clip(u),a&&K.clip(a)),c?(r&Mn)==Mn?(K.clip(c),f&&K.clip(f),En(i,s),Tn(l,o,e)):2&r?(En(i,s),K.clip(c),Tn(l,o,e)):1&r&&(K.save(),K.clip(c),f&&K.clip(f),En(i,s),K.restore(),Tn(l,o,e)):(En(i,s),Tn(l,o,e)),(u||a||c)&&K.restore()}function Tn(l,e,t){t>0&&(e instanceof Map?e.forEach(((l,e)=>{K.strokeStyle=nn=e,K.stroke(l)})):null!=e&&l&&K.stroke(e))}function En(l,e){e instanceof Map?e.forEach(((l,e)=>{K.fillStyle=on=e,K.fill(l)})):null!=e&&l&&K.fill(e)}function zn(l,e,t,n,i,o,s,r,u,a){let f=s%2/2;1==tl&&K.translate(f,f),wn(r,s,u,a,r),K.beginPath();let c,h,d,p,m=i+(0==n||3==n?-o:o);0==t?(h=i,p=m):(c=i,d=m);for(let n=0;l.length>n;n++)null!=e[n]&&(0==t?c=d=l[n]:h=p=l[n],K.moveTo(c,h),K.lineTo(d,p));K.stroke(),1==tl&&K.translate(-f,-f)}function Dn(l){let e=!0;return xl.forEach(((t,n)=>{if(!t.show)return;let i=vl[t.scale];if(null==i.min)return void(t._show&&(e=!1,t._show=!1,An(!1)));t._show||(e=!1,t._show=!0,An(!1));let o=t.side,s=o%2,{min:r,max:u}=i,[a,f]=function(l,e,t,n){let i,o=xl[l];if(n>0){let s=o._space=o.space(k,l,e,t,n);i=Zt(e,t,o._incrs=o.incrs(k,l,e,t,n,s),n,s)}else i=[0,0];return o._found=i}(n,r,u,0==s?Ie:Le);if(0==f)return;let c=t._splits=t.splits(k,n,r,u,a,f,2==i.distr),h=2==i.distr?c.map((l=>pn[l])):c,d=2==i.distr?pn[c[1]]-pn[c[0]]:a,p=t._values=t.values(k,t.filter(k,h,n,f,d),n,f,d);t._rotate=2==o?t.rotate(k,p,n,f):0;let m=t._size;t._size=ul(t.size(k,p,n,l)),null!=m&&t._size!=m&&(e=!1)})),e}function Pn(l){let e=!0;return Ft.forEach(((t,n)=>{let i=t(k,n,Ct,l);i!=Rt[n]&&(e=!1),Rt[n]=i})),e}function An(l){pl.forEach(((e,t)=>{t>0&&(e._paths=null,l&&(1==M?(e.min=null,e.max=null):e.facets.forEach((l=>{l.min=null,l.max=null}))))}))}let Wn,Yn,Cn,Hn,Fn,Rn,Gn,In,Ln,On,Nn,jn,Un=!1,Vn=!1,Bn=[];function $n(){Vn=!1;for(let l=0;Bn.length>l;l++)Ci(...Bn[l]);Bn.length=0}function Jn(){Un||(Jl(qn),Un=!0)}function qn(){if(ht&&(function(){for(let l in vl){let e=vl[l];null==Kl[l]&&(null==e.min||null!=Kl[El]&&e.auto(k,mn))&&(Kl[l]=vn)}for(let l in vl){let e=vl[l];null==Kl[l]&&null!=e.from&&null!=Kl[e.from]&&(Kl[l]=vn)}null!=Kl[El]&&An(!0);let l={};for(let e in Kl){let t=Kl[e];if(null!=t){let n=l[e]=Vl(vl[e],Nl);if(null!=t.min)Bl(n,t);else if(e!=El||2==M)if(0==Gt&&null==n.from){let l=n.range(k,null,null,e);n.min=l[0],n.max=l[1]}else n.min=gl,n.max=-gl}}if(Gt>0){pl.forEach(((e,t)=>{if(1==M){let n=e.scale,i=Kl[n];if(null==i)return;let o=l[n];if(0==t){let l=o.range(k,o.min,o.max,n);o.min=l[0],o.max=l[1],Lt=L(o.min,g[0]),en=L(o.max,g[0]),en-Lt>1&&(o.min>g[0][Lt]&&Lt++,g[0][en]>o.max&&en--),e.min=pn[Lt],e.max=pn[en]}else e.show&&e.auto&&bn(o,i,e,g[t],e.sorted);e.idxs[0]=Lt,e.idxs[1]=en}else if(t>0&&e.show&&e.auto){let[n,i]=e.facets,o=n.scale,s=i.scale,[r,u]=g[t],a=l[o],f=l[s];null!=a&&bn(a,Kl[o],n,r,n.sorted),null!=f&&bn(f,Kl[s],i,u,i.sorted),e.min=i.min,e.max=i.max}}));for(let e in l){let t=l[e],n=Kl[e];if(null==t.from&&(null==n||null==n.min)){let l=t.range(k,t.min==gl?null:t.min,t.max==-gl?null:t.max,e);t.min=l[0],t.max=l[1]}}}for(let e in l){let t=l[e];if(null!=t.from){let n=l[t.from];if(null==n.min)t.min=t.max=null;else{let l=t.range(k,n.min,n.max,e);t.min=l[0],t.max=l[1]}}}let e={},t=!1;for(let n in l){let i=l[n],o=vl[n];if(o.min!=i.min||o.max!=i.max){o.min=i.min,o.max=i.max;let l=o.distr;o._min=3==l?dl(o.min):4==l?ml(o.min,o.asinh):100==l?o.fwd(o.min):o.min,o._max=3==l?dl(o.max):4==l?ml(o.max,o.asinh):100==l?o.fwd(o.max):o.max,e[n]=t=!0}}if(t){pl.forEach(((l,t)=>{2==M?t>0&&e.y&&(l._paths=null):e[l.scale]&&(l._paths=null)}));for(let l in e)mt=!0,Ci("setScale",l);re&&oe.left>=0&&(xt=_t=!0)}for(let l in Kl)Kl[l]=null}(),ht=!1),mt&&(function(){let l=!1,e=0;for(;!l;){e++;let t=Dn(e),n=Pn(e);l=e==yt||t&&n,l||(kt(k.width,k.height),pt=!0)}}(),mt=!1),pt){if(E(ll,s,Oe),E(ll,i,Ne),E(ll,t,Ie),E(ll,n,Le),E(el,s,Oe),E(el,i,Ne),E(el,t,Ie),E(el,n,Le),E(X,t,Fe),E(X,n,Ge),O.width=rl(Fe*y),O.height=rl(Ge*y),xl.forEach((({_el:e,_show:t,_size:n,_pos:i,side:o})=>{if(null!=e)if(t){let t=o%2==1;E(e,t?"left":"top",i-(3===o||0===o?n:0)),E(e,t?"width":"height",n),E(e,t?"top":"left",t?Ne:Oe),E(e,t?"height":"width",t?Le:Ie),T(e,l)}else S(e,l)})),nn=on=sn=un=an=fn=cn=hn=rn=null,dn=1,_i(!0),Oe!=je||Ne!=Ke||Ie!=Xe||Le!=Ze){An(!1);let l=Ie/Xe,e=Le/Ze;if(re&&!xt&&oe.left>=0){oe.left*=l,oe.top*=e,Cn&&A(Cn,rl(oe.left),0,Ie,Le),Hn&&A(Hn,0,rl(oe.top),Ie,Le);for(let t=0;Dt.length>t;t++){let n=Dt[t];null!=n&&(Pt[t]*=l,At[t]*=e,A(n,ul(Pt[t]),ul(At[t]),Ie,Le))}}if(ei.show&&!wt&&ei.left>=0&&ei.width>0){ei.left*=l,ei.width*=l,ei.top*=e,ei.height*=e;for(let l in ki)E(ti,l,ei[l])}je=Oe,Ke=Ne,Xe=Ie,Ze=Le}Ci("setSize"),pt=!1}Fe>0&&Ge>0&&(K.clearRect(0,0,O.width,O.height),Ci("drawClear"),Pl.forEach((l=>l())),Ci("draw")),ei.show&&wt&&(ni(ei),wt=!1),re&&xt&&(xi(null,!0,!1),xt=!1),ie.show&&ie.live&&_t&&(mi(),_t=!1),F||(F=!0,k.status=1,Ci("ready")),mn=!1,Un=!1}function Kn(l,e){let t=vl[l];if(null==t.from){if(0==Gt){let n=t.range(k,e.min,e.max,l);e.min=n[0],e.max=n[1]}if(e.min>e.max){let l=e.min;e.min=e.max,e.max=l}if(Gt>1&&null!=e.min&&null!=e.max&&1e-16>e.max-e.min)return;l==El&&2==t.distr&&Gt>0&&(e.min=L(e.min,g[0]),e.max=L(e.max,g[0]),e.min==e.max&&e.max++),Kl[l]=e,ht=!0,Jn()}}k.batch=function(l,e=!1){Un=!0,Vn=e,l(k),qn(),e&&Bn.length>0&&queueMicrotask($n)},k.redraw=(l,e)=>{mt=e||!1,!1!==l?ii(El,jl.min,jl.max):Jn()},k.setScale=Kn;let Xn=!1;const Zn=oe.drag;let Qn=Zn.x,li=Zn.y;re&&(oe.x&&(Wn=D("u-cursor-x",el)),oe.y&&(Yn=D("u-cursor-y",el)),0==jl.ori?(Cn=Wn,Hn=Yn):(Cn=Yn,Hn=Wn),Nn=oe.left,jn=oe.top);const ei=k.select=Bl({show:!0,over:!0,left:0,width:0,top:0,height:0},u.select),ti=ei.show?D("u-select",ei.over?el:ll):null;function ni(l,e){if(ei.show){for(let e in l)ei[e]=l[e],e in ki&&E(ti,e,l[e]);!1!==e&&Ci("setSelect")}}function ii(l,e,t){Kn(l,{min:e,max:t})}function oi(e,t,n,i){null!=t.focus&&function(l){if(l!=ui){let e=null==l,t=1!=Tt.alpha;pl.forEach(((n,i)=>{if(1==M||i>0){let o=e||0==i||i==l;n._focus=e?null:o,t&&function(l,e){pl[l].alpha=e,re&&null!=Dt[l]&&(Dt[l].style.opacity=e),se&&me[l]&&(me[l].style.opacity=e)}(i,o?1:Tt.alpha)}})),ui=l,t&&Jn()}}(e),null!=t.show&&pl.forEach(((n,i)=>{0>=i||e!=i&&null!=e||(n.show=t.show,function(e){if(pl[e].show)se&&T(me[e],l);else if(se&&S(me[e],l),re){let l=zt?Dt[0]:Dt[e];null!=l&&A(l,-10,-10,Ie,Le)}}(i),2==M?(ii(n.facets[0].scale,null,null),ii(n.facets[1].scale,null,null)):ii(n.scale,null,null),Jn())})),!1!==n&&Ci("setSeries",e,t),i&&Ii("setSeries",k,e,t)}let si,ri,ui;k.setSelect=ni,k.setSeries=oi,k.addBand=function(l,e){l.fill=bl(l.fill||null),l.dir=Q(l.dir,-1),Tl.splice(e=null==e?Tl.length:e,0,l)},k.setBand=function(l,e){Bl(Tl[l],e)},k.delBand=function(l){null==l?Tl.length=0:Tl.splice(l,1)};const ai={focus:!0};function fi(l,e,t){let n=vl[e];t&&(l=l/y-(1==n.ori?Ne:Oe));let i=Ie;1==n.ori&&(i=Le,l=i-l),-1==n.dir&&(l=i-l);let o=n._min,s=o+l/i*(n._max-o),r=n.distr;return 3==r?cl(10,s):4==r?((l,e=1)=>nl.sinh(l)*e)(s,n.asinh):100==r?n.bwd(s):s}function ci(l,e){E(ti,s,ei.left=l),E(ti,t,ei.width=e)}function hi(l,e){E(ti,i,ei.top=l),E(ti,n,ei.height=e)}se&&Et&&Ce(p,ce,(l=>{oe._lock||(Mt(l),null!=ui&&oi(null,ai,!0,Fi.setSeries))})),k.valToIdx=l=>L(l,g[0]),k.posToIdx=function(l,e){return L(fi(l,El,e),g[0],Lt,en)},k.posToVal=fi,k.valToPos=(l,e,t)=>0==vl[e].ori?P(l,vl[e],t?ot:Ie,t?Qe:0):W(l,vl[e],t?st:Le,t?lt:0),k.setCursor=(l,e,t)=>{Nn=l.left,jn=l.top,xi(null,e,t)};let di=0==jl.ori?ci:hi,pi=1==jl.ori?ci:hi;function mi(l,e){if(null!=l&&(l.idxs?l.idxs.forEach(((l,e)=>{te[e]=l})):(l=>void 0===l)(l.idx)||te.fill(l.idx),ie.idx=te[0]),se&&ie.live){for(let l=0;pl.length>l;l++)(l>0||1==M&&!xe)&&gi(l,te[l]);!function(){if(se&&ie.live)for(let l=2==M?1:0;pl.length>l;l++){if(0==l&&xe)continue;let e=ie.values[l],t=0;for(let n in e)ge[l][t++].firstChild.nodeValue=e[n]}}()}_t=!1,!1!==e&&Ci("setLegend")}function gi(l,e){let t,n=pl[l],i=0==l&&2==Ul?pn:g[l];xe?t=n.values(k,l,e)??we:(t=n.value(k,null==e?null:i[e],l,e),t=null==t?we:{_:t}),ie.values[l]=t}function xi(l,e,t){let n;Ln=Nn,On=jn,[Nn,jn]=oe.move(k,Nn,jn),oe.left=Nn,oe.top=jn,re&&(Cn&&A(Cn,rl(Nn),0,Ie,Le),Hn&&A(Hn,0,rl(jn),Ie,Le)),si=gl,ri=null;let i=0==jl.ori?Ie:Le,o=1==jl.ori?Ie:Le;if(0>Nn||0==Gt||Lt>en){n=oe.idx=null;for(let l=0;pl.length>l;l++){let e=Dt[l];null!=e&&A(e,-10,-10,Ie,Le)}Et&&oi(null,ai,!0,null==l&&Fi.setSeries),ie.live&&(te.fill(n),_t=!0)}else{let l,e,t;1==M&&(l=0==jl.ori?Nn:jn,e=fi(l,El),n=oe.idx=L(e,g[0],Lt,en),t=$l(g[0][n],jl,i,0));let s=-10,r=-10,u=0,a=0,f=!0,c="",h="";for(let l=2==M?1:0;pl.length>l;l++){let d=pl[l],p=te[l],m=null==p?null:1==M?g[l][p]:g[l][1][p],x=oe.dataIdx(k,l,n,e),w=null==x?null:1==M?g[l][x]:g[l][1][x];if(_t=_t||w!=m||x!=p,te[l]=x,l>0&&d.show){let e=null==x?-10:x==n?t:$l(1==M?g[0][x]:g[l][0][x],jl,i,0),p=null==w?-10:ql(w,1==M?vl[d.scale]:vl[d.facets[1].scale],o,0);if(Et&&null!=w){let e=1==jl.ori?Nn:jn,t=ol(Tt.dist(k,l,x,p,e));if(si>t){let n=Tt.bias;if(0!=n){let i=fi(e,d.scale),o=0>i?-1:1;o!=(0>w?-1:1)||(1==o?1==n?i>w:w>i:1==n?w>i:i>w)||(si=t,ri=l)}else si=t,ri=l}}if(_t||zt){let t,n;0==jl.ori?(t=e,n=p):(t=p,n=e);let i,o,d,m,g,x,w=!0,_=St.bbox;if(null!=_){w=!1;let e=_(k,l);d=e.left,m=e.top,i=e.width,o=e.height}else d=t,m=n,i=o=St.size(k,l);if(x=St.fill(k,l),g=St.stroke(k,l),zt)l!=ri||si>Tt.prox||(s=d,r=m,u=i,a=o,f=w,c=x,h=g);else{let e=Dt[l];null!=e&&(Pt[l]=d,At[l]=m,H(e,i,o,w),Y(e,x,g),A(e,ul(d),ul(m),Ie,Le))}}}}if(zt){let l=Tt.prox;if(_t||(null==ui?l>=si:si>l||ri!=ui)){let l=Dt[0];null!=l&&(Pt[0]=s,At[0]=r,H(l,u,a,f),Y(l,c,h),A(l,ul(s),ul(r),Ie,Le))}}}if(ei.show&&Xn)if(null!=l){let[e,t]=Fi.scales,[n,s]=Fi.match,[r,u]=l.cursor.sync.scales,a=l.cursor.drag;if(Qn=a._x,li=a._y,Qn||li){let a,f,c,h,d,{left:p,top:m,width:g,height:x}=l.select,w=l.scales[r].ori,_=l.posToVal,b=null!=e&&n(e,r),v=null!=t&&s(t,u);b&&Qn?(0==w?(a=p,f=g):(a=m,f=x),c=vl[e],h=$l(_(a,r),c,i,0),d=$l(_(a+f,r),c,i,0),di(al(h,d),ol(d-h))):di(0,i),v&&li?(1==w?(a=p,f=g):(a=m,f=x),c=vl[t],h=ql(_(a,u),c,o,0),d=ql(_(a+f,u),c,o,0),pi(al(h,d),ol(d-h))):pi(0,o)}else yi()}else{let l=ol(Ln-Fn),e=ol(On-Rn);if(1==jl.ori){let t=l;l=e,e=t}Qn=Zn.x&&l>=Zn.dist,li=Zn.y&&e>=Zn.dist;let t,n,s=Zn.uni;null!=s?Qn&&li&&(Qn=l>=s,li=e>=s,Qn||li||(e>l?li=!0:Qn=!0)):Zn.x&&Zn.y&&(Qn||li)&&(Qn=li=!0),Qn&&(0==jl.ori?(t=Gn,n=Nn):(t=In,n=jn),di(al(t,n),ol(n-t)),li||pi(0,o)),li&&(1==jl.ori?(t=Gn,n=Nn):(t=In,n=jn),pi(al(t,n),ol(n-t)),Qn||di(0,i)),Qn||li||(di(0,0),pi(0,0))}if(Zn._x=Qn,Zn._y=li,null==l){if(t){if(null!=Ri){let[l,e]=Fi.scales;Fi.values[0]=null!=l?fi(0==jl.ori?Nn:jn,l):null,Fi.values[1]=null!=e?fi(1==jl.ori?Nn:jn,e):null}Ii(f,k,Nn,jn,Ie,Le,n)}if(Et){let l=t&&Fi.setSeries,e=Tt.prox;null==ui?si>e||oi(ri,ai,!0,l):si>e?oi(null,ai,!0,l):ri!=ui&&oi(ri,ai,!0,l)}}_t&&(ie.idx=n,mi()),!1!==e&&Ci("setCursor")}k.setLegend=mi;let wi=null;function _i(l=!1){l?wi=null:(wi=el.getBoundingClientRect(),Ci("syncRect",wi))}function bi(l,e,t,n,i,o){oe._lock||Xn&&null!=l&&0==l.movementX&&0==l.movementY||(vi(l,e,t,n,i,o,0,!1,null!=l),null!=l?xi(null,!0,!0):xi(e,!0,!1))}function vi(l,e,t,n,i,o,s,r,u){if(null==wi&&_i(!1),Mt(l),null!=l)t=l.clientX-wi.left,n=l.clientY-wi.top;else{if(0>t||0>n)return Nn=-10,void(jn=-10);let[l,s]=Fi.scales,r=e.cursor.sync,[u,a]=r.values,[f,c]=r.scales,[h,d]=Fi.match,p=e.axes[0].side%2==1,m=0==jl.ori?Ie:Le,g=1==jl.ori?Ie:Le,x=p?o:i,w=p?i:o,_=p?n:t,b=p?t:n;if(t=null!=f?h(l,f)?C(u,vl[l],m,0):-10:m*(_/x),n=null!=c?d(s,c)?C(a,vl[s],g,0):-10:g*(b/w),1==jl.ori){let l=t;t=n,n=l}}!u||null!=e&&e.cursor.event.type!=f||(t>1&&Ie-1>t||(t=zl(t,Ie)),n>1&&Le-1>n||(n=zl(n,Le))),r?(Fn=t,Rn=n,[Gn,In]=oe.move(k,t,n)):(Nn=t,jn=n)}Object.defineProperty(k,"rect",{get:()=>(null==wi&&_i(!1),wi)});const ki={width:0,height:0,left:0,top:0};function yi(){ni(ki,!1)}let Mi,Si,Ti,Ei;function zi(l,e,t,n,i,o){Xn=!0,Qn=li=Zn._x=Zn._y=!1,vi(l,e,t,n,i,o,0,!0,!1),null!=l&&(Ce(h,b,Di,!1),Ii(c,k,Gn,In,Ie,Le,null));let{left:s,top:r,width:u,height:a}=ei;Mi=s,Si=r,Ti=u,Ei=a}function Di(l,e,t,n,i,o){Xn=Zn._x=Zn._y=!1,vi(l,e,t,n,i,o,0,!1,!0);let{left:s,top:r,width:u,height:a}=ei,f=u>0||a>0,c=Mi!=s||Si!=r||Ti!=u||Ei!=a;if(f&&c&&ni(ei),Zn.setScale&&f&&c){let l=s,e=u,t=r,n=a;if(1==jl.ori&&(l=r,e=a,t=s,n=u),Qn&&ii(El,fi(l,El),fi(l+e,El)),li)for(let l in vl){let e=vl[l];l!=El&&null==e.from&&e.min!=gl&&ii(l,fi(t+n,l),fi(t,l))}yi()}else oe.lock&&(oe._lock=!oe._lock,xi(e,!0,null!=l));null!=l&&(He(h,b),Ii(h,k,Nn,jn,Ie,Le,null))}function Pi(l){oe._lock||(Mt(l),xn(),yi(),null!=l&&Ii(m,k,Nn,jn,Ie,Le,null))}function Ai(){xl.forEach(ln),vt(k.width,k.height,!0)}G(x,v,Ai);const Wi={};Wi.mousedown=zi,Wi.mousemove=bi,Wi.mouseup=Di,Wi.dblclick=Pi,Wi.setSeries=(l,e,t,n)=>{-1!=(t=(0,Fi.match[2])(k,e,t))&&oi(t,n,!0,!1)},re&&(Ce(c,el,zi),Ce(f,el,bi),Ce(d,el,(l=>{Mt(l),_i(!1)})),Ce(p,el,(function(l){if(oe._lock)return;Mt(l);let e=Xn;if(Xn){let l,e,t=!0,n=!0,i=10;0==jl.ori?(l=Qn,e=li):(l=li,e=Qn),l&&e&&(t=i>=Nn||Nn>=Ie-i,n=i>=jn||jn>=Le-i),l&&t&&(Nn=Gn>Nn?0:Ie),e&&n&&(jn=In>jn?0:Le),xi(null,!0,!0),Xn=!1}Nn=-10,jn=-10,te.fill(null),xi(null,!0,!0),e&&(Xn=e)})),Ce(m,el,Pi),It.add(k),k.syncRect=_i);const Yi=k.hooks=u.hooks||{};function Ci(l,e,t){Vn?Bn.push([l,e,t]):l in Yi&&Yi[l].forEach((l=>{l.call(null,k,e,t)}))}(u.plugins||[]).forEach((l=>{for(let e in l.hooks)Yi[e]=(Yi[e]||[]).concat(l.hooks[e])}));const Hi=(l,e,t)=>t,Fi=Bl({key:null,setSeries:!1,filters:{pub:Ml,sub:Ml},scales:[El,pl[1]?pl[1].scale:null],match:[Sl,Sl,Hi],values:[null,null]},oe.sync);2==Fi.match.length&&Fi.match.push(Hi),oe.sync=Fi;const Ri=Fi.key,Gi=dt(Ri);function Ii(l,e,t,n,i,o,s){Fi.filters.pub(l,e,t,n,i,o,s)&&Gi.pub(l,e,t,n,i,o,s)}function Li(){Ci("init",u,g),gn(g||u.data,!1),Kl[El]?Kn(El,Kl[El]):xn(),wt=ei.show&&(ei.width>0||ei.height>0),xt=_t=!0,vt(u.width,u.height)}return Gi.sub(k),k.pub=function(l,e,t,n,i,o,s){Fi.filters.sub(l,e,t,n,i,o,s)&&Wi[l](null,e,t,n,i,o,s)},k.destroy=function(){Gi.unsub(k),It.delete(k),Pe.clear(),I(x,v,Ai),R.remove(),ce?.remove(),Ci("destroy")},pl.forEach(Yt),xl.forEach((function(l,e){if(l._show=l.show,l.show){let t=vl[l.scale];null==t&&(l.scale=l.side%2?pl[1].scale:El,t=vl[l.scale]);let n=t.time;l.size=bl(l.size),l.space=bl(l.space),l.rotate=bl(l.rotate),Gl(l.incrs)&&l.incrs.forEach((l=>{!Wl.has(l)&&Wl.set(l,Yl(l))})),l.incrs=bl(l.incrs||(2==t.distr?ae:n?1==hl?ke:Se:fe)),l.splits=bl(l.splits||(n&&1==t.distr?Ql:3==t.distr?Je:4==t.distr?qe:$e)),l.stroke=bl(l.stroke),l.grid.stroke=bl(l.grid.stroke),l.ticks.stroke=bl(l.ticks.stroke),l.border.stroke=bl(l.border.stroke);let i=l.values;l.values=Gl(i)&&!Gl(i[0])?bl(i):n?Gl(i)?De(Xl,ze(i,Zl)):Ll(i)?function(l,e){let t=ne(e);return(e,n)=>n.map((e=>t(l(e))))}(Xl,i):i||le:i||Be,l.filter=bl(l.filter||(3>t.distr||10!=t.log?3==t.distr&&2==t.log?tt:kl:et)),l.font=Qt(l.font),l.labelFont=Qt(l.labelFont),l._size=l.size(k,null,e,0),l._space=l._rotate=l._incrs=l._found=l._splits=l._values=null,l._size>0&&(Ct[e]=!0,l._el=D("u-axis",X))}})),_?_ instanceof HTMLElement?(_.appendChild(R),Li()):_(k,Li):Li(),k}en.assign=Bl,en.fmtNum=tl,en.rangeNum=Z,en.rangeLog=B,en.rangeAsinh=$,en.orient=pt,en.pxRatio=y,en.join=function(l,e){if(function(l){let e=l[0][0],t=e.length;for(let n=1;l.length>n;n++){let i=l[n][0];if(i.length!=t)return!1;if(i!=e)for(let l=0;t>l;l++)if(i[l]!=e[l])return!1}return!0}(l)){let e=l[0].slice();for(let t=1;l.length>t;t++)e.push(...l[t].slice(1));return function(l,e=100){const t=l.length;if(1>=t)return!0;let n=0,i=t-1;for(;i>=n&&null==l[n];)n++;for(;i>=n&&null==l[i];)i--;if(n>=i)return!0;const o=fl(1,sl((i-n+1)/e));for(let e=l[n],t=n+o;i>=t;t+=o){const n=l[t];if(null!=n){if(e>=n)return!1;e=n}}return!0}(e[0])||(e=function(l){let e=l[0],t=e.length,n=Array(t);for(let l=0;n.length>l;l++)n[l]=l;n.sort(((l,t)=>e[l]-e[t]));let i=[];for(let e=0;l.length>e;e++){let o=l[e],s=Array(t);for(let l=0;t>l;l++)s[l]=o[n[l]];i.push(s)}return i}(e)),e}let t=new Set;for(let e=0;l.length>e;e++){let n=l[e][0],i=n.length;for(let l=0;i>l;l++)t.add(n[l])}let n=[Array.from(t).sort(((l,e)=>l-e))],i=n[0].length,o=new Map;for(let l=0;i>l;l++)o.set(n[0][l],l);for(let t=0;l.length>t;t++){let s=l[t],r=s[0];for(let l=1;s.length>l;l++){let u=s[l],a=Array(i).fill(void 0),f=e?e[t][l]:1,c=[];for(let l=0;u.length>l;l++){let e=u[l],t=o.get(r[l]);null===e?0!=f&&(a[t]=e,2==f&&c.push(t)):a[t]=e}$l(a,c,i),n.push(a)}}return n},en.fmtDate=ne,en.tzDate=function(l,e){let t;return"UTC"==e||"Etc/UTC"==e?t=new Date(+l+6e4*l.getTimezoneOffset()):e==ie?t=l:(t=new Date(l.toLocaleString("en-US",{timeZone:e})),t.setMilliseconds(l.getMilliseconds())),t},en.sync=dt;{en.addGap=function(l,e,t){let n=l[l.length-1];n&&n[0]==e?n[1]=t:l.push([e,t])},en.clipGaps=wt;let l=en.paths={points:Wt};l.linear=Ft,l.stepped=function(l){const e=Q(l.align,1),t=Q(l.ascDesc,!1),n=Q(l.alignGaps,0),i=Q(l.extend,!1);return(l,o,s,r)=>pt(l,o,((u,a,f,c,h,d,p,m,g,x,w)=>{[s,r]=U(f,s,r);let _=u.pxRound,{left:b,width:v}=l.bbox,k=l=>_(d(l,c,x,m)),M=l=>_(p(l,h,w,g)),S=0==c.ori?Mt:St;const T={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:1},E=T.stroke,z=c.dir*(0==c.ori?1:-1);let D=M(f[1==z?s:r]),P=k(a[1==z?s:r]),A=P,W=P;i&&-1==e&&(W=b,S(E,W,D)),S(E,P,D);for(let l=1==z?s:r;l>=s&&r>=l;l+=z){let t=f[l];if(null==t)continue;let n=k(a[l]),i=M(t);1==e?S(E,n,D):S(E,A,i),S(E,n,i),D=i,A=n}let Y=A;i&&1==e&&(Y=b+v,S(E,Y,D));let[C,H]=mt(l,o);if(null!=u.fill||0!=C){let e=T.fill=new Path2D(E),t=M(u.fillTo(l,o,u.min,u.max,C));S(e,Y,t),S(e,W,t)}if(!u.spanGaps){let i=[];i.push(..._t(a,f,s,r,z,k,n));let h=u.width*y/2,d=t||1==e?h:-h,p=t||-1==e?-h:h;i.forEach((l=>{l[0]+=d,l[1]+=p})),T.gaps=i=u.gaps(l,o,s,r,i),T.clip=wt(i,c.ori,m,g,x,w)}return 0!=H&&(T.band=2==H?[xt(l,o,s,r,E,-1),xt(l,o,s,r,E,1)]:xt(l,o,s,r,E,H)),T}))},l.bars=function(l){const e=Q((l=l||Hl).size,[.6,gl,1]),t=l.align||0,n=l.gap||0;let i=l.radius;i=null==i?[0,0]:"number"==typeof i?[i,0]:i;const o=bl(i),s=1-e[0],r=Q(e[1],gl),u=Q(e[2],1),a=Q(l.disp,Hl),f=Q(l.each,(()=>{})),{fill:c,stroke:h}=a;return(l,e,i,d)=>pt(l,e,((p,m,g,x,w,_,b,v,k,M,S)=>{let T,E,z=p.pxRound,D=t,P=n*y,A=r*y,W=u*y;0==x.ori?[T,E]=o(l,e):[E,T]=o(l,e);const Y=x.dir*(0==x.ori?1:-1);let C,H,F,R=0==x.ori?Tt:Et,G=0==x.ori?f:(l,e,t,n,i,o,s)=>{f(l,e,t,i,n,s,o)},I=Q(l.bands,Fl).find((l=>l.series[0]==e)),L=p.fillTo(l,e,p.min,p.max,null!=I?I.dir:0),O=z(b(L,w,S,k)),N=M,j=z(p.width*y),U=!1,V=null,B=null,$=null,J=null;null==c||0!=j&&null==h||(U=!0,V=c.values(l,e,i,d),B=new Map,new Set(V).forEach((l=>{null!=l&&B.set(l,new Path2D)})),j>0&&($=h.values(l,e,i,d),J=new Map,new Set($).forEach((l=>{null!=l&&J.set(l,new Path2D)}))));let{x0:q,size:K}=a;if(null!=q&&null!=K){D=1,m=q.values(l,e,i,d),2==q.unit&&(m=m.map((e=>l.posToVal(v+e*M,x.key,!0))));let t=K.values(l,e,i,d);H=2==K.unit?t[0]*M:_(t[0],x,M,v)-_(0,x,M,v),N=Rt(m,g,_,x,M,v,N),F=N-H+P}else N=Rt(m,g,_,x,M,v,N),F=N*s+P,H=N-F;1>F&&(F=0),H/2>j||(j=0),5>F&&(z=vl);let X=F>0;H=z(wl(N-F-(X?j:0),W,A)),C=(0==D?H/2:D==Y?0:H)-D*Y*((0==D?P/2:0)+(X?j/2:0));const Z={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},ll=U?null:new Path2D;let el=null;if(null!=I)el=l.data[I.series[1]];else{let{y0:t,y1:n}=a;null!=t&&null!=n&&(g=n.values(l,e,i,d),el=t.values(l,e,i,d))}let tl=T*H,nl=E*H;for(let t=1==Y?i:d;t>=i&&d>=t;t+=Y){let n=g[t];if(null==n)continue;if(null!=el){let l=el[t]??0;if(n-l==0)continue;O=b(l,w,S,k)}let i=_(2!=x.distr||null!=a?m[t]:t,x,M,v),o=b(Q(n,L),w,S,k),s=z(i-C),r=z(fl(o,O)),u=z(al(o,O)),f=r-u;if(null!=n){let i=0>n?nl:tl,o=0>n?tl:nl;U?(j>0&&null!=$[t]&&R(J.get($[t]),s,u+sl(j/2),H,fl(0,f-j),i,o),null!=V[t]&&R(B.get(V[t]),s,u+sl(j/2),H,fl(0,f-j),i,o)):R(ll,s,u+sl(j/2),H,fl(0,f-j),i,o),G(l,e,t,s-j/2,u,H+j,f)}}return j>0?Z.stroke=U?J:ll:U||(Z._fill=0==p.width?p._fill:p._stroke??p._fill,Z.width=0),Z.fill=U?B:ll,Z}))},l.spline=function(l){return function(l,e){const t=Q(e?.alignGaps,0);return(e,n,i,o)=>pt(e,n,((s,r,u,a,f,c,h,d,p,m,g)=>{[i,o]=U(u,i,o);let x,w,_,b=s.pxRound,v=l=>b(c(l,a,m,d)),k=l=>b(h(l,f,g,p));0==a.ori?(x=kt,_=Mt,w=Pt):(x=yt,_=St,w=At);const y=a.dir*(0==a.ori?1:-1);let M=v(r[1==y?i:o]),S=M,T=[],E=[];for(let l=1==y?i:o;l>=i&&o>=l;l+=y)if(null!=u[l]){let e=v(r[l]);T.push(S=e),E.push(k(u[l]))}const z={stroke:l(T,E,x,_,w,b),fill:null,clip:null,band:null,gaps:null,flags:1},D=z.stroke;let[P,A]=mt(e,n);if(null!=s.fill||0!=P){let l=z.fill=new Path2D(D),t=k(s.fillTo(e,n,s.min,s.max,P));_(l,S,t),_(l,M,t)}if(!s.spanGaps){let l=[];l.push(..._t(r,u,i,o,y,v,t)),z.gaps=l=s.gaps(e,n,i,o,l),z.clip=wt(l,a.ori,d,p,m,g)}return 0!=A&&(z.band=2==A?[xt(e,n,i,o,D,-1),xt(e,n,i,o,D,1)]:xt(e,n,i,o,D,A)),z}))}(Gt,l)}}return en}();\n';

;// CONCATENATED MODULE: ./lib/history/page.js

/**
 * The page's series: entries grouped by (name, platform), in name order; within a series, in the
 * entries' order (the file's: commit order), never re-sorted by time.
 */
function pageSeries(entries) {
    const groups = new Map();
    for (const e of entries) {
        const key = `${e.name}\0${e.platform}`;
        let group = groups.get(key);
        if (!group) {
            group = { name: e.name, platform: e.platform, points: [] };
            groups.set(key, group);
        }
        group.points.push({
            commit: e.commit,
            time: e.time,
            ...(e.ref !== undefined ? { ref: e.ref } : {}),
            size: e.size,
            ...(e.compressedSize !== undefined ? { compressedSize: e.compressedSize } : {})
        });
    }
    return [...groups.values()].sort((a, b) => a.name === b.name ? a.platform.localeCompare(b.platform) : a.name.localeCompare(b.name));
}
/** JSON safe inside an HTML `<script>` element: `<`, `>`, `&`, U+2028/9 escaped. */
function scriptJson(value) {
    return JSON.stringify(value)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
}
/**
 * The whole `index.html`.
 *
 * @throws Error when `repoUrl` is not an http(s) URL.
 */
function renderHistoryPage(entries, opts = {}) {
    if (opts.repoUrl !== undefined && !/^https?:\/\/[^\s"'<>]+$/.test(opts.repoUrl)) {
        throw new Error(`History page: "${opts.repoUrl}" is not an http(s) URL of a repository.`);
    }
    const data = {
        title: opts.title ?? 'Image size history',
        repoUrl: opts.repoUrl?.replace(/\/+$/, '') ?? null,
        generatedAt: opts.generatedAt ?? new Date().toISOString(),
        series: pageSeries(entries)
    };
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
`;
}
/**
 * The page's own script: reads the embedded JSON, and per series draws a uPlot chart (x: the
 * point's place in commit order, labelled with short SHAs; y: MB = 10^6 bytes; a point per
 * commit; a click opens the commit under the cursor) and a table
 * of the points. Each chart element gets `data-points` = the number of points drawn, which the
 * tests read back from the DOM.
 */
const PAGE_SCRIPT = String.raw `
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
`;

// EXTERNAL MODULE: ./lib/history/trend.js
var trend = __webpack_require__(9319);
;// CONCATENATED MODULE: ./lib/history/action.js
/**
 * The size history in the action: which runs record, the `baseline: history` look-up, and the
 * trend section of the comment and summary — the glue between the event, the inputs and the
 * branch store (`github-store.ts`). Failures to read or write the history warn; they never fail
 * the step (the budgets decide it).
 */








/**
 * Whether this run records: `history-record: true`/`false` as set; `auto` records on a push to
 * the repository's default branch (`payload.repository.default_branch`) and on any run for a tag
 * (`GITHUB_REF` = `refs/tags/*`: a pushed tag, a published release).
 */
function shouldRecord(record, eventName, ref, payload) {
    if (record !== 'auto')
        return record === 'true';
    if (ref === undefined)
        return false;
    if (ref.startsWith('refs/tags/'))
        return true;
    const defaultBranch = payload
        ?.repository?.default_branch;
    return (eventName === 'push' &&
        typeof defaultBranch === 'string' &&
        ref === `refs/heads/${defaultBranch}`);
}
/**
 * The image's history key before the report exists, as `commentKeyOf` gives it after: the
 * `comment-key` input, else `<file>:<target>` for a built image (its stage), else the measured
 * image's repository.
 */
function historyNameOf(inputs, final) {
    if (inputs.commentKey)
        return inputs.commentKey;
    if (!inputs.image && final.stage !== undefined)
        return `${inputs.file}:${final.stage}`;
    return (0,pull_request/* imageRepository */.an)(inputs.image ?? final.ref);
}
/**
 * Checks the history inputs against the run, before anything is built: `history-branch` must
 * not be the repository's default branch (`payload.repository.default_branch`) nor the branch
 * this run is for (`GITHUB_REF`): the history's files would be committed among the code; and
 * `drift-since` must be a form the GitHub API resolves ({@link parseDriftSinceForApi}).
 *
 * @throws Error naming the input.
 */
function checkActionHistoryInputs(inputs, payload, ref) {
    const branch = inputs.history.branch;
    const defaultBranch = payload
        ?.repository?.default_branch;
    if (typeof defaultBranch === 'string' && branch === defaultBranch) {
        throw new Error(`Input ${constants/* Input */.pd.historyBranch}: "${branch}" is the repository's default branch; the history needs a branch of its own (default image-size-history), or its files would be committed among the code.`);
    }
    if (ref === `refs/heads/${branch}`) {
        throw new Error(`Input ${constants/* Input */.pd.historyBranch}: "${branch}" is the branch this run builds; the history needs a branch of its own (default image-size-history).`);
    }
    if (inputs.history.driftSince !== undefined)
        (0,trend/* parseDriftSinceForApi */.QG)(inputs.history.driftSince);
}
/**
 * Builds the history of one action run.
 *
 * @throws Error naming the input when {@link checkActionHistoryInputs} refuses them (before any
 *   build: main.ts builds the history before the pipeline).
 */
function actionHistory(ctx) {
    const { inputs, log } = ctx;
    const settings = inputs.history;
    checkActionHistoryInputs(inputs, ctx.payload, ctx.ref);
    let client = ctx.client;
    let warnedNoToken = false;
    const store = () => {
        if (!client) {
            if (!ctx.owner || !ctx.repo) {
                if (!warnedNoToken)
                    log.warning('History: GITHUB_REPOSITORY is not set; no history.');
                warnedNoToken = true;
                return undefined;
            }
            if (!ctx.token) {
                if (!warnedNoToken) {
                    log.warning(`History: no token (input ${constants/* Input */.pd.githubToken} or GITHUB_TOKEN), so the size history in the branch ${settings.branch} is not read or written.`);
                    warnedNoToken = true;
                }
                return undefined;
            }
            client = createClient(ctx.token, { log });
        }
        return {
            client,
            owner: ctx.owner,
            repo: ctx.repo,
            branch: settings.branch,
            log,
            ...(ctx.backoffMs !== undefined ? { backoffMs: ctx.backoffMs } : {})
        };
    };
    const graph = () => {
        const s = store();
        return s && githubCommitGraph(s.client, ctx.owner, ctx.repo);
    };
    const cache = new Map();
    const entriesOf = (name) => {
        let pending = cache.get(name);
        if (!pending) {
            const s = store();
            pending = s ? readBranchHistory(s, name) : Promise.resolve([]);
            cache.set(name, pending);
        }
        return pending;
    };
    const pr = pullRequestCommits(ctx.eventName, ctx.payload);
    return {
        async baseline(final) {
            const name = historyNameOf(inputs, final);
            const fallback = (why) => {
                if (settings.fallback === 'base-ref') {
                    log.warning(`baseline: history: ${why}; falling back to base-ref (building the base commit).`);
                    return 'base-ref';
                }
                log.warning(`baseline: history: ${why}, so this run has no baseline${inputs.budgets.maxIncrease ? ' and max-increase is not checked' : ''}. Set ${constants/* Input */.pd.historyFallback}: base-ref to build the base commit instead.`);
                return undefined;
            };
            if (!pr) {
                // A push or tag run is the one that records: it has no merge base and needs no baseline.
                log.info(`baseline: history: the "${ctx.eventName ?? 'unknown'}" event is not a pull request, so this run has no baseline.`);
                return undefined;
            }
            try {
                const g = graph();
                if (!g)
                    return fallback('the history cannot be read without a token');
                const entries = (await entriesOf(name)).filter(e => e.platform === final.platform);
                if (entries.length === 0) {
                    return fallback(`the branch ${settings.branch} has no entry for ${name} (${final.platform}) yet; the first push to the default branch records one`);
                }
                const mergeBase = await g.mergeBase(pr.base, pr.head);
                const found = await findHistoryBaseline(entries, {
                    platform: final.platform,
                    mergeBase,
                    graph: g,
                    branchLabel: settings.branch
                });
                if (!found) {
                    return fallback(`no entry of ${name} (${final.platform}) is at or before the merge base ${mergeBase.slice(0, 7)}`);
                }
                log.info(`baseline: history: ${found.note}; nothing is built for the baseline.`);
                if (found.behindBy > 0)
                    log.warning(`baseline: history: compared with the ${found.note}.`);
                return withFinalDiffIds(found.measurement, final);
            }
            catch (error) {
                return fallback(`the history could not be read (${error.message})`);
            }
        },
        async record(report, name) {
            if (!shouldRecord(settings.record, ctx.eventName, ctx.ref, ctx.payload)) {
                log.debug(`History: not recorded (history-record: ${settings.record}, ref ${ctx.ref}).`);
                return;
            }
            const s = store();
            if (!s)
                return;
            try {
                const entry = entryFromReport(report, { commit: ctx.sha, ref: ctx.ref, name });
                const done = await appendToBranchHistory(s, entry, settings.limit);
                log.info(`History: recorded ${name} (${entry.platform}) at ${ctx.sha.slice(0, 7)} in the branch ${settings.branch}${done.conflicts > 0 ? ` after ${done.conflicts} concurrent ${done.conflicts === 1 ? 'update' : 'updates'}` : ''}.`);
                if (settings.page)
                    await writePage(s, ctx.repoUrl);
            }
            catch (error) {
                log.warning(`History: this run's entry was not recorded: ${error.message}`);
            }
        },
        async trend(report, name) {
            const wanted = settings.trend === 'true' ||
                (settings.trend === 'auto' &&
                    (inputs.baseline?.kind === 'history' || settings.driftSince !== undefined));
            if (!wanted)
                return '';
            try {
                if (!store())
                    return '';
                // This run's own entry (recorded just before, on a push) is drawn as the current point.
                const entries = (await entriesOf(name)).filter(e => e.platform === report.final.platform && e.commit !== ctx.sha.toLowerCase());
                if (entries.length === 0)
                    return '';
                const number = ctx.payload
                    ?.pull_request?.number;
                const { drift, driftNote } = await driftPoint(entries);
                return (0,trend/* renderTrendSection */.rQ)({
                    name,
                    platform: report.final.platform,
                    entries,
                    current: {
                        label: typeof number === 'number' ? `PR ${number}` : ctx.sha.slice(0, 7) || 'this run',
                        size: report.final.size,
                        compressedSize: report.final.compressed?.size
                    },
                    source: `branch ${settings.branch}`,
                    drift,
                    driftNote,
                    maxSize: inputs.budgets.maxSize
                });
            }
            catch (error) {
                log.warning(`History: the trend is not shown: ${error.message}`);
                return '';
            }
        }
    };
    /**
     * The `drift-since` point among `entries`. What cannot be found (a tag that does not exist, no
     * entry that old, an API error) warns and comes back as a note: the rest of the trend stays.
     */
    async function driftPoint(entries) {
        const since = settings.driftSince;
        if (since === undefined)
            return {};
        const note = (text, warn = true) => {
            if (warn)
                log.warning(`History: ${text}`);
            else
                log.info(`History: ${text}`);
            return { driftNote: text };
        };
        try {
            const parsed = (0,trend/* parseDriftSinceForApi */.QG)(since);
            if (parsed.kind === 'date') {
                const entry = (0,trend/* entryAtDate */.IM)(entries, parsed.time);
                return entry ? { drift: { label: since, entry } } : {};
            }
            const s = store();
            const g = graph();
            if (!s || !g)
                return {};
            let commit;
            try {
                commit = (await s.client.rest.repos.getCommit({
                    owner: ctx.owner,
                    repo: ctx.repo,
                    ref: parsed.rev
                })).data.sha;
            }
            catch (error) {
                const status = error.status;
                if (status !== 404 && status !== 422)
                    throw error;
                return note(`${constants/* Input */.pd.driftSince}: ${since} names no tag, branch or commit of the repository; the trend is shown without the change since it.`);
            }
            const found = await findHistoryBaseline(entries, {
                platform: entries[0]?.platform ?? '',
                mergeBase: commit,
                graph: g
            });
            return found
                ? { drift: { label: since, entry: found.entry } }
                : // The history may just start after it: a fact for the comment, not a problem.
                    note(`${constants/* Input */.pd.driftSince}: no history entry is at or before ${since}.`, false);
        }
        catch (error) {
            return note(`${constants/* Input */.pd.driftSince}: the change since ${since} is not shown (${error.message}).`);
        }
    }
}
/** Rewrites `index.html` on the branch from every image's history. */
async function writePage(store, repoUrl) {
    let count = 0;
    // Rendered again after a conflict: another run's page may hold an entry this one lacks.
    await updateBranchFile(store, 'index.html', async () => {
        const entries = await readAllBranchHistories(store);
        count = entries.length;
        return renderHistoryPage(entries, { repoUrl });
    }, 'Size history page');
    store.log.info(`History: wrote index.html (${count} entries) in the branch ${store.branch}.`);
}

// EXTERNAL MODULE: ./lib/inputs.js
var lib_inputs = __webpack_require__(646);
;// CONCATENATED MODULE: ./lib/actions-log.js
/**
 * The GitHub Actions log (`core.info`, `core.warning`, `core.group`), apart from src/log.ts so
 * the CLI does not load `@actions/core` (and the HTTP client it brings) to write to stderr.
 */

/** The GitHub Actions log: `core.info`, `core.warning`, `core.group`. */
const actionsLog = {
    info: message => core/* info */.pq(message),
    warning: message => core/* warning */.$e(message),
    debug: message => core/* debug */.Yz(message),
    group: (name, fn) => core/* group */.Os(name, fn)
};

// EXTERNAL MODULE: ./lib/engine/build.js
var engine_build = __webpack_require__(3262);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./lib/temp-dir.js
var temp_dir = __webpack_require__(4127);
// EXTERNAL MODULE: ./lib/engine/build-failure.js
var build_failure = __webpack_require__(9210);
// EXTERNAL MODULE: ./lib/engine/docker-cli.js
var docker_cli = __webpack_require__(2599);
// EXTERNAL MODULE: ./lib/engine/engine-api.js
var engine_api = __webpack_require__(9515);
// EXTERNAL MODULE: ./lib/engine/inspect.js
var engine_inspect = __webpack_require__(8634);
;// CONCATENATED MODULE: ./lib/build-stage.js
/**
 * Building one Dockerfile stage for measurement: its tag, the `--target` it needs (an unnamed
 * stage is named in a temporary copy, or, with the classic builder, taken from an earlier build's
 * log), and the image ID the engine wrote.
 */










/**
 * Builds one stage and returns the tag it was given ({@link buildTag}). With the classic builder,
 * an unnamed stage that an `earlier` build already ran is taken from that build's log (the image
 * the stage ended with) and tagged: no second build at all.
 * `--target` needs a stage name: the last stage is built without it, and an unnamed earlier
 * stage is built from a temporary copy of the Dockerfile whose FROM line gains `AS isb-stage-N`
 * (same line numbers, same build cache).
 *
 * With `inputs.platform` (`os/arch[/variant]`) the stage is built with `--platform` (BuildKit and
 * buildx; the classic builder is refused before anything runs, see `checkPlatformBuild`) and the
 * tag carries the platform, so the platforms of one image never overwrite each other's tags.
 *
 * @param tagName starts the tag's version part (`latest`, `baseline`). A run building several
 *   images from one Dockerfile and stage (e.g. with other build args) must make it differ per
 *   image, e.g. `latest-<image name>`.
 * @param runId this run's id (`src/run-id.ts`): the tag is this run's alone.
 * @param ociDest where the same build also writes an OCI layout tar (buildx with a builder of its
 *   own store only: see `exportsOci`); returned as `ociArchive`.
 * @throws Error naming `platforms` when `inputs.platform` is set and the engine builds with the
 *   classic builder (nothing is built).
 * @throws BuildError when the build fails, with the failing stage as a stage ref of `plan` (an
 *   `isb-stage-N` copy name mapped back; the built stage when the log names none) and, when the
 *   log names it, the failing instruction and its line in `inputs.file`.
 */
async function buildStage(engine, plan, stage, inputs, tagName, log, earlier, runId, ociDest) {
    (0,engine_build/* checkPlatformBuild */.cz)(engine, inputs.platform);
    const tag = buildTag(stage, tagName, inputs.file, runId, inputs.platform);
    const label = `${stage === plan.target ? 'final' : 'builder'} ${(0,engine_build/* describeStageRef */.VH)(stage)}`;
    const spec = plan.stages.find(s => s.ref === stage);
    if (!spec)
        throw new Error(`internal: stage ${stage} is not in the plan`);
    const isLast = spec.index === plan.stages.length - 1;
    const ranBefore = earlier?.stageImages[String(spec.index)];
    if (spec.name === undefined && !isLast && ranBefore !== undefined) {
        log.info(`Stage ${spec.index} is unnamed: taking image ${ranBefore} it ended with in the final build.`);
        return { tag, imageId: await (0,engine_inspect/* tagImage */.E$)(engine, ranBefore, tag), stageImages: {} };
    }
    let file = inputs.file;
    let target = spec.name;
    let scratchDir;
    if (spec.name === undefined && !isLast) {
        scratchDir = await (0,temp_dir/* makeTempDir */.m)('isb-dockerfile-');
        target = `isb-stage-${spec.index}`;
        file = (0,external_node_path_.join)(scratchDir, 'Dockerfile');
        await (0,promises_.writeFile)(file, nameStage(await (0,promises_.readFile)(inputs.file, 'utf8'), spec.from.location.line, target));
    }
    try {
        const { imageId, stageImages } = await (0,engine_build/* buildTarget */.k0)(engine, {
            context: inputs.context,
            file,
            target,
            buildArgs: inputs.buildArgs,
            tag,
            stageLabel: label,
            ...(inputs.platform !== undefined ? { platform: inputs.platform } : {}),
            ...(ociDest !== undefined ? { ociDest } : {})
        }, log);
        return { tag, imageId, stageImages, ...(ociDest !== undefined ? { ociArchive: ociDest } : {}) };
    }
    catch (error) {
        if (!(error instanceof engine_build/* BuildError */.zS))
            throw error;
        throw locateBuildError(error, plan, stage, target);
    }
    finally {
        if (scratchDir)
            await (0,temp_dir/* removeTempDir */.C)(scratchDir);
    }
}
/**
 * `error` with its stage as a ref of `plan` and, when the log names it, the failing instruction.
 * The stage: the instruction's stage, else the stage the log names (`targetName`, the copy's
 * `isb-stage-N`, read as `built`), else `built` itself: a build that names no stage failed in the
 * stage it was asked for or one it depends on, and `built` is the one the user knows.
 */
function locateBuildError(error, plan, built, targetName) {
    const found = (0,build_failure/* locateFailedStep */.O)(error.step, plan, built, targetName);
    const fromLog = error.stage === undefined
        ? undefined
        : targetName !== undefined && error.stage === targetName.toLowerCase()
            ? built
            : error.stage;
    const stage = found.instruction?.stage ?? found.stage ?? fromLog ?? built;
    return error.located({ ...found, stage, built });
}
/**
 * The tag a built stage gets:
 * `image-size-budget/<stage>:<tagName>[-<platform>]-<12 hex>[-<runId>]`, the hex a SHA-256 of the
 * Dockerfile's absolute path (projects on one engine with a stage of the same name keep separate
 * tags), the platform's parts joined by `-` (`linux-arm64-v8`: two platforms of one image keep
 * separate tags) and the run id this run's own (runs that share an engine never re-tag each
 * other's images). At most 128 characters after the colon (the tag grammar's limit).
 *
 * @param platform `os/arch[/variant]`, or undefined for the engine's own platform (no part).
 */
function buildTag(stage, tagName, file, runId, platform) {
    const project = (0,external_node_crypto_.createHash)('sha256').update((0,external_node_path_.resolve)(file)).digest('hex').slice(0, 12);
    const run = runId === undefined ? '' : `-${runId.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
    const plat = platform === undefined ? '' : `-${platform.replace(/[^A-Za-z0-9_.]+/g, '-')}`;
    return `${constants/* TOOL_NAME */.lH}/${tagComponent(stage)}:${`${tagName}${plat}-${project}${run}`.slice(0, 128)}`;
}
/**
 * The classic builder's build cache is its images: removing a run's tag deletes the image of the
 * stage's last step (often the expensive compile), and the next run builds it again. So, on that
 * builder only, each run tag is first copied to the project's stable tag (the run tag without its
 * `-<runId>` part: `image-size-budget/build:latest-<project>`), which keeps the last step cached
 * for the next run. Concurrent runs may move the stable tag; measurements are by image ID, so
 * that is harmless. Best effort, like {@link removeTags}: failures are logged, never thrown.
 *
 * @param runId the run id the tags were made with ({@link buildTag}).
 */
async function keepClassicCache(engine, tags, runId, log) {
    if (engine.kind !== 'classic')
        return;
    const suffix = `-${runId.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
    // One `docker image tag` per tag (it takes one target), side by side.
    await Promise.all([...new Set(tags)]
        .filter(tag => tag.endsWith(suffix))
        .map(async (tag) => {
        const stable = tag.slice(0, -suffix.length);
        const failure = await (0,engine_inspect/* addTag */.Ap)(engine, tag, stable).catch((error) => error.message);
        if (failure !== undefined)
            log.debug(`Could not keep ${tag} cached as ${stable}: ${failure}`);
    }));
}
/** `No such image: TAG` as docker image rm prints it for each missing tag (20.10 and 28). */
const NO_SUCH_IMAGE = /No such image: (\S+?)\s*$/gim;
/**
 * Removes the tags a run gave its builds: `docker image rm --no-prune TAG…`. The engine only
 * untags an image that has other tags (or is a parent of another image), and deletes it when the
 * tag was its last reference; `--no-prune` keeps its untagged parents, which are the classic
 * builder's cache. Never forced, never by image ID. Best effort: a failure is logged as a warning
 * naming the tags, never thrown; a tag that does not exist (never made) is not a failure.
 */
async function removeTags(engine, tags, log) {
    const unique = [...new Set(tags)];
    if (unique.length === 0)
        return;
    const api = engine.api;
    if (api) {
        // One request per tag, at once; a tag never made (404) is no leak.
        const failed = (await Promise.all(unique.map(async (tag) => {
            try {
                const answer = await (0,engine_api/* apiRequest */.AT)(api, 'DELETE', `/images/${(0,engine_api/* refPath */.NA)(tag)}?noprune=1`);
                return answer.status === 200 || answer.status === 404
                    ? undefined
                    : `${tag}: ${(0,engine_api/* apiMessage */.SX)(answer)}`;
            }
            catch (error) {
                return `${tag}: ${error instanceof Error ? error.message : String(error)}`;
            }
        }))).filter((failure) => failure !== undefined);
        if (failed.length > 0) {
            log.warning(`Could not remove the tags this run made: ${failed.join('; ')}`);
        }
        else {
            log.debug(`Removed the tags this run made: ${unique.join(', ')}`);
        }
        return;
    }
    try {
        const run = await (0,docker_cli/* runDocker */.ST)(engine.docker, ['image', 'rm', '--no-prune', '--', ...unique], {
            env: engine.env
        });
        // A tag that was never made (a failed build or bake tags nothing) is no leak: docker names
        // each missing one ("No such image: TAG") and removes the others all the same.
        const missing = new Set([...run.stderr.matchAll(NO_SUCH_IMAGE)].map(match => match[1]));
        const left = (0,docker_cli/* cliMessage */.kP)(run)
            .split('\n')
            .filter(line => line.trim() !== '' && !/No such image:/i.test(line));
        if (run.exitCode !== 0 && left.length > 0) {
            const kept = unique.filter(tag => !missing.has(tag));
            log.warning(`Could not remove the tags this run made (${kept.join(', ')}): ${left.join(' ')}`);
        }
        else {
            log.debug(`Removed the tags this run made: ${unique.join(', ')}`);
        }
    }
    catch (error) {
        log.warning(`Could not remove the tags this run made (${unique.join(', ')}): ${error instanceof Error ? error.message : String(error)}`);
    }
}
/**
 * A stage name as a valid repository path component (distribution's reference grammar:
 * `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`): lower-cased, other characters and runs of separators
 * folded to one `-`, no separator at either end. `build-` → `build`, `Final..Stage` → `final-stage`.
 */
function tagComponent(stage) {
    const folded = stage
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
    return folded === '' ? 'stage' : folded;
}
/**
 * Appends ` AS name` to the FROM instruction on 1-based `line`.
 * @throws Error when that FROM continues on the next line (not supported for unnamed stages).
 */
function nameStage(dockerfile, line, name) {
    const lines = dockerfile.split('\n');
    const from = (lines[line - 1] ?? '').replace(/\r$/, '');
    if (/[\\`]\s*$/.test(from)) {
        throw new Error(`Dockerfile line ${line}: an unnamed stage whose FROM spans several lines cannot be built on its own; name it with AS.`);
    }
    lines[line - 1] = `${from} AS ${name}`;
    return lines.join('\n');
}

// EXTERNAL MODULE: ./lib/image/platform.js
var image_platform = __webpack_require__(8758);
// EXTERNAL MODULE: ./lib/image/source.js
var image_source = __webpack_require__(2240);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(8262);
// EXTERNAL MODULE: ./lib/units.js
var units = __webpack_require__(3052);
// EXTERNAL MODULE: ./node_modules/dockerfile-ast/lib/main.js
var main = __webpack_require__(8390);
;// CONCATENATED MODULE: ./lib/dockerfile/plan.js
/**
 * Dockerfile → stages, the final target and the builder candidates. Parsing is done by
 * `dockerfile-ast`; this module only resolves what the parser leaves to the build: `ARG`
 * substitution in `FROM`, stage references (`FROM <stage>`, `COPY --from`, `RUN --mount=from=`,
 * `ONBUILD` triggers of a parent stage), collector stages, and the `target`.
 *
 * Resolution follows BuildKit's Dockerfile frontend (moby/buildkit
 * `frontend/dockerfile/dockerfile2llb/convert.go`): stage names are lower-cased; `FROM` and
 * `--from` see only stages defined earlier; `--from=<n>` is the n-th stage; a `--from` name that is
 * no stage is an external image; `--from` takes no variables (BuildKit rejects them).
 */

/**
 * Parses a Dockerfile and resolves its stages, its final target and the builder candidates.
 *
 * - `ARG`s before the first `FROM` take their default (itself expanded), overridden by
 *   `buildArgs` when given; they are substituted (`$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR:+x}`) in
 *   `FROM` image names. BuildKit's automatic platform args (`TARGETARCH`, …) take the runner's
 *   platform.
 * - A `FROM` naming an earlier stage (any case) makes a `stage` base; `scratch` a `scratch` base.
 * - `Stage.copiesFrom` / `Instruction.copiesFrom`: the stages named by `COPY --from=<name|index>`
 *   and `RUN --mount=…,from=<name|index>` of a bind mount (the default type; any key order).
 *   External images are left out, and so are cache mounts: `type=cache,from=X` seeds a cache
 *   directory from X and adds none of X's bytes to the image (BuildKit never commits a cache
 *   mount).
 * - `ONBUILD COPY --from=X` (or `ONBUILD RUN --mount=from=X`) in stage P runs in each stage built
 *   `FROM P` (BuildKit and the classic builder run a parent's triggers first, in the child): X is
 *   resolved as the child would resolve it, joins the child's `Stage.copiesFrom` (first, as the
 *   triggers run first) and the `ONBUILD` instruction's `copiesFrom` (the trigger's layer is
 *   attributed to it). A trigger naming no stage the child can see is left out.
 * - Builder candidates: see {@link builderCandidates}.
 *
 * @param text the Dockerfile's content
 * @returns the plan; instruction lines are 1-based (the keyword's line)
 * @throws Error naming `file` when the text holds no `FROM`; naming `target` (with the list of
 *   stage names) when `target` is no stage; naming the file and line when `--from=<n>` is not an
 *   earlier stage.
 */
function planDockerfile(text, opts) {
    const df = main.DockerfileParser.parse(text);
    const escape = df.getEscapeCharacter();
    const lines = text.split(/\r?\n/);
    const metaArgs = resolveMetaArgs(df, escape, opts.buildArgs ?? {});
    const stages = [];
    // ONBUILD instructions and their trigger instructions, resolved when a stage is built FROM them.
    const triggers = new Map();
    for (const ast of df.getInstructions()) {
        const keyword = ast.getKeyword().toUpperCase();
        if (ast instanceof main.From) {
            const stage = newStage(ast, stages, metaArgs, escape, lines, opts.file);
            stages.push(stage);
            if (stage.base.kind === 'stage')
                runTriggers(stage, stages, triggers, opts.file);
            continue;
        }
        const stage = stages.at(-1);
        // Before the first FROM only ARG (and comments) may appear; those ARGs are the meta args.
        if (!stage)
            continue;
        const instruction = toInstruction(ast, keyword, stage.ref, lines, escape, opts.file);
        if (ast instanceof main.Onbuild) {
            const trigger = ast.getTriggerInstruction();
            if (trigger)
                triggers.set(instruction, trigger);
        }
        else {
            const refs = stageRefsOf(ast, stages, stage.index, opts.file);
            if (refs.length > 0) {
                instruction.copiesFrom = refs;
                addRefs(stage.copiesFrom, refs);
            }
        }
        stage.instructions.push(instruction);
    }
    if (stages.length === 0) {
        throw new Error(`file: ${opts.file} has no FROM instruction; a Dockerfile needs at least one stage`);
    }
    const target = resolveTarget(stages, opts.target, opts.file);
    return {
        file: opts.file,
        stages,
        target: target.ref,
        builderCandidates: builderCandidates(stages, target.ref)
    };
}
/**
 * A stage built `FROM` another stage runs that stage's `ONBUILD` triggers first: their stage
 * references, resolved in the child (names and indexes before the child), join the child's
 * `copiesFrom` and the `ONBUILD` instruction's. A reference the child cannot see (a later stage,
 * an index out of range) is left out: an `ONBUILD` is only checked when a build runs it.
 */
function runTriggers(child, stages, triggers, file) {
    const parent = stages.find(s => child.base.kind === 'stage' && s.ref === child.base.stage);
    for (const onbuild of parent?.instructions ?? []) {
        const trigger = triggers.get(onbuild);
        if (!trigger)
            continue;
        let refs;
        try {
            refs = stageRefsOf(trigger, stages, child.index, file);
        }
        catch {
            continue;
        }
        if (refs.length === 0)
            continue;
        onbuild.copiesFrom = addRefs(onbuild.copiesFrom ?? [], refs);
        addRefs(child.copiesFrom, refs);
    }
}
/** Appends the refs `list` lacks, in order; returns `list`. */
function addRefs(list, refs) {
    for (const ref of refs)
        if (!list.includes(ref))
            list.push(ref);
    return list;
}
/**
 * The stages in `target`'s `FROM` chain, root first, `target` last: `FROM a AS b` / `FROM b AS c`
 * gives `[a, b, c]` for target `c`. Stages whose base is an image or scratch end the chain.
 *
 * @throws Error when `target` is not a ref of `plan.stages`
 */
function fromChain(plan, target) {
    const byRef = new Map(plan.stages.map(s => [s.ref, s]));
    const chain = [];
    let stage = byRef.get(target);
    if (!stage)
        throw new Error(`target: "${target}" is not a stage of the plan`);
    while (stage) {
        chain.unshift(stage);
        stage = stage.base.kind === 'stage' ? byRef.get(stage.base.stage) : undefined;
    }
    return chain;
}
/**
 * The stages `target` and the stages of its `FROM` chain copy from or bind-mount, in order of
 * first use (the chain's root stage runs first). `target` itself is never among them.
 */
function copiedStages(stages, target) {
    const out = [];
    for (const stage of fromChain({ stages }, target)) {
        for (const ref of stage.copiesFrom) {
            if (ref !== target && !out.includes(ref))
                out.push(ref);
        }
    }
    return out;
}
/**
 * The stages a collector stage gathers its files from, in order of first use; undefined when
 * `ref` is no collector.
 *
 * A collector (`FROM scratch AS binary` + `COPY --from=build …`, as in distribution/distribution,
 * moby/buildkit and ollama) makes no bytes of its own: its `FROM` chain starts at `scratch`, no
 * stage of the chain has a `RUN` (nor an `ONBUILD RUN`, which a child runs), and the chain copies
 * from at least one stage. Copies from the build context or an external image beside those do not
 * stop a stage being a collector: they are files put in place, not built, and no stage made them
 * (such bytes are credited to no candidate). A scratch stage that copies only from the context or
 * images is no collector; a stage from an image (`FROM alpine AS bundle`) never is one, because it
 * brings the image's bytes.
 *
 * @throws Error when `ref` is not a stage ref of `stages`
 */
function collectorSources(stages, ref) {
    const chain = fromChain({ stages }, ref);
    if (chain[0].base.kind !== 'scratch')
        return undefined;
    const runs = chain.some(stage => stage.instructions.some(i => i.keyword === 'RUN' || (i.keyword === 'ONBUILD' && /^run\b/i.test(i.args))));
    if (runs)
        return undefined;
    const sources = copiedStages(stages, ref);
    return sources.length > 0 ? sources : undefined;
}
/**
 * Builder candidates of `target`: the stages that made the files `target` copies, in order of
 * first use.
 *
 * - The stages `target` and its `FROM` chain copy from or bind-mount ({@link copiedStages}).
 * - A collector among them ({@link collectorSources}) is replaced by the stages it gathers from,
 *   followed back through chains of collectors: the bytes arrive through the collector, but the
 *   stage that produced them is the one a person calls the builder (a collector is as small as
 *   what it gathers, so comparing with it would give a "saved" of zero or less).
 * - The copied stages' other copies are not followed: the builder is what the final image takes
 *   files from, not what that stage was made of.
 */
function builderCandidates(stages, target) {
    const out = [];
    const visit = (ref) => {
        const sources = collectorSources(stages, ref);
        if (!sources) {
            if (ref !== target && !out.includes(ref))
                out.push(ref);
            return;
        }
        for (const source of sources)
            visit(source);
    };
    for (const ref of copiedStages(stages, target))
        visit(ref);
    return out;
}
/** Builds a stage from its FROM: base resolved through meta args and earlier stage names. */
function newStage(from, earlier, metaArgs, escape, lines, file) {
    const index = earlier.length;
    const name = from.getBuildStage()?.toLowerCase() || undefined;
    const ref = name ?? String(index);
    const rawImage = from.getImage() ?? '';
    const image = expandVariables(rawImage, metaArgs, escape);
    let base;
    const parent = earlier.find(s => s.name !== undefined && s.name === image.toLowerCase());
    if (parent)
        base = { kind: 'stage', stage: parent.ref };
    else if (image === 'scratch')
        base = { kind: 'scratch' };
    else
        base = { kind: 'image', image };
    return {
        index,
        ...(name !== undefined ? { name } : {}),
        ref,
        base,
        instructions: [],
        from: toInstruction(from, 'FROM', ref, lines, escape, file),
        copiesFrom: []
    };
}
/** Resolves `target` (a stage name, any case) or takes the last stage. */
function resolveTarget(stages, target, file) {
    const last = stages[stages.length - 1];
    if (target === undefined || target === '')
        return last;
    const found = stages.find(s => s.name === target.toLowerCase());
    if (found)
        return found;
    throw new Error(`target: no stage named "${target}" in ${file}; the stages are ${describeStages(stages)}`);
}
/** "build, certs, 2 (unnamed)": every stage ref, for error messages. */
function describeStages(stages) {
    return stages.map(s => (s.name ? s.name : `${s.ref} (unnamed)`)).join(', ');
}
/** One model instruction: the keyword upper-cased, args as written, line of the keyword. */
function toInstruction(ast, keyword, stage, lines, escape, file) {
    const kw = ast.getInstructionRange();
    return {
        keyword,
        args: argsText(ast, lines, escape),
        stage,
        location: { file, line: kw.start.line + 1 }
    };
}
/**
 * The text after the keyword, flags included, on the lines the instruction spans: line
 * continuations joined the way the Dockerfile parser joins them (escape + newline removed, comment
 * and blank lines inside the continuation dropped), heredoc bodies left out.
 */
function argsText(ast, lines, escape) {
    const range = ast.getRange();
    const kw = ast.getInstructionRange();
    let endLine = range.end.line;
    const heredocs = heredocsOf(ast);
    if (heredocs.length > 0) {
        endLine = Math.max(kw.start.line, ...heredocs.map(h => h.getStartRange().start.line));
    }
    const parts = [];
    for (let i = kw.start.line; i <= endLine; i++) {
        let line = lines[i] ?? '';
        if (i === kw.end.line)
            line = line.slice(kw.end.character);
        if (i > kw.start.line && /^\s*(#.*)?$/.test(line))
            continue;
        const continued = line.trimEnd();
        if (i < endLine && continued.endsWith(escape)) {
            parts.push(continued.slice(0, -escape.length));
        }
        else {
            parts.push(line);
        }
    }
    return parts.join('').trim();
}
/** Heredocs of RUN, COPY and ADD (ADD's accessor is not public in dockerfile-ast's typings). */
function heredocsOf(ast) {
    if (ast instanceof main.Run || ast instanceof main.Copy)
        return ast.getHeredocs();
    if (ast.getKeyword().toUpperCase() === 'ADD') {
        return ast.getHeredocs();
    }
    return [];
}
/**
 * The stage refs an instruction copies from (`COPY --from`) or bind-mounts (`RUN --mount=from=`
 * of `type=bind`, the default). Cache mounts are left out: they add none of the stage's bytes.
 */
function stageRefsOf(ast, stages, current, file) {
    const values = [];
    if (ast instanceof main.Copy) {
        // Not getFromFlag(): dockerfile-ast 0.7 returns it only when --from is the sole flag.
        const from = ast
            .getFlags()
            .find(f => f.getName().toLowerCase() === 'from')
            ?.getValue();
        if (from)
            values.push(from);
    }
    else if (ast instanceof main.Run) {
        for (const flag of ast.getFlags()) {
            if (flag.getName() !== 'mount')
                continue;
            const from = bindMountFrom(flag);
            if (from)
                values.push(from);
        }
    }
    const refs = [];
    for (const value of values) {
        const ref = resolveStageRef(value, stages, current, file, ast.getRange().start.line + 1);
        if (ref !== undefined && !refs.includes(ref))
            refs.push(ref);
    }
    return refs;
}
/**
 * The `from=` option of a bind `--mount` flag, whatever the key order; undefined for other mount
 * types. BuildKit reads keys and the type case-insensitively, and a mount without `type` is a bind
 * mount (moby/buildkit `frontend/dockerfile/instructions/commands_runmount.go`). Only bind and
 * cache mounts take `from`; secret, ssh and tmpfs mounts have none.
 */
function bindMountFrom(flag) {
    const options = flag.getOptions();
    const type = options.find(o => o.getName().toLowerCase() === 'type')?.getValue();
    if (type && type.toLowerCase() !== 'bind')
        return undefined;
    const option = options.find(o => o.getName().toLowerCase() === 'from');
    return option?.getValue() ?? undefined;
}
/**
 * A `--from` value → the stage ref it names, or undefined for an external image (a name that is no
 * earlier stage, e.g. `nginx:latest`). A number is a stage index and must be an earlier stage.
 */
function resolveStageRef(value, stages, current, file, line) {
    if (/^\d+$/.test(value)) {
        const index = Number(value);
        const stage = index < current ? stages[index] : undefined;
        if (!stage) {
            throw new Error(`file: ${file}:${line} uses --from=${value}, but stage indexes before it are 0–${current - 1}` +
                ` (a number in --from names an earlier stage by its 0-based position)`);
        }
        return stage.ref;
    }
    // A stage's own or a later stage's name cannot be copied from (BuildKit: "needs to be defined
    // before current stage"), so only earlier stages count.
    return stages.find(s => s.index < current && s.name === value.toLowerCase())?.ref;
}
/**
 * The meta args: BuildKit's automatic platform args, then each `ARG` before the first `FROM` in
 * order (a build arg wins over the default; a default is expanded with the args before it), as
 * BuildKit's `buildMetaArgs` does. Build args for undeclared names are ignored.
 */
function resolveMetaArgs(df, escape, buildArgs) {
    const args = new Map(Object.entries(platformArgs()));
    for (const arg of df.getInitialARGs()) {
        for (const property of arg.getProperties()) {
            const key = property.getName();
            if (Object.hasOwn(buildArgs, key)) {
                args.set(key, buildArgs[key]);
                continue;
            }
            const value = property.getValue();
            if (value !== null)
                args.set(key, expandVariables(unquote(value), args, escape));
        }
    }
    return args;
}
/** BuildKit's automatic platform args for the runner (`linux/amd64` on GitHub's runners). */
function platformArgs() {
    const arch = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' }[process.arch] ?? process.arch;
    const os = process.platform === 'win32' ? 'windows' : process.platform;
    const variant = arch === 'arm' ? 'v7' : '';
    const platform = variant ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
    const out = {};
    for (const prefix of ['BUILD', 'TARGET']) {
        out[`${prefix}PLATFORM`] = platform;
        out[`${prefix}OS`] = os;
        out[`${prefix}ARCH`] = arch;
        out[`${prefix}VARIANT`] = variant;
    }
    return out;
}
/** Strips one pair of surrounding quotes from an ARG default (`ARG A="x y"`). */
function unquote(value) {
    const m = /^"(.*)"$/s.exec(value) ?? /^'(.*)'$/s.exec(value);
    return m ? m[1] : value;
}
/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}` with
 * `vars` (unset → empty), the subset of the Dockerfile shell lexer (moby/buildkit
 * `frontend/dockerfile/shell/lex.go`) that image names use. `escape` + a character keeps the
 * character literally.
 */
function expandVariables(word, vars, escape = '\\') {
    let out = '';
    let i = 0;
    while (i < word.length) {
        const c = word[i];
        if (c === escape && i + 1 < word.length) {
            out += word[i + 1];
            i += 2;
            continue;
        }
        if (c !== '$') {
            out += c;
            i++;
            continue;
        }
        if (word[i + 1] === '{') {
            const end = matchingBrace(word, i + 1);
            if (end < 0) {
                out += word.slice(i);
                break;
            }
            out += expandBraced(word.slice(i + 2, end), vars, escape);
            i = end + 1;
            continue;
        }
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i + 1));
        if (!m) {
            out += c;
            i++;
            continue;
        }
        out += vars.get(m[0]) ?? '';
        i += 1 + m[0].length;
    }
    return out;
}
function matchingBrace(word, open) {
    let depth = 0;
    for (let j = open; j < word.length; j++) {
        if (word[j] === '{')
            depth++;
        else if (word[j] === '}' && --depth === 0)
            return j;
    }
    return -1;
}
function expandBraced(inner, vars, escape) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$/s.exec(inner);
    if (!m)
        return '';
    const [, name, op, rest] = m;
    const value = vars.get(name);
    const word = () => expandVariables(rest ?? '', vars, escape);
    switch (op) {
        case ':-':
            return value ? value : word();
        case '-':
            return value !== undefined ? value : word();
        case ':+':
            return value ? word() : '';
        case '+':
            return value !== undefined ? word() : '';
        default:
            return value ?? '';
    }
}

;// CONCATENATED MODULE: ./lib/dockerfile/builder.js


/**
 * Chooses the builder stage of `plan`.
 *
 * 1. `override` (the `builder-target` input) wins: a stage name of the Dockerfile (any case), not
 *    the target itself.
 * 2. No candidate (single stage, or a final stage that copies from no stage) → no builder.
 * 3. One candidate → it.
 * 4. Several → the candidate whose files add the most bytes to the final image: Σ `Layer.size`
 *    (uncompressed bytes) over the final image's layers attributed (`Layer.instruction`) to a
 *    `COPY --from=<candidate>` or `RUN --mount=from=<candidate>` (a RUN mounting several stages
 *    counts for each). Ties, and finals without attributed layers, go to the last candidate in
 *    order of first use (the usual shape copies certificates or timezone data first and the build
 *    output last).
 *
 * Candidates are the plan's `builderCandidates`: a collector stage the final stage copies from is
 * replaced by the stages it gathers from, so bytes copied from a collector are credited to those
 * stages. A collector that gathers from one stage passes all of them on; one that gathers from
 * several splits them in proportion to what each of its sources adds to the collector's own image
 * (`collectorLayers`, bytes of its layers attributed to a copy from that source), and without its
 * layers (or when none is attributed) passes them all to its last source, by the rule above.
 * Collectors gathering from collectors are followed the same way. The reason names the collectors
 * the builder's files pass through.
 *
 * @param plan the parsed Dockerfile
 * @param finalLayers the final image's layers with `instruction` set where attributed; undefined
 *   before the final image is measured
 * @param override the `builder-target` input; empty or undefined means automatic
 * @param collectorLayers layers of the collectors {@link collectorsToMeasure} lists, when measured
 * @returns the choice; `copiedBytes` (bytes per candidate) when there are several candidates and
 *   `finalLayers` is known
 * @throws Error naming `builder-target` and listing the stages when `override` is no stage name
 *   or is the target itself
 */
function chooseBuilder(plan, finalLayers, override, collectorLayers) {
    const { target } = plan;
    const candidates = [...plan.builderCandidates];
    const base = { target, candidates };
    if (override !== undefined && override !== '') {
        const stage = plan.stages.find(s => s.name !== undefined && s.name === override.toLowerCase());
        if (!stage) {
            throw new Error(`builder-target: no stage named "${override}" in ${plan.file}; the stages are ` +
                `${describeStages(plan.stages)}`);
        }
        if (stage.ref === target) {
            throw new Error(`builder-target: "${override}" is the target stage itself; name the stage the final ` +
                `image takes its files from (stages: ${describeStages(plan.stages)})`);
        }
        return {
            ...base,
            builder: stage.ref,
            reason: `The builder-target input names stage "${stage.ref}".`
        };
    }
    if (candidates.length === 0) {
        return {
            ...base,
            reason: `There is no builder stage: the final stage "${target}" copies from no other stage.`
        };
    }
    const routes = routesOf(plan);
    // " "build" produces the files … copies through "binary"." when a collector is on the way.
    const via = (ref) => {
        const text = throughText(routes.get(ref) ?? []);
        return text ? ` "${ref}" produces the files the final stage "${target}" copies ${text}.` : '';
    };
    if (candidates.length === 1) {
        const only = candidates[0];
        return {
            ...base,
            builder: only,
            reason: via(only).trim() || `"${only}" is the only stage the final stage "${target}" copies from.`
        };
    }
    const last = candidates[candidates.length - 1];
    if (finalLayers === undefined) {
        return {
            ...base,
            builder: last,
            reason: `The final image's layers are not measured yet, so the last of the stages it copies from, "${last}", is taken.${via(last)}`
        };
    }
    const credited = new Map(candidates.map(c => [c, 0]));
    const shareMemo = new Map();
    for (const layer of finalLayers) {
        for (const ref of layer.instruction?.copiesFrom ?? []) {
            for (const [producer, share] of sharesOf(plan, ref, collectorLayers, shareMemo)) {
                const sum = credited.get(producer);
                if (sum !== undefined)
                    credited.set(producer, sum + layer.size * share);
            }
        }
    }
    // Whole bytes: a collector's split leaves fractions.
    const copiedBytes = Object.fromEntries(candidates.map(c => [c, Math.round(credited.get(c))]));
    // Later candidates win ties: iterate in order and replace on ≥.
    let best = last;
    let bestBytes = -1;
    for (const c of candidates) {
        const bytes = copiedBytes[c];
        if (bytes >= bestBytes) {
            best = c;
            bestBytes = bytes;
        }
    }
    if (bestBytes <= 0) {
        return {
            ...base,
            builder: last,
            copiedBytes,
            reason: `No layer of the final image could be traced to a copy from ${listRefs(candidates)}, so the last one used, "${last}", is taken.${via(last)}`
        };
    }
    const tied = candidates.filter(c => copiedBytes[c] === bestBytes);
    const others = candidates
        .filter(c => c !== best)
        .map(c => `"${c}" ${(0,units/* formatBytes */.z3)(copiedBytes[c])}`)
        .join(', ');
    return {
        ...base,
        builder: best,
        copiedBytes,
        reason: (tied.length > 1
            ? `${listRefs(tied)} add the same ${(0,units/* formatBytes */.z3)(bestBytes)} to the final image, so the last one used, "${best}", is taken.`
            : `"${best}" adds the most to the final image through its copies (${(0,units/* formatBytes */.z3)(bestBytes)}; ${others}).`) +
            via(best)
    };
}
/**
 * The collectors whose layers {@link chooseBuilder} needs to split the bytes the final image
 * copies through them: those on the final stage's copy paths that gather from several stages, in
 * order of first use. Empty when the plan has fewer than two candidates (no byte rule runs).
 */
function collectorsToMeasure(plan) {
    if (plan.builderCandidates.length < 2)
        return [];
    const out = [];
    const visit = (ref) => {
        const sources = collectorSources(plan.stages, ref);
        if (!sources)
            return;
        if (sources.length > 1 && !out.includes(ref))
            out.push(ref);
        for (const source of sources)
            visit(source);
    };
    for (const ref of copiedStages(plan.stages, plan.target))
        visit(ref);
    return out;
}
/**
 * How the final stage reaches each candidate: producer ref → the collector paths to it, each
 * listed from the final stage's side (`[]` for a direct copy, `["binary"]` through one collector).
 */
function routesOf(plan) {
    const routes = new Map();
    const walk = (ref, path) => {
        const sources = collectorSources(plan.stages, ref);
        if (!sources) {
            routes.set(ref, [...(routes.get(ref) ?? []), path]);
            return;
        }
        for (const source of sources)
            walk(source, [...path, ref]);
    };
    for (const ref of copiedStages(plan.stages, plan.target))
        walk(ref, []);
    return routes;
}
/**
 * `through "binary"`, `directly and through "binary"`, `through "release", which gathers them
 * from "binary"`; empty when every path is a direct copy.
 */
function throughText(paths) {
    const indirect = paths.filter(path => path.length > 0);
    if (indirect.length === 0)
        return '';
    const direct = paths.length > indirect.length ? 'directly and ' : '';
    const one = (path) => path.map((ref, i) => (i === 0 ? `"${ref}"` : `, which gathers them from "${ref}"`)).join('');
    return `${direct}through ${indirect.map(one).join(' and through ')}`;
}
/**
 * What share of the bytes copied from `ref` each producing stage made: `{ref: 1}` for a stage
 * that is no collector; for a collector, its sources' shares weighted by the bytes each adds to
 * the collector's image (see {@link chooseBuilder}). Shares sum to 1.
 */
function sharesOf(plan, ref, collectorLayers, memo) {
    const known = memo.get(ref);
    if (known)
        return known;
    const sources = plan.stages.some(s => s.ref === ref)
        ? collectorSources(plan.stages, ref)
        : undefined;
    let out;
    if (!sources) {
        out = new Map([[ref, 1]]);
    }
    else {
        const weights = new Map(sources.map(s => [s, 0]));
        if (sources.length > 1) {
            for (const layer of collectorLayers?.[ref] ?? []) {
                for (const source of layer.instruction?.copiesFrom ?? []) {
                    const sum = weights.get(source);
                    if (sum !== undefined)
                        weights.set(source, sum + layer.size);
                }
            }
        }
        let total = [...weights.values()].reduce((a, b) => a + b, 0);
        if (total <= 0) {
            weights.set(sources[sources.length - 1], 1);
            total = 1;
        }
        out = new Map();
        for (const [source, weight] of weights) {
            if (weight <= 0)
                continue;
            for (const [producer, share] of sharesOf(plan, source, collectorLayers, memo)) {
                out.set(producer, (out.get(producer) ?? 0) + (share * weight) / total);
            }
        }
    }
    memo.set(ref, out);
    return out;
}
function listRefs(refs) {
    return refs.map(r => `"${r}"`).join(', ');
}

// EXTERNAL MODULE: ./lib/engine/detect.js
var detect = __webpack_require__(9223);
;// CONCATENATED MODULE: ./lib/baseline/base-ref.js
/**
 * `baseline: base-ref`: check out the pull request's base commit in a temporary git worktree,
 * let the caller rebuild and measure it there, and remove the worktree whatever happens. The
 * engine's build cache is shared, so steps whose inputs did not change (the builder stage's
 * toolchain layers, usually) are served from cache.
 */




/** Events whose payload names a base commit, and where. */
const PR_EVENTS = ['pull_request', 'pull_request_target'];
/** Every event {@link baseShaFromEvent} reads a base commit from. */
const BASE_REF_EVENTS = [...PR_EVENTS, 'merge_group'];
/**
 * The base commit of the pull request the workflow runs for: `pull_request.base.sha` of a
 * `pull_request` or `pull_request_target` payload; `merge_group.base_sha` of a `merge_group`
 * payload (a merge queue).
 *
 * @param eventName `GITHUB_EVENT_NAME` (`github.context.eventName`).
 * @param payload the parsed `GITHUB_EVENT_PATH` file (`github.context.payload`).
 * @throws Error naming `baseline: base-ref` when the event is not a pull request (or merge group),
 *   or its payload has no base SHA of 40 or 64 hex digits.
 */
function baseShaFromEvent(eventName, payload) {
    const p = (payload ?? {});
    let sha;
    if (eventName !== undefined && PR_EVENTS.includes(eventName)) {
        const pr = p['pull_request'];
        sha = pr?.base?.sha;
    }
    else if (eventName === 'merge_group') {
        sha = p['merge_group']?.base_sha;
    }
    else {
        throw new Error(`Input baseline: base-ref needs a pull request: the workflow runs on the "${eventName ?? 'unknown'}" event, which has no base commit. Run it on pull_request (or pull_request_target, merge_group), or use baseline-image or baseline-report.`);
    }
    if (typeof sha !== 'string' || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(sha)) {
        throw new Error(`Input baseline: base-ref: the ${eventName} event payload has no base commit SHA (expected 40 or 64 hex digits, got ${JSON.stringify(sha)?.slice(0, 80) ?? 'nothing'}).`);
    }
    return sha;
}
/**
 * Measures the base commit: when the commit is not in the local repository (a shallow checkout),
 * `git fetch --no-tags --depth=1 origin SHA` first; then `git worktree add --detach TMP SHA`,
 * `measure(TMP/<repoDir relative to the top level>)`, and always `git worktree remove --force TMP`
 * (and `git worktree prune`), even when `measure` throws.
 *
 * @returns what `measure` returned.
 * @throws Error naming `baseline: base-ref` and the SHA when it is malformed, the directory is not
 *   in a git repository, the commit cannot be fetched (with git's message), or the worktree cannot
 *   be created; whatever `measure` throws, unchanged.
 */
async function buildBaseRef(opts) {
    const { baseSha, log } = opts;
    const git = opts.git ?? 'git';
    if (!/^[0-9a-f]{7,64}$/i.test(baseSha)) {
        throw new Error(`Input baseline: base-ref: "${baseSha}" is not a commit SHA (expected 7 to 64 hex digits).`);
    }
    const repoDir = await (0,promises_.realpath)((0,external_node_path_.resolve)(opts.repoDir)).catch(() => (0,external_node_path_.resolve)(opts.repoDir));
    const top = await runGit(git, repoDir, ['rev-parse', '--show-toplevel'], 'find the repository');
    const sub = (0,external_node_path_.relative)(await (0,promises_.realpath)(top.trim()), repoDir);
    if (!(await hasCommit(git, repoDir, baseSha))) {
        log.info(`Base commit ${baseSha} is not in the local repository; fetching it from origin.`);
        await runGit(git, repoDir, ['fetch', '--no-tags', '--depth=1', 'origin', baseSha], `fetch the base commit ${baseSha} from origin`);
        if (!(await hasCommit(git, repoDir, baseSha))) {
            throw new Error(`Input baseline: base-ref: git fetched from origin but commit ${baseSha} is still missing.`);
        }
    }
    const parent = await (0,temp_dir/* makeTempDir */.m)('isb-base-ref-');
    const worktree = (0,external_node_path_.join)(parent, 'worktree');
    try {
        await runGit(git, repoDir, ['worktree', 'add', '--detach', worktree, baseSha], `check out the base commit ${baseSha} in a worktree`);
        log.info(`Base commit ${baseSha} checked out in ${worktree}.`);
        return await opts.measure(sub ? (0,external_node_path_.join)(worktree, sub) : worktree);
    }
    finally {
        await removeWorktree(git, repoDir, worktree, log);
        await (0,temp_dir/* removeTempDir */.C)(parent);
    }
}
/**
 * `path` (relative to `cwd`, or absolute) inside `repoDir`, mapped to the same place under
 * `worktreeDir`. Pure. Use it to re-root the `context` and `file` inputs for the base build.
 *
 * @throws Error naming the path when it lies outside `repoDir` (the base commit cannot provide it).
 */
function rerootPath(path, repoDir, worktreeDir, cwd = process.cwd()) {
    const absolute = (0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(cwd, path);
    const rel = (0,external_node_path_.relative)((0,external_node_path_.resolve)(repoDir), absolute);
    if (rel === '..' || rel.startsWith(`..${external_node_path_.sep}`) || (0,external_node_path_.isAbsolute)(rel)) {
        throw new Error(`Input baseline: base-ref: "${path}" is outside the repository ${repoDir}, so the base commit cannot provide it.`);
    }
    return rel ? (0,external_node_path_.join)(worktreeDir, rel) : worktreeDir;
}
async function hasCommit(git, dir, sha) {
    const run = await (0,exec/* getExecOutput */.H)(git, ['cat-file', '-e', `${sha}^{commit}`], {
        cwd: dir,
        silent: true,
        ignoreReturnCode: true,
        env: gitEnv()
    });
    return run.exitCode === 0;
}
/** Removes the worktree; failures are logged, and the directory is pruned from git's list. */
async function removeWorktree(git, dir, worktree, log) {
    const run = await (0,exec/* getExecOutput */.H)(git, ['worktree', 'remove', '--force', worktree], {
        cwd: dir,
        silent: true,
        ignoreReturnCode: true,
        env: gitEnv()
    }).catch((error) => ({ exitCode: -1, stdout: '', stderr: error.message }));
    if (run.exitCode !== 0) {
        log.debug(`git worktree remove ${worktree}: ${run.stderr.trim() || run.exitCode}`);
        await (0,promises_.rm)(worktree, { recursive: true, force: true });
    }
    await (0,exec/* getExecOutput */.H)(git, ['worktree', 'prune'], {
        cwd: dir,
        silent: true,
        ignoreReturnCode: true,
        env: gitEnv()
    }).catch(() => undefined);
}
/** Never prompt for credentials: a missing commit fails instead of hanging the job. */
function gitEnv() {
    const env = {};
    for (const [k, v] of Object.entries(process.env))
        if (v !== undefined)
            env[k] = v;
    return { ...env, GIT_TERMINAL_PROMPT: '0' };
}
/**
 * Runs `git ARGS` in `dir` and returns stdout.
 * @throws Error naming `baseline: base-ref`, what it tried to do and git's last lines.
 */
async function runGit(git, dir, args, doing) {
    let run;
    try {
        run = await (0,exec/* getExecOutput */.H)(git, args, {
            cwd: dir,
            silent: true,
            ignoreReturnCode: true,
            env: gitEnv()
        });
    }
    catch (error) {
        throw new Error(`Input baseline: base-ref: could not run ${git} to ${doing}: ${error.message}`, { cause: error });
    }
    if (run.exitCode !== 0) {
        const message = (run.stderr.trim() || run.stdout.trim() || `exit code ${run.exitCode}`)
            .split('\n')
            .slice(-5)
            .join('\n');
        throw new Error(`Input baseline: base-ref: could not ${doing} in ${dir}: ${message}`);
    }
    return run.stdout;
}

// EXTERNAL MODULE: ./lib/baseline/compare.js
var compare = __webpack_require__(1388);
// EXTERNAL MODULE: ./lib/image/history.js
var image_history = __webpack_require__(6649);
;// CONCATENATED MODULE: ./lib/dockerfile/attribute.js


/** The Dockerfile keywords a history entry can start with (BuildKit form). */
const KEYWORDS = new Set([
    'ADD',
    'ARG',
    'CMD',
    'COPY',
    'ENTRYPOINT',
    'ENV',
    'EXPOSE',
    'HEALTHCHECK',
    'LABEL',
    'MAINTAINER',
    'ONBUILD',
    'RUN',
    'SHELL',
    'STOPSIGNAL',
    'USER',
    'VOLUME',
    'WORKDIR'
]);
/** Keywords some builders record no history entry for (BuildKit: ONBUILD only sets config). */
const MAY_BE_UNRECORDED = new Set(['ONBUILD']);
/**
 * The Dockerfile keyword a history entry's `created_by` was written for, or undefined when it
 * names none (no `created_by`, e.g. `docker import`'s entry).
 *
 * - `… #(nop) KEYWORD …` (classic builder, buildah) → KEYWORD.
 * - `KEYWORD …` with a known upper-case keyword (BuildKit, buildx) → KEYWORD.
 * - anything else is a classic-builder RUN: the command line itself (`/bin/sh -c …`,
 *   `|2 A=1 B=2 /bin/sh -c …`, or an exec form's words).
 */
function historyKeyword(entry) {
    const createdBy = (entry.created_by ?? '').trim();
    if (createdBy === '')
        return undefined;
    const nop = /#\(nop\)\s+([A-Za-z]+)/.exec(createdBy);
    if (nop)
        return nop[1].toUpperCase();
    const word = /^([A-Z]+)(?:\s|$)/.exec(createdBy)?.[1];
    if (word !== undefined && KEYWORDS.has(word))
        return word;
    return 'RUN';
}
/**
 * Attributes each history entry of an image built from `stage` to the instruction that made it.
 *
 * @param plan the parsed Dockerfile
 * @param history the image config's `history`, in order
 * @param stage the ref of the stage the image was built from (default: the plan's target)
 * @returns one element per history entry: the instruction, or undefined for entries of the
 *   external base image and for entries that could not be matched with certainty. An `ONBUILD`
 *   trigger's entry is attributed to the `ONBUILD` instruction of the parent stage.
 * @throws Error when `stage` is not a stage of the plan
 */
function attributeHistory(plan, history, stage = plan.target) {
    const slots = expectedSlots(plan, stage);
    const out = history.map(() => undefined);
    let h = history.length - 1;
    let s = slots.length - 1;
    while (s >= 0 && h >= 0) {
        const slot = slots[s];
        const entry = history[h];
        if (matches(slot, entry)) {
            out[h] = slot.instruction;
            h--;
            s--;
        }
        else if (slot.optional) {
            s--;
        }
        else {
            break;
        }
    }
    return out;
}
/**
 * Attributes each layer of an image built from `stage` to the instruction that made it.
 *
 * @param plan the parsed Dockerfile
 * @param history the image config's `history`
 * @param diffIds the config's `rootfs.diff_ids`, in order
 * @param stage the ref of the stage the image was built from (default: the plan's target)
 * @returns one element per layer (diff ID index): the instruction, or undefined for layers of the
 *   external base image and layers that could not be matched with certainty; all undefined when
 *   the image has no history
 * @throws Error when the history's non-empty entries and `diffIds` differ in number (see
 *   `historyToLayers`), or when `stage` is not a stage of the plan
 */
function attributeLayers(plan, history, diffIds, stage = plan.target) {
    const pairs = (0,image_history/* historyToLayers */.YZ)(history, diffIds);
    const perEntry = attributeHistory(plan, history, stage);
    const out = diffIds.map(() => undefined);
    for (const pair of pairs) {
        if (pair.layerIndex !== undefined)
            out[pair.layerIndex] = perEntry[pair.historyIndex];
    }
    return out;
}
/** The entries the chain of `stage` records, in build order. */
function expectedSlots(plan, stage) {
    const slots = [];
    let parent;
    for (const st of fromChain(plan, stage)) {
        // A stage built FROM a stage first runs that stage's ONBUILD triggers.
        for (const onbuild of (parent ?? []).filter(i => i.keyword === 'ONBUILD')) {
            const m = /^(\S+)\s*([\s\S]*)$/.exec(onbuild.args);
            if (!m)
                continue;
            const keyword = m[1].toUpperCase();
            slots.push({
                keyword,
                instruction: onbuild,
                command: keyword === 'RUN' ? runCommand(m[2]) : undefined,
                optional: false
            });
        }
        for (const instruction of st.instructions) {
            slots.push({
                keyword: instruction.keyword,
                instruction,
                command: instruction.keyword === 'RUN' ? runCommand(instruction.args) : undefined,
                optional: MAY_BE_UNRECORDED.has(instruction.keyword)
            });
        }
        parent = st.instructions;
    }
    return slots;
}
function matches(slot, entry) {
    if (historyKeyword(entry) !== slot.keyword)
        return false;
    if (slot.command === undefined)
        return true;
    const recorded = normalize((entry.created_by ?? '').replace(/\s*# buildkit$/, ''));
    return recorded === slot.command || recorded.endsWith(` ${slot.command}`);
}
/**
 * A RUN's command as the history records it: flags (`--mount=…`, `--network=…`) dropped, an
 * exec form's words joined by spaces, whitespace runs collapsed. Undefined for heredocs (the
 * history shows the body, which the plan drops) and for unparsable exec forms.
 */
function runCommand(args) {
    let rest = args.trim();
    while (/^--\S+/.test(rest))
        rest = rest.replace(/^--\S+\s*/, '');
    if (rest.includes('<<'))
        return undefined;
    if (rest.startsWith('[')) {
        try {
            const words = JSON.parse(rest);
            if (Array.isArray(words) && words.every(w => typeof w === 'string')) {
                return normalize(words.join(' '));
            }
        }
        catch {
            // Not JSON: the shell form, as the builders treat it.
        }
    }
    return rest === '' ? undefined : normalize(rest);
}
function normalize(text) {
    return text.replace(/\s+/g, ' ').trim();
}

;// CONCATENATED MODULE: ./lib/engine/history.js
/**
 * An image's layer table from the engine's metadata alone — `docker image history` beside
 * `docker image inspect` — so an image whose file entries and compressed size are not needed (the
 * builder stage, by default) is measured without streaming its layers out of the engine.
 *
 * `docker image history` lists the config's `history` entries newest first, each with the size of
 * the layer it made (moby `daemon/images/image_history.go`: `DiffSize()` of the entry's layer in
 * the classic store, 0 for an `empty_layer` entry). It does not say which entries are empty, and
 * a layer can be 0 bytes too (`WORKDIR` of a new directory: directories count 0), so the entries
 * that made layers are worked out here ({@link layersFromHistory}); when that is not certain the
 * caller reads the image instead.
 */



/**
 * `docker image history --no-trunc --human=false --format '{{json .}}'` output (one JSON object a
 * line, newest first, `Size` a decimal string) → entries oldest first.
 * @throws Error naming `ref` when a line is not such an object.
 */
function parseEngineHistory(stdout, ref) {
    const entries = [];
    for (const line of stdout.split('\n')) {
        if (line.trim() === '')
            continue;
        let value;
        try {
            value = JSON.parse(line);
        }
        catch {
            throw new Error(`docker image history of "${ref}" printed a line that is not JSON`);
        }
        const o = (typeof value === 'object' && value !== null ? value : {});
        const raw = o['Size'];
        const size = typeof raw === 'number' ? raw : typeof raw === 'string' && raw !== '' ? Number(raw) : NaN;
        if (!Number.isSafeInteger(size) || size < 0) {
            throw new Error(`docker image history of "${ref}" printed no byte count in ${line.slice(0, 200)}`);
        }
        const text = (v) => (typeof v === 'string' ? v : '');
        entries.push({
            createdBy: text(o['CreatedBy']),
            comment: text(o['Comment']),
            created: text(o['CreatedAt']),
            size
        });
    }
    return entries.reverse();
}
/**
 * `GET /images/REF/history` (the API answer `docker image history` formats: a JSON array, newest
 * first, `Created` in Unix seconds, `Size` a number) → entries oldest first, `created` in RFC 3339
 * UTC as the CLI prints it with `--human=false` on a UTC machine.
 * @throws Error naming `ref` when the answer is not such an array.
 */
function parseApiHistory(body, ref) {
    let value;
    try {
        value = JSON.parse(body);
    }
    catch {
        value = undefined;
    }
    if (!Array.isArray(value)) {
        throw new Error(`the engine's history of "${ref}" is not a JSON array`);
    }
    const text = (v) => (typeof v === 'string' ? v : '');
    return value
        .map((item) => {
        const o = (typeof item === 'object' && item !== null ? item : {});
        const size = o['Size'];
        if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
            throw new Error(`the engine's history of "${ref}" has an entry without a byte count`);
        }
        const seconds = o['Created'];
        const created = typeof seconds === 'number' && Number.isFinite(seconds)
            ? new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z')
            : '';
        return { createdBy: text(o['CreatedBy']), comment: text(o['Comment']), created, size };
    })
        .reverse();
}
/** Keywords whose entries may make a layer (the rest only change the config). */
const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR']);
/**
 * Which history entries made the image's `layerCount` layers, and their sizes.
 *
 * Every entry with a size made a layer. Among the 0-byte entries, as many as are still missing
 * made one: all or none of them when that decides it; else only those whose instruction can make
 * a layer (RUN, COPY, ADD, WORKDIR, or no `created_by` at all, as `docker import` writes) when
 * they are exactly as many as are missing. Otherwise the answer is not certain: `ok: false` with
 * the reason, and the caller reads the image's config instead. Pure.
 *
 * @param entries `docker image history`, oldest first
 * @param layerCount the image's `RootFS.Layers` count (`docker image inspect`)
 */
function layersFromHistory(entries, layerCount) {
    if (entries.length === 0) {
        return layerCount === 0
            ? { ok: true, history: [], sizes: [] }
            : { ok: false, reason: `the image has ${layerCount} layers but no history` };
    }
    const sized = entries.filter(e => e.size > 0).length;
    const missing = layerCount - sized;
    if (missing < 0) {
        return {
            ok: false,
            reason: `${sized} history entries have a size but the image has ${layerCount} layers`
        };
    }
    const zero = entries.flatMap((e, i) => (e.size === 0 ? [i] : []));
    let made;
    if (missing === 0)
        made = new Set();
    else if (missing === zero.length)
        made = new Set(zero);
    else {
        const candidates = zero.filter(i => {
            const keyword = historyKeyword({ created_by: entries[i].createdBy });
            return keyword === undefined || LAYER_KEYWORDS.has(keyword);
        });
        if (candidates.length !== missing) {
            return {
                ok: false,
                reason: `${missing} of its ${zero.length} history entries of 0 bytes made layers, and which cannot be told from their instructions`
            };
        }
        made = new Set(candidates);
    }
    const history = [];
    const sizes = [];
    entries.forEach((e, i) => {
        const entry = { created: e.created, created_by: e.createdBy };
        if (e.comment)
            entry.comment = e.comment;
        if (e.size > 0 || made.has(i))
            sizes.push(e.size);
        else
            entry.empty_layer = true;
        history.push(entry);
    });
    return { ok: true, history, sizes };
}
/**
 * `docker image history` of `ref`, oldest first; undefined, with the reason at debug level, when
 * the command fails (the caller then reads the image). Needs no inspect first, so it can run
 * beside one. Never rejects for the engine's answer (only when the CLI cannot be started at all,
 * or the API socket cannot be reached).
 */
async function engineHistory(engine, ref, log) {
    if (engine.api) {
        const answer = await (0,engine_api/* apiRequest */.AT)(engine.api, 'GET', `/images/${(0,engine_api/* refPath */.NA)(ref)}/history`);
        try {
            if (answer.status !== 200)
                throw new Error((0,engine_api/* apiMessage */.SX)(answer));
            return parseApiHistory(answer.body, ref);
        }
        catch (error) {
            log.debug(`docker image history ${ref}: ${error.message}; reading the image instead`);
            return undefined;
        }
    }
    const run = await (0,docker_cli/* runDocker */.ST)(engine.docker, ['image', 'history', '--no-trunc', '--human=false', '--format', '{{json .}}', '--', ref], { env: engine.env });
    if (run.exitCode !== 0) {
        log.debug(`docker image history ${ref}: ${(0,docker_cli/* cliMessage */.kP)(run)}; reading the image instead`);
        return undefined;
    }
    try {
        return parseEngineHistory(run.stdout, ref);
    }
    catch (error) {
        log.debug(`${error.message}; reading the image instead`);
        return undefined;
    }
}
/**
 * The layers of `ref` from its `docker image history` ({@link engineHistory}, or `entries` when
 * the caller already ran it) and its layer count ({@link layersFromHistory}). Undefined, with the
 * reason at debug level, when the engine's answer does not tell the layers apart for certain or
 * the command failed: the caller then reads the image.
 *
 * @param layerCount the image's layer count from `docker image inspect`
 */
async function engineHistoryLayers(engine, ref, layerCount, log, entries) {
    const history = await (entries ?? engineHistory(engine, ref, log));
    if (!history)
        return undefined;
    const found = layersFromHistory(history, layerCount);
    if (!found.ok) {
        log.debug(`docker image history ${ref}: ${found.reason}; reading the image instead`);
        return undefined;
    }
    return found;
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./lib/image/gogzip/pool.js
/**
 * Go's `compress/flate` at its default level (what `gzip.NewWriter`, and so `docker push`,
 * compresses layers with), run as WebAssembly in worker threads: a process-wide pool of
 * threads, each with one instance of `gogzip.wasm` (built from `./main.go` by
 * `scripts/build-gogzip.sh`, Go 1.19, `GOOS=js GOARCH=wasm`; `./wasm_exec.js` is that
 * toolchain's runtime glue, `misc/wasm/wasm_exec.js`, unmodified).
 *
 * A thread compresses one raw deflate stream at a time and reports only its size. Bytes reach
 * it as transferred buffers; {@link DeflateThread.write} resolves once the thread has fewer
 * than `maxQueued` bytes waiting, so memory stays bounded whatever the stream's length.
 *
 * The threads run from source text (`new Worker(code, { eval: true })`) and receive the glue's
 * text and the compiled module, so a bundle needs no worker file, only the two assets in a
 * `gogzip/` folder beside it, copied there by the bundle script: ncc is not left to find them,
 * because webpack re-encodes a `.wasm` named by `new URL('./x.wasm', import.meta.url)` and
 * resolves it against the working directory. Idle threads are unref'd: they never keep the
 * process alive.
 */






/** The two files a bundle ships in a `gogzip/` folder beside it (`scripts/copy-gogzip.js`). */
const GOGZIP_ASSETS = ['gogzip.wasm', 'wasm_exec.js'];
/**
 * The folder holding {@link GOGZIP_ASSETS}: this module's own (`src/image/gogzip/`, or the
 * `lib/image/gogzip/` the build copies them to), else `gogzip/` beside a bundle.
 * @throws Error naming the places looked at when neither has them.
 */
function gogzipDir() {
    const here = (0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url));
    const candidates = [here, (0,external_node_path_.join)(here, 'gogzip')];
    const found = candidates.find(dir => GOGZIP_ASSETS.every(f => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, f))));
    if (found)
        return found;
    throw new Error(`the compressed-size estimator's ${GOGZIP_ASSETS.join(' and ')} are missing ` +
        `(looked in ${candidates.join(' and ')}); rebuild the bundle with npm run bundle`);
}
/**
 * The body of every thread, run from its source text: `require` is the eval'd script's own.
 * Uses nothing from the enclosing module (it is stringified).
 */
function threadMain(require) {
    const wt = require('node:worker_threads');
    const vm = require('node:vm');
    const port = wt.parentPort;
    if (!port)
        return;
    const data = wt.workerData;
    let goOutput = '';
    let exited;
    const fail = (err) => {
        const why = err instanceof Error ? err.message : String(err);
        const go = goOutput.trim().slice(-2000);
        port.postMessage({ op: 'error', message: go ? `${why}: ${go}` : why });
    };
    try {
        vm.runInThisContext(data.glue, { filename: 'wasm_exec.js' });
        const g = globalThis;
        // The glue prints the Go program's output with console.log: keep it for error messages.
        const decoder = new TextDecoder();
        g.fs.writeSync = (_fd, buf) => {
            goOutput = (goOutput + decoder.decode(buf)).slice(-8192);
            return buf.length;
        };
        const go = new g.Go();
        go.exit = code => (exited = code);
        const instance = new g.WebAssembly.Instance(data.module, go.importObject);
        go.run(instance).catch(fail);
        const api = g.__gogzip;
        if (!api)
            throw new Error('gogzip.wasm did not start');
        port.on('message', (msg) => {
            try {
                if (exited !== undefined)
                    throw new Error(`the Go program exited (code ${exited})`);
                if (msg.op === 'begin')
                    api.begin(msg.dict);
                else if (msg.op === 'write') {
                    api.write(msg.data);
                    // The buffer goes back for reuse: no garbage piles up on either side.
                    const back = { op: 'taken', data: msg.data };
                    port.postMessage(back, [msg.data.buffer]);
                }
                else
                    port.postMessage({ op: 'size', size: api.end() });
            }
            catch (err) {
                fail(err);
            }
        });
        port.postMessage({ op: 'ready' });
    }
    catch (err) {
        fail(err);
    }
}
const THREAD_SOURCE = `(${threadMain.toString()})(require)`;
/** Buffers the threads gave back, for {@link stagingBuffer}. */
const spare = [];
const MAX_SPARE = 8;
/**
 * A buffer of `size` bytes to fill and hand to {@link DeflateThread.write}: one a thread gave
 * back when there is one of that size, else a new one. Its contents are stale.
 */
function stagingBuffer(size) {
    const i = spare.findIndex(b => b.length === size);
    if (i < 0)
        return new Uint8Array(size);
    const [b] = spare.splice(i, 1);
    return b ?? new Uint8Array(size);
}
let loaded;
/** The glue's text and the compiled module, read once per process. */
function load() {
    loaded ??= (async () => {
        const dir = gogzipDir();
        const [glue, wasm] = await Promise.all([
            (0,promises_.readFile)((0,external_node_path_.join)(dir, 'wasm_exec.js'), 'utf8'),
            (0,promises_.readFile)((0,external_node_path_.join)(dir, 'gogzip.wasm'))
        ]);
        const wasmApi = globalThis.WebAssembly;
        return { glue, module: await wasmApi.compile(wasm) };
    })();
    loaded.catch(() => (loaded = undefined));
    return loaded;
}
/**
 * One thread with one `gogzip.wasm` instance: `begin`, `write`…, `end` per raw deflate stream.
 * After a failure every call rejects with it (the pool then drops the thread).
 */
class DeflateThread {
    thread;
    maxQueued;
    queued = 0;
    drained = [];
    sizeWaiter;
    readyWaiter;
    ready;
    failure;
    constructor(data, maxQueued) {
        this.maxQueued = maxQueued;
        this.ready = new Promise((resolve, reject) => (this.readyWaiter = { resolve, reject }));
        this.ready.catch(() => undefined);
        this.thread = new external_node_worker_threads_.Worker(THREAD_SOURCE, { eval: true, workerData: data });
        this.thread.unref();
        this.thread.on('message', (m) => this.onReply(m));
        this.thread.on('error', err => this.onFailure(err));
        this.thread.on('exit', code => this.onFailure(new Error(`the gogzip thread exited (code ${code})`)));
    }
    /** Starts a thread and waits until its Go program runs. @throws when it cannot start. */
    static async start(maxQueued) {
        const t = new DeflateThread(await load(), maxQueued);
        t.thread.ref();
        try {
            await t.ready;
        }
        finally {
            t.thread.unref();
        }
        return t;
    }
    /** Starts a stream; `dict` (≤ 32 KiB used) is the history before its first byte. */
    begin(dict) {
        if (this.failure)
            throw this.failure;
        this.thread.ref();
        this.post({ op: 'begin', dict: dict ?? null });
    }
    /**
     * Hands `data` over: its whole buffer is transferred (the caller must own all of it, and
     * loses it; it comes back through {@link stagingBuffer}).
     * Resolves when the thread has at most `maxQueued` bytes still to compress.
     */
    async write(data) {
        if (this.failure)
            throw this.failure;
        this.queued += data.length;
        this.thread.postMessage({ op: 'write', data }, [data.buffer]);
        while (this.queued > this.maxQueued && !this.failure) {
            await new Promise(resolve => this.drained.push(resolve));
        }
        if (this.failure)
            throw this.failure;
    }
    /** Ends the stream. @returns its raw deflate size in bytes. @throws the thread's failure. */
    end() {
        if (this.failure)
            return Promise.reject(this.failure);
        const size = new Promise((resolve, reject) => (this.sizeWaiter = { resolve, reject }));
        this.post({ op: 'end' });
        return size;
    }
    /** Stops the thread. */
    terminate() {
        this.onFailure(new Error('the gogzip thread was stopped'));
        void this.thread.terminate();
    }
    post(msg) {
        this.thread.postMessage(msg);
    }
    onReply(m) {
        if (m.op === 'ready')
            this.readyWaiter?.resolve();
        else if (m.op === 'taken') {
            this.queued -= m.data.length;
            if (spare.length < MAX_SPARE)
                spare.push(new Uint8Array(m.data.buffer));
            if (this.queued <= this.maxQueued)
                for (const d of this.drained.splice(0))
                    d();
        }
        else if (m.op === 'size') {
            this.thread.unref();
            const w = this.sizeWaiter;
            this.sizeWaiter = undefined;
            w?.resolve(m.size);
        }
        else
            this.onFailure(new Error(`gogzip.wasm failed: ${m.message}`));
    }
    onFailure(err) {
        if (this.failure)
            return;
        this.failure = err;
        this.thread.unref();
        this.readyWaiter?.reject(err);
        this.sizeWaiter?.reject(err);
        this.sizeWaiter = undefined;
        for (const d of this.drained.splice(0))
            d();
    }
}
/**
 * Threads at most by default: each holds a WebAssembly instance (~24 MB of linear memory, the Go
 * runtime's heap) and a V8 isolate, so many-core machines stop at four.
 */
const MAX_DEFAULT_THREADS = 4;
/**
 * At most `size` threads, started on demand and kept for reuse. `acquire` hands out an idle
 * thread (starting one while under `size`, else waiting for a `release`, first come first served).
 */
class DeflatePool {
    size;
    maxQueued;
    idle = [];
    started = 0;
    waiting = [];
    constructor(opts = {}) {
        const size = opts.size ?? Math.min(MAX_DEFAULT_THREADS, Math.max(1, (0,external_node_os_.availableParallelism)()));
        if (!Number.isSafeInteger(size) || size < 1) {
            throw new Error(`DeflatePool: size must be an integer ≥ 1, got ${size}`);
        }
        this.size = size;
        this.maxQueued = opts.maxQueued ?? 4 * 1024 * 1024;
    }
    /** A thread for one stream; give it back with {@link release}. @throws when none can start. */
    async acquire() {
        for (let t = this.idle.pop(); t; t = this.idle.pop()) {
            if (!t.failure)
                return t;
            this.started--; // died while idle
        }
        if (this.started < this.size) {
            this.started++;
            try {
                return await DeflateThread.start(this.maxQueued);
            }
            catch (err) {
                this.started--;
                throw err;
            }
        }
        const got = await new Promise(resolve => this.waiting.push(resolve));
        if (got instanceof Error)
            throw got;
        return got;
    }
    /**
     * Starts the threads not started yet, in the background, so their start-up (compiling and
     * instantiating the module, starting Go: a few hundred ms each) overlaps other work. A start
     * that fails fails the callers waiting in {@link acquire}; the next `acquire` tries again.
     */
    prewarm() {
        while (this.started < this.size) {
            this.started++;
            DeflateThread.start(this.maxQueued).then(t => this.release(t), (err) => {
                this.started--;
                // What stops one thread from starting (a missing module) stops the others too.
                const e = err instanceof Error ? err : new Error(String(err));
                for (const next of this.waiting.splice(0))
                    next(e);
            });
        }
    }
    /** Gives a thread back (a failed one is stopped, and its place freed). */
    release(t) {
        if (t.failure) {
            t.terminate();
            this.started--;
            const next = this.waiting.shift();
            if (next) {
                this.started++;
                DeflateThread.start(this.maxQueued).then(next, (err) => {
                    this.started--;
                    next(err instanceof Error ? err : new Error(String(err)));
                });
            }
            return;
        }
        const next = this.waiting.shift();
        if (next)
            next(t);
        else
            this.idle.push(t);
    }
    /** Stops the idle threads (busy ones stop when released… after this, new ones start again). */
    close() {
        for (const t of this.idle.splice(0)) {
            t.terminate();
            this.started--;
        }
    }
}
let shared;
/** The process-wide pool: one thread per available core (at most four). */
function defaultDeflatePool() {
    shared ??= new DeflatePool();
    return shared;
}

;// CONCATENATED MODULE: ./lib/image/compress.js
/**
 * The compressed-size estimate for layers that exist only as uncompressed tars: how many bytes
 * `docker push` would store for each layer.
 *
 * Source: `docker push` from the classic store compresses each layer with Go's `compress/gzip`
 * `gzip.NewWriter` (moby `daemon/internal/distribution/push.go` → `compress()`), which is
 * `compress/flate` at `DefaultCompression` (level 6) between a 10-byte header (no name, no
 * mtime) and an 8-byte trailer; BuildKit's default is the same gzip (moby/buildkit
 * `util/compression`). So the estimate runs that very code: Go's `compress/flate`, compiled to
 * WebAssembly (`./gogzip/`, Go 1.19 — the Docker 20.10 engine here is built with it — and
 * worker threads, `./gogzip/pool.ts`). Go's level-6 output has been the same from Go 1.8 to
 * Go 1.26; Go 1.27 replaced the encoder (golang/go#75532), so engines built with it store
 * different sizes.
 *
 * How, and why chunks: one deflate stream per layer gives the pushed size exactly, but uses one
 * core. So a layer is cut into chunks (4 MiB) that run on the pool's threads side by side, each
 * a deflate stream primed with the 32 KiB before it (`flate.NewWriterDict`, the window a single
 * stream would have). Layers up to one chunk are exact; beyond, each chunk boundary starts a new
 * deflate block (Go cuts blocks every 16,384 tokens), so block boundaries shift and the size
 * drifts by some hundred bytes per boundary, either way. `chunkSize: Infinity` gives the exact
 * size at one core's speed.
 *
 * Measured against a loopback `docker push` (Docker 20.10, `__tests__/itg/compress.itg.test.ts`):
 * one stream equals every pushed layer blob; with 4 MiB chunks, the example's final image is
 * +0.0022% (3,693,688 vs 3,693,606 bytes; its 1 MB layer exact), the 460 MB Go toolchain layer
 * +0.0012% (127,124,010 vs 127,122,498), layers of Go source text and of compiler binaries
 * +0.029% and −0.038%. zlib's `gzip -6`, the previous estimate, is 1.4–2.1% under a push.
 * CPU: the WebAssembly runs at about half of native Go's speed (~27 CPU-s for the 460 MB layer,
 * where `gzip -6` takes ~17 and native Go ~13 on this machine).
 *
 * Memory: a staging buffer (≤ 1 MiB) and, per thread, at most 4 MiB waiting, plus each thread's
 * WebAssembly instance (~24 MB: the Go runtime's heap, the compressor's window and tables).
 */

/** gzip's 10-byte member header plus its 8-byte trailer (CRC-32, ISIZE), RFC 1952. */
const GZIP_FRAMING_BYTES = 18;
/** Default bytes per chunk. */
const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;
/** deflate's window: the history a chunk is primed with. */
const WINDOW = 32 * 1024;
/** Bytes copied together before they are handed to a thread. */
const STAGE = 1024 * 1024;
/** {@link GzipSizeEstimator}s started in this process ({@link gzipEstimatorsStarted}). */
let estimatorsStarted = 0;
/**
 * Estimates what `gzip.NewWriter` (Go, default level) makes of one stream (a layer tar) fed
 * chunk by chunk.
 *
 * Usage: `await est.write(chunk)` for each chunk (resolves when the estimator can take more:
 * back-pressure while the threads are busy), then `await est.end()` for the size in bytes.
 */
class GzipSizeEstimator {
    chunkSize;
    pool;
    open;
    stage;
    staged = 0;
    /** The last 32 KiB handed over: the next chunk's dictionary. */
    tail = new Uint8Array(0);
    chunks = 0;
    deflated = 0;
    pending = new Set();
    failure;
    constructor(opts = {}) {
        this.chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
        const ok = this.chunkSize === Infinity ||
            (Number.isSafeInteger(this.chunkSize) && this.chunkSize >= WINDOW);
        if (!ok) {
            throw new Error(`GzipSizeEstimator: chunkSize must be an integer ≥ ${WINDOW} or Infinity, got ${this.chunkSize}`);
        }
        this.pool = opts.pool ?? defaultDeflatePool();
        estimatorsStarted++;
        // The first chunk waits for one thread; the others start meanwhile.
        this.pool.prewarm();
    }
    /** Adds bytes. @throws the first compression error, if one happened. */
    async write(chunk) {
        if (this.failure)
            throw this.failure;
        let rest = chunk;
        while (rest.length > 0) {
            const open = this.open ?? (await this.begin());
            const room = Math.min(this.chunkSize - open.filled, STAGE - this.staged);
            const take = Math.min(rest.length, room);
            this.stage ??= stagingBuffer(Math.min(STAGE, this.chunkSize));
            this.stage.set(take === rest.length ? rest : rest.subarray(0, take), this.staged);
            this.staged += take;
            open.filled += take;
            rest = rest.subarray(take);
            if (open.filled === this.chunkSize)
                await this.finishChunk();
            else if (this.staged === STAGE)
                await this.flush();
        }
    }
    /**
     * Ends the stream. @returns the estimated gzip size in bytes (header and trailer included).
     * @throws Error when a compression failed.
     */
    async end() {
        if (this.failure) {
            this.destroy(); // gives the open chunk's thread back
            throw this.failure;
        }
        // An empty layer is still one (empty) gzip stream.
        if (this.open || this.chunks === 0) {
            if (!this.open)
                await this.begin();
            await this.finishChunk();
        }
        while (this.pending.size > 0)
            await Promise.all(this.pending);
        if (this.failure)
            throw this.failure;
        return this.deflated + GZIP_FRAMING_BYTES;
    }
    /** Abandons the estimate: the chunk in progress is ended unread. `end` then rejects. */
    destroy() {
        this.failure ??= new Error('the gzip estimate was abandoned');
        const open = this.open;
        this.open = undefined;
        this.stage = undefined;
        if (open) {
            open.thread.end().then(() => this.pool.release(open.thread), () => this.pool.release(open.thread));
        }
    }
    async begin() {
        const thread = await this.pool.acquire();
        if (this.failure) {
            this.pool.release(thread);
            throw this.failure;
        }
        try {
            thread.begin(this.chunks > 0 ? this.tail.slice() : undefined);
        }
        catch (err) {
            this.pool.release(thread);
            throw err;
        }
        this.chunks++;
        this.open = { thread, filled: 0 };
        return this.open;
    }
    /** Hands the staged bytes to the chunk's thread, keeping the last 32 KiB for the next chunk. */
    async flush() {
        const open = this.open;
        const stage = this.stage;
        if (!open || !stage || this.staged === 0)
            return;
        const data = stage.subarray(0, this.staged);
        if (data.length >= WINDOW)
            this.tail = data.slice(data.length - WINDOW);
        else {
            const keep = Math.min(this.tail.length, WINDOW - data.length);
            const t = new Uint8Array(keep + data.length);
            t.set(this.tail.subarray(this.tail.length - keep));
            t.set(data, keep);
            this.tail = t;
        }
        this.stage = undefined;
        this.staged = 0;
        try {
            await open.thread.write(data);
        }
        catch (err) {
            this.failure ??= err;
            throw err;
        }
    }
    /** Ends the open chunk; its size is added when the thread reports it. */
    async finishChunk() {
        await this.flush();
        const open = this.open;
        if (!open)
            return;
        this.open = undefined;
        const job = open.thread
            .end()
            .then(n => {
            this.deflated += n;
        }, (err) => {
            this.failure ??= err instanceof Error ? err : new Error(String(err));
        })
            .finally(() => {
            this.pool.release(open.thread);
            this.pending.delete(job);
        });
        this.pending.add(job);
    }
}
/**
 * How many {@link GzipSizeEstimator}s this process has started (one per layer estimated): lets
 * tests and timing logs tell an estimate made from one taken from the cache.
 */
function gzipEstimatorsStarted() {
    return estimatorsStarted;
}
/**
 * Starts the estimator's threads in the background (the process-wide pool), so that their
 * start-up overlaps a build or `docker save`. Optional: estimators start threads on demand.
 */
function prewarmGzipEstimator() {
    defaultDeflatePool().prewarm();
}
/**
 * The estimated size of everything `source` yields once `docker push` has gzip-compressed it
 * (Go `gzip.NewWriter`, default level), in bytes.
 * @throws Error when a compression fails or the source fails.
 */
async function estimateGzipSize(source, opts = {}) {
    const est = new GzipSizeEstimator(opts);
    try {
        for await (const chunk of source)
            await est.write(chunk);
    }
    catch (err) {
        est.destroy();
        throw err;
    }
    return est.end();
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __webpack_require__(8474);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
;// CONCATENATED MODULE: ./lib/analyze/file-index.js
/**
 * The per-image path index the file diff, the package diff and the findings need, built while the
 * layers stream (one pass, layers in rootfs order). Pure: the image reader feeds it entries it has
 * already decoded and hashed (see {@link EntryHasher}); nothing here reads a stream.
 *
 * What it keeps (bounded by the image's path count, never by its byte count):
 * - the final merged filesystem: per non-directory path its size, the layer that last wrote it,
 *   mode / uid / gid / mtime, the SHA-256 of its bytes, link target and an inode id (hardlinks
 *   share one, so they are never "duplicates");
 * - the copies that did not survive: written by one layer and removed by a later one (whiteout,
 *   opaque whiteout, removal of a parent directory, replacement by another kind of entry), and
 *   the copies a later layer wrote again over the same path (with whether the content was equal
 *   and which metadata changed);
 * - the text of the OS package databases (`var/lib/dpkg/status`, `lib/apk/db/installed`) as each
 *   layer wrote them — small files, read while they stream past (capped at
 *   {@link DATABASE_MAX_BYTES}).
 *
 * Overlay semantics follow the engine's `ApplyDiff` (moby `pkg/archive/diff.go` `UnpackLayer`):
 * within one layer the last entry of a path wins; whiteouts (`.wh.NAME`) and opaque markers apply
 * before the layer's additions; an entry of another kind at a path (file ↔ directory) replaces
 * what was there, subtree included. Sizes are bytes as the engine counts them (`LayerEntry.size`):
 * a file's length, a symlink's target length, 0 for directories and devices; a hardlink counts 0
 * here and shares its target's inode and hash (the target carries the bytes).
 */

/** Paths (normalised, no leading `/`) whose contents are kept as text: the package databases. */
const DATABASE_PATHS = ['var/lib/dpkg/status', 'lib/apk/db/installed'];
/** The most bytes of one package database kept per layer; a larger one is dropped (and said so). */
const DATABASE_MAX_BYTES = 64 * 1024 * 1024;
/**
 * Builds a {@link FileIndex} layer by layer: `addEntry` for every entry of layer k in tar order,
 * then `endLayer()`, then the next layer; `finish()` at the end.
 */
class FileIndexBuilder {
    nodes = new Map();
    pending = new Map();
    removed = [];
    rewritten = [];
    databases = [];
    /** How many names each inode (an index: inodes are numbered from 0) has in the current tree. */
    links = [];
    /** The bytes of each inode (its regular file's or symlink's size). */
    inodeBytes = [];
    layer = 0;
    nextInode = 0;
    constructor() {
        this.nodes.set('', { children: new Set() });
    }
    /** Adds one entry of the current layer (tar order; a later entry of the same path wins). */
    addEntry(entry) {
        const key = entry.type === 'opaque' ? `${entry.path}\0opaque` : entry.path;
        if (this.pending.has(key))
            this.pending.delete(key);
        this.pending.set(key, entry);
    }
    /** Applies the current layer's entries to the tree and starts the next layer. */
    endLayer() {
        const k = this.layer;
        const entries = [...this.pending.values()];
        this.pending = new Map();
        // Removals first (moby applies whiteouts as it meets them, but a layer diff never both
        // removes and adds one path unless the addition is meant to survive).
        for (const e of entries) {
            if (e.type === 'whiteout') {
                this.removeSubtree(e.path, k);
                this.noteDatabaseRemoval(e.path, k);
            }
            else if (e.type === 'opaque') {
                const node = this.nodes.get(e.path);
                for (const child of [...(node?.children ?? [])])
                    this.removeSubtree(child, k);
            }
        }
        // This layer's own inodes, by path, for hardlinks to entries of the same layer.
        const layerInodes = new Map();
        for (const e of entries) {
            if (e.type === 'whiteout' || e.type === 'opaque')
                continue;
            if (e.type === 'dir') {
                const existing = this.nodes.get(e.path);
                if (existing?.file)
                    this.removeSubtree(e.path, k);
                this.ensureDir(e.path, k);
                continue;
            }
            const parent = parentOf(e.path);
            this.ensureDir(parent, k);
            const previous = this.nodes.get(e.path);
            if (previous?.children)
                this.removeSubtree(e.path, k);
            const file = this.makeFile(e, k, layerInodes);
            layerInodes.set(e.path, file);
            if (previous?.file) {
                const old = previous.file;
                this.rewritten.push({
                    path: e.path,
                    layer: old.layer,
                    by: k,
                    size: this.survivingSize(old),
                    newSize: file.size,
                    sameContent: old.type === 'file' &&
                        file.type === 'file' &&
                        old.sha256 !== undefined &&
                        old.sha256 === file.sha256,
                    changed: metadataChanges(old, file)
                });
                this.unlink(old);
            }
            this.link(file);
            this.nodes.set(e.path, { file });
            this.nodes.get(parent)?.children?.add(e.path);
            if (DATABASE_PATHS.includes(e.path)) {
                this.databases.push({ path: e.path, layer: k, text: e.text });
            }
        }
        this.layer++;
    }
    /** The finished index; the builder must not be used afterwards. */
    finish() {
        if (this.pending.size > 0)
            this.endLayer();
        const files = new Map();
        const dirs = new Set();
        for (const [path, node] of this.nodes) {
            if (node.file)
                files.set(path, node.file);
            else if (path !== '')
                dirs.add(path);
        }
        return {
            layerCount: this.layer,
            files,
            dirs,
            removed: this.removed,
            rewritten: this.rewritten,
            databases: this.databases
        };
    }
    makeFile(e, k, layerInodes) {
        // Properties set one by one in a fixed order (no spreads): one object shape, and fast.
        let file;
        let sha256 = e.sha256;
        if (e.type === 'hardlink') {
            const target = layerInodes.get(e.linkTarget ?? '') ?? this.nodes.get(e.linkTarget ?? '')?.file;
            file = {
                type: 'hardlink',
                size: 0,
                layer: k,
                inode: target ? target.inode : this.nextInode++
            };
            sha256 = target?.sha256;
        }
        else {
            const type = e.type === 'file' || e.type === 'symlink' ? e.type : 'other';
            file = { type, size: e.size, layer: k, inode: this.nextInode++ };
        }
        if (e.mode !== undefined)
            file.mode = e.mode;
        if (e.uid !== undefined)
            file.uid = e.uid;
        if (e.gid !== undefined)
            file.gid = e.gid;
        if (e.mtime !== undefined)
            file.mtime = e.mtime;
        if (sha256 !== undefined)
            file.sha256 = sha256;
        if (e.linkTarget !== undefined)
            file.linkTarget = e.linkTarget;
        return file;
    }
    /**
     * Bytes that disappear with a copy: its inode's bytes when it is the inode's last name, else 0
     * (another name keeps them).
     */
    survivingSize(file) {
        return (this.links[file.inode] ?? 0) > 1 ? 0 : (this.inodeBytes[file.inode] ?? 0);
    }
    link(file) {
        // Inodes are numbered in order, so the arrays stay dense (holes are filled with 0).
        while (this.links.length <= file.inode) {
            this.links.push(0);
            this.inodeBytes.push(0);
        }
        this.links[file.inode] = (this.links[file.inode] ?? 0) + 1;
        if (file.type !== 'hardlink')
            this.inodeBytes[file.inode] = file.size;
    }
    unlink(file) {
        const n = (this.links[file.inode] ?? 0) - 1;
        this.links[file.inode] = Math.max(n, 0);
        if (n <= 0)
            this.inodeBytes[file.inode] = 0;
    }
    ensureDir(path, k) {
        if (path === '')
            return;
        const node = this.nodes.get(path);
        if (node?.children)
            return;
        if (node?.file)
            this.removeSubtree(path, k);
        const parent = parentOf(path);
        this.ensureDir(parent, k);
        this.nodes.set(path, { children: new Set() });
        this.nodes.get(parent)?.children?.add(path);
    }
    /**
     * Removes `path` and everything below it, recording each removed non-directory copy as removed
     * by layer `k`.
     */
    removeSubtree(path, k) {
        const node = this.nodes.get(path);
        if (!node)
            return;
        if (node.file) {
            this.removed.push({
                path,
                layer: node.file.layer,
                removedBy: k,
                size: this.survivingSize(node.file)
            });
            this.unlink(node.file);
        }
        for (const child of node.children ?? [])
            this.removeSubtree(child, k);
        this.nodes.delete(path);
        this.nodes.get(parentOf(path))?.children?.delete(path);
    }
    noteDatabaseRemoval(path, k) {
        for (const db of DATABASE_PATHS) {
            if (db === path || db.startsWith(`${path}/`))
                this.databases.push({ path: db, layer: k, removed: true });
        }
    }
}
/** The parent directory of a normalised path (`''` for the root). */
function parentOf(path) {
    const slash = path.lastIndexOf('/');
    return slash < 0 ? '' : path.slice(0, slash);
}
function metadataChanges(a, b) {
    const out = [];
    if (a.mode !== b.mode)
        out.push('mode');
    if (a.uid !== b.uid || a.gid !== b.gid)
        out.push('owner');
    if (a.mtime !== b.mtime)
        out.push('mtime');
    return out;
}
/**
 * An {@link EntryHasher} for the regular file at normalised `path`.
 * Memory: the hash state, plus the body of a package database up to {@link DATABASE_MAX_BYTES}.
 */
function entryHasher(path) {
    // Most files arrive in one chunk: those are hashed in one call when they end, without a Hash
    // object (a native object per file costs more than hashing a small file). A second chunk
    // starts an incremental hash.
    let hash;
    let first;
    const keep = DATABASE_PATHS.includes(path);
    let chunks = keep ? [] : undefined;
    let kept = 0;
    return {
        update(chunk) {
            if (hash)
                hash.update(chunk);
            else if (first === undefined)
                first = chunk;
            else {
                hash = (0,external_node_crypto_.createHash)('sha256').update(first).update(chunk);
                first = undefined;
            }
            if (chunks) {
                kept += chunk.length;
                if (kept > DATABASE_MAX_BYTES)
                    chunks = undefined;
                else
                    chunks.push(chunk);
            }
        },
        finish() {
            const sha256 = hash ? hash.digest('base64') : (0,external_node_crypto_.hash)('sha256', first ?? EMPTY, 'base64');
            return chunks ? { sha256, text: Buffer.concat(chunks).toString('utf8') } : { sha256 };
        }
    };
}
const EMPTY = Buffer.alloc(0);
/**
 * Builds an index from plain entries (tests, and readers that cannot hash): `layers[k]` are the
 * entries of layer k in tar order.
 */
function indexFromEntries(layers) {
    const builder = new FileIndexBuilder();
    for (const layer of layers) {
        for (const e of layer)
            builder.addEntry(e);
        builder.endLayer();
    }
    return builder.finish();
}

;// CONCATENATED MODULE: ./lib/image/hash-worker.js
/**
 * SHA-256 of file bodies in a worker thread, so the thread that parses a layer tar only copies
 * bytes (issue 9: hashing every file of the 460 MB Go toolchain image on the main thread added
 * about a third to reading it).
 *
 * One process-wide thread serves every {@link FileHashStream} (one per layer scan). A stream
 * copies each body chunk into a staging buffer of {@link BATCH_BYTES}; a full buffer goes to the
 * thread as a transferred `ArrayBuffer` with a list of segments (file id, offset, length, last);
 * the thread hashes them (one call for a file whose bytes sit in one batch, an incremental hash
 * for a file that spans batches), sends the digests (base64, as `crypto.hash(…, 'base64')`
 * writes them) and gives the buffer back for reuse. Chunks are copied at once, never held, so the
 * tar's buffers are garbage as soon as the parser is done with them.
 *
 * The thread takes the work the reader has no time for, never more: while
 * {@link BUSY_IN_FLIGHT} batches wait for it the stream is {@link FileHashStream.busy} and the
 * caller hashes the files it begins itself (`src/image/layer-scan.ts`), so the reader never sits
 * idle while the thread lags (on a loaded machine it may not run for milliseconds).
 *
 * Memory: at most {@link MAX_IN_FLIGHT} batches wait for the thread; a stream is
 * {@link FileHashStream.congested} beyond that (only a large file can do it) and its writer waits
 * on {@link FileHashStream.room} (the few batches a writer adds before it looks are allocated
 * anyway: a body chunk is never refused).
 *
 * The thread runs from source text (`new Worker(code, { eval: true })`, as
 * `./gogzip/pool.ts` does), so a bundle ships no worker file. It is unref'd while no stream waits
 * for it: it never keeps the process alive.
 */

/** Bytes of one batch (staging buffer) sent to the thread. */
const BATCH_BYTES = 1024 * 1024;
/**
 * Batches a stream may have at the thread before it is {@link FileHashStream.busy}: files begun
 * then are better hashed by the caller.
 */
const BUSY_IN_FLIGHT = 4;
/** Batches a stream may have at the thread before it is {@link FileHashStream.congested}. */
const MAX_IN_FLIGHT = 8;
/**
 * A congested stream's writer resumes once this few batches wait: each wait then spans several
 * batches (a thread switch costs milliseconds on a loaded machine).
 */
const RESUME_IN_FLIGHT = 2;
/** SHA-256 of no bytes, base64. */
const EMPTY_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';
/**
 * The body of the thread, run from its source text. Uses nothing from the enclosing module (it
 * is stringified), and `process.getBuiltinModule` rather than `require`: an eval'd thread
 * inherits the process's flags and is an ES module under `--input-type=module`.
 */
function hash_worker_threadMain() {
    const wt = process.getBuiltinModule('node:worker_threads');
    const crypto = process.getBuiltinModule('node:crypto');
    const port = wt.parentPort;
    if (!port)
        return;
    const open = new Map();
    port.on('message', (msg) => {
        if (msg.op === 'drop') {
            for (const id of msg.ids)
                open.delete(id);
            return;
        }
        const bytes = new Uint8Array(msg.buf);
        const segs = msg.segs;
        const ids = [];
        const digests = [];
        for (let i = 0; i + 3 < segs.length; i += 4) {
            const id = segs[i];
            const off = segs[i + 1];
            const view = bytes.subarray(off, off + segs[i + 2]);
            const h = open.get(id);
            if (segs[i + 3] === 1) {
                if (h)
                    open.delete(id);
                ids.push(id);
                digests.push(h ? h.update(view).digest('base64') : crypto.hash('sha256', view, 'base64'));
            }
            else if (h)
                h.update(view);
            else
                open.set(id, crypto.createHash('sha256').update(view));
        }
        const reply = { stream: msg.stream, buf: msg.buf, ids, digests };
        port.postMessage(reply, [msg.buf]);
    });
}
const hash_worker_THREAD_SOURCE = `(${hash_worker_threadMain.toString()})()`;
/** The process-wide thread and the streams it serves. */
class HashThread {
    worker;
    streams = new Map();
    /** Buffers the thread gave back. */
    spare = [];
    /** Batches sent and not yet back, over all streams: the thread is ref'd while > 0. */
    pending = 0;
    failure;
    constructor() {
        this.worker = new external_node_worker_threads_.Worker(hash_worker_THREAD_SOURCE, { eval: true });
        this.worker.unref();
        this.worker.on('message', (m) => this.onReply(m));
        this.worker.on('error', err => this.onFailure(err));
        this.worker.on('exit', code => this.onFailure(new Error(`it exited (code ${code})`)));
    }
    register(id, stream) {
        this.streams.set(id, stream);
    }
    unregister(id) {
        this.streams.delete(id);
    }
    send(req) {
        if (this.pending++ === 0)
            this.worker.ref();
        this.worker.postMessage(req, [req.buf]);
    }
    drop(ids) {
        if (!this.failure && ids.length > 0)
            this.worker.postMessage({ op: 'drop', ids });
    }
    onReply(m) {
        if (--this.pending === 0)
            this.worker.unref();
        if (this.spare.length < MAX_IN_FLIGHT)
            this.spare.push(m.buf);
        this.streams.get(m.stream)?.onBatchDone(m.ids, m.digests);
    }
    onFailure(err) {
        if (this.failure)
            return;
        this.failure = new Error(`the file hashing thread failed: ${err.message}`, { cause: err });
        if (thread === this)
            thread = undefined;
        for (const s of this.streams.values())
            s.onFailure(this.failure);
        this.streams.clear();
    }
}
let thread;
let nextStreamId = 0;
let nextFileId = 0;
/**
 * Hashes the regular files of one tar, in tar order, on the hashing thread: `begin(onDigest)`,
 * `update(chunk)`…, `end()` per file (one file at a time), then `flush()` once. `onDigest`
 * receives the SHA-256 of the file's bytes, base64, later (a file without bytes: at `end()`).
 * @throws Error from the constructor when the thread cannot start (workers unavailable).
 */
class FileHashStream {
    id = nextStreamId++;
    thread;
    buf;
    used = 0;
    segs = [];
    inFlight = 0;
    callbacks = new Map();
    /** The file begun and not ended: its id, and whether any of its bytes were seen. */
    current;
    /** Ids of files whose bytes the thread holds in an incremental hash. */
    spanning = new Set();
    waiters = [];
    failure;
    constructor() {
        if (!thread || thread.failure)
            thread = new HashThread();
        this.thread = thread;
        this.thread.register(this.id, this);
        this.buf = this.takeBuffer();
    }
    /** Starts the next file; `onDigest` gets its SHA-256 (base64). */
    begin(onDigest) {
        const id = nextFileId++;
        this.current = { id, bytes: 0 };
        this.callbacks.set(id, onDigest);
    }
    /** Copies the current file's next bytes (the chunk is not kept). */
    update(chunk) {
        const cur = this.current;
        if (!cur || this.failure)
            return;
        let off = 0;
        while (off < chunk.length) {
            if (this.used === this.buf.length) {
                this.post();
                if (this.failure)
                    return;
            }
            const n = Math.min(chunk.length - off, this.buf.length - this.used);
            this.buf.set(chunk.subarray(off, off + n), this.used);
            const last = this.segs.length - 4;
            if (last >= 0 && this.segs[last] === cur.id) {
                // Contiguous with the file's previous segment in this batch: grow it.
                this.segs[last + 2] = this.segs[last + 2] + n;
            }
            else
                this.segs.push(cur.id, this.used, n, 0);
            this.used += n;
            off += n;
            cur.bytes += n;
        }
    }
    /** Ends the current file. */
    end() {
        const cur = this.current;
        this.current = undefined;
        if (!cur || this.failure)
            return;
        if (cur.bytes === 0) {
            const cb = this.callbacks.get(cur.id);
            this.callbacks.delete(cur.id);
            cb?.(EMPTY_SHA256);
            return;
        }
        const last = this.segs.length - 4;
        if (last >= 0 && this.segs[last] === cur.id)
            this.segs[last + 3] = 1;
        else
            this.segs.push(cur.id, 0, 0, 1);
    }
    /**
     * At least {@link BUSY_IN_FLIGHT} batches wait for the thread: a file begun now is better
     * hashed by the caller itself (the thread lags, e.g. on a loaded machine).
     */
    get busy() {
        return this.inFlight >= BUSY_IN_FLIGHT;
    }
    /** More than {@link MAX_IN_FLIGHT} batches wait for the thread: the writer should wait. */
    get congested() {
        return this.inFlight > MAX_IN_FLIGHT;
    }
    /**
     * Resolves once at most {@link RESUME_IN_FLIGHT} batches wait for the thread (at once when the
     * stream is not {@link congested}). @throws the thread's failure.
     */
    room() {
        if (this.failure)
            return Promise.reject(this.failure);
        if (!this.congested)
            return Promise.resolve();
        return new Promise((resolve, reject) => this.waiters.push({ resolve, reject, idle: false }));
    }
    /**
     * Sends what is staged and resolves once every file ended so far has its digest; the stream
     * is then done (it lets go of the thread). @throws the thread's failure.
     */
    async flush() {
        if (this.failure)
            throw this.failure;
        if (this.segs.length > 0)
            this.post();
        if (this.inFlight > 0) {
            await new Promise((resolve, reject) => this.waiters.push({ resolve, reject, idle: true }));
        }
        this.close();
    }
    /** Gives up: forgets pending files, lets go of the thread. Idempotent. */
    abort() {
        if (this.current)
            this.spanning.add(this.current.id);
        this.current = undefined;
        this.thread.drop([...this.spanning]);
        this.spanning.clear();
        this.callbacks.clear();
        this.close();
    }
    /** @internal A batch came back with the digests of the files that ended in it. */
    onBatchDone(ids, digests) {
        this.inFlight--;
        for (let i = 0; i < ids.length; i++) {
            const id = ids[i];
            const cb = this.callbacks.get(id);
            this.callbacks.delete(id);
            this.spanning.delete(id);
            cb?.(digests[i]);
        }
        const left = [];
        for (const w of this.waiters) {
            if (this.inFlight <= (w.idle ? 0 : RESUME_IN_FLIGHT))
                w.resolve();
            else
                left.push(w);
        }
        this.waiters = left;
    }
    /** @internal The thread failed: every wait rejects. */
    onFailure(err) {
        this.failure = err;
        for (const w of this.waiters)
            w.reject(err);
        this.waiters = [];
    }
    close() {
        this.thread.unregister(this.id);
    }
    takeBuffer() {
        const spare = this.thread.spare.pop();
        return new Uint8Array(spare ?? new ArrayBuffer(BATCH_BYTES));
    }
    /** Sends the staged batch and starts a new one. */
    post() {
        if (this.thread.failure) {
            this.onFailure(this.thread.failure);
            this.used = 0;
            this.segs = [];
            return;
        }
        // A file still open at the end of the batch continues in the next: the thread keeps its state.
        const last = this.segs.length - 4;
        if (last >= 0 && this.segs[last + 3] === 0)
            this.spanning.add(this.segs[last]);
        this.inFlight++;
        this.thread.send({
            op: 'batch',
            stream: this.id,
            buf: this.buf.buffer,
            segs: this.segs
        });
        this.buf = this.takeBuffer();
        this.used = 0;
        this.segs = [];
    }
}

;// CONCATENATED MODULE: ./lib/image/tar-framing.js
/**
 * Block framing of a tar stream by the rules of Go's `archive/tar` reader (which dockerd,
 * containerd and dive use), placed in front of tar-stream where the two disagree:
 *
 * - The archive ends at its end-of-archive marker, two zero blocks (Go `reader.go` `readHeader`).
 *   What follows is not part of the archive (eStargz layers keep `stargz.index.json` there).
 *   tar-stream skips zero blocks and reads on. A zero block followed by a header is an error in
 *   Go (`ErrHeader`), and here.
 * - Link, symlink, character and block device, directory and FIFO headers carry no data whatever
 *   their size field (or PAX `size` record) says (Go `common.go` `isHeaderOnlyType`,
 *   `reader.go` `handleRegularFile`; bazel-contrib/rules_img#63 shows tools that write a size).
 *   tar-stream reads the data of all but directories (and never ends a sized directory's body),
 *   so the framer rewrites the size field to 0 (and renames a PAX `size` record) before
 *   tar-stream sees such a header.
 * - A NUL type flag with a name ending in `/` is a directory (Go and tar-stream agree on the
 *   header's own name; Go also looks at a PAX or GNU long name, and so does the framer).
 * - PAX global headers (`g`) do not change later entries in Go; tar-stream merges their records
 *   into the next PAX header, so a global `size` record is renamed too.
 *
 * Headers the framer cannot judge (bad checksum, a type flag tar-stream does not decode such as
 * old-GNU sparse `S`, an oversized PAX header) switch it to pass-through: from there on tar-stream
 * sees the bytes as they are and reports its own error, as before.
 *
 * Memory: one partial header block and the meta headers (PAX, GNU long names) of the entry being
 * framed, at most {@link MAX_META_BYTES} each.
 */
const BLOCK = 512;
/** tar-stream's own limit on one PAX or GNU long-name header (`extract.js` `MAX_HEADER_SIZE`). */
const MAX_META_BYTES = 4 * 1024 * 1024;
const TYPE_REG_A = 0x00; // '\0'
const TYPE_REG = 0x30; // '0'
const TYPE_DIR = 0x35; // '5'
const TYPE_PAX = 0x78; // 'x'
const TYPE_PAX_GLOBAL = 0x67; // 'g'
const TYPE_GNU_LONG_NAME = 0x4c; // 'L'
const TYPE_GNU_LONG_LINK = 0x4b; // 'K'
/** '1' hardlink … '6' FIFO: header-only types in Go's archive/tar. */
function isHeaderOnly(type) {
    return type >= 0x31 && type <= 0x36;
}
/** The type flags tar-stream decodes (`headers.js` `toType`); others come out as null. */
function tarStreamKnows(type) {
    return (type === TYPE_REG_A ||
        (type >= 0x30 && type <= 0x37) ||
        type === TYPE_PAX ||
        type === TYPE_PAX_GLOBAL ||
        type === TYPE_GNU_LONG_NAME ||
        type === TYPE_GNU_LONG_LINK ||
        type === 0x4e // 'N', old GNU long name
    );
}
function padding(n) {
    return (BLOCK - (n % BLOCK)) % BLOCK;
}
function isZeroBlock(block) {
    for (let i = 0; i < BLOCK; i++)
        if (block[i] !== 0)
            return false;
    return true;
}
/** The header checksum as tar-stream checks it (unsigned, checksum field as spaces). */
function checksumMatches(block) {
    let sum = 8 * 0x20;
    for (let i = 0; i < 148; i++)
        sum += block[i] ?? 0;
    for (let i = 156; i < BLOCK; i++)
        sum += block[i] ?? 0;
    const field = block
        .toString('latin1', 148, 156)
        .replace(/[\0 ]+/g, ' ')
        .trim();
    return /^[0-7]+$/.test(field) && Number.parseInt(field, 8) === sum;
}
function fixChecksum(block) {
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++)
        sum += block[i] ?? 0;
    block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
}
/** A C string field: up to its first NUL. */
function cString(block, start, length) {
    const end = block.indexOf(0, start);
    return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}
/** The header's own name, with the ustar prefix as tar-stream and Go join it. */
function blockName(block) {
    const name = cString(block, 0, 100);
    const ustar = block.toString('latin1', 257, 263) === 'ustar\0';
    if (ustar && block[345] !== 0)
        return `${cString(block, 345, 155)}/${name}`;
    return name;
}
/**
 * A numeric header field as Go's `parser.parseNumeric` reads it: base-256 when the first byte has
 * its high bit set (negative when the next bit is set too), else octal with spaces and NULs
 * trimmed. Returns undefined when Go would refuse it.
 */
function parseNumeric(field) {
    const first = field[0] ?? 0;
    if (first & 0x80) {
        const negative = (first & 0x40) !== 0;
        const inv = negative ? 0xff : 0;
        let n = 0;
        for (let i = 0; i < field.length; i++) {
            let b = (field[i] ?? 0) ^ inv;
            if (i === 0)
                b &= 0x7f;
            n = n * 256 + b;
        }
        if (!Number.isSafeInteger(n))
            return undefined;
        return negative ? -n - 1 : n;
    }
    const text = field.toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '');
    if (text === '')
        return 0;
    if (!/^[0-7]+$/.test(text))
        return undefined;
    const n = Number.parseInt(text, 8);
    return Number.isSafeInteger(n) ? n : undefined;
}
/** PAX records as Go's `parsePAXRecord` reads them ("%d %s=%s\n"); undefined when malformed. */
function parsePax(data) {
    const records = [];
    let pos = 0;
    while (pos < data.length) {
        const space = data.indexOf(0x20, pos);
        if (space < 0)
            return undefined;
        const lenText = data.toString('latin1', pos, space);
        if (!/^[0-9]+$/.test(lenText))
            return undefined;
        const len = Number.parseInt(lenText, 10);
        const end = pos + len;
        if (len <= space - pos || end > data.length || data[end - 1] !== 0x0a)
            return undefined;
        const eq = data.indexOf(0x3d, space + 1);
        if (eq < 0 || eq >= end - 1)
            return undefined;
        records.push({
            key: data.toString('utf8', space + 1, eq),
            value: data.toString('utf8', eq + 1, end - 1),
            keyOffset: space + 1
        });
        pos = end;
    }
    return records;
}
/**
 * Frames a tar stream fed to it chunk by chunk and returns, per chunk, the bytes tar-stream
 * should see. See the module comment for the rules.
 *
 * Errors (thrown by {@link feed}) name the byte offset: a zero block followed by a header, a size
 * field or PAX record Go's reader refuses, a negative data size, an entry whose data Go and
 * tar-stream would frame differently in a way no rewrite reconciles.
 */
class TarFramer {
    /** Offset just past the end-of-archive marker, once seen. */
    endOffset;
    /** True once the framer passes bytes through unjudged (tar-stream will report the error). */
    passThrough = false;
    /** Bytes of the archive framed so far (header blocks, data, padding, zero blocks). */
    offset = 0;
    partial = [];
    partialBytes = 0;
    /** Data and padding bytes of the current entry still to forward. */
    dataLeft = 0;
    /** Offset of a zero block not yet followed by a second one. */
    zeroAt = -1;
    meta;
    metaLeft = 0;
    /** Completed meta headers of the next entry, held until its header shows what it is. */
    held = [];
    paxRecords;
    longName;
    /**
     * Frames the next bytes of the stream.
     * @returns the bytes to hand to tar-stream, in order (possibly none; patched headers are copies)
     * @throws Error naming the byte offset where the archive breaks Go's rules (see the class).
     */
    feed(chunk) {
        const out = [];
        let pos = 0;
        while (pos < chunk.length) {
            if (this.passThrough) {
                out.push(pos === 0 ? chunk : chunk.subarray(pos));
                break;
            }
            if (this.endOffset !== undefined)
                break; // past the marker: drained, never parsed
            const available = chunk.length - pos;
            if (this.dataLeft > 0) {
                const n = Math.min(this.dataLeft, available);
                out.push(chunk.subarray(pos, pos + n));
                pos += n;
                this.offset += n;
                this.dataLeft -= n;
                continue;
            }
            if (this.meta) {
                const n = Math.min(this.metaLeft, available);
                this.meta.chunks.push(chunk.subarray(pos, pos + n));
                pos += n;
                this.offset += n;
                this.metaLeft -= n;
                if (this.metaLeft === 0)
                    this.finishMeta();
                continue;
            }
            const need = BLOCK - this.partialBytes;
            if (available < need) {
                this.partial.push(chunk.subarray(pos));
                this.partialBytes += available;
                break;
            }
            const piece = chunk.subarray(pos, pos + need);
            pos += need;
            const block = this.partialBytes === 0 ? piece : Buffer.concat([...this.partial, piece]);
            this.partial = [];
            this.partialBytes = 0;
            this.header(block, out);
        }
        return out;
    }
    /**
     * The stream ended: the bytes still held (a partial block, meta headers without their entry),
     * so that tar-stream sees a truncated archive as truncated.
     */
    finish() {
        if (this.endOffset !== undefined || this.passThrough)
            return [];
        const rest = [...this.held, ...(this.meta ? [this.meta.header, ...this.meta.chunks] : [])];
        rest.push(...this.partial);
        this.held = [];
        this.meta = undefined;
        this.partial = [];
        return rest;
    }
    header(block, out) {
        const at = this.offset;
        this.offset += BLOCK;
        if (isZeroBlock(block)) {
            if (this.zeroAt < 0) {
                this.zeroAt = at;
                return;
            }
            // The marker. Meta headers without an entry are dropped, as Go's reader ends there too.
            this.endOffset = this.offset;
            this.held = [];
            this.paxRecords = undefined;
            return;
        }
        if (this.zeroAt >= 0) {
            throw new Error(`a zero block at byte ${this.zeroAt} is followed by a header at byte ${at}: not an ` +
                `end-of-archive marker (two zero blocks), and Go's archive/tar refuses it`);
        }
        const type = block[156] ?? 0;
        if (!checksumMatches(block) || !tarStreamKnows(type)) {
            this.passThroughFrom(block, out);
            return;
        }
        const size = parseNumeric(block.subarray(124, 136));
        if (size === undefined) {
            throw new Error(`the tar header at byte ${at} has a size field Go's archive/tar refuses`);
        }
        if (type === TYPE_PAX ||
            type === TYPE_PAX_GLOBAL ||
            type === TYPE_GNU_LONG_NAME ||
            type === TYPE_GNU_LONG_LINK) {
            if (size < 0)
                throw new Error(`the tar header at byte ${at} has a negative size`);
            if (size > MAX_META_BYTES) {
                this.passThroughFrom(block, out);
                return;
            }
            this.meta = { type, offset: at, header: block, size, chunks: [] };
            this.metaLeft = size + padding(size);
            if (this.metaLeft === 0)
                this.finishMeta();
            return;
        }
        this.entry(block, type, size, at, out);
    }
    /** A file, link, directory or device header: how many data bytes follow, and tar-stream agrees. */
    entry(header, type, size, at, out) {
        let block = header;
        const paxSizeRecord = this.paxRecords?.records.findLast(r => r.key === 'size');
        let paxSize;
        if (paxSizeRecord) {
            paxSize = /^-?[0-9]+$/.test(paxSizeRecord.value)
                ? Number.parseInt(paxSizeRecord.value, 10)
                : Number.NaN;
            if (!Number.isSafeInteger(paxSize)) {
                throw new Error(`the PAX size record of the entry at byte ${at} (${JSON.stringify(paxSizeRecord.value)}) ` +
                    `is not a number Go's archive/tar accepts`);
            }
        }
        const ownName = blockName(block);
        const paxPath = this.paxRecords?.records.findLast(r => r.key === 'path')?.value;
        const name = this.longName ?? paxPath ?? ownName;
        const dataSize = paxSize ?? size;
        // Go: header-only types carry no data; a NUL type flag with a trailing `/` is a directory.
        const goDir = type === TYPE_REG_A && name.endsWith('/');
        const goData = isHeaderOnly(type) || goDir ? 0 : dataSize;
        // tar-stream: only directories (type 5, or 0/NUL with the header's own name ending in `/`).
        const tsDir = type === TYPE_DIR || ((type === TYPE_REG_A || type === TYPE_REG) && ownName.endsWith('/'));
        const tsData = tsDir ? 0 : dataSize;
        if (goData < 0) {
            throw new Error(`the tar entry at byte ${at} has a negative size (${goData})`);
        }
        // tar-stream must see size 0 wherever Go reads no data: it would read the data otherwise, and
        // even for a directory its entry body never ends when the size field is not 0.
        if (goData !== tsData || (goData === 0 && dataSize !== 0) || (goDir && !tsDir)) {
            if (goData !== 0) {
                throw new Error(`the tar entry "${name}" at byte ${at} is a regular file whose name ends in "/": ` +
                    `its ${goData} data bytes cannot be read`);
            }
            block = Buffer.from(block);
            block.write('00000000000\0', 124, 'latin1');
            if (goDir && !tsDir)
                block[156] = TYPE_DIR;
            fixChecksum(block);
            if (paxSizeRecord && this.paxRecords)
                renameKey(this.paxRecords.data, paxSizeRecord);
        }
        out.push(...this.held, block);
        this.held = [];
        this.paxRecords = undefined;
        this.longName = undefined;
        this.dataLeft = goData + padding(goData);
    }
    finishMeta() {
        const meta = this.meta;
        if (!meta)
            return;
        this.meta = undefined;
        // A copy: its records may be renamed, and the source chunks may still be read elsewhere.
        const data = Buffer.concat(meta.chunks, meta.size + padding(meta.size));
        const content = data.subarray(0, meta.size);
        if (meta.type === TYPE_PAX || meta.type === TYPE_PAX_GLOBAL) {
            const records = parsePax(content);
            if (!records) {
                throw new Error(`the PAX header at byte ${meta.offset} has a malformed record`);
            }
            if (meta.type === TYPE_PAX) {
                // Go: the latest PAX header applies to the next entry, replacing any earlier one.
                this.paxRecords = { data: content, records };
            }
            else {
                for (const r of records)
                    if (r.key === 'size')
                        renameKey(content, r);
            }
        }
        else if (meta.type === TYPE_GNU_LONG_NAME) {
            const nul = content.indexOf(0);
            this.longName = content.toString('utf8', 0, nul < 0 ? content.length : nul);
        }
        this.held.push(meta.header, data);
    }
    passThroughFrom(block, out) {
        this.passThrough = true;
        out.push(...this.held, block);
        this.held = [];
    }
}
/** Renames a PAX `size` record in place (same length) so that tar-stream ignores it. */
function renameKey(data, record) {
    data.write('SIZE', record.keyOffset, 'latin1');
}

;// CONCATENATED MODULE: ./lib/image/layer-scan.js
/**
 * Scan one uncompressed layer tar: the layer's size as the engine counts it, the bytes of tar
 * read, and (on request) the entries the waste analysis needs.
 *
 * The tar is read as Go's archive/tar reads it (dockerd, containerd and dive use it): it ends at
 * its end-of-archive marker (two zero blocks; what follows, such as eStargz's `stargz.index.json`,
 * is drained but neither counted nor listed), and link, symlink, directory, device and FIFO
 * headers carry no data whatever their size field says. `./tar-framing.ts` frames the blocks by
 * those rules in front of `tar-stream`, which decodes the headers (PAX headers, PAX global
 * headers, GNU long names and link names, base-256 size fields). Entry bodies are drained as they
 * stream past, never buffered.
 * Memory: one header plus the streams' buffers, plus a small index of this layer's paths (path →
 * inode number), which duplicate paths and hardlinks need; with `collectEntries` the entries too.
 *
 * A path that occurs twice in one tar counts as extraction leaves it: the last entry wins (the
 * classic store refuses such a layer outright, "duplicates of file paths not supported", but
 * other producers write them: moby/buildkit issue 266). Sparse files count their apparent size:
 * PAX GNU sparse records (`GNU.sparse.size`/`realsize`, `GNU.sparse.name`) are honoured, as Go's
 * archive/tar `readGNUSparsePAXHeaders` does; Docker's own writers store sparse files densely.
 */






/**
 * Bytes waiting in front of the scan (in the source stream's buffer and the scan's own) from
 * which on file bodies are hashed on the worker thread: the scan, not its source, is then the
 * slower.
 */
const OFFLOAD_BACKLOG = 256 * 1024;
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_NAME = '.wh..wh..opq';
/** AUFS metadata (`.wh..wh.plnk`, `.wh..wh.aufs`, …) at the layer root; moby skips it. */
const WHITEOUT_META_PREFIX = '.wh..wh.';
/**
 * Normalises a tar path: drops leading `./` and `/`, trailing `/`, empty and `.` segments.
 * Returns `''` for the root.
 */
function normalizeTarPath(name) {
    return name
        .split('/')
        .filter(s => s !== '' && s !== '.')
        .join('/');
}
/**
 * Reads one uncompressed layer tar to its end (the stream's end, past the archive's marker).
 *
 * @param tarStream the layer tar (uncompressed), read to its end.
 * @param opts `collectEntries`: also return the entries.
 * @returns the layer's size (bytes, as the engine counts it), the tar bytes read, the number of
 *   non-directory paths, dangling hardlinks, and the entries when asked for.
 * @throws Error when the stream is not a tar, is truncated (no end-of-archive blocks), breaks a
 *   rule Go's reader enforces (a lone zero block before a header, a bad size field or PAX
 *   record: the message names the byte offset), holds an entry type tar-stream cannot decode
 *   (e.g. old-GNU sparse `S`), or the stream itself fails.
 */
async function scanLayer(tarStream, opts) {
    if (opts === null || typeof opts !== 'object' || typeof opts.collectEntries !== 'boolean') {
        throw new Error('scanLayer: opts must be { collectEntries: boolean }');
    }
    const details = opts.collectEntries && opts.fileDetails === true;
    const paths = new Map();
    const inodeSizes = [];
    let order = 0;
    let danglingLinks = 0;
    let tarBytes = 0;
    let entryError;
    const framer = new TarFramer();
    // File bodies are hashed here while this thread keeps up with the stream (it would wait for
    // bytes anyway: `docker save` is slower than the scan), on a worker thread (./hash-worker.ts)
    // while bytes pile up in front of the scan (a file on disk), unless that thread lags behind
    // too. Package databases, whose text is kept too, always here.
    let hashes;
    const source = tarStream;
    const offload = () => (source.readableObjectMode === true ? 0 : (source.readableLength ?? 0)) +
        counter.writableLength >=
        OFFLOAD_BACKLOG && !(hashes?.busy ?? false);
    const extract = tar_stream.extract();
    extract.on('entry', (decoded, body, next) => {
        const header = decoded;
        let hashed;
        try {
            const rec = classify(header);
            if (rec) {
                const prev = paths.get(rec.key);
                let inode = -1;
                const entry = rec.entry;
                if (entry.type === 'hardlink') {
                    const target = paths.get(entry.linkTarget ?? '');
                    if (target && target.inode >= 0) {
                        inode = target.inode;
                    }
                    else {
                        danglingLinks++;
                    }
                }
                else if (entry.type === 'file' || entry.type === 'symlink' || entry.type === 'other') {
                    inode = inodeSizes.push(entry.size) - 1;
                }
                paths.set(rec.key, { entry, inode, order: prev ? prev.order : order++ });
                if (details && addDetails(entry, header))
                    hashed = entry;
            }
        }
        catch (err) {
            // Stop at the first entry that cannot be sized: tar-stream destroys itself on next(err).
            entryError = err instanceof Error ? err : new Error(String(err));
            body.on('error', () => undefined);
            next(entryError);
            return;
        }
        // A body fails only when the whole extract fails; that error is reported once, below.
        body.on('error', () => undefined);
        const entry = hashed;
        if (entry && !DATABASE_PATHS.includes(entry.path) && offload()) {
            hashes ??= new FileHashStream();
            const h = hashes;
            h.begin(sha256 => (entry.sha256 = sha256));
            body.on('data', (chunk) => h.update(chunk));
            body.on('end', () => {
                h.end();
                next();
            });
        }
        else if (entry) {
            const h = entryHasher(entry.path);
            body.on('data', (chunk) => h.update(chunk));
            body.on('end', () => {
                Object.assign(entry, h.finish());
                next();
            });
        }
        else
            body.on('end', () => next());
        body.resume();
    });
    // Every byte is read and counted (digests and sizes need them all); only the archive up to its
    // end-of-archive marker reaches tar-stream, framed by Go's rules (./tar-framing.ts).
    const counter = new external_node_stream_.Writable({
        write(chunk, _enc, cb) {
            tarBytes += chunk.length;
            let pieces;
            try {
                pieces = framer.feed(chunk);
            }
            catch (err) {
                cb(err);
                return;
            }
            let ready = true;
            for (const piece of pieces)
                ready = extract.write(piece);
            // Backpressure from the hashing thread too: a few MiB of bodies wait for it at most.
            const room = () => {
                if (hashes?.congested)
                    hashes.room().then(() => cb(), cb);
                else
                    cb();
            };
            if (ready)
                room();
            else
                extract.once('drain', room);
        },
        final(cb) {
            for (const piece of framer.finish())
                extract.write(piece);
            extract.end(undefined);
            cb();
        }
    });
    try {
        await Promise.all([
            (0,external_node_stream_promises_.pipeline)(tarStream, counter),
            new Promise((resolve, reject) => {
                extract.on('finish', () => resolve());
                extract.on('error', (e) => {
                    // Stop the source; once the counter has finished, nobody listens to its errors.
                    if (!counter.writableFinished)
                        counter.destroy(e);
                    reject(e);
                });
            })
        ]);
        await hashes?.flush();
    }
    catch (err) {
        extract.destroy();
        hashes?.abort();
        if (entryError)
            throw entryError;
        const msg = err instanceof Error ? err.message : String(err);
        throw new Error(`scanLayer: cannot read the layer tar: ${msg}`, { cause: err });
    }
    if (entryError)
        throw entryError;
    if (framer.endOffset === undefined && !framer.passThrough) {
        throw new Error(`scanLayer: the layer tar ends after ${tarBytes} bytes without its end-of-archive blocks ` +
            `(two zero blocks); the stream is truncated`);
    }
    // Each inode counts once: the first surviving path (in tar order) that holds it carries its
    // size, the others 0, so Σ entry sizes == size.
    const records = [...paths.values()].sort((a, b) => a.order - b.order);
    const counted = new Set();
    let size = 0;
    let fileCount = 0;
    const entries = [];
    for (const r of records) {
        const e = r.entry;
        if (e.type !== 'dir' && e.type !== 'whiteout' && e.type !== 'opaque')
            fileCount++;
        let s = 0;
        if (r.inode >= 0 && !counted.has(r.inode)) {
            counted.add(r.inode);
            s = inodeSizes[r.inode] ?? 0;
        }
        size += s;
        if (opts.collectEntries)
            entries.push({ ...e, size: s });
    }
    const scan = { size, tarBytes, fileCount, danglingLinks };
    if (opts.collectEntries)
        scan.entries = entries;
    return scan;
}
/**
 * Turns a tar header into a LayerEntry and the key that makes it unique in this layer (an
 * opaque marker and its directory share a path but not a key). Returns undefined for entries
 * that are not part of the file tree (the root, AUFS metadata).
 */
function classify(header) {
    const pax = header.pax ?? undefined;
    // GNU sparse in PAX form (0.0, 0.1, 1.0): the real name and apparent size are PAX records
    // (the rules of Go's archive/tar `readGNUSparsePAXHeaders`).
    const sparseName = pax?.['GNU.sparse.name'];
    const rawName = sparseName !== undefined && sparseName !== '' ? sparseName : header.name;
    const path = normalizeTarPath(rawName);
    if (path === '')
        return undefined;
    if (path.startsWith(WHITEOUT_META_PREFIX))
        return undefined;
    const slash = path.lastIndexOf('/');
    const dir = slash < 0 ? '' : path.slice(0, slash);
    const base = slash < 0 ? path : path.slice(slash + 1);
    if (base === OPAQUE_NAME) {
        if (dir === '')
            return undefined; // an opaque root would hide the whole lower image; not valid
        return { key: `${dir}\0opaque`, entry: { path: dir, type: 'opaque', size: 0 } };
    }
    if (base.startsWith(WHITEOUT_PREFIX)) {
        const removed = base.slice(WHITEOUT_PREFIX.length);
        const target = dir === '' ? removed : `${dir}/${removed}`;
        return { key: target, entry: { path: target, type: 'whiteout', size: 0 } };
    }
    switch (header.type) {
        case 'directory':
            return { key: path, entry: { path, type: 'dir', size: 0 } };
        case 'file':
        case 'contiguous-file': {
            const sparseSize = pax?.['GNU.sparse.size'] || pax?.['GNU.sparse.realsize'];
            const size = sparseSize ? Number.parseInt(sparseSize, 10) : (header.size ?? 0);
            if (!Number.isSafeInteger(size) || size < 0) {
                throw new Error(`scanLayer: entry "${path}" has an invalid size ${String(sparseSize ?? header.size)}`);
            }
            return { key: path, entry: { path, type: 'file', size } };
        }
        case 'symlink': {
            const linkTarget = header.linkname ?? '';
            return {
                key: path,
                entry: { path, type: 'symlink', size: Buffer.byteLength(linkTarget), linkTarget }
            };
        }
        case 'link':
            return {
                key: path,
                entry: {
                    path,
                    type: 'hardlink',
                    size: 0,
                    linkTarget: normalizeTarPath(header.linkname ?? '')
                }
            };
        case 'character-device':
        case 'block-device':
        case 'fifo':
            return { key: path, entry: { path, type: 'other', size: 0 } };
        default:
            // tar-stream decodes unknown type flags (old-GNU sparse `S`, `D`, `M`, `V`…) as null and
            // cannot size them; an old-GNU sparse entry with extension blocks would also desynchronise
            // the stream. Docker's Go writers never emit these, so refuse rather than guess.
            throw new Error(`scanLayer: entry "${path}" has a tar type flag that cannot be read (old-GNU sparse 'S' or ` +
                `another GNU extension); expected a regular file, link, directory or device`);
    }
}
/**
 * Records a header's mode (permission bits), owner and mtime (whole seconds) on its entry.
 * Returns whether the entry is a regular file, whose body is then hashed (its SHA-256, and the
 * text of a package database).
 */
function addDetails(entry, header) {
    if (entry.type === 'whiteout' || entry.type === 'opaque')
        return false;
    if (typeof header.mode === 'number')
        entry.mode = header.mode & 0o7777;
    if (typeof header.uid === 'number')
        entry.uid = header.uid;
    if (typeof header.gid === 'number')
        entry.gid = header.gid;
    if (header.mtime instanceof Date)
        entry.mtime = Math.floor(header.mtime.getTime() / 1000);
    return entry.type === 'file';
}
/**
 * Whether image reads record file details (`ScanOptions.fileDetails`) with their entries: yes,
 * unless the environment sets `IMAGE_SIZE_BUDGET_NO_FILE_HASH=1` — a knob for `npm run bench`,
 * which measures what hashing costs.
 */
function fileDetailsWanted() {
    return process.env['IMAGE_SIZE_BUDGET_NO_FILE_HASH'] !== '1';
}

;// CONCATENATED MODULE: ./lib/image/layer-blob.js
/**
 * One layer blob, read once as it streams past: sniff its format (tar, gzip, zstd), decompress,
 * hash the blob (digest) and the tar (diff ID), scan the tar for the engine's layer size and its
 * entries (`scanLayer`), and — for an uncompressed blob, on request — estimate its gzip size.
 *
 * Memory: the sniffing head (512 bytes), the streams' buffers (≤ 1 MiB), the estimator's chunks.
 */






/** Bytes {@link sniffBlob} wants to see (one tar header block). */
const SNIFF_BYTES = 512;
/**
 * The format of a blob from its first bytes: gzip (`1f 8b`, RFC 1952), zstd (`28 b5 2f fd`,
 * RFC 8878), tar (`ustar` magic at offset 257 — POSIX, GNU and PAX archives all carry it — or an
 * all-zero first block: an empty archive, such as Docker's empty layer).
 * @param head the blob's first bytes (up to {@link SNIFF_BYTES}; fewer when the blob is shorter)
 */
function sniffBlob(head) {
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)
        return 'gzip';
    if (head.length >= 4 && head.readUInt32BE(0) === 0x28b52ffd)
        return 'zstd';
    if (head.length >= SNIFF_BYTES) {
        if (head.toString('latin1', 257, 262) === 'ustar')
            return 'tar';
        if (head.subarray(0, SNIFF_BYTES).every(b => b === 0))
            return 'tar';
    }
    return 'unknown';
}
function hexHead(head) {
    return [...head.subarray(0, 8)].map(b => b.toString(16).padStart(2, '0')).join(' ');
}
/**
 * Consumes one layer blob written to it chunk by chunk.
 *
 * `write` resolves when the sink can take more (back-pressure from the decompressor, the scanner
 * and the estimator); `end` resolves with the {@link LayerBlob}. Once a step fails, further
 * writes are dropped (so a caller can drain its source) and `end` rejects with that error.
 */
class LayerBlobSink {
    opts;
    head = [];
    headBytes = 0;
    started = false;
    kind = 'unknown';
    failure;
    failed;
    fail;
    rawHash = (0,external_node_crypto_.createHash)('sha256');
    diffHash;
    rawBytes = 0;
    tarBytes = 0;
    decompressor;
    decompressed;
    scanInput = new external_node_stream_.PassThrough({ highWaterMark: 1024 * 1024 });
    scanning;
    scanDone = false;
    estimator;
    constructor(opts) {
        this.opts = opts;
        this.failed = new Promise((_, reject) => {
            this.fail = (err) => {
                if (this.failure)
                    return;
                this.failure = err;
                reject(err);
                this.decompressor?.destroy();
                this.scanInput.destroy();
                this.estimator?.destroy();
            };
        });
        this.failed.catch(() => undefined);
    }
    /** Adds the blob's next bytes. Never rejects for a bad blob: see {@link end}. */
    async write(chunk) {
        if (this.failure || chunk.length === 0)
            return;
        if (!this.started) {
            this.head.push(chunk);
            this.headBytes += chunk.length;
            if (this.headBytes < SNIFF_BYTES)
                return;
            const head = Buffer.concat(this.head);
            this.head = [];
            if (!this.start(head))
                return;
            chunk = head;
        }
        try {
            await Promise.race([this.push(chunk), this.failed]);
        }
        catch (err) {
            // Kept for end(), which reports it; a no-op when a stage already failed.
            this.fail(new Error(`${this.opts.label}: ${err instanceof Error ? err.message : String(err)}`, {
                cause: err
            }));
        }
    }
    /**
     * Ends the blob.
     * @returns what the blob holds
     * @throws Error naming the blob when it is empty, not a (compressed) tar, corrupt, or truncated.
     */
    async end() {
        if (!this.started && !this.failure) {
            const head = Buffer.concat(this.head);
            this.head = [];
            if (head.length === 0)
                this.fail(new Error(`${this.opts.label}: the layer blob is empty (0 bytes)`));
            else if (this.start(head))
                await this.write(head).catch(() => undefined);
        }
        if (this.failure)
            throw this.failure;
        const decompressor = this.decompressor;
        try {
            if (decompressor) {
                decompressor.end();
                await Promise.race([this.decompressed, this.failed]);
            }
            else {
                this.scanInput.end();
            }
            if (!this.scanning)
                throw new Error(`${this.opts.label}: the layer blob was never started`);
            const scan = await Promise.race([this.scanning, this.failed]);
            const estimate = this.estimator ? await this.estimator.end() : undefined;
            const digest = `sha256:${this.rawHash.digest('hex')}`;
            const blob = {
                kind: this.kind,
                digest,
                blobSize: this.rawBytes,
                diffId: this.diffHash ? `sha256:${this.diffHash.digest('hex')}` : digest,
                tarBytes: this.tarBytes,
                scan
            };
            if (estimate !== undefined)
                blob.estimate = estimate;
            return blob;
        }
        catch (err) {
            this.fail(err);
            throw this.failure ?? err;
        }
    }
    /** Stops all work (the caller gave up on this blob). */
    destroy(err) {
        this.fail(err ?? new Error(`${this.opts.label}: reading was abandoned`));
    }
    /** Sets up the pipeline for the sniffed kind; false (and failed) when the blob is no layer. */
    start(head) {
        this.started = true;
        this.kind = sniffBlob(head);
        const label = this.opts.label;
        if (this.kind === 'unknown') {
            this.fail(new Error(`${label}: the layer blob is not a tar archive, nor a gzip- or zstd-compressed one ` +
                `(it starts with ${hexHead(head)})`));
            return false;
        }
        this.scanning = scanLayer(this.scanInput, {
            collectEntries: this.opts.collectEntries !== false,
            fileDetails: this.opts.collectEntries === 'details' && fileDetailsWanted()
        }).then(scan => {
            this.scanDone = true;
            this.decompressor?.resume();
            return scan;
        }, (err) => {
            this.scanDone = true;
            const msg = err instanceof Error ? err.message : String(err);
            const what = this.kind === 'tar' ? 'layer tar' : `${this.kind}-compressed layer tar`;
            const e = new Error(`${label}: cannot read the ${what}: ${msg}`, { cause: err });
            this.fail(e);
            throw e;
        });
        this.scanning.catch(() => undefined);
        if (this.kind === 'tar') {
            if (this.opts.estimate)
                this.estimator = new GzipSizeEstimator(this.opts.estimate);
            return true;
        }
        const diffHash = (0,external_node_crypto_.createHash)('sha256');
        this.diffHash = diffHash;
        const d = this.kind === 'gzip' ? external_node_zlib_.createGunzip() : external_node_zlib_.createZstdDecompress();
        this.decompressor = d;
        d.on('data', (c) => {
            diffHash.update(c);
            this.tarBytes += c.length;
            if (!this.scanDone && !this.scanInput.write(c))
                d.pause();
        });
        this.scanInput.on('drain', () => d.resume());
        this.decompressed = new Promise(resolve => {
            d.on('end', () => {
                this.scanInput.end();
                resolve();
            });
        });
        d.on('error', (err) => {
            this.fail(new Error(`${label}: the ${this.kind} stream is corrupt or truncated: ${err.message}`, {
                cause: err
            }));
        });
        return true;
    }
    async push(chunk) {
        this.rawHash.update(chunk);
        this.rawBytes += chunk.length;
        const d = this.decompressor;
        if (d) {
            if (!d.write(chunk))
                await (0,external_node_events_.once)(d, 'drain');
            return;
        }
        this.tarBytes += chunk.length;
        if (this.estimator)
            await this.estimator.write(chunk);
        if (!this.scanDone && !this.scanInput.write(chunk)) {
            await Promise.race([(0,external_node_events_.once)(this.scanInput, 'drain'), this.scanning]);
        }
    }
}

// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./lib/image/memory.js
/**
 * Keeps the reader's memory flat while hundreds of MB stream through it.
 *
 * Every chunk read from a pipe or file is a fresh buffer outside the V8 heap. V8 frees such
 * buffers only when it collects garbage, and with little JavaScript allocation between chunks it
 * does that about every 64 MiB of them (its external-memory soft limit), so a streamed 460 MB
 * image holds up to ~64 MiB of dead chunks at a time. A young-generation collection every 16 MiB
 * read frees them early (measured on a 460 MB image: peak RSS 183 MB → 132 MB, no measurable
 * time cost; a minor GC of this heap takes about a millisecond).
 *
 * The collector is reached the way Jest's leak detector reaches it (`v8.setFlagsFromString
 * ('--expose-gc')` then `vm.runInNewContext('gc')`); when that is unavailable the hook does
 * nothing and only the peak memory differs.
 */


/** Bytes read between two collections. */
const COLLECT_EVERY = 16 * 1024 * 1024;
let gc;
let sinceLast = 0;
function collector() {
    if (gc !== undefined)
        return gc;
    try {
        (0,external_node_v8_.setFlagsFromString)('--expose-gc');
        const fn = (0,external_node_vm_.runInNewContext)('gc');
        gc = typeof fn === 'function' ? fn : null;
    }
    catch {
        gc = null;
    }
    return gc;
}
/**
 * Counts `bytes` just read; every {@link COLLECT_EVERY} bytes, runs a minor (young-generation)
 * garbage collection so the chunks already processed are freed. Never throws.
 */
function noteBytesRead(bytes) {
    sinceLast += bytes;
    if (sinceLast < COLLECT_EVERY)
        return;
    sinceLast = 0;
    try {
        collector()?.({ type: 'minor' });
    }
    catch {
        // a failed collection only costs memory
    }
}

;// CONCATENATED MODULE: ./lib/image/archive.js
/**
 * One pass over a tar of an image layout — `docker save` output (classic `manifest.json` +
 * `<id>/layer.tar`, or the OCI layout of Docker 25+), a skopeo `docker-archive`, an
 * `oci-archive` — read as it streams.
 *
 * The archive's own order cannot be trusted to bring the manifests first: `docker save` writes
 * its entries in lexical order (`<id>/layer.tar` and `blobs/…` before `manifest.json` and
 * `index.json`), skopeo writes layers first. So every blob is judged by its first bytes as it
 * arrives: a tar, gzip or zstd blob is read as a layer at once (size, diff ID, entries, estimate;
 * `./layer-blob.ts`) and only its results are kept, keyed by its path; anything else is a small
 * metadata file (JSON) and kept whole. The manifests then order the results (`./layout.ts`).
 * Symlinks and hardlinks between entries (a repeated layer stored once) are kept as aliases.
 *
 * Memory: the metadata files (each ≤ 16 MiB), the layer results (entries when collected), and
 * the buffers of the one blob being read (dead chunks are collected early: `./memory.ts`).
 */




/** Largest metadata file (config, manifest, index) kept in memory. */
const META_LIMIT = 16 * 1024 * 1024;
/** Normalises an archive path: no leading `./` or `/`, no `.` segments, `..` resolved. */
function normalizeArchivePath(name) {
    const p = external_node_path_.posix.normalize(`/${name}`).replace(/^\/+/, '').replace(/\/+$/, '');
    return p;
}
/** Follows `links` from `path` to the entry it ends at (at most 16 hops). */
function resolveLink(contents, path) {
    let p = normalizeArchivePath(path);
    for (let hops = 0; hops < 16; hops++) {
        const next = contents.links.get(p);
        if (next === undefined)
            return p;
        p = next;
    }
    return p;
}
function archive_hexHead(head) {
    return [...head.subarray(0, 8)].map(b => b.toString(16).padStart(2, '0')).join(' ');
}
/** Resolves on the stream's next 'drain' or its 'close', whichever comes first. */
function drained(stream) {
    return new Promise(resolve => {
        const done = () => {
            stream.off('drain', done);
            stream.off('close', done);
            resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
    });
}
/**
 * Reads a layout archive to its end.
 *
 * @param source the archive bytes (a file stream, or `docker save`'s stdout)
 * @returns the metadata files, the layer results, other files and links, keyed by path
 * @throws Error naming the archive when it is not a tar (shorter than a header, or a header that
 *   does not parse), is truncated (ends inside an entry or
 *   without its end-of-archive blocks), a metadata file exceeds 16 MiB, or `source` fails. A bad
 *   layer blob does not throw here: its error is kept and thrown if a manifest names it.
 */
async function readLayoutArchive(source, opts) {
    const contents = {
        files: new Map(),
        blobs: new Map(),
        others: new Map(),
        links: new Map()
    };
    // A 1 MiB write buffer (streamx's default is 16 KiB) spares a drain round-trip per chunk.
    const extract = tar_stream.extract({ highWaterMark: 1024 * 1024 });
    let fed = 0;
    let entriesEnd = 0;
    let sawEntry = false;
    // Flowing mode with pause/resume: an async iterator over a Readable would concatenate all
    // buffered chunks into one new buffer on every read.
    const feeding = new Promise((resolve, reject) => {
        source.on('data', (buf) => {
            fed += buf.length;
            noteBytesRead(buf.length);
            if (!extract.write(buf)) {
                source.pause();
                void drained(extract).then(() => {
                    if (!extract.destroyed)
                        source.resume();
                });
            }
        });
        source.on('end', () => {
            extract.end(undefined);
            resolve();
        });
        source.on('error', (err) => {
            extract.destroy(err);
            reject(err);
        });
        // The extract failed (its error reaches the entry loop below): stop reading.
        extract.on('close', () => {
            if (!source.readableEnded)
                source.destroy();
            resolve();
        });
    });
    feeding.catch(() => undefined);
    const fail = (why, cause) => new Error(`${opts.label}: ${why}`, cause === undefined ? undefined : { cause });
    try {
        for await (const entry of extract) {
            sawEntry = true;
            const header = entry.header;
            const size = header.size ?? 0;
            entriesEnd = (header.byteOffset ?? 0) + Math.ceil(size / 512) * 512;
            const path = normalizeArchivePath(header.name);
            if (header.type === 'file' || header.type === 'contiguous-file') {
                await readFileEntry(path, entry, size, contents, opts);
                continue;
            }
            if (header.type === 'symlink' && header.linkname) {
                contents.links.set(path, normalizeArchivePath(external_node_path_.posix.join(external_node_path_.posix.dirname(path), header.linkname)));
            }
            else if (header.type === 'link' && header.linkname) {
                contents.links.set(path, normalizeArchivePath(header.linkname));
            }
            for await (const _ of entry) {
                // drain
            }
        }
    }
    catch (err) {
        source.destroy();
        await feeding.catch(() => undefined);
        const msg = err.message;
        if (/Unexpected end of data|unexpected end of file/i.test(msg)) {
            // Shorter than one header: whatever it is, it is not a tar archive (a 16-byte text file).
            if (!sawEntry && fed < 512) {
                throw fail(`not a tar archive (${fed} ${fed === 1 ? 'byte' : 'bytes'}, shorter than one 512-byte tar header)`, err);
            }
            throw fail('the archive is truncated (it ends inside an entry)', err);
        }
        if (/Invalid tar header|Header exceeds/.test(msg))
            throw fail(`not a tar archive (${msg})`, err);
        throw fail(`cannot read the archive: ${msg}`, err);
    }
    try {
        await feeding;
    }
    catch (err) {
        throw fail(`cannot read the archive: ${err.message}`, err);
    }
    if (!sawEntry && fed > 0)
        throw fail('not a tar archive (no entry found)');
    if (fed < entriesEnd + 1024) {
        throw fail(`the archive is truncated: it ends after ${fed} bytes, without the end-of-archive blocks ` +
            `that follow its last entry at byte ${entriesEnd}`);
    }
    return contents;
}
/** Reads one regular file of the archive: a layer blob, a metadata file, or something else. */
async function readFileEntry(path, body, size, contents, opts) {
    // Undecided while all three are undefined; then exactly one is set.
    let sink;
    let meta;
    let other = false;
    const head = [];
    let headBytes = 0;
    const decide = async (first) => {
        const kind = sniffBlob(first);
        if (kind !== 'unknown') {
            sink = new LayerBlobSink({
                collectEntries: opts.collectEntries,
                estimate: opts.estimate,
                label: `${opts.label} ${path}`
            });
            await sink.write(first);
        }
        else if (size <= META_LIMIT) {
            meta = [first];
        }
        else {
            other = true;
            contents.others.set(path, archive_hexHead(first));
        }
    };
    try {
        for await (const chunk of body) {
            if (sink)
                await sink.write(chunk);
            else if (meta)
                meta.push(chunk);
            else if (!other) {
                head.push(chunk);
                headBytes += chunk.length;
                if (headBytes >= SNIFF_BYTES)
                    await decide(Buffer.concat(head));
            }
        }
    }
    catch (err) {
        sink?.destroy(err);
        throw err;
    }
    if (!sink && !meta && !other)
        await decide(Buffer.concat(head));
    if (sink) {
        const result = await sink
            .end()
            .catch((err) => (err instanceof Error ? err : new Error(String(err))));
        contents.blobs.set(path, result);
    }
    else if (meta) {
        contents.files.set(path, Buffer.concat(meta));
    }
}

;// CONCATENATED MODULE: ./lib/image/oci.js
/**
 * The JSON documents of an image layout — OCI index, manifest and config (opencontainers
 * image-spec `image-index.md`, `manifest.md`, `config.md`, `image-layout.md`) and `docker save`'s
 * `manifest.json` (moby `daemon/internal/image/tarexport`) — checked into typed shapes, plus the
 * choice of one manifest from an index. Pure: blobs are fetched through callbacks.
 */


const MediaType = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
/** The annotation an OCI layout uses to tag a manifest (`image-layout.md`). */
const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';
const DIGEST_RE = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;
/** `sha256:<hex>` of `data`. */
function sha256(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
/** The path of a blob inside an OCI layout: `blobs/<algorithm>/<hex>`. */
function blobPath(digest) {
    const [alg, hex] = digest.split(':');
    return `blobs/${alg}/${hex}`;
}
/** Parses `data` as JSON. @throws Error naming `what` when it is not JSON. */
function parseJson(data, what) {
    try {
        return JSON.parse(data.toString('utf8'));
    }
    catch (err) {
        throw new Error(`${what} is not valid JSON (${err.message})`, { cause: err });
    }
}
function isObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStringArray(v) {
    return Array.isArray(v) && v.every(x => typeof x === 'string');
}
function asDescriptor(v, what) {
    if (!isObject(v))
        throw new Error(`${what} is not a descriptor object`);
    const { mediaType, digest, size, platform, annotations } = v;
    if (typeof digest !== 'string' || !DIGEST_RE.test(digest)) {
        throw new Error(`${what} has an invalid digest ${JSON.stringify(digest)}; expected sha256:<64 hex>`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new Error(`${what} has an invalid size ${JSON.stringify(size)}; expected a byte count`);
    }
    const d = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
    if (isObject(platform) &&
        typeof platform.os === 'string' &&
        typeof platform.architecture === 'string') {
        d.platform = { os: platform.os, architecture: platform.architecture };
        if (typeof platform.variant === 'string' && platform.variant !== '') {
            d.platform.variant = platform.variant;
        }
    }
    if (isObject(annotations)) {
        d.annotations = Object.fromEntries(Object.entries(annotations).filter((e) => typeof e[1] === 'string'));
    }
    return d;
}
/** Checks an OCI image index (or Docker manifest list). @throws Error naming `what`. */
function asIndex(v, what) {
    if (!isObject(v) || !Array.isArray(v.manifests)) {
        throw new Error(`${what} is not an image index: it has no "manifests" list`);
    }
    return { manifests: v.manifests.map((m, i) => asDescriptor(m, `${what} manifests[${i}]`)) };
}
/** Checks an image manifest (OCI or Docker schema 2). @throws Error naming `what`. */
function asManifest(v, what) {
    if (!isObject(v) || !isObject(v.config) || !Array.isArray(v.layers)) {
        throw new Error(`${what} is not an image manifest: it needs "config" and "layers"`);
    }
    const m = {
        config: asDescriptor(v.config, `${what} config`),
        layers: v.layers.map((l, i) => asDescriptor(l, `${what} layers[${i}]`))
    };
    if (typeof v.mediaType === 'string')
        m.mediaType = v.mediaType;
    return m;
}
/** Checks an image config. @throws Error naming `what` when `rootfs.diff_ids`, `os` or `architecture` is missing. */
function asConfig(v, what) {
    if (!isObject(v))
        throw new Error(`${what} is not an image config object`);
    const rootfs = v.rootfs;
    // `null` is Go's empty list: BuildKit writes `"diff_ids": null` for an image without layers
    // (`FROM scratch` + metadata, seen with Docker 26.1 on the containerd store).
    const listed = isObject(rootfs) ? rootfs.diff_ids : undefined;
    const diffIds = listed === null ? [] : listed;
    if (!isObject(rootfs) || !isStringArray(diffIds)) {
        throw new Error(`${what} is not an image config: it has no rootfs.diff_ids list`);
    }
    for (const id of diffIds) {
        if (!DIGEST_RE.test(id))
            throw new Error(`${what} lists an invalid diff ID ${JSON.stringify(id)}`);
    }
    if (typeof v.os !== 'string' || typeof v.architecture !== 'string') {
        throw new Error(`${what} is not an image config: it has no "os" and "architecture"`);
    }
    // Pass the document through (history, config, …): consumers read more than we check.
    return {
        ...v,
        rootfs: { ...rootfs, type: String(rootfs.type ?? 'layers'), diff_ids: diffIds }
    };
}
/** Checks `docker save`'s `manifest.json`. @throws Error naming `what`. */
function asDockerSaveManifest(v, what) {
    if (!Array.isArray(v))
        throw new Error(`${what} is not a list of images`);
    return v.map((e, i) => {
        // `"Layers": null`: an image without layers, saved from the containerd store (Docker 26.1).
        const layers = isObject(e) && e.Layers === null ? [] : isObject(e) ? e.Layers : undefined;
        if (!isObject(e) || typeof e.Config !== 'string' || !isStringArray(layers)) {
            throw new Error(`${what}[${i}] needs "Config" (a path) and "Layers" (a list of paths)`);
        }
        return {
            Config: e.Config,
            RepoTags: isStringArray(e.RepoTags) ? e.RepoTags : [],
            Layers: layers
        };
    });
}
/** The platform an image config declares. */
function configPlatform(c) {
    return c.variant
        ? { os: c.os, architecture: c.architecture, variant: c.variant }
        : { os: c.os, architecture: c.architecture };
}
/**
 * True for the attestation manifests BuildKit attaches to an index (provenance, SBOM): annotated
 * `vnd.docker.reference.type: attestation-manifest` and labelled platform `unknown/unknown`
 * (moby/buildkit `docs/attestations/attestation-storage.md`).
 */
function isAttestation(d) {
    return (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
        (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'));
}
function isIndexType(mediaType) {
    return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerList;
}
function isManifestType(mediaType) {
    return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}
/**
 * Chooses one image manifest from an OCI index: filter by tag, expand nested indexes, drop
 * attestation manifests, then pick by platform. One candidate left is taken as it is unless the
 * platform was asked for explicitly and differs (an `arm64`-only image is still measured on an
 * `amd64` runner); several are narrowed to the wanted platform, which must leave exactly one.
 *
 * @throws Error naming the layout when no manifest carries the tag (listing the tags), when no
 *   manifest is left, when none matches the platform (listing the platforms), or when several
 *   images remain (listing their tags).
 */
async function selectManifest(index, opts) {
    let top = index.manifests;
    if (opts.tag !== undefined) {
        top = top.filter(d => d.annotations?.[REF_NAME_ANNOTATION] === opts.tag);
        if (top.length === 0) {
            const tags = index.manifests
                .map(d => d.annotations?.[REF_NAME_ANNOTATION])
                .filter(t => t !== undefined);
            throw new Error(`${opts.label}: no manifest is tagged "${opts.tag}" in index.json; ` +
                `tags present: ${tags.length ? tags.join(', ') : 'none'}`);
        }
    }
    const found = [];
    const seen = new Set();
    const expand = async (list, depth) => {
        for (const d of list) {
            if (isAttestation(d) || seen.has(d.digest))
                continue;
            seen.add(d.digest);
            if (isIndexType(d.mediaType)) {
                if (depth > 4)
                    throw new Error(`${opts.label}: image indexes nest deeper than 4 levels`);
                await expand((await opts.loadIndex(d)).manifests, depth + 1);
            }
            else if (isManifestType(d.mediaType) || d.mediaType === '') {
                found.push(d);
            }
        }
    };
    await expand(top, 0);
    if (found.length === 0) {
        throw new Error(`${opts.label}: index.json lists no image manifest (attestations and other artifacts are skipped)`);
    }
    const candidates = [];
    for (const d of found)
        candidates.push({ d, platform: d.platform ?? (await opts.loadPlatform(d)) });
    const want = (0,image_platform/* formatPlatform */.Bq)(opts.platform);
    const [only] = candidates;
    if (only && candidates.length === 1) {
        if (opts.explicit && !(0,image_platform/* platformMatches */.J5)(opts.platform, only.platform)) {
            throw new Error(`${opts.label}: the image is ${(0,image_platform/* formatPlatform */.Bq)(only.platform)}, not ${want}`);
        }
        return only.d;
    }
    const matching = candidates.filter(c => (0,image_platform/* platformMatches */.J5)(opts.platform, c.platform));
    const [first] = matching;
    if (!first) {
        const have = [...new Set(candidates.map(c => (0,image_platform/* formatPlatform */.Bq)(c.platform)))].join(', ');
        throw new Error(`${opts.label}: no manifest for platform ${want}; platforms present: ${have}`);
    }
    if (matching.length > 1) {
        const tags = matching.map(c => c.d.annotations?.[REF_NAME_ANNOTATION] ?? c.d.digest);
        throw new Error(`${opts.label}: ${matching.length} images for platform ${want} (${tags.join(', ')}); ` +
            `name one with a :TAG suffix`);
    }
    return first.d;
}

;// CONCATENATED MODULE: ./lib/image/layout.js
/**
 * From an image layout — an archive read in one pass (`./archive.ts`) or an OCI layout directory
 * — to one image: choose the manifest, read the config, take the layers in manifest order,
 * verify what can be verified cheaply, and add up the compressed size.
 *
 * Checks (a mismatch is an error, never a number): the config's sha256 against its name or
 * descriptor; each layer's diff ID (sha256 of its uncompressed tar, computed while streaming)
 * against the config's `rootfs.diff_ids`; each blob's sha256 and size against its descriptor (or
 * its `blobs/sha256/<hex>` name); the layer count against `rootfs.diff_ids`.
 */








/** A layout already read in one pass (`readLayoutArchive`). */
function archiveLayout(label, contents) {
    return {
        label,
        readFile: async (path) => contents.files.get(resolveLink(contents, path)),
        layers: async (paths) => {
            const out = new Map();
            for (const path of paths) {
                const real = resolveLink(contents, path);
                const blob = contents.blobs.get(real);
                if (blob instanceof Error)
                    throw blob;
                if (blob) {
                    out.set(path, blob);
                    continue;
                }
                const file = contents.files.get(real);
                if (file) {
                    if (file.length === 0)
                        throw new Error(`${label}: the layer blob ${path} is empty (0 bytes)`);
                    throw notATar(label, path, file);
                }
                const other = contents.others.get(real);
                if (other !== undefined) {
                    throw new Error(`${label}: the layer blob ${path} is not a tar archive, nor a gzip- or zstd-compressed one (it starts with ${other})`);
                }
                throw new Error(`${label}: the manifest names the layer blob ${path}, which is not in the archive`);
            }
            return out;
        }
    };
}
function notATar(label, path, head) {
    const hex = [...head.subarray(0, 8)].map(b => b.toString(16).padStart(2, '0')).join(' ');
    const kind = sniffBlob(head);
    return new Error(`${label}: the layer blob ${path} is not a tar archive, nor a gzip- or zstd-compressed one ` +
        `(${kind === 'unknown' ? `it starts with ${hex}` : 'it is too short'})`);
}
/** An OCI layout directory on disk; blobs are streamed from their files. */
function directoryLayout(label, dir, opts) {
    const readOne = async (path) => {
        const file = (0,external_node_path_.join)(dir, path);
        const st = await (0,promises_.stat)(file).catch(() => undefined);
        if (!st?.isFile())
            throw new Error(`${label}: the manifest names the layer blob ${path}, which is not in the layout`);
        const sink = new LayerBlobSink({ ...opts.blob, label: `${label} ${path}` });
        try {
            for await (const chunk of (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1024 * 1024 })) {
                noteBytesRead(chunk.length);
                await sink.write(chunk);
            }
        }
        catch (err) {
            sink.destroy(err);
            throw new Error(`${label}: cannot read ${path}: ${err.message}`, { cause: err });
        }
        return sink.end();
    };
    return {
        label,
        readFile: async (path) => {
            const file = (0,external_node_path_.join)(dir, path);
            const st = await (0,promises_.stat)(file).catch(() => undefined);
            if (!st?.isFile())
                return undefined;
            if (st.size > 16 * 1024 * 1024)
                throw new Error(`${label}: ${path} is ${st.size} bytes, too large for a manifest or config`);
            const fh = await (0,promises_.open)(file);
            try {
                return await fh.readFile();
            }
            finally {
                await fh.close();
            }
        },
        layers: async (paths) => {
            const out = new Map();
            const queue = [...paths];
            const worker = async () => {
                for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
                    out.set(path, await readOne(path));
                }
            };
            await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
            return out;
        }
    };
}
async function requireFile(layout, path, what) {
    const data = await layout.readFile(path);
    if (data === undefined)
        throw new Error(`${layout.label}: ${what} ${path} is not in the layout`);
    return data;
}
const HEX_NAME = /(?:^|\/)([0-9a-f]{64})(?:\.json)?$/;
/**
 * Reads the image an OCI layout holds (`index.json`, `blobs/<alg>/<hex>`), choosing the manifest
 * by `tag` and platform (`selectManifest`).
 * @throws Error naming the layout for a missing or malformed document, a missing blob, a
 *   digest, size or diff ID mismatch, or a platform that is not there.
 */
async function readOciImage(layout, opts) {
    const label = layout.label;
    const indexData = await layout.readFile('index.json');
    if (indexData === undefined)
        throw new Error(`${label}: no index.json: not an OCI image layout`);
    const index = asIndex(parseJson(indexData, `${label} index.json`), `${label} index.json`);
    const readBlob = async (d, what) => {
        const data = await requireFile(layout, blobPath(d.digest), what);
        checkBlob(label, what, d, data);
        return data;
    };
    const manifestDesc = await selectManifest(index, {
        tag: opts.tag,
        platform: opts.platform,
        explicit: opts.explicitPlatform,
        label,
        loadIndex: async (d) => asIndex(parseJson(await readBlob(d, 'index'), `${label} index ${d.digest}`), `${label} index ${d.digest}`),
        loadPlatform: async (d) => {
            const m = asManifest(parseJson(await readBlob(d, 'manifest'), `${label} manifest ${d.digest}`), `${label} manifest ${d.digest}`);
            const c = asConfig(parseJson(await readBlob(m.config, 'config'), `${label} config ${m.config.digest}`), `${label} config`);
            return configPlatform(c);
        }
    });
    const what = `manifest ${manifestDesc.digest}`;
    const manifest = asManifest(parseJson(await readBlob(manifestDesc, 'manifest'), `${label} ${what}`), `${label} ${what}`);
    const configData = await readBlob(manifest.config, 'config');
    const config = asConfig(parseJson(configData, `${label} config ${manifest.config.digest}`), `${label} config`);
    const refs = manifest.layers.map(d => ({ path: blobPath(d.digest), descriptor: d }));
    return assemble(layout, sha256(configData), config, refs, opts);
}
/**
 * Reads the image a `docker save` layout holds through its `manifest.json` (both the classic
 * layout and the OCI layout of Docker 25+ carry one). `ref` picks an image by one of its
 * `RepoTags` when the archive holds several. Falls back to {@link readOciImage} when there is
 * no `manifest.json` but an `index.json`.
 * @throws Error naming the layout as {@link readOciImage} does, and when the archive holds
 *   several images and `ref` does not pick one (listing their tags).
 */
async function readDockerSaveImage(layout, opts) {
    const label = layout.label;
    const data = await layout.readFile('manifest.json');
    if (data === undefined) {
        if ((await layout.readFile('index.json')) !== undefined)
            return readOciImage(layout, opts);
        throw new Error(`${label}: neither manifest.json nor index.json is in the archive: not an image archive (or a truncated one)`);
    }
    const entries = asDockerSaveManifest(parseJson(data, `${label} manifest.json`), `${label} manifest.json`);
    const tags = () => entries.map(e => e.RepoTags.join(' ') || e.Config).join(', ');
    let entry = entries[0];
    if (opts.ref !== undefined) {
        const want = [opts.ref, `${opts.ref}:latest`];
        entry = entries.find(e => e.RepoTags.some(t => want.includes(t)));
        if (!entry)
            throw new Error(`${label}: no image tagged ${opts.ref} in manifest.json; images: ${tags()}`);
    }
    else if (entries.length > 1) {
        throw new Error(`${label}: the archive holds ${entries.length} images (${tags()}); name one as docker-archive:PATH:REF`);
    }
    if (!entry)
        throw new Error(`${label}: manifest.json lists no image`);
    const e = entry;
    const configData = await requireFile(layout, e.Config, 'the config');
    const id = sha256(configData);
    const named = HEX_NAME.exec(e.Config);
    if (named && `sha256:${named[1]}` !== id) {
        throw new Error(`${label}: the config ${e.Config} does not match its name (its sha256 is ${id})`);
    }
    const config = asConfig(parseJson(configData, `${label} config ${e.Config}`), `${label} config`);
    const refs = e.Layers.map(path => {
        const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path.replace(/^\.?\/+/, ''));
        return m ? { path, namedDigest: `sha256:${m[1]}` } : { path };
    });
    return assemble(layout, id, config, refs, opts);
}
function checkBlob(label, what, d, data) {
    if (data.length !== d.size) {
        throw new Error(`${label}: the ${what} blob ${d.digest} is ${data.length} bytes, its descriptor says ${d.size}`);
    }
    if (d.digest.startsWith('sha256:') && sha256(data) !== d.digest) {
        throw new Error(`${label}: the ${what} blob ${d.digest} does not match its digest (sha256 ${sha256(data)})`);
    }
}
/** Reads the layers, checks them against the config and descriptors, and builds the result. */
async function assemble(layout, id, config, refs, opts) {
    const label = layout.label;
    const platform = configPlatform(config);
    if (opts.explicitPlatform && !(0,image_platform/* platformMatches */.J5)(opts.platform, platform)) {
        throw new Error(`${label}: the image is ${(0,image_platform/* formatPlatform */.Bq)(platform)}, not ${(0,image_platform/* formatPlatform */.Bq)(opts.platform)}`);
    }
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== refs.length) {
        throw new Error(`${label}: the manifest lists ${refs.length} layers but the config's rootfs.diff_ids lists ${diffIds.length}`);
    }
    const blobs = await layout.layers([...new Set(refs.map(r => r.path))]);
    const layers = refs.map((ref, k) => {
        const blob = blobs.get(ref.path);
        if (!blob)
            throw new Error(`${label}: layer ${k} (${ref.path}) was not read`);
        const d = ref.descriptor;
        const where = `layer ${k} (${ref.path})`;
        if (blob.diffId !== diffIds[k]) {
            throw new Error(`${label}: ${where} has diff ID ${blob.diffId} but the config lists ${diffIds[k]}: the blob does not belong to this image or is corrupt`);
        }
        const digest = d?.digest ?? ref.namedDigest;
        if (digest?.startsWith('sha256:') && blob.digest !== digest) {
            throw new Error(`${label}: ${where} does not match its digest ${digest} (its sha256 is ${blob.digest})`);
        }
        if (d && blob.blobSize !== d.size) {
            throw new Error(`${label}: ${where} is ${blob.blobSize} bytes, its descriptor says ${d.size}`);
        }
        const layer = {
            diffId: blob.diffId,
            size: blob.scan.size,
            tarBytes: blob.tarBytes,
            fileCount: blob.scan.fileCount,
            compression: blob.kind
        };
        if (digest)
            layer.digest = digest;
        if (d?.mediaType)
            layer.mediaType = d.mediaType;
        if (blob.kind !== 'tar')
            layer.compressedSize = blob.blobSize;
        else if (blob.estimate !== undefined)
            layer.compressedSize = blob.estimate;
        return layer;
    });
    const read = { id, platform: (0,image_platform/* formatPlatform */.Bq)(platform), config, layers };
    const exact = layers.every(l => l.compression !== 'tar');
    if (exact || opts.compress) {
        let size = 0;
        for (const l of layers) {
            if (l.compressedSize === undefined)
                throw new Error(`${label}: no compressed size for layer ${l.diffId}`);
            size += l.compressedSize;
        }
        read.compressed = { size, exact };
    }
    if (opts.collectEntries)
        read.entries = refs.map(r => blobs.get(r.path)?.scan.entries ?? []);
    return read;
}

// EXTERNAL MODULE: ./node_modules/@swimlane/docker-reference/lib/index.js
var lib = __webpack_require__(2711);
;// CONCATENATED MODULE: ./lib/image/registry-client.js
/**
 * A small read-only client of the OCI distribution API: resolve an image reference to the image
 * manifest of one platform and return its layer descriptors, whose sizes are the exact compressed
 * (pull) sizes; fetch manifests, configs and layer blobs (streamed) for the registry image reader
 * (`./registry-image.ts`). Anonymous, or with the credentials `docker login` stored in the docker
 * CLI's config (`auths`; credential helpers are not run). Shared by `baseline-image` (`src/baseline/registry.ts` re-exports it) and the
 * `image` / `builder-image` inputs.
 *
 * Sources: OCI distribution-spec `spec.md` (GET `/v2/<name>/manifests/<reference>`, Accept),
 * OCI image-spec `image-index.md` / `manifest.md` (descriptors, platform), the Docker token
 * spec (distribution `docs/spec/auth/token.md`: `WWW-Authenticate: Bearer realm,service,scope`,
 * token response `token` / `access_token`), distribution/reference `normalize.go` (docker.io and
 * `library/`, via `@swimlane/docker-reference`, a port of it). Index entries are chosen the way
 * OCI layouts are (`selectManifest` of `src/image/oci.ts`: attestations skipped, containerd's
 * platform normalisation), so both paths agree on what "the platform being measured" is.
 *
 * Why not `@snyk/docker-registry-v2-client`: it matches an index entry's variant exactly, so
 * `linux/arm64` never matches entries written `linux/arm64/v8` (and the reverse), and it leaves
 * the Docker Hub name rules to the caller; what this module needs is a few GETs.
 */






const INDEX_TYPES = [MediaType.ociIndex, MediaType.dockerList];
const MANIFEST_TYPES = [MediaType.ociManifest, MediaType.dockerManifest];
const ACCEPT = [...MANIFEST_TYPES, ...INDEX_TYPES].join(', ');
/** Registries SHOULD accept manifests up to 4 MiB (distribution-spec); larger is refused. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Attempts per request on 429 and 5xx (with the server's `retry-after`, capped). */
const ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 10_000;
/**
 * Splits an image reference (`busybox`, `ghcr.io/o/app:1.2`, `127.0.0.1:5000/x/y@sha256:…`) with
 * the docker CLI's rules (distribution/reference `ParseNormalizedNamed`): no registry → `docker.io`;
 * a one-part Docker Hub name gets `library/`; Docker Hub's API host is `registry-1.docker.io`.
 *
 * @param insecureHosts hosts (`host` or `host:port`) to reach over HTTP besides loopback ones.
 * @throws Error naming `ref` when it is not a valid reference (upper case, bad characters, an
 *   image ID without a name).
 */
function parseRegistryRef(ref, insecureHosts = []) {
    let parsed;
    try {
        parsed = (0,lib/* parseFamiliarName */.UD)(ref.trim());
    }
    catch (error) {
        throw new Error(`image reference "${ref}" is not valid (${error.message}): expected [registry/]name[:tag][@digest]`, { cause: error });
    }
    const registry = parsed.domain || 'docker.io';
    const repository = parsed.repository;
    if (!repository) {
        throw new Error(`image reference "${ref}" has no repository name`);
    }
    const apiHost = registry === 'docker.io' || registry === 'index.docker.io' ? 'registry-1.docker.io' : registry;
    const hostname = hostOf(registry);
    const insecure = isLoopback(hostname) || insecureHosts.some(h => h === registry || h === hostname);
    return {
        registry,
        apiHost,
        repository,
        reference: parsed.digest ?? parsed.tag ?? 'latest',
        scheme: insecure ? 'http' : 'https'
    };
}
/** `host:port` → `host`. */
function hostOf(registry) {
    return registry.replace(/:\d+$/, '');
}
function isLoopback(host) {
    return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
/**
 * Resolves `ref` in its registry to the image manifest for `opts.platform` (following an index or
 * manifest list, attestation entries skipped) and returns its config and layer descriptors.
 * Anonymous: a `401` with a `Bearer` challenge is answered with an anonymous token from the
 * challenge's realm (service and scope passed on); 429 and 5xx are retried up to 3 times.
 * Manifests fetched by digest are verified against it.
 *
 * Compressed image size = Σ `layers[].size` (the config blob excluded, as regctl counts; the crane
 * recipe adds the config — see `src/model.ts` `CompressedSize`).
 *
 * @throws Error naming `ref` and the registry on: an invalid reference, no answer (with the URL),
 *   `401` without a Bearer challenge or a refused token (credentials needed), `404` (no such
 *   image or tag), any other HTTP error (status and the registry's error codes), a body that is
 *   not a manifest, a schema 1 manifest, no manifest for the platform, a digest mismatch.
 */
async function fetchRegistryManifest(ref, opts) {
    const session = openRegistrySession(ref, opts);
    const { target } = session;
    const want = (0,image_platform/* parsePlatform */.FL)(opts.platform, 'platform');
    const label = `image ${ref} (registry ${target.registry})`;
    let doc = await getManifest(session, target.reference);
    let indexDigest;
    let platform;
    if (INDEX_TYPES.includes(doc.mediaType)) {
        indexDigest = doc.digest;
        const index = checked(session, () => asIndex(doc.body, `the index ${doc.digest}`));
        // Errors of selectManifest start with `label`, like refError's.
        const chosen = await selectManifest(index, {
            platform: want,
            explicit: true,
            label,
            loadIndex: async (d) => loadIndex(session, d),
            loadPlatform: async (d) => loadPlatform(session, d)
        });
        if (chosen.platform)
            platform = (0,image_platform/* formatPlatform */.Bq)(chosen.platform);
        doc = await getManifest(session, chosen.digest);
    }
    if (!MANIFEST_TYPES.includes(doc.mediaType)) {
        throw refError(session, /v1\+prettyjws|manifest\.v1\+json/.test(doc.mediaType)
            ? 'the registry serves a Docker schema 1 manifest, which is not supported'
            : `unexpected manifest media type "${doc.mediaType}"`);
    }
    const manifest = checked(session, () => asManifest(doc.body, `the manifest ${doc.digest}`));
    return {
        digest: doc.digest,
        mediaType: doc.mediaType,
        ...(indexDigest ? { indexDigest } : {}),
        ...(platform ? { platform } : {}),
        config: { digest: manifest.config.digest, size: manifest.config.size },
        layers: manifest.layers.map(l => ({ digest: l.digest, size: l.size, mediaType: l.mediaType }))
    };
}
/**
 * The image config of `ref` for `opts.platform` from its registry (the manifest as
 * {@link fetchRegistryManifest} resolves it, then the config blob, digest-checked): e.g. a base
 * image's `rootfs.diff_ids` when the engine holds no copy of it.
 * @throws Error as {@link fetchRegistryManifest} does, and when the config is malformed.
 */
async function fetchRegistryConfig(ref, opts) {
    const manifest = await fetchRegistryManifest(ref, opts);
    const session = openRegistrySession(ref, opts);
    const digest = manifest.config.digest;
    const bytes = await fetchBlob(session, digest, MAX_MANIFEST_BYTES);
    return checked(session, () => asConfig(registry_client_parseJson(session, bytes, blobUrl(session, digest)), `the config ${digest}`));
}
/** Runs a shape check, prefixing its error with the image and registry. */
function checked(session, check) {
    try {
        return check();
    }
    catch (error) {
        throw refError(session, error.message);
    }
}
async function loadIndex(session, d) {
    const doc = await getManifest(session, d.digest);
    return checked(session, () => asIndex(doc.body, `the index ${d.digest}`));
}
/** The platform of a manifest whose index entry names none: from its config blob. */
async function loadPlatform(session, d) {
    const doc = await getManifest(session, d.digest);
    const manifest = checked(session, () => asManifest(doc.body, `the manifest ${d.digest}`));
    const digest = manifest.config.digest;
    const url = blobUrl(session, digest);
    const bytes = await fetchBlob(session, digest, MAX_MANIFEST_BYTES);
    return checked(session, () => configPlatform(asConfig(registry_client_parseJson(session, bytes, url), `the config ${digest}`)));
}
function registry_client_parseJson(session, bytes, url) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw refError(session, `${url} did not return JSON`);
    }
}
/**
 * A session for `ref` (see {@link parseRegistryRef}); nothing is sent yet.
 * @throws Error naming `ref` when it is not a valid reference.
 */
function openRegistrySession(ref, opts = {}) {
    return {
        target: parseRegistryRef(ref, opts.insecureHosts),
        ref,
        timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    };
}
/**
 * GET `/v2/<repository>/manifests/<reference>` (a tag or a digest; a digest is verified).
 * @throws Error naming the image and registry as {@link fetchRegistryManifest} does.
 */
async function fetchManifestDocument(session, reference) {
    return getManifest(session, reference);
}
/**
 * GET `/v2/<repository>/blobs/<digest>` in full (a config), at most `maxBytes`, checked against
 * `digest`.
 * @throws Error naming the image and registry when the request fails, the blob is larger than
 *   `maxBytes`, or its sha256 is not `digest`.
 */
async function fetchBlob(session, digest, maxBytes) {
    const bytes = await readLimited(session, await request(session, blobUrl(session, digest)), maxBytes);
    if (digest.startsWith('sha256:') && sha256(bytes) !== digest) {
        throw refError(session, `the blob ${digest} does not match its digest (sha256 ${sha256(bytes)})`);
    }
    return bytes;
}
/**
 * GET `/v2/<repository>/blobs/<digest>` as a stream (a layer; redirects to storage followed, the
 * token not sent to another origin). The caller checks the digest while reading.
 * @throws Error naming the image and registry when the request fails.
 */
async function openBlob(session, digest) {
    const response = await request(session, blobUrl(session, digest));
    if (!response.body)
        throw refError(session, `the blob ${digest} came without a body`);
    return response.body;
}
function blobUrl(session, digest) {
    const { target } = session;
    return `${target.scheme}://${target.apiHost}/v2/${target.repository}/blobs/${digest}`;
}
function refError(session, message) {
    return new Error(`image ${session.ref} (registry ${session.target.registry}): ${message}`);
}
async function getManifest(session, reference) {
    const { target } = session;
    const url = `${target.scheme}://${target.apiHost}/v2/${target.repository}/manifests/${reference}`;
    const response = await request(session, url);
    const bytes = await readLimited(session, response, MAX_MANIFEST_BYTES);
    const digest = sha256(bytes);
    if (reference.startsWith('sha256:') && reference !== digest) {
        throw refError(session, `the manifest fetched by digest ${reference} hashes to ${digest}`);
    }
    const body = registry_client_parseJson(session, bytes, url);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw refError(session, `${url} did not return a manifest object`);
    }
    const record = body;
    const header = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const mediaType = typeof record['mediaType'] === 'string' && record['mediaType']
        ? record['mediaType']
        : header || (Array.isArray(record['manifests']) ? MediaType.ociIndex : MediaType.ociManifest);
    return { mediaType, digest, body: record, bytes };
}
async function readLimited(session, response, max, what = 'the manifest') {
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > max) {
        await response.body?.cancel();
        throw refError(session, `${what} is ${declared} bytes, more than the ${max} accepted`);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > max) {
        throw refError(session, `${what} is ${bytes.length} bytes, more than the ${max} accepted`);
    }
    return bytes;
}
/** GET with the session's token; answers one Bearer challenge; retries 429/5xx. */
async function request(session, url) {
    let challenged = false;
    for (let attempt = 1;; attempt++) {
        const headers = { Accept: ACCEPT };
        if (session.token)
            headers['Authorization'] = `Bearer ${session.token}`;
        else if (session.basic)
            headers['Authorization'] = `Basic ${session.basic}`;
        const response = await send(session, url, headers);
        if (response.ok)
            return response;
        if (response.status === 401 && !challenged) {
            await response.body?.cancel();
            challenged = true;
            if (session.basic === undefined)
                session.basic = await dockerLogin(session.target.registry);
            const header = response.headers.get('www-authenticate');
            // A registry with Basic auth (no token service) takes the login itself.
            if (!(session.basic && /^\s*Basic\b/i.test(header ?? ''))) {
                session.token = await anonymousToken(session, header);
            }
            attempt--;
            continue;
        }
        if ((response.status === 429 || response.status >= 500) && attempt < ATTEMPTS) {
            await response.body?.cancel();
            await sleep(retryWait(response.headers.get('retry-after'), attempt));
            continue;
        }
        throw await httpError(session, url, response);
    }
}
async function send(session, url, headers) {
    try {
        return await fetch(url, { headers, signal: AbortSignal.timeout(session.timeoutMs) });
    }
    catch (error) {
        const cause = error.cause?.message ?? error.message;
        throw refError(session, `no answer from ${url} (${cause})`);
    }
}
/**
 * The error for a failed response, with the registry's error codes when its body is the spec's
 * `{"errors":[{"code","message"}]}` (read up to 64 kB, codes only: the text is the registry's).
 */
async function httpError(session, url, response) {
    let codes = '';
    try {
        const text = (await readLimited(session, response, 64 * 1024)).toString('utf8');
        const errors = JSON.parse(text).errors;
        const list = Array.isArray(errors)
            ? errors
                .map(e => e?.code)
                .filter((c) => typeof c === 'string' && /^[A-Z_]{1,64}$/.test(c))
            : [];
        if (list.length)
            codes = ` ${list.slice(0, 5).join(', ')}`;
    }
    catch {
        // No usable error body: the status says enough.
    }
    const status = `HTTP ${response.status}${codes} from ${url}`;
    if (response.status === 404)
        return refError(session, `not found (${status}): check the name and tag`);
    if (response.status === 401 || response.status === 403) {
        return refError(session, `access denied (${status}): the image needs credentials: log in before this step (docker/login-action, docker login ${session.target.registry}; the login in the docker CLI's config.json is used, credential helpers are not), docker pull it and name the local image, or make it public`);
    }
    return refError(session, status);
}
/** Seconds or an HTTP date in `retry-after`, else 1 s, 2 s; capped at 10 s. */
function retryWait(retryAfter, attempt) {
    let ms = attempt * 1000;
    if (retryAfter) {
        const seconds = Number(retryAfter);
        ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
        if (!Number.isFinite(ms) || ms < 0)
            ms = attempt * 1000;
    }
    return Math.min(ms, MAX_RETRY_WAIT_MS);
}
function sleep(ms) {
    return new Promise(resolve => setTimeout(resolve, ms));
}
/**
 * Parses the Bearer challenge of a `WWW-Authenticate` header (RFC 6750 §3, quoted or token
 * values): `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"`.
 * Undefined when the header holds no Bearer challenge with a realm (e.g. `Basic realm=…`).
 */
function parseBearerChallenge(header) {
    if (!header)
        return undefined;
    const start = /(?:^|[\s,])Bearer\s+/i.exec(header);
    if (!start)
        return undefined;
    const params = {};
    const rest = header.slice(start.index + start[0].length);
    const param = /\s*([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))\s*(?:,|$)/y;
    let m;
    while ((m = param.exec(rest)) !== null) {
        const key = m[1].toLowerCase();
        params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
        if (param.lastIndex >= rest.length)
            break;
    }
    if (!params['realm'])
        return undefined;
    return {
        realm: params['realm'],
        ...(params['service'] !== undefined ? { service: params['service'] } : {}),
        ...(params['scope'] !== undefined ? { scope: params['scope'] } : {})
    };
}
/**
 * The `auth` (base64 `user:password`) the docker CLI's config holds for `registry` (`docker
 * login`, docker/login-action without a credential store): `auths` keyed by the host, by
 * `https://host`, `http://host` or `https://host/v1/`; Docker Hub under
 * `https://index.docker.io/v1/`. Credential helpers (`credsStore`, `credHelpers`) are not run.
 * Pure.
 *
 * @param config the parsed `config.json`
 * @returns the base64 credentials, or undefined
 */
function configAuth(config, registry) {
    if (typeof config !== 'object' || config === null)
        return undefined;
    const auths = config.auths;
    if (typeof auths !== 'object' || auths === null)
        return undefined;
    const hub = registry === 'docker.io' || registry === 'index.docker.io';
    const keys = hub
        ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io']
        : [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`];
    for (const key of keys) {
        const entry = auths[key];
        const auth = entry?.auth;
        if (typeof auth === 'string' && auth !== '')
            return auth;
    }
    return undefined;
}
/** {@link configAuth} from `$DOCKER_CONFIG/config.json` (default `~/.docker`); null when none. */
async function dockerLogin(registry) {
    const dir = (0,engine_api/* dockerConfigDir */.kG)();
    try {
        return (configAuth(JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, 'config.json'), 'utf8')), registry) ?? null);
    }
    catch {
        return null;
    }
}
/** Asks the challenge's realm for a pull token (Docker token spec): anonymous, or with the docker login. */
async function anonymousToken(session, header) {
    const challenge = parseBearerChallenge(header);
    if (!challenge) {
        throw refError(session, `the registry asks for credentials (${header ? `WWW-Authenticate: ${header.slice(0, 200)}` : 'no Bearer challenge'}): log in before this step (docker login ${session.target.registry})`);
    }
    let url;
    try {
        url = new URL(challenge.realm);
    }
    catch {
        throw refError(session, `the token realm "${challenge.realm}" is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw refError(session, `the token realm "${challenge.realm}" is not an http(s) URL`);
    }
    if (challenge.service !== undefined)
        url.searchParams.set('service', challenge.service);
    url.searchParams.set('scope', challenge.scope ?? `repository:${session.target.repository}:pull`);
    const tokenHeaders = { Accept: 'application/json' };
    if (session.basic)
        tokenHeaders['Authorization'] = `Basic ${session.basic}`;
    const response = await send(session, url.toString(), tokenHeaders);
    if (!response.ok) {
        await response.body?.cancel();
        throw refError(session, session.basic
            ? `the token service ${url.origin} refused the docker login for ${session.target.registry} (HTTP ${response.status}): log in again (docker login ${session.target.registry}) with pull access`
            : `the token service ${url.origin} refused an anonymous token (HTTP ${response.status}): the image needs credentials; log in first (docker/login-action, docker login ${session.target.registry})`);
    }
    const body = (await readLimited(session, response, 1024 * 1024)).toString('utf8');
    let token;
    try {
        const json = JSON.parse(body);
        token = json['token'] ?? json['access_token'];
    }
    catch {
        token = undefined;
    }
    if (typeof token !== 'string' || !token) {
        throw refError(session, `the token service ${url.origin} returned no token`);
    }
    return token;
}

;// CONCATENATED MODULE: ./lib/image/registry-image.js






/** Configs and manifests above this many bytes are refused (the distribution-spec's 4 MiB). */
const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
/**
 * Reads `ref` (`[registry/]name[:tag][@digest]`) from its registry: resolves the reference (an
 * index to the platform's manifest, attestations skipped), fetches the config, and streams every
 * layer blob once.
 *
 * @returns the image as every reader returns it; `compressed` is exact (Σ layer blob sizes from
 *   the manifest, config excluded)
 * @throws Error naming the image and registry when the reference is invalid, the registry does
 *   not answer or refuses (credentials, not found), a document is malformed, no manifest is
 *   there for the platform, or a blob does not match its digest, size or diff ID.
 */
async function readRegistryImage(ref, opts) {
    const session = openRegistrySession(ref, opts);
    const label = `docker://${ref} (registry ${session.target.registry})`;
    const top = await fetchManifestDocument(session, session.target.reference);
    const docs = new Map([[top.digest, top.bytes]]);
    const manifests = new Set();
    const noteManifests = (body) => {
        const list = body['manifests'];
        if (!Array.isArray(list))
            return;
        for (const d of list) {
            if (typeof d?.digest === 'string')
                manifests.add(d.digest);
        }
    };
    // index.json: the reference's own index, or a one-entry index naming its manifest.
    let indexJson;
    if (Array.isArray(top.body['manifests'])) {
        indexJson = top.bytes;
        noteManifests(top.body);
    }
    else {
        const mediaType = top.mediaType || MediaType.ociManifest;
        indexJson = Buffer.from(JSON.stringify({
            schemaVersion: 2,
            manifests: [{ mediaType, digest: top.digest, size: top.bytes.length }]
        }));
    }
    const layout = {
        label,
        readFile: async (path) => {
            if (path === 'index.json')
                return indexJson;
            const digest = digestOfPath(path);
            if (!digest)
                return undefined;
            const known = docs.get(digest);
            if (known)
                return known;
            if (manifests.has(digest)) {
                const doc = await fetchManifestDocument(session, digest);
                noteManifests(doc.body);
                docs.set(digest, doc.bytes);
                return doc.bytes;
            }
            return fetchBlob(session, digest, MAX_DOCUMENT_BYTES);
        },
        layers: async (paths) => {
            const out = new Map();
            const queue = [...paths];
            const worker = async () => {
                for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
                    out.set(path, await readLayer(session, label, path, opts));
                }
            };
            await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
            return out;
        }
    };
    return readOciImage(layout, {
        platform: opts.platform,
        explicitPlatform: opts.explicitPlatform,
        compress: opts.compress,
        collectEntries: opts.collectEntries
    });
}
/** `blobs/sha256/<hex>` → `sha256:<hex>`; undefined for any other path. */
function digestOfPath(path) {
    const m = /^blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(path);
    return m ? `${m[1]}:${m[2]}` : undefined;
}
/** Streams one layer blob from the registry into a {@link LayerBlobSink}. */
async function readLayer(session, label, path, opts) {
    const digest = digestOfPath(path);
    if (!digest)
        throw new Error(`${label}: ${path} is not a blob path`);
    const sink = new LayerBlobSink({
        collectEntries: opts.collectEntries,
        estimate: opts.compress ? {} : false,
        label: `${label} ${digest}`
    });
    const body = await openBlob(session, digest);
    try {
        for await (const chunk of body) {
            const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
            noteBytesRead(buffer.length);
            await sink.write(buffer);
        }
    }
    catch (err) {
        sink.destroy(err);
        throw new Error(`${label}: reading the layer blob ${digest} failed: ${err.message}`, {
            cause: err
        });
    }
    return sink.end();
}
/**
 * The source to read for an `image` / `builder-image` input: a plain reference (not written
 * `docker-daemon:`) that the local engine does not hold is read from its registry instead
 * (`docker://REF`), with no pull and no copy in the engine; an image ID stays with the engine.
 * Every other source is returned as it is.
 *
 * @param engine the engine, when one was detected; without one a plain reference is read from
 *   its registry.
 * @throws Error when the engine fails for another reason than a missing image.
 */
async function resolveImageSource(source, engine, inputName, log) {
    if (source.transport !== 'docker-daemon' || source.explicit)
        return source;
    if (/^(sha256:)?[0-9a-f]{12,64}$/.test(source.ref))
        return source;
    if (engine && (await (0,engine_inspect/* imageExists */.US)(engine, source.ref)))
        return source;
    log.info(`${inputName}: ${source.ref} is not in the local engine; reading it from its registry (docker://${source.ref}), without a pull.`);
    return { transport: 'docker', ref: source.ref };
}

;// CONCATENATED MODULE: ./lib/image/read.js
/**
 * Read one image from any source — the local engine (`docker save`), a `docker save` or skopeo
 * archive, an OCI layout or OCI archive — in one streaming pass: config, per-layer sizes as the
 * engine counts them, diff IDs (verified), compressed sizes (exact from compressed blobs, else a
 * push-size estimate on request) and, on request, every layer's entries for the waste analysis.
 *
 * Nothing of a layer's content is held in memory: each blob streams through hashing, a
 * decompressor, the tar scan and the estimator with bounded buffers (see `./archive.ts`,
 * `./layer-blob.ts`, `./compress.ts`). Peak memory does not grow with image size, only with the
 * entries collected (metadata: a path and a size per file).
 */












/**
 * Reads an image.
 *
 * - `docker-daemon:REF` (or a plain reference): streams `docker save REF`'s standard output; both
 *   layouts `docker save` writes are read (classic up to Docker 24; the OCI layout of Docker 25+,
 *   with uncompressed blobs from the graphdriver store or gzip/zstd blobs from the containerd
 *   store). The image is taken from `manifest.json`.
 * - `docker-archive:PATH[:REF]`: the same from a file (gzip- or zstd-compressed files too).
 * - `oci-archive:PATH[:TAG]`: a tar of an OCI layout, streamed; the manifest is chosen from
 *   `index.json` by tag and platform (attestation manifests skipped).
 * - `oci:DIR[:TAG]`: an OCI layout directory; only the chosen manifest's blobs are read.
 * - `docker://REF`: a registry image, its layer blobs streamed from the registry
 *   (`./registry-image.ts`); no engine involved.
 *
 * @returns the image: ID (config digest), platform, config, layers in manifest order, compressed
 *   size (see `ImageRead.compressed`), entries when asked for
 * @throws Error naming the source when: the image is not in the engine, the docker CLI is
 *   missing or fails, a file does not exist, an archive is truncated or not a tar, a manifest
 *   names a missing blob, a layer blob is not a (compressed) tar or is corrupt, a digest, size or
 *   diff ID does not match, or the platform asked for is not there.
 */
async function readImage(source, opts) {
    const label = (0,image_source/* describeSource */.B6)(source);
    const image = {
        platform: opts.platform !== undefined ? (0,image_platform/* parsePlatform */.FL)(opts.platform) : (0,image_platform/* runnerPlatform */.GQ)(),
        explicitPlatform: opts.platform !== undefined,
        compress: opts.compress,
        collectEntries: opts.collectEntries
    };
    const archive = {
        label,
        collectEntries: opts.collectEntries,
        estimate: opts.compress ? {} : false
    };
    switch (source.transport) {
        case 'docker-daemon': {
            const contents = await dockerSave(source.ref, opts, archive);
            return readDockerSaveImage(archiveLayout(label, contents), image);
        }
        case 'docker':
            return readRegistryImage(source.ref, {
                platform: image.platform,
                explicitPlatform: image.explicitPlatform,
                compress: opts.compress,
                collectEntries: opts.collectEntries,
                insecureHosts: opts.insecureHosts
            });
        case 'docker-archive': {
            const contents = await readLayoutArchive(await openFile(source.path, label), archive);
            return readDockerSaveImage(archiveLayout(label, contents), { ...image, ref: source.ref });
        }
        case 'oci-archive': {
            const contents = await readLayoutArchive(await openFile(source.path, label), archive);
            return readOciImage(archiveLayout(label, contents), { ...image, tag: source.tag });
        }
        case 'oci': {
            const st = await (0,promises_.stat)(source.dir).catch(() => undefined);
            if (!st?.isDirectory())
                throw new Error(`${label}: ${source.dir} is not a directory (expected an OCI image layout)`);
            const layout = directoryLayout(label, source.dir, {
                blob: { collectEntries: opts.collectEntries, estimate: archive.estimate }
            });
            return readOciImage(layout, { ...image, tag: source.tag });
        }
    }
}
/**
 * Opens an archive file for streaming; a gzip- or zstd-compressed archive (`docker save | gzip`,
 * which `docker load` accepts too) is decompressed on the fly.
 * @throws Error naming the source when the file is missing or is not a regular file.
 */
async function openFile(path, label) {
    const st = await (0,promises_.stat)(path).catch((err) => err);
    if (st instanceof Error) {
        throw new Error(`${label}: cannot open ${path}: ${st.code === 'ENOENT' ? 'no such file' : st.message}`);
    }
    if (!st.isFile())
        throw new Error(`${label}: ${path} is not a file (expected an image archive)`);
    const head = Buffer.alloc(4);
    const fh = await (0,promises_.open)(path);
    try {
        await fh.read(head, 0, 4, 0);
    }
    finally {
        await fh.close();
    }
    const file = (0,external_node_fs_.createReadStream)(path, { highWaterMark: 1024 * 1024 });
    const kind = sniffBlob(head);
    if (kind !== 'gzip' && kind !== 'zstd')
        return file;
    const inflate = kind === 'gzip' ? external_node_zlib_.createGunzip() : external_node_zlib_.createZstdDecompress();
    file.on('error', err => inflate.destroy(err));
    inflate.on('error', () => file.destroy());
    return file.pipe(inflate);
}
/**
 * `source` behind a read-ahead of up to 1 MiB, so the engine (a `docker save` pipe, the API's
 * response) waits less while a chunk is being scanned. An error of `source` ends it too.
 */
function readAhead(source) {
    const buffered = new external_node_stream_.PassThrough({ highWaterMark: 1024 * 1024 });
    source.on('error', err => buffered.destroy(err));
    return source.pipe(buffered);
}
/** What `docker save` or the engine says of an image it does not hold (20.10, 26, 28). */
const SAVE_NOT_FOUND = /No such image|reference does not exist|not found/i;
/** The error for an image the engine does not hold, with the engine's `message`. */
function saveNotFound(ref, message) {
    return new Error(`image "${ref}" was not found in the Docker engine (docker save: ${message})`);
}
/**
 * Streams `GET /images/get?names=REF` (what `docker save REF` writes) into the archive reader.
 * @throws Error when the socket cannot be reached, the image is not in the engine, the engine
 *   refuses, or the stream cannot be read.
 */
async function apiSave(socket, ref, archive) {
    let body;
    try {
        body = await (0,engine_api/* apiStream */.BF)(socket, `/images/get?names=${encodeURIComponent(ref)}`);
    }
    catch (error) {
        const status = error.status;
        const msg = error.message;
        if (status === 404 || SAVE_NOT_FOUND.test(msg))
            throw saveNotFound(ref, msg);
        throw new Error(`docker save ${ref} failed: ${msg}`, { cause: error });
    }
    try {
        return await readLayoutArchive(readAhead(body), archive);
    }
    finally {
        // Stops the daemon's writing when the reader gave up early (an error, a bad archive).
        body.destroy();
    }
}
/**
 * Streams `docker save REF` into the archive reader.
 * @throws Error when the CLI cannot be started, the image is not in the engine, `docker save`
 *   fails, or its output cannot be read.
 */
async function dockerSave(ref, opts, archive) {
    if (opts.api)
        return apiSave(opts.api, ref, archive);
    const docker = opts.docker ?? 'docker';
    const child = (0,external_node_child_process_.spawn)(docker, ['save', ref], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...opts.env }
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
        if (stderr.length < 8192)
            stderr += c.toString();
    });
    const exited = new Promise(resolve => {
        child.on('error', (error) => resolve({ code: null, signal: null, error }));
        child.on('close', (code, signal) => resolve({ code, signal }));
    });
    let contents;
    let readError = new Error(`docker save ${ref}: no output was read`);
    let timer;
    try {
        contents = await readLayoutArchive(readAhead(child.stdout), archive);
        readError = undefined;
    }
    catch (err) {
        readError = err;
        // Close our end of the pipe: a docker save still writing stops on EPIPE; one that failed by
        // itself has already said why on stderr. Kill it only if it lingers.
        child.stdout.destroy();
        timer = setTimeout(() => child.kill(), 10_000);
    }
    const { code, signal, error } = await exited;
    clearTimeout(timer);
    if (error) {
        if (error.code === 'ENOENT') {
            throw new Error(`docker save ${ref}: the Docker CLI "${docker}" was not found; install Docker or put its CLI on PATH`);
        }
        throw new Error(`docker save ${ref}: cannot run "${docker}": ${error.message}`, {
            cause: error
        });
    }
    const msg = stderr.trim();
    const stoppedByUs = readError !== undefined && (signal !== null || code === null || /broken pipe|EPIPE/i.test(msg));
    if (code !== 0 && !stoppedByUs) {
        if (SAVE_NOT_FOUND.test(msg))
            throw saveNotFound(ref, msg);
        throw new Error(`docker save ${ref} failed (exit code ${String(code)}): ${msg || 'no message'}`);
    }
    if (readError !== undefined || !contents)
        throw readError;
    return contents;
}

;// CONCATENATED MODULE: ./lib/image/estimate-cache.js
/**
 * An on-disk cache of compressed-size estimates, so that a re-run measuring the same layers does
 * not compress them again.
 *
 * Why it is sound: the estimate (`./compress.ts`) is a pure function of a layer's uncompressed
 * bytes and of the estimator — the compiled `gogzip.wasm` (Go's `compress/flate`) and the chunk
 * size. The bytes are named by the layer's diff ID (sha256 of the uncompressed tar, which the
 * reader computes and verifies on every read), and the estimator by the sha256 of the `.wasm`
 * file plus the chunk size. So an entry is `<root>/estimates/v1/<estimator>/<diff ID hex>`
 * holding `{"diffId", "size"}` in bytes.
 *
 * Where: `ISB_CACHE_DIR`, else `$XDG_CACHE_HOME/image-size-budget`, else
 * `~/.cache/image-size-budget`. `ISB_NO_CACHE=1` (any value but empty, `0` or `false`) turns it
 * off. On GitHub-hosted runners the home directory is discarded with the VM, so only the CLI and
 * self-hosted runners gain across runs.
 *
 * Robust by construction: a write goes to a temporary file renamed into place (atomic on one
 * file system, so concurrent writers of the same layer leave one whole entry, and readers never
 * see half of one); an entry that does not parse, names another diff ID or holds no byte count
 * is ignored (and the estimate made again, then rewritten); any I/O error is a miss. Bounded:
 * at most {@link MAX_ENTRIES} entries per estimator; past that the least recently used (file
 * mtime, touched on every hit) are removed.
 */







/** Entries kept per estimator (each is one ~130-byte file). */
const MAX_ENTRIES = 4096;
/** The layout version of the cache directory. */
const LAYOUT = 'v1';
const DIFF_ID = /^sha256:([0-9a-f]{64})$/;
/**
 * The cache's root from the environment: `ISB_NO_CACHE` (off unless empty, `0` or `false`),
 * `ISB_CACHE_DIR`, `XDG_CACHE_HOME` (absolute paths only, as the XDG spec says), `HOME`. Pure.
 */
function cacheLocation(env = process.env, home = safeHomedir()) {
    const off = env['ISB_NO_CACHE'];
    if (off !== undefined && !/^(|0|false)$/i.test(off.trim())) {
        return { disabled: `ISB_NO_CACHE=${off}` };
    }
    const own = env['ISB_CACHE_DIR'];
    if (own)
        return { dir: own };
    const xdg = env['XDG_CACHE_HOME'];
    if (xdg && (0,external_node_path_.isAbsolute)(xdg))
        return { dir: (0,external_node_path_.join)(xdg, 'image-size-budget') };
    if (home)
        return { dir: (0,external_node_path_.join)(home, '.cache', 'image-size-budget') };
    return { disabled: 'no cache directory: neither ISB_CACHE_DIR, XDG_CACHE_HOME nor HOME is set' };
}
function safeHomedir() {
    try {
        return (0,external_node_os_.homedir)() || undefined;
    }
    catch {
        return undefined;
    }
}
let wasmDigest;
/** sha256 (hex) of the `gogzip.wasm` the estimator runs, read once per process. */
function estimatorWasmDigest() {
    wasmDigest ??= (0,promises_.readFile)((0,external_node_path_.join)(gogzipDir(), 'gogzip.wasm')).then(bytes => (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex'));
    wasmDigest.catch(() => (wasmDigest = undefined));
    return wasmDigest;
}
/**
 * The estimator's name in the cache: the first 16 hex digits of sha256(wasm digest, chunk size).
 * @throws Error when the estimator's `gogzip.wasm` cannot be read.
 */
async function estimatorKey(chunkSize = DEFAULT_CHUNK_SIZE) {
    const wasm = await estimatorWasmDigest();
    return (0,external_node_crypto_.createHash)('sha256').update(`${wasm}\n${chunkSize}`).digest('hex').slice(0, 16);
}
/**
 * Compressed-size estimates by diff ID, for one estimator. Every method is best effort: I/O
 * errors are misses or skipped writes, never thrown.
 */
class EstimateCache {
    /** The directory holding this estimator's entries. */
    dir;
    maxEntries;
    constructor(dir, maxEntries) {
        this.dir = dir;
        this.maxEntries = maxEntries;
    }
    /**
     * The cache for the default estimator, or `{ disabled: why }` when it is turned off, has no
     * place, or the estimator cannot be named. Creates nothing on disk until a {@link put}.
     */
    static async open(opts = {}) {
        const location = opts.location ?? cacheLocation();
        if ('disabled' in location)
            return location;
        let estimator = opts.estimator;
        if (estimator === undefined) {
            try {
                estimator = await estimatorKey();
            }
            catch (error) {
                return { disabled: `the estimator cannot be named: ${error.message}` };
            }
        }
        return new EstimateCache((0,external_node_path_.join)(location.dir, 'estimates', LAYOUT, estimator), opts.maxEntries ?? MAX_ENTRIES);
    }
    /** The cached estimate for `diffId` in bytes; undefined for a miss or an unusable entry. */
    async get(diffId) {
        const hex = DIFF_ID.exec(diffId)?.[1];
        if (!hex)
            return undefined;
        const path = (0,external_node_path_.join)(this.dir, hex);
        let text;
        try {
            text = await (0,promises_.readFile)(path, 'utf8');
        }
        catch {
            return undefined;
        }
        const size = parseEntry(text, diffId);
        if (size === undefined)
            return undefined;
        // Recently used: pruning removes the oldest first.
        const now = new Date();
        await (0,promises_.utimes)(path, now, now).catch(() => undefined);
        return size;
    }
    /** The cached estimates of all `diffIds` (duplicates once); the misses are absent. */
    async getAll(diffIds) {
        const found = new Map();
        const unique = [...new Set(diffIds)];
        const sizes = await Promise.all(unique.map(id => this.get(id)));
        unique.forEach((id, k) => {
            const size = sizes[k];
            if (size !== undefined)
                found.set(id, size);
        });
        return found;
    }
    /**
     * Stores estimates (diff ID → bytes), each atomically, then prunes past the bound.
     * @returns how many entries were written
     */
    async putAll(estimates) {
        if (estimates.size === 0)
            return 0;
        try {
            await (0,promises_.mkdir)(this.dir, { recursive: true });
        }
        catch {
            return 0;
        }
        let written = 0;
        for (const [diffId, size] of estimates) {
            if (await this.write(diffId, size))
                written++;
        }
        if (written > 0)
            await this.prune();
        return written;
    }
    /** Stores one estimate (see {@link putAll}). @returns whether it was written */
    async put(diffId, size) {
        return (await this.putAll(new Map([[diffId, size]]))) === 1;
    }
    async write(diffId, size) {
        const hex = DIFF_ID.exec(diffId)?.[1];
        if (!hex || !Number.isSafeInteger(size) || size < 0)
            return false;
        const path = (0,external_node_path_.join)(this.dir, hex);
        const tmp = `${path}.${process.pid}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`;
        try {
            await (0,promises_.writeFile)(tmp, `${JSON.stringify({ diffId, size })}\n`, { flag: 'wx' });
            await (0,promises_.rename)(tmp, path);
            return true;
        }
        catch {
            await (0,promises_.unlink)(tmp).catch(() => undefined);
            return false;
        }
    }
    /** Past the bound: removes the least recently used entries (and stale temporary files). */
    async prune() {
        let names;
        try {
            names = await (0,promises_.readdir)(this.dir);
        }
        catch {
            return;
        }
        if (names.length <= this.maxEntries)
            return;
        const dated = await Promise.all(names.map(async (name) => {
            const st = await (0,promises_.stat)((0,external_node_path_.join)(this.dir, name)).catch(() => undefined);
            return { name, mtime: st?.mtimeMs ?? 0 };
        }));
        dated.sort((a, b) => a.mtime - b.mtime);
        // Down to three quarters, so pruning does not run on every write.
        const excess = dated.length - Math.floor((this.maxEntries * 3) / 4);
        for (const { name } of dated.slice(0, excess)) {
            await (0,promises_.unlink)((0,external_node_path_.join)(this.dir, name)).catch(() => undefined);
        }
    }
}
/** An entry's text → its size in bytes; undefined unless it is `{diffId, size}` for `diffId`. */
function parseEntry(text, diffId) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (typeof value !== 'object' || value === null)
        return undefined;
    const entry = value;
    if (entry.diffId !== diffId)
        return undefined;
    const size = entry.size;
    return typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined;
}
/**
 * `read` with the estimates of its uncompressed layers taken from `known` (diff ID → bytes), as
 * if the estimator had run: each `tar` layer gets its `compressedSize` and the image its
 * `compressed` total (`exact: false`), the way `./layout.ts` adds them up. Pure.
 * @returns undefined when a `tar` layer has no known estimate
 */
function withKnownEstimates(read, known) {
    let size = 0;
    const layers = [];
    for (const layer of read.layers) {
        const compressedSize = layer.compression === 'tar' ? known.get(layer.diffId) : layer.compressedSize;
        if (compressedSize === undefined)
            return undefined;
        size += compressedSize;
        layers.push({ ...layer, compressedSize });
    }
    const exact = layers.every(l => l.compression !== 'tar');
    return { ...read, layers, compressed: { size, exact } };
}
/** The estimates a read made: its uncompressed layers' diff IDs → compressed bytes. Pure. */
function estimatesOf(read) {
    const made = new Map();
    for (const layer of read.layers) {
        if (layer.compression === 'tar' && layer.compressedSize !== undefined) {
            made.set(layer.diffId, layer.compressedSize);
        }
    }
    return made;
}
/**
 * {@link readImage} with the estimate cache: with `opts.compress`, estimates of uncompressed
 * layers come from the cache when every layer of the image is in it (the estimator, its threads
 * included, is then not started), else are made while streaming and stored. Same result as
 * `readImage` — the cache only holds what the same estimator made of the same bytes; a read
 * whose layers turn out not to be the ones `diffIds` named (the tag moved between inspect and
 * save) is read again with the estimator.
 * @throws what {@link readImage} throws; never for the cache.
 */
async function readImageEstimating(source, opts, est) {
    if (!opts.compress)
        return readImage(source, opts);
    const { diffIds, log } = est;
    const cache = est.cache ?? (await EstimateCache.open());
    if ('disabled' in cache) {
        log.debug(`Estimate cache off: ${cache.disabled}`);
        if (diffIds && diffIds.length > 0)
            prewarmGzipEstimator();
        return readImage(source, opts);
    }
    if (diffIds && diffIds.length > 0) {
        const known = await cache.getAll(diffIds);
        if (diffIds.every(id => known.has(id))) {
            const filled = withKnownEstimates(await readImage(source, { ...opts, compress: false }), known);
            if (filled) {
                log.debug(`Compressed-size estimates of ${diffIds.length} layers from the estimate cache (${cache.dir}); the estimator did not run`);
                return filled;
            }
            log.debug('The layers read are not the ones inspected: estimating their compressed sizes');
        }
        else {
            prewarmGzipEstimator();
            log.debug(`Estimate cache: ${known.size} of ${new Set(diffIds).size} layers cached; estimating`);
        }
    }
    const read = await readImage(source, opts);
    const stored = await cache.putAll(estimatesOf(read));
    if (stored > 0)
        log.debug(`Estimate cache: stored ${stored} estimates in ${cache.dir}`);
    return read;
}

;// CONCATENATED MODULE: ./lib/waste/tree.js
/**
 * The merged (stacked) file tree of an image, built layer by layer: what a container sees after
 * every layer up to the current one is applied, as overlay2 stacks them.
 */
function tree_parentOf(path) {
    const i = path.lastIndexOf('/');
    return i < 0 ? '' : path.slice(0, i);
}
/**
 * A path → node map with a children index, so removing a directory costs its subtree's size,
 * not the tree's. Paths are normalised (`a/b/c`); `''` is the root and is never stored.
 */
class MergedTree {
    nodes = new Map();
    children = new Map();
    get(path) {
        return this.nodes.get(path);
    }
    /** Every non-directory path with its node, in no particular order. */
    *files() {
        for (const [path, node] of this.nodes)
            if (node.kind === 'file')
                yield [path, node];
    }
    /**
     * Sets `path` to `node`, creating missing parent directories. A non-directory in the way of a
     * parent is replaced by a directory; `onRemove` hears of every non-directory path that goes.
     * A directory replaced by a file loses its whole subtree the same way.
     */
    set(path, node, onRemove) {
        const parent = tree_parentOf(path);
        if (parent !== '') {
            const p = this.nodes.get(parent);
            if (!p || p.kind !== 'dir') {
                if (p)
                    this.remove(parent, onRemove);
                this.set(parent, { kind: 'dir', size: 0, layer: node.layer }, onRemove);
            }
        }
        const old = this.nodes.get(path);
        if (old && (old.kind === 'dir') !== (node.kind === 'dir')) {
            this.remove(path, onRemove);
        }
        this.nodes.set(path, node);
        let siblings = this.children.get(parent);
        if (!siblings) {
            siblings = new Set();
            this.children.set(parent, siblings);
        }
        siblings.add(path);
    }
    /** Removes `path` and everything below it; `onRemove` hears of each non-directory removed. */
    remove(path, onRemove) {
        const node = this.nodes.get(path);
        if (!node)
            return;
        if (node.kind === 'dir')
            this.removeChildren(path, onRemove);
        else
            onRemove(path, node);
        this.nodes.delete(path);
        this.children.get(tree_parentOf(path))?.delete(path);
    }
    /** Removes everything below the directory `path` (an opaque whiteout), keeping `path`. */
    removeChildren(path, onRemove) {
        const kids = this.children.get(path);
        if (!kids)
            return;
        for (const child of [...kids])
            this.remove(child, onRemove);
        this.children.delete(path);
    }
}

;// CONCATENATED MODULE: ./lib/waste/analyze.js

const ENTRY_TYPES = new Set(['file', 'dir', 'symlink', 'hardlink', 'whiteout', 'opaque', 'other']);
/** Entry types that name content of their own in a layer diff (a hardlink shares its target's). */
const CONTENT_TYPES = new Set(['file', 'symlink', 'other']);
/**
 * Analyses the wasted space of an image from its layers' entries.
 *
 * Every path gets one *occurrence* per layer that adds, re-adds, changes or removes it, sized in
 * bytes as the engine counts them in that layer's diff (see `LayerEntry.size`: `st_size` once per
 * inode); a removal is an occurrence of 0 bytes. Per path, `cumulative` = Σ its occurrences.
 *
 * Removable bytes are what the layers store that the final filesystem does not show:
 *   removable(path) = cumulative(path) − the bytes of its occurrences that survive,
 * where an occurrence survives when the content (inode) it holds is still named by some path of
 * the final merged tree. For a plain file that is its last occurrence if the path is still there,
 * and nothing when a whiteout, an opaque whiteout or the removal of a parent directory hid it.
 * A hardlink shares its target's inode (counted once, at the path that holds the bytes), so a
 * file deleted under one name but kept under another is not removable. Summed over all paths:
 *   `removableBytes` = Σ layer sizes (the image's uncompressed size) − the size of the flattened
 *   filesystem (regular files once per inode, symlinks their target length), which is what
 *   `docker create` + `docker export` show.
 * So a path deleted and written again, or a file that grows (13 B, then 2 MB), counts only the
 * copies that are gone (the first copy; the 13 B), and a `COPY` then `chmod` of a 10 MB file
 * counts 10 MB.
 *
 * Efficiency stays dive's score (wagoodman/dive `dive/filetree/efficiency.go`, `Efficiency`):
 *   efficiency = Σ min / Σ cumulative over all paths, 1 when Σ cumulative is 0,
 * with `min` = a path's smallest occurrence. It is therefore not 1 − removable / size: a path
 * deleted and re-added has min 0 and lowers the score as in dive.
 *
 * What makes an occurrence:
 * - a file, symlink, hardlink or device entry: its size (a `chmod`, `touch` or identical
 *   re-`COPY` is another occurrence of the same size);
 * - a whiteout of a file: 0 bytes at that path (as dive);
 * - a whiteout of a directory, an opaque whiteout (`.wh..wh..opq`), or a path replaced by one of
 *   another kind (file ↔ directory): 0 bytes at every non-directory path it removed;
 * - a hardlink counts its entry's size (0 when its target is in the same layer, so an inode counts
 *   once) and names its target's inode. overlay2 copies a lower target up into the layer that
 *   links it (moby issue 48140), so the target re-occurs there with its bytes; a hand-made layer
 *   holding only the link (size 0, target below) names the lower inode and adds no bytes;
 * - directories carry no bytes and make no occurrences. Duplicate paths in one layer: the last
 *   entry wins. Within a layer, whiteouts and opaque markers apply before the layer's additions.
 *
 * Differences from dive:
 * - dive's wasted bytes add the whole cumulative size of every path that occurs twice or more,
 *   the surviving copy included (dive issue 684: `COPY` then `chmod` of a 10 MB file shows
 *   20 MB wasted; here it is 10 MB), and a growing file counts its final copy too;
 * - dive sizes a directory whiteout as one occurrence of the removed bytes at the directory's
 *   path; as dive visits only leaves, a directory that had files occurs once (the whiteout) and
 *   its files once each, so the deletion leaves dive's score and wasted bytes untouched. Here
 *   each removed file gets a 0-byte occurrence, so a deleted directory's bytes are removable and
 *   lower efficiency, like a deleted file's;
 * - dive drops opaque whiteouts, so files below them still look present (dive issue 391); here
 *   they remove the lower layers' content of that directory.
 *
 * @param layers each layer's entries, in rootfs order (index 0 = the base layer).
 * @param opts `top`: how many top paths and largest files (default 10).
 * @returns the efficiency (0..1), removable bytes, the top `top` paths by removable bytes (ties:
 *   larger cumulative first, then path order) with the layers of their occurrences, and the
 *   largest `top` non-empty files of the merged final tree (each inode once, under the path that
 *   holds its bytes when it survives) with the layer that stores them.
 * @throws Error naming the layer and entry when `layers` is not an array of LayerEntry arrays,
 *   or naming `top` when it is not a positive integer.
 */
function analyzeWaste(layers, opts = {}) {
    const top = opts.top ?? 10;
    if (!Number.isSafeInteger(top) || top < 1) {
        throw new Error(`analyzeWaste: top must be a positive integer, got ${String(opts.top)}`);
    }
    if (!Array.isArray(layers))
        throw new Error('analyzeWaste: layers must be an array of entry arrays');
    const tree = new MergedTree();
    const stats = new Map();
    for (let li = 0; li < layers.length; li++) {
        const entries = layers[li];
        if (!Array.isArray(entries)) {
            throw new Error(`analyzeWaste: layer ${li} must be an array of entries`);
        }
        // One entry per path (the last wins), keeping first-seen order; markers keyed apart.
        const byKey = new Map();
        for (let ei = 0; ei < entries.length; ei++) {
            const e = entries[ei];
            validateEntry(e, li, ei);
            byKey.set(e.type === 'opaque' ? `${e.path}\0opaque` : e.path, e);
        }
        const record = (path, size, inode) => {
            let s = stats.get(path);
            if (!s) {
                s = [];
                stats.set(path, s);
            }
            // One occurrence per layer: a removal then a re-add in the same layer is the re-add.
            const last = s[s.length - 1];
            if (last?.layer === li) {
                last.size = size;
                last.inode = inode;
            }
            else
                s.push({ layer: li, size, inode });
        };
        const removed = (path) => record(path, 0);
        // Removals first: they act on the lower layers.
        for (const e of byKey.values()) {
            if (e.type === 'whiteout')
                tree.remove(e.path, removed);
            else if (e.type === 'opaque')
                tree.removeChildren(e.path, removed);
        }
        // This layer's inodes: each entry with content of its own holds one; a hardlink with a size
        // holds the inode the scanner counted at it (its first name was overwritten in this tar).
        const own = new Map();
        for (const e of byKey.values()) {
            if (CONTENT_TYPES.has(e.type) || (e.type === 'hardlink' && e.size > 0)) {
                own.set(e.path, { size: e.size, layer: li });
            }
        }
        const inodeOf = (e) => {
            const mine = own.get(e.path);
            if (mine)
                return mine;
            // A hardlink: follow its target (through other links) within this layer, then below.
            const seen = new Set([e.path]);
            let target = e.linkTarget;
            while (target !== undefined && !seen.has(target)) {
                seen.add(target);
                const found = own.get(target);
                if (found)
                    return found;
                const next = byKey.get(target);
                if (next?.type !== 'hardlink')
                    break;
                target = next.linkTarget;
            }
            const lower = target === undefined ? undefined : tree.get(target);
            return lower?.inode ?? { size: 0, layer: li };
        };
        for (const e of byKey.values()) {
            if (e.type === 'whiteout' || e.type === 'opaque')
                continue;
            if (e.type === 'dir') {
                const old = tree.get(e.path);
                if (!old || old.kind !== 'dir') {
                    tree.set(e.path, { kind: 'dir', size: 0, layer: li }, removed);
                }
                continue;
            }
            const inode = inodeOf(e);
            tree.set(e.path, { kind: 'file', size: e.size, inode, layer: li }, removed);
            record(e.path, e.size, inode);
        }
    }
    // The inodes the final tree still names: their bytes show in the flattened filesystem.
    const alive = new Set();
    for (const [, node] of tree.files())
        if (node.inode)
            alive.add(node.inode);
    let sumMin = 0;
    let sumCumulative = 0;
    let sumRemovable = 0;
    const wasted = [];
    for (const [path, occurrences] of stats) {
        let cumulative = 0;
        let survives = 0;
        let min = Infinity;
        for (const o of occurrences) {
            cumulative += o.size;
            if (o.inode && alive.has(o.inode))
                survives += o.size;
            if (o.size < min)
                min = o.size;
        }
        sumMin += min;
        sumCumulative += cumulative;
        const removable = cumulative - survives;
        sumRemovable += removable;
        if (removable > 0) {
            wasted.push({
                path,
                removableBytes: removable,
                cumulativeBytes: cumulative,
                layers: occurrences.map(o => o.layer)
            });
        }
    }
    wasted.sort((a, b) => b.removableBytes - a.removableBytes ||
        b.cumulativeBytes - a.cumulativeBytes ||
        compareStrings(a.path, b.path));
    return {
        efficiency: sumCumulative === 0 ? 1 : sumMin / sumCumulative,
        removableBytes: sumRemovable,
        topPaths: wasted.slice(0, top),
        largestFiles: largestFiles(tree, top)
    };
}
/**
 * The `top` largest contents of the final tree, each inode once: under the path that holds its
 * bytes (its node counts them) when that path survives, else under the first other name left.
 */
function largestFiles(tree, top) {
    const listed = new Set();
    const files = [];
    const add = (path, inode) => {
        if (!inode || inode.size === 0 || listed.has(inode))
            return;
        listed.add(inode);
        files.push({ path, size: inode.size, layer: inode.layer });
    };
    for (const [path, node] of tree.files())
        if (node.size > 0)
            add(path, node.inode);
    for (const [path, node] of tree.files())
        add(path, node.inode);
    files.sort((a, b) => b.size - a.size || compareStrings(a.path, b.path));
    return files.slice(0, top);
}
function compareStrings(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function validateEntry(e, layer, index) {
    const where = `analyzeWaste: layer ${layer} entry ${index}`;
    if (e === null || typeof e !== 'object')
        throw new Error(`${where} must be a LayerEntry object`);
    const { path, type, size } = e;
    if (typeof path !== 'string' || path === '') {
        throw new Error(`${where} must have a non-empty normalised path, got ${JSON.stringify(path)}`);
    }
    if (typeof type !== 'string' || !ENTRY_TYPES.has(type)) {
        throw new Error(`${where} (${path}) has type ${JSON.stringify(type)}; expected one of ${[...ENTRY_TYPES].join(', ')}`);
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new Error(`${where} (${path}) must have a size in integer bytes ≥ 0, got ${String(size)}`);
    }
}

;// CONCATENATED MODULE: ./lib/analyze/file-changes.js

/** A new or removed directory with at most this many changed files is not folded (step 1). */
const FOLD_MIN_FILES = 3;
/** The default fold threshold and summary file threshold: 64 kB. */
const DEFAULT_FOLD_BELOW = 64_000;
/** The caps of a {@link FileTreeSummary}. */
const SUMMARY_MAX_FILES = 5_000;
const SUMMARY_MAX_DIRS = 2_000;
/** A full index as a {@link TreeSide}. */
function sideFromIndex(index) {
    const files = new Map();
    for (const [path, f] of index.files)
        files.set(path, { size: f.size, layer: f.layer });
    const removedBy = new Map();
    for (const r of index.removed)
        removedBy.set(r.path, r.removedBy);
    for (const path of index.files.keys())
        removedBy.delete(path);
    return { files, rest: new Map(), dirs: new Set(index.dirs), removedBy };
}
/** A report's summary as a {@link TreeSide}. */
function sideFromSummary(summary) {
    const files = new Map();
    const rest = new Map();
    const dirs = new Set();
    for (const [path, size] of summary.files) {
        files.set(path, { size });
        addAncestors(dirs, parentOf(path));
    }
    for (const [path, size, count] of summary.dirs) {
        rest.set(path, { size, files: count });
        addAncestors(dirs, path);
    }
    return { files, rest, dirs };
}
/**
 * Projects a full side onto a summary's resolution: files of at least `summary.minFileSize` bytes,
 * files the summary lists, and files in directories the summary does not know (new ones: the
 * folding rule's step 1 folds them) stay individual; the others are summed into the deepest
 * directory the summary lists above them (the root at worst).
 */
function projectOnto(side, summary) {
    const listedDirs = new Set(summary.dirs.map(d => d[0]));
    const listedFiles = new Set(summary.files.map(f => f[0]));
    const known = sideFromSummary(summary);
    const files = new Map();
    const rest = new Map();
    for (const [path, f] of side.files) {
        const newDir = shallowestMissing(parentOf(path), known) !== undefined;
        if (f.size >= summary.minFileSize || listedFiles.has(path) || newDir) {
            files.set(path, f);
            continue;
        }
        let dir = parentOf(path);
        while (dir !== '' && !listedDirs.has(dir))
            dir = parentOf(dir);
        const r = rest.get(dir) ?? { size: 0, files: 0 };
        r.size += f.size;
        r.files++;
        rest.set(dir, r);
    }
    return { files, rest, dirs: side.dirs, removedBy: side.removedBy };
}
/**
 * Summarises a full index for a report (see {@link FileTreeSummary}), capped at
 * `maxFiles` files and `maxDirs` directories: the smallest files over the cap move into their
 * directories' bytes, the smallest directories over the cap into the root's.
 * Size: at most `maxFiles + maxDirs` entries of a path and one or two numbers each.
 */
function summarizeIndex(index, opts = {}) {
    const min = opts.minFileSize ?? DEFAULT_FOLD_BELOW;
    const maxFiles = opts.maxFiles ?? SUMMARY_MAX_FILES;
    const maxDirs = opts.maxDirs ?? SUMMARY_MAX_DIRS;
    let truncated = false;
    const big = [];
    const small = new Map();
    const addSmall = (dir, size, files) => {
        const r = small.get(dir) ?? { size: 0, files: 0 };
        r.size += size;
        r.files += files;
        small.set(dir, r);
    };
    for (const [path, f] of index.files) {
        if (f.size >= min)
            big.push([path, f.size]);
        else
            addSmall(parentOf(path), f.size, 1);
    }
    big.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (big.length > maxFiles) {
        truncated = true;
        for (const [path, size] of big.splice(maxFiles))
            addSmall(parentOf(path), size, 1);
    }
    // Step 2 of the folding rule: settle directories deepest first.
    const dirs = [];
    settle(small, (dir, r) => dir === '' || r.size >= min, (dir, r) => dirs.push([dir, r.size, r.files]), (into, r) => {
        into.size += r.size;
        into.files += r.files;
    }, () => ({ size: 0, files: 0 }));
    dirs.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    if (dirs.length > maxDirs) {
        // The smallest directories over the cap move into their nearest listed ancestor.
        truncated = true;
        const rootAt = dirs.findIndex(d => d[0] === '');
        const root = rootAt >= 0 ? dirs.splice(rootAt, 1)[0] : ['', 0, 0];
        const cut = dirs.splice(maxDirs - 1);
        dirs.push(root);
        const kept = new Map(dirs.map(d => [d[0], d]));
        for (const d of cut) {
            let up = parentOf(d[0]);
            while (up !== '' && !kept.has(up))
                up = parentOf(up);
            const into = kept.get(up);
            into[1] += d[1];
            into[2] += d[2];
        }
        dirs.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    }
    return { minFileSize: min, files: big, dirs, ...(truncated ? { truncated } : {}) };
}
/**
 * Diffs two trees into folded changes (see the module docs for the folding rule).
 * @param before the baseline side; @param after the image's side.
 * @returns rows largest |change| first, capped at `maxRows`.
 */
function diffFileTrees(before, after, opts = {}) {
    const foldBelow = opts.foldBelow ?? DEFAULT_FOLD_BELOW;
    const maxRows = opts.maxRows ?? 200;
    const units = [];
    const layerOf = (path, a) => a?.layer ?? after.removedBy?.get(path);
    const unit = (path, rest, b, a, files, layer) => {
        if (a === b)
            return;
        const layers = new Map();
        if (layer !== undefined)
            layers.set(layer, Math.abs(a - b));
        units.push({ path, dir: rest, rest, before: b, after: a, files, layers });
    };
    for (const [path, a] of after.files) {
        const b = before.files.get(path);
        unit(path, false, b?.size ?? 0, a.size, 1, layerOf(path, a));
    }
    for (const [path, b] of before.files) {
        if (!after.files.has(path))
            unit(path, false, b.size, 0, 1, layerOf(path, undefined));
    }
    for (const [path, a] of after.rest) {
        const b = before.rest.get(path);
        unit(path, true, b?.size ?? 0, a.size, Math.max(a.files, b?.files ?? 0));
    }
    for (const [path, b] of before.rest) {
        if (!after.rest.has(path))
            unit(path, true, b.size, 0, b.files);
    }
    // Step 1: new and removed directories.
    const rows = [];
    const groups = new Map();
    const small = [];
    const single = (u) => {
        if (Math.abs(u.after - u.before) >= foldBelow && !u.rest)
            rows.push(u);
        else
            small.push(u);
    };
    for (const u of units) {
        const added = u.before === 0;
        const removed = u.after === 0;
        const other = added ? before : removed ? after : undefined;
        const top = other ? shallowestMissing(u.dir ? u.path : parentOf(u.path), other) : undefined;
        if (top !== undefined) {
            const key = `${added ? '+' : '-'}${top}`;
            const g = groups.get(key) ?? { unit: emptyUnit(top), members: [] };
            merge(g.unit, u);
            g.members.push(u);
            groups.set(key, g);
        }
        else
            single(u);
    }
    for (const { unit: g, members } of groups.values()) {
        // A few files keep their own rows: folding is for many.
        if (g.files <= FOLD_MIN_FILES && members.every(m => !m.rest))
            members.forEach(single);
        else if (Math.abs(g.after - g.before) >= foldBelow)
            rows.push(g);
        else
            small.push(g);
    }
    // Step 2: small changes move up until the net gathered at a directory reaches foldBelow.
    const pending = new Map();
    for (const u of small) {
        const dir = u.rest ? u.path : parentOf(u.path);
        const g = pending.get(dir) ?? emptyUnit(dir);
        merge(g, u);
        pending.set(dir, g);
    }
    settle(pending, (dir, g) => dir === '' || Math.abs(g.after - g.before) >= foldBelow, (_dir, g) => {
        if (g.after !== g.before)
            rows.push(g);
    }, merge, emptyUnit);
    rows.sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || (a.path < b.path ? -1 : 1));
    const kept = rows.slice(0, maxRows);
    const dropped = rows.slice(maxRows);
    return {
        changes: kept.map(u => toChange(u, opts.sourceOf)),
        omitted: {
            rows: dropped.length,
            change: dropped.reduce((s, u) => s + u.after - u.before, 0)
        }
    };
}
function toChange(u, sourceOf) {
    const change = u.after - u.before;
    const kind = u.before === 0 ? 'added' : u.after === 0 ? 'removed' : change > 0 ? 'grew' : 'shrank';
    let bestLayer;
    let best = -1;
    for (const [layer, bytes] of u.layers) {
        if (bytes > best || (bytes === best && bestLayer !== undefined && layer > bestLayer)) {
            best = bytes;
            bestLayer = layer;
        }
    }
    const source = bestLayer !== undefined ? sourceOf?.(bestLayer) : undefined;
    const path = u.dir ? (u.path === '' ? '/' : `/${u.path}/`) : `/${u.path}`;
    return {
        path,
        kind,
        before: u.before,
        after: u.after,
        change,
        ...(u.dir ? { files: u.files } : {}),
        ...(source ? { source } : {})
    };
}
function emptyUnit(path) {
    return { path, dir: true, rest: false, before: 0, after: 0, files: 0, layers: new Map() };
}
/**
 * Step 2 of the folding rule over `pending` (directory → gathered value): directories are settled
 * deepest first; `done(dir, v)` decides whether `v` stays at `dir` (then `emit`), else it merges
 * into the parent's value.
 */
function settle(pending, done, emit, mergeInto, empty) {
    const levels = [];
    const put = (dir, v) => {
        const d = depth(dir);
        while (levels.length <= d)
            levels.push(new Map());
        const level = levels[d];
        const existing = level.get(dir);
        if (existing)
            mergeInto(existing, v);
        else {
            const fresh = empty(dir);
            mergeInto(fresh, v);
            level.set(dir, fresh);
        }
    };
    for (const [dir, v] of pending)
        put(dir, v);
    for (let d = levels.length - 1; d >= 0; d--) {
        for (const [dir, v] of levels[d]) {
            if (done(dir, v))
                emit(dir, v);
            else
                put(parentOf(dir), v);
        }
    }
}
function merge(into, u) {
    into.before += u.before;
    into.after += u.after;
    into.files += u.files;
    for (const [layer, bytes] of u.layers)
        into.layers.set(layer, (into.layers.get(layer) ?? 0) + bytes);
}
/** The shallowest ancestor-or-self of `dir` that `side` does not have; undefined if it has `dir`. */
function shallowestMissing(dir, side) {
    if (dir === '' || side.dirs.has(dir))
        return undefined;
    let top = dir;
    for (let p = parentOf(dir); p !== '' && !side.dirs.has(p); p = parentOf(p))
        top = p;
    return top;
}
function addAncestors(dirs, dir) {
    for (let p = dir; p !== '' && !dirs.has(p); p = parentOf(p))
        dirs.add(p);
}
function depth(path) {
    if (path === '')
        return 0;
    let n = 1;
    for (const c of path)
        if (c === '/')
            n++;
    return n;
}
/**
 * The whole computation for the common cases: `before` is the baseline's full index or its
 * report summary, `after` the image's full index.
 */
function fileChanges(before, after, opts = {}) {
    const afterSide = sideFromIndex(after);
    if ('minFileSize' in before) {
        return diffFileTrees(sideFromSummary(before), projectOnto(afterSide, before), opts);
    }
    return diffFileTrees(sideFromIndex(before), afterSide, opts);
}

// EXTERNAL MODULE: ./lib/analyze/findings.js
var analyze_findings = __webpack_require__(6664);
;// CONCATENATED MODULE: ./lib/analyze/packages.js
/**
 * Parses a dpkg status file.
 * @returns the installed packages (`Status: install ok installed`), named `name` or, when the file
 *   holds one name for several architectures, `name:arch`.
 */
function parseDpkgStatus(text) {
    const raw = [];
    for (const para of paragraphs(text)) {
        const fields = new Map();
        let last;
        for (const line of para) {
            if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined)
                continue;
            const colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            last = line.slice(0, colon).toLowerCase();
            fields.set(last, line.slice(colon + 1).trim());
        }
        const name = fields.get('package');
        if (!name || fields.get('status') !== 'install ok installed')
            continue;
        const kib = Number.parseInt(fields.get('installed-size') ?? '0', 10);
        raw.push({
            name,
            arch: fields.get('architecture') ?? '',
            version: fields.get('version') ?? '',
            size: Number.isFinite(kib) && kib > 0 ? kib * 1024 : 0
        });
    }
    const archs = new Map();
    for (const p of raw)
        archs.set(p.name, (archs.get(p.name) ?? 0) + 1);
    return raw.map(p => ({
        manager: 'dpkg',
        name: (archs.get(p.name) ?? 0) > 1 ? `${p.name}:${p.arch}` : p.name,
        version: p.version,
        size: p.size
    }));
}
/** Parses an apk installed database (`P:`, `V:`, `I:` of each record). */
function parseApkInstalled(text) {
    const out = [];
    for (const para of paragraphs(text)) {
        let name = '';
        let version = '';
        let size = 0;
        for (const line of para) {
            if (line.length < 2 || line[1] !== ':')
                continue;
            const value = line.slice(2);
            if (line[0] === 'P')
                name = value;
            else if (line[0] === 'V')
                version = value;
            else if (line[0] === 'I') {
                const n = Number.parseInt(value, 10);
                size = Number.isFinite(n) && n > 0 ? n : 0;
            }
        }
        if (name)
            out.push({ manager: 'apk', name, version, size });
    }
    return out;
}
function paragraphs(text) {
    const out = [];
    let cur = [];
    for (const line of text.split(/\r?\n/)) {
        if (line.trim() === '') {
            if (cur.length > 0)
                out.push(cur);
            cur = [];
        }
        else
            cur.push(line);
    }
    if (cur.length > 0)
        out.push(cur);
    return out;
}
function parseDatabase(path, text) {
    return path.endsWith('dpkg/status') ? parseDpkgStatus(text) : parseApkInstalled(text);
}
const keyOf = (p) => `${p.manager}/${p.name}`;
/**
 * The installed packages of an image from its index's database versions (the last version of
 * each database file), each attributed to the layer where it first appears at its final version.
 * A database that was over the size cap in some layer is skipped for that layer.
 */
function imagePackages(index) {
    const current = new Map();
    const removedBy = new Map();
    const perDb = new Map();
    for (const db of index.databases) {
        // Over the cap: nothing is known about this version; keep the previous state.
        if (db.text === undefined && !db.removed)
            continue;
        const pkgs = db.text === undefined ? [] : parseDatabase(db.path, db.text);
        const seen = new Set();
        for (const p of pkgs) {
            const key = keyOf(p);
            seen.add(key);
            const prev = current.get(key);
            if (!prev || prev.version !== p.version)
                current.set(key, { ...p, layer: db.layer });
            else
                current.set(key, { ...p, layer: prev.layer });
            removedBy.delete(key);
        }
        for (const key of perDb.get(db.path) ?? []) {
            if (!seen.has(key)) {
                current.delete(key);
                removedBy.set(key, db.layer);
            }
        }
        perDb.set(db.path, seen);
    }
    const databaseLayer = new Map();
    for (const db of index.databases) {
        databaseLayer.set(db.path.endsWith('dpkg/status') ? 'dpkg' : 'apk', db.layer);
    }
    return { packages: [...current.values()], removedBy, databaseLayer };
}
/**
 * Diffs the baseline's packages against the image's.
 * @param before the baseline's packages (from its index or a report).
 * @param after the image's packages with layers.
 * @param sourceOf the Dockerfile line of a layer of the image.
 * @returns changes, largest |change| first (then by name).
 */
function diffPackages(before, after, sourceOf) {
    const was = new Map(before.map(p => [keyOf(p), p]));
    const out = [];
    const withSource = (c, layer) => {
        const source = layer !== undefined ? sourceOf?.(layer) : undefined;
        return source ? { ...c, source } : c;
    };
    const now = new Set();
    for (const p of after.packages) {
        const key = keyOf(p);
        now.add(key);
        const b = was.get(key);
        if (!b) {
            out.push(withSource({
                manager: p.manager,
                name: p.name,
                kind: 'added',
                afterVersion: p.version,
                before: 0,
                after: p.size,
                change: p.size
            }, p.layer));
        }
        else if (b.version !== p.version) {
            out.push(withSource({
                manager: p.manager,
                name: p.name,
                kind: 'changed',
                beforeVersion: b.version,
                afterVersion: p.version,
                before: b.size,
                after: p.size,
                change: p.size - b.size
            }, p.layer));
        }
    }
    for (const [key, b] of was) {
        if (now.has(key))
            continue;
        out.push(withSource({
            manager: b.manager,
            name: b.name,
            kind: 'removed',
            beforeVersion: b.version,
            before: b.size,
            after: 0,
            change: -b.size
        }, after.removedBy.get(key) ?? after.databaseLayer.get(b.manager)));
    }
    out.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.name < b.name ? -1 : 1));
    return out;
}

;// CONCATENATED MODULE: ./lib/analyze/analysis.js



/** Instructions shown in `source.instruction` are cut to this many characters. */
const INSTRUCTION_MAX = 120;
/**
 * The bounded summary of an image's final filesystem and its installed OS packages, for the
 * report (see `FileTreeSummary` for the caps).
 */
function imageFileTree(index) {
    const packages = imagePackages(index).packages;
    return {
        ...summarizeIndex(index),
        ...(packages.length > 0
            ? {
                packages: packages
                    .map(p => [p.manager, p.name, p.version, p.size])
                    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
            }
            : {})
    };
}
/** An instruction as a {@link ChangeSource}: its file and line, its text shortened. */
function instructionSource(ins) {
    const text = `${ins.keyword} ${ins.args.replace(/\s+/g, ' ').trim()}`;
    return {
        file: ins.location.file,
        line: ins.location.line,
        instruction: text.length > INSTRUCTION_MAX ? `${text.slice(0, INSTRUCTION_MAX - 1)}…` : text
    };
}
/** Layer index → the Dockerfile line that made it, from the measurement's attribution. */
function layerSources(image) {
    return layer => {
        const ins = image.layers[layer]?.instruction;
        return ins ? instructionSource(ins) : undefined;
    };
}
/**
 * Findings on the final image and changes against the baseline.
 * @returns `findings` always (empty without an index); `changes` and `packages` when the baseline
 *   has an index or a file tree summary.
 */
function analyzeFiles(input) {
    const { final, finalIndex, baseline, baselineIndex, plan } = input;
    if (!finalIndex)
        return { findings: [] };
    const sourceOf = layerSources(final);
    const firstOwnLayer = final.layers.filter(l => l.base).length;
    const stage = plan?.stages.find(s => s.ref === (final.stage ?? plan.target));
    const findings = (0,analyze_findings/* findFindings */.kH)(finalIndex, {
        sourceOf,
        firstOwnLayer,
        hasBuilderStage: input.hasBuilderStage,
        ...(stage ? { fromSource: instructionSource(stage.from) } : {})
    });
    const out = { findings };
    const before = baselineIndex ?? baseline?.fileTree;
    if (!baseline || !before)
        return out;
    const diff = fileChanges(before, finalIndex, { sourceOf });
    out.changes = diff.changes;
    if (diff.omitted.rows > 0)
        out.changesOmitted = diff.omitted;
    const beforePackages = baselineIndex
        ? imagePackages(baselineIndex).packages
        : baseline.fileTree?.packages?.map(([manager, name, version, size]) => ({
            manager: manager === 'apk' ? 'apk' : 'dpkg',
            name,
            version,
            size
        }));
    const afterPackages = imagePackages(finalIndex);
    if (beforePackages && (beforePackages.length > 0 || afterPackages.packages.length > 0)) {
        out.packages = diffPackages(beforePackages, afterPackages, sourceOf);
    }
    return out;
}

;// CONCATENATED MODULE: ./lib/measure.js
/**
 * One image → one {@link ImageMeasurement}: stream the image once (sizes per layer, compressed
 * size, file entries), map layers to history entries and Dockerfile instructions, analyse waste,
 * and split base from added bytes.
 */












/**
 * Measures one image.
 *
 * Uncompressed size: the sum of the layers' unpacked sizes, counted the way the classic store
 * counts a directory (moby `directory.Size`: Σ st_size of non-directory entries, each inode once,
 * a symlink the length of its target), on every store and every source. For a daemon image the
 * engine's `docker image inspect .Size` is kept beside it as `engineSize` whenever it differs:
 * always on the containerd image store (Docker 26.1: the image's content blobs); on the classic
 * store for an image with symlinks in a layer the engine applied from a tar onto a parent layer,
 * whose size it takes from the tar's entries, where a symlink carries no bytes (seen on Docker
 * 20.10 for BuildKit-built layers and for `docker load`: 13 bytes less for two symlinks; the same
 * layer committed by the classic builder, measured on disk, counts them).
 *
 * A daemon image measured with neither `compress` nor `waste` (the builder, unless `compressed:
 * all`) on the classic store is not streamed: its layer sizes and history come from `docker image
 * history` (`src/engine/history.ts`), unless that cannot tell its layers apart. (On the containerd
 * store those sizes are disk usage in blocks, so the layers are read.) Those sizes are the
 * engine's: for a layer applied from a tar they leave out symlinks' target lengths, as above.
 *
 * @throws Error when the image cannot be read (not found, truncated, bad blob), when the
 *   config's history does not match its layers, or when `opts.platform` is set and the image is
 *   of another platform (an index without it: naming the platforms it has).
 */
async function measureImage(source, opts) {
    const { engine, plan, stage, log } = opts;
    const ref = opts.ref ?? sourceRef(source);
    // A daemon image and the root base of its stage are inspected in one docker call (the base's
    // diff IDs split base from added layers); without a daemon image the base is looked up alone.
    const daemonRef = source.transport === 'docker-daemon' && engine ? source.ref : undefined;
    const root = engine && plan && stage !== undefined ? rootBase(plan, stage) : 'scratch';
    const both = engine && daemonRef !== undefined && root !== 'scratch'
        ? (0,engine_inspect/* inspectImages */.J2)(engine, [daemonRef, root])
        : undefined;
    const baseInEngine = both ? both.then(([, base]) => base?.diffIds) : engineBaseDiffIds(opts);
    // Awaited later by splitBase; a failure before then must not count as unhandled.
    baseInEngine?.catch(() => undefined);
    // Neither entries nor a compressed size wanted (the builder, unless `compressed: all`): the
    // layer table comes from the engine's metadata, no layer is streamed. Not on the containerd
    // store, whose history sizes are disk usage in blocks. The history runs beside the inspect.
    const engineEntries = engine?.imageStore === 'classic' &&
        source.transport === 'docker-daemon' &&
        !opts.compress &&
        !opts.waste
        ? engineHistory(engine, source.ref, log)
        : undefined;
    // Awaited below unless the inspect fails first; that must not count as unhandled.
    engineEntries?.catch(() => undefined);
    const inspected = engine && daemonRef !== undefined
        ? ((both && (await both)[0]) ?? (await (0,engine_inspect/* inspectImage */.mm)(engine, daemonRef)))
        : undefined;
    if (inspected && opts.platform !== undefined)
        checkPlatform(ref, inspected, opts.platform);
    const containerdStore = engine?.imageStore === 'containerd';
    // `docker save` refuses an image without layers (FROM scratch + metadata only): nothing to read.
    // The containerd store saves it, and its `.Id` is not the config digest: read it there.
    if (inspected && inspected.diffIds.length === 0 && !containerdStore) {
        return {
            ref,
            id: inspected.id,
            stage,
            platform: inspected.platform,
            size: inspected.size,
            compressed: opts.compress ? { size: 0, exact: true } : undefined,
            layers: [],
            waste: opts.waste
                ? { efficiency: 1, removableBytes: 0, topPaths: [], largestFiles: [] }
                : undefined,
            base: await splitBase([], inspected.size, inspected.platform, opts, baseInEngine)
        };
    }
    const fromEngine = inspected && engine && engineEntries && source.transport === 'docker-daemon'
        ? await engineLayers(engine, source.ref, inspected, log, engineEntries)
        : undefined;
    const read = fromEngine ??
        (await log.group(`Measure ${ref}`, async () => {
            // Estimates come from the on-disk cache when every layer has one (src/image/estimate-cache.ts);
            // a classic store's layers are uncompressed tars whose diff IDs inspect already gave.
            const image = await readImageEstimating(source, {
                compress: opts.compress,
                collectEntries: opts.waste ? 'details' : false,
                docker: engine?.docker,
                ...(engine?.api ? { api: engine.api } : {}),
                ...(opts.platform !== undefined ? { platform: opts.platform } : {})
            }, { diffIds: containerdStore ? undefined : inspected?.diffIds, log });
            return { ...image, history: image.config.history ?? [] };
        }));
    const history = read.history;
    const diffIds = read.layers.map(layer => layer.diffId);
    const createdBy = (0,image_history/* createdByPerLayer */.Gt)(history, diffIds);
    const instructions = plan && stage !== undefined ? attributeLayers(plan, history, diffIds, stage) : [];
    const layers = read.layers.map((layer, index) => ({
        index,
        diffId: layer.diffId,
        size: layer.size,
        compressedSize: opts.compress ? layer.compressedSize : undefined,
        createdBy: createdBy[index] ?? '',
        instruction: instructions[index]
    }));
    // One meaning on every store: the layers' sum. The engine's own figure, when it differs, is
    // kept beside it as engineSize (see the docstring for why it differs).
    const size = layers.reduce((sum, layer) => sum + layer.size, 0);
    const engineSize = inspected && engineSizeOf(ref, size, inspected.size, engine, log);
    const base = await splitBase(layers, size, read.platform, opts, baseInEngine);
    const index = read.entries ? indexFromEntries(read.entries) : undefined;
    if (index)
        opts.onFileIndex?.(index);
    return {
        ref,
        id: read.id,
        stage,
        platform: read.platform,
        size,
        ...(engineSize !== undefined ? { engineSize } : {}),
        // Only when asked for: a store holding compressed blobs (containerd) gives them for free,
        // but the same inputs report the same fields on every store.
        compressed: opts.compress ? read.compressed : undefined,
        layers,
        waste: read.entries ? analyzeWaste(read.entries) : undefined,
        ...(index ? { fileTree: imageFileTree(index) } : {}),
        base
    };
}
/**
 * Refuses a daemon image whose platform (`docker image inspect`) is not `platform`, before any
 * layer is read (the engine-metadata paths read none).
 * @throws Error naming the image and both platforms.
 */
function checkPlatform(ref, inspected, platform) {
    const want = (0,image_platform/* parsePlatform */.FL)(platform);
    const have = (0,image_platform/* parsePlatform */.FL)(inspected.platform, `${ref} platform`);
    if (!(0,image_platform/* platformMatches */.J5)(want, have)) {
        throw new Error(`${ref}: the image is ${inspected.platform}, not ${(0,image_platform/* formatPlatform */.Bq)(want)} (the platform asked for)`);
    }
}
/**
 * The layer table from `docker image inspect` and `docker image history` (see
 * `src/engine/history.ts`); undefined when the history does not tell the layers apart.
 */
async function engineLayers(engine, ref, inspected, log, history) {
    const found = await engineHistoryLayers(engine, ref, inspected.diffIds.length, log, history);
    if (!found)
        return undefined;
    return {
        id: inspected.id,
        platform: inspected.platform,
        history: found.history,
        layers: inspected.diffIds.map((diffId, k) => ({ diffId, size: found.sizes[k] ?? 0 }))
    };
}
/**
 * Splits the layers shared with the final stage's external base image (by diff ID, as a prefix of
 * the rootfs) from the ones the Dockerfile adds, marking shared layers `base: true`. The base is
 * named by the Dockerfile (the root of the stage's FROM chain); its diff IDs come from the engine
 * when it holds the base as a tagged image, else from the base's config in its registry for
 * `platform` (a BuildKit build pulls its base into its own cache, never tagging it in the engine;
 * a builder with a driver of its own never puts it there). `FROM scratch` → base 0. Undefined
 * when there is no plan, or the base's diff IDs cannot be had (logged at debug level).
 */
async function splitBase(layers, size, platform, opts, inEngine = engineBaseDiffIds(opts)) {
    const { plan, stage, log } = opts;
    if (!plan || stage === undefined)
        return undefined;
    const root = rootBase(plan, stage);
    if (root === 'scratch')
        return { image: 'scratch', size: 0, layerCount: 0, addedSize: size };
    let baseDiffIds;
    const fromEngine = await inEngine;
    if (fromEngine) {
        baseDiffIds = fromEngine;
    }
    else {
        try {
            const config = await fetchRegistryConfig(root, {
                platform,
                timeoutMs: BASE_LOOKUP_TIMEOUT_MS
            });
            baseDiffIds = config.rootfs.diff_ids;
        }
        catch (error) {
            // A warning for the final image (whose split the report shows), debug for the others.
            const say = opts.waste ? log.warning.bind(log) : log.debug.bind(log);
            say(`Base image ${root} is not in the engine and its registry config could not be read, so there is no base/added split: ${error.message}. Pull or load it into the engine (or make its registry reachable) to get the split.`);
            return undefined;
        }
    }
    let shared = 0;
    for (const layer of layers) {
        if (layer.diffId !== baseDiffIds[shared])
            break;
        layer.base = true;
        shared++;
    }
    const baseSize = layers.slice(0, shared).reduce((sum, layer) => sum + layer.size, 0);
    return { image: root, size: baseSize, layerCount: shared, addedSize: size - baseSize };
}
/**
 * The engine's own size of an image (`docker image inspect .Size`) when it is to be reported
 * beside ours as `engineSize`: always on the containerd image store, on the classic store when it
 * differs from the layers' sum (`size`); logged with why. Undefined otherwise.
 */
function engineSizeOf(ref, size, inspectSize, engine, log) {
    const containerdStore = engine?.imageStore === 'containerd';
    if (!containerdStore && inspectSize === size)
        return undefined;
    const why = containerdStore
        ? "the containerd image store's own figure"
        : "the engine's figure, which leaves out symlinks in layers it applied from a tar (BuildKit, docker load)";
    log.info(`${ref}: uncompressed ${(0,units/* formatBytesExact */.Up)(size)} (its layers unpacked); ${why} (inspect .Size) is ${(0,units/* formatBytesExact */.Up)(inspectSize)}, reported as engineSize.`);
    return inspectSize;
}
/**
 * The diff IDs of the root base image of `opts.stage`'s FROM chain when the engine holds it as
 * an image (undefined when it does not, or there is no engine, plan, stage or base). Started
 * early, it runs beside the image's read; it rejects (when awaited) if the engine fails.
 */
function engineBaseDiffIds(opts) {
    const { plan, stage, engine } = opts;
    if (!engine || !plan || stage === undefined)
        return undefined;
    const root = rootBase(plan, stage);
    if (root === 'scratch')
        return undefined;
    // One `docker image inspect` when the base is there (the usual case); only a failed one asks
    // whether it is missing (undefined) or the engine failed (thrown).
    const lookup = (async () => {
        try {
            return (await (0,engine_inspect/* inspectImage */.mm)(engine, root)).diffIds;
        }
        catch (error) {
            if (!(await (0,engine_inspect/* imageExists */.US)(engine, root)))
                return undefined;
            throw error;
        }
    })();
    // Awaited later by splitBase; a failure before then must not count as unhandled.
    lookup.catch(() => undefined);
    return lookup;
}
/** A base image's registry lookup is optional: it gives up sooner than a measurement's. */
const BASE_LOOKUP_TIMEOUT_MS = 10_000;
/** The external image at the root of `stage`'s FROM chain, or `'scratch'`. */
function rootBase(plan, stage) {
    const root = fromChain(plan, stage)[0]?.base;
    return root?.kind === 'image' ? root.image : 'scratch';
}
/**
 * Final vs builder: bytes saved (builder − final), ratio (final / builder), percent saved.
 * @throws never; a builder of size 0 gives ratio `Infinity`-free 0.
 */
function compareWithBuilder(final, builder) {
    const ratio = builder.size === 0 ? 0 : final.size / builder.size;
    return { saved: builder.size - final.size, ratio, percentSaved: (1 - ratio) * 100 };
}
/** How a source reads in reports: the plain reference for daemon images, else `transport:path`. */
function sourceRef(source) {
    switch (source.transport) {
        case 'docker-daemon':
        case 'docker':
            return source.ref;
        case 'docker-archive':
        case 'oci-archive':
            return `${source.transport}:${source.path}`;
        case 'oci':
            return `oci:${source.dir}${source.tag ? `:${source.tag}` : ''}`;
    }
}

;// CONCATENATED MODULE: ./lib/baseline/registry.js
/**
 * The registry client `baseline-image` uses: it lives in `src/image/registry-client.ts`, shared
 * with the registry image reader of the `image` and `builder-image` inputs.
 */


;// CONCATENATED MODULE: ./lib/baseline/image.js





/** The input this module serves, quoted in errors. */
const INPUT = 'baseline-image';
/**
 * Measures the `baseline-image` reference.
 *
 * - A transport reference (`docker-archive:`, `oci-archive:`, `oci:`, `docker-daemon:`) is
 *   measured as it is, like the `image` input.
 * - A reference in the local engine is measured there; no pull, no registry (compressed size as
 *   for the final image: an estimate, or exact where blobs are compressed).
 * - Otherwise `docker pull --platform PLATFORM REF` (the engine's credentials apply), then the
 *   registry manifest for the platform is read anonymously. When it describes the pulled image
 *   (its config digest, manifest digest or index digest is the image ID, and the layer counts
 *   agree) the measurement gets `compressed = { size: Σ layer descriptor sizes, exact: true }`
 *   (config blob excluded, see `src/model.ts`) and each layer its descriptor's size, in rootfs
 *   order; else a warning says why and the estimate (if `compress`) stands.
 *
 * @throws Error naming baseline-image and the reference when it is malformed, when the pull fails
 *   (with the engine's message), or when the pulled image cannot be read.
 */
async function measureBaselineImage(ref, ctx) {
    const { engine, log } = ctx;
    const source = (0,image_source/* parseImageSource */.AB)(ref, INPUT);
    const measure = (compress) => measureImage(source, {
        engine,
        compress,
        waste: ctx.waste ?? false,
        onFileIndex: ctx.onFileIndex,
        log
    });
    if (source.transport !== 'docker-daemon')
        return measure(ctx.compress);
    const name = source.ref;
    if (await (0,engine_inspect/* imageExists */.US)(engine, name))
        return measure(ctx.compress);
    await pullImage(engine, name, ctx.platform, log);
    let manifest;
    try {
        manifest = await fetchRegistryManifest(name, {
            platform: ctx.platform,
            insecureHosts: ctx.insecureHosts
        });
    }
    catch (error) {
        log.warning(`${INPUT} ${name}: the registry manifest could not be read, so its compressed size is ${ctx.compress ? 'estimated' : 'not measured'}: ${error.message}`);
    }
    if (manifest) {
        const inspect = await (0,engine_inspect/* inspectImage */.mm)(engine, name);
        const ids = [manifest.config.digest, manifest.digest, manifest.indexDigest];
        if (!ids.includes(inspect.id) || manifest.layers.length !== inspect.diffIds.length) {
            log.warning(`${INPUT} ${name}: the registry's manifest (${manifest.digest}, ${manifest.layers.length} layers) does not describe the pulled image (${inspect.id}, ${inspect.diffIds.length} layers; the tag may have moved), so its compressed size is ${ctx.compress ? 'estimated' : 'not measured'}.`);
            manifest = undefined;
        }
    }
    // The estimate is measured even beside the registry's exact sizes: it is what compares with a
    // final image whose compressed size is itself an estimate.
    const measured = await measure(ctx.compress);
    return manifest ? withRegistrySizes(measured, manifest) : measured;
}
/**
 * The measurement with compressed sizes from a registry manifest: `layers[k].compressedSize` =
 * `manifest.layers[k].size`; `compressed` = their sum, exact, keeping the measured estimate
 * as `compressed.estimate` when there was one. Pure.
 *
 * @throws Error when the layer counts differ (the manifest is not this image's).
 */
function withRegistrySizes(measured, manifest) {
    if (measured.layers.length !== manifest.layers.length) {
        throw new Error(`${measured.ref}: the registry manifest lists ${manifest.layers.length} layers, the image has ${measured.layers.length}`);
    }
    const layers = measured.layers.map((layer, k) => ({
        ...layer,
        compressedSize: manifest.layers[k].size
    }));
    const size = manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
    const estimate = measured.compressed && !measured.compressed.exact ? measured.compressed.size : undefined;
    return {
        ...measured,
        layers,
        compressed: estimate === undefined ? { size, exact: true } : { size, exact: true, estimate }
    };
}
/**
 * `docker pull --platform PLATFORM -- REF`, its progress logged in a group.
 * @throws Error naming baseline-image and the reference with the engine's message on failure.
 */
async function pullImage(engine, ref, platform, log) {
    const args = ['pull', '--platform', platform, '--', ref];
    const run = await log.group(`Pull ${INPUT} ${ref} (${platform})`, () => (0,docker_cli/* runDocker */.ST)(engine.docker, args, { env: engine.env, onLine: line => log.info(line) }));
    if (run.exitCode !== 0) {
        throw new Error(`Input ${INPUT}: "${ref}" is not in the local engine and docker pull failed: ${(0,docker_cli/* cliMessage */.kP)(run).split('\n').slice(-5).join('\n')}`);
    }
}

;// CONCATENATED MODULE: ./lib/log.js
/**
 * Where progress and build logs go. The action writes through `@actions/core` (groups fold in
 * the job log; src/actions-log.ts); the CLI writes plain lines to stderr. Modules that do I/O
 * take a `Log` so the same core serves both front ends.
 */
/** A terminal log on stderr, so stdout keeps only the report. `verbose` shows debug lines. */
function terminalLog(verbose = false) {
    const write = (line) => {
        process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
    };
    return {
        info: write,
        warning: message => write(`warning: ${message}`),
        debug: message => {
            if (verbose)
                write(`debug: ${message}`);
        },
        group: async (name, fn) => {
            write(`── ${name}`);
            return fn();
        }
    };
}
/** A log that drops everything (tests, quiet runs). */
const silentLog = {
    info: () => undefined,
    warning: () => undefined,
    debug: () => undefined,
    group: (_name, fn) => fn()
};
/**
 * A log that keeps everything written to it, groups included, until `replay()` writes it to
 * `log` in order. Work that runs beside other work (a build started early) logs through it, so
 * its lines do not interleave with the others' groups on GitHub. `replay()` empties it.
 */
function deferredLog(log) {
    let events = [];
    let current = events;
    const deferred = {
        info: message => current.push({ kind: 'info', message }),
        warning: message => current.push({ kind: 'warning', message }),
        debug: message => current.push({ kind: 'debug', message }),
        group: async (name, fn) => {
            const outer = current;
            const group = { kind: 'group', name, events: [] };
            outer.push(group);
            current = group.events;
            try {
                return await fn();
            }
            finally {
                current = outer;
            }
        }
    };
    const write = async (list) => {
        for (const event of list) {
            if (event.kind === 'group')
                await log.group(event.name, () => write(event.events));
            else
                log[event.kind](event.message);
        }
    };
    return {
        log: deferred,
        replay: async () => {
            const list = events;
            events = [];
            current = events;
            await write(list);
        }
    };
}

;// CONCATENATED MODULE: ./lib/report/json.js
/**
 * The JSON report on disk: written whole or not at all (a temporary file beside it, renamed into
 * place), so a crash never leaves half a report for a later step to trust. The path is checked
 * before any build ({@link checkReportPath}) and again when writing: a special file (a directory,
 * a FIFO, a device, anything under /proc, /sys or /dev) is refused rather than opened, because
 * opening one can block or write somewhere unexpected.
 */






/**
 * The default report path, unique per run so runs that share a machine never overwrite each
 * other's report: `$RUNNER_TEMP/image-size-budget/<runId>/report.json`, else the same under the
 * OS temporary directory (the CLI).
 *
 * @param runId this run's id (`newRunId()` of `src/run-id.ts`).
 */
function defaultReportPath(runId, env = process.env) {
    return (0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), constants/* TOOL_NAME */.lH, runId, 'report.json');
}
/**
 * Checks, before anything is built, that the report can be written at `path`: not under /proc,
 * /sys or /dev (symbolic links resolved as far as the path exists), not an existing directory or
 * other non-regular file, and its directory can be created and written (probed with an exclusive
 * temporary file that is removed again).
 *
 * @throws Error naming the `report` input and the path, with the reason.
 */
async function json_checkReportPath(path) {
    await checkTarget(path);
    const directory = (0,external_node_path_.dirname)((0,external_node_path_.resolve)(path));
    const probe = temporaryPath(path);
    try {
        await (0,promises_.mkdir)(directory, { recursive: true });
        await (await (0,promises_.open)(probe, 'wx')).close();
    }
    catch (error) {
        throw reportError(path, `its directory cannot be written (${error.message})`);
    }
    finally {
        await removeQuietly(probe);
    }
}
/**
 * Writes `report` (the run: schema 2, one entry per image and platform, `docs/report.schema.json`)
 * as pretty JSON to `path`, creating parent directories: into a new temporary
 * file beside `path` (opened exclusively, so it never opens an existing file, FIFO or device),
 * then renamed over `path`. The temporary file is removed when anything fails.
 *
 * @throws Error naming the `report` input when the path is refused (see {@link checkReportPath})
 *   or cannot be written.
 */
async function writeReport(report, path) {
    await checkTarget(path);
    const temporary = temporaryPath(path);
    try {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)((0,external_node_path_.resolve)(path)), { recursive: true });
        const file = await (0,promises_.open)(temporary, 'wx', 0o644);
        try {
            await file.writeFile(`${JSON.stringify(report, null, 2)}\n`);
        }
        finally {
            await file.close();
        }
        await (0,promises_.rename)(temporary, path);
    }
    catch (error) {
        await removeQuietly(temporary);
        throw reportError(path, error.message);
    }
}
/** Removes a temporary file if it is there; a path that cannot hold one is no error. */
async function removeQuietly(path) {
    await (0,promises_.rm)(path, { force: true }).catch(() => undefined);
}
/** A temporary name beside `path`, unique per process and call. */
function temporaryPath(path) {
    const file = (0,external_node_path_.resolve)(path);
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(file), `.${(0,external_node_path_.basename)(file)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`);
}
/**
 * @throws Error naming the input when `path` (or where its existing part's symbolic links lead)
 *   is under /proc, /sys or /dev, or `path` exists and is not a regular file.
 */
async function checkTarget(path) {
    const absolute = (0,external_node_path_.resolve)(path);
    if ((0,lib_inputs/* isUnderSpecialRoot */.G)(absolute) || (0,lib_inputs/* isUnderSpecialRoot */.G)(await realTarget(absolute))) {
        throw reportError(path, 'it is under /proc, /sys or /dev; expected a regular file');
    }
    const info = await (0,promises_.stat)(absolute).catch(() => undefined);
    if (info && !info.isFile()) {
        const kind = info.isDirectory() ? 'a directory' : 'not a regular file';
        throw reportError(path, `it is ${kind}; expected the path of a JSON file, e.g. report.json`);
    }
}
/** `absolute` with the symbolic links of its longest existing prefix resolved. */
async function realTarget(absolute) {
    let existing = absolute;
    const rest = [];
    for (;;) {
        const real = await (0,promises_.realpath)(existing).catch(() => undefined);
        if (real !== undefined)
            return (0,external_node_path_.join)(real, ...rest);
        const parent = (0,external_node_path_.dirname)(existing);
        if (parent === existing)
            return absolute;
        rest.unshift((0,external_node_path_.basename)(existing));
        existing = parent;
    }
}
function reportError(path, reason) {
    return new Error(`Input ${constants/* Input */.pd.report}: cannot write the JSON report to "${path}": ${reason}.`);
}

// EXTERNAL MODULE: ./lib/report/redact.js
var redact = __webpack_require__(6749);
;// CONCATENATED MODULE: ./lib/run-id.js
/**
 * The identity of one run, so runs that share a machine (self-hosted runners, a developer's
 * CLI, a docker daemon shared between containers) keep apart their default report paths and the
 * tags of the images they build.
 */

/**
 * A run id made of tag-safe characters (`[a-z0-9-]`, at most 60):
 * - in GitHub Actions `<GITHUB_RUN_ID>-<GITHUB_RUN_ATTEMPT>-<pid>-<6 hex>` (matrix jobs share a
 *   run id and attempt; containers sharing a daemon often share a pid, hence the random part);
 * - elsewhere `<pid>-<6 hex>`.
 *
 * @param env the environment (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT).
 * @param pid the process id.
 * @param random 3 random bytes (hex-encoded into the id); a parameter so tests can fix it.
 */
function newRunId(env = process.env, pid = process.pid, random = (0,external_node_crypto_.randomBytes)(3)) {
    const digits = (value) => (value ?? '').replace(/[^0-9]/g, '').slice(0, 20);
    const runId = digits(env.GITHUB_RUN_ID);
    const own = `${pid}-${random.toString('hex')}`;
    if (runId === '')
        return own;
    return `${runId}-${digits(env.GITHUB_RUN_ATTEMPT) || '1'}-${own}`;
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"0.1.0"};
;// CONCATENATED MODULE: ./lib/version.js
/** The package version, read from package.json at bundle time. */

const VERSION = package_namespaceObject.rE;

;// CONCATENATED MODULE: ./lib/pipeline.js
/**
 * The core both front ends share, read top to bottom:
 * plan (Dockerfile stages) → build the final target → measure it → choose the builder → build and
 * measure the builder → compare → budgets → report. Nothing here writes outputs or sets exit
 * codes; the action (`main.ts`) and the CLI (`cli.ts`) publish the returned {@link Report}.
 */
























/**
 * Runs the whole measurement for one image and returns its report (a run of one image; runs of
 * several images and platforms are `evaluateRun` of `src/run.ts`, over the same steps):
 * checks of the files the inputs name (report path, baseline report) → images (plan, build,
 * measure final and builder) → baseline → budgets → report. The tags the run's builds got are
 * removed at the end, whatever happens, unless `keep-images` is set.
 *
 * @throws Error for bad input (unreadable Dockerfile or baseline report, a report path that
 *   cannot be written, unknown target, a budget that needs a measurement that is missing; what
 *   the inputs and their files can show is thrown before the first build), an unreachable
 *   engine, or a failed build (`BuildError`, with the failing stage and Dockerfile line).
 */
async function evaluate(inputs, ctx) {
    // Before the first build: what the files the inputs name tell (parseInputs checked the rest).
    if (ctx.reportPath !== undefined)
        await checkReportPath(ctx.reportPath);
    const prepared = await prepareImage(inputs);
    return withRun(ctx, inputs.keepImages, run => evaluateImage(inputs, run, prepared));
}
/**
 * Checks, before any build, what one image's inputs and files can show: the Dockerfile (readable,
 * its target and builder-target stages exist, max-ratio has a builder) and the baseline report
 * (read and schema-checked).
 *
 * @throws Error naming the input (`file`, `target`, `builder-target`, `max-ratio`,
 *   `baseline-report`) for what cannot work.
 */
async function prepareImage(inputs) {
    const plan = await loadPlan(inputs);
    if (inputs.baseline?.kind !== 'report')
        return { plan };
    // The report reader (and its schema validator) loads only for a baseline report.
    const { loadRunReport } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 4309));
    return { plan, earlier: await loadRunReport(inputs.baseline.path, constants/* Input */.pd.baselineReport) };
}
/**
 * Runs `work` with a fresh {@link RunContext} and removes the tags the run's builds got at the
 * end, whatever happens, unless `keepImages`.
 */
async function withRun(ctx, keepImages, work) {
    const run = {
        ...ctx,
        runId: ctx.runId ?? newRunId(),
        made: { tags: [] },
        detection: {}
    };
    try {
        return await work(run);
    }
    finally {
        if (run.made.engine && run.made.tags.length > 0) {
            if (keepImages) {
                ctx.log.info(`Kept the images this run built: ${run.made.tags.join(', ')}`);
            }
            else {
                await keepClassicCache(run.made.engine, run.made.tags, run.runId, ctx.log);
                await removeTags(run.made.engine, run.made.tags, ctx.log);
            }
        }
    }
}
/**
 * The engine of a run, detected once (memoised in `ctx.detection`). A run that only reads images
 * (`builds: false`) probes no build path and no buildx builder (issue 7 trial B4: a builder that
 * cannot start must not stop the measurement of an existing image); that answer is memoised
 * apart, so a later build still probes its builder.
 */
function runEngine(ctx, builder, builds = true) {
    if (!builds) {
        ctx.detection.readOnly ??= (0,detect/* detectEngine */.uU)({ docker: ctx.docker, builds, log: ctx.log });
        return ctx.detection.engine ?? ctx.detection.readOnly;
    }
    ctx.detection.engine ??= (0,detect/* detectEngine */.uU)({ docker: ctx.docker, builder, log: ctx.log });
    return ctx.detection.engine;
}
/**
 * The image of an earlier run to compare `final` with (`baseline-report`): the run's entry of this
 * image (`inputs.commentKey`, its name in a run) and platform, else `selectEntry`'s fallbacks
 * (another platform: a warning; the only entry of a run of one image).
 *
 * A run of several images with no entry that fits (an image or a platform new since that run, as a
 * pull request that adds a service brings): a warning, and undefined — this image has no baseline
 * (as `base-ref` when the base commit lacks the Dockerfile).
 */
async function baselineEntryOf(earlier, inputs, final, log) {
    const { selectEntry } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 4309));
    const name = inputs.commentKey ?? '';
    let selected;
    try {
        selected = selectEntry(earlier, name, final.platform, constants/* Input */.pd.baselineReport);
    }
    catch (error) {
        const increase = inputs.budgets.maxIncrease ? ' and max-increase is not checked' : '';
        log.warning(`${error.message} New since that run? ${name} (${final.platform}) has no baseline in this run${increase}.`);
        return undefined;
    }
    const { entry, match } = selected;
    if (match === 'platform' || (match === 'only' && entry.platform !== final.platform)) {
        log.warning(`${constants/* Input */.pd.baselineReport}: its image is ${entry.platform}, this one ${final.platform}; the sizes of two platforms are compared.`);
    }
    else if (match === 'only' && inputs.commentKey !== undefined) {
        log.warning(`${constants/* Input */.pd.baselineReport}: its one image is named "${entry.name}", this one "${name}"; compared all the same.`);
    }
    return entry.final;
}
/**
 * Measures and judges one image (on one platform) whose inputs {@link prepareImage} checked:
 * images (plan, build, measure final and builder) → baseline → analysis → budgets → a schema-1
 * report. Tags go to `ctx.made`; the caller ({@link withRun}) removes them.
 */
async function evaluateImage(inputs, ctx, prepared) {
    const earlier = prepared.earlier;
    const measured = await measureImages(inputs, ctx, 'latest');
    const { plan, engine, stageChoice } = measured;
    // Build-argument values may be secrets: the report keeps their keys only.
    const final = (0,redact/* redactMeasurement */.uG)(measured.final, inputs.buildArgs);
    const builder = measured.builder && (0,redact/* redactMeasurement */.uG)(measured.builder, inputs.buildArgs);
    const baselineIndex = {};
    const measuredBaseline = await measureBaseline(inputs, ctx, final, engine, earlier, baselineIndex);
    const baselineRead = measuredBaseline && (0,redact/* redactMeasurement */.uG)(measuredBaseline, inputs.buildArgs);
    // File changes, package changes and findings (src/analyze/); the baseline's file tree served
    // the diff and is not repeated in this report.
    const analysis = analyzeFiles({
        final,
        finalIndex: measured.finalIndex,
        baseline: baselineRead,
        baselineIndex: baselineIndex.index,
        plan,
        hasBuilderStage: (plan?.builderCandidates.length ?? 0) > 0
    });
    const baseline = baselineRead && withoutFileTree(baselineRead);
    const budgets = [
        ...(0,lib_budgets/* evaluateBudgets */.A1)(inputs.budgets, { final, builder, findings: analysis.findings }),
        ...(baseline && inputs.budgets.maxIncrease
            ? (0,compare/* evaluateIncrease */.ir)(inputs.budgets.maxIncrease, final, baseline)
            : [])
    ];
    // After the budgets: a failed max-increase is never shown as "unchanged".
    const baselineComparison = baseline
        ? (0,compare/* compareWithBaseline */.$_)(final, baseline, inputs.minChange, budgets)
        : undefined;
    return {
        schemaVersion: 1,
        tool: { name: constants/* TOOL_NAME */.lH, version: VERSION },
        createdAt: new Date().toISOString(),
        build: plan && engine && !inputs.image
            ? {
                context: inputs.context,
                file: inputs.file,
                target: plan.target,
                engine: engine.kind,
                ...(engine.kind === 'buildx' && engine.builder
                    ? {
                        builder: {
                            name: engine.builder,
                            ...(engine.builderDriver ? { driver: engine.builderDriver } : {})
                        }
                    }
                    : {}),
                buildArgNames: Object.keys(inputs.buildArgs)
            }
            : undefined,
        stageChoice,
        final,
        builder,
        comparison: builder ? compareWithBuilder(final, builder) : undefined,
        baseline,
        baselineComparison,
        ...(analysis.changes ? { changes: analysis.changes } : {}),
        ...(analysis.changesOmitted ? { changesOmitted: analysis.changesOmitted } : {}),
        ...(analysis.packages ? { packages: analysis.packages } : {}),
        ...(measured.finalIndex ? { findings: analysis.findings } : {}),
        budgets,
        passed: budgets.every(budget => budget.passed)
    };
}
/** A measurement without its `fileTree` (a baseline's, once diffed). */
function withoutFileTree(image) {
    if (!image.fileTree)
        return image;
    const copy = { ...image };
    delete copy.fileTree;
    return copy;
}
/**
 * Plan → build the final target → measure it → choose the builder → build and measure it.
 * `tagName` starts the tag every build gets ({@link buildTag}), so a baseline
 * build does not overwrite this run's images.
 */
async function measureImages(inputs, ctx, tagName, withBuilder = true) {
    const { log } = ctx;
    // Plan: parse the Dockerfile when we build, or when it exists to attribute layers to lines.
    const plan = await loadPlan(inputs);
    // Engine: needed for every daemon image and every build; oci:/archive sources need none.
    const finalSource = inputs.image ? (0,image_source/* parseImageSource */.AB)(inputs.image, constants/* Input */.pd.image) : undefined;
    const builderSource = withBuilder && inputs.builderImage
        ? (0,image_source/* parseImageSource */.AB)(inputs.builderImage, constants/* Input */.pd.builderImage)
        : undefined;
    const needsEngine = !finalSource ||
        finalSource.transport === 'docker-daemon' ||
        builderSource?.transport === 'docker-daemon' ||
        inputs.baseline?.kind === 'image' ||
        (!builderSource && inputs.builderTarget !== undefined);
    // Something is built unless the final image is given and no builder-target is built beside it.
    const builds = !finalSource || (!builderSource && inputs.builderTarget !== undefined);
    const engine = needsEngine ? await runEngine(ctx, inputs.builder, builds) : undefined;
    // A plain reference the engine does not hold is read from its registry, without a pull.
    const finalRead = finalSource && (await resolveImageSource(finalSource, engine, constants/* Input */.pd.image, log));
    const builderRead = builderSource && (await resolveImageSource(builderSource, engine, constants/* Input */.pd.builderImage, log));
    const build = async (stage, earlier, buildLog = log, ociDest) => {
        // loadPlan returns a plan whenever no image is given, and needsEngine holds then.
        if (!engine || !plan)
            throw new Error(`internal: building stage ${stage} without a plan`);
        ctx.made.engine = engine;
        const name = `${tagName}${ctx.tagSuffix ?? ''}`;
        const built = await buildStage(engine, plan, stage, inputs, name, buildLog, earlier, ctx.runId, ociDest);
        ctx.made.tags.push(built.tag);
        return built;
    };
    // The builder stage, when the plan alone decides it, is built once the final build succeeded,
    // beside the final image's measurement (which reads the image from the engine's API, in this
    // process). Not beside the final build: a failing final build would then wait for the whole
    // builder build (a compile) before it is reported. Its log is held back and written after the
    // final image's, so their groups do not interleave.
    const earlyStage = withBuilder && !finalSource && plan && !builderSource
        ? builderKnownEarly(plan, inputs)
        : undefined;
    let early;
    // Build the final target (unless an image was given) and measure it. A builder with a store of
    // its own also writes the final image as an OCI layout tar in the same build: read from there,
    // its compressed size is exact (the builder's own blobs) and no `docker save` is needed.
    const ociDir = !finalSource && !ctx.prebuilt && engine && (0,engine_build/* exportsOci */.Je)(engine) && inputs.compressed !== 'none'
        ? await (0,temp_dir/* makeTempDir */.m)('isb-oci-')
        : undefined;
    let built;
    let final;
    let finalIndex;
    try {
        built = finalSource
            ? undefined
            : (ctx.prebuilt ??
                (await build(plan?.target ?? '', undefined, log, ociDir && (0,external_node_path_.join)(ociDir, 'image.tar'))));
        if (earlyStage !== undefined && built) {
            const held = deferredLog(log);
            early = { stage: earlyStage, log: held, built: build(earlyStage, built, held.log) };
            // Awaited below, or on the way out when the final image fails (so its tag is recorded
            // before the run removes its tags).
            early.built.catch(() => undefined);
        }
        const finalSourceRead = finalRead ??
            (built?.ociArchive
                ? { transport: 'oci-archive', path: built.ociArchive }
                : (0,image_source/* parseImageSource */.AB)(built?.imageId ?? '', constants/* Input */.pd.image));
        final = await measureImage(finalSourceRead, {
            ref: built?.tag,
            engine,
            plan,
            stage: built ? plan?.target : undefined,
            compress: inputs.compressed !== 'none',
            platform: inputs.platform,
            waste: true,
            onFileIndex: index => (finalIndex = index),
            log
        });
        // Read from the builder's OCI export: the engine's own figure of the loaded image still goes
        // beside ours (always on the containerd store).
        if (built?.ociArchive && engine) {
            const inspected = await (0,engine_inspect/* inspectImage */.mm)(engine, built.tag);
            const engineSize = engineSizeOf(final.ref, final.size, inspected.size, engine, log);
            if (engineSize !== undefined)
                final = { ...final, engineSize };
        }
    }
    catch (error) {
        // A failed final build started no builder build; a failed measurement waits for it (its
        // tag is recorded for removal) and writes its log.
        await early?.built.catch(() => undefined);
        await early?.log.replay();
        throw error;
    }
    finally {
        if (ociDir)
            await (0,temp_dir/* removeTempDir */.C)(ociDir);
    }
    if (!withBuilder)
        return { plan, engine, final, finalIndex };
    // Choose the builder: the builder-image input, else a stage of the plan.
    let stageChoice;
    let builder;
    const builderOptions = {
        engine,
        compress: inputs.compressed === 'all',
        waste: false,
        platform: inputs.platform,
        log
    };
    if (builderSource) {
        stageChoice = plan && {
            target: plan.target,
            candidates: plan.builderCandidates,
            reason: `the builder-image input names ${inputs.builderImage}`
        };
        builder = await measureImage(builderRead ?? builderSource, builderOptions);
    }
    else if (plan && (!finalSource || inputs.builderTarget !== undefined)) {
        // A collector stage gathering from several stages is measured too, so the bytes the final
        // image copies through it are credited to the stages that made them.
        const collectorLayers = {};
        if (inputs.builderTarget === undefined) {
            for (const ref of collectorsToMeasure(plan)) {
                const collector = await build(ref, built);
                collectorLayers[ref] = (await measureImage((0,image_source/* parseImageSource */.AB)(collector.imageId, constants/* Input */.pd.builderImage), {
                    ...builderOptions,
                    compress: false,
                    ref: collector.tag,
                    plan,
                    stage: ref
                })).layers;
            }
        }
        stageChoice = chooseBuilder(plan, final.layers, inputs.builderTarget, collectorLayers);
        if (early) {
            await early.built.catch(() => undefined);
            await early.log.replay();
        }
        if (stageChoice.builder !== undefined) {
            const builderBuilt = early?.stage === stageChoice.builder
                ? await early.built
                : await build(stageChoice.builder, built);
            builder = await measureImage((0,image_source/* parseImageSource */.AB)(builderBuilt.imageId, constants/* Input */.pd.builderImage), {
                ...builderOptions,
                ref: builderBuilt.tag,
                plan,
                stage: stageChoice.builder
            });
        }
    }
    return { plan, engine, final, finalIndex, builder, stageChoice };
}
/**
 * The builder stage when the plan alone decides it (so it can be built before the final image is
 * measured): the `builder-target` input, or the one stage the final stage copies from when no
 * collector stage needs measuring. Undefined otherwise (several candidates are told apart by the
 * final image's layers), or when `builder-target` is not a stage (reported later, in order).
 */
function builderKnownEarly(plan, inputs) {
    try {
        if (inputs.builderTarget !== undefined) {
            return chooseBuilder(plan, undefined, inputs.builderTarget).builder;
        }
    }
    catch {
        return undefined;
    }
    if (plan.builderCandidates.length !== 1 || collectorsToMeasure(plan).length > 0)
        return undefined;
    return plan.builderCandidates[0];
}
/**
 * The baseline the final image is compared with: another image (pulled when absent, exact
 * compressed sizes from its registry), the final image of an earlier run's report, or the pull
 * request's base commit built with the same inputs in a git worktree.
 */
async function measureBaseline(inputs, ctx, final, engine, earlier, sink = {}) {
    const baseline = inputs.baseline;
    if (!baseline)
        return undefined;
    switch (baseline.kind) {
        case 'history': {
            // No build: the entry was measured when its commit was pushed.
            if (!ctx.historyBaseline) {
                ctx.log.warning('baseline: history: this run has no size history to read (the action reads history-branch; the CLI needs --history PATH), so it has no baseline.');
                return undefined;
            }
            const found = await ctx.historyBaseline(final, inputs);
            if (found !== 'base-ref')
                return found;
            const fallback = { ...inputs, baseline: { kind: 'base-ref' } };
            return measureBaseline(fallback, ctx, final, engine, earlier, sink);
        }
        case 'report': {
            // Read and validated before the first build (prepareImage).
            const { loadRunReport } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 4309));
            earlier ??= await loadRunReport(baseline.path, constants/* Input */.pd.baselineReport);
            const image = await baselineEntryOf(earlier, inputs, final, ctx.log);
            // Named by the report it came from (its old tag means nothing to people reading this run).
            return image && { ...image, ref: baseline.path };
        }
        case 'image':
            return measureBaselineImage(baseline.ref, {
                waste: true,
                onFileIndex: index => (sink.index = index),
                engine: engine ?? (await runEngine(ctx, inputs.builder, false)),
                platform: final.platform,
                compress: inputs.compressed !== 'none',
                log: ctx.log
            });
        case 'base-ref': {
            const eventName = ctx.event?.name;
            if (!eventName || !BASE_REF_EVENTS.includes(eventName)) {
                ctx.log.warning(`baseline: base-ref compares a pull request with its base commit; the "${eventName ?? 'unknown'}" event has none, so this run has no baseline${inputs.budgets.maxIncrease ? ' and max-increase is not checked' : ''}.`);
                return undefined;
            }
            const repoDir = ctx.workspace ?? process.cwd();
            let noDockerfile = false;
            const baseSha = baseShaFromEvent(eventName, ctx.event?.payload);
            const measured = await buildBaseRef({
                baseSha,
                repoDir,
                log: ctx.log,
                measure: async (worktree) => {
                    const reroot = (path) => rerootPath(path, repoDir, worktree);
                    if (!(0,external_node_fs_.existsSync)(reroot(inputs.file))) {
                        // The pull request adds the Dockerfile: there is nothing to compare with.
                        noDockerfile = true;
                        return final;
                    }
                    const baseInputs = {
                        ...inputs,
                        context: reroot(inputs.context),
                        file: reroot(inputs.file),
                        image: undefined,
                        builderImage: undefined,
                        baseline: undefined
                    };
                    // The base commit is built here, whatever built this run's final image.
                    const baseCtx = { ...ctx, prebuilt: undefined };
                    const base = await measureImages(baseInputs, baseCtx, 'baseline', false);
                    sink.index = base.finalIndex;
                    return base.final;
                }
            });
            if (noDockerfile) {
                ctx.log.warning(`baseline: base-ref: the base commit has no ${inputs.file}, so this run has no baseline${inputs.budgets.maxIncrease ? ' and max-increase is not checked' : ''}.`);
                return undefined;
            }
            // Named by the commit it was built from, not by this run's throw-away tag.
            return { ...measured, ref: `base commit ${baseSha}` };
        }
    }
}
/**
 * Parses the Dockerfile when this run builds (the final target, or `builder-target` beside the
 * image input), and checks before any build what the plan can already tell: `builder-target` is a
 * stage, and `max-ratio` has a builder to compare with.
 *
 * @throws Error naming the `file` input when a build needs a Dockerfile that cannot be read.
 */
async function loadPlan(inputs) {
    // With the image input the Dockerfile is only needed to build builder-target.
    const needed = !inputs.image || (inputs.builderTarget !== undefined && !inputs.builderImage);
    if (!needed)
        return undefined;
    if (!(await (0,promises_.stat)(inputs.context).catch(() => undefined))?.isDirectory()) {
        throw new Error(`Input ${constants/* Input */.pd.context}: "${inputs.context}" is not a directory. Set context to the build context directory.`);
    }
    let text;
    try {
        text = await (0,promises_.readFile)(inputs.file, 'utf8');
    }
    catch (error) {
        throw new Error(`Input ${constants/* Input */.pd.file}: cannot read the Dockerfile "${inputs.file}" (${error.message}). Set file to the Dockerfile's path, or image to measure an existing image.`);
    }
    const plan = planDockerfile(text, {
        file: inputs.file,
        target: inputs.target,
        buildArgs: inputs.buildArgs
    });
    if (inputs.builderTarget !== undefined)
        chooseBuilder(plan, undefined, inputs.builderTarget);
    if (inputs.budgets.maxRatio !== undefined &&
        !inputs.builderImage &&
        inputs.builderTarget === undefined &&
        plan.builderCandidates.length === 0) {
        throw new Error(`Input ${constants/* Input */.pd.maxRatio}: there is no builder stage to compare with: the final stage "${plan.target}" of ${inputs.file} copies from no other stage. Remove max-ratio, or set builder-target or builder-image.`);
    }
    return plan;
}

// EXTERNAL MODULE: ./lib/report/run-failure.js
var run_failure = __webpack_require__(3572);
// EXTERNAL MODULE: ./lib/spec/config-path.js
var config_path = __webpack_require__(3897);
// EXTERNAL MODULE: ./lib/spec/run-spec.js
var run_spec = __webpack_require__(3372);
;// CONCATENATED MODULE: ./lib/run.js
/**
 * One run, many subjects (issue 10): the images of a {@link RunSpec} (the action's inputs, a config
 * file or a bake file), each measured on each of its platforms by the single-image pipeline
 * (`src/pipeline.ts`), concurrently up to the core count, into one schema-2 {@link RunReport}.
 *
 *   spec (runSpecOf) → subjects (image × platform) → checks of every subject before any build →
 *   measure and judge each (bounded pool) → one report; the tags of all builds removed at the end.
 */















/** Build-level inputs a bake file owns: set beside `bake`, they are an error. */
const BAKE_OWNED = [
    constants/* Input */.pd.context,
    constants/* Input */.pd.file,
    constants/* Input */.pd.target,
    constants/* Input */.pd.buildArgs,
    constants/* Input */.pd.image,
    constants/* Input */.pd.platforms
];
/**
 * The run's spec from the front end's inputs (the Spec phase): a bake file (`bake`, `targets`;
 * budgets and baselines from the config file's image of the same name, else from the inputs),
 * else a config file (`config`, else `.github/image-size-budget.yml` under `workspace` when
 * present), else the one image the inputs describe (with `platforms`).
 *
 * @param get the raw inputs (the config and bake readers check which are set beside them).
 * @throws Error naming the input, the config file, the image and the field for anything that
 *   is not usable: a missing config file, schema errors, build inputs set beside a bake or config
 *   file, `targets` without `bake`, a bake file bake refuses; for a single image the Dockerfile
 *   when its final stage names the image and it cannot be read.
 */
async function runSpecOf(inputs, get, opts = {}) {
    const configPath = (0,config_path/* resolveConfigPath */.c6)(inputs.config ?? '', opts.workspace);
    // Where the images come from, for people and the comment key: relative to the workspace
    // however the file was named (issue 10 trial B6: one file, one sticky comment).
    const origin = {
        ...(configPath !== undefined ? { configPath: workspacePath(configPath, opts.workspace) } : {}),
        ...(inputs.bake.length > 0
            ? { bakeFiles: inputs.bake.map(file => workspacePath(file, opts.workspace)) }
            : {})
    };
    // Bake, the config file's YAML and schema: loaded only for a run that has them.
    if (inputs.bake.length > 0) {
        const { bakeRunImages } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(274)]).then(__webpack_require__.bind(__webpack_require__, 3036));
        refuseSet(get, BAKE_OWNED, `the bake file (${inputs.bake.join(', ')}) describes the builds`);
        // With a config file too, budgets and baselines are its images' (as without bake).
        if (configPath !== undefined) {
            const { IMAGE_INPUTS } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 5856));
            refuseSet(get, IMAGE_INPUTS, `a config file (${configPath}) describes the images`);
        }
        const config = configPath === undefined ? undefined : await readConfig(configPath);
        const images = await bakeRunImages({
            docker: opts.docker,
            files: inputs.bake,
            targets: inputs.targets,
            get,
            ...(config ? { config } : {})
        });
        return { spec: runLevel(inputs, images), ...origin };
    }
    if (inputs.targets.length > 0) {
        throw new Error(`Input ${constants/* Input */.pd.targets}: names bake targets, but ${constants/* Input */.pd.bake} is not set. Set bake to the bake file, or remove targets.`);
    }
    if (configPath !== undefined) {
        if (inputs.platforms.length > 0) {
            throw new Error(`Input ${constants/* Input */.pd.platforms}: a config file (${configPath}) describes the images; set platforms in its defaults or images, not as an input.`);
        }
        const { loadConfigFile } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 5856));
        return { spec: await loadConfigFile(configPath, get), ...origin };
    }
    // The image's name is `<file>:<final stage>` unless comment-key, image or target names it.
    const plan = inputs.commentKey || inputs.image || inputs.target ? undefined : await loadPlan(inputs);
    const spec = (0,run_spec/* runSpecFromInputs */.Oe)(inputs, plan?.target);
    for (const image of spec.images)
        image.build.platforms = [...inputs.platforms];
    return { spec };
}
/**
 * @throws Error naming the inputs of `names` that are set (`context: .`, the action's default,
 *   counts as unset): `Inputs a, b: WHY; set these in it, not as an input.`
 */
function refuseSet(get, names, why) {
    const set = names.filter(name => {
        const value = get(name).trim();
        return value !== '' && !(name === constants/* Input */.pd.context && value === '.');
    });
    if (set.length === 0)
        return;
    const several = set.length > 1;
    throw new Error(`Input${several ? 's' : ''} ${set.join(', ')}: ${why}; set ${several ? 'these' : 'this'} in it, not as an input.`);
}
/**
 * `path` (as given, relative to the working directory, or absolute) relative to `workspace`
 * (default the working directory), with `/` separators; as given when it lies outside.
 */
function workspacePath(path, workspace = '.') {
    const inside = (0,external_node_path_.relative)((0,external_node_path_.resolve)(workspace), (0,external_node_path_.resolve)(path));
    if (inside === '' || inside.startsWith('..') || (0,external_node_path_.isAbsolute)(inside))
        return path;
    return inside.split(external_node_path_.sep).join('/');
}
/** A config file read for its `defaults` and `images` (with a bake file: budgets and baselines). */
async function readConfig(path) {
    const { MAX_CONFIG_BYTES, parseConfigText } = await Promise.all(/* import() */[__webpack_require__.e(815), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 5856));
    const text = await (0,promises_.readFile)(path, 'utf8').catch((error) => {
        throw new Error(`Config file ${path}: cannot read it (${error.message}).`, { cause: error });
    });
    if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
        throw new Error(`Config file ${path}: larger than the ${MAX_CONFIG_BYTES} bytes allowed.`);
    }
    return parseConfigText(text, path);
}
function runLevel(inputs, images) {
    return {
        images,
        compressed: inputs.compressed,
        minChange: inputs.minChange,
        failOnBudget: inputs.failOnBudget,
        keepImages: inputs.keepImages
    };
}
/**
 * The sticky comment's key of a run: the `comment-key` input, else the one image's name, else the
 * config file's path or the bake files (stable across runs, so one comment is updated).
 */
function commentKeyOfSpec(inputs, source) {
    if (inputs.commentKey)
        return inputs.commentKey;
    const [only] = source.spec.images;
    if (source.spec.images.length === 1 && only)
        return only.name;
    return source.bakeFiles?.join(',') ?? source.configPath ?? constants/* TOOL_NAME */.lH;
}
/**
 * The single-image pipeline's inputs for one subject: the run's inputs (publishing, history,
 * builder, run-level settings) with the image's build, builder, budgets (its platform's, see
 * `budgetsFor`), baseline and platform. `commentKey` is the image's name (its history key).
 */
function inputsOfImage(inputs, image, platform, spec) {
    const subject = {
        ...inputs,
        ...(spec ?? {}),
        context: image.build.context,
        file: image.build.file,
        target: image.build.target,
        buildArgs: { ...image.build.buildArgs },
        image: image.final.kind === 'image' ? image.final.ref : undefined,
        builderImage: image.builder.kind === 'image' ? image.builder.ref : undefined,
        builderTarget: image.builder.kind === 'stage' ? image.builder.stage : undefined,
        budgets: (0,run_spec/* budgetsFor */.u8)(image, platform),
        baseline: image.baseline,
        platform,
        commentKey: image.name,
        platforms: platform === undefined ? [] : [platform]
    };
    return subject;
}
/** The subjects of a spec: each image × each of its platforms (none: one, the engine's own). */
function subjectsOf(spec, inputs) {
    return spec.images.flatMap(image => {
        const platforms = image.build.platforms.length > 0 ? image.build.platforms : [undefined];
        return platforms.map(platform => ({
            image,
            platform,
            inputs: inputsOfImage(inputs, image, platform, spec)
        }));
    });
}
/**
 * Measures and judges every subject of `spec` and returns the run's report (entries in spec
 * order, then platform order; `passed` when every entry passed).
 *
 * Before the first build, for every subject: the report path, the Dockerfile (readable, its
 * stages), the baseline report, and (for platforms) that the engine can build them; an error
 * there stops the run before anything is built. Subjects then run concurrently, at most
 * `os.availableParallelism()` at a time. The tags of every build are removed once at the end
 * (unless `keep-images`).
 *
 * One subject: its error is thrown (a `BuildError` as it is). Several: a subject whose build or
 * measurement fails (a bake target bake names as failing, or every bake target when bake cannot
 * tell which) does not stop the others; it becomes an entry of `failures` (masked, bounded:
 * src/report/run-failure.ts) and the run does not pass. When no subject was measured and none
 * failed to build (an unreachable engine), the first error is thrown, prefixed with its image.
 *
 * @param inputs the run's inputs (publishing, history and engine settings).
 * @param concurrency subjects measured at once (default the core count).
 * @throws the first subject's Error before the first build (bad input), the one subject's Error,
 *   or, with several, an Error when none could be measured (see above).
 */
async function evaluateRun(spec, inputs, ctx, concurrency = (0,external_node_os_.availableParallelism)()) {
    const subjects = subjectsOf(spec, inputs);
    if (subjects.length === 0)
        throw new Error('The run has no image to measure.');
    if (ctx.reportPath !== undefined)
        await json_checkReportPath(ctx.reportPath);
    const several = subjects.length > 1;
    const prepared = [];
    for (const subject of subjects) {
        prepared.push(await prepareImage(subject.inputs).catch(named(subject, several)));
    }
    // Several subjects: one that fails is recorded (by index) and the others go on (issue 10).
    const failed = subjects.map(() => undefined);
    const fail = several
        ? (index, error) => {
            failed[index] ??= error;
        }
        : undefined;
    const reports = await withRun(ctx, spec.keepImages, async (run) => {
        const building = subjects.filter(s => s.platform !== undefined && s.inputs.image === undefined);
        // The classic builder refuses every platform; the message names one not the runner's own
        // (the one that needs BuildKit most visibly), else the first.
        const foreign = building.find(s => !isRunnerPlatform(s.platform)) ?? building[0];
        if (foreign)
            (0,engine_build/* checkPlatformBuild */.cz)(await runEngine(run, inputs.builder), foreign.platform);
        // Existing images: in the engine, of the platform asked, before anything is built.
        await checkExistingImages(subjects, run, inputs.builder, several);
        const tagSuffix = (subject) => spec.images.length > 1 ? `-${tagPart(subject.image.name)}` : '';
        // Bake targets: every final image in one `docker buildx bake` (parallel, one shared cache).
        const baked = await bakeFinals(subjects, prepared, run, inputs.builder, tagSuffix, fail);
        return mapBounded(subjects, concurrency, async (subject, index) => {
            if (failed[index] !== undefined)
                return undefined;
            const measuring = evaluateImage(subject.inputs, { ...run, tagSuffix: tagSuffix(subject), prebuilt: baked[index] }, prepared[index]);
            if (!fail)
                return measuring.catch(named(subject, several));
            return measuring.catch((error) => {
                fail(index, error);
                return undefined;
            });
        });
    });
    const images = [];
    reports.forEach((report, index) => {
        if (report)
            images.push(entryOf(report, subjects[index]));
    });
    const errors = failed.filter(error => error !== undefined);
    // Nothing measured and no build failed (an unreachable engine, a registry down): an error of
    // the run, not of its images, as before.
    if (images.length === 0 && !errors.some(error => error instanceof engine_build/* BuildError */.zS)) {
        const index = failed.findIndex(error => error !== undefined);
        named(subjects[index], several)(failed[index]);
    }
    const failures = failuresOf(subjects, failed, images, ctx.workspace);
    return {
        schemaVersion: 2,
        tool: { name: constants/* TOOL_NAME */.lH, version: VERSION },
        createdAt: new Date().toISOString(),
        images,
        ...(failures.length > 0 ? { failures } : {}),
        passed: failures.length === 0 && images.every(entry => entry.passed)
    };
}
/** True when `platform` (`os/arch[/variant]`) is the runner's own (what its engine builds natively). */
function isRunnerPlatform(platform) {
    try {
        return (0,image_platform/* platformMatches */.J5)((0,image_platform/* parsePlatform */.FL)(platform), (0,image_platform/* runnerPlatform */.GQ)());
    }
    catch {
        return false;
    }
}
/**
 * Checks the existing images of a run (`image`, `builder-image`) that the local engine holds, in
 * one `docker image inspect` before the first build (issue 10 trial B8): an `image` of another
 * platform than its subject's. An image the engine does not hold is read from its registry later
 * (`resolveImageSource`), so it is not refused here; an image ID or a transport reference
 * (`oci:`, `docker-daemon:` …) is left to the pipeline.
 *
 * @throws Error naming the image (and platform), the field and the reference.
 */
async function checkExistingImages(subjects, run, builder, several) {
    const plain = (value) => {
        if (value === undefined)
            return undefined;
        const source = (0,image_source/* parseImageSource */.AB)(value, constants/* Input */.pd.image);
        if (source.transport !== 'docker-daemon' || source.explicit)
            return undefined;
        return /^(sha256:)?[0-9a-f]{12,64}$/.test(source.ref) ? undefined : source.ref;
    };
    const checks = subjects.flatMap(subject => {
        const ref = plain(subject.inputs.image);
        return ref === undefined ? [] : [{ subject, ref }];
    });
    if (checks.length === 0)
        return;
    // Memoised when the run builds too (one detection); a run that only reads probes no builder.
    const engine = await runEngine(run, builder, subjects.some(subject => subject.inputs.image === undefined));
    const found = await (0,engine_inspect/* inspectImages */.J2)(engine, checks.map(check => check.ref));
    checks.forEach(({ subject, ref }, index) => {
        const image = found[index];
        if (!image || subject.platform === undefined)
            return;
        if ((0,image_platform/* platformMatches */.J5)((0,image_platform/* parsePlatform */.FL)(subject.platform), (0,image_platform/* parsePlatform */.FL)(image.platform)))
            return;
        named(subject, several)(new Error(`${constants/* Input */.pd.image}: ${ref} in the local engine is ${image.platform}, not ${subject.platform}. Set platforms to ${image.platform} for this image, or give an image of ${subject.platform} (a tag or digest of that platform).`));
    });
}
/**
 * The failure entries of a run's failed subjects, in subject order: the platform asked for, else
 * the one platform every measured entry has, else `default` (the engine's own); the Dockerfile
 * path relative to `workspace` when inside it.
 */
function failuresOf(subjects, failed, images, workspace) {
    const platforms = new Set(images.map(entry => entry.platform));
    const [shared] = platforms;
    const root = workspace ?? process.cwd();
    const displayPath = (file) => {
        const path = (0,external_node_path_.relative)(root, (0,external_node_path_.resolve)(file));
        return path.startsWith('..') || (0,external_node_path_.isAbsolute)(path) ? file : path;
    };
    return subjects.flatMap((subject, index) => {
        const error = failed[index];
        if (error === undefined)
            return [];
        const platform = subject.platform ?? (platforms.size === 1 ? shared : undefined) ?? 'default';
        return [
            (0,run_failure/* runFailureOf */.DT)(error, { name: subject.image.name, platform, buildArgs: subject.inputs.buildArgs }, displayPath)
        ];
    });
}
/**
 * Builds the final image of every bake subject (`image.build.bake`) in ONE `docker buildx bake`
 * run (`src/engine/bake-build.ts`: each subject a target inheriting its bake target, with this
 * run's tag and its platform) and returns what each subject built, by subject index (undefined
 * for subjects built or read otherwise). The tags go to `run.made` before the build, so a failed
 * bake leaves none behind.
 *
 * @throws Error when the engine does not build with buildx; `BakeBuildError` when bake fails.
 */
async function bakeFinals(subjects, prepared, run, builder, tagSuffix, fail) {
    const baked = subjects.flatMap((subject, index) => {
        const bake = subject.image.build.bake;
        return bake && subject.inputs.image === undefined ? [{ subject, bake, index }] : [];
    });
    const [first] = baked;
    if (!first)
        return [];
    const engine = await runEngine(run, builder);
    const targets = baked.map(({ subject, bake, index }) => ({
        name: bake.target,
        tag: buildTag(prepared[index]?.plan?.target ?? bake.target, `latest${tagSuffix(subject)}`, subject.inputs.file, run.runId, subject.platform),
        ...(subject.platform !== undefined ? { platform: subject.platform } : {})
    }));
    run.made.engine = engine;
    run.made.tags.push(...targets.map(target => target.tag));
    const mask = Object.assign({}, ...baked.map(({ subject }) => subject.inputs.buildArgs));
    const { bakeBuild, BakeBuildError } = await __webpack_require__.e(/* import() */ 520).then(__webpack_require__.bind(__webpack_require__, 520));
    const out = subjects.map(() => undefined);
    // With `fail`: a failed target is recorded and bake runs again without it (the others' steps
    // come from its cache), until the rest builds; a failure bake cannot pin fails them all.
    let left = baked.map(({ index }, i) => ({ index, target: targets[i] }));
    while (left.length > 0) {
        try {
            const { built } = await bakeBuild(engine, {
                files: first.bake.files,
                targets: left.map(l => l.target),
                mask,
                log: run.log
            });
            left.forEach(({ index }, i) => {
                const made = built[i];
                if (made)
                    out[index] = { tag: made.tag, imageId: made.imageId, stageImages: {} };
            });
            return out;
        }
        catch (error) {
            if (!fail || !(error instanceof BakeBuildError))
                throw error;
            const tag = error.request?.tag;
            const culprit = left.find(l => tag !== undefined && l.target.tag === tag);
            for (const l of culprit ? [culprit] : left)
                fail(l.index, error);
            left = culprit ? left.filter(l => l !== culprit) : [];
        }
    }
    return out;
}
/** A subject's schema-1 report as an entry of the run (named, its platform the measured one). */
function entryOf(report, subject) {
    const { schemaVersion: _v, tool: _t, createdAt: _c, ...result } = report;
    return { name: subject.image.name, platform: report.final.platform, ...result };
}
/**
 * In a run of several subjects, prefixes an error's message with the image (and platform) it came
 * from, keeping its class (a `BuildError` stays one). One subject: the error as it is.
 */
function named(subject, several) {
    return error => {
        if (several && error instanceof Error) {
            const platform = subject.platform ? ` (${subject.platform})` : '';
            error.message = `Image ${subject.image.name}${platform}: ${error.message}`;
        }
        throw error;
    };
}
/** An image name as a tag part: letters, digits, `_.-`. */
function tagPart(name) {
    return name.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40);
}
/**
 * Maps `items` through `fn` with at most `limit` calls in flight, results in item order. After a
 * rejection no new call starts; the calls in flight are awaited, then the first error is thrown
 * (so nothing a subject does outlives the run's clean-up).
 */
async function mapBounded(items, limit, fn) {
    const results = [];
    let next = 0;
    let failure;
    const worker = async () => {
        while (failure === undefined && next < items.length) {
            const index = next++;
            try {
                results[index] = await fn(items[index], index);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    const workers = Math.max(1, Math.min(limit, items.length));
    await Promise.all(Array.from({ length: workers }, worker));
    if (failure !== undefined)
        throw failure.error;
    return results;
}

// EXTERNAL MODULE: ./lib/report/run-markdown.js
var run_markdown = __webpack_require__(7093);
;// CONCATENATED MODULE: ./lib/publish/aggregate.js
/**
 * Runs read back from untrusted report files (`mode: comment`, `mode: aggregate`): verdicts
 * recomputed, a baseline report's entries paired with the run's, and the reports of a matrix's
 * jobs merged into one run. Pure: the files are read by the caller (src/baseline/report.ts
 * `loadRunReport`), the result is written and posted by src/main.ts.
 */





/**
 * The sticky comment's key for a run of several images when `comment-key` is not set (the
 * aggregate's one comment). A run of one image is keyed by its entry's name.
 */
const AGGREGATE_COMMENT_KEY = 'image-size-budget';
/**
 * `run` with every entry's budget rows rechecked from their limit and actual value
 * (`recheckBudgets`: a row's own `passed` and message are not trusted), each entry's `passed`
 * recomputed from its rows and the run's from its entries. Pure: `run` is not changed.
 */
function recheckRun(run) {
    const images = run.images.map(entry => {
        const budgets = (0,lib_budgets/* recheckBudgets */.Ek)(entry.budgets);
        return { ...entry, budgets, passed: budgets.every(budget => budget.passed) };
    });
    // A failed build (`failures`) fails the run whatever its entries say.
    const failed = (run.failures?.length ?? 0) > 0;
    return { ...run, images, passed: !failed && images.every(entry => entry.passed) };
}
/**
 * Merges the runs of several report files into one run: entries ordered by file path (code-unit
 * order, the same on every machine), then by their order in the file. Each run is rechecked
 * ({@link recheckRun}) first.
 *
 * Two entries with the same name and platform are an error rather than "the later wins": in a
 * matrix that means two jobs measured the same image under the same key (a matrix variable
 * missing from `comment-key` or the config's names), and keeping one would hide the other's
 * numbers.
 *
 * @param header the merged run's tool and creation time (this action, now).
 * @param inputName the input that listed the files (`reports`), quoted in errors.
 * @throws Error naming `inputName` when there is no file, when two entries share a name and
 *   platform (naming the entry and both files), or when the merged run would hold more than
 *   `REPORT_LIMITS.images` entries.
 */
function mergeRuns(files, header, inputName) {
    if (files.length === 0)
        throw new Error(`Input ${inputName}: no report to merge.`);
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const images = [];
    const failures = [];
    const from = new Map();
    for (const file of sorted) {
        for (const entry of recheckRun(file.run).images) {
            const key = (0,run_markdown/* entryKey */.k2)(entry);
            const earlier = from.get(key);
            if (earlier !== undefined) {
                throw new Error(`Input ${inputName}: "${earlier}" and "${file.path}" both hold the image "${(0,report/* clip */.$Q)(entry.name, 120)}" on ${(0,report/* clip */.$Q)(entry.platform, 60)}. Give each job of the matrix its own image name (its comment-key, or the name in its config file).`);
            }
            from.set(key, file.path);
            images.push(entry);
        }
        for (const failure of file.run.failures ?? []) {
            failures.push(failure);
        }
    }
    if (images.length > report_schema/* REPORT_LIMITS */.S4.images) {
        throw new Error(`Input ${inputName}: the reports hold ${images.length} images together, more than the ${report_schema/* REPORT_LIMITS */.S4.images} one report may hold.`);
    }
    return {
        schemaVersion: 2,
        tool: header.tool,
        createdAt: header.createdAt,
        images,
        ...(failures.length > 0 ? { failures: failures.slice(0, report_schema/* REPORT_LIMITS */.S4.images) } : {}),
        passed: failures.length === 0 && images.every(entry => entry.passed)
    };
}
/**
 * Compares every entry of `run` with its entry of the `baseline` run (`baseline-report` in
 * `mode: comment` and `mode: aggregate`), as src/baseline/report.ts `selectEntry` pairs them: an
 * entry's baseline becomes that entry's final image (named by `baselinePath`) and its
 * `baselineComparison` is recomputed. File and package changes the report carried were measured
 * against another baseline, so they are dropped from a re-compared entry.
 *
 * In a run of one image the pairing follows `selectEntry` (its errors propagate). In a run of
 * several, an entry is compared only with an entry of the same name (a new image has none: a
 * note, and the entry keeps what it carried, its max-increase rows included).
 *
 * The `max-increase` rows of a re-compared entry are recomputed against the new baseline
 * (`evaluateIncrease`), so its change and its budget rows never disagree: with the limit
 * `maxIncrease` (the step's input) when given — it then wins over the job's own — else with the
 * limit the entry's own first max-increase row carries (the job's budget: `bytes` → a byte
 * limit, `ratio` → a fraction of the baseline). An entry with neither keeps no max-increase
 * row. The entry's `passed` and the run's are recomputed from the rows.
 *
 * @param minChange bytes; |change| below it shows as unchanged (input `min-change`).
 * @param maxIncrease the step's `max-increase` input, when set.
 * @returns the new run (`run` is not changed), warnings (an entry compared with another
 *   platform or another name) and notes (an entry the baseline has no entry for).
 * @throws Error naming `inputName`, from `selectEntry`, for a run of one image; Error naming
 *   max-increase (`evaluateIncrease`) for a percentage limit against a baseline of 0 bytes.
 */
function compareRunWithBaseline(run, baseline, baselinePath, minChange, inputName, maxIncrease) {
    const notes = [];
    const warnings = [];
    const images = run.images.map(entry => {
        const label = `"${(0,report/* clip */.$Q)(entry.name, 120)}" (${(0,report/* clip */.$Q)(entry.platform, 60)})`;
        let match;
        try {
            match = (0,report.selectEntry)(baseline, entry.name, entry.platform, inputName);
        }
        catch (error) {
            if (run.images.length === 1)
                throw error;
            notes.push(`${inputName} has no entry for ${label} (a new image?); it keeps its own baseline.`);
            return entry;
        }
        if (match.match === 'only' && run.images.length > 1) {
            notes.push(`${inputName} has no entry for ${label} (a new image?); it keeps its own baseline.`);
            return entry;
        }
        if (match.match === 'platform') {
            warnings.push(`${inputName}: ${label} is compared with the baseline's ${(0,report/* clip */.$Q)(match.entry.platform, 60)} image; the sizes of two platforms are compared.`);
        }
        else if (match.match === 'only') {
            warnings.push(`${inputName}: ${label} is compared with the report's only image, "${(0,report/* clip */.$Q)(match.entry.name, 120)}".`);
        }
        const { changes: _changes, changesOmitted: _omitted, packages: _packages, ...rest } = entry;
        // Named by its report path; its file tree served diffs and is not repeated.
        const { fileTree: _tree, ...earlier } = match.entry.final;
        const baselineImage = { ...earlier, ref: baselinePath };
        const budgets = withIncreaseAgainst(entry.budgets, maxIncrease ?? ownIncreaseLimit(entry.budgets), entry.final, baselineImage);
        return {
            ...rest,
            budgets,
            passed: budgets.every(budget => budget.passed),
            baseline: baselineImage,
            baselineComparison: (0,compare/* compareWithBaseline */.$_)(entry.final, baselineImage, minChange, budgets)
        };
    });
    const failed = (run.failures?.length ?? 0) > 0;
    return {
        run: { ...run, images, passed: !failed && images.every(entry => entry.passed) },
        warnings,
        notes
    };
}
/**
 * The limit an entry's own `max-increase` rows carry (its first row's: every row of one entry
 * has the job's one limit): a `bytes` row → `{ bytes }`, a `ratio` row → `{ fraction }`;
 * undefined without such a row.
 */
function ownIncreaseLimit(budgets) {
    const row = budgets.find(budget => budget.name === 'max-increase');
    if (row?.unit === 'bytes')
        return { bytes: row.limit };
    if (row?.unit === 'ratio')
        return { fraction: row.limit };
    return undefined;
}
/**
 * `budgets` with its max-increase rows replaced by `limit`'s rows against `baseline` (where the
 * first one stood, else at the end); without `limit`, `budgets` without max-increase rows.
 */
function withIncreaseAgainst(budgets, limit, final, baseline) {
    const rows = limit ? (0,compare/* evaluateIncrease */.ir)(limit, final, baseline) : [];
    const at = budgets.findIndex(budget => budget.name === 'max-increase');
    const others = budgets.filter(budget => budget.name !== 'max-increase');
    if (at < 0)
        return [...others, ...rows];
    return [...others.slice(0, at), ...rows, ...others.slice(at)];
}
/**
 * The sticky comment's key of a run: the `comment-key` input; else, for a run of one image, its
 * entry's name (a schema-1 report's name is its default comment key); else
 * {@link AGGREGATE_COMMENT_KEY}.
 */
function runCommentKey(commentKey, run) {
    if (commentKey)
        return commentKey;
    const [only] = run.images;
    return only && run.images.length === 1 ? only.name : AGGREGATE_COMMENT_KEY;
}
/**
 * One message naming each failed build and each breach by image and platform, for the failed
 * step: `Build failed (1):\n- web (linux/arm64): …` (when a job's report holds failures), then
 * `Size budget exceeded (2):\n- api (linux/amd64): final image 31.2 MB … exceeds max-size 30 MB …`.
 */
function runFailureMessage(run) {
    const several = run.images.length > 1;
    const lines = run.images.flatMap(entry => (0,lib_budgets/* breaches */.aM)(entry.budgets).map(breach => `- ${several ? `${(0,report/* clip */.$Q)(entry.name, 120)} (${(0,report/* clip */.$Q)(entry.platform, 60)}): ` : ''}${breach.message}`));
    const failures = (run.failures ?? []).map(failure => `- ${(0,report/* clip */.$Q)(failure.name, 120)} (${(0,report/* clip */.$Q)(failure.platform, 60)}): ${(0,report/* clip */.$Q)(failure.message, 300)}`);
    const parts = [];
    if (failures.length > 0)
        parts.push(`Build failed (${failures.length}):\n${failures.join('\n')}`);
    if (lines.length > 0 || failures.length === 0) {
        parts.push(`Size budget exceeded (${lines.length}):\n${lines.join('\n')}`);
    }
    return parts.join('\n');
}

;// CONCATENATED MODULE: ./lib/report/results.js
/** The rows of the `results` output: the run's entries in order, then its failed subjects. */
function resultRows(run) {
    const rows = run.images.map(entry => ({
        name: entry.name,
        platform: entry.platform,
        size: entry.final.size,
        compressedSize: entry.final.compressed?.size ?? null,
        change: entry.baselineComparison?.change ?? null,
        passed: entry.passed
    }));
    for (const failure of run.failures ?? []) {
        rows.push({
            name: failure.name,
            platform: failure.platform,
            error: failure.message,
            passed: false
        });
    }
    return rows;
}
/** The `results` output's text: {@link resultRows} as one line of JSON. */
function resultsOutput(run) {
    return JSON.stringify(resultRows(run));
}

// EXTERNAL MODULE: ./lib/report/baseline.js
var report_baseline = __webpack_require__(4351);
;// CONCATENATED MODULE: ./lib/report/attribution.js


/**
 * The layer the Dockerfile adds (not part of the base image) with the most bytes, preferring
 * layers attributed to an instruction; undefined when the image has no added layer.
 */
function largestAddedLayer(image) {
    const added = image.layers.filter(layer => !layer.base && layer.size > 0);
    const attributed = added.filter(layer => layer.instruction);
    const pool = attributed.length > 0 ? attributed : added;
    return pool.reduce((best, layer) => (!best || layer.size > best.size ? layer : best), undefined);
}
/**
 * The layer of `final` that grew most compared with `baseline`: layers are matched as
 * {@link diffLayers} does (diff ID, then instruction or history `created_by`, then Dockerfile
 * position); a layer the baseline lacks grew by its whole size, a matched one by its size
 * difference. Only layers the Dockerfile adds (not `base`) that grew (change > 0 bytes) count,
 * attributed ones preferred; on a tie the first in rootfs order wins.
 *
 * A pull request that adds `RUN chmod +x server` below an unchanged `COPY server …` gives the
 * RUN layer (a new layer holding a copy of the file), not the COPY (same diff ID, change 0).
 *
 * @returns the layer with its change in bytes; undefined when no added layer grew.
 */
function grownLayer(final, baseline) {
    const grew = (0,report_baseline/* diffLayers */.aU)(final.layers, baseline.layers).layers.filter(c => !c.layer.base && c.change > 0);
    const attributed = grew.filter(c => c.layer.instruction);
    const pool = attributed.length > 0 ? attributed : grew;
    return pool.reduce((best, c) => (!best || c.change > best.change ? c : best), undefined);
}
const SIZE_BUDGETS = new Set([
    'max-size',
    'max-compressed-size',
    'max-ratio'
]);
const WASTE_BUDGETS = new Set(['max-wasted-size', 'min-efficiency']);
/**
 * The annotations for the failed budgets of `report`, one per blamed Dockerfile line:
 * - `max-increase` (with a baseline): the layer that grew most over the baseline
 *   ({@link grownLayer}); without a baseline or a grown layer it joins the size budgets;
 * - `max-size`, `max-compressed-size`, `max-ratio`: the layer the Dockerfile adds with the most
 *   bytes ({@link largestAddedLayer});
 * - `max-wasted-size`, `min-efficiency`: the layer that last rewrote the path with the most
 *   removable bytes.
 * `max-layers` blames no single line. Reasons that land on the same line (file and line) are
 * joined into one annotation. A breach whose layer has no instruction (no Dockerfile, or not
 * attributed) gives no annotation.
 *
 * @returns annotations in order of first reason (increase, size, waste); [] when every budget
 *   passed.
 */
function budgetAnnotations(report) {
    const failed = report.budgets.filter(b => !b.passed);
    const named = (set) => unique(failed.map(b => b.name).filter(set));
    const reasons = [];
    const sizeNames = named(name => SIZE_BUDGETS.has(name));
    const increaseNames = named(name => name === 'max-increase');
    const grown = increaseNames.length > 0 && report.baseline
        ? grownLayer(report.final, report.baseline)
        : undefined;
    const grownInstruction = grown?.layer.instruction;
    if (grown && grownInstruction) {
        const how = grown.status === 'added'
            ? `adds ${attribution_bytes(grown.change)}, a layer the baseline does not have`
            : `grew by ${attribution_bytes(grown.change)} over the baseline (${(0,units/* formatBytes */.z3)(grown.baseline?.size ?? 0)} → ${(0,units/* formatBytes */.z3)(grown.layer.size)})`;
        reasons.push({
            instruction: grownInstruction,
            text: `${grownInstruction.keyword} ${how}, the most any layer grew: ${exceeded(increaseNames)}.`,
            budgets: increaseNames
        });
    }
    else {
        // No baseline layer to compare with: the increase is blamed like the image's size.
        sizeNames.push(...increaseNames);
    }
    const largest = sizeNames.length > 0 ? largestAddedLayer(report.final) : undefined;
    if (largest?.instruction) {
        reasons.push({
            instruction: largest.instruction,
            text: `${largest.instruction.keyword} adds ${attribution_bytes(largest.size)} to the final image, the most of any layer the Dockerfile adds: ${exceeded(sizeNames)}.`,
            budgets: sizeNames
        });
    }
    const wasteNames = named(name => WASTE_BUDGETS.has(name));
    const wasted = report.final.waste?.topPaths[0];
    const rewrite = wasted && report.final.layers[wasted.layers[wasted.layers.length - 1] ?? -1];
    if (wasteNames.length > 0 && wasted && rewrite?.instruction) {
        reasons.push({
            instruction: rewrite.instruction,
            text: `${rewrite.instruction.keyword} rewrites /${wasted.path}, leaving ${attribution_bytes(wasted.removableBytes)} in earlier layers: ${exceeded(wasteNames)}.`,
            budgets: wasteNames
        });
    }
    // max-findings-size: the line of the finding whose fix would save the most.
    const findingNames = named(name => name === 'max-findings-size');
    const top = report.findings?.find(f => f.source);
    const topSource = top?.source;
    const topInstruction = topSource
        ? report.final.layers
            .map(l => l.instruction)
            .find(ins => ins?.location.line === topSource.line && ins.location.file === topSource.file)
        : undefined;
    if (findingNames.length > 0 && top && topInstruction) {
        reasons.push({
            instruction: topInstruction,
            text: `${top.message} (${attribution_bytes(top.bytes)} a fix would save, the most of any finding): ${exceeded(findingNames)}.`,
            budgets: findingNames
        });
    }
    const out = [];
    for (const reason of reasons) {
        const { file, line } = reason.instruction.location;
        const same = out.find(a => a.instruction.location.file === file && a.instruction.location.line === line);
        if (same) {
            same.message += ` ${reason.text}`;
            same.budgets = unique([...same.budgets, ...reason.budgets]);
        }
        else {
            out.push({ instruction: reason.instruction, message: reason.text, budgets: reason.budgets });
        }
    }
    return out;
}
function attribution_bytes(n) {
    return `${(0,units/* formatBytes */.z3)(n)} (${(0,units/* formatBytesExact */.Up)(n)})`;
}
/**
 * `max-size exceeded`, `max-size and max-ratio exceeded`, `a, b and c exceeded`; a floor is not
 * exceeded but missed: `min-efficiency not met`.
 */
function exceeded(names) {
    const list = names.length <= 1
        ? (names[0] ?? '')
        : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return `${list} ${names.every(name => name === 'min-efficiency') ? 'not met' : 'exceeded'}`;
}
function unique(items) {
    return [...new Set(items)];
}

// EXTERNAL MODULE: ./lib/report/changes-markdown.js
var changes_markdown = __webpack_require__(8893);
// EXTERNAL MODULE: ./lib/report/build-failure.js
var report_build_failure = __webpack_require__(3333);
;// CONCATENATED MODULE: ./lib/main.js
/**
 * The action, read top to bottom:
 * inputs → run spec (one image, a config file or a bake file) → evaluate each image on each
 * platform (plan, build, measure, builder, baseline, budgets) → publish (JSON report, job summary,
 * outputs, annotations, PR comment, history) → outcome. Every error ends in `core.setFailed`.
 *
 * `mode: comment` skips the measurement: it posts a report measured by an earlier, untrusted
 * workflow to the pull request named by the trusted `workflow_run` event.
 */


























/** Build-argument values at least this long are registered with the runner as secrets. */
const SECRET_MIN_LENGTH = 8;
/**
 * The job summary's length limit in UTF-16 code units: GitHub takes up to 1 MiB (1,048,576 bytes)
 * of summary per step, so the summary keeps the details a 65,536-character comment leaves out.
 */
const JOB_SUMMARY_MAX_LENGTH = 1_000_000;
/** GitHub's limit on one step's job summary, in UTF-8 bytes. */
const JOB_SUMMARY_MAX_BYTES = 1_048_576;
/** Runs the action. Never throws: failures become `core.setFailed`. */
async function run() {
    let measuring = false;
    try {
        const inputs = (0,lib_inputs/* parseInputs */.TL)(name => core/* getInput */.V4(name));
        // Build-argument values may be secrets: the runner masks these in the log from here on (short
        // values such as versions are left readable; see maskBuildArgValues).
        for (const value of Object.values(inputs.buildArgs)) {
            if (value.length >= SECRET_MIN_LENGTH)
                core/* setSecret */.Pq(value);
        }
        if (inputs.mode === 'comment')
            return await commentMode(inputs);
        if (inputs.mode === 'aggregate')
            return await aggregateMode(inputs);
        measuring = true;
        const runId = newRunId();
        const reportPath = inputs.report ?? defaultReportPath(runId);
        const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
        // The images: a bake file, a config file, or the one image of the inputs (src/run.ts).
        const source = await runSpecOf(inputs, name => core/* getInput */.V4(name), { workspace });
        for (const image of source.spec.images) {
            for (const value of Object.values(image.build.buildArgs)) {
                if (value.length >= SECRET_MIN_LENGTH)
                    core/* setSecret */.Pq(value);
            }
        }
        const history = historyOfRun(inputs);
        const measured = await evaluateRun(source.spec, inputs, {
            log: actionsLog,
            event: { name: github/* context */._.eventName, payload: github/* context */._.payload },
            workspace,
            runId,
            reportPath,
            // Each image's own history (its name is its key).
            historyBaseline: (final, image) => historyOfRun(image).baseline(final)
        });
        await writeReport(measured, reportPath);
        const key = commentKeyOfSpec(inputs, source);
        // The size history: each entry (pushes to the default branch, tags), then its trend.
        const trends = {};
        for (const entry of measured.images) {
            const report = (0,run_markdown/* entryReport */.Xb)(measured, entry);
            await history.record(report, entry.name);
            const trend = await history.trend(report, entry.name);
            if (trend)
                trends[(0,run_markdown/* entryKey */.k2)(entry)] = trend;
        }
        const renderOpts = { commentKey: key, minChange: inputs.minChange, trends };
        // The comment (and the markdown output) within a comment's limit; the summary within its own.
        const markdown = (0,run_markdown/* renderRunMarkdown */.Bh)(measured, renderOpts);
        await core/* summary */.z
            .addRaw(jobSummary(maxLength => (0,run_markdown/* renderRunMarkdown */.Bh)(measured, { ...renderOpts, maxLength })))
            .write();
        setOutputs(measured, reportPath, markdown);
        annotate(measured, inputs);
        if ((0,pull_request/* shouldComment */.N9)(inputs.comment, github/* context */._.eventName)) {
            // After the report and before the verdict; never throws, so budgets alone decide the step.
            await comment(inputs, key, markdown, () => (0,pull_request/* pullRequestOfEvent */.My)(github/* context */._.eventName, github/* context */._.payload));
        }
        const failures = measured.failures ?? [];
        if (failures.length > 0) {
            // A failed build fails the step whatever fail-on-budget says, as for a single image.
            const lines = [
                `Build failed (${failures.length} of ${measured.images.length + failures.length}):`,
                ...failures.map(failure => `- ${(0,run_failure/* failureLine */.Pu)(failure)}`)
            ];
            if (inputs.failOnBudget && measured.images.some(entry => (0,lib_budgets/* breaches */.aM)(entry.budgets).length)) {
                lines.push(runFailureMessage(measured));
            }
            core/* setFailed */.C1(lines.join('\n'));
            return;
        }
        const budgets = measured.images.flatMap(entry => entry.budgets);
        if (measured.passed) {
            core/* info */.pq(budgets.length === 0
                ? 'No size budget is set.'
                : `All ${budgets.length} size budgets passed.`);
        }
        else if (inputs.failOnBudget) {
            core/* setFailed */.C1(runFailureMessage(measured));
        }
        else {
            const several = measured.images.length > 1;
            for (const entry of measured.images) {
                const what = several ? `${entry.name} (${entry.platform}): ` : '';
                for (const breach of (0,lib_budgets/* breaches */.aM)(entry.budgets)) {
                    core/* warning */.$e(`Size budget exceeded: ${what}${breach.message}`);
                }
            }
        }
    }
    catch (error) {
        if (measuring)
            await reportFailure(error);
        core/* setFailed */.C1(error instanceof Error ? error.message : String(error));
    }
}
/**
 * A measurement that ended in an error still reports: `passed=false` (no budget was checked), and
 * for a failed build the job summary (the stage, the failing line, the log tail), the `markdown`
 * output, and an error annotation on the failing Dockerfile line when the log names it.
 */
async function reportFailure(error) {
    core/* setOutput */.uH(constants/* Output */.k7.passed, false);
    if (!(error instanceof engine_build/* BuildError */.zS))
        return;
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const inWorkspace = (file) => {
        const path = (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(file));
        // A base-ref build fails in a worktree outside the checkout: no line of the PR to annotate.
        return path.startsWith('..') || (0,external_node_path_.isAbsolute)(path) ? undefined : path;
    };
    const markdown = (0,report_build_failure/* renderBuildFailureMarkdown */.kC)(error, {
        displayPath: location => inWorkspace(location.file) ?? location.file
    });
    core/* setOutput */.uH(constants/* Output */.k7.markdown, markdown);
    await core/* summary */.z
        .addRaw(markdown)
        .write()
        .catch((failure) => core/* warning */.$e(`The job summary was not written: ${failure.message}`));
    const file = error.location && inWorkspace(error.location.file);
    if (error.location && file !== undefined) {
        const what = error.instruction ? `${error.instruction.keyword} failed` : 'The build failed here';
        const stage = (0,report_build_failure/* failedInStage */.fi)(error);
        core/* error */.z3(`${what}${stage} (exit code ${error.exitCode}) while building the ${error.label}.`, {
            file,
            startLine: error.location.line,
            title: 'Image size budget: build failed'
        });
    }
}
/**
 * `mode: comment`: validate the untrusted `report` (schema 1 or 2; and `baseline-report`),
 * recheck its verdicts, render it, and post it to the pull request the `workflow_run` payload
 * names (matching its head SHA); then, like the measuring step, fail the step when an image is
 * over a budget and `fail-on-budget` is true (else warn). `passed` is the rechecked verdict.
 */
async function commentMode(inputs) {
    if (!inputs.report) {
        throw new Error(`Input ${constants/* Input */.pd.report}: mode: comment needs the path of the report to post.`);
    }
    // The report is untrusted: each budget row's status is recomputed from its limit and actual
    // value, and the verdicts from those.
    const run = await withBaselineReport(recheckRun(await (0,report.loadRunReport)(inputs.report, constants/* Input */.pd.report)), inputs);
    const pr = await pullRequestOfRun(inputs);
    const key = runCommentKey(inputs.commentKey, run);
    const markdown = await publishRun(run, key, inputs);
    if (pr.number === undefined) {
        core/* warning */.$e(`No open pull request has head ${pr.headSha}; the report was not posted.`);
    }
    else {
        await comment(inputs, key, markdown, pr.number);
    }
    runVerdict(run, inputs);
}
/**
 * `mode: aggregate`: read every report `reports` matches (each untrusted, rechecked as in
 * `mode: comment`), merge them into one run (src/publish/aggregate.ts `mergeRuns`), compare with
 * `baseline-report` when set, then write the run to `report`, one job summary, the outputs and
 * one sticky comment (on a pull request event, or the pull request of a `workflow_run`), and fail
 * the step when an image is over a budget and `fail-on-budget` is true.
 */
async function aggregateMode(inputs) {
    const files = [];
    for (const path of await matchReports(inputs.reports)) {
        files.push({ path, run: await (0,report.loadRunReport)(path, constants/* Input */.pd.reports) });
    }
    const merged = mergeRuns(files, { tool: { name: constants/* TOOL_NAME */.lH, version: VERSION }, createdAt: new Date().toISOString() }, constants/* Input */.pd.reports);
    const run = await withBaselineReport(merged, inputs);
    core/* info */.pq(`Merged ${run.images.length} image${run.images.length === 1 ? '' : 's'} from ${files.length} report${files.length === 1 ? '' : 's'}: ${files.map(file => file.path).join(', ')}`);
    const reportPath = inputs.report ?? defaultReportPath(newRunId());
    await writeReport(run, reportPath);
    core/* setOutput */.uH(constants/* Output */.k7.report, reportPath);
    const key = runCommentKey(inputs.commentKey, run);
    const markdown = await publishRun(run, key, inputs);
    const { eventName, payload } = github/* context */._;
    if (inputs.comment !== 'false' && eventName === 'workflow_run') {
        const pr = await pullRequestOfRun(inputs);
        if (pr.number === undefined) {
            core/* warning */.$e(`No open pull request has head ${pr.headSha}; the report was not posted.`);
        }
        else {
            await comment(inputs, key, markdown, pr.number);
        }
    }
    else if ((0,pull_request/* shouldComment */.N9)(inputs.comment, eventName)) {
        await comment(inputs, key, markdown, () => (0,pull_request/* pullRequestOfEvent */.My)(eventName, payload));
    }
    runVerdict(run, inputs);
}
/**
 * The verdict of a run read back (`mode: comment`, `mode: aggregate`): over a budget, the step
 * fails naming each breach when `fail-on-budget` is true, else one warning says the same.
 */
function runVerdict(run, inputs) {
    const count = `${run.images.length} image${run.images.length === 1 ? '' : 's'}`;
    if (run.passed)
        core/* info */.pq(`All ${count} passed their size budgets.`);
    else if (inputs.failOnBudget)
        core/* setFailed */.C1(runFailureMessage(run));
    else
        core/* warning */.$e(runFailureMessage(run));
}
/**
 * The report files `patterns` (input `reports`) match: `@actions/glob` patterns, one per line
 * (`#` comments, `!` exclusions), relative to the working directory; files only, symbolic links
 * not followed into directories. Sorted, so the merge order is the same on every runner.
 *
 * @throws Error naming `reports` when it is unset, matches no file, or matches more files than a
 *   run may hold images.
 */
async function matchReports(patterns) {
    if (!patterns) {
        throw new Error(`Input ${constants/* Input */.pd.reports}: mode: aggregate needs the reports to merge, e.g. reports/**/*.json (the downloaded artifacts of the matrix's jobs).`);
    }
    const glob = await __webpack_require__.e(/* import() */ 324).then(__webpack_require__.bind(__webpack_require__, 3324));
    const globber = await glob.create(patterns, {
        followSymbolicLinks: false,
        implicitDescendants: false,
        matchDirectories: false
    });
    const paths = (await globber.glob()).sort();
    if (paths.length === 0) {
        throw new Error(`Input ${constants/* Input */.pd.reports}: no report matched ${JSON.stringify(patterns)} (from ${process.cwd()}). Check the path the artifacts were downloaded to.`);
    }
    if (paths.length > report_schema/* REPORT_LIMITS */.S4.images) {
        throw new Error(`Input ${constants/* Input */.pd.reports}: ${paths.length} files matched, more than the ${report_schema/* REPORT_LIMITS */.S4.images} images one report may hold.`);
    }
    return paths;
}
/**
 * With `baseline-report`: `run` compared entry by entry with the entries of that report
 * (src/publish/aggregate.ts `compareRunWithBaseline`: max-increase rows recomputed against it,
 * with the step's `max-increase` when set, else each job's own limit); mismatches warn. Without:
 * `run`, and a `max-increase` input warns that it has nothing to compare with.
 */
async function withBaselineReport(run, inputs) {
    if (inputs.baseline?.kind !== 'report') {
        if (inputs.budgets.maxIncrease !== undefined) {
            core/* warning */.$e(`Input ${constants/* Input */.pd.maxIncrease}: mode: ${inputs.mode} has no baseline to compare with, so it is not applied (each report keeps the max-increase rows its job measured). Set ${constants/* Input */.pd.baselineReport} to compare every image with one baseline under this limit.`);
        }
        return run;
    }
    const path = inputs.baseline.path;
    const compared = compareRunWithBaseline(run, await (0,report.loadRunReport)(path, constants/* Input */.pd.baselineReport), path, inputs.minChange, constants/* Input */.pd.baselineReport, inputs.budgets.maxIncrease);
    for (const warning of compared.warnings)
        core/* warning */.$e(warning);
    for (const note of compared.notes)
        core/* info */.pq(note);
    return compared.run;
}
/**
 * The job summary and the `markdown`, `passed` and `results` outputs of a run read back
 * (`mode: comment`, `mode: aggregate`). The summary is rendered within its own limit
 * ({@link jobSummary}); the `markdown` output is the comment's body (65,536 characters at most).
 *
 * @returns the markdown (the comment's body).
 */
async function publishRun(run, key, inputs) {
    const opts = { commentKey: key, minChange: inputs.minChange };
    const markdown = (0,run_markdown/* renderRunMarkdown */.Bh)(run, opts);
    await core/* summary */.z
        .addRaw(jobSummary(maxLength => (0,run_markdown/* renderRunMarkdown */.Bh)(run, { ...opts, maxLength })))
        .write();
    core/* setOutput */.uH(constants/* Output */.k7.markdown, markdown);
    core/* setOutput */.uH(constants/* Output */.k7.passed, run.passed);
    core/* setOutput */.uH(constants/* Output */.k7.results, resultsOutput(run));
    return markdown;
}
/**
 * The job summary's markdown: `render` at {@link JOB_SUMMARY_MAX_LENGTH} code units, or — when
 * that is over GitHub's {@link JOB_SUMMARY_MAX_BYTES} in UTF-8 (text far from ASCII) — at a third
 * of the byte limit (a UTF-16 code unit is at most 3 bytes of UTF-8).
 *
 * @param render the run's markdown at most `maxLength` UTF-16 code units long.
 */
function jobSummary(render) {
    const markdown = render(JOB_SUMMARY_MAX_LENGTH);
    if (Buffer.byteLength(markdown, 'utf8') <= JOB_SUMMARY_MAX_BYTES)
        return markdown;
    return render(Math.floor(JOB_SUMMARY_MAX_BYTES / 3));
}
/**
 * The pull request of a `workflow_run` event (`mode: comment`, `mode: aggregate`): from the
 * payload, else looked up among the open pull requests by head commit (runs from forks).
 *
 * @returns the run's head commit and the pull request's number, undefined when none is open (a
 *   warning says why the lookup failed).
 * @throws Error naming `mode` when the event is not `workflow_run`.
 */
async function pullRequestOfRun(inputs) {
    const { eventName, payload, repo } = github/* context */._;
    const run = (0,pull_request/* pullRequestOfWorkflowRun */.GG)(eventName, payload);
    const number = run.number ??
        (await findOpenPullRequestByHead({
            token: token(inputs),
            ...repo,
            headSha: run.headSha,
            headRepo: run.headRepo,
            headBranch: run.headBranch,
            log: actionsLog
        }).catch((error) => {
            core/* warning */.$e(`Could not look up the pull request of ${run.headSha}: ${error.message}`);
            return undefined;
        }));
    return { headSha: run.headSha, number };
}
/**
 * Creates or updates the sticky comment on `issueNumber` (a number, or a function that finds it
 * and throws when the event has none). Never throws: a comment never fails the step, so every
 * failure — no pull request (a push with `comment: true`), no token, 401, 404, 422, errors that
 * outlasted the retries — is one warning; a read-only token (fork PRs) warns in `upsertComment`.
 */
async function comment(inputs, key, body, issueNumber) {
    try {
        await upsertComment({
            token: token(inputs),
            ...github/* context */._.repo,
            issueNumber: typeof issueNumber === 'number' ? issueNumber : issueNumber(),
            key,
            body,
            log: actionsLog
        });
    }
    catch (error) {
        core/* warning */.$e(`The PR comment was not posted: ${error instanceof Error ? error.message : String(error)}`);
    }
}
/** The size history of this run (`src/history/action.ts`), with the workflow's token when set. */
function historyOfRun(inputs) {
    const value = inputs.githubToken ?? process.env.GITHUB_TOKEN;
    if (value)
        core/* setSecret */.Pq(value);
    // Not github.context.repo: it throws without GITHUB_REPOSITORY (runs outside Actions).
    const [owner = '', repo = ''] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
    const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
    return actionHistory({
        inputs,
        eventName: github/* context */._.eventName,
        payload: github/* context */._.payload,
        owner,
        repo,
        // Both are unset outside Actions (github.context types them as strings all the same).
        sha: github/* context */._.sha ?? '',
        ref: github/* context */._.ref ?? '',
        token: value || undefined,
        repoUrl: `${server}/${owner}/${repo}`,
        log: actionsLog
    });
}
function token(inputs) {
    const value = inputs.githubToken ?? process.env.GITHUB_TOKEN;
    if (!value)
        throw new Error(`Input ${constants/* Input */.pd.githubToken}: a token is needed to comment on the pull request.`);
    core/* setSecret */.Pq(value);
    return value;
}
/**
 * The step's outputs: `passed`, `report`, `markdown` and `results` (one compact row per entry)
 * always; for a run of one entry also its per-image outputs (size, layers, builder, compressed,
 * waste, baseline).
 */
function setOutputs(measured, reportPath, markdown) {
    core/* setOutput */.uH(constants/* Output */.k7.passed, measured.passed);
    core/* setOutput */.uH(constants/* Output */.k7.report, reportPath);
    core/* setOutput */.uH(constants/* Output */.k7.markdown, markdown);
    core/* setOutput */.uH(constants/* Output */.k7.results, resultsOutput(measured));
    const [entry] = measured.images;
    if (measured.images.length !== 1 || !entry || measured.failures?.length)
        return;
    const { final, builder, comparison, baseline, baselineComparison } = entry;
    core/* setOutput */.uH(constants/* Output */.k7.size, final.size);
    core/* setOutput */.uH(constants/* Output */.k7.layers, final.layers.length);
    core/* setOutput */.uH(constants/* Output */.k7.imageId, final.id);
    if (builder && comparison) {
        core/* setOutput */.uH(constants/* Output */.k7.builderSize, builder.size);
        core/* setOutput */.uH(constants/* Output */.k7.builderImageId, builder.id);
        core/* setOutput */.uH(constants/* Output */.k7.saved, comparison.saved);
        core/* setOutput */.uH(constants/* Output */.k7.ratio, (0,units/* ratioOutput */.No)(comparison.ratio));
        if (builder.compressed)
            core/* setOutput */.uH(constants/* Output */.k7.builderCompressedSize, builder.compressed.size);
    }
    if (final.compressed) {
        core/* setOutput */.uH(constants/* Output */.k7.compressedSize, final.compressed.size);
        core/* setOutput */.uH(constants/* Output */.k7.compressedSizeExact, final.compressed.exact);
    }
    if (final.waste) {
        core/* setOutput */.uH(constants/* Output */.k7.efficiency, (0,units/* efficiencyOutput */.$V)(final.waste.efficiency));
        core/* setOutput */.uH(constants/* Output */.k7.wasted, final.waste.removableBytes);
    }
    if (final.base)
        core/* setOutput */.uH(constants/* Output */.k7.addedSize, final.base.addedSize);
    if (baseline && baselineComparison) {
        core/* setOutput */.uH(constants/* Output */.k7.baselineSize, baseline.size);
        core/* setOutput */.uH(constants/* Output */.k7.sizeChange, baselineComparison.change);
        core/* setOutput */.uH(constants/* Output */.k7.sizeChangePercent, (0,units/* percentOutput */.FJ)(baselineComparison.changePercent));
    }
}
/**
 * Annotates, for each entry, the Dockerfile lines responsible for its breaches
 * ({@link budgetAnnotations}: the layer that grew most over the baseline for max-increase, the
 * largest added layer for the other size budgets, the last rewrite of the most wasted path for
 * the waste budgets; an error when the step fails, else a warning) and its findings. In a run of
 * several entries each message starts with the image and platform.
 */
function annotate(measured, inputs) {
    // A failed build: an error on its failing Dockerfile line (a path in the workspace).
    for (const failure of measured.failures ?? []) {
        const file = failure.file;
        if (file === undefined || failure.line === undefined)
            continue;
        if ((0,external_node_path_.isAbsolute)(file) || file.startsWith('..'))
            continue;
        const what = failure.instruction
            ? `${failure.instruction.split(' ')[0]} failed`
            : 'The build failed here';
        core/* error */.z3(`${failure.name} (${failure.platform}): ${what}. ${failure.message}`, {
            file,
            startLine: failure.line,
            title: 'Image size budget: build failed'
        });
    }
    const several = measured.images.length > 1 || (measured.failures?.length ?? 0) > 0;
    for (const entry of measured.images) {
        const report = (0,run_markdown/* entryReport */.Xb)(measured, entry);
        const prefix = several ? `${entry.name} (${entry.platform}): ` : '';
        for (const annotation of budgetAnnotations(report)) {
            emit(inputs, annotation.instruction, prefix + annotation.message);
        }
        if (inputs.annotations === false)
            continue;
        for (const a of (0,changes_markdown/* findingAnnotations */.AV)(report)) {
            core/* warning */.$e(prefix + a.message, {
                file: (0,external_node_path_.relative)(process.env.GITHUB_WORKSPACE || process.cwd(), (0,external_node_path_.resolve)(a.file)),
                startLine: a.line,
                title: a.title
            });
        }
    }
}
function emit(inputs, instruction, message) {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const file = (0,external_node_path_.relative)(workspace, (0,external_node_path_.resolve)(instruction.location.file));
    const properties = { file, startLine: instruction.location.line, title: 'Image size budget' };
    if (inputs.failOnBudget)
        core/* error */.z3(message, properties);
    else
        core/* warning */.$e(message, properties);
}


/***/ }),

/***/ 9814:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ BUDGET_NAMES)
/* harmony export */ });
/**
 * The plain data the whole action passes around. Every value here is JSON-serialisable, so one
 * image's measurement can be listed, compared, stored in a report and rendered many times.
 *
 * Units: every size is an integer count of bytes. Human units appear only at the edges
 * (markdown, terminal, log lines), via `src/units.ts`.
 */
/**
 * Names of the budgets, in report order; the same strings are the action's input names. The
 * report and history schemas take their `enum` from here.
 */
const BUDGET_NAMES = [
    'max-size',
    'max-compressed-size',
    'max-ratio',
    'max-increase',
    'max-layers',
    'max-wasted-size',
    'min-efficiency',
    'max-findings-size'
];


/***/ }),

/***/ 8868:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GG: () => (/* binding */ pullRequestOfWorkflowRun),
/* harmony export */   My: () => (/* binding */ pullRequestOfEvent),
/* harmony export */   N9: () => (/* binding */ shouldComment),
/* harmony export */   Tw: () => (/* binding */ pullRequestFromOpenList),
/* harmony export */   an: () => (/* binding */ imageRepository)
/* harmony export */ });
/* unused harmony exports PULL_REQUEST_EVENTS, commentKeyOf */
/** Events whose payload is a pull request. */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target'];
/** Whether to comment: `comment: auto` comments on pull request events only. */
function shouldComment(comment, eventName) {
    if (comment === 'true')
        return true;
    if (comment === 'false')
        return false;
    return eventName !== undefined && PULL_REQUEST_EVENTS.includes(eventName);
}
/**
 * The pull request number of a `pull_request`/`pull_request_target` payload.
 *
 * @throws Error naming the `comment` input when the payload names no pull request.
 */
function pullRequestOfEvent(eventName, payload) {
    const number = payload?.pull_request
        ?.number;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0) {
        throw new Error(`Input comment: the "${eventName ?? 'unknown'}" event has no pull request to comment on. Use comment: auto (pull_request events only), or mode: comment from a workflow_run workflow.`);
    }
    return number;
}
/**
 * `mode: comment`: the pull request of a `workflow_run` payload, taken from the payload — never
 * from the (untrusted) report. The run's `pull_requests` entry whose head SHA is the run's head
 * SHA; GitHub leaves `pull_requests` empty for runs from forks, which
 * {@link pullRequestFromOpenList} covers.
 *
 * @returns the number, or undefined when the payload lists no matching pull request.
 * @throws Error naming `mode` when the event is not `workflow_run` or the payload has no head SHA.
 */
function pullRequestOfWorkflowRun(eventName, payload) {
    const run = payload?.workflow_run;
    if (eventName !== 'workflow_run' || !run || typeof run.head_sha !== 'string') {
        throw new Error(`Input mode: comment reads the pull request from a workflow_run event, but this run's event is "${eventName ?? 'unknown'}".`);
    }
    const match = (run.pull_requests ?? []).find(pr => pr.head?.sha === run.head_sha);
    return {
        headSha: run.head_sha,
        headRepo: run.head_repository?.full_name,
        headBranch: typeof run.head_branch === 'string' ? run.head_branch : undefined,
        number: typeof match?.number === 'number' ? match.number : undefined
    };
}
/**
 * The open pull request whose head commit is `head.sha` and, when known, whose head repository
 * is `head.repo` (`owner/name`) and head branch `head.branch`, from
 * `GET /repos/{owner}/{repo}/pulls` results. Two forks can push the same commit: the repository
 * and branch of the workflow run tell their pull requests apart.
 */
function pullRequestFromOpenList(pulls, head) {
    return pulls.find(pr => pr.head.sha === head.sha &&
        (head.repo === undefined || pr.head.repo?.full_name === head.repo) &&
        (head.branch === undefined || pr.head.ref === head.branch))?.number;
}
/**
 * The sticky comment's key: the `comment-key` input, else `<Dockerfile path>:<target>`, else the
 * measured image's repository (tag and digest dropped).
 */
function commentKeyOf(inputs, report) {
    if (inputs.commentKey)
        return inputs.commentKey;
    if (report.build)
        return `${report.build.file}:${report.build.target}`;
    return imageRepository(inputs.image ?? report.final.ref);
}
/**
 * An image reference without its tag or digest (`ghcr.io/acme/app:sha-1234` → `ghcr.io/acme/app`),
 * so per-commit tags of one image share a comment. Transport references keep their path.
 */
function imageRepository(ref) {
    const withoutDigest = ref.replace(/@sha256:[0-9a-f]{64}$/, '');
    const lastSlash = withoutDigest.lastIndexOf('/');
    const colon = withoutDigest.lastIndexOf(':');
    return colon > lastSlash &&
        !/^(oci|oci-archive|docker-archive|docker-daemon)$/.test(withoutDigest.slice(0, colon))
        ? withoutDigest.slice(0, colon)
        : withoutDigest;
}


/***/ }),

/***/ 4351:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   WD: () => (/* binding */ compareToBaseline),
/* harmony export */   aU: () => (/* binding */ diffLayers),
/* harmony export */   oF: () => (/* binding */ compressedPair)
/* harmony export */ });
/**
 * The change from `baseline` to `final`.
 *
 * @returns `change` = final.size − baseline.size (bytes); `changePercent` = change / baseline.size
 *   × 100 (0 when the baseline is empty); `compressedChange` when two compressed sizes of one
 *   kind exist ({@link compressedPair}).
 */
function compareToBaseline(final, baseline) {
    const change = final.size - baseline.size;
    const result = {
        change,
        changePercent: baseline.size > 0 ? (change / baseline.size) * 100 : 0
    };
    const pair = compressedPair(final, baseline);
    if (pair)
        result.compressedChange = pair.final - pair.baseline;
    return result;
}
/**
 * The two compressed sizes to compare, of one kind: both exact, or both estimates (an
 * exact size's kept `estimate` standing in for it beside an estimated image). An exact registry
 * size (whatever compression level pushed it) against an estimate differs by several percent for
 * the same image, so they are never mixed. Undefined when no pair of one kind exists.
 */
function compressedPair(final, baseline) {
    const a = final.compressed;
    const b = baseline.compressed;
    if (!a || !b)
        return undefined;
    if (a.exact === b.exact)
        return { final: a.size, baseline: b.size, exact: a.exact };
    const aEstimate = a.exact ? a.estimate : a.size;
    const bEstimate = b.exact ? b.estimate : b.size;
    if (aEstimate === undefined || bEstimate === undefined)
        return undefined;
    return { final: aEstimate, baseline: bEstimate, exact: false };
}
/**
 * Matches final layers with baseline layers, each baseline layer used at most once, in passes of
 * decreasing certainty:
 * 1. the same diff ID (identical content; repeats matched in order);
 * 2. the same instruction: stage, keyword and text (`COPY --from=build /out/app /app` whose
 *    content changed), else the same history `created_by` when a layer has no attribution;
 * 3. the same history `created_by`, attributed or not (a baseline image measured without its
 *    Dockerfile against an attributed final image);
 * 4. the same Dockerfile position: file, line and keyword (an edited `RUN` line).
 * A final layer left over is `added`; a baseline layer left over is `removed`.
 */
function diffLayers(final, baseline) {
    const matched = new Map();
    const used = new Set();
    const pass = (key) => {
        const pool = new Map();
        baseline.forEach((layer, i) => {
            const k = used.has(i) ? undefined : key(layer);
            if (k === undefined)
                return;
            const list = pool.get(k);
            if (list)
                list.push(i);
            else
                pool.set(k, [i]);
        });
        final.forEach((layer, i) => {
            if (matched.has(i))
                return;
            const k = key(layer);
            const candidates = k === undefined ? undefined : pool.get(k);
            const j = candidates?.shift();
            if (j === undefined)
                return;
            matched.set(i, baseline[j]);
            used.add(j);
        });
    };
    pass(layer => layer.diffId);
    pass(layer => layer.instruction
        ? `i\0${layer.instruction.stage}\0${layer.instruction.keyword}\0${normalise(layer.instruction.args)}`
        : `h\0${normalise(layer.createdBy)}`);
    // An image measured without its Dockerfile (baseline-image) has no attribution: match what the
    // history says, whichever side is attributed.
    pass(layer => (layer.createdBy.trim() === '' ? undefined : `h\0${normalise(layer.createdBy)}`));
    pass(layer => layer.instruction
        ? `${layer.instruction.location.file}\0${layer.instruction.location.line}\0${layer.instruction.keyword}`
        : undefined);
    const layers = final.map((layer, i) => {
        const base = matched.get(i);
        if (!base)
            return { layer, change: layer.size, status: 'added' };
        return {
            layer,
            baseline: base,
            change: layer.size - base.size,
            status: base.diffId === layer.diffId ? 'same' : 'matched'
        };
    });
    const removed = baseline.filter((_layer, j) => !used.has(j));
    return { layers, removed };
}
function normalise(text) {
    return text.replace(/\s+/g, ' ').trim();
}


/***/ }),

/***/ 3333:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   TR: () => (/* binding */ plainLogLine),
/* harmony export */   fi: () => (/* binding */ failedInStage),
/* harmony export */   kC: () => (/* binding */ renderBuildFailureMarkdown),
/* harmony export */   uy: () => (/* binding */ fencedLog)
/* harmony export */ });
/* unused harmony export renderBuildFailureText */
/* harmony import */ var _engine_build_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3262);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2527);


/** ANSI escape sequences (colours, cursor moves) as a terminal reads them. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-_]/g;
// Control characters but tab; the bidi controls that could reorder what a reader sees.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** One log line as plain text: escape sequences dropped, other control characters removed. */
function plainLogLine(line) {
    return line.replace(ANSI, '').replace(CONTROL, '');
}
/**
 * ` in stage "build"` when the build failed in another stage than the one it was asked for
 * (or that one is not known), else empty.
 */
function failedInStage(error) {
    return error.stage !== undefined && error.stage !== error.built
        ? ` in ${(0,_engine_build_js__WEBPACK_IMPORTED_MODULE_0__/* .describeStageRef */ .VH)(error.stage)}`
        : '';
}
/**
 * The job summary of a failed build:
 * a heading, one sentence naming the stage that was built and the stage it failed in, the failing
 * Dockerfile line and instruction when the log names them, the exit code, and the log tail in a
 * code block.
 */
function renderBuildFailureMarkdown(error, opts = {}) {
    const lines = [`### ❌ Image size budget: the build failed`, ''];
    const stage = (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(failedInStage(error));
    lines.push(`The build of the ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(error.label)} failed${stage} (exit code ${error.exitCode}); no sizes are reported and no budget was checked.`);
    if (error.location) {
        const path = opts.displayPath ? opts.displayPath(error.location) : error.location.file;
        const instruction = error.instruction
            ? `: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(`${error.instruction.keyword} ${error.instruction.args}`, 200)}`
            : '';
        lines.push('', `Failed at ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(`${path}:${error.location.line}`)}${instruction}`);
    }
    if (error.logTail.length > 0) {
        lines.push('', `Last ${error.logTail.length} lines of the build log:`, '', ...fencedLog(error.logTail));
    }
    return `${lines.join('\n')}\n`;
}
/**
 * Log lines as a fenced `text` code block (the fence and its lines): escape sequences and
 * control characters removed ({@link plainLogLine}), the fence longer than any run of backticks
 * in the lines, so nothing in them renders as markup.
 */
function fencedLog(logTail) {
    const tail = logTail.map(plainLogLine);
    const longestRun = Math.max(0, ...tail.map(l => Math.max(0, ...(l.match(/`+/g) ?? []).map(r => r.length))));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    return [`${fence}text`, ...tail, fence];
}
/** The same for the terminal (the CLI): plain lines, ending with a newline. */
function renderBuildFailureText(error, opts = {}) {
    const stage = failedInStage(error);
    const lines = [
        `build failed: the build of the ${error.label} failed${stage} (exit code ${error.exitCode}); no sizes are reported and no budget was checked.`
    ];
    if (error.location) {
        const path = opts.displayPath ? opts.displayPath(error.location) : error.location.file;
        const instruction = error.instruction
            ? `: ${error.instruction.keyword} ${error.instruction.args.replace(/\s+/g, ' ')}`
            : '';
        lines.push(`failed at ${path}:${error.location.line}${instruction}`);
    }
    if (error.logTail.length > 0) {
        lines.push(`last ${error.logTail.length} lines of the build log:`);
        lines.push(...error.logTail.map(l => `  ${plainLogLine(l)}`));
    }
    return `${lines.join('\n')}\n`;
}


/***/ }),

/***/ 8893:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AV: () => (/* binding */ findingAnnotations),
/* harmony export */   CZ: () => (/* binding */ renderFindingsMarkdown),
/* harmony export */   Fj: () => (/* binding */ renderChangesMarkdown)
/* harmony export */ });
/* unused harmony exports CHANGES_SHOWN, CHANGES_FOLDED_MAX, PACKAGES_SHOWN, FINDINGS_SHOWN, hiddenChange, plainText, renderChangesTerminal, renderFindingsTerminal */
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3052);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2527);


/** Rows shown before the fold, and at most in it. */
const CHANGES_SHOWN = 5;
const CHANGES_FOLDED_MAX = 50;
const PACKAGES_SHOWN = 5;
const FINDINGS_SHOWN = 10;
const MAX_PATH = 120;
const MAX_COMMAND = 80;
const MAX_NAME = 80;
/**
 * Bytes of the image's change against its baseline that no file row shows: copies the layers
 * store that the final filesystem does not show (a file written again, a file deleted by a later
 * layer), net of the baseline's own. The image's size (the engine's) counts every layer's bytes;
 * the file rows add up to the change of the final filesystem (`changes` + `changesOmitted`).
 * Undefined without file changes or without the report's baseline comparison.
 */
function hiddenChange(report) {
    const changes = report.changes;
    const comparison = report.baselineComparison;
    if (!changes || changes.length === 0 || !comparison)
        return undefined;
    const shown = changes.reduce((sum, c) => sum + c.change, 0) + (report.changesOmitted?.change ?? 0);
    return comparison.change - shown;
}
/**
 * The body of the "What changed" section for files and packages (markdown, escaped): the largest
 * file changes as a list (with the bytes layers hold that no file shows, {@link hiddenChange}, as
 * one more row when it reaches `minChange`), the rest folded in `<details>`, then package changes
 * the same way. File rows carry their Dockerfile line, so the section needs no layer rows beside
 * them. '' when the report has no changes.
 */
function renderChangesMarkdown(report, opts = {}) {
    const parts = [];
    const changes = report.changes ?? [];
    const packages = report.packages ?? [];
    if (changes.length > 0) {
        const rows = changes
            .slice(0, CHANGES_SHOWN)
            .map(c => ({ change: c.change, line: fileChangeLine(c) }));
        const hidden = hiddenChange(report);
        if (hidden !== undefined && Math.abs(hidden) >= (opts.minChange ?? 1_000)) {
            const fixes = (report.findings ?? []).some(f => f.rule === 'readded-file' || f.rule === 'deleted-later');
            const row = {
                change: hidden,
                line: `- **${signed(hidden)}** in copies the layers hide (files written again or deleted later${fixes ? '; see How to shrink it' : ''})`
            };
            // Among the rows by size; a row smaller than every file row shown still comes before the fold.
            const at = rows.findIndex(r => Math.abs(r.change) < Math.abs(hidden));
            rows.splice(at < 0 ? rows.length : at, 0, row);
        }
        const lines = rows.map(r => r.line);
        const rest = changes.slice(CHANGES_SHOWN);
        const omitted = report.changesOmitted;
        let more = '';
        if (rest.length > 0 || (omitted && omitted.rows > 0)) {
            const folded = rest.slice(0, CHANGES_FOLDED_MAX).map(fileChangeLine);
            const beyond = rest.length - folded.length + (omitted?.rows ?? 0);
            if (beyond > 0)
                folded.push(`- ${beyond} smaller ${plural(beyond, 'change')} not listed`);
            const n = rest.length + (omitted?.rows ?? 0);
            more = `\n\n${details(`${n} more file ${plural(n, 'change')}`, folded.join('\n'))}`;
        }
        // The label only tells files from packages.
        parts.push(`${packages.length > 0 ? 'Files:\n\n' : ''}${lines.join('\n')}${more}`);
    }
    if (packages.length > 0) {
        const count = (kind) => packages.filter(p => p.kind === kind).length;
        const summary = [
            ['added', count('added')],
            ['removed', count('removed')],
            ['changed version', count('changed')]
        ]
            .filter(([, n]) => n !== 0)
            .map(([what, n]) => `${n} ${what}`)
            .join(', ');
        const lines = packages.slice(0, PACKAGES_SHOWN).map(packageLine);
        const rest = packages.slice(PACKAGES_SHOWN);
        const more = rest.length > 0
            ? `\n\n${details(`${rest.length} more ${plural(rest.length, 'package')}`, rest.slice(0, CHANGES_FOLDED_MAX).map(packageLine).join('\n') +
                (rest.length > CHANGES_FOLDED_MAX
                    ? `\n- ${rest.length - CHANGES_FOLDED_MAX} more not listed`
                    : ''))}`
            : '';
        parts.push(`Packages (${summary}):\n\n${lines.join('\n')}${more}`);
    }
    return parts.join('\n\n');
}
/**
 * The body of the "How to shrink it" section (markdown, escaped): one item per finding with the
 * bytes its fix would save, its line and the fix. '' when there are no findings.
 */
function renderFindingsMarkdown(report) {
    const findings = report.findings ?? [];
    if (findings.length === 0)
        return '';
    const lines = findings.slice(0, FINDINGS_SHOWN).map(findingLine);
    if (findings.length > FINDINGS_SHOWN) {
        const n = findings.length - FINDINGS_SHOWN;
        lines.push(`- ${n} smaller ${plural(n, 'finding')} in the JSON report`);
    }
    const total = findings.reduce((sum, f) => sum + f.bytes, 0);
    return `${lines.join('\n')}\n\nTogether: **${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(total)}** could go.`;
}
function fileChangeLine(c) {
    const what = c.files !== undefined
        ? `${c.files.toLocaleString('en-US')} ${plural(c.files, 'file')} ${c.kind}`
        : c.kind === 'grew' || c.kind === 'shrank'
            ? `${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(c.before ?? 0)} → ${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(c.after ?? 0)}`
            : c.kind;
    return `- **${signed(c.change)}** ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(c.path, MAX_PATH)} (${what})${sourceText(c.source)}`;
}
function packageLine(p) {
    const version = p.kind === 'changed'
        ? `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(p.beforeVersion ?? '', MAX_NAME)} → ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(p.afterVersion ?? '', MAX_NAME)}`
        : p.kind === 'added'
            ? `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(p.afterVersion ?? '', MAX_NAME)}, added`
            : `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(p.beforeVersion ?? '', MAX_NAME)}, removed`;
    return `- **${signed(p.change)}** ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(p.name, MAX_NAME)} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(p.manager)} (${version})${sourceText(p.source)}`;
}
function findingLine(f) {
    const paths = f.paths.slice(0, 3).map(p => (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(p, MAX_PATH));
    const more = f.paths.length > 3 ? ` and ${f.paths.length - 3} more` : '';
    return (`- **${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(f.bytes)}** ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(f.message)}${sourceText(f.source)}` +
        `<br>${paths.join(', ')}${more}` +
        `<br>Fix: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(f.fix)} <sub>(${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(f.rule)})</sub>`);
}
function sourceText(source) {
    if (!source)
        return '';
    return ` — ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(`${source.file}:${source.line}`, MAX_PATH)} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(source.instruction, MAX_COMMAND)}`;
}
function details(summary, body) {
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
function signed(value) {
    return value > 0 ? `+${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(value)}` : (0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(value);
}
function plural(n, word) {
    return n === 1 ? word : `${word}s`;
}
/**
 * A warning annotation per finding that has a Dockerfile line: the bytes its fix would save,
 * what was found and the fix. Annotation text is plain (GitHub does not render markdown there);
 * control characters are removed. At most {@link FINDINGS_SHOWN}, largest first.
 */
function findingAnnotations(report) {
    const out = [];
    for (const f of report.findings ?? []) {
        if (!f.source || out.length >= FINDINGS_SHOWN)
            continue;
        out.push({
            file: f.source.file,
            line: f.source.line,
            title: `Image size: ${(0,_units_js__WEBPACK_IMPORTED_MODULE_0__/* .formatBytes */ .z3)(f.bytes)} could go (${f.rule})`,
            message: plainText(`${f.message}. Fix: ${f.fix}`, 1000)
        });
    }
    return out;
}
// ---------------------------------------------------------------------------------------------
// Terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;
/** Untrusted text for a terminal: control characters (escape sequences) become one space. */
function plainText(text, max) {
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .shorten */ .ml)(text.replace(CONTROL, ' '), max);
}
/**
 * "What changed" for the terminal: the largest file changes and package changes, one per line.
 * '' when the report has none.
 */
function renderChangesTerminal(report, max = 10) {
    const lines = [];
    const changes = report.changes ?? [];
    if (changes.length > 0) {
        lines.push('What changed (files):');
        for (const c of changes.slice(0, max)) {
            const what = c.files !== undefined ? `${c.files} ${plural(c.files, 'file')} ${c.kind}` : c.kind;
            lines.push(`  ${signed(c.change).padStart(10)}  ${plainText(c.path, MAX_PATH)} (${what})${terminalSource(c.source)}`);
        }
        const more = changes.length - Math.min(max, changes.length) + (report.changesOmitted?.rows ?? 0);
        if (more > 0)
            lines.push(`  … ${more} more in the JSON report`);
        const hidden = hiddenChange(report);
        if (hidden !== undefined && Math.abs(hidden) >= 1_000) {
            lines.push(`  ${signed(hidden).padStart(10)}  in copies the layers hide (files written again or deleted later)`);
        }
    }
    const packages = report.packages ?? [];
    if (packages.length > 0) {
        lines.push('What changed (packages):');
        for (const p of packages.slice(0, max)) {
            const version = p.kind === 'changed'
                ? `${p.beforeVersion ?? ''} → ${p.afterVersion ?? ''}`
                : `${p.kind === 'added' ? (p.afterVersion ?? '') : (p.beforeVersion ?? '')}, ${p.kind}`;
            lines.push(`  ${signed(p.change).padStart(10)}  ${plainText(`${p.name} (${version})`, MAX_PATH)}${terminalSource(p.source)}`);
        }
        if (packages.length > max)
            lines.push(`  … ${packages.length - max} more in the JSON report`);
    }
    return lines.join('\n');
}
/** "How to shrink it" for the terminal: one finding per line with its fix. '' when none. */
function renderFindingsTerminal(report, max = 10) {
    const findings = report.findings ?? [];
    if (findings.length === 0)
        return '';
    const lines = ['How to shrink it:'];
    for (const f of findings.slice(0, max)) {
        lines.push(`  ${formatBytes(f.bytes).padStart(10)}  ${plainText(f.message, 200)}${terminalSource(f.source)}`, `              fix: ${plainText(f.fix, 200)} [${f.rule}]`);
    }
    if (findings.length > max)
        lines.push(`  … ${findings.length - max} more in the JSON report`);
    return lines.join('\n');
}
function terminalSource(source) {
    if (!source)
        return '';
    return ` — ${plainText(`${source.file}:${source.line}`, MAX_PATH)} ${plainText(source.instruction, MAX_COMMAND)}`;
}


/***/ }),

/***/ 2527:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FV: () => (/* binding */ escapeMarkdown),
/* harmony export */   Ql: () => (/* binding */ commentMarker),
/* harmony export */   ml: () => (/* binding */ shorten),
/* harmony export */   ph: () => (/* binding */ codeText)
/* harmony export */ });
/**
 * Escaping of untrusted text (layer commands, file paths, image names, anything read from a
 * report) before it enters GitHub-flavoured markdown: a job summary or a PR comment. Pure.
 *
 * What it defends against, and how:
 * - breaking a table row or a line: newlines, tabs and control characters become one space;
 *   `|` becomes the character reference `&#124;` (a table row is split on raw `|` before inline
 *   parsing, so a reference never splits a cell — GFM spec, "Tables (extension)");
 * - HTML injection: `&`, `<`, `>`, `"`, `'` become character references, so no tag or attribute
 *   is ever formed;
 * - markdown injection (links, images, emphasis, code spans, strikethrough, math): the
 *   punctuation that opens them becomes a character reference; references are decoded to literal
 *   text and never re-parsed (CommonMark spec, "Entity and numeric character references");
 * - mentions (`@user`, `@org/team`), cross-references (`#123`, `owner/repo#123`) and bare-URL
 *   autolinks (`https://…`, `www.…`): GitHub finds these in the rendered text, after references
 *   are decoded, so a zero-width joiner (U+200D) is put after `#` and after an `@` that does not
 *   follow a letter or digit (`user@host`, `app@sha256:…` mention no one), and a zero-width space
 *   (U+200B) breaks `://` and `www.`. The text still reads the same.
 */
const ZWJ = '\u200d';
const ZWSP = '\u200b';
/** Characters that become numeric character references. */
const REFERENCES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
    '|': '&#124;',
    '\\': '&#92;',
    '`': '&#96;',
    '*': '&#42;',
    _: '&#95;',
    '[': '&#91;',
    ']': '&#93;',
    '(': '&#40;',
    ')': '&#41;',
    '~': '&#126;',
    $: '&#36;',
    '!': '&#33;',
    '{': '&#123;',
    '}': '&#125;'
};
// Line breaks, tabs, C0/C1 controls, Unicode line/paragraph separators, and the bidi controls
// that could reorder what a reader sees.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;
/**
 * Shortens `text` to at most `max` code points, keeping its start and its end around a `…`
 * (a path keeps its file name). `max` below 5 keeps only the start.
 */
function shorten(text, max) {
    const points = Array.from(text);
    if (points.length <= max)
        return text;
    if (max < 5)
        return points.slice(0, Math.max(0, max - 1)).join('') + '…';
    const tail = Math.floor((max - 1) / 3);
    const head = max - 1 - tail;
    return points.slice(0, head).join('') + '…' + points.slice(points.length - tail).join('');
}
/**
 * Escapes untrusted `text` for use anywhere in GitHub markdown: a table cell, a heading, a list
 * item, or inside `<code>`/`<summary>`. The result is one line.
 *
 * @param text any string (an empty string gives an empty string).
 * @param maxChars when given, the text is first collapsed and shortened to this many code points
 *   with {@link shorten}, so escaping never cuts a character reference in half.
 * @returns text that renders as the same characters (control characters shown as spaces), with
 *   no markup, mention, reference or link.
 */
function escapeMarkdown(text, maxChars) {
    let out = text.replace(CONTROL, ' ');
    if (maxChars !== undefined)
        out = shorten(out, maxChars);
    // Joiners first: the references added last carry a `#` that must stay intact.
    // `@` after a letter or digit (`app@sha256:…`, `user@host`) starts no mention: left intact so
    // digests copy cleanly; `#` always gets one (`owner/repo#1` is a reference).
    out = out.replace(/(?<![A-Za-z0-9])[@＠]|#/g, c => c + ZWJ);
    out = out.replace(/:\/\//g, `:${ZWSP}//`);
    out = out.replace(/\bwww\./gi, m => `${m.slice(0, 3)}${ZWSP}.`);
    out = out.replace(/[&<>"'|\\`*_[\]()~$!{}]/g, c => REFERENCES[c] ?? c);
    return out;
}
/** Untrusted text as inline monospace: `<code>` around {@link escapeMarkdown}. */
function codeText(text, maxChars) {
    if (text === '')
        return '';
    return `<code>${escapeMarkdown(text, maxChars)}</code>`;
}
/**
 * The hidden marker that identifies one comment per key: `<!-- image-size-budget:KEY -->`.
 *
 * `key` is kept readable where safe and percent-encoded elsewhere (UTF-8 bytes): any character
 * outside `A-Z a-z 0-9 . _ ~ / : + , = @ -` and every `-` followed by another `-`, so the key can
 * neither close the HTML comment (`-->`, `--!>`) nor add whitespace that would change the marker.
 *
 * @throws Error when `key` is empty.
 */
function commentMarker(key) {
    if (key === '')
        throw new Error('comment-key: expected a non-empty key, got an empty string');
    const encoded = key
        .replace(/[^A-Za-z0-9._~/:+,=@-]/gu, c => Array.from(Buffer.from(c, 'utf8'))
        .map(b => '%' + b.toString(16).toUpperCase().padStart(2, '0'))
        .join(''))
        .replace(/-(?=-)/g, '%2D');
    return `<!-- image-size-budget:${encoded} -->`;
}


/***/ }),

/***/ 5402:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C1: () => (/* binding */ GITHUB_COMMENT_MAX_LENGTH),
/* harmony export */   Gc: () => (/* binding */ renderMarkdown),
/* harmony export */   M0: () => (/* binding */ DEFAULT_MIN_CHANGE),
/* harmony export */   f2: () => (/* binding */ verdictIcon),
/* harmony export */   iZ: () => (/* binding */ budgetBreachText),
/* harmony export */   tA: () => (/* binding */ baselineChangeText)
/* harmony export */ });
/* unused harmony exports changeIcon, changeText, builtWith */
/* harmony import */ var _budgets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6553);
/* harmony import */ var _image_history_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6649);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3052);
/* harmony import */ var _baseline_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4351);
/* harmony import */ var _changes_markdown_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8893);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2527);






/** GitHub's limit on an issue or PR comment body, in characters. */
const GITHUB_COMMENT_MAX_LENGTH = 65_536;
/** Changes smaller than this many bytes (in absolute value) read "unchanged": the `min-change` default, 1 kB. */
const DEFAULT_MIN_CHANGE = 1_000;
// Display limits for untrusted text, in code points.
const MAX_REF = 80;
const MAX_NAME = 40;
const MAX_COMMAND = 100;
const MAX_PATH = 80;
const MAX_TEXT = 300;
const MAX_LIST = 10;
const GREW_MOST = 5;
/**
 * Renders the report as GitHub-flavoured markdown that leads with the answer.
 *
 * Layout, top to bottom — only what has something to say is shown:
 * 1. the hidden marker (with `commentKey`);
 * 2. the headline: verdict icon, image, uncompressed size, change vs the baseline with sign,
 *    percent and icon (`unchanged` below min-change, never while a `max-increase` fails);
 * 3. one line of context: Dockerfile, platform, compressed size (and its change), the baseline's
 *    reference and size, and the budget summary when none failed;
 * 4. "What changed": the layers that grew (or, when the image shrank, shrank or went) most vs the
 *    baseline, each with its Dockerfile `file:line` and instruction, then
 *    `renderChangesMarkdown` (files and packages);
 * 5. "How to shrink it": `renderFindingsMarkdown`;
 * 6. the failing budgets, counted by name (a `max-increase` with an uncompressed and a
 *    compressed row is one budget), each with its limit and overshoot (the actual value is in
 *    the headline or the folded budget table);
 * 7. one collapsed `<details>`: every budget, the sizes of final / builder / baseline, the
 *    builder stage and what it saved, base vs added, the per-layer table, wasted space (when any),
 *    the largest files, and the note on units.
 * Every table has at most 4 columns, so it fits a phone screen; no number is printed twice.
 *
 * Length: the result is at most `opts.maxLength` (default {@link GITHUB_COMMENT_MAX_LENGTH}).
 * Details are cut first — per-layer rows from the end, then the largest files, then the wasted
 * paths — with a note saying what was left out; only if the rest is still too long is it cut at
 * a line boundary, again with a note.
 *
 * @throws Error when `opts.maxLength` is not a positive integer or `opts.commentKey` is empty.
 */
function renderMarkdown(report, opts = {}) {
    const maxLength = opts.maxLength ?? GITHUB_COMMENT_MAX_LENGTH;
    if (!Number.isInteger(maxLength) || maxLength <= 0) {
        throw new Error(`renderMarkdown: maxLength must be a positive integer, got ${maxLength}`);
    }
    const ctx = context(report, opts);
    const head = renderHead(ctx);
    const details = detailSections(ctx);
    const compose = (limits, note) => [head, renderDetails(details, limits), note].filter(part => part !== '').join('\n\n') + '\n';
    const full = {
        layerRows: details.layers.length,
        largest: details.largest.length,
        wasted: details.wasted.length,
        all: true
    };
    let body = compose(full, '');
    if (body.length <= maxLength)
        return body;
    // Cut in order: layer rows (binary search for the most that fit), then whole lists, then the
    // whole collapsed section.
    const limits = { ...full };
    // Embedded, `maxLength` is this entry's share of the run's comment: the note names no number.
    const attempt = () => compose(limits, truncationNote(details, limits, ctx.embedded ? undefined : maxLength));
    let lo = 0;
    let hi = full.layerRows;
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        limits.layerRows = mid;
        if (attempt().length <= maxLength)
            lo = mid;
        else
            hi = mid - 1;
    }
    limits.layerRows = lo;
    body = attempt();
    for (const key of ['largest', 'wasted']) {
        if (body.length <= maxLength)
            return body;
        limits[key] = 0;
        body = attempt();
    }
    if (body.length <= maxLength)
        return body;
    limits.all = false;
    body = attempt();
    if (body.length <= maxLength)
        return body;
    // Only the head is left and it is still too long: cut it at a line boundary.
    const note = `\n\n${CUT_NOTE_PREFIX} the rest of this report was cut to stay under ${maxLength.toLocaleString('en-US')} characters; the JSON report has all of it.</sub>\n`;
    const room = maxLength - note.length;
    if (room <= 0)
        return note.trim().slice(0, maxLength);
    const cut = body.slice(0, room);
    const lastBreak = cut.lastIndexOf('\n');
    return (lastBreak > 0 ? cut.slice(0, lastBreak) : cut) + note;
}
const CUT_NOTE_PREFIX = '<sub>✂️';
function context(report, opts) {
    const baseline = opts.baseline?.measurement ?? report.baseline;
    const ctx = {
        report,
        baselineLabel: opts.baseline?.label ?? 'baseline',
        baselineName: opts.baseline?.label ?? 'baseline',
        unchanged: false,
        minChange: opts.baseline?.minChange ?? DEFAULT_MIN_CHANGE,
        minChangeKnown: true,
        embedded: opts.embedded === true
    };
    if (opts.commentKey !== undefined)
        ctx.marker = (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .commentMarker */ .Ql)(opts.commentKey);
    if (baseline) {
        ctx.baseline = baseline;
        if (opts.baseline?.label === undefined)
            ctx.baselineName = baseline.ref;
        ctx.comparison =
            opts.baseline?.measurement === undefined && report.baselineComparison
                ? report.baselineComparison
                : (0,_baseline_js__WEBPACK_IMPORTED_MODULE_4__/* .compareToBaseline */ .WD)(report.final, baseline);
        // The report's own verdict (made with the run's min-change) wins unless a threshold is given.
        if (opts.baseline?.minChange === undefined && ctx.comparison.unchanged !== undefined) {
            ctx.unchanged = ctx.comparison.unchanged;
            ctx.minChangeKnown = false;
        }
        else {
            ctx.unchanged = Math.abs(ctx.comparison.change) < ctx.minChange;
        }
        // A failed max-increase always shows its change, whatever min-change says: every byte counts.
        if ((0,_budgets_js__WEBPACK_IMPORTED_MODULE_0__/* .increaseFailed */ .MD)(report.budgets)) {
            ctx.unchanged = false;
            ctx.minChange = 1;
        }
        ctx.layerDiff = (0,_baseline_js__WEBPACK_IMPORTED_MODULE_4__/* .diffLayers */ .aU)(report.final.layers, baseline.layers);
    }
    return ctx;
}
// ---------------------------------------------------------------------------------------------
// The head: what a reviewer sees without expanding anything.
function renderHead(ctx) {
    const { report } = ctx;
    const parts = [];
    if (ctx.marker)
        parts.push(ctx.marker);
    if (!ctx.embedded)
        parts.push(renderHeadline(ctx));
    const subject = renderSubject(ctx);
    if (subject)
        parts.push(subject);
    const changed = renderWhatChanged(ctx);
    if (changed)
        parts.push(changed);
    const findings = (0,_changes_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .renderFindingsMarkdown */ .CZ)(report).trim();
    if (findings)
        parts.push(`**How to shrink it**\n\n${findings}`);
    const failed = renderFailedBudgets(report.budgets);
    if (failed)
        parts.push(failed);
    return parts.join('\n\n');
}
/**
 * Budgets counted by name: `max-increase` checks the uncompressed and (when both are known) the
 * compressed size in two rows, but it is one budget, exceeded when either row fails.
 */
function budgetCount(budgets) {
    const names = new Set(budgets.map(b => b.name));
    const failed = new Set(budgets.filter(b => !b.passed).map(b => b.name));
    return { total: names.size, failed: failed.size };
}
/** ❌ when a budget failed, ✅ when all passed, ℹ️ when none was set. */
function verdictIcon(report) {
    if (!report.passed || report.budgets.some(b => !b.passed))
        return '❌';
    return report.budgets.length === 0 ? 'ℹ️' : '✅';
}
function renderHeadline(ctx) {
    const { report } = ctx;
    // An unnamed stage is known by its index, which says nothing on its own: `stage 0`.
    const target = report.build?.target;
    const name = target
        ? /^\d+$/.test(target)
            ? `stage ${target}`
            : (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(target, MAX_NAME)
        : (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(report.final.ref, MAX_REF);
    let line = `### ${verdictIcon(report)} ${name}: ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(report.final.size)}`;
    if (ctx.comparison && ctx.baseline) {
        const change = ctx.unchanged
            ? 'unchanged'
            : changeText(ctx.comparison.change, ctx.comparison.changePercent, ctx.baseline.size, 0);
        line += `, ${change} vs ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(ctx.baselineName, MAX_NAME)}`;
    }
    return line;
}
/** One line of context; each fact appears nowhere else in the head. */
function renderSubject(ctx) {
    const { report } = ctx;
    const bits = [];
    if (report.build)
        bits.push((0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(report.build.file, MAX_PATH));
    if (report.final.platform && !ctx.embedded) {
        bits.push((0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(report.final.platform, MAX_NAME));
    }
    const compressed = report.final.compressed;
    if (compressed) {
        bits.push(`compressed ${compressedText(report.final)}`);
    }
    if (ctx.embedded && ctx.baseline) {
        bits.push(`compared with ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(ctx.baselineName, MAX_NAME)}`);
    }
    if (ctx.baseline && ctx.comparison && ctx.unchanged) {
        const threshold = ctx.minChangeKnown ? ` ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(ctx.minChange)}` : '';
        bits.push(`unchanged: ${signed(ctx.comparison.change, _units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytesExact */ .Up)}, below min-change${threshold}`);
    }
    const count = budgetCount(report.budgets);
    if (count.total === 0)
        bits.push('no budget set');
    else if (count.failed === 0) {
        bits.push(count.total === 1 ? 'within its budget' : `within all ${count.total} budgets`);
    }
    return bits.join(' · ');
}
/**
 * What moved the size: the file changes (each with its Dockerfile line) when the report has them
 * against the baseline shown, else the layers that moved the size most, in the direction the
 * image moved (grew, or shrank and went), largest first — never both, so each growth is read
 * once (the per-layer table stays in the details); then the package changes.
 */
function renderWhatChanged(ctx) {
    const { report } = ctx;
    const lines = [];
    const c = ctx.comparison;
    const fileRows = (report.changes?.length ?? 0) > 0 && ctx.baseline === report.baseline;
    if (ctx.layerDiff && c && !ctx.unchanged && c.change !== 0 && !fileRows) {
        const grew = c.change > 0;
        const moved = [];
        for (const lc of ctx.layerDiff.layers) {
            if (grew ? lc.change < ctx.minChange : lc.change > -ctx.minChange)
                continue;
            const what = lc.status === 'added'
                ? 'new layer'
                : `${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(lc.baseline?.size ?? 0)} → ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(lc.layer.size)}`;
            moved.push({
                change: lc.change,
                index: lc.layer.index,
                text: `${layerText(lc.layer, report)} (${what})`
            });
        }
        if (!grew) {
            for (const layer of ctx.layerDiff.removed) {
                if (layer.size < ctx.minChange)
                    continue;
                moved.push({
                    change: -layer.size,
                    index: Number.MAX_SAFE_INTEGER,
                    text: `${layerText(layer, report)} (layer gone)`
                });
            }
        }
        moved.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.index - b.index);
        for (const m of moved.slice(0, GREW_MOST)) {
            lines.push(`- **${signed(m.change, _units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)}** ${m.text}`);
        }
        if (moved.length > GREW_MOST) {
            lines.push(`- ${moved.length - GREW_MOST} more layers in the details below`);
        }
    }
    // A failing max-increase lowers minChange to 1 byte; the hidden-bytes row keeps the 1 kB floor.
    const files = (0,_changes_markdown_js__WEBPACK_IMPORTED_MODULE_2__/* .renderChangesMarkdown */ .Fj)(report, {
        minChange: Math.max(ctx.minChange, DEFAULT_MIN_CHANGE)
    }).trim();
    if (lines.length === 0 && !files)
        return '';
    return ['**What changed**', lines.join('\n'), files].filter(s => s !== '').join('\n\n');
}
function renderFailedBudgets(budgets) {
    const failed = budgets.filter(b => !b.passed);
    if (failed.length === 0)
        return '';
    const count = budgetCount(budgets);
    const lines = [
        `**${count.failed} of ${count.total} ${plural(count.total, 'budget')} exceeded**`,
        ''
    ];
    for (const b of failed) {
        lines.push(`- ❌ ${budgetLabel(b, budgets)}: limit ${budgetValue(b.limit, b.unit)}, ${overshoot(b)}`);
    }
    return lines.join('\n');
}
/** `max-increase`, with `(compressed)` when the budget has rows for both sizes. */
function budgetLabel(b, all) {
    const kind = (0,_budgets_js__WEBPACK_IMPORTED_MODULE_0__/* .budgetRowKind */ .Aq)(b, all);
    return kind ? `\`${b.name}\` (${kind})` : `\`${b.name}\``;
}
function budgetActual(b) {
    const value = budgetValue(b.actual, b.unit);
    return b.name === 'max-increase' && b.actual > 0 ? `+${value}` : value;
}
function overshoot(b) {
    return `${b.name === 'min-efficiency' ? 'below' : 'over'} by ${overshootAmount(b)}`;
}
/**
 * A failing budget in a sentence: "over `max-size` by 1.2 MB", "below `min-efficiency` by
 * 3 pp", "over `max-increase` (compressed) by 4.1 MB" (the kind when `all` has both rows).
 */
function budgetBreachText(b, all) {
    const floor = b.name === 'min-efficiency';
    return `${floor ? 'below' : 'over'} ${budgetLabel(b, all)} by ${overshootAmount(b)}`;
}
function overshootAmount(b) {
    const excess = b.name === 'min-efficiency' ? b.limit - b.actual : b.actual - b.limit;
    return b.unit === 'bytes'
        ? (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(excess)
        : b.unit === 'ratio'
            ? (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercentagePoints */ .$x)(excess)
            : String(excess);
}
function budgetValue(value, unit) {
    switch (unit) {
        case 'bytes':
            return (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(value);
        case 'ratio':
            return (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(value);
        case 'count':
            return String(value);
    }
}
function detailSections(ctx) {
    const { report } = ctx;
    const withBaseline = ctx.layerDiff !== undefined;
    const withCompressed = report.final.layers.some(l => l.compressedSize !== undefined);
    const changes = ctx.layerDiff?.layers ??
        report.final.layers.map(layer => ({ layer, change: 0, status: 'same' }));
    // Three columns, to fit a phone: the change when there is a baseline, else the compressed size.
    const third = withBaseline ? 'change' : withCompressed ? 'compressed' : undefined;
    const header = `| layer | size |${third ? ` ${third} |` : ''}`;
    const align = `|:--|--:|${third ? '--:|' : ''}`;
    const layers = changes.map(c => {
        const l = c.layer;
        let row = `| ${l.index}: ${layerText(l, report)} | ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(l.size)} |`;
        if (third === 'change')
            row += ` ${layerChangeText(c, ctx.minChange)} |`;
        if (third === 'compressed') {
            row += ` ${l.compressedSize === undefined ? '—' : (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(l.compressedSize)} |`;
        }
        return row;
    });
    let layersNote = '';
    const removed = ctx.layerDiff?.removed ?? [];
    if (removed.length > 0) {
        const bytes = removed.reduce((sum, l) => sum + l.size, 0);
        layersNote = `${removed.length} ${plural(removed.length, 'layer')} of the ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(ctx.baselineLabel, MAX_NAME)} ${removed.length === 1 ? 'is' : 'are'} gone (${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(bytes)}).`;
    }
    const waste = report.final.waste;
    const wasteLine = waste && waste.removableBytes > 0
        ? `**Wasted space:** ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(waste.removableBytes)} removable; efficiency ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(waste.efficiency)} (dive's score)`
        : '';
    const wasted = (waste && waste.removableBytes > 0 ? waste.topPaths : [])
        .slice(0, MAX_LIST)
        .map(p => `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(p.path, MAX_PATH)} | ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(p.removableBytes)} | ${p.layers.join(', ')} |`);
    const largest = (waste?.largestFiles ?? [])
        .slice(0, MAX_LIST)
        .map(f => `| ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(f.path, MAX_PATH)} | ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(f.size)} | ${f.layer} |`);
    const topics = [];
    if (report.budgets.length > 0)
        topics.push('budgets');
    topics.push('sizes');
    if (report.builder || report.comparison || report.stageChoice?.builder)
        topics.push('builder');
    topics.push('layers');
    if (wasteLine)
        topics.push('wasted space');
    if (largest.length > 0)
        topics.push('largest files');
    return {
        summary: `Details: ${topics.join(', ')}`,
        budgets: renderBudgetTable(report.budgets),
        sizes: renderSizeTable(ctx),
        facts: renderFacts(ctx),
        layers,
        layersHeader: `${header}\n${align}`,
        layersNote,
        wasteLine,
        wasted,
        largest,
        footnote: ctx.embedded ? '' : renderFootnote(ctx)
    };
}
function renderDetails(d, limits) {
    if (!limits.all)
        return '';
    const out = [];
    if (d.budgets)
        out.push(d.budgets);
    out.push(d.sizes);
    if (d.facts)
        out.push(d.facts);
    if (limits.layerRows > 0 && d.layers.length > 0) {
        const rows = d.layers.slice(0, limits.layerRows);
        let body = `**Layers of the final image (${d.layers.length})**\n\n${d.layersHeader}\n${rows.join('\n')}`;
        if (rows.length < d.layers.length) {
            body += `\n\n${d.layers.length - rows.length} more layers not shown (comment length limit).`;
        }
        if (d.layersNote)
            body += `\n\n${d.layersNote}`;
        out.push(body);
    }
    if (d.wasteLine) {
        let body = d.wasteLine;
        if (limits.wasted > 0 && d.wasted.length > 0) {
            body += `\n\n${[
                '| path | removable | layers |',
                '|:--|--:|:--|',
                ...d.wasted.slice(0, limits.wasted)
            ].join('\n')}`;
        }
        out.push(body);
    }
    if (limits.largest > 0 && d.largest.length > 0) {
        out.push(`**Largest files**\n\n${['| path | size | layer |', '|:--|--:|--:|', ...d.largest.slice(0, limits.largest)].join('\n')}`);
    }
    if (d.footnote)
        out.push(d.footnote);
    return details(d.summary, out.join('\n\n'));
}
function renderBudgetTable(budgets) {
    if (budgets.length === 0)
        return '';
    const rows = ['| budget | limit | actual | |', '|:--|--:|--:|:-:|'];
    for (const b of budgets) {
        rows.push(`| ${budgetLabel(b, budgets)} | ${budgetValue(b.limit, b.unit)} | ${budgetActual(b)} | ${b.passed ? '✅' : '❌'} |`);
    }
    return rows.join('\n');
}
function renderSizeTable(ctx) {
    const { report } = ctx;
    const rows = ['| image | size | compressed |', '|:--|--:|--:|'];
    // Built images are named by their stage; the baseline by its reference (an image reference, a
    // report path, a base commit), never by the stage it was once built from.
    const row = (role, image, byRef = false) => {
        const name = image.stage && !byRef
            ? `${role} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(image.stage, MAX_NAME)}`
            : `${role} ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(image.ref, MAX_REF)}`;
        const compressed = image.compressed
            ? `${image.compressed.exact ? '' : '≈'}${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(image.compressed.size)}`
            : '—';
        return `| ${name} | ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(image.size)} | ${compressed} |`;
    };
    rows.push(row('final', report.final));
    if (ctx.baseline && ctx.comparison) {
        const c = ctx.comparison;
        rows.push(row((0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(ctx.baselineLabel, MAX_NAME), ctx.baseline, true));
        const size = changeText(c.change, c.changePercent, ctx.baseline.size, ctx.minChange, false);
        // Percent of the baseline's compressed size of the same kind (exact or estimate) as the change.
        const pair = (0,_baseline_js__WEBPACK_IMPORTED_MODULE_4__/* .compressedPair */ .oF)(report.final, ctx.baseline);
        const compressed = c.compressedChange === undefined
            ? '—'
            : changeText(c.compressedChange, c.compressedChangePercent ??
                (pair && pair.baseline > 0 ? (c.compressedChange / pair.baseline) * 100 : undefined), pair?.baseline ?? ctx.baseline.compressed?.size ?? 0, ctx.minChange, false);
        rows.push(`| change | ${size} | ${compressed} |`);
    }
    if (report.builder)
        rows.push(row('builder', report.builder));
    return rows.join('\n');
}
function compressedText(image) {
    if (!image.compressed)
        return '—';
    const text = (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(image.compressed.size);
    return image.compressed.exact ? text : `${text} (estimate)`;
}
function renderFacts(ctx) {
    const { report } = ctx;
    const facts = [];
    if (report.comparison) {
        const c = report.comparison;
        const ratio = `the final image is ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(c.ratio)} of the builder (ratio ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .ratioOutput */ .No)(c.ratio)})`;
        facts.push(c.saved >= 0
            ? `- **Saved vs builder:** ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(c.saved)}; ${ratio}, ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .plainDecimal */ .mr)(c.percentSaved, 3)}% saved`
            : `- **Final vs builder:** larger by ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(-c.saved)}; ${ratio}, nothing saved`);
    }
    const choice = report.stageChoice;
    if (choice) {
        if (choice.builder !== undefined) {
            let text = `- **Builder stage:** ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(choice.builder, MAX_NAME)} — ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(choice.reason, MAX_TEXT)}`;
            if (choice.candidates.length > 1) {
                const shown = choice.candidates.slice(0, MAX_LIST).map(c => {
                    const copied = choice.copiedBytes?.[c];
                    return copied === undefined
                        ? (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(c, MAX_NAME)
                        : `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(c, MAX_NAME)} ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(copied)}`;
                });
                const more = choice.candidates.length - shown.length;
                text += ` (candidates: ${shown.join(', ')}${more > 0 ? `, ${more} more` : ''})`;
            }
            facts.push(text);
        }
        else {
            facts.push(`- **Builder stage:** none — ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(choice.reason, MAX_TEXT)}`);
        }
    }
    if (report.build)
        facts.push(`- **Built with:** ${builtWith(report.build)}`);
    const base = report.final.base;
    if (base) {
        const from = base.image === 'scratch' ? '`scratch`' : (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(base.image, MAX_REF);
        facts.push(`- **Base vs added:** base ${from} ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(base.size)} in ${base.layerCount} ${plural(base.layerCount, 'layer')}; the Dockerfile adds ${(0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)(base.addedSize)}`);
    }
    return facts.join('\n');
}
function renderFootnote(ctx) {
    const version = (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(ctx.report.tool.version, MAX_NAME);
    return ('<sub>Sizes in decimal units, as `docker image ls` shows them: 1 kB = 1,000 bytes, 1 MB = 10<sup>6</sup> bytes; the JSON report has exact bytes. ' +
        "Sizes are uncompressed (the layers unpacked, as the classic store's `docker image inspect` Size counts them) unless marked compressed (bytes pulled). " +
        '"(estimate)", "≈": the layer tars gzip-compressed at the default level, as `docker push` does. ' +
        `image-size-budget ${version}</sub>`);
}
function truncationNote(d, limits, maxLength) {
    const cut = [];
    if (!limits.all)
        cut.push('all details');
    else {
        if (limits.layerRows < d.layers.length) {
            cut.push(`${d.layers.length - limits.layerRows} of ${d.layers.length} layer rows`);
        }
        if (limits.largest < d.largest.length)
            cut.push('the largest files');
        if (limits.wasted < d.wasted.length)
            cut.push('the top wasted paths');
    }
    if (cut.length === 0)
        return '';
    const limit = maxLength === undefined
        ? 'the length limit of a GitHub comment'
        : `the ${maxLength.toLocaleString('en-US')}-character limit of a GitHub comment`;
    return `${CUT_NOTE_PREFIX} Details cut to stay under ${limit}: ${cut.join(', ')} left out. The JSON report has all of them.</sub>`;
}
function details(summary, body) {
    // Blank lines around the body so GitHub renders the markdown inside the HTML block.
    return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
/**
 * The change of `report`'s final image against its baseline as its headline shows it:
 * `unchanged` below `minChange` bytes (absent: the report's own verdict), else
 * `📈 +1.2 MB (+4.1%)`; a failing `max-increase` always shows the change. Undefined without a
 * baseline.
 */
function baselineChangeText(report, minChange) {
    const ctx = context(report, minChange === undefined ? {} : { baseline: { minChange } });
    if (!ctx.comparison || !ctx.baseline)
        return undefined;
    if (ctx.unchanged)
        return 'unchanged';
    return changeText(ctx.comparison.change, ctx.comparison.changePercent, ctx.baseline.size, 0);
}
function layerSource(layer, report) {
    if (layer.base) {
        const image = report.final.base?.image;
        return image ? `base ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(image, MAX_NAME)}` : 'base image';
    }
    const loc = layer.instruction?.location;
    if (!loc)
        return '—';
    return (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(`${loc.file}:${loc.line}`, MAX_PATH);
}
/** A layer for people: its Dockerfile `file:line` (or base image) and its instruction. */
function layerText(layer, report) {
    const text = [layerSource(layer, report), layerCommand(layer)].filter(t => t !== '—').join(' ');
    return text === '' ? '—' : text;
}
function layerCommand(layer) {
    const text = layer.instruction
        ? `${layer.instruction.keyword} ${layer.instruction.args}`
        : (0,_image_history_js__WEBPACK_IMPORTED_MODULE_5__/* .displayCreatedBy */ .YW)(layer.createdBy);
    return text.trim() === '' ? '—' : (0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(text, MAX_COMMAND);
}
function layerChangeText(c, minChange) {
    if (c.status === 'added')
        return `new, ${signed(c.change, _units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)}`;
    if (Math.abs(c.change) < minChange)
        return '—';
    return signed(c.change, _units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3);
}
// ---------------------------------------------------------------------------------------------
// Changes: sign, percent, icon.
/**
 * The icon for a change of `percent` (of the baseline): 🚨 ≥ +20%, ⚠️ ≥ +5%, 📈 above 0,
 * 🎉 ≤ −5%, 📉 below 0, none when unchanged. Thresholds follow the spirit of
 * preactjs/compressed-size-action's `iconForDifference`, tuned for images.
 */
function changeIcon(percent) {
    if (percent >= 20)
        return '🚨';
    if (percent >= 5)
        return '⚠️';
    if (percent > 0)
        return '📈';
    if (percent <= -5)
        return '🎉';
    if (percent < 0)
        return '📉';
    return '';
}
/**
 * A change for people: `unchanged` when |change| < minChange bytes, else `📈 +1.2 MB (+4.1%)`.
 * `percent` absent or a zero-size baseline prints no percent; `icon: false` drops the icon.
 */
function changeText(change, percent, baselineSize, minChange = DEFAULT_MIN_CHANGE, icon = true) {
    if (Math.abs(change) < minChange)
        return 'unchanged';
    const hasPercent = percent !== undefined && baselineSize > 0;
    const pct = hasPercent ? ` (${signedPercent(percent)})` : '';
    const mark = icon ? changeIcon(hasPercent ? percent : Math.sign(change)) : '';
    return `${mark ? `${mark} ` : ''}${signed(change, _units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z3)}${pct}`;
}
function signed(value, format) {
    return value > 0 ? `+${format(value)}` : format(value);
}
function signedPercent(percent) {
    const text = (0,_units_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPercent */ .l9)(percent / 100);
    return percent > 0 ? `+${text}` : text;
}
function plural(n, word) {
    return n === 1 ? word : `${word}s`;
}
/**
 * How an image was built, for people: the build path, and for buildx the builder and its driver
 * (`buildx (builder <code>ci</code>, docker-container driver)`).
 */
function builtWith(build) {
    const builder = build.builder;
    if (!builder)
        return build.engine;
    const driver = builder.driver ? `, ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .escapeMarkdown */ .FV)(builder.driver, MAX_NAME)} driver` : '';
    return `${build.engine} (builder ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_3__/* .codeText */ .ph)(builder.name, MAX_NAME)}${driver})`;
}


/***/ }),

/***/ 6749:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HG: () => (/* binding */ maskBuildArgValues),
/* harmony export */   uG: () => (/* binding */ redactMeasurement)
/* harmony export */ });
/* unused harmony exports REDACTED, redactBuildArgs, MASK_MIN_LENGTH */
/** What replaces a value. */
const REDACTED = '***';
/**
 * `text` with every `KEY=VALUE` pair of `buildArgs` written `KEY=***`: a pair that starts the
 * text or follows whitespace (or `|`), and ends the text or is followed by whitespace. Empty
 * values have nothing to hide and stay.
 */
function redactBuildArgs(text, buildArgs) {
    let out = text;
    for (const [key, value] of Object.entries(buildArgs)) {
        if (value === '')
            continue;
        const pair = new RegExp(`(^|[\\s|])${escapeRegExp(`${key}=${value}`)}(?=\\s|$)`, 'g');
        out = out.replace(pair, (_match, before) => `${before}${key}=${REDACTED}`);
    }
    return out;
}
/**
 * `text` with every occurrence of a build-argument value of at least `minLength` characters
 * written `***`, wherever it stands: a failing build's log tail can show a value anywhere (BuildKit
 * substitutes build arguments into the step names it prints; a `RUN` may echo one). Shorter
 * values (`1`, `on`, `1.22`) are left alone: masking them would garble the text and they are not
 * the kind of value that is secret.
 */
function maskBuildArgValues(text, buildArgs, minLength = MASK_MIN_LENGTH) {
    let out = text;
    for (const value of Object.values(buildArgs)) {
        if (value.length >= minLength)
            out = out.split(value).join(REDACTED);
    }
    return out;
}
/** The shortest build-argument value {@link maskBuildArgValues} masks. */
const MASK_MIN_LENGTH = 4;
/** `image` with the history (`createdBy`) of every layer redacted ({@link redactBuildArgs}). */
function redactMeasurement(image, buildArgs) {
    if (Object.values(buildArgs).every(value => value === ''))
        return image;
    return {
        ...image,
        layers: image.layers.map(layer => ({
            ...layer,
            createdBy: redactBuildArgs(layer.createdBy, buildArgs)
        }))
    };
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}


/***/ }),

/***/ 3572:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D6: () => (/* binding */ failuresPhrase),
/* harmony export */   DT: () => (/* binding */ runFailureOf),
/* harmony export */   Pu: () => (/* binding */ failureLine),
/* harmony export */   xs: () => (/* binding */ renderRunFailureMarkdown)
/* harmony export */ });
/* unused harmony exports FAILURE_LIMITS, renderRunFailureText */
/* harmony import */ var _engine_build_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3262);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2527);
/* harmony import */ var _build_failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3333);
/* harmony import */ var _redact_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6749);




/** Bounds on a failure's text, in code points (within the report schema's). */
const FAILURE_LIMITS = {
    message: 1000,
    stage: 200,
    path: 1000,
    instruction: 1000,
    logLines: 50,
    logLine: 1000
};
/** Display limits for names in markdown, as in the run table. */
const MAX_NAME = 40;
const MAX_PLATFORM = 30;
/**
 * The report's failure entry of a subject: for a `BuildError` its stage, the Dockerfile place
 * and instruction, exit code and log tail; for any other error its message.
 *
 * @param subject the image's name and platform (`default`: the engine's own).
 * @param buildArgs the subject's build arguments: their values (≥ 4 characters) are masked.
 * @param displayPath how to show the Dockerfile path (e.g. relative to the workspace).
 */
function runFailureOf(error, subject, displayPath = file => file) {
    const mask = (text, max) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .shorten */ .ml)((0,_redact_js__WEBPACK_IMPORTED_MODULE_3__/* .maskBuildArgValues */ .HG)(text, subject.buildArgs ?? {}), max);
    const base = { name: subject.name, platform: subject.platform };
    if (!(error instanceof _engine_build_js__WEBPACK_IMPORTED_MODULE_0__/* .BuildError */ .zS)) {
        const text = error instanceof Error ? error.message : String(error);
        return { ...base, message: mask(text, FAILURE_LIMITS.message) };
    }
    const failure = {
        ...base,
        message: mask(`Build of ${error.label} failed${(0,_build_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .failedInStage */ .fi)(error)} (exit code ${error.exitCode}).`, FAILURE_LIMITS.message),
        exitCode: error.exitCode
    };
    if (error.stage !== undefined)
        failure.stage = mask(error.stage, FAILURE_LIMITS.stage);
    if (error.location) {
        failure.file = mask(displayPath(error.location.file), FAILURE_LIMITS.path);
        failure.line = error.location.line;
    }
    if (error.instruction) {
        const { keyword, args } = error.instruction;
        failure.instruction = mask(`${keyword} ${args.replace(/\s+/g, ' ').trim()}`, FAILURE_LIMITS.instruction);
    }
    if (error.logTail.length > 0) {
        failure.logTail = error.logTail
            .slice(-FAILURE_LIMITS.logLines)
            .map(line => mask(line, FAILURE_LIMITS.logLine));
    }
    return failure;
}
/** A failure in a sentence: `runner` (linux/arm64). */
function failureName(failure) {
    return `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(failure.name, MAX_NAME)} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(failure.platform, MAX_PLATFORM)})`;
}
/**
 * One failure's section of the run markdown: a heading naming the image and platform, what
 * failed, the failing Dockerfile line and instruction, and the log tail folded below.
 */
function renderRunFailureMarkdown(failure) {
    const lines = [
        `#### ❌ Build failed: ${failureName(failure)}`,
        '',
        `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(failure.message)} No size was measured and no budget was checked.`
    ];
    if (failure.file !== undefined && failure.line !== undefined) {
        const instruction = failure.instruction ? `: ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(failure.instruction, 200)}` : '';
        lines.push('', `Failed at ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(`${failure.file}:${failure.line}`)}${instruction}`);
    }
    const tail = failure.logTail ?? [];
    if (tail.length > 0) {
        lines.push('', `<details><summary>Last ${tail.length} lines of the build log</summary>`, '', ...(0,_build_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .fencedLog */ .uy)(tail), '', '</details>');
    }
    return lines.join('\n');
}
/** The headline phrase of failures: "the build of `runner` (linux/arm64) failed". */
function failuresPhrase(failures) {
    const [only] = failures;
    if (only && failures.length === 1)
        return `the build of ${failureName(only)} failed`;
    return `${failures.length} builds failed`;
}
/** One line per failure for the terminal and the failed step: `runner (linux/arm64): Build of …`. */
function failureLine(failure) {
    const at = failure.file !== undefined && failure.line !== undefined
        ? ` Failed at ${failure.file}:${failure.line}${failure.instruction ? `: ${failure.instruction}` : ''}.`
        : '';
    return (0,_build_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .plainLogLine */ .TR)(`${failure.name} (${failure.platform}): ${failure.message}${at}`);
}
/** A failure for the terminal: its line, then its log tail indented. */
function renderRunFailureText(failure) {
    const lines = [`build failed: ${failureLine(failure)}`];
    const tail = failure.logTail ?? [];
    if (tail.length > 0) {
        lines.push(`last ${tail.length} lines of the build log:`);
        lines.push(...tail.map(l => `  ${plainLogLine(l)}`));
    }
    return `${lines.join('\n')}\n`;
}


/***/ }),

/***/ 7093:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bh: () => (/* binding */ renderRunMarkdown),
/* harmony export */   Xb: () => (/* binding */ entryReport),
/* harmony export */   k2: () => (/* binding */ entryKey)
/* harmony export */ });
/* harmony import */ var _markdown_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5402);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2527);
/* harmony import */ var _run_failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3572);
/* harmony import */ var _units_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3052);




/** The key of an entry in maps over a run's entries: `name` and `platform`. */
function entryKey(entry) {
    return `${entry.name}\u0000${entry.platform}`;
}
/** An entry as a schema-1 report of its own (header from the run), for single-image renderers. */
function entryReport(run, entry) {
    const { name: _name, platform: _platform, ...result } = entry;
    return { schemaVersion: 1, tool: run.tool, createdAt: run.createdAt, ...result };
}
// Display limits for untrusted text, in code points.
const MAX_NAME = 40;
const MAX_PLATFORM = 30;
/** Breaching entries listed under a headline that counts several; the table marks the rest. */
const MAX_BREACH_LINES = 5;
/**
 * The shortest an entry's fold is cut to (characters of its body) before folds are dropped: about
 * the head of a report (context line, what changed, fixes, failing budgets) without its details.
 */
const MIN_FOLD_BODY = 1_500;
/**
 * Renders `run`.
 *
 * One entry: `renderMarkdown` of it, its trend appended — byte for byte what a single-image run
 * printed before runs existed.
 *
 * Several entries, top to bottom:
 * 1. the hidden marker (with `commentKey`);
 * 2. the headline: the run's verdict; on a breach, which image and platform is over which budget
 *    and by how much (one breaching entry: in the headline; several: counted, then listed);
 * 3. one table, a row per entry: verdict icon and name, platform (only when the entries' platforms
 *    differ; only the architecture when all share one OS), uncompressed size, the change against
 *    its baseline (when some entry has a baseline; `—` for those without, `unchanged` below
 *    min-change); the compressed size only in a table with neither platform nor change (a phone
 *    has no room for it beside them);
 * 4. each entry's details in a `<details>` whose summary is "name · platform · size": its
 *    `renderMarkdown` body, embedded (no marker, headline or footnote), then its trend;
 * 5. one note on units.
 *
 * Order: the images with an entry over budget first, then the others, each group in the run's
 * (spec) order, an image's platforms together. The rows a reviewer must act on lead the table,
 * and when the length limit drops folds (from the end), the breaching entries keep theirs.
 *
 * Length: at most `opts.maxLength` (default {@link GITHUB_COMMENT_MAX_LENGTH}). The table is never
 * cut. The folds give way first: the largest are shortened (each entry's own details cut by
 * `renderMarkdown`, down to about {@link MIN_FOLD_BODY} characters), then folds are dropped from
 * the end with a note naming how many; only a table alone over the limit is cut at a line.
 *
 * @throws Error when `opts.maxLength` is not a positive integer or `opts.commentKey` is empty.
 */
function renderRunMarkdown(run, opts = {}) {
    const maxLength = opts.maxLength ?? _markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .GITHUB_COMMENT_MAX_LENGTH */ .C1;
    if (!Number.isInteger(maxLength) || maxLength <= 0) {
        throw new Error(`renderRunMarkdown: maxLength must be a positive integer, got ${maxLength}`);
    }
    const [only] = run.images;
    const failures = run.failures ?? [];
    if (only && run.images.length === 1 && failures.length === 0) {
        const entry = only;
        let trend = opts.trends?.[entryKey(entry)];
        // A trend that leaves no room for the report is left out rather than cut.
        if (trend && maxLength - trend.length - 4 < MIN_FOLD_BODY)
            trend = undefined;
        const body = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .renderMarkdown */ .Gc)(entryReport(run, entry), {
            ...(opts.commentKey !== undefined ? { commentKey: opts.commentKey } : {}),
            baseline: { minChange: opts.minChange },
            maxLength: trend ? maxLength - trend.length - 4 : maxLength
        });
        return trend ? `${body}\n\n${trend}\n` : body;
    }
    const entries = breachingFirst(run.images);
    const folds = entries.map(entry => new Fold(entry, entryReport(run, entry), opts));
    const headParts = [];
    if (opts.commentKey !== undefined)
        headParts.push((0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .commentMarker */ .Ql)(opts.commentKey));
    headParts.push(renderRunHeadline(run, entries));
    if (entries.length > 0 || failures.length > 0) {
        headParts.push(renderRunTable(entries, run, opts.minChange));
    }
    // Each failed build's section (what failed, where, its log tail): after the table, before the
    // folds, so the length limit drops folds before it touches them.
    failures.forEach((failure, i) => {
        headParts.push((0,_run_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .renderRunFailureMarkdown */ .xs)(shownFailure(failure, i)));
    });
    const head = headParts.join('\n\n');
    const footnote = runFootnote(run);
    /** The body with the first `kept` folds, fold i's content at most `cap(i)` characters. */
    const compose = (kept, cap) => {
        const parts = [head, ...folds.slice(0, kept).map((f, i) => f.render(cap(i)))];
        const left = folds.length - kept;
        if (left > 0) {
            parts.push(`<sub>✂️ Details of ${left} of ${folds.length} images left out to stay under ${maxLength.toLocaleString('en-US')} characters: see the job summary or the JSON report.</sub>`);
        }
        parts.push(footnote);
        return parts.join('\n\n') + '\n';
    };
    const full = compose(folds.length, () => Infinity);
    if (full.length <= maxLength)
        return full;
    const shortest = () => MIN_FOLD_BODY;
    // The most folds that fit at their shortest (the rest dropped from the end), then caps on their
    // contents that fill the room (./fittingCaps: the largest cut, the others whole).
    let lo = 0;
    let hi = folds.length;
    while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (compose(mid, shortest).length <= maxLength)
            lo = mid;
        else
            hi = mid - 1;
    }
    const kept = lo;
    const shown = folds.slice(0, kept);
    // What the body holds besides its folds' contents: the same whatever the caps.
    const foldRoom = maxLength -
        (compose(kept, shortest).length -
            shown.reduce((sum, f) => sum + f.content(MIN_FOLD_BODY).length, 0));
    const caps = fittingCaps(shown, foldRoom);
    const body = compose(kept, i => caps[i] ?? MIN_FOLD_BODY);
    if (body.length <= maxLength)
        return body;
    // The headline and table alone are over the limit: cut at a line boundary.
    const note = `\n\n<sub>✂️ The rest of this report was cut to stay under ${maxLength.toLocaleString('en-US')} characters; the JSON report has all of it.</sub>\n`;
    const room = maxLength - note.length;
    if (room <= 0)
        return note.trim().slice(0, maxLength);
    const cut = body.slice(0, room);
    const lastBreak = cut.lastIndexOf('\n');
    return (lastBreak > 0 ? cut.slice(0, lastBreak) : cut) + note;
}
/**
 * A cap on each fold's content (at least {@link MIN_FOLD_BODY}) so that the contents fit `room`
 * characters together. First one cap for all, the largest that fits by the whole lengths alone
 * (water-filling: a cut content is at most its cap, so it always fits); the largest folds are the
 * ones cut. A report is cut at whole rows and sections, so most come out shorter than their cap:
 * the room left over goes to the cut folds in order (breaching images first), each as much as it
 * can take.
 */
function fittingCaps(folds, room) {
    const lengths = folds.map(f => f.fullLength).sort((a, b) => a - b);
    let cap = MIN_FOLD_BODY;
    let whole = 0;
    for (const [i, length] of lengths.entries()) {
        // Folds i… are cut to one cap: the largest that fits beside the whole ones before them.
        const even = Math.floor((room - whole) / (lengths.length - i));
        if (even < length) {
            cap = Math.max(MIN_FOLD_BODY, even);
            break;
        }
        whole += length;
        cap = length;
    }
    const caps = folds.map(() => cap);
    let spare = room - folds.reduce((sum, f) => sum + f.content(cap).length, 0);
    folds.forEach((fold, i) => {
        if (spare <= 0 || fold.fullLength <= cap)
            return;
        const before = fold.content(cap).length;
        // At most `before + spare` long: it grows by at most `spare`.
        if (before + spare <= cap)
            return;
        caps[i] = before + spare;
        spare -= fold.content(caps[i]).length - before;
    });
    return caps;
}
/** One entry's `<details>`, rendered whole or cut to a length, each length rendered once. */
class Fold {
    summary;
    trend;
    report;
    minChange;
    cache = new Map();
    full;
    /** Characters of the whole body (report and trend). */
    fullLength;
    constructor(entry, report, opts) {
        const icon = report.budgets.length > 0 ? `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .verdictIcon */ .f2)(report)} ` : '';
        this.summary = `${icon}${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(entry.name, MAX_NAME)} · ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(entry.platform, MAX_PLATFORM)} · ${(0,_units_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(report.final.size)}`;
        this.trend = opts.trends?.[entryKey(entry)]?.trim() ?? '';
        this.report = report;
        this.minChange = opts.minChange;
        this.full = this.join(this.body(Number.MAX_SAFE_INTEGER), this.trend);
        this.fullLength = this.full.length;
    }
    /** The fold with its body at most `cap` characters (the trend goes first, then details). */
    render(cap) {
        // Blank lines around the body so GitHub renders the markdown inside the HTML block.
        return `<details><summary>${this.summary}</summary>\n\n${this.content(cap)}\n\n</details>`;
    }
    /** The body at most `cap` characters long (at least {@link MIN_FOLD_BODY} asked). */
    content(cap) {
        if (this.full.length <= cap)
            return this.full;
        const roomWithTrend = cap - this.trend.length - 2;
        return this.trend && roomWithTrend >= MIN_FOLD_BODY
            ? this.join(this.body(roomWithTrend), this.trend)
            : this.body(cap);
    }
    body(maxLength) {
        let text = this.cache.get(maxLength);
        if (text === undefined) {
            text = (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .renderMarkdown */ .Gc)(this.report, {
                embedded: true,
                baseline: { minChange: this.minChange },
                maxLength
            }).trim();
            this.cache.set(maxLength, text);
        }
        return text;
    }
    join(body, trend) {
        return trend ? `${body}\n\n${trend}` : body;
    }
}
/** Log lines shown per failure in markdown, and the failures shown with one (the rest: the JSON report). */
const FAILURE_LOG_LINES = 30;
const FAILURE_LOG_LINE = 200;
const FAILURES_WITH_LOG = 5;
/** A failure as the markdown shows it: its log tail shortened (none past the first few). */
function shownFailure(failure, index) {
    const tail = index < FAILURES_WITH_LOG ? (failure.logTail ?? []) : [];
    return {
        ...failure,
        logTail: tail
            .slice(-FAILURE_LOG_LINES)
            .map(line => line.length > FAILURE_LOG_LINE ? `${line.slice(0, FAILURE_LOG_LINE - 1)}…` : line)
    };
}
function failed(entry) {
    return !entry.passed || entry.budgets.some(b => !b.passed);
}
/**
 * The images with a breaching entry first, then the rest; each group keeps the run's order, and
 * an image's platforms stay together in theirs.
 */
function breachingFirst(entries) {
    const breaching = new Set(entries.filter(failed).map(e => e.name));
    return [
        ...entries.filter(e => breaching.has(e.name)),
        ...entries.filter(e => !breaching.has(e.name))
    ];
}
function distinct(values) {
    return new Set(values).size;
}
/** "3 images", "3 images on 2 platforms", "1 image on 2 platforms". */
function scope(entries) {
    const images = distinct(entries.map(e => e.name));
    const platforms = distinct(entries.map(e => e.platform));
    const text = `${images} ${plural(images, 'image')}`;
    return platforms > 1 ? `${text} on ${platforms} platforms` : text;
}
/** An entry in a sentence: `api` (linux/arm64). */
function entryName(entry) {
    return `${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .codeText */ .ph)(entry.name, MAX_NAME)} (${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(entry.platform, MAX_PLATFORM)})`;
}
/** "over `max-size` by 1.2 MB and `max-increase` by 3 MB": one phrase per failing budget name. */
function breaches(entry) {
    const seen = new Set();
    const failing = [];
    for (const b of entry.budgets) {
        if (b.passed || seen.has(b.name))
            continue;
        seen.add(b.name);
        failing.push(b);
    }
    if (failing.length === 0)
        return 'failed';
    const phrases = failing.map(b => (0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .budgetBreachText */ .iZ)(b, entry.budgets));
    const last = phrases.pop() ?? '';
    return phrases.length === 0 ? last : `${phrases.join(', ')} and ${last}`;
}
function renderRunHeadline(run, entries) {
    const failures = run.failures ?? [];
    const breaching = entries.filter(failed);
    if (failures.length > 0) {
        const phrase = (0,_run_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .failuresPhrase */ .D6)(failures);
        const lines = [`### ❌ ${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}`];
        const listed = breaching.slice(0, MAX_BREACH_LINES);
        if (listed.length > 0) {
            lines.push('', ...listed.map(entry => `- ${entryName(entry)} is ${breaches(entry)}`));
            if (breaching.length > listed.length) {
                lines.push(`- ${breaching.length - listed.length} more, marked ❌ in the table`);
            }
        }
        return lines.join('\n');
    }
    if (entries.length === 0)
        return `### ${run.passed ? 'ℹ️' : '❌'} No image measured`;
    const [entry] = breaching;
    if (entry && breaching.length === 1) {
        return `### ❌ ${entryName(entry)} is ${breaches(entry)}`;
    }
    if (breaching.length > 1) {
        const names = distinct(entries.map(e => e.name));
        const count = names === entries.length
            ? `${breaching.length} of ${entries.length} images over budget`
            : `${breaching.length} of ${entries.length} over budget (${scope(entries)})`;
        const lines = breaching
            .slice(0, MAX_BREACH_LINES)
            .map(entry => `- ${entryName(entry)} is ${breaches(entry)}`);
        if (breaching.length > MAX_BREACH_LINES) {
            lines.push(`- ${breaching.length - MAX_BREACH_LINES} more, marked ❌ in the table`);
        }
        return `### ❌ ${count}\n\n${lines.join('\n')}`;
    }
    if (!run.passed)
        return `### ❌ ${scope(entries)}: the run failed`;
    if (entries.every(e => e.budgets.length === 0))
        return `### ℹ️ ${scope(entries)}, no budget set`;
    return `### ✅ ${scope(entries)}, all within budget`;
}
/** The table: at most 4 columns, so it fits a phone screen without scrolling sideways. */
function renderRunTable(entries, run, minChange) {
    const failures = run.failures ?? [];
    const platforms = [...failures, ...entries].map(e => e.platform);
    const withPlatform = distinct(platforms) > 1;
    // Every platform on one OS (`linux/…`): the column shows the architecture (`arch`), the folds'
    // summaries the whole platform. Saves a line per row on a phone.
    const os = platforms[0]?.split('/')[0] ?? '';
    const oneOs = os !== '' && platforms.every(p => p.startsWith(`${os}/`));
    const platformCell = (platform) => (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(oneOs ? platform.slice(os.length + 1) : platform, MAX_PLATFORM).replace(/\//g, `/${ZWSP}`);
    const withChange = entries.some(e => e.baseline !== undefined);
    // A phone (about 358 px for the comment) has room for four columns of short words: a change
    // cell (`🚨 +7.39 MB (+98.2%)`) or a platform takes the room a compressed size would need.
    const withCompressed = !withChange && !withPlatform && entries.some(e => e.final.compressed !== undefined);
    const columns = [['image', ':--']];
    if (withPlatform)
        columns.push([oneOs ? 'arch' : 'platform', ':--']);
    columns.push(['size', '--:']);
    if (withCompressed)
        columns.push(['compressed', '--:']);
    if (withChange)
        columns.push(['change', '--:']);
    const rows = [
        `| ${columns.map(c => c[0]).join(' | ')} |`,
        `|${columns.map(c => c[1]).join('|')}|`
    ];
    // Failed builds lead: no size, one cell saying so, `—` in the others.
    for (const failure of failures) {
        const cells = [`❌ ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(failure.name, MAX_NAME)}`];
        if (withPlatform)
            cells.push(platformCell(failure.platform));
        cells.push('build failed');
        for (let i = cells.length; i < columns.length; i++)
            cells.push('—');
        rows.push(`| ${cells.join(' | ')} |`);
    }
    for (const entry of entries) {
        const report = entryReport(run, entry);
        // A breakable space: on a phone a long name may wrap below its icon.
        const icon = entry.budgets.length > 0 ? `${(0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .verdictIcon */ .f2)(report)} ` : '';
        const cells = [`${icon}${(0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(entry.name, MAX_NAME)}`];
        // A phone may break `linux/arm64` after its `/`.
        if (withPlatform)
            cells.push(platformCell(entry.platform));
        cells.push(keepTogether((0,_units_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(entry.final.size)));
        if (withCompressed) {
            const c = entry.final.compressed;
            cells.push(c ? keepTogether(`${c.exact ? '' : '≈'}${(0,_units_js__WEBPACK_IMPORTED_MODULE_3__/* .formatBytes */ .z3)(c.size)}`) : '—');
        }
        if (withChange)
            cells.push(keepTogether((0,_markdown_js__WEBPACK_IMPORTED_MODULE_0__/* .baselineChangeText */ .tA)(report, minChange) ?? '—'));
        rows.push(`| ${cells.join(' | ')} |`);
    }
    return rows.join('\n');
}
/**
 * The note on units, once for the whole run (the entries' folds leave theirs out): shorter than a
 * single report's, since it stays visible below the folds.
 */
function runFootnote(run) {
    const version = (0,_escape_js__WEBPACK_IMPORTED_MODULE_1__/* .escapeMarkdown */ .FV)(run.tool.version, MAX_NAME);
    return `<sub>Sizes uncompressed (the layers unpacked) unless marked compressed (bytes pulled), in decimal units: 1 MB = 10<sup>6</sup> bytes. "≈", "(estimate)": gzip at the level \`docker push\` uses. image-size-budget ${version}</sub>`;
}
const NBSP = '\u00a0';
const ZWSP = '\u200b';
/**
 * Our own text (sizes, changes) with no break between a number and its unit, so a narrow phone
 * column wraps `🚨 +7.39 MB (+98.2%)` at its other spaces only.
 */
function keepTogether(text) {
    return text.replace(/(\d) (?=[kMGTP]?B\b)/gu, `$1${NBSP}`);
}
function plural(n, word) {
    return n === 1 ? word : `${word}s`;
}


/***/ }),

/***/ 3897:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c6: () => (/* binding */ resolveConfigPath)
/* harmony export */ });
/* unused harmony exports DEFAULT_CONFIG_PATH, CONFIG_INPUT */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8262);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var _constants_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4238);
/**
 * Which config file a run reads, apart from src/spec/config-file.ts so that a run without one
 * does not load the YAML parser and the schema validator.
 */



/** The config file used when the `config` input is empty and this file exists. */
const DEFAULT_CONFIG_PATH = '.github/image-size-budget.yml';
/** The input naming the config file (`Input.config`). */
const CONFIG_INPUT = _constants_js__WEBPACK_IMPORTED_MODULE_2__/* .Input */ .pd.config;
/**
 * Which config file to read: the `config` input (which must exist), else
 * {@link DEFAULT_CONFIG_PATH} under `workspace` when present, else none.
 *
 * @throws Error naming the `config` input when the file it names does not exist.
 */
function resolveConfigPath(input, workspace = '.') {
    const path = input.trim();
    if (path !== '') {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(path)) {
            throw new Error(`Input ${CONFIG_INPUT}: "${path}" does not exist. Set config to the config file's path, e.g. ${DEFAULT_CONFIG_PATH}.`);
        }
        return path;
    }
    const fallback = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(workspace, DEFAULT_CONFIG_PATH);
    return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(fallback) ? fallback : undefined;
}


/***/ }),

/***/ 3372:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GO: () => (/* binding */ imageSpecFromInputs),
/* harmony export */   Oe: () => (/* binding */ runSpecFromInputs),
/* harmony export */   qA: () => (/* binding */ parsePlatforms),
/* harmony export */   u8: () => (/* binding */ budgetsFor)
/* harmony export */ });
/* unused harmony export singleImageName */
/* harmony import */ var _image_platform_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8758);
/* harmony import */ var _publish_pull_request_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8868);


/**
 * The one-image spec of today's action inputs (no config file, no bake file): every field the
 * single-image pipeline reads from `Inputs` to build, measure and judge.
 *
 * @param finalStage the Dockerfile plan's final stage ref (`planDockerfile(...).target`); needed
 *   for the name only when neither `comment-key`, `image` nor `target` is set.
 * @throws Error (internal) when the name needs `finalStage` and it is missing.
 */
function runSpecFromInputs(inputs, finalStage) {
    return {
        images: [imageSpecFromInputs(singleImageName(inputs, finalStage), inputs)],
        compressed: inputs.compressed,
        minChange: inputs.minChange,
        failOnBudget: inputs.failOnBudget,
        keepImages: inputs.keepImages
    };
}
/**
 * The image-level fields of `inputs` as an {@link ImageSpec} named `name` (the config file and
 * the bake file parse each image's values into an `Inputs` the same way, then come here).
 *
 * @param platforms the image's platforms (normalised); `Inputs` has no `platforms` yet.
 * @param platformBudgets per-platform budgets over `inputs.budgets`.
 */
function imageSpecFromInputs(name, inputs, extra = {}) {
    const build = {
        context: inputs.context,
        file: inputs.file,
        target: inputs.target,
        buildArgs: { ...inputs.buildArgs },
        platforms: extra.platforms ?? [],
        tags: extra.tags ?? []
    };
    if (extra.bake)
        build.bake = extra.bake;
    const spec = {
        name,
        final: inputs.image === undefined ? { kind: 'build' } : { kind: 'image', ref: inputs.image },
        build,
        builder: inputs.builderImage !== undefined
            ? { kind: 'image', ref: inputs.builderImage }
            : inputs.builderTarget !== undefined
                ? { kind: 'stage', stage: inputs.builderTarget }
                : inputs.image !== undefined
                    ? { kind: 'none' }
                    : { kind: 'auto' },
        budgets: { ...inputs.budgets },
        platformBudgets: extra.platformBudgets ?? {}
    };
    if (inputs.baseline)
        spec.baseline = inputs.baseline;
    return spec;
}
/**
 * A single-image run's name: the comment key `commentKeyOf` (`src/publish/pull-request.ts`) gives
 * its report, computed from the inputs: `comment-key`, else for an existing `image` its
 * repository (tag and digest dropped), else `<file>:<final stage ref>`. The stage ref is the
 * plan's (`target` lower-cased, as stage names are matched in any case).
 *
 * @throws Error (internal) when the name needs `finalStage` (no `target`) and it is missing.
 */
function singleImageName(inputs, finalStage) {
    if (inputs.commentKey)
        return inputs.commentKey;
    if (inputs.image !== undefined)
        return (0,_publish_pull_request_js__WEBPACK_IMPORTED_MODULE_1__/* .imageRepository */ .an)(inputs.image);
    const stage = finalStage ?? inputs.target?.toLowerCase();
    if (stage === undefined) {
        throw new Error(`internal: the image's name is <file>:<final stage>, and ${inputs.file} has no target set: pass the plan's final stage`);
    }
    return `${inputs.file}:${stage}`;
}
/**
 * The budgets of one subject: the image's budgets with its per-platform budgets on top (a limit
 * set for the platform replaces the image's; others are kept).
 *
 * @param platform `os/arch[/variant]`; undefined (the engine's default platform) = the image's.
 */
function budgetsFor(image, platform) {
    const own = platform === undefined ? undefined : image.platformBudgets[platform];
    if (!own)
        return { ...image.budgets };
    const merged = { ...image.budgets };
    for (const [key, value] of Object.entries(own)) {
        if (value !== undefined)
            merged[key] = value;
    }
    return merged;
}
/**
 * Parses a platform list: a comma- or newline-separated string (`linux/amd64,linux/arm64`, as
 * the action input and `docker buildx build --platform` take it) or a list. Each is normalised
 * (`formatPlatform(parsePlatform(p))`); duplicates are dropped, order kept.
 *
 * @throws Error naming `inputName` and the value when a platform is not `os/arch[/variant]`.
 */
function parsePlatforms(value, inputName) {
    const items = typeof value === 'string' ? value.split(/[,\n]/) : value;
    const out = [];
    for (const item of items) {
        if (item.trim() === '')
            continue;
        let platform;
        try {
            platform = (0,_image_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .formatPlatform */ .Bq)((0,_image_platform_js__WEBPACK_IMPORTED_MODULE_0__/* .parsePlatform */ .FL)(item));
        }
        catch {
            throw new Error(`Input ${inputName}: "${item.trim()}" is not a platform. Expected OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm64/v8.`);
        }
        if (!out.includes(platform))
            out.push(platform);
    }
    return out;
}


/***/ }),

/***/ 4127:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C: () => (/* binding */ removeTempDir),
/* harmony export */   m: () => (/* binding */ makeTempDir)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8262);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/**
 * The temporary directories a run makes — `--iidfile` directories, Dockerfile copies, OCI
 * exports, bake override files, the base commit's worktree — made with {@link makeTempDir} and
 * removed with {@link removeTempDir}. Those still there when the process is interrupted (SIGINT
 * or SIGTERM: a cancelled workflow run, Ctrl-C) are removed before it exits, with the exit code a
 * shell reports for that signal (128 + its number: 130, 143).
 */




const live = new Set();
let handling = false;
/** Exit codes for the signals handled: 128 + the signal's number (POSIX shells). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
/** Removes every directory still registered, synchronously (in a signal handler). */
function removeAllNow() {
    for (const dir of live)
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
    live.clear();
}
/**
 * A new directory `<os.tmpdir()>/<prefix>XXXXXX`, removed on SIGINT/SIGTERM unless
 * {@link removeTempDir} removed it first. The first call installs the signal handlers.
 * @throws the error of `mkdtemp` (e.g. the temporary directory is not writable).
 */
async function makeTempDir(prefix) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), prefix));
    live.add(dir);
    if (!handling) {
        handling = true;
        for (const [signal, code] of Object.entries(SIGNAL_EXIT)) {
            process.once(signal, () => {
                removeAllNow();
                process.exit(code);
            });
        }
    }
    return dir;
}
/** Removes a directory {@link makeTempDir} made (and what is in it). Never throws for a missing one. */
async function removeTempDir(dir) {
    live.delete(dir);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
}


/***/ }),

/***/ 3052:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $V: () => (/* binding */ efficiencyOutput),
/* harmony export */   $x: () => (/* binding */ formatPercentagePoints),
/* harmony export */   DB: () => (/* binding */ parseSize),
/* harmony export */   FJ: () => (/* binding */ percentOutput),
/* harmony export */   LO: () => (/* binding */ parseRatio),
/* harmony export */   No: () => (/* binding */ ratioOutput),
/* harmony export */   Up: () => (/* binding */ formatBytesExact),
/* harmony export */   l9: () => (/* binding */ formatPercent),
/* harmony export */   mr: () => (/* binding */ plainDecimal),
/* harmony export */   qy: () => (/* binding */ SIZE_FORMS),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export RATIO_FORMS */
/**
 * Sizes and ratios at the edges: parsing what users write in inputs, formatting what people read.
 * Inside the action every size is an integer number of bytes.
 *
 * Units: `B`, `kB`/`KB`, `MB`, `GB` are powers of 1000 (as `docker image ls` prints them);
 * `KiB`, `MiB`, `GiB` are powers of 1024. Unit case is ignored; a space before it is optional.
 */
const UNITS = {
    b: 1,
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3
};
/** The accepted size forms, for error messages. */
const SIZE_FORMS = 'a byte count (31457280) or a number with a unit: B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. 30MB, 1.5 GiB';
/** The accepted ratio forms, for error messages. */
const RATIO_FORMS = 'a fraction above 0 and at most 1 (0.05) or a percentage above 0% and at most 100% (5%)';
const SIZE_PATTERN = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;
/**
 * Parses a size input into bytes.
 *
 * @param value what the user wrote, e.g. `31457280`, `30MB`, `1.5 GiB`, `512 kb`.
 * @param inputName the input's name, quoted in errors.
 * @returns an integer number of bytes ≥ 0 (fractions of a byte round to the nearest byte).
 * @throws Error naming `inputName` and {@link SIZE_FORMS} for anything else: negative numbers,
 *   exponents (`1e3`), unknown units (`30 XB`), a unit without a number (`MB`), fractional bytes
 *   without a unit (`1.5`).
 */
function parseSize(value, inputName) {
    const text = value.trim();
    const match = SIZE_PATTERN.exec(text);
    const unit = match?.[2]?.toLowerCase() ?? '';
    const multiplier = unit === '' ? 1 : UNITS[unit];
    const amount = match ? Number(match[1]) : NaN;
    if (!match || multiplier === undefined || (unit === '' && !Number.isInteger(amount))) {
        throw new Error(`Input ${inputName}: "${value}" is not a size. Expected ${SIZE_FORMS}.`);
    }
    const bytes = Math.round(amount * multiplier);
    if (!Number.isSafeInteger(bytes)) {
        throw new Error(`Input ${inputName}: "${value}" is too large. Expected ${SIZE_FORMS}.`);
    }
    return bytes;
}
/**
 * Parses a ratio input: `0.05` or `5%`.
 *
 * @returns a fraction in (0, 1].
 * @throws Error naming `inputName` and {@link RATIO_FORMS} for `0`, values above 1 or 100%,
 *   negative numbers, exponents and anything that is not a number.
 */
function parseRatio(value, inputName) {
    const text = value.trim();
    const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text);
    const ratio = match ? Number(match[1]) / (match[2] === '%' ? 100 : 1) : NaN;
    if (!(ratio > 0 && ratio <= 1)) {
        throw new Error(`Input ${inputName}: "${value}" is not a ratio. Expected ${RATIO_FORMS}.`);
    }
    return ratio;
}
const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
/**
 * Formats bytes for people with base-1000 units and 3 significant digits, the way the docker CLI
 * does (docker/go-units `size.go` `HumanSizeWithPrecision(size, 3)`), with a space before the
 * unit: `8.13 MB`, `460 MB`, `999 B`. Negative values keep their sign.
 */
function formatBytes(bytes) {
    const sign = bytes < 0 ? '-' : '';
    let value = Math.abs(bytes);
    let unit = 0;
    while (unit < DECIMAL_UNITS.length - 1 && Number(value.toPrecision(3)) >= 1000) {
        value /= 1000;
        unit++;
    }
    return `${sign}${Number(value.toPrecision(3))} ${DECIMAL_UNITS[unit]}`;
}
/** Formats bytes exactly with thousands separators: `31,204,112 bytes`. */
function formatBytesExact(bytes) {
    return `${bytes.toLocaleString('en-US')} ${Math.abs(bytes) === 1 ? 'byte' : 'bytes'}`;
}
/**
 * A number as a plain decimal, never in exponent form (`String(5.653e-8)` is `5.653e-8`; this
 * gives `0.00000005653`), rounded to `significantDigits` significant digits or to
 * `fractionDigits` decimals, whichever keeps more precision: (1234.5678, 4, 2) → `1234.57`,
 * (0.0133812, 4) → `0.01338`, (12345.6, 4) → `12346` (integer digits are never rounded away).
 * No thousands separators; trailing zeros dropped; `-0` prints `0`. NaN and ±Infinity print as
 * `String` prints them.
 *
 * @param significantDigits 1 to 21.
 * @param fractionDigits 0 to 100 (default 0).
 */
function plainDecimal(value, significantDigits, fractionDigits = 0) {
    if (!Number.isFinite(value))
        return String(value);
    return new Intl.NumberFormat('en-US', {
        maximumSignificantDigits: significantDigits,
        maximumFractionDigits: fractionDigits,
        roundingPriority: 'morePrecision',
        useGrouping: false
    }).format(value === 0 ? 0 : value);
}
/**
 * Formats a fraction as a percentage with 3 significant digits, as a plain decimal:
 * 0.013381 → `1.34%`, 5.653e-8 → `0.00000565%`.
 */
function formatPercent(fraction) {
    return `${plainDecimal(fraction * 100, 3)}%`;
}
/**
 * A difference of two fractions in percentage points, 3 significant digits: 0.1 → `10 percentage
 * points` (90% − 80%); 0.01 → `1 percentage point`.
 */
function formatPercentagePoints(fraction) {
    const points = plainDecimal(fraction * 100, 3);
    return `${points} ${points === '1' || points === '-1' ? 'percentage point' : 'percentage points'}`;
}
/**
 * A ratio as the `ratio` output writes it: a plain decimal with 4 significant digits, never in
 * exponent form: 0.0133812 → `0.01338`; a 26-byte image over a 460 MB builder → `0.00000005653`.
 */
function ratioOutput(ratio) {
    return plainDecimal(ratio, 4);
}
/** The `efficiency` output: a plain decimal with 10 significant digits, e.g. `0.9876543211`. */
function efficiencyOutput(efficiency) {
    return plainDecimal(efficiency, 10);
}
/**
 * A percentage output (`size-change-percent`): a plain decimal to 2 decimals or 4 significant
 * digits, whichever is more precise: 98.2345 → `98.23`, 26 bytes of 460 MB → `0.000005652`.
 */
function percentOutput(percent) {
    return plainDecimal(percent, 4, 2);
}


/***/ })

};
