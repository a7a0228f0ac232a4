import type { Me } from '../../api/types.js';
import { App, Modal, Steps } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ContactKind } from '../../api/types.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useMe, useSetMe } from '../layout/session.js';
import { NewContactStep } from './NewContactStep.js';
import { VerifyCurrentStep } from './VerifyCurrentStep.js';

/**
 * 更改/绑定邮箱 or 手机号, as in the guide: 1. 获取验证码 (to the current contact — or the other one
 * while none of this kind is bound), code → 下一步; 2. new address, 获取验证码, code → 提交.
 */
export function ContactDialog({
  kind,
  open,
  onClose,
  onDone,
}: {
  kind: ContactKind;
  open: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const setMe = useSetMe();
  // Step 2 is its own history entry with its own address (?step=new-phone, ?step=new-email; the
  // ticket in the entry's state, never in the address): Back returns to step 1.
  const location = useLocation();
  const navigate = useNavigate();
  const state = (location.state as { contactTicket?: string; contactKind?: ContactKind } | null) ?? {};
  const onStep2 = new URLSearchParams(location.search).get('step') === `new-${kind}`;
  const ticket = onStep2 && state.contactKind === kind ? (state.contactTicket ?? null) : null;
  const setTicket = (next: string | null) => {
    if (next)
      navigate(
        { pathname: location.pathname, search: `?step=new-${kind}` },
        { state: { ...state, contactTicket: next, contactKind: kind } },
      );
    else if (ticket || onStep2)
      navigate(
        { pathname: location.pathname, search: '' },
        { replace: true, state: { ...state, contactTicket: undefined } },
      );
  };
  const [error, setError] = useState<unknown>(null);
  // Remounts step 1 (fresh code field) when the flow starts over.
  const [round, setRound] = useState(0);
  const bound = me[kind] !== null;

  const restart = (failure: unknown) => {
    setTicket(null);
    setError(failure);
    setRound((n) => n + 1);
  };
  const finish = (next: Me) => {
    setMe(next);
    void message.success(t(bound ? `contact.changed.${kind}` : `contact.bound.${kind}`));
    onDone();
  };

  return (
    <Modal
      title={t(bound ? `contact.change.title.${kind}` : `contact.bind.title.${kind}`)}
      open={open}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) {
          setTicket(null);
          setError(null);
        }
      }}
    >
      <Steps
        size="small"
        current={ticket ? 1 : 0}
        style={{ marginBottom: 24 }}
        items={[{ title: t('contact.step.verify') }, { title: t(`contact.step.new.${kind}`) }]}
      />
      <ErrorAlert error={error} testId="contact-dialog-error" />
      {ticket ? (
        <NewContactStep kind={kind} ticket={ticket} setError={setError} onRestart={restart} onDone={finish} />
      ) : (
        <VerifyCurrentStep
          key={round}
          kind={kind}
          setError={setError}
          onVerified={(next) => {
            setError(null);
            setTicket(next);
          }}
        />
      )}
    </Modal>
  );
}
