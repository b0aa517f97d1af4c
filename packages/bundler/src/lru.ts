/**
 * A map bounded by entries and by total size that forgets the least recently used entry first. An
 * entry-count bound alone lets a few huge entries hold any amount of memory.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();
  private readonly sizes = new Map<K, number>();
  private total = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
    private readonly sizeOf: (value: V) => number = () => 0,
  ) {}

  /** Total size of the entries held, as measured by sizeOf. */
  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    const value = this.map.get(key);
    if (value === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-inserting moves the key to the end of Map's insertion order: the most recently used.
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    const size = this.sizeOf(value);
    this.remove(key);
    // An entry larger than the whole budget is not kept: it would evict everything else.
    if (size > this.maxBytes) return;
    this.map.set(key, value);
    this.sizes.set(key, size);
    this.total += size;
    while (this.map.size > this.capacity || this.total > this.maxBytes) {
      this.remove(this.map.keys().next().value as K);
    }
  }

  private remove(key: K): void {
    if (!this.map.has(key)) return;
    this.map.delete(key);
    this.total -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.sizes.clear();
    this.total = 0;
  }
}
