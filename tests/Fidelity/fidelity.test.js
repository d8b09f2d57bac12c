// Fidelity: two QuickBooks clients written by others against the real service (intuit-oauth and
// node-quickbooks) run against the command-line simulator. Only their base URLs are changed.
'use strict';

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const OAuthClient = require('intuit-oauth');
const QuickBooks = require('node-quickbooks');

const base = process.env.SIM_BASE_URL; // e.g. http://localhost:5099/
const realmId = process.env.SIM_REALM;
const clientId = process.env.SIM_CLIENT_ID || 'simulator-client-id';
const clientSecret = process.env.SIM_CLIENT_SECRET || 'simulator-client-secret';
const redirectUri = 'http://localhost/callback';

// The only changes: where the libraries send their requests.
OAuthClient.authorizeEndpoint = `${base}connect/oauth2`;
OAuthClient.tokenEndpoint = `${base}oauth2/v1/tokens/bearer`;
OAuthClient.revokeEndpoint = `${base}v2/oauth2/tokens/revoke`;
OAuthClient.environment = { sandbox: base, production: base };
QuickBooks.V3_ENDPOINT_BASE_URL = `${base}v3/company/`;
QuickBooks.TOKEN_URL = `${base}oauth2/v1/tokens/bearer`;
QuickBooks.REVOKE_URL = `${base}v2/oauth2/tokens/revoke`;

const oauth = new OAuthClient({ clientId, clientSecret, environment: 'sandbox', redirectUri });
let qbo;
const unique = Date.now().toString(36);

// node-quickbooks speaks callbacks; a failure becomes a rejection with QuickBooks' Fault body when there is one.
function call(method, ...args) {
  return new Promise((resolve, reject) => {
    qbo[method](...args, (err, body) => {
      if (!err) {
        resolve(body);
        return;
      }
      const data = (err.response && err.response.data) || body;
      reject(data && data.Fault ? data : err);
    });
  });
}

function faultCode(error) {
  return error && error.Fault && error.Fault.Error && error.Fault.Error[0].code;
}

async function newCustomer(name) {
  return call('createCustomer', { DisplayName: `${name} ${unique}`, PrimaryEmailAddr: { Address: 'a@example.com' } });
}

async function serviceItemId() {
  const found = await call('findItems', { Type: 'Service' });
  return found.QueryResponse.Item[0].Id;
}

async function newInvoice(customerId, amount, docNumber) {
  return call('createInvoice', {
    CustomerRef: { value: customerId },
    DocNumber: docNumber,
    Line: [{
      DetailType: 'SalesItemLineDetail',
      Amount: amount,
      Description: 'Screen repair',
      SalesItemLineDetail: { ItemRef: { value: await serviceItemId() }, Qty: 1, UnitPrice: amount },
    }],
  });
}

before(async () => {
  // Authorisation: the simulator approves at once and redirects to our redirect URI.
  const authorize = await fetch(oauth.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'fidelity' }), { redirect: 'manual' });
  assert.equal(authorize.status, 302);
  const callback = authorize.headers.get('location');
  const created = await oauth.createToken(callback);
  assert.equal(created.getToken().realmId, realmId);
  const token = oauth.getToken();
  qbo = new QuickBooks(clientId, clientSecret, token.access_token, false, realmId, true, false, 75, '2.0', token.refresh_token);
});

test('OAuth code exchange gives a working token pair', async () => {
  const token = oauth.getToken();
  assert.ok(token.access_token);
  assert.ok(token.refresh_token);
  assert.equal(token.expires_in, 3600);
  assert.ok(oauth.isAccessTokenValid());
  const info = await call('getCompanyInfo', realmId);
  assert.equal(info.Country, 'US');
});

test('OAuth refresh rotates the refresh token (intuit-oauth and node-quickbooks)', async () => {
  const before = oauth.getToken().refresh_token;
  const refreshed = await oauth.refresh();
  assert.notEqual(refreshed.getToken().refresh_token, before);
  qbo.refreshToken = refreshed.getToken().refresh_token;
  const viaQbo = await new Promise((resolve, reject) => qbo.refreshAccessToken((err, body) => (err ? reject(err) : resolve(body))));
  assert.ok(viaQbo.access_token);
  assert.equal(qbo.token, viaQbo.access_token);
  await call('getPreferences');
});

test('customers: create, read, find, and a duplicate name fails with 6240', async () => {
  const customer = await newCustomer('Fidelity Ann');
  const read = await call('getCustomer', customer.Id);
  assert.equal(read.DisplayName, customer.DisplayName);
  const found = await call('findCustomers', { DisplayName: customer.DisplayName });
  assert.equal(found.QueryResponse.Customer.length, 1);
  await assert.rejects(call('createCustomer', { DisplayName: customer.DisplayName }), (e) => faultCode(e) === '6240');
});

test('items: find the seeded service item and create another', async () => {
  const income = await call('findAccounts', { AccountType: 'Income' });
  const item = await call('createItem', { Name: `Battery ${unique}`, Type: 'Service', IncomeAccountRef: { value: income.QueryResponse.Account[0].Id } });
  assert.equal(item.Type, 'Service');
  const again = await call('getItem', item.Id);
  assert.equal(again.Name, item.Name);
});

