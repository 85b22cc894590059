/**
 * Ids of orders this instance saw something happen to lately (published them, gave them back
 * after a failed publish), kept for between one and two windows: two generations, the older
 * dropped as a window passes, so memory stays bounded by what a window sees.
 */
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.rotatedAt = now();
  }

  add(ids: Iterable<string>): void {
    this.rotate();
    for (const id of ids) this.current.add(id);
  }

  has(id: string): boolean {
    this.rotate();
    return this.current.has(id) || this.previous.has(id);
  }

  private rotate(): void {
    const now = this.now();
    if (now - this.rotatedAt < this.windowMs) return;
    // Two windows or more without a rotation: nothing kept is recent any more.
    this.previous = now - this.rotatedAt < 2 * this.windowMs ? this.current : new Set();
    this.current = new Set();
    this.rotatedAt = now;
  }
}
