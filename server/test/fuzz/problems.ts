import { errorStatus } from '@devplat/common';
import { isRecord } from './routes.js';

/** What no answer to a malformed input may do: a 5xx, an uncoded error, a stack or a path. */

const LEAKS: [string, RegExp][] = [
  ['a stack property', /"stack"\s*:/],
  ['a stack frame', /\bat\s+\S+\s+\(?[^)\s]+:\d+:\d+\)?/],
  ['a source path', /(?:\/|\\)(?:src|node_modules|work|home|usr)(?:\/|\\)|\.[cm]?[jt]s:\d+/],
  ['a framework error code', /FST_[A-Z_]+|ERR_[A-Z_]{4,}/],
  ['a database error', /violates|syntax error|relation "|SQLSTATE|invalid byte sequence/i],
];

export interface Response {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

/** Problems with one response; empty when it is acceptable. */
export function problemsOf(res: Response): string[] {
  const problems: string[] = [];
  if (res.statusCode >= 500) problems.push(`status ${res.statusCode}`);
  for (const [what, pattern] of LEAKS) if (pattern.test(res.body)) problems.push(`body has ${what}`);
  if (res.statusCode >= 400) {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/json')) problems.push(`error content-type "${type}"`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      problems.push('error body is not JSON');
    }
    if (parsed !== undefined) {
      const code = isRecord(parsed) ? parsed.code : undefined;
      if (typeof code !== 'string') problems.push('error body has no string code');
      else if (!(code in errorStatus)) problems.push(`unknown code ${code}`);
      else if (errorStatus[code as keyof typeof errorStatus] !== res.statusCode) {
        problems.push(`code ${code} with status ${res.statusCode}`);
      }
      if (isRecord(parsed) && typeof parsed.message !== 'string') problems.push('error body has no message');
    }
  }
  return problems;
}
