import { Image, Skeleton } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

const SIZE = 192;

/**
 * The otpauth URI as a QR code, for an authenticator app to scan. An SVG image with a text alternative;
 * the secret itself stays on the page as text for entering by hand (and for screen readers).
 */
export function TotpQrCode({ uri }: { uri: string }) {
  const { t } = useTranslation();
  const [svg, setSvg] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    // Loaded on first use: most visitors never set up TOTP, and their first download stays as light as it was.
    void import('qrcode')
      .then((qrcode) => qrcode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }))
      .then((made) => current && setSvg(made));
    return () => {
      current = false;
    };
  }, [uri]);

  if (svg === null) return <Skeleton w={SIZE} h={SIZE} />;
  return (
    <Image
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={t('account.totpQr.label')}
      w={SIZE}
      h={SIZE}
      fit="contain"
      bg="white"
      data-testid="totp-qr"
    />
  );
}
