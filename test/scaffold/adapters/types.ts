// One adapter per stack: how to install a generated project with its own toolchain, run its own checks,
// and start it. Everything else in the harness is stack-agnostic.
export interface StackAdapter {
  stack: string;
  /** Extra `promptyard scaffold` options (all stacks get --redis). */
  scaffoldArgs?: string[];
  /** Why this stack cannot run here (a missing toolchain), or undefined. */
  unavailable?(): Promise<string | undefined>;
  install(dir: string): Promise<void>;
  /** The project's own test suite. */
  ownTests(dir: string): Promise<void>;
  /** Its own static checks (typecheck, lint, ...). */
  lint(dir: string): Promise<void>;
  /** Builds what `start` needs (once). */
  build?(dir: string): Promise<void>;
  /** The command that starts the service; the harness adds the environment (HOST, PORT, LLM_*, ...). */
  startCommand(dir: string): { command: string; args: string[] };
}
