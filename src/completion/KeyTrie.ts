/** Ids that fit an entry: 4 194 304, far beyond any catalog. */
const IDS = 2 ** 22;
/** Key start positions (and id lengths) that fit an entry; a scoped id is at most 64 + 4 + 256 characters. */
export const POSITIONS = 512;
/** Cached nodes beyond the first two characters may hold this many times the entries before they are dropped. */
const CACHE_FACTOR = 4;
/** Entries cached nodes may hold in any trie: a small one (a provider of a few models) would forget them on almost every query. */
const MIN_CACHE = 16_384;
/** Groups of two ASCII characters are numbered `first × 128 + second`; others follow. */
const ASCII_GROUPS = 128 * 128;
const EMPTY = new Float64Array(0);
const SLASH = 0x2f;

/**
 * Every place a key starts in a list of lower-cased ids, as one number each:
 * `((tier × POSITIONS + id length) × IDS + id index) × POSITIONS + position`, so numeric order is
 * ranking order: tier, then shorter ids, then the list's own (code-unit) order. The ids are read
 * once, entries bucketed by the first two characters of their key into one buffer; a bucket is
 * sorted (natively, as numbers) the first time a query needs it, and the node of a longer prefix
 * is a stable partition of its parent's, so it is sorted already. No string is sliced or
 * compared to build it.
 */
export class KeyTrie {
  readonly #lower: readonly string[];
  /** Per id, a bit for each character it holds (code unit mod 32), read in the same pass, for a fuzzy matcher's quick "cannot match". */
  readonly masks: Int32Array;
  /** The two-character nodes, each a range of one buffer, by `first × 65536 + second`. */
  readonly #groups = new Map<number, Float64Array>();
  readonly #sorted = new Set<Float64Array>();
  /** Nodes of one character, and of three or more, as they are asked for. */
  readonly #nodes = new Map<string, Float64Array>();
  readonly #entries: number;
  #deepEntries = 0;

