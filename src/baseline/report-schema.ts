/**
 * The JSON Schemas (draft 2020-12) of the report. {@link REPORT_SCHEMA} is `schemaVersion: 2`, the
 * `RunReport` type of `src/model.ts` (one entry per image and platform), the one written now;
 * {@link REPORT_SCHEMA_V1} is `schemaVersion: 1`, the `Report` type (one image), still read as a
 * baseline, by `mode: comment` and by `mode: aggregate`. `docs/report.schema.json` (v2) and
 * `docs/report.schema.v1.json` are these objects written out (a unit test keeps them equal); they
 * live in code so the bundled action carries them.
 *
 * A report read back (`baseline-report`, `mode: comment`, `mode: aggregate`) is untrusted input, so
 * every string has a maximum length and every list a maximum size; the file as a whole is capped
 * by the loader. Properties the schema does not name are allowed: within a schema version the
 * report only grows by optional fields, and a reader ignores what it does not know. A change that
 * removes, renames or retypes a field takes a new schema version.
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER

import { BUDGET_NAMES } from '../model.ts'

/** Limits on untrusted text and lists, generous for real reports. */
export const REPORT_LIMITS = {
  /** References, paths, file names. */
  path: 4096,
  /** Stage names, platforms, keywords, versions. */
  name: 256,
  /** Instruction text and history `created_by` (a long `RUN` with a heredoc). */
  command: 65_536,
  /** Sentences for people: reasons, budget messages and subjects. */
  text: 4096,
  /** Layers of one image (engines stop at 125–127; other tools may go further). */
  layers: 1000,
  /** Top-N lists (top wasted paths, largest files; the action writes 10). */
  topList: 1000,
  /** Stages, candidates, build args, `copiesFrom`. */
  entries: 1000,
  /** Budget results (the action has 7 budgets, 2 results for max-increase). */
  budgets: 100,
  /** Rows of `changes`, `packages` and `findings` (the action writes at most 200, all, 50). */
  rows: 20_000,
  /** Entries of a file tree summary (the action writes at most 5,000 files and 2,000 directories). */
  treeEntries: 100_000,
  /** Entries (image × platform) of a schema-2 run, and of the run `mode: aggregate` merges. */
  images: 1000
} as const

const bytes = { type: 'integer', minimum: 0, maximum: MAX_SAFE } as const
const signedBytes = { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE } as const
const count = { type: 'integer', minimum: 0, maximum: MAX_SAFE } as const
const string = (maxLength: number): { type: 'string'; maxLength: number } => ({
  type: 'string',
  maxLength
})
const name = string(REPORT_LIMITS.name)
const path = string(REPORT_LIMITS.path)
const text = string(REPORT_LIMITS.text)
/** OCI digest grammar (image-spec `descriptor.md`), bounded. */
const digest = {
  type: 'string',
  maxLength: 256,
  pattern: '^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$'
} as const

/** RFC 3339 date-time, as `Date.prototype.toISOString` writes it. */
const createdAt = {
  type: 'string',
  maxLength: 64,
  description: 'RFC 3339 date-time (Date.prototype.toISOString).',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2})$'
} as const

/** The tool that wrote the report. */
const tool = {
  type: 'object',
  required: ['name', 'version'],
  properties: { name: { const: 'image-size-budget' }, version: name }
} as const

/**
 * The properties of one image on one platform (`ImageResult`): the body of a schema-1 report and
 * of each entry of a schema-2 run. Required: `final`, `budgets`, `passed`.
 */
