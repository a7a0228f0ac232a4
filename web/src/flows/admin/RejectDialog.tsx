import { certificationLimits } from '@devplat/common';
import { Form, Input, Modal } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.js';

const { max } = certificationLimits.rejectReason;

/** 驳回: a required reason of at most 256 characters, shown to the developer as text. */
export function RejectDialog({
  open,
  busy,
  onCancel,
  onReject,
}: {
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onReject: (reason: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open={open}
      title={t('admin.reject.title')}
      okText={t('admin.reject')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'reject-submit' }}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} onFinish={({ reason }) => onReject(reason.trim())}>
        <Form.Item
          name="reason"
          label={t('admin.reject.reason')}
          extra={t('admin.reject.hint')}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                const length = [...(value ?? '').trim()].length;
                if (length === 0) throw new Error(t('admin.reject.required'));
                if (length > max) throw new Error(t('admin.reject.tooLong'));
              },
            },
          ]}
        >
          <Input.TextArea data-testid="reject-reason-input" rows={4} showCount maxLength={max} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
