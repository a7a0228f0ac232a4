import { solveChallenge } from 'altcha-lib/v1';

/** A challenge as GET /api/v1/challenges answers it. */
export interface IssuedChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/** Solves a challenge as the console's altcha widget does and returns the payload to send. */
export async function solve(issued: IssuedChallenge): Promise<string> {
  const { algorithm, challenge, maxnumber, salt, signature } = issued;
  const solution = await solveChallenge(challenge, salt, algorithm, maxnumber).promise;
  if (!solution) throw new Error('challenge not solvable');
  return Buffer.from(JSON.stringify({ algorithm, challenge, number: solution.number, salt, signature })).toString(
    'base64',
  );
}
