import { Alert, Button, Flex } from 'antd';
import { formatTime } from '../../components/format.js';
import type { Me } from '../../api/types.js';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { useSave } from '../layout/FormDialog.js';
import { deletionApi, type PendingDeletion } from './api.js';

/** The log-in of an account pending deletion: when it will be erased, and 撤销注销 (which signs in). */
export function PendingDeletionStep({
  pending,
  onCancelled,
  onBack,
}: {
  pending: PendingDeletion;
  onCancelled: (me: Me) => void;
  onBack: () => void;
}) {
  const { t, locale } = useI18n();
  const { error, saving, save } = useSave();
  return (
    <Flex vertical gap={16}>
      <Alert
        type="warning"
        showIcon
        title={
          <span data-testid="deletion-pending">
            {t('deletion.pending', { date: formatTime(pending.eraseAfter, locale) })}
          </span>
        }
      />
      <ErrorAlert error={error} testId="deletion-cancel-error" />
      <Button
        type="primary"
        block
        loading={saving}
        data-testid="deletion-cancel"
        onClick={() => void save(async () => onCancelled(await deletionApi.cancel(pending.cancelToken)))}
      >
        {t('deletion.cancel')}
      </Button>
      <Button type="link" onClick={onBack} data-testid="deletion-back">
        {t('deletion.backToLogin')}
      </Button>
    </Flex>
  );
}
