/**
 * Asking the main process about what is being typed, without flooding it: a request waits
 * until typing pauses (a newer request replaces it), an answer to a question no longer
 * asked is dropped, and a question already answered is not asked again. `now` asks at
 * once (Generate must know before it queues).
 */
export interface Answer<Q, A> { query: Q; value: A | null; problem: string | null }

export class LatestCheck<Q, A> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asked = 0;
  private last: Answer<Q, A> | null = null;

  constructor(
    private readonly ask: (query: Q) => Promise<A>,
    private readonly deliver: (answer: Answer<Q, A>) => void,
    private readonly same: (a: Q, b: Q) => boolean,
    private readonly delayMs = 250,
  ) {}

  /** Asks about `query` once typing pauses; nothing when it is the question last answered. */
  request(query: Q): void {
    clearTimeout(this.timer);
    if (this.last && this.last.value !== null && this.same(this.last.query, query)) {
      this.asked++; // an answer on its way for an older question is stale now
      this.deliver(this.last);
      return;
    }
    this.timer = setTimeout(() => void this.now(query).catch(() => undefined), this.delayMs);
  }

  /** Asks at once (the last answer when it is for the same question); the answer is delivered too. */
  async now(query: Q): Promise<A> {
    clearTimeout(this.timer);
    if (this.last && this.last.value !== null && this.same(this.last.query, query)) return this.last.value;
    const id = ++this.asked;
    try {
      const value = await this.ask(query);
      if (id === this.asked) this.settle({ query, value, problem: null });
      return value;
    } catch (err) {
      if (id === this.asked) this.settle({ query, value: null, problem: (err as Error).message });
      throw err;
    }
  }

  /** Stops a waiting request (the field is gone). */
  dispose(): void {
    clearTimeout(this.timer);
    this.asked++;
  }

  private settle(answer: Answer<Q, A>): void {
    this.last = answer;
    this.deliver(answer);
  }
}
