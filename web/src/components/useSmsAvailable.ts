import { useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries.js';

/**
 * False when the server sends no SMS (SMS_PROVIDERS=none, GET /api/v1/settings): the console
 * then hides the phone tab of sign-up and the phone binding, and says why. True until it knows.
 */
export function useSmsAvailable(): boolean {
  return useQuery(queries.settings()).data?.smsAvailable ?? true;
}
