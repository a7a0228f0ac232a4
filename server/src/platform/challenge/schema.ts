import { Type } from 'typebox';
import { CHALLENGE_PAYLOAD_MAX } from './service.js';

/** A solved challenge as the ALTCHA widget submits it; see GET /api/v1/challenges. */
export const ChallengeField = Type.String({
  minLength: 1,
  maxLength: CHALLENGE_PAYLOAD_MAX,
  description: 'The ALTCHA payload (base64 JSON) of a challenge from GET /api/v1/challenges, solved; accepted once',
});
