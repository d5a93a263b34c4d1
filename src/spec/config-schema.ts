/**
 * The JSON Schema (draft 2020-12) of the config file (`.github/image-size-budget.yml`).
 * `docs/config.schema.json` is this object written out (a unit test keeps the two equal); it
 * lives in code so the bundled action carries it. Editors complete and check the file with it
 * (`# yaml-language-server: $schema=…` or a SchemaStore entry).
 *
 * Keys are the action's input names. Values may be written as YAML numbers or strings
 * (`max-size: 31457280` or `max-size: 30MB`); the loader reads every scalar as its source text
 * and passes it through the same parsers as the inputs, which give the precise error.
 */

/** The keys of one image that are budgets, with what their values look like (for messages). */
export const BUDGET_FIELDS = {
  'max-size': 'a size like 30MB',
  'max-compressed-size': 'a size like 12MB',
  'max-ratio': 'a ratio like 0.05 or 5%',
  'max-layers': 'a whole number like 20',
  'max-wasted-size': 'a size like 5MB',
  'min-efficiency': 'a ratio like 0.95 or 95%',
  'max-increase': 'a size like 2MB or a percentage like 5%',
  'max-findings-size': 'a size like 10MB'
} as const

/** Every other key an image (or `defaults`) may set, with what its value looks like. */
export const IMAGE_FIELDS = {
  context: 'a directory path like services/api',
  file: 'a Dockerfile path like services/api/Dockerfile',
  target: 'a stage name',
  'builder-target': 'a stage name',
  'build-args': 'a map of KEY: value',
  platforms: 'a list of platforms like [linux/amd64, linux/arm64]',
  image: 'an image reference like ghcr.io/acme/api:1.2',
  'builder-image': 'an image reference',
  baseline: 'base-ref or history',
  'baseline-image': 'an image reference',
  'baseline-report': 'a report path like baseline/report.json',
  'budgets-per-platform': 'a map of platform → budgets, like {linux/arm64: {max-size: 32MB}}',
  ...BUDGET_FIELDS
} as const

const SIZE_PATTERN = '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*([bB]|[kKmMgG][iI]?[bB])?\\s*$'
const RATIO_PATTERN = '^\\s*(\\d+(\\.\\d+)?|\\.\\d+)\\s*%?\\s*$'
const PERCENT_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*%\\s*$'
const PLATFORM_PATTERN = '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$'

const text = (description: string, maxLength = 4096): Record<string, unknown> => ({
  type: 'string',
  minLength: 1,
  maxLength,
  description
})

const size = (description: string): Record<string, unknown> => ({
  description: `${description} Bytes, or a number with a unit: B, kB, MB, GB (powers of 1000), KiB, MiB, GiB (powers of 1024).`,
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: SIZE_PATTERN }
  ],
  examples: ['30MB', '1.5GiB', 31457280]
})

const ratio = (description: string): Record<string, unknown> => ({
  description: `${description} A fraction above 0 and at most 1, or a percentage.`,
  anyOf: [
    { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    { type: 'string', pattern: RATIO_PATTERN }
  ],
  examples: ['5%', 0.05]
})

/** The budgets, as one object schema's properties (shared by images and per-platform budgets). */
const budgetProperties = {
  'max-size': size('Largest uncompressed size of the final image.'),
  'max-compressed-size': size('Largest compressed size (bytes on the wire).'),
  'max-ratio': ratio('Largest final / builder uncompressed size.'),
  'max-layers': {
    description: 'Most layers the final image may have.',
    anyOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: '^\\s*\\d+\\s*$' }
    ],
    examples: [20]
  },
  'max-wasted-size': size('Largest wasted size (bytes removable by merging layers).'),
  'min-efficiency': ratio("Smallest efficiency score (dive's)."),
  'max-findings-size': size('Largest sum of the bytes the findings’ fixes would save.'),
  'max-increase': {
    description:
      'Largest growth over the baseline: a size (2MB) or a percentage of the baseline (5%). Needs a baseline.',
    anyOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: SIZE_PATTERN },
      { type: 'string', pattern: PERCENT_PATTERN }
    ],
    examples: ['5%', '2MB']
  }
} as const

const platformList = {
  description:
    'Platforms to build and measure, each its own row with its own budgets: a list, or one comma-separated string (linux/amd64,linux/arm64). Default: the engine’s platform.',
  anyOf: [
    {
      type: 'array',
      items: { type: 'string', pattern: PLATFORM_PATTERN },
      minItems: 1,
      maxItems: 32
    },
    { type: 'string', minLength: 1, maxLength: 1024 }
  ],
  examples: [['linux/amd64', 'linux/arm64']]
}

/** Properties an image and `defaults` share. */
const imageProperties = {
  context: text('Build context directory, relative to the working directory (the workspace).'),
  file: text('Dockerfile path, relative to the working directory. Default: <context>/Dockerfile.'),
  target: text('The final stage to build and measure. Default: the last stage.', 256),
  'builder-target': text(
    'The stage to compare with as the builder. Default: chosen from the stages the final stage copies from.',
    256
  ),
  'build-args': {
    description:
      'Build arguments (KEY: value). Values are read as written (1.20 stays 1.20); they may be secrets and never reach the report.',
    type: 'object',
    propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$', maxLength: 256 },
    additionalProperties: { type: ['string', 'number', 'boolean'] },
    maxProperties: 1000
  },
  platforms: platformList,
  image: text('Measure this existing image instead of building the final stage.'),
  'builder-image': text('Measure this image as the builder.'),
  baseline: {
    description:
      'base-ref: build the pull request’s base commit; history: the size history’s last entry.',
    enum: ['base-ref', 'history']
  },
  'baseline-image': text('An image to compare with (registry or local).'),
  'baseline-report': text('A JSON report of an earlier run to compare with.'),
  ...budgetProperties,
  'budgets-per-platform': {
    description:
      'Budgets for one platform, over the image’s own: e.g. linux/arm64: {max-size: 32MB}.',
    type: 'object',
    propertyNames: { pattern: PLATFORM_PATTERN },
    additionalProperties: {
      type: 'object',
      properties: budgetProperties,
      additionalProperties: false
    },
    maxProperties: 32
  }
} as const

/** The schema object (draft 2020-12). */
export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:image-size-budget:config:1',
  title: 'image-size-budget config file',
  description:
    'Several images (and platforms) measured in one run, each with its own budgets and baseline. Keys are the action’s input names. Relative paths are relative to the working directory (the workspace), like the action’s inputs.',
  type: 'object',
  required: ['images'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'The schema this file follows (for editors).' },
    version: { enum: [1, '1'], description: 'The config file format version.' },
    defaults: {
      description: 'Values every image starts from; an image’s own values replace them.',
      type: 'object',
      additionalProperties: false,
      properties: imageProperties
    },
    images: {
      description:
        'The images to measure. Each has a unique name: its key in the report and comment.',
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: {
            description:
              'The image’s key everywhere (report, summary row, comment, history). Unique.',
            type: 'string',
            pattern: '^[A-Za-z0-9][A-Za-z0-9._/:@-]*$',
            maxLength: 256
          },
          ...imageProperties
        }
      }
    }
  }
} as const
