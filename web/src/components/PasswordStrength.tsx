import { Progress, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import { estimateStrength, type StrengthScore } from './strength.js';

const colors: Record<StrengthScore, string> = { 0: '#ff4d4f', 1: '#ff7a45', 2: '#faad14', 3: '#52c41a', 4: '#389e0d' };

/** A score bar under the password field (zxcvbn 0–4). */
export function PasswordStrength({ password, userInputs }: { password: string; userInputs: string[] }) {
  const { t } = useI18n();
  const [score, setScore] = useState<StrengthScore | null>(null);
  const inputsKey = userInputs.join('\n');

  useEffect(() => {
    let current = true;
    if (!password) {
      setScore(null);
      return;
    }
    void estimateStrength(password, inputsKey ? inputsKey.split('\n') : []).then((value) => {
      if (current) setScore(value);
    });
    return () => {
      current = false;
    };
  }, [password, inputsKey]);

  // The row keeps its height while empty, so nothing below it moves when the bar appears.
  if (score === null) return <div style={{ height: 22 }} />;
  return (
    <div data-testid="password-strength" data-score={score} style={{ height: 22 }}>
      <Progress percent={(score + 1) * 20} steps={5} showInfo={false} strokeColor={colors[score]} size="small" />
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
        {t('password.strength', { level: t(`password.strength.${score}`) })}
      </Typography.Text>
    </div>
  );
}
