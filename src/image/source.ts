/**
 * Where an image is read from: the `image` / `builder-image` inputs in skopeo's transport syntax
 * (containers/image `transports/alltransports`), or a plain reference that names an image in the
 * local Docker engine — or, when the engine does not hold it, in its registry. Pure: parsing
 * only, no I/O.
 */

/**
 * An image to read.
 *
 * - `docker-daemon`: an image in the local engine, read through `docker save REF`. `explicit`
 *   when written `docker-daemon:REF`: then it is never looked for in a registry; a plain
 *   reference the engine does not hold is read from its registry instead (`resolveImageSource`).
 * - `docker`: an image in a registry (`docker://REF`, skopeo's syntax), read over the
 *   distribution API — manifest, config and layer blobs — without a copy in any engine.
 * - `docker-archive`: a file written by `docker save` (classic or OCI layout) or by
 *   `skopeo copy … docker-archive:`; `ref` picks one image of a multi-image archive by tag.
 * - `oci-archive`: a tar of an OCI image layout (`skopeo copy … oci-archive:`, `buildx --output
 *   type=oci`); `tag` picks a manifest by its `org.opencontainers.image.ref.name` annotation.
 * - `oci`: an OCI image layout directory; `tag` as for `oci-archive`.
 */
export type ImageSource =
  | { transport: 'docker-daemon'; ref: string; explicit?: true }
  | { transport: 'docker'; ref: string }
  | { transport: 'docker-archive'; path: string; ref?: string }
  | { transport: 'oci-archive'; path: string; tag?: string }
  | { transport: 'oci'; dir: string; tag?: string }

/** The transports {@link parseImageSource} accepts, with their syntax, for error messages. */
export const TRANSPORTS: readonly string[] = [
  'docker://REF',
  'docker-daemon:REF',
  'docker-archive:PATH[:REF]',
  'oci-archive:PATH[:TAG]',
  'oci:DIR[:TAG]'
]

/** skopeo transports this action cannot read; named so a user gets "not supported", not "bad". */
const UNSUPPORTED_TRANSPORTS = new Set(['dir', 'containers-storage', 'ostree', 'sif', 'tarball'])

// Docker's reference grammar, from distribution/reference `regexp.go`:
// reference := name [ ":" tag ] [ "@" digest ]; name := [domain "/"] path-component ["/" …].
const ALNUM = '[a-z0-9]+'
const SEPARATOR = '(?:[._]|__|[-]+)'
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])'
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`
const TAG = '[\\w][\\w.-]{0,127}'
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}'
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`
const REFERENCE_RE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`)
/** An image ID as the engine accepts it: `sha256:<64 hex>` (bare hex IDs match {@link NAME}). */
const IMAGE_ID_RE = /^sha256:[0-9a-f]{64}$/

/**
 * True when `value` is a reference the engine can look up: `name[:tag][@digest]` (Docker's
 * grammar, distribution/reference `regexp.go`, names up to 255 characters) or an image ID
 * (`sha256:<64 hex>`, or hex of an ID prefix, which the grammar already admits as a name).
 */
export function isImageReference(value: string): boolean {
  if (IMAGE_ID_RE.test(value)) return true
  if (!REFERENCE_RE.test(value)) return false
  const name = (value.split('@')[0] ?? '').replace(/:[\w][\w.-]{0,127}$/, '')
  return name.length <= 255
}

function expected(): string {
  return `expected an image reference (NAME[:TAG][@DIGEST] or sha256:ID) or one of ${TRANSPORTS.join(', ')}`
}

/** Splits `PATH[:SUFFIX]` at the first colon, as containers/image `SplitPathAndImage` does. */
function splitPath(rest: string): { path: string; suffix?: string } {
  const colon = rest.indexOf(':')
  if (colon < 0) return { path: rest }
  return { path: rest.slice(0, colon), suffix: rest.slice(colon + 1) }
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
export function parseImageSource(value: string, inputName: string): ImageSource {
  const v = value.trim()
  function fail(why: string): never {
    throw new Error(`${inputName}: "${value}" ${why}; ${expected()}`)
  }
  if (v === '') return fail('is empty')

  const prefix = /^([A-Za-z][A-Za-z0-9-]*):(.*)$/s.exec(v)
  const transport = prefix?.[1]
  const rest = prefix?.[2] ?? ''
  switch (transport) {
    case 'docker-daemon': {
      if (!isImageReference(rest))
        fail('does not name a valid image reference after docker-daemon:')
      return { transport, ref: rest, explicit: true }
    }
    case 'docker': {
      // `docker:dind` is an image named docker; the registry transport is `docker://`.
      if (!rest.startsWith('//')) break
      const ref = rest.slice(2)
      if (!isImageReference(ref) || IMAGE_ID_RE.test(ref))
        fail(
          'does not name a valid image reference after docker:// (expected [REGISTRY/]NAME[:TAG][@DIGEST])'
        )
      return { transport, ref }
    }
    case 'docker-archive': {
      const { path, suffix } = splitPath(rest)
      if (path === '') fail('has no archive path after docker-archive:')
      if (suffix === undefined) return { transport, path }
      if (!isImageReference(suffix))
        fail(`has an invalid image reference "${suffix}" after the path`)
      return { transport, path, ref: suffix }
    }
    case 'oci-archive':
    case 'oci': {
      const { path, suffix } = splitPath(rest)
      if (path === '')
        fail(`has no ${transport === 'oci' ? 'directory' : 'archive path'} after ${transport}:`)
      if (suffix !== undefined && suffix === '') fail('has an empty tag after the path')
      if (transport === 'oci')
        return suffix === undefined
          ? { transport, dir: path }
          : { transport, dir: path, tag: suffix }
      return suffix === undefined ? { transport, path } : { transport, path, tag: suffix }
    }
  }
  if (isImageReference(v)) return { transport: 'docker-daemon', ref: v }
  if (transport !== undefined && UNSUPPORTED_TRANSPORTS.has(transport)) {
    return fail(`uses the transport "${transport}:", which this action does not read`)
  }
  if (transport !== undefined) {
    return fail(`uses an unknown transport "${transport}:" and is not a valid image reference`)
  }
  return fail('is not a valid image reference')
}

/** How a source reads in messages: `transport:location[:tag]`, or the plain daemon reference. */
export function describeSource(source: ImageSource): string {
  switch (source.transport) {
    case 'docker-daemon':
      return source.ref
    case 'docker':
      return `docker://${source.ref}`
    case 'docker-archive':
      return `docker-archive:${source.path}${source.ref ? `:${source.ref}` : ''}`
    case 'oci-archive':
      return `oci-archive:${source.path}${source.tag ? `:${source.tag}` : ''}`
    case 'oci':
      return `oci:${source.dir}${source.tag ? `:${source.tag}` : ''}`
  }
}
