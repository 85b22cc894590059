import { OrderTransitionError } from './order.errors';
import { assertCanMove, canMove, statusesBefore } from './order-status';

describe('order status transitions', () => {
  it('lets a placed order be processed, and only a cancel follow processed', () => {
    expect(canMove('PLACED', 'PROCESSED')).toBe(true);
    expect(canMove('PROCESSED', 'PLACED')).toBe(false);
    expect(canMove('PROCESSED', 'PROCESSED')).toBe(false);
    expect(canMove('PROCESSED', 'CANCELLED')).toBe(true);
  });

  it('lets the buyer cancel a placed or processed order, never a rejected or cancelled one', () => {
    expect(statusesBefore('CANCELLED')).toEqual(['PLACED', 'PROCESSED']);
    expect(canMove('REJECTED', 'CANCELLED')).toBe(false);
    expect(canMove('CANCELLED', 'CANCELLED')).toBe(false);
    expect(canMove('CANCELLED', 'PROCESSED')).toBe(false);
  });

  it('lets a placed order be rejected, and nothing follow rejected', () => {
    expect(canMove('PLACED', 'REJECTED')).toBe(true);
    expect(canMove('REJECTED', 'PROCESSED')).toBe(false);
    expect(canMove('PROCESSED', 'REJECTED')).toBe(false);
    expect(statusesBefore('REJECTED')).toEqual(['PLACED']);
  });

  it('names the statuses a guarded move starts from', () => {
    expect(statusesBefore('PROCESSED')).toEqual(['PLACED']);
    expect(statusesBefore('PLACED')).toEqual([]);
  });

  it('refuses a move that is not allowed with ORDER.INVALID_TRANSITION', () => {
    expect(() => assertCanMove('o1', 'PROCESSED', 'PLACED')).toThrow(OrderTransitionError);
    expect(() => assertCanMove('o1', 'PROCESSED', 'PLACED')).toThrow(expect.objectContaining({ code: 'ORDER.INVALID_TRANSITION', kind: 'conflict' }));
    expect(() => assertCanMove('o1', 'PLACED', 'PROCESSED')).not.toThrow();
  });
});
