/** True when an IPC message between the primary and its workers is of `type` (the `type` field). */
export const isMessage = <T extends { type: string }>(message: unknown, type: T['type']): message is T =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
