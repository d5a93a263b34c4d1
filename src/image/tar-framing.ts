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

const BLOCK = 512
/** tar-stream's own limit on one PAX or GNU long-name header (`extract.js` `MAX_HEADER_SIZE`). */
export const MAX_META_BYTES = 4 * 1024 * 1024

const TYPE_REG_A = 0x00 // '\0'
const TYPE_REG = 0x30 // '0'
const TYPE_DIR = 0x35 // '5'
const TYPE_PAX = 0x78 // 'x'
const TYPE_PAX_GLOBAL = 0x67 // 'g'
const TYPE_GNU_LONG_NAME = 0x4c // 'L'
const TYPE_GNU_LONG_LINK = 0x4b // 'K'
/** '1' hardlink … '6' FIFO: header-only types in Go's archive/tar. */
function isHeaderOnly(type: number): boolean {
  return type >= 0x31 && type <= 0x36
}
/** The type flags tar-stream decodes (`headers.js` `toType`); others come out as null. */
function tarStreamKnows(type: number): boolean {
  return (
    type === TYPE_REG_A ||
    (type >= 0x30 && type <= 0x37) ||
    type === TYPE_PAX ||
    type === TYPE_PAX_GLOBAL ||
    type === TYPE_GNU_LONG_NAME ||
    type === TYPE_GNU_LONG_LINK ||
    type === 0x4e // 'N', old GNU long name
  )
}

function padding(n: number): number {
  return (BLOCK - (n % BLOCK)) % BLOCK
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false
  return true
}

/** The header checksum as tar-stream checks it (unsigned, checksum field as spaces). */
function checksumMatches(block: Buffer): boolean {
  let sum = 8 * 0x20
  for (let i = 0; i < 148; i++) sum += block[i] ?? 0
  for (let i = 156; i < BLOCK; i++) sum += block[i] ?? 0
  const field = block
    .toString('latin1', 148, 156)
    .replace(/[\0 ]+/g, ' ')
    .trim()
  return /^[0-7]+$/.test(field) && Number.parseInt(field, 8) === sum
}

function fixChecksum(block: Buffer): void {
  block.fill(0x20, 148, 156)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += block[i] ?? 0
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1')
}

/** A C string field: up to its first NUL. */
function cString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start)
  return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end)
}

/** The header's own name, with the ustar prefix as tar-stream and Go join it. */
function blockName(block: Buffer): string {
  const name = cString(block, 0, 100)
  const ustar = block.toString('latin1', 257, 263) === 'ustar\0'
  if (ustar && block[345] !== 0) return `${cString(block, 345, 155)}/${name}`
  return name
}

/**
 * A numeric header field as Go's `parser.parseNumeric` reads it: base-256 when the first byte has
 * its high bit set (negative when the next bit is set too), else octal with spaces and NULs
 * trimmed. Returns undefined when Go would refuse it.
 */
function parseNumeric(field: Buffer): number | undefined {
  const first = field[0] ?? 0
  if (first & 0x80) {
    const negative = (first & 0x40) !== 0
    const inv = negative ? 0xff : 0
    let n = 0
    for (let i = 0; i < field.length; i++) {
      let b = (field[i] ?? 0) ^ inv
      if (i === 0) b &= 0x7f
      n = n * 256 + b
    }
    if (!Number.isSafeInteger(n)) return undefined
    return negative ? -n - 1 : n
  }
  const text = field.toString('latin1').replace(/^[ \0]+|[ \0]+$/g, '')
  if (text === '') return 0
  if (!/^[0-7]+$/.test(text)) return undefined
  const n = Number.parseInt(text, 8)
  return Number.isSafeInteger(n) ? n : undefined
}

/** One PAX record's key and value, and where the key starts in the header's data. */
interface PaxRecord {
  key: string
  value: string
  keyOffset: number
}

/** PAX records as Go's `parsePAXRecord` reads them ("%d %s=%s\n"); undefined when malformed. */
function parsePax(data: Buffer): PaxRecord[] | undefined {
  const records: PaxRecord[] = []
  let pos = 0
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos)
    if (space < 0) return undefined
    const lenText = data.toString('latin1', pos, space)
    if (!/^[0-9]+$/.test(lenText)) return undefined
    const len = Number.parseInt(lenText, 10)
    const end = pos + len
    if (len <= space - pos || end > data.length || data[end - 1] !== 0x0a) return undefined
    const eq = data.indexOf(0x3d, space + 1)
    if (eq < 0 || eq >= end - 1) return undefined
    records.push({
      key: data.toString('utf8', space + 1, eq),
      value: data.toString('utf8', eq + 1, end - 1),
      keyOffset: space + 1
    })
    pos = end
  }
  return records
}

