/**
 * OS packages of an image, read from the package databases its layers wrote, and the package
 * diff against a baseline. Pure.
 *
 * - dpkg: `/var/lib/dpkg/status` (deb822 paragraphs; see `man dpkg-query` and Debian Policy
 *   §5.6.20 `Installed-Size`, an estimate in KiB = 1024 bytes). Only paragraphs whose `Status` is
 *   `install ok installed` count; packages of several architectures are told apart by `name:arch`.
 * - apk: `/lib/apk/db/installed` (blank-line separated records of `X:value` lines; `P` name, `V`
 *   version, `I` installed size in bytes; see the apk-tools `apk-spec` "Installed Database").
 *
 * Attribution: the package index records every version of a database file the layers wrote
 * ({@link FileIndex.databases}); a package is attributed to the first layer whose database holds
 * it at its final version (for a removed package: the layer whose database first lacks it, else
 * the layer that last wrote the database).
 */
import type { FileIndex } from './file-index.ts'
import type { ChangeSource } from './file-changes.ts'

/** One installed package. `size` is bytes (dpkg's KiB × 1024). */
export interface InstalledPackage {
  manager: 'dpkg' | 'apk'
  name: string
  version: string
  size: number
}

/** One package added, removed or at another version. Sizes are bytes. */
export interface PackageChange {
  manager: 'dpkg' | 'apk'
  name: string
  kind: 'added' | 'removed' | 'changed'
  beforeVersion?: string
  afterVersion?: string
  before?: number
  after?: number
  /** after − before installed size, bytes. */
  change: number
  source?: ChangeSource
}

/**
 * Parses a dpkg status file.
 * @returns the installed packages (`Status: install ok installed`), named `name` or, when the file
 *   holds one name for several architectures, `name:arch`.
 */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const raw: { name: string; arch: string; version: string; size: number }[] = []
  for (const para of paragraphs(text)) {
    const fields = new Map<string, string>()
    let last: string | undefined
    for (const line of para) {
      if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) continue
      const colon = line.indexOf(':')
      if (colon <= 0) continue
      last = line.slice(0, colon).toLowerCase()
      fields.set(last, line.slice(colon + 1).trim())
    }
    const name = fields.get('package')
    if (!name || fields.get('status') !== 'install ok installed') continue
    const kib = Number.parseInt(fields.get('installed-size') ?? '0', 10)
    raw.push({
      name,
      arch: fields.get('architecture') ?? '',
      version: fields.get('version') ?? '',
      size: Number.isFinite(kib) && kib > 0 ? kib * 1024 : 0
    })
  }
  const archs = new Map<string, number>()
  for (const p of raw) archs.set(p.name, (archs.get(p.name) ?? 0) + 1)
  return raw.map(p => ({
    manager: 'dpkg' as const,
    name: (archs.get(p.name) ?? 0) > 1 ? `${p.name}:${p.arch}` : p.name,
    version: p.version,
    size: p.size
  }))
}

/** Parses an apk installed database (`P:`, `V:`, `I:` of each record). */
export function parseApkInstalled(text: string): InstalledPackage[] {
  const out: InstalledPackage[] = []
  for (const para of paragraphs(text)) {
    let name = ''
    let version = ''
    let size = 0
    for (const line of para) {
      if (line.length < 2 || line[1] !== ':') continue
      const value = line.slice(2)
      if (line[0] === 'P') name = value
      else if (line[0] === 'V') version = value
      else if (line[0] === 'I') {
        const n = Number.parseInt(value, 10)
        size = Number.isFinite(n) && n > 0 ? n : 0
      }
    }
    if (name) out.push({ manager: 'apk', name, version, size })
  }
  return out
}

function paragraphs(text: string): string[][] {
  const out: string[][] = []
  let cur: string[] = []
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (cur.length > 0) out.push(cur)
      cur = []
    } else cur.push(line)
  }
  if (cur.length > 0) out.push(cur)
  return out
}

