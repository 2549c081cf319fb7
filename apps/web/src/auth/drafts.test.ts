import { describe, expect, it } from 'vitest';
import {
  DRAFT_MAX_AGE_MS,
  draftKey,
  loadDraft,
  loadSessionEndedNotice,
  removeAllDrafts,
  removeDraft,
  removeSessionEndedNotice,
  saveDraft,
  saveSessionEndedNotice,
  type DraftStore,
} from './drafts';

/** sessionStorage's behaviour, in memory. */
function memoryStore(initial: Record<string, string> = {}): DraftStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get length() {
      return data.size;
    },
    key: (index) => [...data.keys()][index] ?? null,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, String(value)),
    removeItem: (key) => void data.delete(key),
  };
}

const text = (values: unknown) =>
  typeof values === 'object' && values !== null && 'body' in values && typeof values.body === 'string' ? { body: values.body } : null;
const now = Date.parse('2026-11-24T11:00:00Z');

describe('drafts kept across an ended session', () => {
  it('come back for the same user and form, with the names of the files that were lost', () => {
    const store = memoryStore();
    expect(saveDraft(store, 'u1', 'client-reply:T-1', { body: 'Still down' }, ['mtr.txt'], now)).toBe(true);
    expect(loadDraft(store, 'u1', 'client-reply:T-1', text, now + 1000)).toEqual({
      values: { body: 'Still down' },
      fileNames: ['mtr.txt'],
      savedAt: now,
    });
  });

  it('never reach another user or another form', () => {
    const store = memoryStore();
    saveDraft(store, 'u1', 'client-reply:T-1', { body: 'mine' }, [], now);
    expect(loadDraft(store, 'u2', 'client-reply:T-1', text, now)).toBeNull();
    expect(loadDraft(store, 'u1', 'client-reply:T-2', text, now)).toBeNull();
  });

  it('are dropped when stale, malformed or not what the form expects', () => {
    const stale = memoryStore();
    saveDraft(stale, 'u1', 'f', { body: 'old' }, [], now);
    expect(loadDraft(stale, 'u1', 'f', text, now + DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(stale.data.size).toBe(0);

    const broken = memoryStore({ [draftKey('u1', 'f')]: '{not json' });
    expect(loadDraft(broken, 'u1', 'f', text, now)).toBeNull();
    expect(broken.data.size).toBe(0);

    const wrong = memoryStore({ [draftKey('u1', 'f')]: JSON.stringify({ values: { body: 7 }, fileNames: [], savedAt: now }) });
    expect(loadDraft(wrong, 'u1', 'f', text, now)).toBeNull();

    const odd = memoryStore({ [draftKey('u1', 'f')]: JSON.stringify({ values: { body: 'ok' }, fileNames: ['a', 3, null], savedAt: now }) });
    expect(loadDraft(odd, 'u1', 'f', text, now)?.fileNames).toEqual(['a']);
  });

  it('are removed one by one, or all at once with the notice on logout, leaving other data alone', () => {
    const store = memoryStore({ 'centrala.locale': 'en' });
    saveDraft(store, 'u1', 'a', { body: '1' }, [], now);
    saveDraft(store, 'u1', 'b', { body: '2' }, [], now);
    saveSessionEndedNotice(store, { draftKept: true, filesLost: false });
    removeDraft(store, 'u1', 'a');
    expect(loadDraft(store, 'u1', 'a', text, now)).toBeNull();
    expect(loadDraft(store, 'u1', 'b', text, now)).not.toBeNull();
    removeAllDrafts(store);
    expect([...store.data.keys()]).toEqual(['centrala.locale']);
  });

  it('survive a storage that refuses to save', () => {
    const full = {
      ...memoryStore(),
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(saveDraft(full, 'u1', 'f', { body: 'x' }, [], now)).toBe(false);
  });
});

describe('the notice that the session ended', () => {
  it('is kept until removed and read defensively', () => {
    const store = memoryStore();
    expect(loadSessionEndedNotice(store)).toBeNull();
    saveSessionEndedNotice(store, { draftKept: true, filesLost: true });
    expect(loadSessionEndedNotice(store)).toEqual({ draftKept: true, filesLost: true });
    removeSessionEndedNotice(store);
    expect(loadSessionEndedNotice(store)).toBeNull();
    store.setItem('centrala.session-ended', '"yes"');
    expect(loadSessionEndedNotice(store)).toBeNull();
  });

  it('remembers that the account was disabled (issue 10 point 7), and nothing else for any other value', () => {
    const store = memoryStore();
    saveSessionEndedNotice(store, { draftKept: false, filesLost: false, accountDisabled: true });
    expect(loadSessionEndedNotice(store)).toEqual({ draftKept: false, filesLost: false, accountDisabled: true });
    store.setItem('centrala.session-ended', JSON.stringify({ draftKept: true, accountDisabled: 'yes' }));
    expect(loadSessionEndedNotice(store)).toEqual({ draftKept: true, filesLost: false });
  });
});
