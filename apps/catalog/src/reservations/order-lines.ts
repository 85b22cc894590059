import type { StockLineV1 } from '@app/contracts';

/** One entry per product, in id order: quantities of repeated products summed, locks taken in one order. */
export function mergeLines(lines: StockLineV1[]): StockLineV1[] {
  const byProduct = new Map<string, number>();
  for (const line of lines) byProduct.set(line.productId, (byProduct.get(line.productId) ?? 0) + line.quantity);
  return [...byProduct].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([productId, quantity]) => ({ productId, quantity }));
}