const IMAGE_RESULT_PROPERTIES = {
  build: {
    type: 'object',
    required: ['context', 'file', 'target', 'engine'],
    properties: {
      context: path,
      file: path,
      target: name,
      engine: { $ref: '#/$defs/engineKind' },
      builder: {
        type: 'object',
        description:
          'buildx only: the builder that built the image (`docker buildx ls`) and its driver (`docker`, `docker-container`, `kubernetes`, `remote`).',
        required: ['name'],
        properties: { name, driver: name }
      },
      buildArgNames: {
        type: 'array',
        description: 'The build-args keys; their values are never written (they may be secrets).',
        maxItems: REPORT_LIMITS.entries,
        items: name
      },
      buildArgs: {
        description: 'Older reports only: build-args keys and values. No longer written.',
        type: 'object',
        maxProperties: REPORT_LIMITS.entries,
        propertyNames: name,
        additionalProperties: string(REPORT_LIMITS.command)
      }
    }
  },
  stageChoice: { $ref: '#/$defs/stageChoice' },
  final: { $ref: '#/$defs/imageMeasurement' },
  builder: { $ref: '#/$defs/imageMeasurement' },
  comparison: { $ref: '#/$defs/builderComparison' },
  baseline: { $ref: '#/$defs/imageMeasurement' },
  baselineComparison: { $ref: '#/$defs/baselineComparison' },
  changes: {
    type: 'array',
    description: 'File changes against the baseline, folded by directory, largest first.',
    maxItems: REPORT_LIMITS.rows,
    items: { $ref: '#/$defs/fileChange' }
  },
  changesOmitted: {
    type: 'object',
    required: ['rows', 'change'],
    properties: { rows: count, change: signedBytes }
  },
  packages: {
    type: 'array',
    description: 'OS package changes against the baseline (dpkg, apk), largest first.',
    maxItems: REPORT_LIMITS.rows,
    items: { $ref: '#/$defs/packageChange' }
  },
  findings: {
    type: 'array',
    description: 'Findings with fixes on the final image, largest first.',
    maxItems: REPORT_LIMITS.rows,
    items: { $ref: '#/$defs/finding' }
  },
  budgets: {
    type: 'array',
    maxItems: REPORT_LIMITS.budgets,
    items: { $ref: '#/$defs/budgetResult' }
  },
  passed: { type: 'boolean' }
} as const

