/** Input and output names: the action's public interface, in one place (action.yml mirrors them). */

export const Input = {
  context: 'context',
  file: 'file',
  target: 'target',
  builderTarget: 'builder-target',
  buildArgs: 'build-args',
  image: 'image',
  builderImage: 'builder-image',
  maxSize: 'max-size',
  maxCompressedSize: 'max-compressed-size',
  maxRatio: 'max-ratio',
  maxLayers: 'max-layers',
  maxWastedSize: 'max-wasted-size',
  minEfficiency: 'min-efficiency',
  failOnBudget: 'fail-on-budget',
  compressed: 'compressed',
  report: 'report',
  baseline: 'baseline',
  baselineImage: 'baseline-image',
  baselineReport: 'baseline-report',
  maxIncrease: 'max-increase',
  minChange: 'min-change',
  comment: 'comment',
  commentKey: 'comment-key',
  githubToken: 'github-token',
  mode: 'mode'
} as const

export const Output = {
  size: 'size',
  builderSize: 'builder-size',
  saved: 'saved',
  ratio: 'ratio',
  layers: 'layers',
  passed: 'passed',
  imageId: 'image-id',
  builderImageId: 'builder-image-id',
  report: 'report',
  compressedSize: 'compressed-size',
  builderCompressedSize: 'builder-compressed-size',
  compressedSizeExact: 'compressed-size-exact',
  efficiency: 'efficiency',
  wasted: 'wasted',
  addedSize: 'added-size',
  baselineSize: 'baseline-size',
  sizeChange: 'size-change',
  sizeChangePercent: 'size-change-percent',
  markdown: 'markdown'
} as const

export const TOOL_NAME = 'image-size-budget'
