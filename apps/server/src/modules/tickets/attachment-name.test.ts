import { describe, expect, it } from 'vitest';
import { safeFilename } from './attachment-name.js';

describe('attachment names (issue 3: hostile files are neutralised)', () => {
  it('shows a right-to-left override and other invisible characters instead of letting them disguise the type', () => {
    expect(safeFilename('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
    expect(safeFilename('a\u200Bb\uFEFF.txt')).toBe('a_b_.txt');
    expect(safeFilename('line\u2028break.log')).toBe('line_break.log');
  });

  it('drops the path and replaces control characters and those Windows refuses', () => {
    expect(safeFilename('C:\\Users\\x\\..\\evil.txt')).toBe('evil.txt');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a\u0000b\nc<d>e|f*g?h:i.txt')).toBe('a_b_c_d_e_f_g_h_i.txt');
  });

  it("reads the browser's %22 as the quote it stands for, then replaces it", () => {
    expect(safeFilename('%22__svg onload=alert(2)_.png')).toBe('___svg onload=alert(2)_.png');
  });

  it('keeps the extension when it shortens a long name, and does not split a character', () => {
    const long = safeFilename(`${'x'.repeat(300)}.log`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.log')).toBe(true);
    const emoji = safeFilename('😀'.repeat(250));
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji).toBe('😀'.repeat(200));
  });

  it('leaves one space of a run, so no run of them hides the extension', () => {
    expect(safeFilename(`invoice.pdf${' '.repeat(80)}.exe`)).toBe('invoice.pdf .exe');
    expect(safeFilename('a\u00A0\u2003 b.txt')).toBe('a b.txt');
  });

  it('gives a name to what has none left', () => {
    expect(safeFilename('..')).toBe('attachment');
    expect(safeFilename('   ')).toBe('attachment');
    expect(safeFilename('dir/')).toBe('attachment');
  });
});
