/**
 * Developer certification: the check characters of Chinese identity numbers (SECURITY 32–33) and
 * the API's certification bodies. The server and the console both import these functions from
 * here, so there is one implementation of each check.
 */

/** GB 32100-2015 unified social credit code: 18 characters, the 18th a check character. */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // no I O Z S V; value = index (0–30)
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The code upper-cased and trimmed, or null when it is not a valid credit code. */
export function normalizeCreditCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(code.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET.charAt(check) === code.charAt(17) ? code : null;
}

/** GB 11643-1999 resident ID: 17 digits + ISO 7064 MOD 11-2 check (0–9 or X), real past birth date. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The number upper-cased and trimmed, or null when it is not a valid resident ID number. */
export function normalizeIdNumber(input: string, today: Date): string | null {
  const id = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id.charAt(i)) * (ID_WEIGHTS[i] ?? 0);
  if (ID_CHECK.charAt(sum % 11) !== id.charAt(17)) return null;
  const [y, m, d] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(y, m - 1, d));
  const real = birth.getUTCFullYear() === y && birth.getUTCMonth() === m - 1 && birth.getUTCDate() === d;
  if (!real || y < 1800 || birth.getTime() > today.getTime()) return null;
  return id;
}

/** `110105********002X`: the region (6) and the last 4 stay, the rest is hidden. */
export function maskIdentity(value: string): string {
  return `${value.slice(0, 6)}${'*'.repeat(Math.max(0, value.length - 10))}${value.slice(-4)}`;
}

/** Length limits of the submission's text fields (code points, trimmed), as the server checks them. */
export const certificationLimits = {
  companyName: { min: 2, max: 100 },
  address: { min: 2, max: 200 },
  contactName: { min: 2, max: 50 },
  realName: { min: 2, max: 50 },
  rejectReason: { min: 1, max: 256 },
  uploadBytes: 5 * 1024 * 1024,
} as const;

export type DeveloperType = 'enterprise' | 'personal';
export type CertificationState = 'unsubmitted' | 'pending' | 'approved' | 'rejected';
export type UploadKind = 'business_licence' | 'id_front' | 'id_back';

export interface CertificationStatus {
  type: DeveloperType | null;
  state: CertificationState;
  /** The expected decision date, YYYY-MM-DD (China Standard Time). */
  deadline: string | null;
  rejectReason: string | null;
}

export interface Entitlements {
  /** null: no cap. */
  deviceCap: number | null;
  support7x24: boolean;
  consulting1v1: boolean;
}

export interface Submission {
  type: DeveloperType;
  /** Enterprise: companyName, address, contactName, contactPhone; personal: realName, contactPhone. */
  fields: Record<string, string>;
  identityMasked: string;
  fileIds: string[];
  consentVersion: string;
  submittedAt: string;
  deadline: string;
  decision: 'approved' | 'rejected' | null;
  rejectReason: string | null;
  decidedAt: string | null;
}

/** GET/PUT /certification. */
export interface CertificationView {
  status: CertificationStatus;
  consentVersion: string;
  entitlements: Entitlements | null;
  /** What each type would get (server configuration), for the type choice. */
  entitlementsByType: Record<DeveloperType, Entitlements>;
  current: Submission | null;
  history: Submission[];
}

export interface UploadedFile {
  id: string;
  kind: UploadKind;
  mime: string;
  size: number;
}

export interface EnterpriseSubmit {
  type: 'enterprise';
  companyName: string;
  creditCode: string;
  address: string;
  contactName: string;
  contactPhone: string;
  businessLicenceFileId: string;
  consent: true;
  consentVersion: string;
}

export interface PersonalSubmit {
  type: 'personal';
  realName: string;
  idNumber: string;
  contactPhone: string;
  idFrontFileId: string;
  idBackFileId: string;
  consent: true;
  consentVersion: string;
}

export type CertificationSubmit = EnterpriseSubmit | PersonalSubmit;

/** GET /admin/certifications: one row of the review queue. */
export interface QueueItem {
  accountId: string;
  username: string;
  phone: string | null;
  email: string | null;
  type: DeveloperType;
  state: Exclude<CertificationState, 'unsubmitted'>;
  version: number;
  name: string;
  submittedAt: string;
  deadline: string;
  overdue: boolean;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /admin/certifications/{accountId}. */
export interface ReviewDetail {
  account: { id: string; username: string; phone: string | null; email: string | null; status: string };
  version: number;
  /** Another account, pending or approved, with the same ID number / credit code (issue 14). */
  conflict: { accountId: string; state: 'pending' | 'approved' } | null;
  overdue: boolean;
  history: Submission[];
}