/** Definitions both schema versions share, referenced as `#/$defs/<name>`. */
const DEFS = {
  engineKind: { enum: ['buildx', 'buildkit', 'classic'] },
  sourceLocation: {
    type: 'object',
    required: ['file', 'line'],
    properties: { file: path, line: { type: 'integer', minimum: 1, maximum: MAX_SAFE } }
  },
  stageList: { type: 'array', maxItems: REPORT_LIMITS.entries, items: name },
  instruction: {
    type: 'object',
    required: ['keyword', 'args', 'stage', 'location'],
    properties: {
      keyword: string(64),
      args: string(REPORT_LIMITS.command),
      stage: name,
      location: { $ref: '#/$defs/sourceLocation' },
      copiesFrom: { $ref: '#/$defs/stageList' }
    }
  },
  stageChoice: {
    type: 'object',
    required: ['target', 'candidates', 'reason'],
    properties: {
      target: name,
      builder: name,
      candidates: { $ref: '#/$defs/stageList' },
      reason: text,
      copiedBytes: {
        type: 'object',
        maxProperties: REPORT_LIMITS.entries,
        propertyNames: name,
        additionalProperties: bytes
      }
    }
  },
  layer: {
    type: 'object',
    required: ['index', 'diffId', 'size', 'createdBy'],
    properties: {
      index: count,
      diffId: digest,
      size: bytes,
      compressedSize: bytes,
      createdBy: string(REPORT_LIMITS.command),
      instruction: { $ref: '#/$defs/instruction' },
      base: { type: 'boolean' }
    }
  },
  compressedSize: {
    type: 'object',
    required: ['size', 'exact'],
    properties: { size: bytes, exact: { type: 'boolean' }, estimate: bytes }
  },
  wastedPath: {
    type: 'object',
    required: ['path', 'removableBytes', 'cumulativeBytes', 'layers'],
    properties: {
      path,
      removableBytes: bytes,
      cumulativeBytes: bytes,
      layers: { type: 'array', maxItems: REPORT_LIMITS.layers, items: count }
    }
  },
  fileSize: {
    type: 'object',
    required: ['path', 'size', 'layer'],
    properties: { path, size: bytes, layer: count }
  },
  wasteReport: {
    type: 'object',
    required: ['efficiency', 'removableBytes', 'topPaths', 'largestFiles'],
    properties: {
      efficiency: { type: 'number', minimum: 0, maximum: 1 },
      removableBytes: bytes,
      topPaths: {
        type: 'array',
        maxItems: REPORT_LIMITS.topList,
        items: { $ref: '#/$defs/wastedPath' }
      },
      largestFiles: {
        type: 'array',
        maxItems: REPORT_LIMITS.topList,
        items: { $ref: '#/$defs/fileSize' }
      }
    }
  },
  baseSplit: {
    type: 'object',
    required: ['image', 'size', 'layerCount', 'addedSize'],
    properties: { image: path, size: bytes, layerCount: count, addedSize: signedBytes }
  },
  imageMeasurement: {
    type: 'object',
    required: ['ref', 'id', 'platform', 'size', 'layers'],
    properties: {
      ref: path,
      id: digest,
      stage: name,
      platform: name,
      size: bytes,
      // The engine's own inspect .Size where it means something else (containerd image store).
      engineSize: bytes,
      compressed: { $ref: '#/$defs/compressedSize' },
      layers: { type: 'array', maxItems: REPORT_LIMITS.layers, items: { $ref: '#/$defs/layer' } },
      waste: { $ref: '#/$defs/wasteReport' },
      base: { $ref: '#/$defs/baseSplit' },
      fileTree: { $ref: '#/$defs/fileTree' }
    }
  },
  changeSource: {
    type: 'object',
    required: ['file', 'line', 'instruction'],
    properties: {
      file: path,
      line: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
      instruction: text
    }
  },
  fileChange: {
    type: 'object',
    required: ['path', 'kind', 'change'],
    properties: {
      path,
      kind: { enum: ['added', 'removed', 'grew', 'shrank'] },
      before: bytes,
      after: bytes,
      change: signedBytes,
      files: count,
      source: { $ref: '#/$defs/changeSource' }
    }
  },
  packageChange: {
    type: 'object',
    required: ['manager', 'name', 'kind', 'change'],
    properties: {
      manager: { enum: ['dpkg', 'apk'] },
      name,
      kind: { enum: ['added', 'removed', 'changed'] },
      beforeVersion: name,
      afterVersion: name,
      before: bytes,
      after: bytes,
      change: signedBytes,
      source: { $ref: '#/$defs/changeSource' }
    }
  },
  finding: {
    type: 'object',
    required: ['rule', 'bytes', 'paths', 'message', 'fix'],
    properties: {
      rule: {
        enum: [
          'package-cache',
          'readded-file',
          'deleted-later',
          'duplicate-content',
          'build-toolchain'
        ]
      },
      bytes,
      paths: { type: 'array', maxItems: REPORT_LIMITS.topList, items: path },
      source: { $ref: '#/$defs/changeSource' },
      message: text,
      fix: text
    }
  },
  fileTree: {
    type: 'object',
    description:
      'A bounded summary of the final filesystem, for later runs to diff against: files of at least minFileSize bytes as [path, bytes], the rest as directory totals [path, bytes, files], installed OS packages as [manager, name, version, bytes]. Paths have no leading slash.',
    required: ['minFileSize', 'files', 'dirs'],
    properties: {
      minFileSize: bytes,
      files: {
        type: 'array',
        maxItems: REPORT_LIMITS.treeEntries,
        items: {
          type: 'array',
          prefixItems: [path, bytes],
          minItems: 2,
          maxItems: 2
        }
      },
      dirs: {
        type: 'array',
        maxItems: REPORT_LIMITS.treeEntries,
        items: {
          type: 'array',
          prefixItems: [path, bytes, count],
          minItems: 3,
          maxItems: 3
        }
      },
      truncated: { type: 'boolean' },
      packages: {
        type: 'array',
        maxItems: REPORT_LIMITS.treeEntries,
        items: {
          type: 'array',
          prefixItems: [{ enum: ['dpkg', 'apk'] }, name, name, bytes],
          minItems: 4,
          maxItems: 4
        }
      }
    }
  },
  budgetResult: {
    type: 'object',
    required: ['name', 'subject', 'unit', 'limit', 'actual', 'passed', 'message'],
    properties: {
      name: {
        enum: [...BUDGET_NAMES]
      },
      subject: text,
      unit: { enum: ['bytes', 'ratio', 'count'] },
      limit: { type: 'number' },
      actual: { type: 'number' },
      passed: { type: 'boolean' },
      message: text
    }
  },
  builderComparison: {
    type: 'object',
    required: ['saved', 'ratio', 'percentSaved'],
    properties: {
      saved: signedBytes,
      ratio: { type: 'number', minimum: 0 },
      percentSaved: { type: 'number' }
    }
  },
  baselineComparison: {
    type: 'object',
    required: ['change', 'changePercent'],
    properties: {
      change: signedBytes,
      changePercent: { type: 'number' },
      compressedChange: signedBytes,
      compressedChangePercent: { type: 'number' },
      unchanged: { type: 'boolean' }
    }
  }
} as const

