import type { Me } from '@devplat/common';

export { createAccountsRepository, type AccountRow, type AccountsRepository } from './accounts-repository.js';

/** True for reviewers and admins: their sessions need TOTP and are shorter. */
export const isStaff = (role: Me['role']) => role !== 'developer';

/** The account as its owner sees it: no hash, no counters (SECURITY 29). */
export function toMe(a: {
  id: string;
  username: string;
  phone: string | null;
  email: string | null;
  role: Me['role'];
  createdAt: Date;
}): Me {
  return {
    id: a.id,
    username: a.username,
    phone: a.phone,
    email: a.email,
    role: a.role,
    createdAt: a.createdAt.toISOString(),
  };
}
