// A progress bar on a terminal, for long work; nothing at all when output is piped.

export class ProgressBar {
  private done = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private readonly enabled: boolean;
  private extra = '';

  constructor(
    private readonly label: string,
    private total: number,
    stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.stream = stream;
    this.enabled = stream.isTTY && process.env['CI'] === undefined;
  }

  private readonly stream: NodeJS.WriteStream;

  /** Adds to the count; `note` (tokens, cost…) shows after the bar. */
  tick(count = 1, note?: string): void {
    this.done += count;
    if (note !== undefined) this.extra = note;
    this.draw(false);
  }

  /** Sets the count itself (what is done so far), rather than adding to it. */
  update(done: number, note?: string): void {
    this.done = done;
    if (note !== undefined) this.extra = note;
    this.draw(false);
  }

  setTotal(total: number): void {
    this.total = total;
    this.draw(false);
  }

  finish(): void {
    this.draw(true);
    if (this.enabled) this.stream.write('\n');
  }

  private draw(force: boolean): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 28;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const filled = Math.round(fraction * width);
    const rate = this.done / Math.max(0.001, (now - this.started) / 1000);
    const eta = rate > 0 && this.total > this.done ? ` ETA ${Math.ceil((this.total - this.done) / rate)}s` : '';
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(`\r${this.label} ${bar} ${this.done}/${this.total} ${rate.toFixed(1)}/s${eta}${this.extra ? `  ${this.extra}` : ''}\x1b[K`);
  }
}
