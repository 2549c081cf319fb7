import { useCallback, useEffect, useRef, useState } from 'react';
import { browserStore, loadDraft, removeDraft, saveDraft, type Draft, type SessionEndedNotice } from './drafts';
import { useSession } from './session';

/** What a form would keep right now; null when there is nothing worth keeping. */
export interface DraftSnapshot<T> {
  values: T;
  fileNames: string[];
}

type Saver = () => { kept: boolean; fileNames: string[] };

/** The forms on screen, each able to save its draft. */
const openForms = new Set<Saver>();

/**
 * Saves the draft of every open form. Called when the API says the session has ended, just before the
 * guards leave the page for login (which unmounts the forms); returns what the login page should say.
 */
export function saveOpenDrafts(): SessionEndedNotice {
  let draftKept = false;
  let filesLost = false;
  for (const save of openForms) {
    const { kept, fileNames } = save();
    draftKept ||= kept;
    filesLost ||= fileNames.length > 0;
  }
  return { draftKept, filesLost };
}

/**
 * The logged-in user's id. Not `useCurrentUser`: a form may re-render (its own error state) after a 401
 * dropped the session and before the guard unmounts it, and must not crash then.
 */
function useUserId(): string | null {
  return useSession().data?.user.id ?? null;
}

export interface DraftState<T> {
  /** The draft this form started from, until the user dismisses the note about it. */
  restored: Draft<T> | null;
  dismiss: () => void;
  /** After a successful send: nothing to restore any more. */
  discard: () => void;
}

/**
 * The draft kept for `form` when the session ended, for the form to start from (`restored.values`).
 * `form` names the form and what it is about, e.g. `client-reply:T-7KQ2-M9XD`. Pair with `useKeepDraft`.
 */
export function useDraft<T>(form: string, parse: (values: unknown) => T | null): DraftState<T> {
  const userId = useUserId();
  const [restored, setRestored] = useState<Draft<T> | null>(() => {
    const store = browserStore();
    return store && userId !== null ? loadDraft(store, userId, form, parse) : null;
  });
  const restoredFor = useRef(restored ? form : null);

  useEffect(() => {
    const store = browserStore();
    // The form holds the restored text now; `useKeepDraft` saves it again should the session end again.
    if (store && userId !== null && restoredFor.current === form) removeDraft(store, userId, form);
  }, [userId, form]);

  const dismiss = useCallback(() => setRestored(null), []);
  const discard = useCallback(() => {
    setRestored(null);
    const store = browserStore();
    if (store && userId !== null) removeDraft(store, userId, form);
  }, [userId, form]);

  return { restored, dismiss, discard };
}

/** While the form is on screen, `snapshot` is asked for its draft should the API answer 401. */
export function useKeepDraft<T>(form: string, snapshot: () => DraftSnapshot<T> | null): void {
  const userId = useUserId();
  const latest = useRef(snapshot);
  useEffect(() => {
    latest.current = snapshot;
  });

  useEffect(() => {
    if (userId === null) return;
    const save: Saver = () => {
      const current = latest.current();
      if (!current) return { kept: false, fileNames: [] };
      const store = browserStore();
      const kept = store !== null && saveDraft(store, userId, form, current.values, current.fileNames);
      return { kept, fileNames: current.fileNames };
    };
    openForms.add(save);
    return () => {
      openForms.delete(save);
    };
  }, [userId, form]);
}
