/**
 * Dockerfile → stages, the final target and the builder candidates. Parsing is done by
 * `dockerfile-ast`; this module only resolves what the parser leaves to the build: `ARG`
 * substitution in `FROM`, stage references (`FROM <stage>`, `COPY --from`, `RUN --mount=from=`,
 * `ONBUILD` triggers of a parent stage), collector stages, and the `target`.
 *
 * Resolution follows BuildKit's Dockerfile frontend (moby/buildkit
 * `frontend/dockerfile/dockerfile2llb/convert.go`): stage names are lower-cased; `FROM` and
 * `--from` see only stages defined earlier; `--from=<n>` is the n-th stage; a `--from` name that is
 * no stage is an external image; `--from` takes no variables (BuildKit rejects them).
 */
import { Copy, DockerfileParser, From, Onbuild, Run } from 'dockerfile-ast'
import type { Dockerfile, Flag, Heredoc, Instruction as AstInstruction } from 'dockerfile-ast'
import type { DockerfilePlan, Instruction, Stage, StageBase } from '../model.ts'

/** Options of {@link planDockerfile}. */
export interface PlanOptions {
  /** Path of the Dockerfile, as the user named it; used in locations and error messages. */
  file: string
  /** The `target` input: a stage name (any case). Absent or empty: the last stage. */
  target?: string
  /** The `build-args` input: values for `ARG`s declared before the first `FROM`. */
  buildArgs?: Record<string, string>
}

/**
 * Parses a Dockerfile and resolves its stages, its final target and the builder candidates.
 *
 * - `ARG`s before the first `FROM` take their default (itself expanded), overridden by
 *   `buildArgs` when given; they are substituted (`$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR:+x}`) in
 *   `FROM` image names. BuildKit's automatic platform args (`TARGETARCH`, …) take the runner's
 *   platform.
 * - A `FROM` naming an earlier stage (any case) makes a `stage` base; `scratch` a `scratch` base.
 * - `Stage.copiesFrom` / `Instruction.copiesFrom`: the stages named by `COPY --from=<name|index>`
 *   and `RUN --mount=…,from=<name|index>` of a bind mount (the default type; any key order).
 *   External images are left out, and so are cache mounts: `type=cache,from=X` seeds a cache
 *   directory from X and adds none of X's bytes to the image (BuildKit never commits a cache
 *   mount).
 * - `ONBUILD COPY --from=X` (or `ONBUILD RUN --mount=from=X`) in stage P runs in each stage built
 *   `FROM P` (BuildKit and the classic builder run a parent's triggers first, in the child): X is
 *   resolved as the child would resolve it, joins the child's `Stage.copiesFrom` (first, as the
 *   triggers run first) and the `ONBUILD` instruction's `copiesFrom` (the trigger's layer is
 *   attributed to it). A trigger naming no stage the child can see is left out.
 * - Builder candidates: see {@link builderCandidates}.
 *
 * @param text the Dockerfile's content
 * @returns the plan; instruction lines are 1-based (the keyword's line)
 * @throws Error naming `file` when the text holds no `FROM`; naming `target` (with the list of
 *   stage names) when `target` is no stage; naming the file and line when `--from=<n>` is not an
 *   earlier stage.
 */
