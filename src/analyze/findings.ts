/**
 * Findings with fixes on the final image alone: what a change to the Dockerfile would save, which
 * line to change and how. Pure: works on the image's {@link FileIndex}.
 *
 * Rules (stable ids) and the bytes each finding counts:
 * - `package-cache`: files of a package manager's cache (apt lists and archives, apk, dnf/yum,
 *   pip, npm, yarn, go-build, Go modules, Maven, Gradle) present in the final filesystem, per cache
 *   and per layer that wrote them; bytes = their surviving bytes (each inode once).
 * - `build-toolchain` (only when the Dockerfile has a builder stage): a compiler or SDK (Go,
 *   GCC, a JDK, Rust, the .NET SDK) in the final filesystem; bytes = the surviving bytes under its
 *   directories, minus those a `package-cache` finding already counts.
 * - `duplicate-content`: regular files of at least {@link DUPLICATE_MIN_SIZE} bytes with the same
 *   SHA-256 at several paths (hardlinks of one inode are one copy); bytes = (copies − 1) × size,
 *   where copies already counted by the two rules above do not count (keeping one copy).
 * - `readded-file`: a later layer wrote a path again with the same content (only mode, owner or
 *   time changed); bytes = the earlier copy's bytes, which the layers store for nothing.
 * - `deleted-later`: bytes a layer wrote and a later layer removed; per pair of layers; bytes = the
 *   removed copies' bytes.
 * So the first three count bytes of the final filesystem, each path at most once, and the last two
 * count copies that do not survive (part of the waste analysis's removable bytes), each copy once:
 * the findings' bytes add up without double counting, and their sum is what `max-findings-size`
 * gates on.
 *
 * Findings only name layers the Dockerfile added (`firstOwnLayer` on), except `build-toolchain`,
 * which a base image of the final stage can bring (its fix is the same). Findings below `minBytes`
 * are dropped; `paths` lists at most {@link MAX_PATHS} paths, largest first.
 */
import type { FileIndex, IndexedFile } from './file-index.ts'
import type { ChangeSource } from './file-changes.ts'

/** The stable ids of the rules. */
export type FindingRule =
  'package-cache' | 'readded-file' | 'deleted-later' | 'duplicate-content' | 'build-toolchain'

/** One finding. `bytes` is what the fix would save. Paths start with `/`. */
export interface Finding {
  rule: FindingRule
  bytes: number
  paths: string[]
  source?: ChangeSource
  /** One sentence for people (plain text; renderers escape it). */
  message: string
  /** One line: how to fix it (plain text). */
  fix: string
}

/** Options of {@link findFindings}. */
export interface FindingOptions {
  /** The Dockerfile line of a layer (0-based index), when known. */
  sourceOf?: (layer: number) => ChangeSource | undefined
  /** Layers below this index come from the final stage's base image (default 0). */
  firstOwnLayer?: number
  /** The final stage's FROM line: the source of a toolchain the base image brings. */
  fromSource?: ChangeSource
  /** True when the Dockerfile has a builder stage the final stage copies from. */
  hasBuilderStage?: boolean
  /** Findings that would save fewer bytes are dropped (default 1,000). */
  minBytes?: number
}

/** Duplicate files smaller than this are not reported (bytes). */
export const DUPLICATE_MIN_SIZE = 64_000
/** At most this many paths per finding. */
export const MAX_PATHS = 10
/** At most this many findings of one rule (the largest). */
export const MAX_FINDINGS_PER_RULE = 10

interface Cache {
  id: string
  label: string
  pattern: RegExp
  /** The path to clean, for the fix. */
  clean: string
}

const HOME = '(?:root|home/[^/]+)'
const CACHES: Cache[] = [
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
    pattern: new RegExp(
      `^(?:usr/local/share/\\.cache/yarn|${HOME}/\\.cache/yarn|${HOME}/\\.yarn/berry/cache)/`
    ),
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
]

