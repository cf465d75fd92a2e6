// The fixture most scenario files share: a copy of the example workspace, the test LLM server when the file
// needs one, and one VS Code window on the workspace — opened before the file's tests, closed after them
// (window, server, folder), with a screenshot of the page when a test fails. Call it at the top of a
// `describe`; the returned object is filled in before the first test runs.
import { startLlmServer, type LlmServer, type LlmServerOptions } from '../../support/llmServer';
import { screenshotOnFailure } from './artifacts';
import { openWorkbench, type Workbench, type WorkbenchOptions } from './workbench';
import { copyExampleWorkspace, type TempWorkspace } from './workspace';

export interface Scenario {
  /** The test LLM server; only when `llm` was given. */
  llm: LlmServer;
  ws: TempWorkspace;
  wb: Workbench;
}

export interface ScenarioOptions {
  /** Start the test LLM server (with these options, or its defaults for `true`). */
  llm?: LlmServerOptions | true;
  /** Runs on the workspace copy before the window opens (releases, stored runs, files). */
  prepare?: (ws: TempWorkspace) => Promise<void> | void;
  /** The window's environment and settings; may use the server's URLs. */
  window?: (scenario: Pick<Scenario, 'llm' | 'ws'>) => Promise<Omit<WorkbenchOptions, 'folder'>> | Omit<WorkbenchOptions, 'folder'>;
}

export function workbenchScenario(options: ScenarioOptions = {}): Scenario {
  const scenario = {} as Scenario;
  screenshotOnFailure(() => scenario.wb?.page);

  before(async () => {
    if (options.llm) scenario.llm = await startLlmServer(options.llm === true ? {} : options.llm);
    scenario.ws = copyExampleWorkspace();
    await options.prepare?.(scenario.ws);
    const window = (await options.window?.(scenario)) ?? {};
    scenario.wb = await openWorkbench({ ...window, folder: scenario.ws.dir });
  });

  after(async () => {
    await scenario.wb?.close();
    await scenario.llm?.close();
    scenario.ws?.remove();
  });

  return scenario;
}
