/** Ids that fit an entry: 4 194 304, far beyond any catalog. */
const IDS = 2 ** 22;
/** Key start positions (and id lengths) that fit an entry; a scoped id is at most 64 + 4 + 256 characters. */
export const POSITIONS = 512;
/** Cached nodes beyond the first two characters may hold this many entries per id before they are dropped: some four times an id's keys. */
const CACHE_PER_ID = 40;
/** Entries cached nodes may hold in any trie: a small one (a provider of a few models) would forget them on almost every query. */
const MIN_CACHE = 16_384;
const EMPTY = new Float64Array(0);
const SLASH = 0x2f;

/**
 * Every place a key starts in a list of lower-cased ids, as one number each:
 * `((tier × POSITIONS + id length) × IDS + id index) × POSITIONS + position`, so numeric order is
 * ranking order: tier, then shorter ids, then the list's own (code-unit) order. A key starts at
 * the start of an id (tier 0), of its model id or after a `/` (tier 1), or after any other
 * separator or `- . : _` (tier 2).
 *
 * Nothing is read until a query asks: the node of a word's first one or two characters is
 * found by one native `indexOf` pass over the ids (most hold none of them) and sorted by a
 * counting sort on rank; the node of a longer prefix is a stable partition of its parent's, so it
 * is sorted already. A query thus pays for the keys it can reach, not for every key of every id.
 */
export class KeyTrie {
  readonly #lower: readonly string[];
  readonly #separator: string;
  /** Nodes of one character (by `-1 - code`) and two (by `first × 65536 + second`), once read: each a pass over every id. */
  readonly #heads = new Map<number, Float64Array>();
  /** Nodes of three or more characters, as they are asked for. */
  readonly #nodes = new Map<string, Float64Array>();
  #deepEntries = 0;
  #masks: Int32Array | undefined;

  /** `lower`: lower-cased ids in code-unit order; `separator` lower-cased. */
  constructor(lower: readonly string[], separator: string) {
    this.#lower = lower;
    this.#separator = separator;
  }

  /** Per id, a bit for each character among its first {@link POSITIONS} (code unit mod 32), for a fuzzy matcher's quick "cannot match"; read once, on first use. */
  get masks(): Int32Array {
    return (this.#masks ??= characterMasks(this.#lower));
  }

  /**
   * The keys that start with the first characters of `typed` (non-empty), best first; read
   * each with {@link keyIndex}, {@link keyStart} and {@link keyRank}. The caller checks the whole of `typed`.
   */
  keys(typed: string): Float64Array {
    return this.#node(typed);
  }

  /**
   * Calls `visit(index, at, rank)` for every key that starts with the first characters of
   * `typed` (non-empty), best first, until it returns false. The caller checks the whole of
   * `typed`. `rank` is `tier × POSITIONS + id length`: the order of keys across two tries.
   */
  visit(typed: string, visit: (index: number, at: number, rank: number) => boolean): void {
    const node = this.#node(typed);
    for (let i = 0; i < node.length; i++) {
      const entry = node[i] as number;
      const at = entry % POSITIONS;
      const ranked = (entry - at) / POSITIONS;
      if (!visit(ranked % IDS, at, Math.floor(ranked / IDS))) return;
    }
  }

  #node(typed: string): Float64Array {
    // Most parts hold no key that starts like the word: a number-keyed lookup says so at once.
    const head = this.#head(typed);
    if (typed.length <= 2 || head.length === 0) return head;
    const prefix = typed.slice(0, 64);
    const cached = this.#nodes.get(prefix);
    if (cached !== undefined) return cached;
    this.#split(prefix.slice(0, -1));
    // No key goes on this way: remembered too, or every such query would split its parent again.
    return this.#nodes.get(prefix) ?? this.#remember(prefix, EMPTY);
  }

