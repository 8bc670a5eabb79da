import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { createRedisClient, destroyClient, type RedisClient } from '../../../src/store/redis/createRedisClient.js';
import { evalScript } from '../../../src/store/redis/evalScript.js';
import type { LuaScript } from '../../../src/store/redis/luaScripts.js';
import { resolveRedisOptions } from '../../../src/store/redis/RedisStoreOptions.js';
import { type AdminClient, deletePrefix, describeRedis, REDIS_URL, redisAdmin, uniquePrefix } from '../../helpers/redis.js';
import { rejectionOf } from '../../helpers/thrownBy.js';

/** A script of its own for one test (a comment makes its SHA-1 one Redis has not seen). */
function script(body: string): LuaScript {
  const source = `-- ${randomUUID()}\n${body}`;
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

await describeRedis('evalScript', () => {
  let admin: AdminClient;
  let client: RedisClient;
  let prefix: string;

  beforeAll(async () => {
    admin = await redisAdmin();
  });

  afterAll(() => {
    admin.destroy();
  });

  beforeEach(async () => {
    prefix = uniquePrefix();
    client = createRedisClient(resolveRedisOptions({ url: REDIS_URL, prefix }), 'store');
    client.on('error', () => {});
    await client.connect();
  });

  afterEach(async () => {
    destroyClient(client);
    await deletePrefix(admin, prefix);
  });

  describe('when Redis does not know the script yet', () => {
    it('should send its source and give its reply', async () => {
      expect(await evalScript(client, script("return 'ran'"), [])).toBe('ran');
    });
  });

  describe('when the script Redis knows fails', () => {
    it('should pass the error on without running the script a second time from its source', async () => {
      const failing = script("redis.call('INCR', KEYS[1])\nreturn redis.error_reply('ERR failed after counting')");
      await admin.scriptLoad(failing.source);
      const counter = `${prefix}:runs`;
      const error = await rejectionOf(evalScript(client, failing, [counter]));
      expect((error as Error).message).toBe('ERR failed after counting');
      expect(await admin.get(counter)).toBe('1');
    });
  });

  describe('without arguments', () => {
    it('should run the script with an empty ARGV', async () => {
      expect(await evalScript(client, script('return #ARGV'), [])).toBe(0);
    });
  });
});
