import { beforeEach } from 'vitest';

/**
 * CI retries a failed browser test once (vitest.e2e.config.ts), and a retry that passes shows
 * only "(retry x1)": the first attempt's error would be lost. Each failed attempt prints it here,
 * so a flake leaves its cause in CI's log.
 */
beforeEach(({ onTestFailed, task }) => {
  onTestFailed(({ task: attempt }) => {
    const errors = (attempt.result?.errors ?? []).map((e) =>
      [e.message, ...(e.stack ?? '').split('\n').slice(1, 6)].join('\n'),
    );
    console.error(`[attempt ${(attempt.result?.retryCount ?? 0) + 1} failed] ${task.name}\n${errors.join('\n---\n')}`);
  });
});
