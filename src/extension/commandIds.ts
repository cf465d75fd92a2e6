// Every command the extension contributes, by id. package.json lists the same ids (a test compares them).

export const COMMANDS = {
  setApiKey: 'promptyard.setApiKey',
  clearApiKey: 'promptyard.clearApiKey',
  showProviders: 'promptyard.showProviders',
  openPlayground: 'promptyard.openPlayground',
  openInPlayground: 'promptyard.openInPlayground',
  saveAsPromptFile: 'promptyard.saveAsPromptFile',
  runPromptFile: 'promptyard.runPromptFile',
  runEvals: 'promptyard.runEvals',
  runEvalTests: 'promptyard.runEvalTests',
  openEvalReport: 'promptyard.openEvalReport',
  showEvalHistory: 'promptyard.showEvalHistory',
  showSpend: 'promptyard.showSpend',
  pickLocalModel: 'promptyard.pickLocalModel',
  refreshPrompts: 'promptyard.refreshPrompts',
  showLog: 'promptyard.showLog',
  showPromptVersions: 'promptyard.showPromptVersions',
  diffPromptVersions: 'promptyard.diffPromptVersions',
  releasePrompt: 'promptyard.releasePrompt',
  promotePrompt: 'promptyard.promotePrompt',
  rollBackPrompt: 'promptyard.rollBackPrompt',
  openEvalResults: 'promptyard.openEvalResults',
  newService: 'promptyard.newService',
} as const;

export type CommandName = keyof typeof COMMANDS;

/** Commands whose handlers live in the lazily loaded features bundle (the rest are served by activate). */
export const FEATURE_COMMANDS = [
  'setApiKey',
  'clearApiKey',
  'showProviders',
  'openInPlayground',
  'saveAsPromptFile',
  'runPromptFile',
  'runEvals',
  'runEvalTests',
  'openEvalReport',
  'showEvalHistory',
  'pickLocalModel',
  'showPromptVersions',
  'diffPromptVersions',
  'releasePrompt',
  'promotePrompt',
  'rollBackPrompt',
  'openEvalResults',
  'newService',
] as const satisfies readonly CommandName[];

export type FeatureCommand = (typeof FEATURE_COMMANDS)[number];

export const VIEWS = {
  container: 'promptyard',
  playground: 'promptyard.playground',
  prompts: 'promptyard.prompts',
} as const;

export const PANEL_VIEW_TYPE = 'promptyard.playgroundPanel';

/** Context keys set with `setContext`, read by `when` clauses and the walkthrough. */
export const CONTEXT_KEYS = {
  savedPrompt: 'promptyard.savedPrompt',
} as const;
