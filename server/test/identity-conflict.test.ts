import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decide,
  newCreditCode,
  personalBody,
  enterpriseBody,
  newIdNumber,
  staffSession,
  submit,
} from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

/** Issue 14, finding 4: no identity oracle at submission; uniqueness is enforced at approval. */
describe('SECURITY 35 (issue 14 finding 4): one identity, one approved account — decided by the reviewer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const detail = (cookie: string, accountId: string) =>
    t.request({ url: `/api/v1/admin/certifications/${accountId}`, cookie });

  it('a second account with the same ID number: accepted as pending, the reviewer sees the conflict, approval is refused, the developer sees a normal rejection', async () => {
    const staff = await staffSession(t);
    const holder = await t.register();
    const other = await t.register();
    const idNumber = newIdNumber();
    expect((await submit(t, holder.cookie, await personalBody(t, holder.cookie, { idNumber }))).statusCode).toBe(200);

    // No oracle: the same answer as for a fresh ID number.
    const dup = await submit(t, other.cookie, await personalBody(t, other.cookie, { idNumber }));
    expect(dup.statusCode).toBe(200);
    expect(dup.json().status.state).toBe('pending');

    // Both pending: each detail names the other account.
    const seen = await detail(staff.cookie, other.account.id);
    expect(seen.json().conflict).toEqual({ accountId: holder.account.id, state: 'pending' });
    expect((await detail(staff.cookie, holder.account.id)).json().conflict).toEqual({
      accountId: other.account.id,
      state: 'pending',
    });

    // The holder is approved first; approving the other is refused with a code that says to reject.
    const holderVersion = (await detail(staff.cookie, holder.account.id)).json().version as number;
    expect(
      (await decide(t, staff.cookie, holder.account.id, { version: holderVersion, decision: 'approved' })).statusCode,
    ).toBe(200);
    const now = await detail(staff.cookie, other.account.id);
    expect(now.json().conflict).toEqual({ accountId: holder.account.id, state: 'approved' });
    const refused = await decide(t, staff.cookie, other.account.id, {
      version: now.json().version,
      decision: 'approved',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('certification.identity_conflict');

    // The reviewer rejects with a reason; the developer sees an ordinary rejection.
    const reason = '该证件已用于其他账号的认证';
    const rejected = await decide(t, staff.cookie, other.account.id, {
      version: now.json().version,
      decision: 'rejected',
      reason,
    });
    expect(rejected.statusCode).toBe(200);
    const view = (await t.request({ url: '/api/v1/certification', cookie: other.cookie })).json();
    expect(view.status.state).toBe('rejected');
    expect(view.status.rejectReason).toBe(reason);
  });

  it('a credit code without a conflict shows conflict: null and approves as before', async () => {
    const staff = await staffSession(t);
    const dev = await t.register();
    expect(
      (await submit(t, dev.cookie, await enterpriseBody(t, dev.cookie, { creditCode: newCreditCode() }))).statusCode,
    ).toBe(200);
    const seen = (await detail(staff.cookie, dev.account.id)).json();
    expect(seen.conflict).toBeNull();
    expect(
      (await decide(t, staff.cookie, dev.account.id, { version: seen.version, decision: 'approved' })).statusCode,
    ).toBe(200);
  });

  it('two holders approved at the same moment: exactly one wins, the other gets the coded refusal', async () => {
    const staff = await staffSession(t);
    const a = await t.register();
    const b = await t.register();
    const creditCode = newCreditCode();
    await submit(t, a.cookie, await enterpriseBody(t, a.cookie, { creditCode }));
    await submit(t, b.cookie, await enterpriseBody(t, b.cookie, { creditCode }));
    const va = (await detail(staff.cookie, a.account.id)).json().version;
    const vb = (await detail(staff.cookie, b.account.id)).json().version;
    const results = await Promise.all([
      decide(t, staff.cookie, a.account.id, { version: va, decision: 'approved' }),
      decide(t, staff.cookie, b.account.id, { version: vb, decision: 'approved' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('certification.identity_conflict');
  });
});
