import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

let engine: Promise<ZxcvbnFactory> | null = null;

/** zxcvbn and its dictionaries are large: loaded on first use, in their own chunk. */
function load(): Promise<ZxcvbnFactory> {
  engine ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  );
  return engine;
}

/** A hint only: the server's rules (length, common list, personal info) decide. */
export async function estimateStrength(password: string, userInputs: string[]): Promise<StrengthScore> {
  const zxcvbn = await load();
  return zxcvbn.check(password, userInputs).score;
}
