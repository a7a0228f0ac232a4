import nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/index.js';
import { createOutboxSender, createSmtpSender, noSmsProvider, type Sender } from './index.js';

/**
 * Which sender carries which channel, from the configuration: the dev outbox (outside
 * production) keeps SMS and email readable; SMTP, when set, carries email instead. Without an
 * SMS provider configured, SMS goes nowhere but the outbox.
 */
export function chooseSenders(deps: {
  config: Pick<Config, 'devOutbox' | 'smtpUrl' | 'mailFrom'>;
  db: Queryable;
  clock: Clock;
}) {
  const { config, db, clock } = deps;
  const outbox = config.devOutbox ? createOutboxSender(db, clock) : null;
  const email: Sender = config.smtpUrl
    ? createSmtpSender(nodemailer.createTransport(config.smtpUrl), config.mailFrom)
    : (outbox ?? noSmsProvider);
  return { outbox, sms: outbox ?? noSmsProvider, email };
}
