/** The docker CLI: detect the build path, build a target, inspect an image. */
export type { Engine, EngineProbe } from './detect.ts'
export { decideEngine, detectEngine, probeEngine } from './detect.ts'
export type { BuildRequest, BuildResult } from './build.ts'
export { BuildError, buildArgs, buildTarget } from './build.ts'
export type { ImageInspect } from './inspect.ts'
export { imageExists, inspectImage, removeImage } from './inspect.ts'
