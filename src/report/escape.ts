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

const ZWJ = '\u200d'
const ZWSP = '\u200b'

/** Characters that become numeric character references. */
const REFERENCES: Record<string, string> = {
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
}

// Line breaks, tabs, C0/C1 controls, Unicode line/paragraph separators, and the bidi controls
// that could reorder what a reader sees.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g

/**
 * Shortens `text` to at most `max` code points, keeping its start and its end around a `…`
 * (a path keeps its file name). `max` below 5 keeps only the start.
 */
export function shorten(text: string, max: number): string {
  const points = Array.from(text)
  if (points.length <= max) return text
  if (max < 5) return points.slice(0, Math.max(0, max - 1)).join('') + '…'
  const tail = Math.floor((max - 1) / 3)
  const head = max - 1 - tail
  return points.slice(0, head).join('') + '…' + points.slice(points.length - tail).join('')
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
export function escapeMarkdown(text: string, maxChars?: number): string {
  let out = text.replace(CONTROL, ' ')
  if (maxChars !== undefined) out = shorten(out, maxChars)
  // Joiners first: the references added last carry a `#` that must stay intact.
  // `@` after a letter or digit (`app@sha256:…`, `user@host`) starts no mention: left intact so
  // digests copy cleanly; `#` always gets one (`owner/repo#1` is a reference).
  out = out.replace(/(?<![A-Za-z0-9])[@＠]|#/g, c => c + ZWJ)
  out = out.replace(/:\/\//g, `:${ZWSP}//`)
  out = out.replace(/\bwww\./gi, m => `${m.slice(0, 3)}${ZWSP}.`)
  out = out.replace(/[&<>"'|\\`*_[\]()~$!{}]/g, c => REFERENCES[c] ?? c)
  return out
}

/** Untrusted text as inline monospace: `<code>` around {@link escapeMarkdown}. */
export function codeText(text: string, maxChars?: number): string {
  if (text === '') return ''
  return `<code>${escapeMarkdown(text, maxChars)}</code>`
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
export function commentMarker(key: string): string {
  if (key === '') throw new Error('comment-key: expected a non-empty key, got an empty string')
  const encoded = key
    .replace(/[^A-Za-z0-9._~/:+,=@-]/gu, c =>
      Array.from(Buffer.from(c, 'utf8'))
        .map(b => '%' + b.toString(16).toUpperCase().padStart(2, '0'))
        .join('')
    )
    .replace(/-(?=-)/g, '%2D')
  return `<!-- image-size-budget:${encoded} -->`
}
