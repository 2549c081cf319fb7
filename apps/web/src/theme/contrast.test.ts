import { DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { contrastRatio, readableOn, readablePalette, TEXT_CONTRAST } from './contrast';

describe('contrast (issue 10 point 10)', () => {
  it('computes WCAG ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    // The failures axe reported with Mantine's stock palette.
    expect(contrastRatio('#ffffff', '#4c6ef5')).toBeCloseTo(4.32, 2);
    expect(contrastRatio('#868e96', '#ffffff')).toBeCloseTo(3.32, 2);
    expect(contrastRatio('#ffffff', '#fa5252')).toBeCloseTo(3.28, 2);
  });

  it('darkens a colour only as far as it must', () => {
    expect(readableOn('#000000', ['#ffffff'])).toBe('#000000');
    const red = readableOn('#fa5252', ['#ffffff']);
    expect(contrastRatio(red, '#ffffff')).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    expect(contrastRatio(red, '#ffffff')).toBeLessThan(TEXT_CONTRAST + 0.5);
  });

  it('gives every palette text shades that read on white, grey surfaces and (shade 9) its own tints', () => {
    const surfaces = ['#f1f3f5'];
    for (const [name, palette] of Object.entries(DEFAULT_THEME.colors)) {
      if (name === 'dark') continue;
      const readable = readablePalette(palette, surfaces);
      expect(readable.slice(0, 6), name).toEqual(palette.slice(0, 6));
      for (const shade of [6, 7, 8, 9]) {
        for (const bg of ['#ffffff', ...surfaces])
          expect(contrastRatio(readable[shade]!, bg), `${name}.${shade}`).toBeGreaterThanOrEqual(TEXT_CONTRAST);
      }
      expect(contrastRatio(readable[9], readable[1]), `${name}.9 on ${name}.1`).toBeGreaterThanOrEqual(TEXT_CONTRAST);
    }
  });
});
