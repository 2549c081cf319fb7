import { describe, expect, it } from 'vitest';
import { fieldErrorsCoverAll } from './fieldErrors';

describe('fieldErrorsCoverAll (a form shows field errors instead of a general alert)', () => {
  const form = ['email', 'name', 'role', 'password'];

  it('is true when every error belongs to one of the form’s inputs (a taken email)', () => {
    expect(fieldErrorsCoverAll([{ path: 'email' }], form)).toBe(true);
    expect(fieldErrorsCoverAll([{ path: 'email' }, { path: 'password' }], form)).toBe(true);
  });

  it('is false without field errors, so the general message still shows', () => {
    expect(fieldErrorsCoverAll([], form)).toBe(false);
  });

  it('is false when an error names a field the form does not show', () => {
    expect(fieldErrorsCoverAll([{ path: 'email' }, { path: 'departmentIds' }], form)).toBe(false);
  });
});
