import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { inject } from 'vitest';

/** The mail the relay (the setup's sink) got, parsed, with its envelope; the first `match` accepts. */
export async function sentMail(match: (m: ParsedMail) => boolean): Promise<{ mail: ParsedMail; rcptTo: string[] } | undefined> {
  const dir = inject('mailSinkDir');
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.eml')).sort()) {
    const mail = await simpleParser(await readFile(path.join(dir, name)));
    if (!match(mail)) continue;
    const envelope = JSON.parse(await readFile(path.join(dir, name.replace(/\.eml$/, '.json')), 'utf8')) as { rcptTo: string[] };
    return { mail, rcptTo: envelope.rcptTo };
  }
  return undefined;
}