  /** The node of the first one or two characters of `typed`, read from the ids the first time. */
  #head(typed: string): Float64Array {
    const key = typed.length === 1 ? -1 - typed.charCodeAt(0) : typed.charCodeAt(0) * 65536 + typed.charCodeAt(1);
    let node = this.#heads.get(key);
    if (node === undefined) {
      node = this.#read(typed.slice(0, 2));
      this.#heads.set(key, node);
    }
    return node;
  }

  /** Every key that starts with `head`, sorted: native `indexOf` finds the candidates, and a look at the character before each tells its tier. */
  #read(head: string): Float64Array {
    const lower = this.#lower;
    const separator = this.#separator;
    const entries: number[] = [];
    for (let index = 0; index < lower.length && index < IDS; index++) {
      const id = lower[index] as string;
      let at = id.indexOf(head);
      if (at === -1) continue;
      const end = Math.min(id.length, POSITIONS);
      const separatorAt = id.indexOf(separator);
      const modelStart = separatorAt === -1 ? -1 : separatorAt + separator.length;
      const ranked = (end * IDS + index) * POSITIONS;
      for (; at !== -1 && at < end; at = id.indexOf(head, at + 1)) {
        const tier = tierAt(id, at, modelStart, separator);
        if (tier !== -1) entries.push(tier * POSITIONS * IDS * POSITIONS + ranked + at);
      }
    }
    return entries.length === 0 ? EMPTY : byRank(entries);
  }

  /** Builds the node of every one-character extension of `parent` (at least two characters). */
  #split(parent: string): void {
    const node = this.#node(parent);
    const depth = parent.length;
    const children = new Map<string, number[]>();
    for (let i = 0; i < node.length; i++) {
      const entry = node[i] as number;
      const at = entry % POSITIONS;
      const id = this.#lower[((entry - at) / POSITIONS) % IDS] as string;
      if (at + depth >= id.length) continue;
      const next = id[at + depth] as string;
      let child = children.get(next);
      if (child === undefined) children.set(next, (child = []));
      child.push(entry);
    }
    if (this.#deepEntries > Math.max(CACHE_PER_ID * this.#lower.length, MIN_CACHE)) this.#forgetDeepNodes();
    // A stable partition of a sorted node: every child is sorted already.
    for (const [next, entries] of children) this.#remember(parent + next, Float64Array.from(entries));
  }

  #remember(prefix: string, node: Float64Array): Float64Array {
    this.#nodes.set(prefix, node);
    this.#deepEntries += Math.max(node.length, 1);
    return node;
  }

  /** Bounds the memory of many distinct queries: deeper nodes are cheap to split again. */
  #forgetDeepNodes(): void {
    this.#nodes.clear();
    this.#deepEntries = 0;
  }
}

/**
 * The tier of a key starting at `at` (0 < at < the id's first {@link POSITIONS}), or -1 when no
 * key starts there: the model id and the text after each `/` start segments (tier 1); every
 * other separator and `- . : _` start words (tier 2).
 */
function tierAt(id: string, at: number, modelStart: number, separator: string): number {
  if (at === 0) return 0;
  const before = id.charCodeAt(at - 1);
  if (before === SLASH || at === modelStart) return 1;
  if (before === 0x2d || before === 0x2e || before === 0x3a || before === 0x5f) return 2;
  return at >= separator.length && id.startsWith(separator, at - separator.length) ? 2 : -1;
}

/**
 * Entries made in id, then position order, sorted: a stable counting sort by rank (tier and id
 * length, fewer than 3 × {@link POSITIONS} values) keeps that order within a rank, in linear time.
 */
function byRank(entries: readonly number[]): Float64Array {
  const starts = new Int32Array(3 * POSITIONS + 1);
  for (const entry of entries) {
    const next = keyRank(entry) + 1;
    starts[next] = (starts[next] as number) + 1;
  }
  for (let rank = 1; rank < starts.length; rank++) starts[rank] = (starts[rank] as number) + (starts[rank - 1] as number);
  const sorted = new Float64Array(entries.length);
  for (const entry of entries) {
    const rank = keyRank(entry);
    const to = starts[rank] as number;
    sorted[to] = entry;
    starts[rank] = to + 1;
  }
  return sorted;
}

/** Per id, a bit for each character among its first {@link POSITIONS} (code unit mod 32). */
function characterMasks(lower: readonly string[]): Int32Array {
  const masks = new Int32Array(lower.length);
  for (let index = 0; index < lower.length; index++) {
    const id = lower[index] as string;
    const end = Math.min(id.length, POSITIONS);
    let mask = 0;
    for (let at = 0; at < end; at++) mask |= 1 << (id.charCodeAt(at) & 31);
    masks[index] = mask;
  }
  return masks;
}

/** The index of the id a key (an entry of {@link KeyTrie.keys}) belongs to. */
export function keyIndex(key: number): number {
  return ((key - (key % POSITIONS)) / POSITIONS) % IDS;
}

/** Where a key starts in its id. */
export function keyStart(key: number): number {
  return key % POSITIONS;
}

/** A key's `tier × POSITIONS + id length`: the order of keys across two tries. */
export function keyRank(key: number): number {
  return Math.floor((key - (key % POSITIONS)) / POSITIONS / IDS);
}
