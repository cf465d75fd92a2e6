// The features bundle (dist/extensionFeatures.js), required by activate() on first use: the provider
// registry and SDKs, key commands, the playground host and the run command. One owner for all of it.
import * as vscode from 'vscode';
import { isPromptyardError } from '../core/errors';
import { disposeLocalModels } from '../core/providers/localRuntime';
import { redact } from '../core/redact';
import { COMMANDS, type FeatureCommand } from './commandIds';
import type { Features, FeaturesModule } from './featuresApi';
import { describeError } from './logger';
import { pickLocalModel } from './commands/pickLocalModel';
import { runEvals } from './commands/runEvals';
import { runPromptFile } from './commands/runPromptFile';
import { registerLanguageFeatures } from './language/languageFeatures';
import { HistoryStore } from './playground/history';
import { Playgrounds } from './playground/playgrounds';
import { saveDraft } from './playground/saveDraft';
import { promptFileArgument } from './promptsTree';
import { GeneratedFiles, newService } from './scaffold/newService';
import { composeVersions, type ComposedVersions } from './prompts/versionFeatures';
import { clearApiKey, setApiKey, showProviders } from './secrets/keyCommands';
import { secretName } from './secrets/secretStore';
import { Services } from './services';
import { composeEvals, type ComposedEvals } from './testing/evalComposition';
import type { TestingHooks } from './testingHooks';

export const createFeatures: FeaturesModule['createFeatures'] = (context, channel, shell) => {
  const services = new Services(context, channel);
  const history = new HistoryStore(context.workspaceState, () => services.settings.historySize);
  const playgrounds = new Playgrounds(services, history);
  // Diagnostics, quick fixes, completion and hovers of prompt files.
  const language = registerLanguageFeatures(services);
  // The Test Explorer, the prompt files' CodeLenses, eval reports and the spend they and the playground feed.
  const evals = composeEvals(services, shell);
  // The versions in the Prompts tree, the version commands and the eval results view.
  const versions = composeVersions(services, shell.prompts);
  // New LLM Service…: the diff editor's generated side is registered on first use.
  let generated: GeneratedFiles | undefined;
  let runChannel: vscode.OutputChannel | undefined;
  const output = {
    get channel() {
      return (runChannel ??= vscode.window.createOutputChannel('Promptyard Run'));
    },
  };

  const handlers: Record<FeatureCommand, (...args: unknown[]) => Promise<unknown> | unknown> = {
    setApiKey: (arg) => setApiKey(services, arg),
    clearApiKey: (arg) => clearApiKey(services, arg),
    showProviders: () => showProviders(services),
    openInPlayground: async (arg) => {
      const uri = promptFileArgument(arg);
      if (!uri) throw new Error('Open a .prompt.yml file (or pick one in the Prompts view), then run "Open in Playground" again.');
      await playgrounds.openPanel(uri);
      return uri;
    },
    saveAsPromptFile: async () => {
      const session = playgrounds.lastActive;
      if (!session?.lastDraft) {
        await vscode.commands.executeCommand(COMMANDS.openPlayground);
        void vscode.window.showInformationMessage('Click "Save" in the playground (or run the prompt once) to save it as a prompt file.');
        return undefined;
      }
      return saveDraft(session, session.lastDraft);
    },
    runPromptFile: async (arg) => {
      const result = await runPromptFile(services, output, arg);
      if (result) services.reportSpend(result);
      return result;
    },
    runEvals: (arg) => runEvals(context.extensionPath, arg),
    pickLocalModel: () => pickLocalModel(),
    newService: (arg) =>
      newService(
        {
          extensionPath: context.extensionPath,
          extensionVersion: String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0'),
          logger: services.logger,
          priceOverrides: () => services.config.prices,
        },
        (generated ??= new GeneratedFiles()),
        arg,
      ),
    ...evals.commands,
    ...versions.commands,
  };

  const features: Features = {
    async run(command, args) {
      try {
        return await handlers[command](...args);
      } catch (error) {
        const hint = isPromptyardError(error) && error.hint ? ` ${error.hint}` : '';
        services.logger.warn(`${COMMANDS[command]} failed: ${describeError(error)}`);
        void vscode.window.showErrorMessage(redact(`${describeError(error)}${hint}`));
        return undefined;
      }
    },
    resolvePlaygroundView: (view) => playgrounds.resolveView(view),
    evals: () => evals.evals(),
    versions: () => versions.features,
    dispose() {
      versions.dispose();
      evals.dispose();
      language.dispose();
      playgrounds.dispose();
      // Frees the local model's memory when it was loaded (nothing to do otherwise).
      void disposeLocalModels().catch(() => undefined);
      runChannel?.dispose();
      generated?.dispose();
      services.dispose();
    },
  };
  if (context.extensionMode === vscode.ExtensionMode.Test) (features as { testing?: TestingHooks }).testing = testingHooks(services, playgrounds, evals, versions);
  return features;
};

function testingHooks(services: Services, playgrounds: Playgrounds, evals: ComposedEvals, versions: ComposedVersions): TestingHooks {
  return {
    secrets: services.context.secrets,
    secretName,
    createSession(post, boundFile) {
      const listeners = new Set<(raw: unknown) => void>();
      const session = playgrounds.createSession({ post, onMessage: (l) => (listeners.add(l), { dispose: () => listeners.delete(l) }) }, boundFile);
      return {
        receive: (raw) => listeners.forEach((l) => l(raw)),
        snapshot: () => session.snapshot(),
        idle: () => session.idle(),
        dispose: () => playgrounds.drop(session),
      };
    },
    endpoints: () => ({ trusted: services.trusted, names: Object.keys(services.config.endpoints), ignored: [...services.endpoints.ignored] }),
    evals: () => evals.testingHooks(),
    versions: () => versions.testingHooks(),
  };
}
