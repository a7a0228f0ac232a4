import { checkPasswordShape, normalizePassword, personalWords } from '@devplat/common';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { PersonalContext } from './rules.js';

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

interface Engine {
  zxcvbn: ZxcvbnFactory;
  /** The server's common/breached list (the same zxcvbn-ts `passwords-common`). */
  common: ReadonlySet<string>;
}

let engine: Promise<Engine> | null = null;

/**
 * zxcvbn and its dictionaries are large: loaded in their own chunk on first use (the first
 * character typed), never with the page.
 */
function load(): Promise<Engine> {
  engine ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, language]) => ({
      zxcvbn: new core.ZxcvbnFactory({ dictionary: { ...language.dictionary }, graphs: language.adjacencyGraphs }),
      common: new Set((language.dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())),
    }),
  );
  return engine;
}

/**
 * A hint that agrees with the server: whatever the server refuses (too short, a common password,
 * one containing the phone, email or username) is "very weak"; otherwise zxcvbn's 0–4.
 */
export async function estimateStrength(
  password: string,
  options: { min: number; minClasses?: number; context: PersonalContext },
): Promise<StrengthScore> {
  const { zxcvbn, common } = await load();
  if (checkPasswordShape(password, options)) return 0;
  if (common.has(normalizePassword(password).toLowerCase())) return 0;
  return zxcvbn.check(password, personalWords(options.context)).score;
}
