/**
 * One ranking tier of the completion index: lower-cased keys in sorted order, each owned by
 * an id's rank (0 = the best-ranked id). A query binary-searches the range of keys that start
 * with the typed text, then walks a segment tree over the owners of that range to visit them
 * best-first, so the cost grows with the number of results wanted, not with the range.
 */
export class PrefixTier {
  readonly #keys: string[];
  /** Leaves from `#size`: the owner of each key in key order; inner nodes: the least owner below. */
  readonly #tree: Int32Array;
  readonly #size: number;

  /** `keys[i]` is owned by `owners[i]`; both arrays are consumed as they are. */
  constructor(keys: readonly string[], owners: readonly number[]) {
    const order = Array.from(keys.keys()).sort((a, b) => compare(keys[a] as string, keys[b] as string) || (owners[a] as number) - (owners[b] as number));
    this.#keys = order.map((i) => keys[i] as string);
    let size = 1;
    while (size < order.length) size *= 2;
    this.#size = size;
    this.#tree = new Int32Array(2 * size).fill(NONE);
    order.forEach((from, to) => {
      this.#tree[size + to] = owners[from] as number;
    });
    for (let node = size - 1; node >= 1; node--) {
      this.#tree[node] = Math.min(this.#tree[2 * node] as number, this.#tree[2 * node + 1] as number);
    }
  }

  /**
   * Calls `visit` with the owner of every key that starts with `prefix`, least owner first
   * (an owner with several such keys comes once per key), until `visit` returns false.
   */
  visitMatches(prefix: string, visit: (owner: number) => boolean): void {
    const lo = this.#lowerBound(prefix);
    const hi = this.#endOfPrefix(prefix, lo);
    if (lo >= hi) return;
    const heap = new NodeHeap(this.#tree);
    // The canonical nodes that exactly cover [lo, hi).
    for (let l = lo + this.#size, r = hi + this.#size; l < r; l >>= 1, r >>= 1) {
      if (l & 1) heap.push(l++);
      if (r & 1) heap.push(--r);
    }
    for (let node = heap.pop(); node !== undefined; node = heap.pop()) {
      if (node >= this.#size) {
        if (!visit(this.#tree[node] as number)) return;
      } else {
        heap.push(2 * node);
        heap.push(2 * node + 1);
      }
    }
  }

  /** The first index whose key is not below `prefix`. */
  #lowerBound(prefix: string): number {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#keys[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first index from `lo` whose key does not start with `prefix` (those that do are contiguous). */
  #endOfPrefix(prefix: string, lo: number): number {
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#keys[mid] as string).startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Marks padding leaves: greater than any owner. */
const NONE = 0x7fffffff;

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A binary min-heap of tree nodes, ordered by the least owner below each node. */
class NodeHeap {
  readonly #nodes: number[] = [];
  readonly #tree: Int32Array;

  constructor(tree: Int32Array) {
    this.#tree = tree;
  }

  push(node: number): void {
    const value = this.#tree[node] as number;
    if (value === NONE) return;
    const nodes = this.#nodes;
    let at = nodes.length;
    nodes.push(node);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const above = nodes[parent] as number;
      if ((this.#tree[above] as number) <= value) break;
      nodes[at] = above;
      at = parent;
    }
    nodes[at] = node;
  }

  pop(): number | undefined {
    const nodes = this.#nodes;
    const top = nodes[0];
    const last = nodes.pop();
    if (top === undefined || last === undefined || nodes.length === 0) return top;
    const value = this.#tree[last] as number;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= nodes.length) break;
      const right = child + 1;
      if (right < nodes.length && (this.#tree[nodes[right] as number] as number) < (this.#tree[nodes[child] as number] as number)) child = right;
      if ((this.#tree[nodes[child] as number] as number) >= value) break;
      nodes[at] = nodes[child] as number;
      at = child;
    }
    nodes[at] = last;
    return top;
  }
}
