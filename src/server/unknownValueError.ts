import { closestWord } from '../capabilities/closestWord.js';
import { HttpError } from './HttpError.js';

/**
 * The 400 for a request naming something that does not exist: lists the valid values
 * and suggests the closest, e.g. `unknown capability "embeddings"; did you mean "embedding"? …`.
 */
export function unknownValueError(noun: string, value: string, valid: readonly string[], param = noun): HttpError {
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  const closest = closestWord(value, valid);
  const hint = closest === undefined ? '' : ` did you mean ${JSON.stringify(closest)}?`;
  const list = valid.length === 0 ? `no ${noun} is configured` : `valid values: ${valid.join(', ')}`;
  return new HttpError(400, `unknown_${noun}`, `unknown ${noun} ${shown};${hint} ${list}`, { param });
}
