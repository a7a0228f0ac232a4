import { theme } from 'antd';
import { useRef, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import { AuthShell } from '../layout/AuthShell.js';
import { RegisterForm } from './RegisterForm.js';
import type { Channel } from '../../components/rules.js';
import { SmsOffNotice } from '../../components/SmsOffNotice.js';
import { useSmsAvailable } from '../../components/useSmsAvailable.js';
import { Paragraph } from '../../components/text.js';

/**
 * 手机号注册 / 邮箱注册 as a WAI-ARIA tab list (arrow keys move between the tabs) in the look of
 * antd's Tabs, without it: Tabs brings its overflow menu (rc-menu, a trigger), ~17 KB gzip on the
 * sign-up page (docs/decisions.md, "Console bundle").
 */
function ChannelTabs({
  channels,
  active,
  onChange,
}: {
  channels: Channel[];
  active: Channel;
  onChange: (channel: Channel) => void;
}) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const list = useRef<HTMLDivElement>(null);
  const move = (event: KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = channels[(channels.indexOf(active) + step + channels.length) % channels.length]!;
    onChange(next);
    list.current?.querySelector<HTMLButtonElement>(`#register-tab-${next}`)?.focus();
  };
  return (
    <div
      ref={list}
      role="tablist"
      onKeyDown={move}
      style={{ display: 'flex', gap: 32, marginBottom: 16, borderBottom: `1px solid ${token.colorSplit}` }}
    >
      {channels.map((channel) => {
        const selected = channel === active;
        return (
          <button
            key={channel}
            type="button"
            role="tab"
            id={`register-tab-${channel}`}
            aria-selected={selected}
            aria-controls={`register-panel-${channel}`}
            tabIndex={selected ? 0 : -1}
            data-testid={`register-tab-${channel}`}
            onClick={() => onChange(channel)}
            style={{
              background: 'none',
              border: 0,
              padding: '12px 0',
              marginBottom: -1,
              font: 'inherit',
              cursor: 'pointer',
              color: selected ? token.colorPrimary : token.colorText,
              borderBottom: `2px solid ${selected ? token.colorPrimary : 'transparent'}`,
            }}
          >
            {t(`register.tab.${channel}`)}
          </button>
        );
      })}
    </div>
  );
}

/** 手机号注册 / 邮箱注册; `?by=email` opens the email tab. Without SMS only the email tab is shown, with why. */
export function RegisterPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const sms = useSmsAvailable();
  const channels: Channel[] = sms ? ['phone', 'email'] : ['email'];
  const active: Channel = params.get('by') === 'email' || !sms ? 'email' : 'phone';
  return (
    <AuthShell title={t('register.title')}>
      <SmsOffNotice phrase="sms.off.register" />
      <ChannelTabs
        channels={channels}
        active={active}
        onChange={(key) => setParams(key === 'email' ? { by: 'email' } : {}, { replace: true })}
      />
      <div role="tabpanel" id={`register-panel-${active}`} aria-labelledby={`register-tab-${active}`}>
        <RegisterForm key={active} channel={active} />
      </div>
      <Paragraph style={{ marginTop: 16, marginBottom: 0, textAlign: 'center' }}>
        {t('register.haveAccount')}{' '}
        <Link to="/login" data-testid="to-login-link">
          {t('register.toLogin')}
        </Link>
      </Paragraph>
    </AuthShell>
  );
}
