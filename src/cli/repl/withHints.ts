import type { ReadlineCompleter } from '../../completion/ModelCommandCompleter.js';
import { factsHint } from '../../facts/formatFacts.js';
import type { ScopedModelInfo } from '../../manager/types.js';

/**
 * A readline completer whose listed candidates carry a short hint (`openai/gpt-4o (128k ·
 * $2.50/$10)`). Only a list of several gets hints: readline inserts a single match as it is, and
 * the hint follows a space no model id holds, so the common prefix readline inserts is unchanged.
 */
export function withHints(complete: ReadlineCompleter, modelInfo: (id: string) => ScopedModelInfo | undefined): ReadlineCompleter {
  return (line) => {
    const [matches, completeOn] = complete(line);
    if (matches.length < 2) return [matches, completeOn];
    return [
      matches.map((match) => {
        const info = modelInfo(match);
        const hint = info === undefined ? undefined : factsHint(info);
        return hint === undefined ? match : `${match} (${hint})`;
      }),
      completeOn,
    ];
  };
}
