import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { i18nOptions } from './i18n/resources';
import { issueMessage, valueAt } from './validationMessages';

const Form = z.object({ subject: z.string().trim().min(3).max(12), departments: z.array(z.string()).min(1), email: z.email() });

/** The message for each field of `input`, keyed by its path. */
function messages(input: Record<string, unknown>) {
  const issues = Form.safeParse(input).error!.issues;
  return Object.fromEntries(issues.map((issue) => [issue.path.join('.'), issueMessage(issue, valueAt(input, issue.path))]));
}

describe('form messages (issue 10 point 9)', () => {
  it('call an empty field required, not "minimum length"', () => {
    expect(messages({ subject: '', departments: [], email: '' })).toEqual({
      subject: { key: 'validation.required' },
      departments: { key: 'validation.pickOne' },
      email: { key: 'validation.email' },
    });
    expect(messages({ subject: '   ', departments: ['a'], email: 'a@b.hr' }).subject).toEqual({ key: 'validation.required' });
    expect(messages({ departments: ['a'], email: 'a@b.hr' }).subject).toEqual({ key: 'validation.required' });
  });

  it('give a short or long value its limit, counted', () => {
    expect(messages({ subject: 'ab', departments: ['a'], email: 'a@b.hr' }).subject).toEqual({ key: 'validation.minLength', count: 3 });
    expect(messages({ subject: 'x'.repeat(13), departments: ['a'], email: 'a@b.hr' }).subject).toEqual({
      key: 'validation.maxLength',
      count: 12,
    });
  });

  it('word the limits as sentences with the plural form in both languages', async () => {
    const hr = i18next.createInstance();
    await hr.init({ ...i18nOptions, lng: 'hr' });
    expect(hr.t('validation.minLength', { count: 3 })).toBe('Unesite barem 3 znaka');
    expect(hr.t('validation.minLength', { count: 10 })).toBe('Unesite barem 10 znakova');
    expect(hr.t('validation.maxLength', { count: 21 })).toBe('Unesite najviše 21 znak');
    const en = i18next.createInstance();
    await en.init({ ...i18nOptions, lng: 'en' });
    expect(en.t('validation.minLength', { count: 3 })).toBe('Enter at least 3 characters');
    expect(en.t('validation.required')).toBe('This field is required');
  });

  it("say a contract's own rule in its own words, both languages (an order number, issue 13)", () => {
    const OrderNumber = z.string().refine((s) => /^#?\d{6}$/.test(s), {
      message: 'Enter the six-digit order number',
      params: { en: 'Enter the six-digit order number', hr: 'Unesite šesteroznamenkasti broj narudžbe' },
    });
    const issue = OrderNumber.safeParse('12').error!.issues[0]!;
    expect(issueMessage(issue, '12')).toEqual({
      text: { en: 'Enter the six-digit order number', hr: 'Unesite šesteroznamenkasti broj narudžbe' },
    });
    const plain = z
      .string()
      .refine((s) => s === 'x')
      .safeParse('y').error!.issues[0]!;
    expect(issueMessage(plain, 'y')).toEqual({ key: 'validation.invalid' });
  });
});
