import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { AccountsRepository } from '../../platform/accounts.js';
import type { Audit, RequestContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Queryable } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { KnownDevices } from '../../platform/known-devices.js';
import type { Passwords } from '../../platform/passwords.js';
import type { SessionAccount } from '../../platform/sessions/index.js';
import { isThrottled } from '../../platform/throttle.js';
import type { Tickets } from '../../platform/tickets.js';
import type { Vault } from '../../platform/vault.js';
import type { SecondFactorService } from '../second-factor/service.js';
import type { DataExportRepository } from './repository.js';

/** One export per account per hour (counted when the download starts). */
export const DATA_EXPORT_EVERY_SECONDS = 3600;
/** The download ticket the re-authentication yields: used once, within two minutes. */
export const DATA_EXPORT_TICKET_SECONDS = 120;
/** The format of data.json; bumped when a field changes meaning. */
export const DATA_EXPORT_FORMAT = 'devplat-data-export/1';

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Export my data (PIPL Art. 45). The password (and a current TOTP code when two-factor is on)
 * earns a single-use download ticket; the download streams one zip: `data.json` with the
 * account's own rows, the identity number unsealed (it is the person's own), and each upload as a
 * file under `files/`. The JSON is one account's rows; the uploads, the bulk, are read and
 * decrypted one at a time as the zip is written, so the archive is never whole in memory.
 */
