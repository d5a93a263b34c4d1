/**
 * The builder-choice corpus (`__tests__/fixtures/dockerfiles/`), checked statically: the plan's
 * target and candidates, and the builder chosen before the image is measured, or, for several
 * candidates, by the byte rule with the case's given layer sizes.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { chooseBuilder, collectorsToMeasure } from '../../src/dockerfile/builder.ts'
import { planDockerfile } from '../../src/dockerfile/plan.ts'
import type { StageBase } from '../../src/model.ts'
import { figureLayers, loadCorpus } from '../fixtures/dockerfiles/corpus.ts'

const corpus = loadCorpus()

const baseText = (b: StageBase): string =>
  b.kind === 'image' ? `image:${b.image}` : b.kind === 'stage' ? `stage:${b.stage}` : 'scratch'

describe('builder corpus: the builder a person would choose', () => {
  test('the corpus holds at least 15 Dockerfiles, at least 10 of them buildable here', () => {
    assert.ok(corpus.length >= 15, `${corpus.length} cases`)
    assert.ok(corpus.filter(c => c.expected.build).length >= 10)
  })

  for (const { name, file, text, expected } of corpus) {
    test(`${name}: ${expected.shape}`, () => {
      const plan = planDockerfile(text, { file, buildArgs: expected.planArgs })
      assert.equal(plan.target, expected.target, 'target')
      assert.deepEqual(plan.builderCandidates, expected.candidates, 'candidates')
      for (const [ref, base] of Object.entries(expected.bases ?? {})) {
        const stage = plan.stages.find(s => s.ref === ref)
        assert.ok(stage, `stage ${ref}`)
        assert.equal(baseText(stage.base), base, `base of ${ref}`)
      }

      const several = expected.candidates.length > 1
      assert.equal(several, expected.bytes !== undefined, 'byte figures iff several candidates')
      const choice = expected.bytes
        ? chooseBuilder(
            plan,
            figureLayers(plan, expected.bytes.final),
            undefined,
            Object.fromEntries(
              Object.entries(expected.bytes.collectors ?? {}).map(([ref, figures]) => [
                ref,
                figureLayers(plan, figures)
              ])
            )
          )
        : chooseBuilder(plan, undefined)
      assert.equal(choice.builder ?? null, expected.builder, 'builder')
      assert.deepEqual(choice.candidates, expected.candidates)
      if (expected.bytes) assert.deepEqual(choice.copiedBytes, expected.bytes.copiedBytes)
      if (expected.reason) assert.match(choice.reason, new RegExp(expected.reason))
      // The collectors the pipeline measures are exactly those with layer figures here.
      assert.deepEqual(collectorsToMeasure(plan), Object.keys(expected.bytes?.collectors ?? {}))
    })
  }
})
