import { describe, expect, it } from 'vitest';
import { controlCharacterErrors } from './text-rule.js';

describe('the text rule (issue 9 point 11)', () => {
  it('keeps tabs, line breaks and every printable character, emoji (a surrogate pair) included', () => {
    expect(controlCharacterErrors({ body: 'Line\r\n\tnext — čćžšđ 😀', n: 1, ok: true, none: null })).toEqual([]);
  });

  it('names each field holding NUL, another C0 control character or half a surrogate pair', () => {
    const errors = controlCharacterErrors({
      subject: 'a\u0000b',
      incident: { diagnostics: 'colour \u001b[31m' },
      tags: ['fine', 'bell\u0007'],
      broken: 'x\ud800y',
      lowHalf: '\udc00',
    });
    expect(errors.map((e) => e.path)).toEqual(['subject', 'incident.diagnostics', 'tags.1', 'broken', 'lowHalf']);
    expect(errors[0]).toMatchObject({
      code: 'control_character',
      message: { en: expect.stringMatching(/NUL/), hr: expect.stringMatching(/NUL/) },
    });
  });

  it('checks a bare string and object keys too', () => {
    expect(controlCharacterErrors('q\u0000')).toMatchObject([{ path: '(body)' }]);
    expect(controlCharacterErrors({ 'a\u0000': 1 })).toMatchObject([{ path: 'a?' }]);
  });
});
