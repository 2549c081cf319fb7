import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { i18nOptions } from './resources';

/** The app's catalogues through a real i18next, configured as index.ts does (the plural rules come from Intl). */
async function translator(lng: 'hr' | 'en') {
  const instance = i18next.createInstance();
  await instance.init({ ...i18nOptions, lng });
  return instance.t;
}

describe('wording that depends on a number or on context', () => {
  it('says how many quiet days closed a ticket, in Croatian plural forms (1 dan, 2 dana, 5 dana)', async () => {
    const t = await translator('hr');
    expect(t('tickets.events.auto_closed', { count: 1 })).toBe('Automatski zatvoren jer 1 dan nije bilo aktivnosti');
    expect(t('tickets.events.auto_closed', { count: 2 })).toBe('Automatski zatvoren jer 2 dana nije bilo aktivnosti');
    expect(t('tickets.events.auto_closed', { count: 5 })).toBe('Automatski zatvoren jer 5 dana nije bilo aktivnosti');
    // Croatian follows the last digits: 21 is "one", 22 "few", 11–14 "other".
    expect(t('tickets.events.auto_closed', { count: 21 })).toBe('Automatski zatvoren jer 21 dan nije bilo aktivnosti');
    expect(t('tickets.events.auto_closed', { count: 22 })).toBe('Automatski zatvoren jer 22 dana nije bilo aktivnosti');
    expect(t('tickets.events.auto_closed', { count: 11 })).toBe('Automatski zatvoren jer 11 dana nije bilo aktivnosti');
  });

  it('says it in English with a singular and a plural', async () => {
    const t = await translator('en');
    expect(t('tickets.events.auto_closed', { count: 1 })).toBe('Closed automatically after 1 quiet day');
    expect(t('tickets.events.auto_closed', { count: 2 })).toBe('Closed automatically after 2 quiet days');
    expect(t('tickets.events.auto_closed', { count: 7 })).toBe('Closed automatically after 7 quiet days');
  });

  it('names attachments "Privici" in the client area as in the agent console', async () => {
    const t = await translator('hr');
    expect(t('clientTickets.attachments.label')).toBe('Privici');
    expect(t('agentTickets.ticket.attachments')).toBe('Privici');
  });

  it('words the verified-email hint as a sentence with a subject', async () => {
    expect((await translator('hr'))('agentTickets.trustHints.email_authenticated')).toBe(
      'Poruka je stigla s registrirane adrese i prošla je DMARC provjeru.',
    );
    expect((await translator('en'))('agentTickets.trustHints.email_authenticated')).toBe(
      'The message came from a registered address and passed the DMARC check.',
    );
  });

  it('names the dialogs’ close button in both languages', async () => {
    expect((await translator('hr'))('common.close')).toBe('Zatvori');
    expect((await translator('en'))('common.close')).toBe('Close');
  });
});
