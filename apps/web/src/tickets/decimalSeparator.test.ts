import { describe, expect, it } from 'vitest';
import { decimalSeparator, intlLocale } from './format';

describe("decimal numbers in the reader's language (issue 10 point 9)", () => {
  it('use a decimal comma in Croatian and a point in English', () => {
    expect(decimalSeparator('hr')).toBe(',');
    expect(decimalSeparator('en')).toBe('.');
  });

  it('format fractional figures with it, as the SLA charts do', () => {
    const chartNumber = (locale: 'hr' | 'en') => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
    expect(chartNumber('hr').format(0.5)).toBe(`0${decimalSeparator('hr')}5`);
    expect(chartNumber('en').format(0.5)).toBe('0.5');
  });
});
