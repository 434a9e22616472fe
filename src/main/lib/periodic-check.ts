/**
 * A check run on a timer and on demand, one at a time: a tick while one runs joins it rather than starting a
 * second (a slow report or download must not overlap itself), and stopping waits for the one running. The
 * timer does not keep the process alive.
 */
export class PeriodicCheck<T> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;

  constructor(
    private readonly check: () => Promise<T>,
    private readonly everyMs: number,
  ) {}

  /** Checks now, then every `everyMs`. */
  start(): void {
    this.timer = setInterval(() => void this.tick(), this.everyMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs the check, or joins the one running; resolves to its result. */
  tick(): Promise<T> {
    this.running ??= this.check().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}
