/**
 * Which config file a run reads, apart from src/spec/config-file.ts so that a run without one
 * does not load the YAML parser and the schema validator.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Input } from '../constants.ts'

/** The config file used when the `config` input is empty and this file exists. */
export const DEFAULT_CONFIG_PATH = '.github/image-size-budget.yml'

/** The input naming the config file (`Input.config`). */
export const CONFIG_INPUT = Input.config

/**
 * Which config file to read: the `config` input (which must exist), else
 * {@link DEFAULT_CONFIG_PATH} under `workspace` when present, else none.
 *
 * @throws Error naming the `config` input when the file it names does not exist.
 */
export function resolveConfigPath(input: string, workspace = '.'): string | undefined {
  const path = input.trim()
  if (path !== '') {
    if (!existsSync(path)) {
      throw new Error(
        `Input ${CONFIG_INPUT}: "${path}" does not exist. Set config to the config file's path, e.g. ${DEFAULT_CONFIG_PATH}.`
      )
    }
    return path
  }
  const fallback = join(workspace, DEFAULT_CONFIG_PATH)
  return existsSync(fallback) ? fallback : undefined
}
