import { PASSWORD_POLICY } from '@devplat/common';
import { useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries.js';

/**
 * The password length rule as this server is configured (PASSWORD_MIN_LENGTH), from
 * GET /api/v1/settings; the defaults stand in until that answer arrives.
 */
export function usePasswordPolicy(): { min: number; max: number } {
  const settings = useQuery(queries.settings()).data;
  return {
    min: settings?.password.minLength ?? PASSWORD_POLICY.minDefault,
    max: settings?.password.maxLength ?? PASSWORD_POLICY.max,
  };
}
