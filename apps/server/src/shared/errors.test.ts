import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, type ErrorCode } from '@centrala/contracts';
import { describe, expect, it } from 'vitest';
import { AppError, Errors } from './errors.js';

const srcDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .map((file) => ({ file, text: readFileSync(path.join(srcDir, file), 'utf8') }));

const text = { en: 'x', hr: 'x' };

describe('AppError and the list of error codes (issue 11 point 4)', () => {
  it('is sent with the status its code is listed with', () => {
    for (const code of Object.keys(ErrorCodes) as ErrorCode[]) expect(new AppError(code, text).status).toBe(ErrorCodes[code]);
    expect(Errors.notFound('ticket')).toMatchObject({ code: 'ticket.not_found', status: 404 });
  });

  it('takes no code outside the list: the compiler refuses one (tsc type-checks this file; an unused directive fails it)', () => {
    const unlisted = () => [
      // @ts-expect-error not a listed code
      new AppError('ticket.gone', text),
      // @ts-expect-error `what` names only something listed as `<what>.not_found`
      Errors.notFound('invoice'),
    ];
    expect(unlisted).toBeTypeOf('function');
  });

  it('is the only way the server sends an error code: no code is cast into the type or written into a reply by hand', () => {
    for (const { file, text: source } of sources) {
      expect(source, file).not.toMatch(/as ErrorCode\b/);
      // An error body's code comes from an AppError (`known.code`, `err.code`), never a literal.
      expect(source, file).not.toMatch(/error:\s*\{[^}]*\bcode:\s*['"`]/);
    }
  });

  it('lists no code the server never sends', () => {
    const all = sources.map((s) => s.text).join('\n');
    const unused = (Object.keys(ErrorCodes) as ErrorCode[]).filter((code) => {
      const notFound = /^(\w+)\.not_found$/.exec(code);
      return !all.includes(`'${code}'`) && !(notFound && all.includes(`notFound('${notFound[1]}')`));
    });
    expect(unused).toEqual([]);
  });
});
