/**
 * The registry client `baseline-image` uses: it lives in `src/image/registry-client.ts`, shared
 * with the registry image reader of the `image` and `builder-image` inputs.
 */
export {
  type BearerChallenge,
  type RegistryDescriptor,
  type RegistryManifest,
  type RegistryOptions,
  type RegistryRef,
  fetchRegistryManifest,
  parseBearerChallenge,
  parseRegistryRef
} from '../image/registry-client.ts'
