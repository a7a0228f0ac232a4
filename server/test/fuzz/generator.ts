import { createHash } from 'node:crypto';

/** A deterministic generator: SHA-256 of (seed, counter). Same inputs on every run (no Math.random). */
export class Seeded {
  private buffer = Buffer.alloc(0);
  private counter = 0;
  constructor(private readonly seed: string) {}

  bytes(n: number): Buffer {
    while (this.buffer.length < n) {
      const block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      this.buffer = Buffer.concat([this.buffer, block]);
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return Buffer.from(out);
  }

  int(max: number): number {
    return this.bytes(4).readUInt32BE(0) % max;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Pieces of hostile text: lone and reversed surrogates, NUL, controls, bidi overrides, BOM, emoji, combining marks… */
export const GARBAGE_PIECES = [
  '\ud800',
  '\udfff',
  '\udc00\ud800',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\uffff',
  '\ufffe',
  '\u0301\u0301\u0301',
  '😀',
  '𝕏',
  '中文',
  'Ω',
  '%00',
  '%',
  '\\',
  '"',
  "'; DROP TABLE accounts; --",
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  '\r\n',
  '+86',
  '@',
  'a',
  '1',
];

export function garbageString(gen: Seeded, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) s += gen.pick(GARBAGE_PIECES);
  return s;
}
