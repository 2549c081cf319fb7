import { describe, expect, it } from 'vitest';
import { shownText } from './trim.js';

describe('shownText (issue 12 point 3: quoted history and signature trimmed)', () => {
  it.each([
    ['Gmail English', 'Thanks, works now.\n\nOn Mon, 3 Nov 2026 at 10:00, Support <support@centrala.hr> wrote:\n> Try again\n> please'],
    ['Gmail wrapped', 'Thanks, works now.\n\nOn Mon, 3 Nov 2026 at 10:00, Centrala Support <support@centrala.hr>\nwrote:\n> Try again'],
    ['Croatian Gmail', 'Thanks, works now.\n\nDana pon, 3. stu 2026. u 10:00 Podrška <support@centrala.hr> je napisao/la:\n> Pokušajte'],
    ['Croatian napisala', 'Thanks, works now.\n\nDana 3. 11. 2026. u 10:00, Ana je napisala:\n> x'],
    ['Outlook original message', 'Thanks, works now.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nSubject: x\n\nold'],
    [
      'Outlook header block',
      'Thanks, works now.\r\n\r\n________________________________\r\nFrom: Support <support@centrala.hr>\r\nSent: Monday, November 3, 2026 10:00\r\nTo: me\r\n\r\nold',
    ],
    [
      'Outlook Croatian',
      'Thanks, works now.\n\nOd: Podrška <support@centrala.hr>\nPoslano: ponedjeljak, 3. studenoga 2026. 10:00\nPrima: ja\n\nstaro',
    ],
    ['Outlook Croatian Šalje', 'Thanks, works now.\n\nŠalje: Podrška <support@centrala.hr>\nDatum: 3. 11. 2026.\n\nstaro'],
    [
      'Croatian Gmail without Dana',
      'Thanks, works now.\n\npon, 3. stu 2026. u 10:00 Podrška <support@centrala.hr> napisao je:\n\n> Pokušajte',
    ],
    ['signature', 'Thanks, works now.\n\n-- \nIvan Horvat\nACME d.o.o.'],
    ['trailing quote only', 'Thanks, works now.\n\n> Try again\n>\n> please\n'],
    ['mobile', 'Thanks, works now.\n\nSent from my iPhone'],
  ])('%s', (_name, text) => {
    expect(shownText(text)).toBe('Thanks, works now.');
  });

  it('keeps interleaved answers and text that only mentions the words', () => {
    const text = '> Which server?\nThe one in Zagreb.\n> Since when?\nFrom: yesterday on, I wrote: nothing works.';
    expect(shownText(text)).toBe(text);
  });

  it('shows everything when everything is history (a bare forward)', () => {
    const text = '-----Original Message-----\nFrom: x\nSent: y\n\nthe problem';
    expect(shownText(text)).toBe(text);
  });
});
