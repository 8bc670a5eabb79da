import { ScopedModelsError } from './ScopedModelsError.js';

/** One problem in a configuration: where (`providers[1].models`) and what is expected. */
export interface ConfigIssue {
  path: string;
  message: string;
  /** The 1-based line of the field in the file, when the configuration was read from one. */
  line?: number;
  /** The 1-based column of the field in the file. */
  column?: number;
  /** The name of the provider the field belongs to, when it has one. */
  provider?: string;
}

/** A configuration that cannot be used; `issues` names every bad field. */
export class ConfigError extends ScopedModelsError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], source?: string) {
    const where = source === undefined ? 'the configuration' : source;
    const [only] = issues;
    // A problem with the whole file (missing, unreadable) reads better on one line.
    const message =
      issues.length === 1 && only !== undefined && only.path === '' && only.line === undefined
        ? `${where}: ${only.message}`
        : `${where} is invalid; fix these fields:\n${issues.map((issue) => `  - ${describeIssue(issue)}`).join('\n')}`;
    super('config_invalid', message);
    this.issues = issues;
  }
}

function describeIssue(issue: ConfigIssue): string {
  const context = [
    ...(issue.provider === undefined ? [] : [`provider "${issue.provider}"`]),
    ...(issue.line === undefined ? [] : [`line ${issue.line}, column ${issue.column ?? 1}`]),
  ];
  return `${issue.path || '(root)'}${context.length > 0 ? ` (${context.join(', ')})` : ''}: ${issue.message}`;
}
