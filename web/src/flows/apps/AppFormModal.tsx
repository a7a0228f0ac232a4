import { FIELD_LIMITS } from '@devplat/common';
import { Button, Form, Input, Select, Space } from 'antd';
import { ErrorAlert } from '../../api/ErrorAlert.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { FormDialog, useSave } from '../layout/FormDialog.js';
import type { AppFields, AppInfo } from '../../api/types.js';
import { INDUSTRIES } from './api.js';
import { isIndustry } from './format.js';

interface Props {
  mode: 'create' | 'edit';
  open: boolean;
  /** The app being edited (edit mode). */
  initial?: AppInfo;
  onClose: () => void;
  /** Saves; a thrown error is shown in the dialog, which then stays open. */
  onSubmit: (fields: AppFields) => Promise<void>;
}

/** 创建应用 / 编辑应用: name (1–50), industry from the fixed list, optional description (≤ 500). */
export function AppFormModal({ mode, open, initial, onClose, onSubmit }: Props) {
  const { t } = useI18n();
  const { error, saving, save, clearError } = useSave();

  const submit = (values: AppFields) =>
    save(() =>
      onSubmit({ name: values.name.trim(), industry: values.industry, description: values.description ?? '' }),
    );

  return (
    <FormDialog
      title={t(mode === 'create' ? 'apps.form.create.title' : 'apps.form.edit.title')}
      open={open}
      onClose={onClose}
      onHidden={clearError}
    >
      <Form<AppFields>
        layout="vertical"
        requiredMark={false}
        noValidate
        onFinish={(values) => void submit(values)}
        initialValues={
          initial
            ? {
                name: initial.name,
                industry: isIndustry(initial.industry) ? initial.industry : undefined,
                description: initial.description,
              }
            : undefined
        }
      >
        <ErrorAlert error={error} testId="app-form-error" />
        <Form.Item
          name="name"
          label={t('apps.form.name')}
          rules={[{ required: true, whitespace: true, message: t('apps.form.name.required') }]}
        >
          <Input
            data-testid="app-form-name"
            maxLength={FIELD_LIMITS.appName.max}
            showCount
            placeholder={t('apps.form.name.placeholder')}
          />
        </Form.Item>
        <Form.Item
          name="industry"
          label={t('apps.form.industry')}
          rules={[{ required: true, message: t('apps.form.industry.required') }]}
        >
          <Select
            data-testid="app-form-industry"
            placeholder={t('apps.form.industry.placeholder')}
            options={INDUSTRIES.map((value) => ({ value, label: t(`apps.industry.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="description" label={t('apps.form.description')}>
          <Input.TextArea
            data-testid="app-form-description"
            maxLength={FIELD_LIMITS.appDescription.max}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={t('apps.form.description.placeholder')}
          />
        </Form.Item>
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('apps.form.cancel')}</Button>
          <Button data-testid="app-form-submit" type="primary" htmlType="submit" loading={saving}>
            {t(mode === 'create' ? 'apps.form.create.submit' : 'apps.form.edit.submit')}
          </Button>
        </Space>
      </Form>
    </FormDialog>
  );
}