/** Which cache a normalised path belongs to, if any. */
export function cacheOf(path: string): Cache | undefined {
  if (!CACHE_PREFIXES.some(p => path.startsWith(p))) return undefined
  if (path.endsWith('/lock') || path.endsWith('.lock')) return undefined
  return CACHES.find(c => c.pattern.test(path))
}

/** Every cache path starts with one of these (a cheap test before the patterns). */
const CACHE_PREFIXES = ['var/', 'etc/apk/', 'root/', 'home/', 'usr/local/share/', 'go/']

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
export function toolchains(
  files: Map<string, IndexedFile>,
  dirs: ReadonlySet<string> = new Set()
): { label: string; roots: string[] }[] {
  const found = new Map<string, Set<string>>()
  const add = (label: string, root: string): void => {
    const s = found.get(label) ?? new Set()
    s.add(root)
    found.set(label, s)
  }
  const goRoots = new Set<string>()
  for (const path of files.keys()) {
    const at = path.lastIndexOf('/pkg/tool/')
    if (at > 0) goRoots.add(path.slice(0, at))
  }
  for (const path of files.keys()) {
    // Every marker is under a bin/ directory or a .NET SDK (a cheap test before the patterns).
    if (!path.includes('/bin/') && !path.includes('dotnet/sdk/')) continue
    let m: RegExpExecArray | null
    if ((m = /^(.+)\/bin\/go$/.exec(path)) && m[1] !== undefined && goRoots.has(m[1]))
      add('Go toolchain', m[1])
    else if ((m = /^(.+)\/bin\/javac$/.exec(path)) && m[1] !== undefined) add('JDK', m[1])
    else if (
      (m = /^(.+)\/(?:toolchains\/[^/]+\/)?bin\/(?:rustc|cargo)$/.exec(path)) &&
      m[1] !== undefined
    ) {
      add('Rust toolchain', m[1])
    } else if (/^usr\/bin\/(?:gcc|cc|g\+\+|c\+\+)(?:-\d+)?$/.test(path)) {
      add('GCC', 'usr/lib/gcc')
      add('GCC', 'usr/libexec/gcc')
    } else if ((m = /^(.*dotnet\/sdk)\/[^/]+\//.exec(path)) && m[1] !== undefined)
      add('.NET SDK', m[1])
  }
  for (const roots of found.values()) {
    for (const [path, f] of files) {
      if (f.type !== 'symlink' || f.linkTarget === undefined || !underRoot(roots)(path)) continue
      const target = resolveLink(path, f.linkTarget)
      if (
        target !== undefined &&
        dirs.has(target) &&
        target.split('/').length >= LINKED_ROOT_MIN_DEPTH &&
        !underRoot(roots)(target) &&
        ![...roots].some(r => r.startsWith(`${target}/`))
      )
        roots.add(target)
    }
  }
  return [...found].map(([label, roots]) => ({ label, roots: [...roots].sort() }))
}

/** Linked toolchain directories shallower than this many path components are not followed. */
export const LINKED_ROOT_MIN_DEPTH = 3

/** A test of whether a path is one of `roots` or below one. */
function underRoot(roots: Iterable<string>): (path: string) => boolean {
  const list = [...roots]
  const prefixes = list.map(r => `${r}/`)
  return path => {
    for (let i = 0; i < list.length; i++) {
      if (path.startsWith(prefixes[i] as string) || path === list[i]) return true
    }
    return false
  }
}

/**
 * The normalised path (no leading `/`) a symlink at normalised `path` points to, resolved
 * lexically (`.` and `..` folded, as far as the root); undefined for an empty target.
 */
export function resolveLink(path: string, target: string): string | undefined {
  if (target === '') return undefined
  const parts = target.startsWith('/') ? [] : path.split('/').slice(0, -1)
  for (const part of target.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return parts.join('/')
}

/**
 * Finds what a Dockerfile change would save in an image (see the module docs for rules and bytes).
 * @returns findings, largest `bytes` first.
 */
export function findFindings(index: FileIndex, opts: FindingOptions = {}): Finding[] {
  const own = opts.firstOwnLayer ?? 0
  const minBytes = opts.minBytes ?? 1000
  const src = (layer: number): ChangeSource | undefined => opts.sourceOf?.(layer)
  const findings: Finding[] = []
  const claimed = new Set<string>()

  // package-cache
  const caches = new Map<
    string,
    { cache: Cache; layer: number; bytes: number; paths: [string, number][] }
  >()
  for (const [path, f] of index.files) {
    const cache = cacheOf(path)
    if (!cache) continue
    claimed.add(path)
    if (f.layer < own) continue
    const key = `${cache.id}@${f.layer}`
    const g = caches.get(key) ?? { cache, layer: f.layer, bytes: 0, paths: [] }
    g.bytes += f.size
    g.paths.push([path, f.size])
    caches.set(key, g)
  }
  for (const g of caches.values()) {
    findings.push({
      rule: 'package-cache',
      bytes: g.bytes,
      paths: topPaths(g.paths),
      ...withSource(src(g.layer)),
      message: `${g.cache.label} left in the image: ${g.paths.length} ${plural(g.paths.length, 'file')}`,
      fix: `Remove ${g.cache.clean} in the same RUN that fills it, or use RUN --mount=type=cache,target=${g.cache.clean}`
    })
  }

  // build-toolchain
  if (opts.hasBuilderStage) {
    for (const tc of toolchains(index.files, index.dirs)) {
      const paths: [string, number][] = []
      const perLayer = new Map<number, number>()
      const inRoots = underRoot(tc.roots)
      let bytes = 0
      for (const [path, f] of index.files) {
        if (!inRoots(path) && !isGccBinary(tc.label, path)) continue
        if (claimed.has(path)) continue
        claimed.add(path)
        bytes += f.size
        paths.push([path, f.size])
        perLayer.set(f.layer, (perLayer.get(f.layer) ?? 0) + f.size)
      }
      const layer = argmax(perLayer)
      const source = layer === undefined ? undefined : layer < own ? opts.fromSource : src(layer)
      findings.push({
        rule: 'build-toolchain',
        bytes,
        paths: tc.roots.map(r => `/${r}/`).slice(0, MAX_PATHS),
        ...withSource(source),
        message: `${tc.label} in the final image (${paths.length} ${plural(paths.length, 'file')}) although the Dockerfile has a builder stage`,
        fix: 'Build in the builder stage and COPY --from it only the artifacts into a runtime base image'
      })
    }
  }

  // duplicate-content
  const byHash = new Map<
    string,
    { size: number; inodes: Map<number, { path: string; layer: number; claimed: boolean }> }
  >()
  for (const [path, f] of index.files) {
    if (f.type !== 'file' || f.sha256 === undefined || f.size < DUPLICATE_MIN_SIZE) continue
    const g = byHash.get(f.sha256) ?? { size: f.size, inodes: new Map() }
    const prev = g.inodes.get(f.inode)
    if (!prev) g.inodes.set(f.inode, { path, layer: f.layer, claimed: claimed.has(path) })
    byHash.set(f.sha256, g)
  }
  const dupes: Finding[] = []
  for (const g of byHash.values()) {
    const copies = [...g.inodes.values()]
    if (copies.length < 2) continue
    const unclaimed = copies.filter(c => !c.claimed)
    // Claimed copies go with another finding's fix; of the others one must stay.
    const savable = Math.max(unclaimed.length - 1, 0)
    if (savable <= 0) continue
    const latest = copies.reduce((a, b) => (b.layer > a.layer ? b : a))
    if (latest.layer < own) continue
    for (const c of unclaimed) claimed.add(c.path)
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
    })
  }
  findings.push(...dupes)

  // readded-file
  const readded = new Map<
    string,
    { layer: number; by: number; bytes: number; paths: [string, number][]; changed: Set<string> }
  >()
  for (const r of index.rewritten) {
    if (!r.sameContent || r.size === 0 || r.by < own) continue
    const key = `${r.layer}>${r.by}`
    const g = readded.get(key) ?? {
      layer: r.layer,
      by: r.by,
      bytes: 0,
      paths: [],
      changed: new Set<string>()
    }
    g.bytes += r.size
    g.paths.push([r.path, r.size])
    for (const c of r.changed) g.changed.add(c)
    readded.set(key, g)
  }
  for (const g of readded.values()) {
    const what = g.changed.size > 0 ? [...g.changed].sort().join(', ') : 'nothing'
    const first = src(g.layer)
    findings.push({
      rule: 'readded-file',
      bytes: g.bytes,
      paths: topPaths(g.paths),
      ...withSource(src(g.by)),
      message: `${g.paths.length} ${plural(g.paths.length, 'file')} written again with the same content (changed: ${what})${first ? `, first written by line ${first.line}` : ''}: the image stores ${g.paths.length === 1 ? 'it' : 'them'} twice`,
      fix: 'Set mode and owner where the file is copied (COPY --chmod=… --chown=…), or change them in the builder stage'
    })
  }

  // deleted-later
  const deleted = new Map<
    string,
    { layer: number; by: number; bytes: number; paths: [string, number][] }
  >()
  for (const r of index.removed) {
    if (r.size === 0 || r.layer < own) continue
    const key = `${r.layer}>${r.removedBy}`
    const g = deleted.get(key) ?? { layer: r.layer, by: r.removedBy, bytes: 0, paths: [] }
    g.bytes += r.size
    g.paths.push([r.path, r.size])
    deleted.set(key, g)
  }
  for (const g of deleted.values()) {
    const by = src(g.by)
    findings.push({
      rule: 'deleted-later',
      bytes: g.bytes,
      paths: topPaths(g.paths),
      ...withSource(src(g.layer)),
      message: `${g.paths.length} ${plural(g.paths.length, 'file')} written here ${by ? `and deleted by line ${by.line}` : 'and deleted by a later layer'}: the layer still stores ${g.paths.length === 1 ? 'it' : 'them'}`,
      fix: 'Delete them in the same RUN that creates them, or create them in a build stage'
    })
  }

  // Largest first; at most MAX_FINDINGS_PER_RULE per rule.
  const perRule = new Map<string, number>()
  return findings
    .filter(f => f.bytes >= minBytes)
    .sort((a, b) => b.bytes - a.bytes || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))
    .filter(f => {
      const n = (perRule.get(f.rule) ?? 0) + 1
      perRule.set(f.rule, n)
      return n <= MAX_FINDINGS_PER_RULE
    })
}

/** Σ bytes over findings: what `max-findings-size` compares with its limit. */
export function findingsBytes(findings: Finding[]): number {
  return findings.reduce((sum, f) => sum + f.bytes, 0)
}

function isGccBinary(label: string, path: string): boolean {
  return (
    label === 'GCC' &&
    /^usr\/bin\/(?:[a-z0-9_]+-linux-gnu-)?(?:gcc|cc|g\+\+|c\+\+|cpp)(?:-\d+)?$/.test(path)
  )
}

function topPaths(paths: [string, number][]): string[] {
  return paths
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_PATHS)
    .map(p => `/${p[0]}`)
}

function argmax(m: Map<number, number>): number | undefined {
  let best: number | undefined
  let bestBytes = -1
  for (const [k, v] of m) {
    if (v > bestBytes) {
      best = k
      bestBytes = v
    }
  }
  return best
}

function withSource(source: ChangeSource | undefined): { source?: ChangeSource } {
  return source ? { source } : {}
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`
}
