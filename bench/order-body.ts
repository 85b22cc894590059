/** A unique, valid POST /order body for request number n. */
export function orderBody(userid: string, n: number): { userid: string; cost: number; orderitems: { name: string; quantity: number; price: number }[] } {
  const cents = 100 + (n % 9000);
  return {
    userid,
    cost: (cents * 2) / 100,
    orderitems: [
      { name: `bench tea ${n}`, quantity: 1, price: cents / 100 },
      { name: `bench cup ${n}`, quantity: 1, price: cents / 100 },
    ],
  };
}
