/**
 * The README's workflow examples, read as YAML the way users paste them:
 * - every ```yaml block parses (a whole workflow, or a list of steps);
 * - `on.workflow_run.workflows` names workflows by their `name:` (GitHub matches workflow names,
 *   not file names), and each such name is defined by a workflow in the README;
 * - the `with:` keys of every step that uses this action are inputs declared in action.yml;
 * - every artifact downloaded is uploaded under the same name, and the report this action reads
 *   in `mode: comment` is the file the artifact carries.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { basename, matchesGlob } from 'node:path'
import { describe, test } from 'node:test'
import { parseDocument } from 'yaml'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const ACTION = parseDocument(
  readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
).toJS() as { inputs: Record<string, unknown> }
const INPUTS = new Set(Object.keys(ACTION.inputs))

/** This action in a `uses:` line: `<owner>/image-size-budget@<ref>`, or `./` from its own repo. */
const THIS_ACTION = /^(?:[^/\s]+\/image-size-budget@\S+|\.\/?)$/

interface Step {
  uses?: string
  with?: Record<string, unknown>
  [key: string]: unknown
}

interface Workflow {
  name?: string
  on?: unknown
  jobs?: Record<string, { steps?: Step[]; [key: string]: unknown }>
}

interface Block {
  /** 1-based line of the opening fence. */
  line: number
  source: string
}

/** The ```yaml blocks of a markdown text, in order. */
function yamlBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue
    const start = i
    const body: string[] = []
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '')
    blocks.push({ line: start + 1, source: body.join('\n') })
  }
  return blocks
}

const blocks = yamlBlocks(README).map(block => {
  const doc = parseDocument(block.source, { prettyErrors: true, strict: true })
  return { ...block, doc, value: doc.toJS() as unknown }
})

const workflows = blocks
  .filter(b => isRecord(b.value) && 'jobs' in b.value)
  .map(b => ({ line: b.line, workflow: b.value as Workflow }))

/** Every step of every block: a workflow's jobs' steps, or a block that is a list of steps. */
const steps: { line: number; step: Step }[] = blocks.flatMap(b => {
  if (Array.isArray(b.value)) return (b.value as Step[]).map(step => ({ line: b.line, step }))
  const jobs = (b.value as Workflow | null)?.jobs ?? {}
  return Object.values(jobs).flatMap(job => (job.steps ?? []).map(step => ({ line: b.line, step })))
})

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function workflowRunNames(workflow: Workflow): string[] {
  const on = workflow.on
  if (!isRecord(on) || !isRecord(on['workflow_run'])) return []
  const names = on['workflow_run']['workflows']
  return Array.isArray(names) ? names.map(String) : [String(names)]
}

