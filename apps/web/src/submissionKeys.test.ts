import { describe, expect, it } from 'vitest';
import { formFingerprint, submissionKeys } from './submissionKeys';

describe('submissionKeys (issue 9 point 6)', () => {
  it('sends a form again unchanged under the same key, and a changed or accepted one under a new key', () => {
    const keys = submissionKeys();
    const form = formFingerprint({ body: 'Any news?' }, []);
    const first = keys.keyFor(form);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    // A retry after a failure: the same key, so the server answers what it did instead of writing again.
    expect(keys.keyFor(form)).toBe(first);
    const changed = keys.keyFor(formFingerprint({ body: 'Any news? Please.' }, []));
    expect(changed).not.toBe(first);
    keys.done();
    expect(keys.keyFor(formFingerprint({ body: 'Any news? Please.' }, []))).not.toBe(changed);
  });
});
