/**
 * Image platforms (`os/architecture[/variant]`, OCI image-spec `image-index.md`): parse, print,
 * match, and the default — the runner's own platform. Pure apart from reading `process`.
 */
import { endianness } from 'node:os'

/** An OCI platform. Values use Go's names (`amd64`, `arm64`, `linux`). */
export interface Platform {
  os: string
  architecture: string
  variant?: string
}

/**
 * Parses `os/architecture[/variant]`, e.g. `linux/amd64`, `linux/arm64/v8`.
 * @throws Error naming `what` and the value when it has fewer than two or more than three parts.
 */
export function parsePlatform(value: string, what = 'platform'): Platform {
  const parts = value.trim().split('/')
  if (parts.length < 2 || parts.length > 3 || parts.some(p => p === '')) {
    throw new Error(
      `${what}: "${value}" is not a platform; expected OS/ARCH[/VARIANT], e.g. linux/amd64`
    )
  }
  const [os, architecture, variant] = parts as [string, string, string?]
  return variant === undefined ? { os, architecture } : { os, architecture, variant }
}

/** `os/architecture[/variant]`. */
export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`
}

/** Node's `process.arch` → Go's GOARCH (containerd `platforms` uses the same names). */
const ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle'
}

/**
 * The platform of the machine we run on, as an image for it would be labelled: `linux/amd64` on
 * a usual runner. macOS maps to `linux` (Docker Desktop runs Linux containers in a VM); Windows
 * to `windows`. 32-bit ARM carries its variant (`v7`) from Node's build configuration.
 */
export function runnerPlatform(): Platform {
  const os =
    process.platform === 'win32'
      ? 'windows'
      : process.platform === 'darwin'
        ? 'linux'
        : process.platform
  let architecture = ARCH[process.arch] ?? process.arch
  if (process.arch === 'ppc64') architecture = endianness() === 'LE' ? 'ppc64le' : 'ppc64'
  if (process.arch === 'arm') {
    const v = (process.config.variables as Record<string, unknown>)['arm_version']
    return {
      os,
      architecture,
      variant: `v${typeof v === 'string' || typeof v === 'number' ? v : 7}`
    }
  }
  return { os, architecture }
}

/** The variant an architecture has when none is written (containerd `platforms.Normalize`). */
function normalVariant(architecture: string, variant: string | undefined): string | undefined {
  if (variant === undefined || variant === '') {
    if (architecture === 'arm') return 'v7'
    return undefined
  }
  if (architecture === 'arm64' && variant === 'v8') return undefined
  if (architecture === 'amd64' && variant === 'v1') return undefined
  return variant
}

/**
 * True when an image labelled `have` serves a request for `want`: same OS and architecture, and,
 * when `want` names a variant, the same variant after containerd's normalisation (`arm64/v8` is
 * `arm64`, `arm` is `arm/v7`, `amd64/v1` is `amd64`).
 */
export function platformMatches(want: Platform, have: Platform): boolean {
  if (want.os !== have.os || want.architecture !== have.architecture) return false
  if (want.variant === undefined) return true
  return (
    normalVariant(want.architecture, want.variant) ===
    normalVariant(have.architecture, have.variant)
  )
}