test('invoices: create with totals and the subtotal line, then sparse update', async () => {
  const customer = await newCustomer('Fidelity Inv');
  const invoice = await newInvoice(customer.Id, 80, `F-${unique}-1`);
  assert.equal(invoice.TotalAmt, 80);
  assert.equal(invoice.Balance, 80);
  assert.equal(invoice.Line[invoice.Line.length - 1].DetailType, 'SubTotalLineDetail');
  const updated = await call('updateInvoice', { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: 'RO App #1' });
  assert.equal(updated.SyncToken, '1');
  assert.equal(updated.PrivateNote, 'RO App #1');
  assert.equal(updated.TotalAmt, 80);
});

test('a stale SyncToken fails with 5010', async () => {
  const customer = await newCustomer('Fidelity Stale');
  const invoice = await newInvoice(customer.Id, 10, `F-${unique}-2`);
  await call('updateInvoice', { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: 'first' });
  await assert.rejects(
    call('updateInvoice', { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: 'second' }),
    (e) => faultCode(e) === '5010');
});

test('payments: applying one lowers the balance; voiding it restores it', async () => {
  const customer = await newCustomer('Fidelity Pay');
  const invoice = await newInvoice(customer.Id, 100, `F-${unique}-3`);
  const payment = await call('createPayment', {
    CustomerRef: { value: customer.Id },
    TotalAmt: 40,
    Line: [{ Amount: 40, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
  });
  const paid = await call('getInvoice', invoice.Id);
  assert.equal(paid.Balance, 60);
  assert.equal(paid.LinkedTxn[0].TxnId, payment.Id);
  const voided = await call('voidPayment', { Id: payment.Id, SyncToken: payment.SyncToken });
  assert.equal(voided.TotalAmt, 0);
  assert.equal((await call('getInvoice', invoice.Id)).Balance, 100);
});

test('queries: criteria arrays, operators, count and paging', async () => {
  const customer = await newCustomer('Fidelity Query');
  await newInvoice(customer.Id, 5, `FQ-${unique}-a`);
  await newInvoice(customer.Id, 500, `FQ-${unique}-b`);
  const big = await call('findInvoices', [
    { field: 'CustomerRef', value: customer.Id },
    { field: 'TotalAmt', value: '100', operator: '>' },
  ]);
  assert.deepEqual(big.QueryResponse.Invoice.map((i) => i.DocNumber), [`FQ-${unique}-b`]);
  const like = await call('findInvoices', [{ field: 'DocNumber', value: `FQ-${unique}-%`, operator: 'LIKE' }, { field: 'desc', value: 'DocNumber' }]);
  assert.deepEqual(like.QueryResponse.Invoice.map((i) => i.DocNumber), [`FQ-${unique}-b`, `FQ-${unique}-a`]);
  const count = await call('findInvoices', { count: true, CustomerRef: customer.Id });
  assert.equal(count.QueryResponse.totalCount, 2);
  const page = await call('findInvoices', [{ field: 'CustomerRef', value: customer.Id }, { field: 'limit', value: 1 }]);
  assert.equal(page.QueryResponse.Invoice.length, 1);
});

test('void an invoice: amounts become 0 and the note says Voided', async () => {
  const customer = await newCustomer('Fidelity Void');
  const invoice = await newInvoice(customer.Id, 30, `F-${unique}-4`);
  const body = await call('voidInvoice', invoice.Id);
  const voided = body.Invoice;
  assert.equal(voided.TotalAmt, 0);
  assert.match(voided.PrivateNote, /^Voided/);
});

test('delete an invoice', async () => {
  const customer = await newCustomer('Fidelity Delete');
  const invoice = await newInvoice(customer.Id, 30, `F-${unique}-5`);
  const body = await call('deleteInvoice', invoice.Id);
  assert.equal(body.Invoice.status, 'Deleted');
  await assert.rejects(call('getInvoice', invoice.Id), (e) => faultCode(e) === '610');
});

test('change data capture returns changed invoices and tombstones', async () => {
  const since = new Date(Date.now() - 60 * 60 * 1000);
  const customer = await newCustomer('Fidelity Cdc');
  const kept = await newInvoice(customer.Id, 12, `F-${unique}-6`);
  const gone = await newInvoice(customer.Id, 13, `F-${unique}-7`);
  await call('deleteInvoice', gone.Id);
  const body = await call('changeDataCapture', ['Invoice', 'Payment'], since);
  const invoices = body.CDCResponse[0].QueryResponse[0].Invoice;
  assert.ok(invoices.some((i) => i.Id === kept.Id));
  const last = invoices[invoices.length - 1];
  assert.equal(last.status, 'Deleted');
  assert.equal(last.Id, gone.Id);
});

test('batch: independent items answered one by one', async () => {
  const body = await call('batch', [
    { bId: '1', operation: 'create', Customer: { DisplayName: `Batch ${unique}` } },
    { bId: '2', operation: 'create', Customer: { DisplayName: `Batch ${unique}` } },
    { bId: '3', Query: 'select * from Item' },
  ]);
  const byId = Object.fromEntries(body.BatchItemResponse.map((r) => [r.bId, r]));
  assert.equal(byId['1'].Customer.DisplayName, `Batch ${unique}`);
  assert.equal(byId['2'].Fault.Error[0].code, '6240');
  assert.ok(byId['3'].QueryResponse.Item.length >= 1);
});

test('revoke ends the grant: the refresh token stops working', async () => {
  const refreshToken = oauth.getToken().refresh_token;
  await oauth.revoke({ refresh_token: refreshToken });
  const other = new OAuthClient({ clientId, clientSecret, environment: 'sandbox', redirectUri });
  other.setToken({ refresh_token: refreshToken, x_refresh_token_expires_in: 8726400, access_token: 'x', expires_in: 3600 });
  await assert.rejects(other.refresh());
});
