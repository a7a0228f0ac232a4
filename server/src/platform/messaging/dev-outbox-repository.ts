import type { Queryable } from '../db/index.js';

/** SQL of the development outbox: rendered messages kept to be read back locally. */
export function createDevOutboxRepository() {
  return {
    async insert(q: Queryable, row: { to: string; channel: 'sms' | 'email'; text: string; at: Date }) {
      const { rows } = await q.query<{ id: string }>(
        'INSERT INTO outbox_messages (to_address, channel, text, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
        [row.to, row.channel, row.text, row.at],
      );
      return rows[0]!.id;
    },

    async newestFor(q: Queryable, to: string, limit: number) {
      const { rows } = await q.query<{ to_address: string; channel: 'sms' | 'email'; text: string; created_at: Date }>(
        'SELECT to_address, channel, text, created_at FROM outbox_messages WHERE to_address = $1 ORDER BY id DESC LIMIT $2',
        [to, limit],
      );
      return rows;
    },
  };
}
