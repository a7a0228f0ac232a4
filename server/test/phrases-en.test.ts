import { errorMessage, errorStatus, midSentence, uiKeys, uiText, type ErrorCode } from '@devplat/common';
import { describe, expect, it } from 'vitest';

/**
 * Issue 13 point 7: the English phrases read naturally. Sentence case (a capital only where a
 * sentence starts, or for a name, an acronym or a product term), no doubled or stray spaces, and
 * a form's messages name its fields mid-sentence ("Enter the company name").
 */
const ui = uiKeys.map((key) => ({ key: `ui ${key}`, text: uiText(key, 'en') }));
const errors = (Object.keys(errorStatus) as ErrorCode[]).map((code) => ({
  key: `error ${code}`,
  text: errorMessage(code, 'en'),
}));
const all = [...ui, ...errors];

/** Words written with a capital wherever they stand: names, product and page names. */
const PROPER = new Set([
  'AIoT',
  'Open',
  'Platform',
  'Developer',
  'Console',
  'Google',
  'Microsoft',
  'Authenticator',
  'Chinese',
  'English',
  'Personal',
  'Information',
  'Protection',
  'Law',
  'App', // "App management", the page's name
  'Windows',
  'Safari',
  'China',
  'Scheme', // Multi-Level Protection Scheme (MLPS)
]);
/** Page names that appear inside sentences: "Back to App management". */
const PAGE_NAMES = ['App management', 'Personal center'];

/** The words of `text` that carry a capital but start no sentence and are no name or acronym. */
function titleCased(text: string): string[] {
  const words = text.replace(/\{\w+\}/g, 'x').split(/\s+/);
  const wrong: string[] = [];
  words.forEach((word, index) => {
    if (index === 0) return;
    const previous = words[index - 1] ?? '';
    // A new sentence, a list after a colon, or a quotation starts with a capital.
    if (/[.:?!;—]$/.test(previous) || /^[“"(]/.test(word)) return;
    const bare = word.replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '').replace(/[’']s$/u, '');
    if (!/^\p{Lu}/u.test(bare)) return;
    // Acronyms and product terms (ID, PDF, TOTP, AppKey, KeyID): more than one capital.
    if ((bare.match(/\p{Lu}/gu) ?? []).length > 1) return;
    if (PROPER.has(bare)) return;
    wrong.push(word);
  });
  return wrong;
}

describe('English phrases (issue 13 point 7)', () => {
  it('has a phrase for every key, with no stray spaces', () => {
    expect(all.length).toBeGreaterThan(300);
    for (const { key, text } of all) {
      expect(text.trim(), key).not.toBe('');
      // A trailing space only after a label that the console continues ("Reason: …").
      expect(text.endsWith(': ') ? text.trimStart() : text, key).toBe(text.trim() + (text.endsWith(': ') ? ' ' : ''));
      expect(text, key).not.toMatch(/ {2}| [,;:.?!]|\.\./);
      // No Chinese left in the English catalogue (the zh-CN examples of a field are not phrases).
      expect(text, key).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('is in sentence case: no Title Case word mid-sentence', () => {
    // The check itself finds what it is for.
    expect(titleCased('Enter the Company name')).toEqual(['Company']);
    expect(titleCased('Enter the AppKey. Then log in')).toEqual([]);
    const found = all.flatMap(({ key, text }) => {
      let rest = text;
      for (const name of PAGE_NAMES) rest = rest.replaceAll(name, 'page');
      const wrong = titleCased(rest);
      return wrong.length ? [`${key}: ${wrong.join(', ')} in “${text}”`] : [];
    });
    expect(found).toEqual([]);
  });

  it('names every certification field mid-sentence: "Enter the company name"', () => {
    const fields = uiKeys.filter((key) => key.startsWith('certification.field.'));
    expect(fields.length).toBeGreaterThanOrEqual(10);
    for (const key of fields) {
      const label = midSentence(uiText(key, 'en'), 'en');
      for (const template of ['certification.required', 'certification.upload.required'] as const) {
        const sentence = uiText(template, 'en', { field: label });
        expect(sentence, key).toMatch(/^(Enter|Upload) the (\p{Ll}|ID\b)/u);
      }
    }
    expect(uiText('certification.required', 'en', { field: midSentence('Company name', 'en') })).toBe(
      'Enter the company name',
    );
    expect(midSentence('ID card (photo side)', 'en')).toBe('ID card (photo side)');
    // Chinese labels stay as they are.
    expect(midSentence('企业名称', 'zh-CN')).toBe('企业名称');
  });
});
