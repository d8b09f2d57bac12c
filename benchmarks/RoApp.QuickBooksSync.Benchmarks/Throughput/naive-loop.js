// The naive loop a developer writes with node-quickbooks 2.0.50 (pinned in tests/Fidelity): one invoice after
// another, a customer created first when the client is new, a failed call (a 429) waited out for a second and
// tried again. Run by the throughput harness against its simulator; only the base URLs are changed.
'use strict';

const QuickBooks = require('node-quickbooks');

const base = process.env.SIM_BASE_URL;
const realmId = process.env.SIM_REALM;
const token = process.env.SIM_TOKEN;
const mode = process.env.NAIVE_MODE; // new | linked
const customers = (process.env.NAIVE_CUSTOMERS || '').split(',').filter(Boolean);
const itemId = process.env.NAIVE_ITEM;

QuickBooks.V3_ENDPOINT_BASE_URL = `${base}v3/company/`;
QuickBooks.TOKEN_URL = `${base}oauth2/v1/tokens/bearer`;
QuickBooks.REVOKE_URL = `${base}v2/oauth2/tokens/revoke`;
const qbo = new QuickBooks('simulator-client-id', 'simulator-client-secret', token, false, realmId, true, false, 75, '2.0', 'unused');

function call(method, ...args) {
  return new Promise((resolve, reject) => {
    qbo[method](...args, (err, body) => (err ? reject(err) : resolve(body)));
  });
}

async function persist(method, ...args) {
  for (;;) {
    try {
      return await call(method, ...args);
    } catch (error) {
      process.stderr.write(`${method} failed, trying again in 1 s\n`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function main() {
  for (let i = 0; ; i++) {
    let customerId;
    if (mode === 'new') {
      const created = await persist('createCustomer', { DisplayName: `Naive client ${i}`, PrimaryEmailAddr: { Address: `n${i}@example.com` } });
      customerId = created.Id;
    } else {
      customerId = customers[i % customers.length];
    }
    const rate = 20 + (i % 50);
    await persist('createInvoice', {
      CustomerRef: { value: customerId },
      Line: [
        { DetailType: 'SalesItemLineDetail', Amount: rate, Description: 'Part', SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: rate } },
        { DetailType: 'SalesItemLineDetail', Amount: 30, Description: 'Labour', SalesItemLineDetail: { ItemRef: { value: itemId }, Qty: 1, UnitPrice: 30 } },
      ],
    });
  }
}

main();
