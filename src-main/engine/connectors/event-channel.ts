// A bounded queue that lets several concurrent producers feed one async consumer, with backpressure:
// a producer awaits `push` while the consumer (the store's write path) is behind.

interface Waiter<T> {
  resolve: (result: IteratorResult<T>) => void;
  reject: (error: unknown) => void;
}

export class EventChannel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly consumers: Waiter<T>[] = [];
  private readonly producers: (() => void)[] = [];
  private closed = false;
  private failure: { error: unknown } | null = null;

  constructor(private readonly capacity: number) {}

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((resolve) => this.producers.push(resolve));
    }
    if (this.closed) return;
    const consumer = this.consumers.shift();
    if (consumer) consumer.resolve({ value: item, done: false });
    else this.items.push(item);
  }

  /** No more items; the consumer drains what is queued, then ends. */
  close(): void {
    this.closed = true;
    for (const consumer of this.consumers.splice(0)) consumer.resolve({ value: undefined, done: true });
    for (const producer of this.producers.splice(0)) producer();
  }

  /** The consumer gets `error` once the queued items are drained. */
  fail(error: unknown): void {
    this.failure = { error };
    for (const consumer of this.consumers.splice(0)) consumer.reject(error);
    this.close();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.items.length > 0) {
          const item = this.items.shift() as T;
          this.producers.shift()?.();
          return Promise.resolve({ value: item, done: false });
        }
        if (this.failure) return Promise.reject(this.failure.error);
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => this.consumers.push({ resolve, reject }));
      },
      return: () => {
        this.close();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
