import { Button, Flex, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints.js';
import { useErrorText } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';

/** The masked number, and 查看完整号码 behind an explicit click (each reveal is audited by the server). */
export function IdentityReveal({
  accountId,
  submissionId,
  masked,
}: {
  accountId: string;
  /** An earlier submission of the history; the current one without it. */
  submissionId?: string;
  masked: string;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [full, setFull] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reveal = async () => {
    setBusy(true);
    setError(null);
    try {
      setFull((await api.reveal(accountId, submissionId)).identity);
    } catch (failure) {
      setError(errorText(failure));
    }
    setBusy(false);
  };

  return (
    <Flex gap={12} align="center" wrap>
      <Typography.Text code data-testid="detail-identity">
        {full ?? masked}
      </Typography.Text>
      {!full && (
        <Tooltip title={t('admin.reveal.hint')}>
          <Button size="small" loading={busy} onClick={() => void reveal()} data-testid="reveal-button">
            {t('admin.reveal')}
          </Button>
        </Tooltip>
      )}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Flex>
  );
}
