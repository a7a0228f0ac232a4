import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/platform/db/errors.js';

const coded = (code: string) => Object.assign(new Error('x'), { code });

describe('isDatabaseUnavailable: retry later (503), not a bug (500)', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '53300', '57014'])(
    '%s is unavailable',
    (code) => expect(isDatabaseUnavailable(coded(code))).toBe(true),
  );

  it("node-postgres' uncoded pool timeout and lost connection, and an AggregateError of refusals", () => {
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe(true);
  });

  it('statement errors are not: unique violation, syntax, a trigger refusal, a plain bug', () => {
    for (const code of ['23505', '42601', 'P0001', '22P02']) expect(isDatabaseUnavailable(coded(code))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
