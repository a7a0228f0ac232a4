import { Button } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider.js';
import { secondFactorApi } from './api.js';

/** Staff: one of their passkeys instead of the one-time password, as the second factor. */
export function StaffPasskeyButton({ onDone, onError }: { onDone: () => void; onError: (error: unknown) => void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    onError(null);
    setBusy(true);
    try {
      await secondFactorApi.staffPasskey();
      onDone();
    } catch (failure) {
      onError(failure);
      setBusy(false);
    }
  };
  return (
    <Button block style={{ marginTop: 12 }} loading={busy} onClick={() => void run()} data-testid="mfa-passkey">
      {t('mfa.passkey')}
    </Button>
  );
}