  /** `lower`: lower-cased ids in code-unit order; `separator` lower-cased. */
  constructor(lower: readonly string[], separator: string) {
    this.#lower = lower;
    this.masks = new Int32Array(lower.length);
    const separatorCode = separator.length === 1 ? separator.charCodeAt(0) : -1;
    // Per id: the best tier found at each position (-1: none yet), and the positions marked.
    const tierAt = new Int8Array(POSITIONS).fill(-1);
    const marked = new Int32Array(POSITIONS);
    let entries = new Float64Array(Math.max(16, lower.length * 12));
    let groupOf = new Int32Array(entries.length);
    const otherGroups = new Map<number, number>();
    let count = 0;
    let end = 0;
    let total = 0;
    const mark = (start: number, tier: number): void => {
      if (start <= 0 || start >= end) return;
      const known = tierAt[start] as number;
      if (known === -1) marked[count++] = start;
      if (known === -1 || tier < known) tierAt[start] = tier;
    };
    for (let index = 0; index < lower.length && index < IDS; index++) {
      const id = lower[index] as string;
      end = Math.min(id.length, POSITIONS);
      count = 0;
      tierAt[0] = 0;
      marked[count++] = 0;
      const modelStart = id.indexOf(separator);
      let mask = 0;
      // The model id and the text after each `/` start segments (ranking tier 2, here 1); every
      // other separator and `- . : _` start words (tier 3, here 2).
      for (let at = 0; at < end; at++) {
        const code = id.charCodeAt(at);
        mask |= 1 << (code & 31);
        if (at === modelStart) mark(at + separator.length, 1);
        if (code === SLASH) mark(at + 1, 1);
        else if (code === 0x2d || code === 0x2e || code === 0x3a || code === 0x5f || code === separatorCode) mark(at + 1, 2);
        if (separatorCode === -1 && id.startsWith(separator, at)) mark(at + separator.length, 2);
      }
      this.masks[index] = mask;
      if (total + count > entries.length) {
        entries = grow(entries, total + count);
        groupOf = grow(groupOf, entries.length);
      }
      const ranked = (end * IDS + index) * POSITIONS;
      for (let i = 0; i < count; i++) {
        const at = marked[i] as number;
        const first = id.charCodeAt(at);
        const second = at + 1 < id.length ? id.charCodeAt(at + 1) : 0;
        let group = first * 128 + second;
        if (first >= 128 || second >= 128) {
          const key = first * 65536 + second;
          group = otherGroups.get(key) ?? ASCII_GROUPS + otherGroups.size;
          otherGroups.set(key, group);
        }
        entries[total] = (tierAt[at] as number) * POSITIONS * IDS * POSITIONS + ranked + at;
        groupOf[total++] = group;
        tierAt[at] = -1;
      }
    }
    this.#entries = total;
    this.#bucket(entries.subarray(0, total), groupOf, ASCII_GROUPS + otherGroups.size, otherGroups);
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

  /** Counting sort of the entries into one buffer, a range per group; only the groups used are walked (a small list uses few of them). */
  #bucket(entries: Float64Array, groupOf: Int32Array, groups: number, otherGroups: ReadonlyMap<number, number>): void {
    const counts = new Int32Array(groups);
    const used: number[] = [];
    for (let i = 0; i < entries.length; i++) {
      const group = groupOf[i] as number;
      if (counts[group] === 0) used.push(group);
      counts[group] = (counts[group] as number) + 1;
    }
    used.sort((a, b) => a - b);
    // From here on, `counts` holds where each group's next entry goes.
    const starts = new Int32Array(used.length + 1);
    for (let u = 0; u < used.length; u++) {
      const group = used[u] as number;
      const count = counts[group] as number;
      counts[group] = starts[u] as number;
      starts[u + 1] = (starts[u] as number) + count;
    }
    const buffer = new Float64Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const group = groupOf[i] as number;
      const to = counts[group] as number;
      buffer[to] = entries[i] as number;
      counts[group] = to + 1;
    }
    const keyOf = (group: number): number => Math.floor(group / 128) * 65536 + (group % 128);
    const keys = new Map<number, number>([...otherGroups].map(([key, group]) => [group, key]));
    for (let u = 0; u < used.length; u++) {
      const group = used[u] as number;
      this.#groups.set(group < ASCII_GROUPS ? keyOf(group) : (keys.get(group) as number), buffer.subarray(starts[u], starts[u + 1]));
    }
  }

  #node(typed: string): Float64Array {
    if (typed.length >= 2 && !this.#groups.has(typed.charCodeAt(0) * 65536 + typed.charCodeAt(1))) return EMPTY;
    if (typed.length === 2) return this.#group(typed.charCodeAt(0) * 65536 + typed.charCodeAt(1));
    const prefix = typed.slice(0, 64);
    const cached = this.#nodes.get(prefix);
    if (cached !== undefined) return cached;
    if (prefix.length === 1) return this.#remember(prefix, this.#firstCharacterNode(prefix.charCodeAt(0)));
    this.#split(prefix.slice(0, -1));
    // No key goes on this way: remembered too, or every such query would split its parent again.
    return this.#nodes.get(prefix) ?? this.#remember(prefix, EMPTY);
  }

  /** A two-character node, sorted in place the first time it is asked for. */
  #group(key: number): Float64Array {
    const group = this.#groups.get(key);
    if (group === undefined) return EMPTY;
    if (!this.#sorted.has(group)) {
      group.sort();
      this.#sorted.add(group);
    }
    return group;
  }

  /** The node of a one-character prefix: every two-character node under it, merged. */
  #firstCharacterNode(first: number): Float64Array {
    const parts = [...this.#groups].filter(([key]) => Math.floor(key / 65536) === first).map(([, group]) => group);
    const merged = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      merged.set(part, offset);
      offset += part.length;
    }
    return merged.sort();
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
    if (this.#deepEntries > Math.max(CACHE_FACTOR * this.#entries, MIN_CACHE)) this.#forgetDeepNodes();
    // A stable partition of a sorted node: every child is sorted already.
    for (const [next, entries] of children) this.#remember(parent + next, Float64Array.from(entries));
  }

  #remember(prefix: string, node: Float64Array): Float64Array {
    this.#nodes.set(prefix, node);
    if (prefix.length > 2) this.#deepEntries += Math.max(node.length, 1);
    return node;
  }

  /** Bounds the memory of many distinct queries: deeper nodes are cheap to split again. */
  #forgetDeepNodes(): void {
    for (const key of [...this.#nodes.keys()]) if (key.length > 2) this.#nodes.delete(key);
    this.#deepEntries = 0;
  }
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

function grow<T extends Float64Array | Int32Array>(array: T, atLeast: number): T {
  const larger = new (array.constructor as new (length: number) => T)(Math.max(atLeast, array.length * 2));
  larger.set(array);
  return larger;
}
