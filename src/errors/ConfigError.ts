import { ScopedModelsError } from './ScopedModelsError.js';

/** One problem in a configuration: where (`providers[1].models`) and what is expected. */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** A configuration that cannot be used; `issues` names every bad field. */
export class ConfigError extends ScopedModelsError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source?: string) {
    const where = source === undefined ? 'the configuration' : source;
    const lines = issues.map((issue) => `  - ${issue.path || '(root)'}: ${issue.message}`);
    super('config_invalid', `${where} is invalid; fix these fields:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}
