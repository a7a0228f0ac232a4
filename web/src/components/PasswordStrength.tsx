import { Flex } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import type { PersonalContext } from './rules.js';
import { usePasswordPolicy } from './usePasswordPolicy.js';
import { estimateStrength, type StrengthScore } from './strength.js';
import { Text } from './text.js';

const colors: Record<StrengthScore, string> = { 0: '#ff4d4f', 1: '#ff7a45', 2: '#faad14', 3: '#52c41a', 4: '#389e0d' };
/** How many of the four segments each level fills. */
const filled: Record<StrengthScore, number> = { 0: 1, 1: 1, 2: 2, 3: 3, 4: 4 };

/**
 * A full-width, four-segment meter under a new password, in the level's colour, with its word:
 * 很弱 for anything the server would refuse (see strength.ts), else zxcvbn's level.
 */
export function PasswordStrength({
  password,
  context,
  min,
}: {
  password: string;
  context: PersonalContext;
  min: number;
}) {
  const { t } = useI18n();
  const [score, setScore] = useState<StrengthScore | null>(null);
  const { minClasses } = usePasswordPolicy();
  const contextKey = JSON.stringify([context.phone, context.email, context.username, min, minClasses]);

  useEffect(() => {
    let current = true;
    if (!password) {
      setScore(null);
      return;
    }
    const [phone, email, username, minimum, classes] = JSON.parse(contextKey) as [
      string,
      string,
      string,
      number,
      number,
    ];
    void estimateStrength(password, { min: minimum, minClasses: classes, context: { phone, email, username } }).then(
      (value) => {
        if (current) setScore(value);
      },
    );
    return () => {
      current = false;
    };
  }, [password, contextKey]);

  const level = score === null ? null : t(`password.strength.${score}`);
  // The row keeps its height while empty, so nothing below it moves when the meter appears.
  return (
    <Flex
      vertical
      gap={2}
      data-testid={score === null ? undefined : 'password-strength'}
      data-score={score ?? undefined}
      style={{ minHeight: 28, width: '100%' }}
    >
      {score !== null && (
        <>
          <Flex
            gap={4}
            role="meter"
            aria-valuemin={0}
            aria-valuemax={4}
            aria-valuenow={score}
            aria-label={t('password.strength', { level: level! })}
          >
            {[0, 1, 2, 3].map((i) => (
              <span
                key={i}
                style={{
                  flex: 1,
                  height: 6,
                  borderRadius: 3,
                  background: i < filled[score] ? colors[score] : '#f0f0f0',
                }}
              />
            ))}
          </Flex>
          <Text style={{ color: score <= 1 ? '#cf1322' : score === 2 ? '#ad6800' : '#237804', fontSize: 12 }}>
            {t('password.strength', { level: level! })}
          </Text>
        </>
      )}
    </Flex>
  );
}
