import { Modal } from 'antd';
import { useState, type ReactNode } from 'react';

/** A dialog's save: the error to show (cleared on each try) and whether it is under way. */
export function useSave() {
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  /** Runs one save; a thrown error is kept for the dialog to show. */
  const save = async (work: () => Promise<void>) => {
    setError(null);
    setSaving(true);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return { error, saving, save, clearError: () => setError(null) };
}

/** A modal holding a form with its own buttons; its content is dropped when it closes. */
export function FormDialog({
  title,
  open,
  onClose,
  onHidden,
  children,
}: {
  title: ReactNode;
  open: boolean;
  onClose: () => void;
  /** After the closing animation: forget what the last opening showed. */
  onHidden: () => void;
  children: ReactNode;
}) {
  return (
    <Modal
      title={title}
      open={open}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      afterOpenChange={(visible) => !visible && onHidden()}
    >
      {children}
    </Modal>
  );
}
