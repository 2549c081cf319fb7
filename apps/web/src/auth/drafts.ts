/**
 * Unsent text of a form kept across a session that ended: when the API answers 401 the open forms save what
 * was typed (never files: a browser cannot store them), the user logs in again, returns to the page, and
 * the form takes it back. Kept in sessionStorage, so only this tab sees it and closing the tab forgets it;
 * keyed by user, so whoever logs in next in this tab never sees another user's text.
 */

/** The part of the Web Storage API used here; sessionStorage in the browser, a Map-backed fake in tests. */
export type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export interface Draft<T> {
  values: T;
  /** Files that were attached; they are lost, so the form asks for them again. */
  fileNames: string[];
  savedAt: number;
}

/** What the login page tells a user whose session ended. */
export interface SessionEndedNotice {
  /** Some form's text was kept and comes back after logging in. */
  draftKept: boolean;
  /** Files were attached, which cannot be kept (their names are not: the next person at this tab sees this). */
  filesLost: boolean;
  /** The session ended because an admin disabled the account (the server said `auth.account_disabled`). */
  accountDisabled?: true;
}

const DRAFT_PREFIX = 'centrala.draft.';
const NOTICE_KEY = 'centrala.session-ended';
/** A draft older than this is stale: the conversation has moved on. */
export const DRAFT_MAX_AGE_MS = 12 * 60 * 60 * 1000;

/** This tab's sessionStorage, or null where storage is blocked (privacy settings). */
export function browserStore(): DraftStore | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function draftKey(userId: string, form: string): string {
  return `${DRAFT_PREFIX}${userId}.${form}`;
}

/** Saves the draft; false when the storage refused it (full or blocked). */
export function saveDraft<T>(store: DraftStore, userId: string, form: string, values: T, fileNames: string[], now = Date.now()): boolean {
  const draft: Draft<T> = { values, fileNames, savedAt: now };
  try {
    store.setItem(draftKey(userId, form), JSON.stringify(draft));
    return true;
  } catch {
    return false;
  }
}

/**
 * The saved draft of `form` for `userId`, checked by `parse` (which returns null for anything it does not
 * recognise); null when there is none, it is stale or it is malformed. Stale and malformed ones are removed.
 */
export function loadDraft<T>(
  store: DraftStore,
  userId: string,
  form: string,
  parse: (values: unknown) => T | null,
  now = Date.now(),
): Draft<T> | null {
  const key = draftKey(userId, form);
  let raw: string | null;
  try {
    raw = store.getItem(key);
  } catch {
    return null;
  }
  if (raw === null) return null;
  const draft = parseDraft(raw, parse, now);
  if (draft === null) removeDraft(store, userId, form);
  return draft;
}

function parseDraft<T>(raw: string, parse: (values: unknown) => T | null, now: number): Draft<T> | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const { values, fileNames, savedAt } = data as Record<string, unknown>;
  if (typeof savedAt !== 'number' || now - savedAt > DRAFT_MAX_AGE_MS || savedAt - now > 60_000) return null;
  const parsed = parse(values);
  if (parsed === null) return null;
  const names = Array.isArray(fileNames) ? fileNames.filter((name): name is string => typeof name === 'string') : [];
  return { values: parsed, fileNames: names, savedAt };
}

export function removeDraft(store: DraftStore, userId: string, form: string): void {
  try {
    store.removeItem(draftKey(userId, form));
  } catch {
    // Blocked storage holds nothing to remove.
  }
}

/** Forgets every draft and the notice, e.g. on a deliberate logout. */
export function removeAllDrafts(store: DraftStore): void {
  try {
    const keys: string[] = [];
    for (let index = 0; index < store.length; index++) {
      const key = store.key(index);
      if (key?.startsWith(DRAFT_PREFIX)) keys.push(key);
    }
    for (const key of keys) store.removeItem(key);
    store.removeItem(NOTICE_KEY);
  } catch {
    // As above.
  }
}

export function saveSessionEndedNotice(store: DraftStore, notice: SessionEndedNotice): void {
  try {
    store.setItem(NOTICE_KEY, JSON.stringify(notice));
  } catch {
    // The login page then shows no notice; the drafts (if stored) still come back.
  }
}

export function loadSessionEndedNotice(store: DraftStore): SessionEndedNotice | null {
  try {
    const raw = store.getItem(NOTICE_KEY);
    if (raw === null) return null;
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null) return null;
    const { draftKept, filesLost, accountDisabled } = data as Record<string, unknown>;
    return { draftKept: draftKept === true, filesLost: filesLost === true, ...(accountDisabled === true && { accountDisabled }) };
  } catch {
    return null;
  }
}

export function removeSessionEndedNotice(store: DraftStore): void {
  try {
    store.removeItem(NOTICE_KEY);
  } catch {
    // As above.
  }
}

/** A string field of an unknown object, or the fallback when it is missing or not a string. */
export function stringField(data: Record<string, unknown>, name: string, fallback = ''): string {
  const value = data[name];
  return typeof value === 'string' ? value : fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
