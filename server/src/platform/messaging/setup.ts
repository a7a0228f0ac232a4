import type { Config } from '../../config.js';
import type { Audit } from '../audit.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/index.js';
import type { Vault } from '../vault.js';
import { createDevOutboxProvider, createSmtpProvider, type DevOutbox } from './email-providers.js';
import { createMessenger, type Messenger } from './index.js';
import { createOutboxRepository } from './outbox-repository.js';
import type { Provider } from './provider.js';
import { createAliyunProvider, createTencentProvider } from './sms-providers.js';
import { createOutboxWorker, type OutboxWorker, type WorkerOptions } from './worker.js';

export interface Messaging {
  messenger: Messenger;
  worker: OutboxWorker;
  repo: ReturnType<typeof createOutboxRepository>;
  /** The dev outbox, when enabled (never in production). */
  devOutbox: DevOutbox | null;
}

/** The outbox, its worker and the providers the configuration names, in failover order. */
export function createMessaging(deps: {
  config: Config;
  db: Db;
  clock: Clock;
  vault: Vault;
  audit: Audit;
  log: (details: Record<string, unknown>, message: string) => void;
  metrics?: WorkerOptions['metrics'];
  resolve?: WorkerOptions['resolve'];
}): Messaging {
  const { config, db, clock } = deps;
  const timeout = config.messageSendTimeoutMs;
  const devOutbox = config.devOutbox ? createDevOutboxProvider(db, clock) : null;
  const sms = config.sms.providers.map((name): Provider => {
    if (name === 'aliyun') return createAliyunProvider(config.sms.aliyun!, timeout);
    if (name === 'tencent') return createTencentProvider(config.sms.tencent!, timeout);
    return devOutbox!;
  });
  const email: Provider[] = config.smtpUrl
    ? [createSmtpProvider(config.smtpUrl, config.mailFrom, timeout)]
    : devOutbox
      ? [devOutbox]
      : [];
  const repo = createOutboxRepository();
  const worker = createOutboxWorker({ ...deps, repo, providers: { sms, email }, sendTimeoutMs: timeout });
  const messenger = createMessenger({ repo, vault: deps.vault, clock, worker, smsEnabled: sms.length > 0 });
  return { messenger, worker, repo, devOutbox };
}
