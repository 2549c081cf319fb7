import type { MantineColorsTuple } from '@mantine/core';

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function luminanceOf(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminanceOf(a), luminanceOf(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** WCAG 2 AA for normal-size text (1.4.3). */
export const TEXT_CONTRAST = 4.5;

function darker(hex: string, step: number): string {
  return `#${[1, 3, 5]
    .map((at) => Math.round(parseInt(hex.slice(at, at + 2), 16) * (1 - step)))
    .map((c) => c.toString(16).padStart(2, '0'))
    .join('')}`;
}

/** `hex`, darkened in small steps (keeping its hue) until it reads at `TEXT_CONTRAST` on every background. */
export function readableOn(hex: string, backgrounds: readonly string[]): string {
  let colour = hex.toLowerCase();
  while (backgrounds.some((bg) => contrastRatio(colour, bg) < TEXT_CONTRAST)) colour = darker(colour, 0.02);
  return colour;
}

/**
 * A palette whose text shades (6–9) read as text: Mantine draws filled buttons and badges (white text) in shade 6,
 * text and links in 6, outlines in 6, and light badges' text in 9 on shade 1 — and its stock shades fail WCAG AA there
 * (indigo 6 is 4.32:1 on white, red 6 3.28:1, gray 6 — the "dimmed" text — 3.32:1). Shades 0–5 (backgrounds,
 * borders) stay. Every text shade reads on white and on the light grey surfaces (`surfaces`); shade 9 also on the
 * palette's own light backgrounds (shades 0–1). Each shade stays at least as dark as the one before.
 */
export function readablePalette(palette: MantineColorsTuple, surfaces: readonly string[]): MantineColorsTuple {
  const shades: string[] = palette.slice(0, 6);
  for (let shade = 6; shade <= 9; shade += 1) {
    const backgrounds = ['#ffffff', ...surfaces, ...(shade === 9 ? [palette[0], palette[1]] : [])];
    const previous = shades[shade - 1]!;
    let colour = readableOn(palette[shade]!, backgrounds);
    if (shade > 6 && luminanceOf(previous) < luminanceOf(colour)) colour = previous;
    shades.push(colour);
  }
  return shades as unknown as MantineColorsTuple;
}
