import { Button, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useForgetSession } from '../layout/session.js';
import { COOLING_OFF_DAYS, DeletionDialog } from './DeletionDialog.js';

/** 安全设置 → 注销账号: the warning and the button; after the request, the log-in page says when the erase comes. */
export function DeletionItem({ totp }: { totp: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const forgetSession = useForgetSession();
  const [open, setOpen] = useState(false);
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Text type="secondary" style={{ flex: '1 1 320px' }}>
        {t('deletion.hint', { days: COOLING_OFF_DAYS })}
      </Typography.Text>
      <Button danger onClick={() => setOpen(true)} data-testid="deletion-start">
        {t('deletion.start')}
      </Button>
      <DeletionDialog
        open={open}
        totp={totp}
        onClose={() => setOpen(false)}
        onDone={(eraseAfter) => {
          // Every session of the account has ended, this one too.
          setOpen(false);
          forgetSession();
          navigate('/login', { replace: true, state: { notice: 'deletionRequested', eraseAfter } });
        }}
      />
    </Flex>
  );
}
