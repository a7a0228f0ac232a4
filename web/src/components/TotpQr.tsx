import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';

/** An otpauth:// set-up link as a QR code, drawn in the page (nothing leaves the browser). */
export function TotpQr({ url, alt, size = 200 }: { url: string; alt: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    toDataURL(url, { width: size, margin: 1, errorCorrectionLevel: 'M' }).then(
      (data) => live && setSrc(data),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [url, size]);
  return src ? (
    <img src={src} alt={alt} width={size} height={size} data-testid="totp-qr" />
  ) : (
    <div style={{ width: size, height: size }} />
  );
}