export function planDockerfile(text: string, opts: PlanOptions): DockerfilePlan {
  const df = DockerfileParser.parse(text)
  const escape = df.getEscapeCharacter()
  const lines = text.split(/\r?\n/)
  const metaArgs = resolveMetaArgs(df, escape, opts.buildArgs ?? {})

  const stages: Stage[] = []
  // ONBUILD instructions and their trigger instructions, resolved when a stage is built FROM them.
  const triggers = new Map<Instruction, AstInstruction>()
  for (const ast of df.getInstructions()) {
    const keyword = ast.getKeyword().toUpperCase()
    if (ast instanceof From) {
      const stage = newStage(ast, stages, metaArgs, escape, lines, opts.file)
      stages.push(stage)
      if (stage.base.kind === 'stage') runTriggers(stage, stages, triggers, opts.file)
      continue
    }
    const stage = stages.at(-1)
    // Before the first FROM only ARG (and comments) may appear; those ARGs are the meta args.
    if (!stage) continue
    const instruction = toInstruction(ast, keyword, stage.ref, lines, escape, opts.file)
    if (ast instanceof Onbuild) {
      const trigger = ast.getTriggerInstruction()
      if (trigger) triggers.set(instruction, trigger)
    } else {
      const refs = stageRefsOf(ast, stages, stage.index, opts.file)
      if (refs.length > 0) {
        instruction.copiesFrom = refs
        addRefs(stage.copiesFrom, refs)
      }
    }
    stage.instructions.push(instruction)
  }
  if (stages.length === 0) {
    throw new Error(
      `file: ${opts.file} has no FROM instruction; a Dockerfile needs at least one stage`
    )
  }

  const target = resolveTarget(stages, opts.target, opts.file)
  return {
    file: opts.file,
    stages,
    target: target.ref,
    builderCandidates: builderCandidates(stages, target.ref)
  }
}

/**
 * A stage built `FROM` another stage runs that stage's `ONBUILD` triggers first: their stage
 * references, resolved in the child (names and indexes before the child), join the child's
 * `copiesFrom` and the `ONBUILD` instruction's. A reference the child cannot see (a later stage,
 * an index out of range) is left out: an `ONBUILD` is only checked when a build runs it.
 */
function runTriggers(
  child: Stage,
  stages: Stage[],
  triggers: Map<Instruction, AstInstruction>,
  file: string
): void {
  const parent = stages.find(s => child.base.kind === 'stage' && s.ref === child.base.stage)
  for (const onbuild of parent?.instructions ?? []) {
    const trigger = triggers.get(onbuild)
    if (!trigger) continue
    let refs: string[]
    try {
      refs = stageRefsOf(trigger, stages, child.index, file)
    } catch {
      continue
    }
    if (refs.length === 0) continue
    onbuild.copiesFrom = addRefs(onbuild.copiesFrom ?? [], refs)
    addRefs(child.copiesFrom, refs)
  }
}

/** Appends the refs `list` lacks, in order; returns `list`. */
function addRefs(list: string[], refs: string[]): string[] {
  for (const ref of refs) if (!list.includes(ref)) list.push(ref)
  return list
}

/**
 * The stages in `target`'s `FROM` chain, root first, `target` last: `FROM a AS b` / `FROM b AS c`
 * gives `[a, b, c]` for target `c`. Stages whose base is an image or scratch end the chain.
 *
 * @throws Error when `target` is not a ref of `plan.stages`
 */
export function fromChain(plan: Pick<DockerfilePlan, 'stages'>, target: string): Stage[] {
  const byRef = new Map(plan.stages.map(s => [s.ref, s]))
  const chain: Stage[] = []
  let stage = byRef.get(target)
  if (!stage) throw new Error(`target: "${target}" is not a stage of the plan`)
  while (stage) {
    chain.unshift(stage)
    stage = stage.base.kind === 'stage' ? byRef.get(stage.base.stage) : undefined
  }
  return chain
}

/**
 * The stages `target` and the stages of its `FROM` chain copy from or bind-mount, in order of
 * first use (the chain's root stage runs first). `target` itself is never among them.
 */
export function copiedStages(stages: Stage[], target: string): string[] {
  const out: string[] = []
  for (const stage of fromChain({ stages }, target)) {
    for (const ref of stage.copiesFrom) {
      if (ref !== target && !out.includes(ref)) out.push(ref)
    }
  }
  return out
}

/**
 * The stages a collector stage gathers its files from, in order of first use; undefined when
 * `ref` is no collector.
 *
 * A collector (`FROM scratch AS binary` + `COPY --from=build …`, as in distribution/distribution,
 * moby/buildkit and ollama) makes no bytes of its own: its `FROM` chain starts at `scratch`, no
 * stage of the chain has a `RUN` (nor an `ONBUILD RUN`, which a child runs), and the chain copies
 * from at least one stage. Copies from the build context or an external image beside those do not
 * stop a stage being a collector: they are files put in place, not built, and no stage made them
 * (such bytes are credited to no candidate). A scratch stage that copies only from the context or
 * images is no collector; a stage from an image (`FROM alpine AS bundle`) never is one, because it
 * brings the image's bytes.
 *
 * @throws Error when `ref` is not a stage ref of `stages`
 */