/** A meta header (PAX, GNU long name or link) being collected, with its data. */
interface MetaHeader {
  type: number
  offset: number
  header: Buffer
  size: number
  chunks: Buffer[]
}

/**
 * Frames a tar stream fed to it chunk by chunk and returns, per chunk, the bytes tar-stream
 * should see. See the module comment for the rules.
 *
 * Errors (thrown by {@link feed}) name the byte offset: a zero block followed by a header, a size
 * field or PAX record Go's reader refuses, a negative data size, an entry whose data Go and
 * tar-stream would frame differently in a way no rewrite reconciles.
 */
export class TarFramer {
  /** Offset just past the end-of-archive marker, once seen. */
  endOffset: number | undefined
  /** True once the framer passes bytes through unjudged (tar-stream will report the error). */
  passThrough = false
  /** Bytes of the archive framed so far (header blocks, data, padding, zero blocks). */
  private offset = 0
  private partial: Buffer[] = []
  private partialBytes = 0
  /** Data and padding bytes of the current entry still to forward. */
  private dataLeft = 0
  /** Offset of a zero block not yet followed by a second one. */
  private zeroAt = -1
  private meta: MetaHeader | undefined
  private metaLeft = 0
  /** Completed meta headers of the next entry, held until its header shows what it is. */
  private held: Buffer[] = []
  private paxRecords: { data: Buffer; records: PaxRecord[] } | undefined
  private longName: string | undefined

  /**
   * Frames the next bytes of the stream.
   * @returns the bytes to hand to tar-stream, in order (possibly none; patched headers are copies)
   * @throws Error naming the byte offset where the archive breaks Go's rules (see the class).
   */
  feed(chunk: Buffer): Buffer[] {
    const out: Buffer[] = []
    let pos = 0
    while (pos < chunk.length) {
      if (this.passThrough) {
        out.push(pos === 0 ? chunk : chunk.subarray(pos))
        break
      }
      if (this.endOffset !== undefined) break // past the marker: drained, never parsed
      const available = chunk.length - pos
      if (this.dataLeft > 0) {
        const n = Math.min(this.dataLeft, available)
        out.push(chunk.subarray(pos, pos + n))
        pos += n
        this.offset += n
        this.dataLeft -= n
        continue
      }
      if (this.meta) {
        const n = Math.min(this.metaLeft, available)
        this.meta.chunks.push(chunk.subarray(pos, pos + n))
        pos += n
        this.offset += n
        this.metaLeft -= n
        if (this.metaLeft === 0) this.finishMeta()
        continue
      }
      const need = BLOCK - this.partialBytes
      if (available < need) {
        this.partial.push(chunk.subarray(pos))
        this.partialBytes += available
        break
      }
      const piece = chunk.subarray(pos, pos + need)
      pos += need
      const block = this.partialBytes === 0 ? piece : Buffer.concat([...this.partial, piece])
      this.partial = []
      this.partialBytes = 0
      this.header(block, out)
    }
    return out
  }

  /**
   * The stream ended: the bytes still held (a partial block, meta headers without their entry),
   * so that tar-stream sees a truncated archive as truncated.
   */
  finish(): Buffer[] {
    if (this.endOffset !== undefined || this.passThrough) return []
    const rest = [...this.held, ...(this.meta ? [this.meta.header, ...this.meta.chunks] : [])]
    rest.push(...this.partial)
    this.held = []
    this.meta = undefined
    this.partial = []
    return rest
  }

  private header(block: Buffer, out: Buffer[]): void {
    const at = this.offset
    this.offset += BLOCK
    if (isZeroBlock(block)) {
      if (this.zeroAt < 0) {
        this.zeroAt = at
        return
      }
      // The marker. Meta headers without an entry are dropped, as Go's reader ends there too.
      this.endOffset = this.offset
      this.held = []
      this.paxRecords = undefined
      return
    }
    if (this.zeroAt >= 0) {
      throw new Error(
        `a zero block at byte ${this.zeroAt} is followed by a header at byte ${at}: not an ` +
          `end-of-archive marker (two zero blocks), and Go's archive/tar refuses it`
      )
    }
    const type = block[156] ?? 0
    if (!checksumMatches(block) || !tarStreamKnows(type)) {
      this.passThroughFrom(block, out)
      return
    }
    const size = parseNumeric(block.subarray(124, 136))
    if (size === undefined) {
      throw new Error(`the tar header at byte ${at} has a size field Go's archive/tar refuses`)
    }
    if (
      type === TYPE_PAX ||
      type === TYPE_PAX_GLOBAL ||
      type === TYPE_GNU_LONG_NAME ||
      type === TYPE_GNU_LONG_LINK
    ) {
      if (size < 0) throw new Error(`the tar header at byte ${at} has a negative size`)
      if (size > MAX_META_BYTES) {
        this.passThroughFrom(block, out)
        return
      }
      this.meta = { type, offset: at, header: block, size, chunks: [] }
      this.metaLeft = size + padding(size)
      if (this.metaLeft === 0) this.finishMeta()
      return
    }
    this.entry(block, type, size, at, out)
  }

