/**
 * `docker image history` → the layer table (`src/engine/history.ts`): which entries made layers
 * when some layers are 0 bytes, and when that cannot be told.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  type EngineHistoryEntry,
  layersFromHistory,
  parseEngineHistory
} from '../../src/engine/history.ts'

/** The example's builder as the 20.10 CLI printed it (newest first). */
const EXAMPLE = [
  '{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-12-02T04:40:37Z","CreatedBy":"RUN /bin/sh -c go build -o /out/go-web . # buildkit","CreatedSince":"2026-12-02T04:40:37Z","ID":"sha256:b44d3bcca2a44ff60ad5db9c461ad33e850e4cb30091e264cf94c1029e27dab9","Size":"66819089"}',
  '{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-12-02T04:39:35Z","CreatedBy":"COPY main.go ./ # buildkit","CreatedSince":"2026-12-02T04:39:35Z","ID":"\\u003cmissing\\u003e","Size":"1657"}',
  '{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-12-02T04:39:34Z","CreatedBy":"COPY go.mod ./ # buildkit","CreatedSince":"2026-12-02T04:39:34Z","ID":"\\u003cmissing\\u003e","Size":"35"}',
  '{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2026-12-02T04:39:34Z","CreatedBy":"WORKDIR /src","CreatedSince":"2026-12-02T04:39:34Z","ID":"\\u003cmissing\\u003e","Size":"0"}',
  '{"Comment":"Imported from -","CreatedAt":"2026-12-02T04:35:41Z","CreatedBy":"","CreatedSince":"2026-12-02T04:35:41Z","ID":"\\u003cmissing\\u003e","Size":"459901607"}',
  ''
].join('\n')

describe('parseEngineHistory', () => {
  test('reads the JSON lines oldest first, sizes as numbers', () => {
    const entries = parseEngineHistory(EXAMPLE, 'b')
    assert.deepEqual(
      entries.map(e => [e.createdBy.slice(0, 12), e.size]),
      [
        ['', 459901607],
        ['WORKDIR /src', 0],
        ['COPY go.mod ', 35],
        ['COPY main.go', 1657],
        ['RUN /bin/sh ', 66819089]
      ]
    )
    assert.equal(entries[0]?.comment, 'Imported from -')
    assert.equal(entries[4]?.created, '2026-12-02T04:40:37Z')
  })
  test('a human-readable size is refused, naming the image', () => {
    assert.throws(
      () => parseEngineHistory('{"CreatedBy":"RUN x","Size":"1.66kB"}', 'app:1'),
      /app:1.*byte count/
    )
  })
  test('a line that is not JSON is refused', () => {
    assert.throws(() => parseEngineHistory('IMAGE CREATED', 'app:1'), /app:1.*not JSON/)
  })
})

function entry(createdBy: string, size: number): EngineHistoryEntry {
  return { createdBy, size, comment: '', created: '' }
}

describe('layersFromHistory', () => {
  test('the example builder: the 0-byte WORKDIR made a layer (5 layers, 5 entries)', () => {
    const found = layersFromHistory(parseEngineHistory(EXAMPLE, 'b'), 5)
    assert.ok(found.ok)
    assert.deepEqual(found.sizes, [459901607, 0, 35, 1657, 66819089])
    assert.equal(
      found.history.some(h => h.empty_layer),
      false
    )
  })

  const cases: {
    name: string
    entries: EngineHistoryEntry[]
    layers: number
    sizes?: number[]
    empty?: number[]
    reason?: RegExp
  }[] = [
    {
      name: 'metadata entries are empty when every layer has a size',
      entries: [entry('ADD file:x in /', 10), entry('ENV A=1', 0), entry('RUN x # buildkit', 5)],
      layers: 2,
      sizes: [10, 5],
      empty: [1]
    },
    {
      name: 'a 0-byte WORKDIR beside an ENV: only the WORKDIR can make a layer',
      entries: [
        entry('ADD file:x in /', 10),
        entry('ENV A=1', 0),
        entry('WORKDIR /app', 0),
        entry('CMD ["sh"]', 0)
      ],
      layers: 2,
      sizes: [10, 0],
      empty: [1, 3]
    },
    {
      name: 'classic builder forms: #(nop) WORKDIR makes a layer, #(nop) ENV does not',
      entries: [
        entry('/bin/sh -c #(nop) ADD file:x in / ', 10),
        entry('/bin/sh -c #(nop)  ENV A=1', 0),
        entry('/bin/sh -c #(nop) WORKDIR /app', 0)
      ],
      layers: 2,
      sizes: [10, 0],
      empty: [1]
    },
    {
      name: 'two 0-byte RUNs, one layer missing: not certain',
      entries: [entry('ADD f in /', 10), entry('RUN true', 0), entry('RUN mkdir /x', 0)],
      layers: 2,
      reason: /1 of its 2 history entries of 0 bytes/
    },
    {
      name: 'more sized entries than layers: not this image',
      entries: [entry('ADD f in /', 10), entry('RUN x', 3)],
      layers: 1,
      reason: /2 history entries have a size but the image has 1 layers/
    },
    {
      name: 'layers but no history',
      entries: [],
      layers: 3,
      reason: /3 layers but no history/
    },
    {
      name: 'no layers, no history',
      entries: [],
      layers: 0,
      sizes: [],
      empty: []
    }
  ]
  for (const c of cases) {
    test(c.name, () => {
      const found = layersFromHistory(c.entries, c.layers)
      if (c.reason) {
        assert.equal(found.ok, false)
        assert.match((found as { reason: string }).reason, c.reason)
        return
      }
      assert.ok(found.ok)
      assert.deepEqual(found.sizes, c.sizes)
      assert.deepEqual(
        found.history.flatMap((h, i) => (h.empty_layer ? [i] : [])),
        c.empty
      )
    })
  }
})