export function collectorSources(stages: Stage[], ref: string): string[] | undefined {
  const chain = fromChain({ stages }, ref)
  if ((chain[0] as Stage).base.kind !== 'scratch') return undefined
  const runs = chain.some(stage =>
    stage.instructions.some(
      i => i.keyword === 'RUN' || (i.keyword === 'ONBUILD' && /^run\b/i.test(i.args))
    )
  )
  if (runs) return undefined
  const sources = copiedStages(stages, ref)
  return sources.length > 0 ? sources : undefined
}

/**
 * Builder candidates of `target`: the stages that made the files `target` copies, in order of
 * first use.
 *
 * - The stages `target` and its `FROM` chain copy from or bind-mount ({@link copiedStages}).
 * - A collector among them ({@link collectorSources}) is replaced by the stages it gathers from,
 *   followed back through chains of collectors: the bytes arrive through the collector, but the
 *   stage that produced them is the one a person calls the builder (a collector is as small as
 *   what it gathers, so comparing with it would give a "saved" of zero or less).
 * - The copied stages' other copies are not followed: the builder is what the final image takes
 *   files from, not what that stage was made of.
 */
export function builderCandidates(stages: Stage[], target: string): string[] {
  const out: string[] = []
  const visit = (ref: string): void => {
    const sources = collectorSources(stages, ref)
    if (!sources) {
      if (ref !== target && !out.includes(ref)) out.push(ref)
      return
    }
    for (const source of sources) visit(source)
  }
  for (const ref of copiedStages(stages, target)) visit(ref)
  return out
}

/** Builds a stage from its FROM: base resolved through meta args and earlier stage names. */
function newStage(
  from: From,
  earlier: Stage[],
  metaArgs: Map<string, string>,
  escape: string,
  lines: string[],
  file: string
): Stage {
  const index = earlier.length
  const name = from.getBuildStage()?.toLowerCase() || undefined
  const ref = name ?? String(index)
  const rawImage = from.getImage() ?? ''
  const image = expandVariables(rawImage, metaArgs, escape)
  let base: StageBase
  const parent = earlier.find(s => s.name !== undefined && s.name === image.toLowerCase())
  if (parent) base = { kind: 'stage', stage: parent.ref }
  else if (image === 'scratch') base = { kind: 'scratch' }
  else base = { kind: 'image', image }
  return {
    index,
    ...(name !== undefined ? { name } : {}),
    ref,
    base,
    instructions: [],
    from: toInstruction(from, 'FROM', ref, lines, escape, file),
    copiesFrom: []
  }
}

/** Resolves `target` (a stage name, any case) or takes the last stage. */
function resolveTarget(stages: Stage[], target: string | undefined, file: string): Stage {
  const last = stages[stages.length - 1] as Stage
  if (target === undefined || target === '') return last
  const found = stages.find(s => s.name === target.toLowerCase())
  if (found) return found
  throw new Error(
    `target: no stage named "${target}" in ${file}; the stages are ${describeStages(stages)}`
  )
}

/** "build, certs, 2 (unnamed)": every stage ref, for error messages. */
export function describeStages(stages: Stage[]): string {
  return stages.map(s => (s.name ? s.name : `${s.ref} (unnamed)`)).join(', ')
}

/** One model instruction: the keyword upper-cased, args as written, line of the keyword. */
function toInstruction(
  ast: AstInstruction,
  keyword: string,
  stage: string,
  lines: string[],
  escape: string,
  file: string
): Instruction {
  const kw = ast.getInstructionRange()
  return {
    keyword,
    args: argsText(ast, lines, escape),
    stage,
    location: { file, line: kw.start.line + 1 }
  }
}

