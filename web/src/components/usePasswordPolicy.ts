import { PASSWORD_POLICY } from '@devplat/common';
import { useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries.js';

/**
 * The password rules as this server is configured (PASSWORD_MIN_LENGTH, and the character
 * classes SECURITY_PROFILE asks for: 3 of 4 under mlps, none under nist), from
 * GET /api/v1/settings; the defaults stand in until that answer arrives.
 */
export function usePasswordPolicy(): { min: number; max: number; minClasses: number } {
  const settings = useQuery(queries.settings()).data;
  return {
    min: settings?.password.minLength ?? PASSWORD_POLICY.minDefault,
    max: settings?.password.maxLength ?? PASSWORD_POLICY.max,
    minClasses: settings?.password.minClasses ?? 0,
  };
}
