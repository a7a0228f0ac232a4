import type { Queryable } from '../../platform/db/index.js';

export interface PasskeyRow {
  id: string;
  account_id: string;
  credential_id: string;
  public_key: Uint8Array;
  counter: string | number;
  transports: string[];
  name: string;
  created_at: Date;
  last_used_at: Date | null;
}

export type ChallengePurpose = 'register' | 'login' | 'second_factor';

/** SQL of recovery codes, passkeys and WebAuthn challenges; the rules are the services'. */
export function createSecondFactorRepository() {
  return {
    /** Replaces every recovery code of the account (old ones are void at once). */
    async replaceRecoveryCodes(q: Queryable, accountId: string, hashes: Buffer[], now: Date) {
      await q.query('DELETE FROM recovery_codes WHERE account_id = $1', [accountId]);
      for (const hash of hashes) {
        await q.query('INSERT INTO recovery_codes (account_id, code_hash, created_at) VALUES ($1, $2, $3)', [
          accountId,
          hash,
          now,
        ]);
      }
    },

    /** Uses a recovery code up; false when it is not one of the account's unused codes. Only one request can. */
    async useRecoveryCode(q: Queryable, accountId: string, hash: Buffer, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        'UPDATE recovery_codes SET used_at = $3 WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL',
        [accountId, hash, now],
      );
      return rowCount === 1;
    },

    async recoveryCodesLeft(q: Queryable, accountId: string): Promise<number> {
      const { rows } = await q.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM recovery_codes WHERE account_id = $1 AND used_at IS NULL',
        [accountId],
      );
      return rows[0]?.n ?? 0;
    },

    /** Turns TOTP off: the secret and the recovery codes go; the last used step stays (no replay later). */
    async removeTotp(q: Queryable, accountId: string, now: Date) {
      await q.query('UPDATE accounts SET totp_secret = NULL, totp_enabled_at = NULL, updated_at = $2 WHERE id = $1', [
        accountId,
        now,
      ]);
      await q.query('DELETE FROM recovery_codes WHERE account_id = $1', [accountId]);
    },

    async removePasskeys(q: Queryable, accountId: string): Promise<number> {
      const { rowCount } = await q.query('DELETE FROM passkeys WHERE account_id = $1', [accountId]);
      return rowCount ?? 0;
    },

    async listPasskeys(q: Queryable, accountId: string): Promise<PasskeyRow[]> {
      const { rows } = await q.query<PasskeyRow>(
        'SELECT * FROM passkeys WHERE account_id = $1 ORDER BY created_at, id',
        [accountId],
      );
      return rows;
    },

    async findPasskey(q: Queryable, credentialId: string): Promise<PasskeyRow | null> {
      const { rows } = await q.query<PasskeyRow>('SELECT * FROM passkeys WHERE credential_id = $1', [credentialId]);
      return rows[0] ?? null;
    },

    async insertPasskey(
      q: Queryable,
      row: {
        accountId: string;
        credentialId: string;
        publicKey: Uint8Array;
        counter: number;
        transports: string[];
        name: string;
        now: Date;
      },
    ): Promise<PasskeyRow> {
      const { rows } = await q.query<PasskeyRow>(
        `INSERT INTO passkeys (account_id, credential_id, public_key, counter, transports, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [row.accountId, row.credentialId, Buffer.from(row.publicKey), row.counter, row.transports, row.name, row.now],
      );
      return rows[0]!;
    },

    /** Records a use; the counter only moves from the value read (false when another use won). */
    async usePasskey(q: Queryable, id: string, from: number, to: number, now: Date): Promise<boolean> {
      const { rowCount } = await q.query(
        'UPDATE passkeys SET counter = $3, last_used_at = $4 WHERE id = $1 AND counter = $2',
        [id, from, to, now],
      );
      return rowCount === 1;
    },

    async deletePasskey(q: Queryable, accountId: string, id: string): Promise<PasskeyRow | null> {
      const { rows } = await q.query<PasskeyRow>('DELETE FROM passkeys WHERE account_id = $1 AND id = $2 RETURNING *', [
        accountId,
        id,
      ]);
      return rows[0] ?? null;
    },

    async insertChallenge(
      q: Queryable,
      row: { hash: Buffer; purpose: ChallengePurpose; accountId: string | null; now: Date; expiresAt: Date },
    ) {
      await q.query(
        `INSERT INTO webauthn_challenges (challenge_hash, purpose, account_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [row.hash, row.purpose, row.accountId, row.now, row.expiresAt],
      );
    },

    async deleteExpiredChallenges(q: Queryable, now: Date) {
      await q.query('DELETE FROM webauthn_challenges WHERE expires_at <= $1', [now]);
    },

    /** Uses a live challenge up (single use); false when unknown, expired, used or bound to another account. */
    async consumeChallenge(
      q: Queryable,
      hash: Buffer,
      purpose: ChallengePurpose,
      accountId: string | null,
      now: Date,
    ): Promise<boolean> {
      const { rowCount } = await q.query(
        `UPDATE webauthn_challenges SET consumed_at = $4
          WHERE challenge_hash = $1 AND purpose = $2 AND account_id IS NOT DISTINCT FROM $3::uuid
            AND consumed_at IS NULL AND expires_at > $4`,
        [hash, purpose, accountId, now],
      );
      return rowCount === 1;
    },

    /** The approved certification's identity HMAC and type, for the admin-assisted recovery. */
    async approvedIdentity(q: Queryable, accountId: string) {
      const { rows } = await q.query<{ type: 'enterprise' | 'personal'; identity_hmac: Buffer }>(
        `SELECT type, identity_hmac FROM certifications WHERE account_id = $1 AND state = 'approved'`,
        [accountId],
      );
      return rows[0] ?? null;
    },

    async countPasskeys(q: Queryable, accountId: string): Promise<number> {
      const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM passkeys WHERE account_id = $1', [
        accountId,
      ]);
      return rows[0]?.n ?? 0;
    },
  };
}

export type SecondFactorRepository = ReturnType<typeof createSecondFactorRepository>;
