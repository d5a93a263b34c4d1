/**
 * Layer → Dockerfile instruction attribution, from an image's config history and the plan.
 *
 * An image built from stage S has this history: the entries of the external image at the root of
 * S's `FROM` chain, then one entry per instruction of each stage of the chain, root stage first.
 * Which instructions record an entry was checked against both engines here (dockerd 20.10: the
 * classic builder and BuildKit v0.8) and BuildKit's source (moby/buildkit
 * `frontend/dockerfile/dockerfile2llb/convert.go`, `commitToHistory` callers):
 *
 * | instruction | BuildKit `created_by` | classic `created_by` |
 * |---|---|---|
 * | FROM | none | none |
 * | RUN | `RUN [|n K=V…] /bin/sh -c <cmd> # buildkit` | `[|n K=V…] /bin/sh -c <cmd>` |
 * | COPY / ADD | `COPY <src> <dst> # buildkit` (`--from` not shown) | `/bin/sh -c #(nop) COPY file:<hash> in <dst> ` |
 * | WORKDIR | `WORKDIR /abs` | `/bin/sh -c #(nop) WORKDIR /abs` |
 * | ENV, ARG, LABEL, USER, EXPOSE, VOLUME, CMD, ENTRYPOINT, SHELL, STOPSIGNAL, HEALTHCHECK, MAINTAINER | `<KEYWORD> …` | `/bin/sh -c #(nop)  <KEYWORD> …` |
 * | ONBUILD | none (it only sets config) | `/bin/sh -c #(nop)  ONBUILD …` |
 *
 * A stage built `FROM` another stage first runs that stage's `ONBUILD` triggers, each recording
 * an entry like the instruction it holds (BuildKit `initOnBuildTriggers`; the classic builder
 * does the same). A RUN exec form (`RUN ["a","b"]`) records `a b`; a custom `SHELL` changes the
 * shell prefix (classic: also before `#(nop)`).
 *
 * Matching walks the chain's expected entries backwards against the history backwards, by
 * keyword; a RUN must also end with its own command text. The first disagreement stops the walk:
 * what is left stays unattributed rather than guessed.
 */
import type { DockerfilePlan, Instruction } from '../model.ts'
import type { HistoryEntry } from '../image/history.ts'
import { historyToLayers } from '../image/history.ts'
import { fromChain } from './plan.ts'

/** The Dockerfile keywords a history entry can start with (BuildKit form). */
const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR'
])

/** Keywords some builders record no history entry for (BuildKit: ONBUILD only sets config). */
const MAY_BE_UNRECORDED = new Set(['ONBUILD'])

/**
 * The Dockerfile keyword a history entry's `created_by` was written for, or undefined when it
 * names none (no `created_by`, e.g. `docker import`'s entry).
 *
 * - `… #(nop) KEYWORD …` (classic builder, buildah) → KEYWORD.
 * - `KEYWORD …` with a known upper-case keyword (BuildKit, buildx) → KEYWORD.
 * - anything else is a classic-builder RUN: the command line itself (`/bin/sh -c …`,
 *   `|2 A=1 B=2 /bin/sh -c …`, or an exec form's words).
 */
export function historyKeyword(entry: HistoryEntry): string | undefined {
  const createdBy = (entry.created_by ?? '').trim()
  if (createdBy === '') return undefined
  const nop = /#\(nop\)\s+([A-Za-z]+)/.exec(createdBy)
  if (nop) return (nop[1] as string).toUpperCase()
  const word = /^([A-Z]+)(?:\s|$)/.exec(createdBy)?.[1]
  if (word !== undefined && KEYWORDS.has(word)) return word
  return 'RUN'
}

/** One history entry the chain is expected to have produced. */
interface Slot {
  keyword: string
  instruction: Instruction
  /** For RUN: the command as the history shows it (exec form joined), when it can be compared. */
  command?: string
  /** True when some builders record no entry for it. */
  optional: boolean
}

/**
 * Attributes each history entry of an image built from `stage` to the instruction that made it.
 *
 * @param plan the parsed Dockerfile
 * @param history the image config's `history`, in order
 * @param stage the ref of the stage the image was built from (default: the plan's target)
 * @returns one element per history entry: the instruction, or undefined for entries of the
 *   external base image and for entries that could not be matched with certainty. An `ONBUILD`
 *   trigger's entry is attributed to the `ONBUILD` instruction of the parent stage.
 * @throws Error when `stage` is not a stage of the plan
 */
