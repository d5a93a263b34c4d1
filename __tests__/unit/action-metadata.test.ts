/**
 * action.yml against the rules GitHub Marketplace applies when a release is published (they are
 * invisible until then): a description under 125 characters ("Description must be less than
 * 125 characters"), a real author, branding with an icon and one of the allowed colours (GitHub
 * docs, "Metadata syntax for GitHub Actions", `branding`), and a runtime GitHub runs.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, test } from 'node:test'
import { parse } from 'yaml'

const ACTION_YML = new URL('../../action.yml', import.meta.url)

interface ActionMetadata {
  name?: unknown
  description?: unknown
  author?: unknown
  branding?: { icon?: unknown; color?: unknown }
  inputs?: Record<string, { description?: unknown }>
  outputs?: Record<string, { description?: unknown }>
  runs?: { using?: unknown; main?: unknown }
}

async function metadata(): Promise<ActionMetadata> {
  return parse(await readFile(ACTION_YML, 'utf8')) as ActionMetadata
}

const BRANDING_COLORS = [
  'white',
  'black',
  'yellow',
  'blue',
  'green',
  'orange',
  'red',
  'purple',
  'gray-dark'
]

describe('action.yml for GitHub Marketplace', () => {
  test('the description is under 125 characters', async () => {
    const { description } = await metadata()
    assert.equal(typeof description, 'string')
    const text = description as string
    assert.ok(text.trim().length > 0, 'a description')
    assert.ok(text.length < 125, `${text.length} characters: "${text}"`)
  })

  test('the author is a real value, not a placeholder', async () => {
    const { author, name } = await metadata()
    assert.equal(typeof author, 'string')
    const text = (author as string).trim()
    assert.ok(text.length > 0)
    // The old placeholder was the bare package name.
    assert.notEqual(text, 'image-size-budget')
    assert.notEqual(text, name)
    assert.doesNotMatch(text, /<|>|todo|placeholder|your[- ]name|example/i)
  })

  test('branding names an icon and an allowed colour', async () => {
    const { branding } = await metadata()
    assert.equal(typeof branding?.icon, 'string')
    assert.ok(BRANDING_COLORS.includes(branding?.color as string), String(branding?.color))
  })

  test('every input and output is described; the action runs on node24 from dist/', async () => {
    const meta = await metadata()
    for (const [kind, entries] of [
      ['input', meta.inputs],
      ['output', meta.outputs]
    ] as const) {
      assert.ok(entries && Object.keys(entries).length > 0, `${kind}s declared`)
      for (const [key, entry] of Object.entries(entries)) {
        assert.equal(typeof entry?.description, 'string', `${kind} ${key} has a description`)
      }
    }
    assert.equal(meta.runs?.using, 'node24')
    assert.equal(meta.runs?.main, 'dist/index.js')
  })
})
