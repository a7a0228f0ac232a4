import type { ReviewDetail } from '../../api/types.js';
import { Button, Flex, Popconfirm } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { RejectDialog } from './RejectDialog.js';

/**
 * 通过 / 驳回 for the version the reviewer sees; a decision that lost the race (or a developer's
 * edit meanwhile) comes back as certification.already_decided, which the page shows before reloading.
 */
export function DecisionBar({
  detail,
  onDecided,
  onFailed,
}: {
  detail: ReviewDetail;
  onDecided: (detail: ReviewDetail, decision: 'approved' | 'rejected') => void;
  onFailed: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const accountId = detail.account.id;

  const decide = async (decision: 'approved' | 'rejected', reason?: string) => {
    setBusy(true);
    try {
      const next = await api.decide(accountId, { version: detail.version, decision, reason });
      setRejecting(false);
      onDecided(next, decision);
    } catch (failure) {
      setRejecting(false);
      onFailed(failure);
    }
    setBusy(false);
  };

  return (
    <Flex gap={12}>
      <Popconfirm
        title={t('admin.approve.confirm')}
        onConfirm={() => void decide('approved')}
        okButtonProps={{ loading: busy, 'data-testid': 'approve-confirm' }}
        okText={t('common.confirm')}
      >
        <Button type="primary" loading={busy} data-testid="approve-button">
          {t('admin.approve')}
        </Button>
      </Popconfirm>
      <Button danger disabled={busy} onClick={() => setRejecting(true)} data-testid="reject-button">
        {t('admin.reject')}
      </Button>
      <RejectDialog
        open={rejecting}
        busy={busy}
        onCancel={() => setRejecting(false)}
        onReject={(reason) => void decide('rejected', reason)}
      />
    </Flex>
  );
}