export function attributeHistory(
  plan: DockerfilePlan,
  history: HistoryEntry[],
  stage: string = plan.target
): (Instruction | undefined)[] {
  const slots = expectedSlots(plan, stage)
  const out: (Instruction | undefined)[] = history.map(() => undefined)
  let h = history.length - 1
  let s = slots.length - 1
  while (s >= 0 && h >= 0) {
    const slot = slots[s] as Slot
    const entry = history[h] as HistoryEntry
    if (matches(slot, entry)) {
      out[h] = slot.instruction
      h--
      s--
    } else if (slot.optional) {
      s--
    } else {
      break
    }
  }
  return out
}

/**
 * Attributes each layer of an image built from `stage` to the instruction that made it.
 *
 * @param plan the parsed Dockerfile
 * @param history the image config's `history`
 * @param diffIds the config's `rootfs.diff_ids`, in order
 * @param stage the ref of the stage the image was built from (default: the plan's target)
 * @returns one element per layer (diff ID index): the instruction, or undefined for layers of the
 *   external base image and layers that could not be matched with certainty; all undefined when
 *   the image has no history
 * @throws Error when the history's non-empty entries and `diffIds` differ in number (see
 *   `historyToLayers`), or when `stage` is not a stage of the plan
 */
export function attributeLayers(
  plan: DockerfilePlan,
  history: HistoryEntry[],
  diffIds: string[],
  stage: string = plan.target
): (Instruction | undefined)[] {
  const pairs = historyToLayers(history, diffIds)
  const perEntry = attributeHistory(plan, history, stage)
  const out: (Instruction | undefined)[] = diffIds.map(() => undefined)
  for (const pair of pairs) {
    if (pair.layerIndex !== undefined) out[pair.layerIndex] = perEntry[pair.historyIndex]
  }
  return out
}

/** The entries the chain of `stage` records, in build order. */
function expectedSlots(plan: DockerfilePlan, stage: string): Slot[] {
  const slots: Slot[] = []
  let parent: Instruction[] | undefined
  for (const st of fromChain(plan, stage)) {
    // A stage built FROM a stage first runs that stage's ONBUILD triggers.
    for (const onbuild of (parent ?? []).filter(i => i.keyword === 'ONBUILD')) {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(onbuild.args)
      if (!m) continue
      const keyword = (m[1] as string).toUpperCase()
      slots.push({
        keyword,
        instruction: onbuild,
        command: keyword === 'RUN' ? runCommand(m[2] as string) : undefined,
        optional: false
      })
    }
    for (const instruction of st.instructions) {
      slots.push({
        keyword: instruction.keyword,
        instruction,
        command: instruction.keyword === 'RUN' ? runCommand(instruction.args) : undefined,
        optional: MAY_BE_UNRECORDED.has(instruction.keyword)
      })
    }
    parent = st.instructions
  }
  return slots
}

function matches(slot: Slot, entry: HistoryEntry): boolean {
  if (historyKeyword(entry) !== slot.keyword) return false
  if (slot.command === undefined) return true
  const recorded = normalize((entry.created_by ?? '').replace(/\s*# buildkit$/, ''))
  return recorded === slot.command || recorded.endsWith(` ${slot.command}`)
}

/**
 * A RUN's command as the history records it: flags (`--mount=…`, `--network=…`) dropped, an
 * exec form's words joined by spaces, whitespace runs collapsed. Undefined for heredocs (the
 * history shows the body, which the plan drops) and for unparsable exec forms.
 */
function runCommand(args: string): string | undefined {
  let rest = args.trim()
  while (/^--\S+/.test(rest)) rest = rest.replace(/^--\S+\s*/, '')
  if (rest.includes('<<')) return undefined
  if (rest.startsWith('[')) {
    try {
      const words: unknown = JSON.parse(rest)
      if (Array.isArray(words) && words.every(w => typeof w === 'string')) {
        return normalize(words.join(' '))
      }
    } catch {
      // Not JSON: the shell form, as the builders treat it.
    }
  }
  return rest === '' ? undefined : normalize(rest)
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