  /** A file, link, directory or device header: how many data bytes follow, and tar-stream agrees. */
  private entry(header: Buffer, type: number, size: number, at: number, out: Buffer[]): void {
    let block = header
    const paxSizeRecord = this.paxRecords?.records.findLast(r => r.key === 'size')
    let paxSize: number | undefined
    if (paxSizeRecord) {
      paxSize = /^-?[0-9]+$/.test(paxSizeRecord.value)
        ? Number.parseInt(paxSizeRecord.value, 10)
        : Number.NaN
      if (!Number.isSafeInteger(paxSize)) {
        throw new Error(
          `the PAX size record of the entry at byte ${at} (${JSON.stringify(paxSizeRecord.value)}) ` +
            `is not a number Go's archive/tar accepts`
        )
      }
    }
    const ownName = blockName(block)
    const paxPath = this.paxRecords?.records.findLast(r => r.key === 'path')?.value
    const name = this.longName ?? paxPath ?? ownName
    const dataSize = paxSize ?? size
    // Go: header-only types carry no data; a NUL type flag with a trailing `/` is a directory.
    const goDir = type === TYPE_REG_A && name.endsWith('/')
    const goData = isHeaderOnly(type) || goDir ? 0 : dataSize
    // tar-stream: only directories (type 5, or 0/NUL with the header's own name ending in `/`).
    const tsDir =
      type === TYPE_DIR || ((type === TYPE_REG_A || type === TYPE_REG) && ownName.endsWith('/'))
    const tsData = tsDir ? 0 : dataSize
    if (goData < 0) {
      throw new Error(`the tar entry at byte ${at} has a negative size (${goData})`)
    }
    // tar-stream must see size 0 wherever Go reads no data: it would read the data otherwise, and
    // even for a directory its entry body never ends when the size field is not 0.
    if (goData !== tsData || (goData === 0 && dataSize !== 0) || (goDir && !tsDir)) {
      if (goData !== 0) {
        throw new Error(
          `the tar entry "${name}" at byte ${at} is a regular file whose name ends in "/": ` +
            `its ${goData} data bytes cannot be read`
        )
      }
      block = Buffer.from(block)
      block.write('00000000000\0', 124, 'latin1')
      if (goDir && !tsDir) block[156] = TYPE_DIR
      fixChecksum(block)
      if (paxSizeRecord && this.paxRecords) renameKey(this.paxRecords.data, paxSizeRecord)
    }
    out.push(...this.held, block)
    this.held = []
    this.paxRecords = undefined
    this.longName = undefined
    this.dataLeft = goData + padding(goData)
  }

  private finishMeta(): void {
    const meta = this.meta
    if (!meta) return
    this.meta = undefined
    // A copy: its records may be renamed, and the source chunks may still be read elsewhere.
    const data = Buffer.concat(meta.chunks, meta.size + padding(meta.size))
    const content = data.subarray(0, meta.size)
    if (meta.type === TYPE_PAX || meta.type === TYPE_PAX_GLOBAL) {
      const records = parsePax(content)
      if (!records) {
        throw new Error(`the PAX header at byte ${meta.offset} has a malformed record`)
      }
      if (meta.type === TYPE_PAX) {
        // Go: the latest PAX header applies to the next entry, replacing any earlier one.
        this.paxRecords = { data: content, records }
      } else {
        for (const r of records) if (r.key === 'size') renameKey(content, r)
      }
    } else if (meta.type === TYPE_GNU_LONG_NAME) {
      const nul = content.indexOf(0)
      this.longName = content.toString('utf8', 0, nul < 0 ? content.length : nul)
    }
    this.held.push(meta.header, data)
  }

  private passThroughFrom(block: Buffer, out: Buffer[]): void {
    this.passThrough = true
    out.push(...this.held, block)
    this.held = []
  }
}

/** Renames a PAX `size` record in place (same length) so that tar-stream ignores it. */
function renameKey(data: Buffer, record: PaxRecord): void {
  data.write('SIZE', record.keyOffset, 'latin1')
}