/** The schema of `schemaVersion: 1` (one image): read, no longer written. */
export const REPORT_SCHEMA_V1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:image-size-budget:report:1',
  title: 'image-size-budget report, schemaVersion 1',
  description:
    'The JSON report of the image-size-budget action and CLI. Sizes are integer bytes. Properties not named here are allowed (later versions of schema 1 only add optional fields); strings and lists are bounded because a report read back is untrusted input.',
  type: 'object',
  required: ['schemaVersion', 'tool', 'createdAt', 'final', 'budgets', 'passed'],
  properties: {
    schemaVersion: { const: 1 },
    tool,
    createdAt,
    ...IMAGE_RESULT_PROPERTIES
  },
  $defs: DEFS
} as const

/** The schema of `schemaVersion: 2` (a run: one entry per image and platform): written now. */
export const REPORT_SCHEMA_V2 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:image-size-budget:report:2',
  title: 'image-size-budget report, schemaVersion 2',
  description:
    "The JSON report of the image-size-budget action and CLI: one run, one entry per image and platform, and the run's verdict. Sizes are integer bytes. Properties not named here are allowed (later versions of schema 2 only add optional fields); strings and lists are bounded because a report read back is untrusted input. Schema 1 (one image, the entry's fields at the top level) is docs/report.schema.v1.json.",
  type: 'object',
  required: ['schemaVersion', 'tool', 'createdAt', 'images', 'passed'],
  properties: {
    schemaVersion: { const: 2 },
    tool,
    createdAt,
    images: {
      type: 'array',
      description:
        'One entry per image and platform, in the order the run lists images, then platforms. No two entries have the same name and platform.',
      maxItems: REPORT_LIMITS.images,
      items: { $ref: '#/$defs/imageEntry' }
    },
    failures: {
      type: 'array',
      description:
        'The images (on a platform) of a run of several whose build or measurement failed, in the order the run lists them; absent when none did. Each has no entry in images, and makes passed false. Build-argument values in them are masked (***).',
      minItems: 1,
      maxItems: REPORT_LIMITS.images,
      items: { $ref: '#/$defs/runFailure' }
    },
    passed: { type: 'boolean', description: 'Every entry passed and no image failed.' }
  },
  // At least one entry, or at least one failure (a run whose every build failed).
  anyOf: [
    { properties: { images: { type: 'array', minItems: 1 } } },
    { required: ['failures'], properties: { failures: { type: 'array', minItems: 1 } } }
  ],
  $defs: {
    runFailure: {
      type: 'object',
      description:
        'An image on a platform that failed to build or be measured: what failed, where in the Dockerfile, and the last lines of the build log.',
      required: ['name', 'platform', 'message'],
      properties: {
        name: path,
        platform: name,
        message: text,
        stage: name,
        file: path,
        line: { type: 'integer', minimum: 1, maximum: MAX_SAFE },
        instruction: text,
        exitCode: { type: 'integer', minimum: -MAX_SAFE, maximum: MAX_SAFE },
        logTail: { type: 'array', maxItems: 200, items: text }
      }
    },
    imageEntry: {
      type: 'object',
      description:
        'One image on one platform: its key (name), the platform measured, and the fields of a schema-1 report other than schemaVersion, tool and createdAt.',
      required: ['name', 'platform', 'final', 'budgets', 'passed'],
      properties: {
        name: path,
        platform: name,
        ...IMAGE_RESULT_PROPERTIES
      }
    },
    ...DEFS
  }
} as const

/** The schema reports are written in: {@link REPORT_SCHEMA_V2}. */
export const REPORT_SCHEMA = REPORT_SCHEMA_V2
