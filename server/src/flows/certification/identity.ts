import { hmac } from '../../platform/crypto.js';
import type { DeveloperType } from '../../platform/certification-status.js';

/**
 * The identity HMAC of a certification (ID number or credit code, normalized): what the
 * one-account-per-identity rule compares, and what an admin-assisted recovery matches against.
 * Type-scoped so an ID number and a credit code never collide.
 */
export const identityHmac = (secret: Buffer, type: DeveloperType, normalizedIdentity: string): Buffer =>
  hmac(secret, 'certification-identity', type, normalizedIdentity);