/**
 * The text after the keyword, flags included, on the lines the instruction spans: line
 * continuations joined the way the Dockerfile parser joins them (escape + newline removed, comment
 * and blank lines inside the continuation dropped), heredoc bodies left out.
 */
function argsText(ast: AstInstruction, lines: string[], escape: string): string {
  const range = ast.getRange()
  const kw = ast.getInstructionRange()
  let endLine = range.end.line
  const heredocs = heredocsOf(ast)
  if (heredocs.length > 0) {
    endLine = Math.max(kw.start.line, ...heredocs.map(h => h.getStartRange().start.line))
  }
  const parts: string[] = []
  for (let i = kw.start.line; i <= endLine; i++) {
    let line = lines[i] ?? ''
    if (i === kw.end.line) line = line.slice(kw.end.character)
    if (i > kw.start.line && /^\s*(#.*)?$/.test(line)) continue
    const continued = line.trimEnd()
    if (i < endLine && continued.endsWith(escape)) {
      parts.push(continued.slice(0, -escape.length))
    } else {
      parts.push(line)
    }
  }
  return parts.join('').trim()
}

/** Heredocs of RUN, COPY and ADD (ADD's accessor is not public in dockerfile-ast's typings). */
function heredocsOf(ast: AstInstruction): Heredoc[] {
  if (ast instanceof Run || ast instanceof Copy) return ast.getHeredocs()
  if (ast.getKeyword().toUpperCase() === 'ADD') {
    return (ast as unknown as { getHeredocs(): Heredoc[] }).getHeredocs()
  }
  return []
}

/**
 * The stage refs an instruction copies from (`COPY --from`) or bind-mounts (`RUN --mount=from=`
 * of `type=bind`, the default). Cache mounts are left out: they add none of the stage's bytes.
 */
function stageRefsOf(
  ast: AstInstruction,
  stages: Stage[],
  current: number,
  file: string
): string[] {
  const values: string[] = []
  if (ast instanceof Copy) {
    // Not getFromFlag(): dockerfile-ast 0.7 returns it only when --from is the sole flag.
    const from = ast
      .getFlags()
      .find(f => f.getName().toLowerCase() === 'from')
      ?.getValue()
    if (from) values.push(from)
  } else if (ast instanceof Run) {
    for (const flag of ast.getFlags()) {
      if (flag.getName() !== 'mount') continue
      const from = bindMountFrom(flag)
      if (from) values.push(from)
    }
  }
  const refs: string[] = []
  for (const value of values) {
    const ref = resolveStageRef(value, stages, current, file, ast.getRange().start.line + 1)
    if (ref !== undefined && !refs.includes(ref)) refs.push(ref)
  }
  return refs
}

/**
 * The `from=` option of a bind `--mount` flag, whatever the key order; undefined for other mount
 * types. BuildKit reads keys and the type case-insensitively, and a mount without `type` is a bind
 * mount (moby/buildkit `frontend/dockerfile/instructions/commands_runmount.go`). Only bind and
 * cache mounts take `from`; secret, ssh and tmpfs mounts have none.
 */
function bindMountFrom(flag: Flag): string | undefined {
  const options = flag.getOptions()
  const type = options.find(o => o.getName().toLowerCase() === 'type')?.getValue()
  if (type && type.toLowerCase() !== 'bind') return undefined
  const option = options.find(o => o.getName().toLowerCase() === 'from')
  return option?.getValue() ?? undefined
}

/**
 * A `--from` value → the stage ref it names, or undefined for an external image (a name that is no
 * earlier stage, e.g. `nginx:latest`). A number is a stage index and must be an earlier stage.
 */
function resolveStageRef(
  value: string,
  stages: Stage[],
  current: number,
  file: string,
  line: number
): string | undefined {
  if (/^\d+$/.test(value)) {
    const index = Number(value)
    const stage = index < current ? stages[index] : undefined
    if (!stage) {
      throw new Error(
        `file: ${file}:${line} uses --from=${value}, but stage indexes before it are 0–${current - 1}` +
          ` (a number in --from names an earlier stage by its 0-based position)`
      )
    }
    return stage.ref
  }
  // A stage's own or a later stage's name cannot be copied from (BuildKit: "needs to be defined
  // before current stage"), so only earlier stages count.
  return stages.find(s => s.index < current && s.name === value.toLowerCase())?.ref
}

/**
 * The meta args: BuildKit's automatic platform args, then each `ARG` before the first `FROM` in
 * order (a build arg wins over the default; a default is expanded with the args before it), as
 * BuildKit's `buildMetaArgs` does. Build args for undeclared names are ignored.
 */
function resolveMetaArgs(
  df: Dockerfile,
  escape: string,
  buildArgs: Record<string, string>
): Map<string, string> {
  const args = new Map<string, string>(Object.entries(platformArgs()))
  for (const arg of df.getInitialARGs()) {
    for (const property of arg.getProperties()) {
      const key = property.getName()
      if (Object.hasOwn(buildArgs, key)) {
        args.set(key, buildArgs[key] as string)
        continue
      }
      const value = property.getValue()
      if (value !== null) args.set(key, expandVariables(unquote(value), args, escape))
    }
  }
  return args
}

/** BuildKit's automatic platform args for the runner (`linux/amd64` on GitHub's runners). */
function platformArgs(): Record<string, string> {
  const arch =
    ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' } as Record<string, string>)[
      process.arch
    ] ?? process.arch
  const os = process.platform === 'win32' ? 'windows' : process.platform
  const variant = arch === 'arm' ? 'v7' : ''
  const platform = variant ? `${os}/${arch}/${variant}` : `${os}/${arch}`
  const out: Record<string, string> = {}
  for (const prefix of ['BUILD', 'TARGET']) {
    out[`${prefix}PLATFORM`] = platform
    out[`${prefix}OS`] = os
    out[`${prefix}ARCH`] = arch
    out[`${prefix}VARIANT`] = variant
  }
  return out
}

/** Strips one pair of surrounding quotes from an ARG default (`ARG A="x y"`). */
function unquote(value: string): string {
  const m = /^"(.*)"$/s.exec(value) ?? /^'(.*)'$/s.exec(value)
  return m ? (m[1] as string) : value
}

/**
 * Expands `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}` with
 * `vars` (unset → empty), the subset of the Dockerfile shell lexer (moby/buildkit
 * `frontend/dockerfile/shell/lex.go`) that image names use. `escape` + a character keeps the
 * character literally.
 */
export function expandVariables(word: string, vars: Map<string, string>, escape = '\\'): string {
  let out = ''
  let i = 0
  while (i < word.length) {
    const c = word[i] as string
    if (c === escape && i + 1 < word.length) {
      out += word[i + 1]
      i += 2
      continue
    }
    if (c !== '$') {
      out += c
      i++
      continue
    }
    if (word[i + 1] === '{') {
      const end = matchingBrace(word, i + 1)
      if (end < 0) {
        out += word.slice(i)
        break
      }
      out += expandBraced(word.slice(i + 2, end), vars, escape)
      i = end + 1
      continue
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.slice(i + 1))
    if (!m) {
      out += c
      i++
      continue
    }
    out += vars.get(m[0]) ?? ''
    i += 1 + m[0].length
  }
  return out
}

function matchingBrace(word: string, open: number): number {
  let depth = 0
  for (let j = open; j < word.length; j++) {
    if (word[j] === '{') depth++
    else if (word[j] === '}' && --depth === 0) return j
  }
  return -1
}

function expandBraced(inner: string, vars: Map<string, string>, escape: string): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?$/s.exec(inner)
  if (!m) return ''
  const [, name, op, rest] = m as unknown as [
    string,
    string,
    string | undefined,
    string | undefined
  ]
  const value = vars.get(name)
  const word = (): string => expandVariables(rest ?? '', vars, escape)
  switch (op) {
    case ':-':
      return value ? value : word()
    case '-':
      return value !== undefined ? value : word()
    case ':+':
      return value ? word() : ''
    case '+':
      return value !== undefined ? word() : ''
    default:
      return value ?? ''
  }
}
