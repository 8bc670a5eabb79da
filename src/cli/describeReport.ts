import type { ProviderReport } from '../manager/types.js';
import { safeText } from './sanitize.js';

/** `anthropic: the API key was rejected (401)…`: why a provider failed or was skipped, naming it once, sanitized. */
export function describeProblem(report: { name: string; status: ProviderReport['status']; error?: string | undefined; code?: string | undefined }): string {
  const why = report.error ?? report.code ?? report.status;
  const named = why.startsWith(`${report.name}: `) ? why : `${report.name}: ${why}`;
  return safeText(named);
}
