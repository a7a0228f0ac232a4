import type { Config } from '../../config.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { CertificationStatusOf, DeveloperType } from '../../platform/certification-status.js';
import type { Clock } from '../../platform/clock.js';
import { requirePhone } from '../../platform/contacts.js';
import { isUniqueViolation, triggerHint } from '../../platform/db/errors.js';
import type { Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { Vault } from '../../platform/vault.js';
import {
  certificationLimits,
  isValidName,
  maskIdentity,
  normalizeCreditCode,
  normalizeIdNumber,
} from '@devplat/common';
import type { CertificationRepository, SubmissionRow } from './repository.js';
import type { UploadKind, Uploads } from './uploads.js';
import { identityHmac } from './identity.js';
import { addWorkingDays } from './working-days.js';

/** The consent text version the console shows; recorded with every submission (PIPL art. 29). */
export const CONSENT_VERSION = '2026-11-v1';

export interface SubmitInput {
  type: DeveloperType;
  consentVersion: string;
  consent: boolean;
  contactPhone: string;
  companyName?: string;
  creditCode?: string;
  address?: string;
  contactName?: string;
  businessLicenceFileId?: string;
  realName?: string;
  idNumber?: string;
  idFrontFileId?: string;
  idBackFileId?: string;
}

/** A name as an ID card or licence prints it (common's NAME_PATTERN), else `certification.invalid_name`. */
function nameField(value: string | undefined, field: string, max: number): string {
  const trimmed = text(value, field, max);
  if (!isValidName(trimmed)) throw new AppError('certification.invalid_name', { field: `body.${field}` });
  return trimmed;
}

/** A required text field of 2..max characters (code points), trimmed. */
function text(value: string | undefined, field: string, max: number): string {
  const trimmed = (value ?? '').trim();
  const length = [...trimmed].length;
  if (length < 2 || length > max) throw new AppError('request.invalid', { field: `body.${field}` });
  return trimmed;
}

/** The certification triggers' refusals (an approved row, a transition not allowed), as a coded 409. */
const IMMUTABLE_HINTS = new Set(['certification.immutable', 'certification.transition']);

export function createCertificationService(deps: {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'reviewWorkingDays' | 'holidays' | 'makeupWorkdays' | 'entitlements' | 'secret'>;
  repo: CertificationRepository;
  uploads: Uploads;
  vault: Vault;
  audit: Audit;
  certificationStatus: CertificationStatusOf;
}) {
  const { db, clock, config, repo, uploads, vault, audit, certificationStatus } = deps;
  const calendar = { holidays: new Set(config.holidays), makeupWorkdays: new Set(config.makeupWorkdays) };

  /** Validates a submission: checksums, the files it names (the account's own, of the right kinds). */
  async function prepare(accountId: string, input: SubmitInput, now: Date) {
    if (input.consent !== true || input.consentVersion !== CONSENT_VERSION) {
      throw new AppError('request.invalid', { field: 'body.consent' });
    }
    const contactPhone = requirePhone(input.contactPhone);
    let fields: Record<string, string>;
    let identity: string | null;
    let files: [string | undefined, UploadKind][];
    if (input.type === 'enterprise') {
      fields = {
        companyName: nameField(input.companyName, 'companyName', certificationLimits.companyName.max),
        address: text(input.address, 'address', certificationLimits.address.max),
        contactName: nameField(input.contactName, 'contactName', certificationLimits.contactName.max),
        contactPhone,
      };
      identity = normalizeCreditCode(input.creditCode ?? '');
      if (!identity) throw new AppError('certification.invalid_credit_code');
      files = [[input.businessLicenceFileId, 'business_licence']];
    } else {
      fields = { realName: nameField(input.realName, 'realName', certificationLimits.realName.max), contactPhone };
      identity = normalizeIdNumber(input.idNumber ?? '', now);
      if (!identity) throw new AppError('certification.invalid_id_number');
      files = [
        [input.idFrontFileId, 'id_front'],
        [input.idBackFileId, 'id_back'],
      ];
    }
    const ids = files.map(([id, kind]) => {
      if (!id)
        throw new AppError('request.invalid', {
          field: `body.${kind === 'business_licence' ? 'businessLicenceFileId' : kind === 'id_front' ? 'idFrontFileId' : 'idBackFileId'}`,
        });
      return id;
    });
    const owned = await uploads.kindsOf(accountId, ids);
    for (const [id, kind] of files) {
      // Another account's file is simply not found (SECURITY 27).
      if (!owned.has(id!)) throw new AppError('request.not_found');
      if (owned.get(id!) !== kind) throw new AppError('request.invalid', { field: 'body.files' });
    }
    return {
      accountId,
      type: input.type,
      fields,
      identityEncrypted: vault.seal(identity),
      identityMasked: maskIdentity(identity),
      identityHmac: identityHmac(config.secret, input.type, identity),
      fileIds: ids,
      consentVersion: input.consentVersion,
      now,
      deadline: addWorkingDays(now, config.reviewWorkingDays, calendar),
    };
  }

  const entitlementsOf = (type: DeveloperType | null) => (type ? config.entitlements[type] : null);

  const toView = (row: SubmissionRow) => ({
    type: row.type,
    fields: row.fields,
    identityMasked: row.identity_masked,
    fileIds: row.file_ids,
    consentVersion: row.consent_version,
    submittedAt: row.submitted_at.toISOString(),
    deadline: row.deadline,
    decision: row.decision,
    rejectReason: row.reject_reason,
    decidedAt: row.decided_at ? row.decided_at.toISOString() : null,
  });

  return {
    entitlementsOf,

    /** Submit, edit while pending, or resubmit after a rejection; approved is final (SECURITY 31). */
    async submit(accountId: string, input: SubmitInput, ctx: RequestContext) {
      const submission = await prepare(accountId, input, clock.now());
      try {
        await db.tx(async (q) => {
          const id = await repo.insertSubmission(q, submission);
          if (!(await repo.exists(q, accountId))) await repo.insertCertification(q, submission, id);
          else if (!(await repo.resubmit(q, submission, id))) throw new AppError('certification.immutable');
          await audit.record(
            ctx,
            { event: 'certification.submitted', outcome: 'success', accountId, details: { type: input.type } },
            q,
          );
        });
      } catch (error) {
        if (isUniqueViolation(error, 'certifications_pkey')) throw new AppError('certification.already_decided');
        if (IMMUTABLE_HINTS.has(triggerHint(error) ?? '')) throw new AppError('certification.immutable');
        throw error;
      }
      return this.view(accountId);
    },

    async view(accountId: string) {
      const status = await certificationStatus(db, accountId);
      const [current, history] = await Promise.all([repo.current(db, accountId), repo.history(db, accountId)]);
      return {
        status,
        consentVersion: CONSENT_VERSION,
        entitlements: status.state === 'approved' ? entitlementsOf(status.type) : null,
        // What each type would get, for the type choice before submitting (configuration, not code).
        entitlementsByType: config.entitlements,
        current: current ? toView(current) : null,
        history: history.map(toView),
      };
    },
  };
}

export type CertificationService = ReturnType<typeof createCertificationService>;
