import { Skeleton } from 'antd';
import { toString as qrSvg } from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * An otpauth:// set-up link as a QR code: an SVG made in the page, so the secret never leaves the
 * browser. Staff (the review console's MFA page) and developers (安全设置) both use it.
 */
export function TotpQr({
  url,
  label,
  testId,
  size = 180,
}: {
  url: string;
  label: string;
  testId: string;
  size?: number;
}) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void qrSvg(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
      (svg) => current && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`),
      () => current && setSrc(null),
    );
    return () => {
      current = false;
    };
  }, [url]);
  if (!src) return <Skeleton.Image style={{ width: size, height: size }} />;
  return <img src={src} alt={label} width={size} height={size} data-testid={testId} style={{ display: 'block' }} />;
}

/** ABCD EFGH …: easier to type from the screen when the QR code cannot be scanned. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}