describe('README workflow examples', () => {
  test('the README has YAML blocks, workflows among them, and steps using this action', () => {
    assert.ok(blocks.length >= 5, `${blocks.length} yaml blocks`)
    assert.ok(workflows.length >= 3, `${workflows.length} workflows`)
    assert.ok(steps.filter(s => THIS_ACTION.test(s.step.uses ?? '')).length >= 5)
  })

  test('every YAML block parses without errors or warnings', () => {
    for (const block of blocks) {
      assert.deepEqual(
        block.doc.errors.map(e => e.message),
        [],
        `README.md line ${block.line}: errors`
      )
      assert.deepEqual(
        block.doc.warnings.map(w => w.message),
        [],
        `README.md line ${block.line}: warnings`
      )
      assert.ok(
        Array.isArray(block.value) || isRecord(block.value),
        `README.md line ${block.line}: a workflow or a list of steps`
      )
    }
  })

  test('each workflow has a trigger and jobs with runs-on and steps', () => {
    for (const { line, workflow } of workflows) {
      assert.ok(workflow.on !== undefined, `README.md line ${line}: on:`)
      for (const [id, job] of Object.entries(workflow.jobs ?? {})) {
        assert.equal(typeof job['runs-on'], 'string', `README.md line ${line}: jobs.${id}.runs-on`)
        assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `jobs.${id}.steps`)
      }
    }
  })

  test('workflow_run.workflows entries are names of workflows defined in the README', () => {
    const defined = new Set(workflows.map(w => w.workflow.name).filter(n => n !== undefined))
    const triggered = workflows.filter(w => workflowRunNames(w.workflow).length > 0)
    assert.ok(triggered.length >= 1, 'the fork-safe recipe has a workflow_run workflow')
    for (const { line, workflow } of triggered) {
      for (const name of workflowRunNames(workflow)) {
        assert.doesNotMatch(
          name,
          /\.ya?ml$/,
          `README.md line ${line}: "${name}" is a file name; workflow_run matches names`
        )
        assert.ok(
          defined.has(name),
          `README.md line ${line}: no README workflow has name: ${name} (names: ${[...defined].join(', ')})`
        )
        assert.notEqual(workflow.name, name, 'a workflow does not trigger itself')
      }
    }
  })

  test("the with: keys of this action's steps are inputs declared in action.yml", () => {
    for (const { line, step } of steps) {
      if (!THIS_ACTION.test(step.uses ?? '')) continue
      for (const key of Object.keys(step.with ?? {})) {
        assert.ok(INPUTS.has(key), `README.md line ${line}: input "${key}" is not in action.yml`)
      }
    }
  })

  test('artifacts are downloaded by the name they were uploaded under; the comment reads that file', () => {
    const artifactSteps = (action: string): { line: number; step: Step }[] =>
      steps.filter(s => (s.step.uses ?? '').startsWith(`actions/${action}-artifact@`))
    const uploads = artifactSteps('upload')
    const downloads = artifactSteps('download')
    assert.ok(uploads.length >= 1 && downloads.length >= 1, 'the fork-safe recipe')
    const uploaded = new Map(uploads.map(u => [String(u.step.with?.['name']), u.step]))
    for (const { line, step } of downloads) {
      const pattern = step.with?.['pattern']
      if (pattern !== undefined) {
        // A matrix's artifacts: the pattern matches an uploaded name, and the mode: aggregate
        // step of that workflow reads the directory they are downloaded to.
        assert.ok(
          uploads.some(u => matchesGlob(String(u.step.with?.['name']), String(pattern))),
          `README.md line ${line}: no artifact uploaded matches "${String(pattern)}"`
        )
        const aggregators = steps.filter(
          s =>
            s.line === line &&
            THIS_ACTION.test(s.step.uses ?? '') &&
            s.step.with?.['mode'] === 'aggregate'
        )
        assert.ok(aggregators.length >= 1, `README.md line ${line}: a mode: aggregate step`)
        for (const a of aggregators) {
          assert.ok(String(a.step.with?.['reports']).startsWith(`${String(step.with?.['path'])}/`))
        }
        continue
      }
      const name = String(step.with?.['name'])
      const upload = uploaded.get(name)
      assert.ok(upload, `README.md line ${line}: artifact "${name}" is never uploaded`)
      // The download lands the uploaded file in the workspace under its own name; the
      // comment step of that workflow must read that file.
      const file = basename(String(upload.with?.['path']))
      const commenters = steps.filter(
        s =>
          s.line === line &&
          THIS_ACTION.test(s.step.uses ?? '') &&
          s.step.with?.['mode'] === 'comment'
      )
      assert.ok(commenters.length >= 1, `README.md line ${line}: a mode: comment step`)
      for (const c of commenters) assert.equal(c.step.with?.['report'], file)
    }
    // And the measuring step writes the file that is uploaded.
    for (const { line, step } of uploads) {
      const path = String(step.with?.['path'])
      const writers = steps.filter(
        s =>
          s.line === line && THIS_ACTION.test(s.step.uses ?? '') && s.step.with?.['report'] === path
      )
      assert.ok(writers.length >= 1, `README.md line ${line}: no step writes report: ${path}`)
    }
  })

  test('yamlBlocks finds fenced yaml blocks only', () => {
    const text = [
      '# t',
      '```yaml',
      'a: 1',
      '```',
      '```sh',
      'echo',
      '```',
      '```yml',
      '- b',
      '```'
    ].join('\n')
    assert.deepEqual(yamlBlocks(text), [
      { line: 2, source: 'a: 1' },
      { line: 8, source: '- b' }
    ])
  })
})
