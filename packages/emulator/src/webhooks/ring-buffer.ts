/**
 * A fixed-capacity buffer that keeps the newest items: the sender's delivery log must stay bounded however many
 * events a benchmark pushes through it.
 *
 * @example
 * const log = new RingBuffer<number>(2);
 * log.push(1); log.push(2); log.push(3);
 * log.toArray(); // [2, 3]
 */
export class RingBuffer<T> {
  readonly capacity: number;
  readonly #items: (T | undefined)[];
  #next = 0;
  #size = 0;
  #total = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
    this.capacity = capacity;
    this.#items = new Array<T | undefined>(capacity);
  }

  /** Items currently held. */
  get size(): number {
    return this.#size;
  }

  /** Items ever pushed, including those overwritten. */
  get total(): number {
    return this.#total;
  }

  push(item: T): void {
    this.#items[this.#next] = item;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size++;
    this.#total++;
  }

  /** Items oldest first. */
  toArray(): T[] {
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    const out: T[] = new Array<T>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#items[(start + i) % this.capacity] as T;
    return out;
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#next = 0;
    this.#size = 0;
  }
}