function parseDatabase(path: string, text: string): InstalledPackage[] {
  return path.endsWith('dpkg/status') ? parseDpkgStatus(text) : parseApkInstalled(text)
}

/** The packages of an image, with the layer each was attributed to (see the module docs). */
export interface ImagePackages {
  packages: (InstalledPackage & { layer?: number })[]
  /** Packages a layer removed: key `manager/name` → the layer whose database first lacked it. */
  removedBy: Map<string, number>
  /** Per manager, the layer that last wrote its database (a package the image never had). */
  databaseLayer: Map<string, number>
}

const keyOf = (p: { manager: string; name: string }): string => `${p.manager}/${p.name}`

/**
 * The installed packages of an image from its index's database versions (the last version of
 * each database file), each attributed to the layer where it first appears at its final version.
 * A database that was over the size cap in some layer is skipped for that layer.
 */
export function imagePackages(index: FileIndex): ImagePackages {
  const current = new Map<string, InstalledPackage & { layer: number }>()
  const removedBy = new Map<string, number>()
  const perDb = new Map<string, Set<string>>()
  for (const db of index.databases) {
    // Over the cap: nothing is known about this version; keep the previous state.
    if (db.text === undefined && !db.removed) continue
    const pkgs = db.text === undefined ? [] : parseDatabase(db.path, db.text)
    const seen = new Set<string>()
    for (const p of pkgs) {
      const key = keyOf(p)
      seen.add(key)
      const prev = current.get(key)
      if (!prev || prev.version !== p.version) current.set(key, { ...p, layer: db.layer })
      else current.set(key, { ...p, layer: prev.layer })
      removedBy.delete(key)
    }
    for (const key of perDb.get(db.path) ?? []) {
      if (!seen.has(key)) {
        current.delete(key)
        removedBy.set(key, db.layer)
      }
    }
    perDb.set(db.path, seen)
  }
  const databaseLayer = new Map<string, number>()
  for (const db of index.databases) {
    databaseLayer.set(db.path.endsWith('dpkg/status') ? 'dpkg' : 'apk', db.layer)
  }
  return { packages: [...current.values()], removedBy, databaseLayer }
}

/**
 * Diffs the baseline's packages against the image's.
 * @param before the baseline's packages (from its index or a report).
 * @param after the image's packages with layers.
 * @param sourceOf the Dockerfile line of a layer of the image.
 * @returns changes, largest |change| first (then by name).
 */
export function diffPackages(
  before: InstalledPackage[],
  after: ImagePackages,
  sourceOf?: (layer: number) => ChangeSource | undefined
): PackageChange[] {
  const was = new Map(before.map(p => [keyOf(p), p]))
  const out: PackageChange[] = []
  const withSource = (c: PackageChange, layer: number | undefined): PackageChange => {
    const source = layer !== undefined ? sourceOf?.(layer) : undefined
    return source ? { ...c, source } : c
  }
  const now = new Set<string>()
  for (const p of after.packages) {
    const key = keyOf(p)
    now.add(key)
    const b = was.get(key)
    if (!b) {
      out.push(
        withSource(
          {
            manager: p.manager,
            name: p.name,
            kind: 'added',
            afterVersion: p.version,
            before: 0,
            after: p.size,
            change: p.size
          },
          p.layer
        )
      )
    } else if (b.version !== p.version) {
      out.push(
        withSource(
          {
            manager: p.manager,
            name: p.name,
            kind: 'changed',
            beforeVersion: b.version,
            afterVersion: p.version,
            before: b.size,
            after: p.size,
            change: p.size - b.size
          },
          p.layer
        )
      )
    }
  }
  for (const [key, b] of was) {
    if (now.has(key)) continue
    out.push(
      withSource(
        {
          manager: b.manager,
          name: b.name,
          kind: 'removed',
          beforeVersion: b.version,
          before: b.size,
          after: 0,
          change: -b.size
        },
        after.removedBy.get(key) ?? after.databaseLayer.get(b.manager)
      )
    )
  }
  out.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.name < b.name ? -1 : 1))
  return out
}
