import type { RedisClient } from './createRedisClient.js';
import type { LuaScript } from './luaScripts.js';

/** Runs `script` by its SHA-1, sending the source only when Redis does not know it yet. */
export async function evalScript(client: RedisClient, script: LuaScript, keys: string[], args: string[] = []): Promise<unknown> {
  try {
    return await client.evalSha(script.sha, { keys, arguments: args });
  } catch (error) {
    if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
    return await client.eval(script.source, { keys, arguments: args });
  }
}
