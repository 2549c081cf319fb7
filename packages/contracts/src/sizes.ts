/**
 * A file size as the product shows it, in the browser and in the server's
 * messages alike (1 KB = 1024 bytes, so 10485760 bytes is "10 MB"): a refusal
 * and the form's hint name the same limit.
 */
export function formatBytes(bytes: number, intlLocale: string): string {
  const number = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${number.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number.format(bytes / 1024)} KB`;
  return `${number.format(bytes / 1024 / 1024)} MB`;
}
