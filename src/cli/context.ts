// What every command gets: the working directory, flags, a logger, lazily loaded config and keys.
import type { ParseArgsConfig } from 'node:util';
import type { PromptyardConfig } from '../core/config';
import { defaultConfig } from '../core/config';
import { findConfigFile, loadConfigFile } from '../core/configFile';
import type { Logger } from '../core/ports';
import { CliSecretStore } from './keychain';

export interface CliContext {
  cwd: string;
  debug: boolean;
  logger: Logger;
  /** Aborted on the first Ctrl-C. */
  signal: AbortSignal;
  config(): Promise<PromptyardConfig>;
  /** The config file in use, if any (after config() resolved). */
  configFile(): string | undefined;
  secrets(): Promise<CliSecretStore>;
}

export interface CommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text shown by `promptyard <name> --help`. */
  help: string;
  /** Help for the arguments after the command name (subcommands), when it differs from `help`. */
  helpFor?(rest: string[]): string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: CommandArgs, ctx: CliContext): Promise<number>;
}

export function createContext(options: { cwd: string; debug: boolean; logger: Logger; signal: AbortSignal; configPath?: string }): CliContext {
  let config: Promise<PromptyardConfig> | undefined;
  let file: string | undefined = options.configPath;
  let secrets: Promise<CliSecretStore> | undefined;
  const ctx: CliContext = {
    cwd: options.cwd,
    debug: options.debug,
    logger: options.logger,
    signal: options.signal,
    config() {
      config ??= (async () => {
        file ??= findConfigFile(options.cwd);
        return file ? loadConfigFile(file) : defaultConfig();
      })();
      return config;
    },
    configFile: () => file,
    secrets() {
      secrets ??= ctx.config().then((c) => new CliSecretStore(c));
      return secrets;
    },
  };
  return ctx;
}
