import { Skeleton } from 'antd';
import { toString as qrSvg } from 'qrcode';
import { useEffect, useState } from 'react';

/** The otpauth link as a QR code (an SVG made in the page; the secret never leaves it). */
export function TotpQr({ url, label }: { url: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void qrSvg(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then((svg) => {
      if (current) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      current = false;
    };
  }, [url]);
  if (!src) return <Skeleton.Image style={{ width: 180, height: 180 }} />;
  return <img src={src} alt={label} width={180} height={180} data-testid="mfa-qr" style={{ display: 'block' }} />;
}

/** ABCD EFGH …: easier to type from the screen when the QR code cannot be scanned. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? secret;
}
