import { theme } from 'antd';
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';

/**
 * Text in antd's typography, without antd's Typography: its Text, Title, Paragraph and Link bring
 * Tooltip and its trigger (for ellipsis and copy, which these pages never use), ~15 KB gzip on
 * every signed-out page (docs/decisions.md, "Console bundle"). The look is antd's, from the same
 * theme tokens. A link inside a sentence is underlined (`.prose a` in global.css, WCAG AA).
 */
type Tone = 'secondary' | 'danger' | 'success';

/** The colour and weight of antd's Typography for a tone (`type`) and `strong`. */
function useProseStyle(type: Tone | undefined, strong: boolean | undefined): CSSProperties {
  const { token } = theme.useToken();
  const color =
    type === 'secondary'
      ? token.colorTextSecondary
      : type === 'danger'
        ? token.colorError
        : type === 'success'
          ? token.colorSuccess
          : token.colorText;
  return { color, ...(strong ? { fontWeight: token.fontWeightStrong } : {}) };
}

type TextProps = HTMLAttributes<HTMLElement> & { type?: Tone; strong?: boolean; children?: ReactNode };

/** An inline run of text (antd's Typography.Text). */
export function Text({ type, strong, style, ...rest }: TextProps) {
  return <span className="prose" style={{ ...useProseStyle(type, strong), ...style }} {...rest} />;
}

/** A block of text with antd's paragraph spacing (Typography.Paragraph). */
export function Paragraph({ type, strong, style, ...rest }: TextProps) {
  return <div className="prose" style={{ ...useProseStyle(type, strong), marginBottom: '1em', ...style }} {...rest} />;
}

/** A page's heading (Typography.Title, levels 3–5). */
export function Title({
  level,
  style,
  ...rest
}: HTMLAttributes<HTMLHeadingElement> & { level: 3 | 4 | 5; children?: ReactNode }) {
  const { token } = theme.useToken();
  const Heading = `h${level}` as const;
  const size: Record<3 | 4 | 5, [CSSProperties['fontSize'], CSSProperties['lineHeight']]> = {
    3: [token.fontSizeHeading3, token.lineHeightHeading3],
    4: [token.fontSizeHeading4, token.lineHeightHeading4],
    5: [token.fontSizeHeading5, token.lineHeightHeading5],
  };
  const [fontSize, lineHeight] = size[level];
  const heading: CSSProperties = {
    color: token.colorTextHeading,
    fontWeight: token.fontWeightStrong,
    fontSize,
    lineHeight,
    marginBottom: '0.5em',
  };
  return <Heading style={{ ...heading, ...style }} {...rest} />;
}

/**
 * An action that reads as a link (Typography.Link with an onClick): a button, so the keyboard
 * reaches it and a screen reader names it as one.
 */
export function ActionLink({
  style,
  ...rest
}: Omit<HTMLAttributes<HTMLButtonElement>, 'type'> & { children?: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <button
      type="button"
      className="action-link"
      style={{
        background: 'none',
        border: 0,
        padding: 0,
        font: 'inherit',
        color: token.colorLink,
        cursor: 'pointer',
        ...style,
      }}
      {...rest}
    />
  );
}
