import { createHash } from 'node:crypto';

/** A Lua script and its SHA-1, for `EVALSHA` with an `EVAL` fallback. */
export interface LuaScript {
  source: string;
  sha: string;
}

function script(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

// The generation as a string: '0' when absent, the integer when it is one, and otherwise a
// marker that differs from every good value (so a corrupt counter reads as "changed").
const READ_GENERATION = `
local function read_generation(key)
  local raw = redis.pcall('GET', key)
  if type(raw) == 'table' then return 'corrupt:' .. redis.call('TYPE', key).ok end
  if raw == false then return '0' end
  if #raw <= 18 and string.match(raw, '^%-?%d+$') then return raw end
  return 'corrupt:' .. redis.sha1hex(raw)
end
`;

/**
 * Reads the generation and the entries atomically, so the generation returned is the one
 * the entries belong to. KEYS: generation, entry… Returns {generation, entry…} where each
 * entry is its JSON, false when absent, or {type} when the key holds another type.
 */
export const LOAD_SCRIPT = script(`${READ_GENERATION}
local result = { read_generation(KEYS[1]) }
for i = 2, #KEYS do
  local raw = redis.pcall('GET', KEYS[i])
  if type(raw) == 'table' then raw = { redis.call('TYPE', KEYS[i]).ok } end
  result[i] = raw
end
return result
`);

/**
 * The conditional write. KEYS: entry, generation. ARGV: entry JSON, fetchedAt, provider,
 * fingerprint, the SHA-1 of a stored value the caller found unreadable (or ''), and '1' when
 * fetchedAt came from the caller's clock: it is then capped at TIME (in the JSON as well).
 * A stored entry that is readable and at least as new wins: returns {0, stored JSON,
 * generation, SHA-1 of the stored JSON}. Otherwise (nothing, garbage, wrong type, older)
 * the entry is written and the generation incremented — a corrupt counter is replaced by a
 * fresh value from TIME — and it returns {1, entry JSON, new generation, '', fetchedAt}.
 */
export const COMMIT_SCRIPT = script(`${READ_GENERATION}
local function readable(raw)
  if type(raw) ~= 'string' or redis.sha1hex(raw) == ARGV[5] then return nil end
  local ok, stored = pcall(cjson.decode, raw)
  if not ok or type(stored) ~= 'table' then return nil end
  local at = stored.fetchedAt
  if type(at) ~= 'number' or at ~= at or at == math.huge or at == -math.huge then return nil end
  if type(stored.models) ~= 'table' then return nil end
  if stored.provider ~= ARGV[3] or stored.fingerprint ~= ARGV[4] then return nil end
  return stored
end

local json, at = ARGV[1], ARGV[2]
if ARGV[6] == '1' then
  local time = redis.call('TIME')
  local now = time[1] .. string.format('%03d', math.floor(tonumber(time[2]) / 1000))
  if tonumber(now) < tonumber(at) then
    -- The caller wrote "fetchedAt" before any string, and a JSON string cannot hold an unescaped quote.
    local field = '"fetchedAt":' .. at
    local from, to = string.find(json, field, 1, true)
    json = string.sub(json, 1, from - 1) .. '"fetchedAt":' .. now .. string.sub(json, to + 1)
    at = now
  end
end

local raw = redis.pcall('GET', KEYS[1])
local stored = readable(raw)
if stored ~= nil and stored.fetchedAt >= tonumber(at) then
  return { 0, raw, read_generation(KEYS[2]), redis.sha1hex(raw) }
end
redis.call('SET', KEYS[1], json)
local bumped = redis.pcall('INCR', KEYS[2])
if type(bumped) == 'table' then
  local now = redis.call('TIME')
  redis.call('SET', KEYS[2], now[1] .. string.format('%06d', tonumber(now[2])))
end
return { 1, json, redis.call('GET', KEYS[2]), '', at }
`);

// A lock is held while its key is a string with an expiry; anything else there (a value of
// another type, a string without expiry) is debris that would block the lock for ever.
const LOCK_HELD = `
local function held(key)
  local kind = redis.call('TYPE', key).ok
  if kind == 'none' then return false end
  if kind == 'string' and redis.call('PTTL', key) > 0 then return true end
  redis.call('DEL', key)
  return false
end
`;

/** KEYS: lock. ARGV: token, ttl ms. Returns 1 when taken, 0 while another holder has it. */
export const LOCK_SCRIPT = script(`${LOCK_HELD}
if held(KEYS[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** KEYS: lock. Returns 1 while a holder has it. */
export const IS_LOCKED_SCRIPT = script(`${LOCK_HELD}
if held(KEYS[1]) then return 1 end
return 0
`);

/** KEYS: lock. ARGV: token. Deletes the lock only if `token` still owns it; returns 1 if it did. */
export const UNLOCK_SCRIPT = script(`
if redis.call('TYPE', KEYS[1]).ok == 'string' and redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);
