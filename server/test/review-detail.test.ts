import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newIdNumber, personalBody, staffSession, submit } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

interface Detail {
  state: string;
  deadline: string;
  version: number;
  history: { id: string; deadline: string; files: { id: string; kind: string; mime: string }[]; fileIds: string[] }[];
}

describe('the review detail', () => {
  it("answers the current submission's state and deadline at the top, and each file as { id, kind, mime }", async () => {
    const dev = await t.register();
    expect((await submit(t, dev.cookie, await personalBody(t, dev.cookie))).statusCode).toBe(200);
    const staff = await staffSession(t);
    const detail = (
      await t.request({ url: `/api/v1/admin/certifications/${dev.account.id}`, cookie: staff.cookie })
    ).json() as Detail;
    expect(detail.state).toBe('pending');
    expect(detail.deadline).toBe(detail.history[0]!.deadline);
    const files = detail.history[0]!.files;
    expect(files.map((f) => [f.kind, f.mime])).toEqual([
      ['id_front', 'image/jpeg'],
      ['id_back', 'image/png'],
    ]);
    expect(files.map((f) => f.id)).toEqual(detail.history[0]!.fileIds);
  });

  it('a reviewer can reveal an earlier submission of the history, audited with that submission', async () => {
    const dev = await t.register();
    const firstNumber = newIdNumber();
    expect((await submit(t, dev.cookie, await personalBody(t, dev.cookie, { idNumber: firstNumber }))).statusCode).toBe(
      200,
    );
    const secondNumber = newIdNumber();
    t.clock.advance(1); // the history is ordered by submission time
    expect(
      (await submit(t, dev.cookie, await personalBody(t, dev.cookie, { idNumber: secondNumber }))).statusCode,
    ).toBe(200);
    const staff = await staffSession(t);
    const url = `/api/v1/admin/certifications/${dev.account.id}`;
    const detail = (await t.request({ url, cookie: staff.cookie })).json() as Detail;
    expect(detail.history).toHaveLength(2);
    const earlier = detail.history[1]!.id;

    const current = await t.request({ url: `${url}/reveal`, body: {}, cookie: staff.cookie });
    expect(current.json()).toEqual({ identity: secondNumber });
    const old = await t.request({ url: `${url}/reveal`, body: { submissionId: earlier }, cookie: staff.cookie });
    expect(old.json()).toEqual({ identity: firstNumber });

    // Another account's submission id reveals nothing.
    const other = await t.register();
    expect((await submit(t, other.cookie, await personalBody(t, other.cookie))).statusCode).toBe(200);
    const foreign = await t.request({
      url: `/api/v1/admin/certifications/${other.account.id}/reveal`,
      body: { submissionId: earlier },
      cookie: staff.cookie,
    });
    expect(foreign.statusCode).toBe(404);

    const { rows } = await t.db.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_events WHERE account_id = $1 AND event = 'certification.revealed' ORDER BY id`,
      [dev.account.id],
    );
    expect(rows).toEqual([
      { actor: `staff:${staff.id}`, details: {} },
      { actor: `staff:${staff.id}`, details: { submissionId: earlier } },
    ]);
  });
});
