import { describe, expect, it } from 'vitest';
// The one implementation, shared by the server and the console.
import { maskIdentity, normalizeCreditCode, normalizeIdNumber } from '@devplat/common';
import { addWorkingDays, isOverdue } from '../src/flows/certification/working-days.js';

const TODAY = new Date('2026-11-24T00:00:00Z');
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Every one-character change of a valid value (the same length, from the same alphabet). */
function oneOff(valid: string, alphabet: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < valid.length; i++) {
    for (const c of alphabet) if (c !== valid[i]) out.push(valid.slice(0, i) + c + valid.slice(i + 1));
  }
  return out;
}

describe('SECURITY 32: unified social credit code (GB 32100)', () => {
  it('accepts the published vectors, lower case normalised', () => {
    expect(normalizeCreditCode('91350100M000100Y43')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode('91110000600037341L')).toBe('91110000600037341L');
    expect(normalizeCreditCode(' 91110000600037341l ')).toBe('91110000600037341L');
  });

  it('refuses every one-character change of a valid code', () => {
    for (const valid of ['91350100M000100Y43', '91110000600037341L']) {
      const changed = oneOff(valid, USCC);
      expect(changed.length).toBeGreaterThan(500);
      // A change in a single position always changes Σ mod 31 (all weights are non-zero mod 31).
      for (const code of changed) expect(normalizeCreditCode(code), code).toBeNull();
    }
  });

  it('refuses the letters I O Z S V and wrong lengths', () => {
    for (const bad of [
      '91350100M000100Y4',
      '91350100M000100Y433',
      '9135O100M000100Y43',
      'I1350100M000100Y43',
      '',
      'ZZZZZZZZZZZZZZZZZZ',
    ]) {
      expect(normalizeCreditCode(bad), bad).toBeNull();
    }
  });
});

describe('SECURITY 33: resident ID number (GB 11643)', () => {
  it('accepts the published vectors; x becomes X', () => {
    expect(normalizeIdNumber('11010519491231002X', TODAY)).toBe('11010519491231002X');
    expect(normalizeIdNumber('11010519491231002x', TODAY)).toBe('11010519491231002X');
    expect(normalizeIdNumber('440524188001010014', TODAY)).toBe('440524188001010014');
  });

  it('refuses every one-character change of the check digit and of each digit', () => {
    for (const valid of ['11010519491231002X', '440524188001010014']) {
      for (const id of oneOff(valid, '0123456789X').filter((v) => !v.slice(0, 17).includes('X'))) {
        expect(normalizeIdNumber(id, TODAY), id).toBeNull();
      }
    }
  });

  it('refuses impossible and future birth dates even with a right check digit', () => {
    /** The right check character for 17 digits (test-side, from the standard's table). */
    const withCheck = (body: string) => {
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      const sum = [...body].reduce((acc, d, i) => acc + Number(d) * w[i]!, 0);
      return body + '10X98765432'[sum % 11];
    };
    expect(normalizeIdNumber(withCheck('11010519900101001'), TODAY)).not.toBeNull();
    expect(normalizeIdNumber(withCheck('11010519900230001'), TODAY)).toBeNull(); // 30 February
    expect(normalizeIdNumber(withCheck('11010519901301001'), TODAY)).toBeNull(); // month 13
    expect(normalizeIdNumber(withCheck('11010520261125001'), TODAY)).toBeNull(); // tomorrow
    expect(normalizeIdNumber(withCheck('11010520261124001'), TODAY)).not.toBeNull(); // today
  });

  it('masks as 110105********002X', () => {
    expect(maskIdentity('11010519491231002X')).toBe('110105********002X');
  });
});

describe('working-day deadline (3 working days, China Standard Time)', () => {
  const none = { holidays: new Set<string>(), makeupWorkdays: new Set<string>() };

  it('skips the weekend: Friday → Wednesday; Monday → Thursday', () => {
    expect(addWorkingDays(new Date('2026-03-06T02:00:00Z'), 3, none)).toBe('2026-03-11');
    expect(addWorkingDays(new Date('2026-03-02T02:00:00Z'), 3, none)).toBe('2026-03-05');
  });

  it('uses the CST date: Friday 23:30 UTC is already Saturday in Beijing', () => {
    expect(addWorkingDays(new Date('2026-03-06T16:30:00Z'), 3, none)).toBe('2026-03-11'); // Sat 00:30 CST
    expect(addWorkingDays(new Date('2026-03-05T15:59:00Z'), 3, none)).toBe('2026-03-10'); // Thu 23:59 CST
  });

  it('skips configured holidays and counts configured make-up working days', () => {
    // National Day week 2026: 1–7 October off; Saturday 10 October a make-up working day.
    const calendar = {
      holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
      makeupWorkdays: new Set(['2026-10-10']),
    };
    // Submitted Wednesday 30 September: Thu 1 … Wed 7 are off; Thu 8, Fri 9, Sat 10 (make-up).
    expect(addWorkingDays(new Date('2026-09-30T03:00:00Z'), 3, calendar)).toBe('2026-10-10');
  });

  it('is overdue only after the deadline day has ended in CST', () => {
    expect(isOverdue('2026-03-11', new Date('2026-03-11T15:59:00Z'))).toBe(false);
    expect(isOverdue('2026-03-11', new Date('2026-03-11T16:00:00Z'))).toBe(true);
  });
});
