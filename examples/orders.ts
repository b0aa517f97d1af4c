// Filter 500 rows inside the sandbox and return a summary: the model sees a few lines, not the rows.
//   node apps/runbyte/dist/cli.js exec examples/orders.ts
import * as demo from './servers/demo';
import * as fs from '@runbyte/fs';

export async function exec() {
  const { orders } = await demo.listOrders({ status: 'pending' });
  const byCustomer: Record<string, number> = {};
  for (const order of orders) byCustomer[order.customer] = (byCustomer[order.customer] ?? 0) + order.totalCents;
  const top = Object.entries(byCustomer)
    .sort(([, a], [, b]) => b - a)
    .slice(0, 3)
    .map(([customer, cents]) => ({ customer, total: `$${(cents / 100).toFixed(2)}` }));
  // Kept in /workspace for the next execution.
  await fs.writeJSON('pending-orders.json', orders);
  return { pending: orders.length, top };
}
