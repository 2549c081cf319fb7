/**
 * A service's IP addresses and ranges are typed one per line (issue 13 point 1). These turn the text into the list
 * the API takes and back, and say which typed line an item of that list came from, so a refusal of item 2 can name
 * the line the admin sees (blank lines are skipped, so the two differ).
 */
export function ipList(text: string): string[] {
  return ipLines(text).map((line) => line.value);
}

export function ipText(addresses: readonly string[]): string {
  return addresses.join('\n');
}

/** The non-blank lines, trimmed, with their 1-based line numbers. */
export function ipLines(text: string): { value: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((raw, index) => ({ value: raw.trim(), line: index + 1 }))
    .filter((line) => line.value !== '');
}

/** The typed line numbers of the list's items at `indexes`, in order, each once. */
export function linesOfItems(text: string, indexes: Iterable<number>): number[] {
  const lines = ipLines(text);
  const numbers = new Set<number>();
  for (const index of indexes) {
    const line = lines[index];
    if (line) numbers.add(line.line);
  }
  return [...numbers].sort((a, b) => a - b);
}
