import { isValidName } from '@devplat/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterpriseBody, personalBody, submit } from './certification-helpers.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('names carry only what an ID card or a licence can (common NAME_PATTERN)', () => {
  it('accepts Chinese, Latin, digits, the middle dot, spaces, brackets and - & .', () => {
    for (const ok of [
      '李四',
      '阿依古丽·买买提',
      'José Álvarez',
      '福州示例智能科技有限公司（鼓楼分公司）',
      'Acme (Xiamen) Co., Ltd.'.replace(',', ''),
      'AT&T 中国-研发部',
      '第3工厂',
    ])
      expect(isValidName(ok), ok).toBe(true);
    for (const bad of ['李四😀', '<script>', 'a>b', '张三@公司', '名字_下划线', '王\u200b五', '李四#1'])
      expect(isValidName(bad), bad).toBe(false);
  });

  it('the server refuses an emoji or < > in the real name, the company name and the contact name', async () => {
    const dev = await t.register();
    const cases = [
      await personalBody(t, dev.cookie, { realName: '李四😀' }),
      await enterpriseBody(t, dev.cookie, { companyName: '<b>示例</b>公司' }),
      await enterpriseBody(t, dev.cookie, { contactName: '张三>' }),
    ];
    const fields = ['body.realName', 'body.companyName', 'body.contactName'];
    for (const [i, body] of cases.entries()) {
      const res = await submit(t, dev.cookie, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'certification.invalid_name', details: { field: fields[i] } });
    }
    expect(
      (await submit(t, dev.cookie, await personalBody(t, dev.cookie, { realName: '阿依古丽·买买提' }))).statusCode,
    ).toBe(200);
  });
});