export function createDataExportService(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsRepository;
  passwords: Passwords;
  secondFactor: SecondFactorService;
  tickets: Tickets;
  vault: Vault;
  audit: Audit;
  knownDevices: KnownDevices;
  repo: DataExportRepository;
}) {
  const { db, clock, accounts, passwords, secondFactor, tickets, vault, audit, knownDevices, repo } = deps;

  /** Seconds until the account may export again (0: now). */
  const waitSeconds = async (q: Queryable, accountId: string) => {
    const last = await repo.lastExportAt(q, accountId);
    if (!last) return 0;
    return Math.max(0, Math.ceil((last.getTime() + DATA_EXPORT_EVERY_SECONDS * 1000 - clock.now().getTime()) / 1000));
  };
  const tooSoon = (wait: number) => new AppError('data_export.too_soon', { retryAfterSeconds: wait }, wait);

  const refused = (ctx: RequestContext, accountId: string, reason: string) =>
    audit.record(ctx, { event: 'data.exported', outcome: 'failure', accountId, details: { reason } });

  /** data.json: the account's own rows, secrets left out by the repository's SELECTs. */
  async function collect(accountId: string) {
    const account = await repo.account(db, accountId);
    if (!account) throw new AppError('auth.required');
    const [passkeys, sessions, events, certification, submissions, uploads, apps, keys, devices, loginDevices] =
      await Promise.all([
        repo.passkeys(db, accountId),
        repo.sessions(db, accountId),
        repo.securityEvents(db, accountId),
        repo.certification(db, accountId),
        repo.submissions(db, accountId),
        repo.uploads(db, accountId),
        repo.apps(db, accountId),
        repo.appKeys(db, accountId),
        repo.devices(db, accountId),
        knownDevices.list(db, accountId),
      ]);
    const files = uploads.map((u) => ({
      id: u.id,
      kind: u.kind,
      mime: u.mime,
      size: u.size,
      uploadedAt: iso(u.created_at),
      path: `files/${u.kind}-${u.id}.${EXT[u.mime] ?? 'bin'}`,
    }));
    const pathOf = new Map(files.map((f) => [f.id, f.path]));
    const data = {
      format: DATA_EXPORT_FORMAT,
      exportedAt: clock.now().toISOString(),
      account: {
        id: account.id,
        username: account.username,
        role: account.role,
        status: account.status,
        messageLocale: account.locale,
        createdAt: iso(account.created_at),
        updatedAt: iso(account.updated_at),
        twoFactor: {
          totp: account.totp_enabled_at !== null,
          totpEnabledAt: iso(account.totp_enabled_at),
          recoveryCodesLeft: account.totp_enabled_at ? account.recovery_codes_left : 0,
        },
        passkeys: passkeys.map((p) => ({
          id: p.id,
          name: p.name,
          transports: p.transports,
          createdAt: iso(p.created_at),
          lastUsedAt: iso(p.last_used_at),
        })),
      },
      contacts: { phone: account.phone, email: account.email },
      sessions: sessions.map((s) => ({
        id: s.id,
        createdAt: iso(s.created_at),
        lastSeenAt: iso(s.last_seen_at),
        expiresAt: iso(s.expires_at),
        endedAt: iso(s.ended_at),
        endReason: s.end_reason,
        ip: s.ip,
        userAgent: s.user_agent,
      })),
      loginDevices: loginDevices.map((d) => ({
        ipRange: d.ip_range,
        browser: d.browser,
        firstSeenAt: iso(d.first_seen_at),
        lastSeenAt: iso(d.last_seen_at),
      })),
      // Who acted is said as the history shows it (the account, staff, the system): a reviewer's
      // account id is not this person's data.
      securityHistory: events.map((e) => ({
        at: iso(e.at),
        event: e.event,
        outcome: e.outcome,
        actor: e.actor.startsWith('staff:') ? 'staff' : e.actor === 'system' ? 'system' : 'account',
        ip: e.ip,
        userAgent: e.user_agent,
        details: e.details,
      })),
      certification: {
        current: certification && {
          type: certification.type,
          state: certification.state,
          version: certification.version,
          submittedAt: iso(certification.submitted_at),
          deadline: certification.deadline,
          decidedAt: iso(certification.decided_at),
          rejectReason: certification.reject_reason,
        },
        submissions: submissions.map((s) => ({
          id: s.id,
          type: s.type,
          fields: s.fields,
          // The person's own ID number or credit code, unsealed: the export is after the password.
          identity: vault.open(s.identity_encrypted),
          identityMasked: s.identity_masked,
          files: s.file_ids.map((id) => ({ id, path: pathOf.get(id) ?? null })),
          consentVersion: s.consent_version,
          consentedAt: iso(s.consented_at),
          submittedAt: iso(s.submitted_at),
          deadline: s.deadline,
          decision: s.decision,
          rejectReason: s.reject_reason,
          decidedAt: iso(s.decided_at),
        })),
        files,
      },
      apps: apps.map((a) => ({
        appId: a.app_id,
        name: a.name,
        industry: a.industry,
        description: a.description,
        createdAt: iso(a.created_at),
        updatedAt: iso(a.updated_at),
        // Key ids and states only: an AppKey secret is shown once at creation and never again.
        keys: keys
          .filter((k) => k.app_id === a.app_id)
          .map((k) => ({
            keyId: k.key_id,
            state: k.state,
            createdAt: iso(k.created_at),
            lastUsedAt: iso(k.last_used_at),
          })),
      })),
      devices: devices.map((d) => ({
        deviceId: d.device_id,
        appId: d.app_id,
        kind: d.kind,
        gatewayDeviceId: d.gateway_device_id,
        model: d.model,
        name: d.name,
        createdAt: iso(d.created_at),
      })),
    };
    return { data, files, username: account.username };
  }

  /** The zip as a stream: data.json, then each upload read and decrypted when its turn comes. */
  function zipStream(
    accountId: string,
    data: object,
    files: { id: string; path: string; uploadedAt: string | null }[],
  ) {
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(`${JSON.stringify(data, null, 2)}\n`), 'data.json', { mtime: clock.now() });
    for (const file of files) {
      // Images and PDFs are compressed already: stored as they are.
      zip.addReadStreamLazy(file.path, { compress: false, mtime: new Date(file.uploadedAt ?? 0) }, (done) => {
        repo.uploadContent(db, accountId, file.id).then(
          (row) =>
            // An upload removed since the listing (the unattached-upload clean-up) is an empty file.
            done(null, Readable.from(row ? [vault.openBytes(row.envelope, Buffer.from(row.content))] : [])),
          (error: unknown) => done(error, Readable.from([])),
        );
      });
    }
    zip.end();
    return zip.outputStream as Readable;
  }

  return {
    /** Re-authentication: the password, and a current TOTP code if two-factor is on; yields the download ticket. */
    async start(me: SessionAccount, input: { password: string; code?: string }, ctx: RequestContext) {
      if (me.role !== 'developer') throw new AppError('auth.forbidden');
      const account = await accounts.findById(db, me.accountId);
      if (!account) throw new AppError('auth.required');
      // Said before the password is checked, so no one types it for nothing.
      const wait = await waitSeconds(db, account.id);
      if (wait > 0) throw tooSoon(wait);
      const now = clock.now();
      // A wrong password counts like a wrong log-in password; a throttled account is refused (SECURITY 5, 14).
      const ok = await passwords.verify(account.password_hash, input.password);
      if (!ok || isThrottled(account.failed_login_count, account.last_failed_login_at, now)) {
        if (!ok) await accounts.recordLoginFailure(db, account.id, now);
        await refused(ctx, account.id, 'password');
        throw new AppError('password.current_incorrect');
      }
      // The second factor as turning TOTP off asks for it: a current code (a recovery code is
      // for a lost authenticator, not for this). Wrong codes feed the log-in throttle.
      if (account.totp_enabled_at && (await secondFactor.prove(account, { code: input.code ?? '' })) !== 'totp') {
        await refused(ctx, account.id, 'second_factor');
        throw new AppError('mfa.code_invalid');
      }
      return tickets.issue(db, 'data_export', account.id, DATA_EXPORT_TICKET_SECONDS);
    },

    /**
     * The download: the ticket is used up, the hour claimed and the export audited in one
     * transaction, then the zip streams. A download cut off midway still counts as the hour's.
     */
    async download(me: SessionAccount, ticket: string, ctx: RequestContext) {
      if (me.role !== 'developer') throw new AppError('auth.forbidden');
      const now = clock.now();
      await db.tx(async (q) => {
        await tickets.consume(q, ticket, 'data_export', me.accountId);
        const since = new Date(now.getTime() - DATA_EXPORT_EVERY_SECONDS * 1000);
        // Two tickets taken before either download: only the first download of the hour passes.
        if (!(await repo.claimExport(q, me.accountId, now, since)))
          throw tooSoon(Math.max(1, await waitSeconds(q, me.accountId)));
        await audit.record(ctx, { event: 'data.exported', outcome: 'success', accountId: me.accountId }, q);
      });
      const { data, files, username } = await collect(me.accountId);
      const date = now.toISOString().slice(0, 10).replaceAll('-', '');
      return {
        fileName: `devplat-export-${username.replace(/[^A-Za-z0-9_-]/g, '_')}-${date}.zip`,
        stream: zipStream(me.accountId, data, files),
      };
    },
  };
}

export type DataExportService = ReturnType<typeof createDataExportService>;
