import Bowser from 'bowser';
import ipaddr from 'ipaddr.js';
import type { AccountRow } from './accounts.js';
import type { RequestContext } from './audit.js';
import type { Queryable } from './db/index.js';
import type { DeviceSeen, KnownDevicesRepository } from './known-devices-repository.js';
import { notifyContacts, type Messenger } from './messaging/index.js';

/** A browser and network not seen on the account for this long is new again (and its row is pruned). */
export const KNOWN_DEVICE_DAYS = 90;
/** The network a log-in comes from: the IPv4 /24 or IPv6 /48 around its address. */
export const IP_RANGE_PREFIX = { ipv4: 24, ipv6: 48 } as const;
/** The console's route that lists the account's sessions (个人中心 → 登录设备), where one can be ended. */
export const SESSIONS_ROUTE = '/personal#sessions';

const DAY = 86_400_000;

/**
 * The network of an address as a CIDR prefix (IPv4-mapped IPv6 counts as IPv4). Something that is
 * no address at all (never from Fastify, which gives the socket's or a trusted proxy's value)
 * stands for itself.
 */
export function ipRangeOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip.slice(0, 64);
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') {
    const [a, b, c] = (address as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.0/${IP_RANGE_PREFIX.ipv4}`;
  }
  const parts = (address as ipaddr.IPv6).parts;
  return `${new ipaddr.IPv6([parts[0]!, parts[1]!, parts[2]!, 0, 0, 0, 0, 0]).toString()}/${IP_RANGE_PREFIX.ipv6}`;
}

/**
 * "Browser" as the alert and the known-device list mean it: the browser family and the operating
 * system, parsed by bowser (e.g. "Chrome / macOS"), never the full user agent, so a browser
 * update does not make a device new.
 */
export function browserOf(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser / unknown OS';
  const parsed = Bowser.parse(userAgent);
  const name = parsed.browser.name?.trim() || 'Unknown browser';
  const os = parsed.os.name?.trim() || 'unknown OS';
  return `${name} / ${os}`.slice(0, 128);
}

/**
 * New-device log-in alerts (issue 15 point 3): every log-in notes its (network, browser) on the
 * account, inside the transaction that starts the session; one not seen in KNOWN_DEVICE_DAYS
 * queues `notice.new_device_login` to each of the account's contacts in that same transaction.
 * Sign-up notes its device without an alert (it is the account's first device).
 */
export function createKnownDevices(deps: { repo: KnownDevicesRepository; messenger: Messenger; publicUrl: string }) {
  const { repo, messenger } = deps;
  const sessionsLink = new URL(SESSIONS_ROUTE, deps.publicUrl).toString();
  const seenOf = (accountId: string, ctx: RequestContext, now: Date): DeviceSeen => ({
    accountId,
    ipRange: ipRangeOf(ctx.ip),
    browser: browserOf(ctx.userAgent),
    now,
    seenSince: new Date(now.getTime() - KNOWN_DEVICE_DAYS * DAY),
  });
  const note = (q: Queryable, accountId: string, ctx: RequestContext, now: Date) =>
    repo.note(q, seenOf(accountId, ctx, now));

  return {
    /**
     * The device of a log-in as the known-devices table keys it, for a statement that touches its
     * row itself (the log-in's `startOnKnownDevice`); a device it does not find known goes through `onLogin`.
     */
    seenOf,

    /** Sign-up: the first device, remembered without a notice. */
    remember: async (q: Queryable, accountId: string, ctx: RequestContext, now: Date) => {
      await note(q, accountId, ctx, now);
    },

    /** A log-in: true (and the notices queued) when the device is new to the account. */
    async onLogin(
      q: Queryable,
      account: Pick<AccountRow, 'id' | 'phone' | 'email' | 'locale'>,
      ctx: RequestContext,
      now: Date,
    ): Promise<boolean> {
      if (!(await note(q, account.id, ctx, now))) return false;
      await notifyContacts(
        q,
        messenger,
        { contacts: [account.phone, account.email], locale: account.locale },
        'notice.new_device_login',
        { at: now.toISOString(), ip: ctx.ip, browser: browserOf(ctx.userAgent), link: sessionsLink },
      );
      return true;
    },

    list: (q: Queryable, accountId: string) => repo.listFor(q, accountId),
  };
}

export type KnownDevices = ReturnType<typeof createKnownDevices>;
