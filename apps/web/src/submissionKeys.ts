/**
 * One Idempotency-Key per submission (issue 9 point 6): a form sent again unchanged after a failure (which may have
 * been a lost answer to a request that went through) goes with the same key, so the server answers what it did the
 * first time instead of writing again; a changed form, or one that went through, gets a new key.
 */
export function submissionKeys() {
  let last: { fingerprint: string; key: string } | null = null;
  return {
    /** The key for a submission of this content (`fingerprint`: its payload and files). */
    keyFor(fingerprint: string): string {
      if (last?.fingerprint !== fingerprint) last = { fingerprint, key: randomKey() };
      return last.key;
    },
    /** The submission went through: the next one is new. */
    done(): void {
      last = null;
    },
  };
}

/** What a form sends, for submissionKeys: the payload and each file's name, size and date. */
export function formFingerprint(payload: unknown, files: File[]): string {
  return JSON.stringify([payload, files.map((f) => [f.name, f.size, f.lastModified])]);
}

// crypto.randomUUID exists only on https and localhost; a LAN address over http has getRandomValues alone.
function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
