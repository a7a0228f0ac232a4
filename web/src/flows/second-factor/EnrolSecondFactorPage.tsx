import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Flex } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/endpoints.js';
import { queries } from '../../api/queries.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { AuthShell } from '../layout/AuthShell.js';
import { useMe, useSetMe } from '../layout/session.js';
import { RecoveryCodesModal } from './RecoveryCodesModal.js';
import { TotpSetupDialog } from './TotpSetupDialog.js';

/**
 * SECURITY_PROFILE=mlps: a certified enterprise developer logged in with the password alone
 * (me.mfa = 'setup') turns on TOTP here before anything else; the first code makes the session
 * whole, the recovery codes are shown once, then App management opens.
 */
export function EnrolSecondFactorPage() {
  const { t } = useI18n();
  const me = useMe();
  const setMe = useSetMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  const done = () => {
    setCodes(null);
    setMe({ ...me, mfa: undefined });
    void queryClient.invalidateQueries({ queryKey: queries.me().queryKey });
    navigate('/apps', { replace: true });
  };

  return (
    <AuthShell title={t('sec.enroll.title')}>
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={<span data-testid="enrol-hint">{t('sec.enroll.hint')}</span>} />
        <Button
          type="primary"
          block
          icon={<SafetyCertificateOutlined />}
          onClick={() => setOpen(true)}
          data-testid="enrol-totp"
        >
          {t('sf.totp.enable')}
        </Button>
        <Button
          block
          onClick={() => void api.logOut().finally(() => navigate('/login', { replace: true }))}
          data-testid="enrol-logout"
        >
          {t('header.logout')}
        </Button>
      </Flex>
      <TotpSetupDialog
        open={open}
        onClose={() => setOpen(false)}
        onDone={(recoveryCodes) => {
          setOpen(false);
          setCodes(recoveryCodes);
        }}
      />
      <RecoveryCodesModal codes={codes} onClose={done} />
    </AuthShell>
  );
}
