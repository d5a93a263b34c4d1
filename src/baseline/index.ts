/**
 * Baselines: the earlier image the final image is compared with (`baseline-image`,
 * `baseline-report`, `baseline: base-ref`), the comparison and the `max-increase` budget.
 */
export type { BaseRefOptions } from './base-ref.ts'
export { baseShaFromEvent, buildBaseRef, rerootPath } from './base-ref.ts'
export type { IncreaseLimit } from './compare.ts'
export {
  DEFAULT_MIN_CHANGE,
  INCREASE_FORMS,
  compareWithBaseline,
  evaluateIncrease,
  parseIncrease
} from './compare.ts'
export type { BaselineImageContext } from './image.ts'
export { measureBaselineImage, withRegistrySizes } from './image.ts'
export type {
  RegistryDescriptor,
  RegistryManifest,
  RegistryOptions,
  RegistryRef
} from './registry.ts'
export { fetchRegistryManifest, parseRegistryRef } from './registry.ts'
export {
  MAX_REPORT_BYTES,
  SUPPORTED_SCHEMA_VERSIONS,
  loadBaselineReport,
  parseBaselineReport
} from './report.ts'
export { REPORT_SCHEMA } from './report-schema.ts'
