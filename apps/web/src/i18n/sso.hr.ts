import type { SsoMessages } from './sso.en';

export const ssoHr: SsoMessages = {
  refused: {
    title: 'Ova poveznica za prijavu ne može se upotrijebiti',
    code: 'Kôd za vašeg pružatelja usluge: {{code}}',
    signIn: 'Prijava e-poštom i lozinkom',
    forgot: 'Još nemate lozinku? Postavite je',
    reasons: {
      not_enabled: 'Prijava iz sustava za naplatu ovdje nije uključena.',
      link_invalid: 'Poveznica je nepotpuna ili oštećena.',
      redirect_invalid: 'Poveznica vodi izvan korisničkog sučelja.',
      signature_invalid: 'Potpis poveznice ne odgovara, pa je nije izradio sustav za naplatu vašeg pružatelja usluge.',
      link_expired: 'Poveznica je istekla: vrijedi minutu-dvije nakon izrade.',
      link_used: 'Poveznica je već iskorištena: svaka vrijedi samo jednom.',
      contact_unknown: 'Ova podrška ne poznaje osobu za koju je poveznica izrađena.',
      contact_disabled: 'Vaš pristup podršci je isključen.',
      login_not_allowed: 'Vaš kontakt nema dopuštenje za prijavu u korisničko sučelje.',
    },
    retry: 'Vratite se u sustav za naplatu i ponovno kliknite Podrška ili se prijavite ovdje.',
    askProvider: 'Zamolite pružatelja usluge da provjeri vaš kontakt u sustavu za naplatu ili se prijavite ovdje ako imate lozinku.',
    unknown: 'Poveznica se ne može upotrijebiti. Vratite se u sustav za naplatu i pokušajte ponovno ili se prijavite ovdje.',
  },
  admin: {
    nav: 'Prijava iz sustava za naplatu',
    title: 'Prijava iz sustava za naplatu',
    intro:
      'Vaš sustav za naplatu (WHMCS, Blesta, HostBill ili vlastiti) može svoje prijavljene korisnike poslati izravno u njihovo korisničko sučelje ovdje, potpisanom poveznicom koja vrijedi jednom, {{seconds}} sekundi. Korisnik se pronalazi po oznaci kontakta u sustavu za naplatu (vanjskoj oznaci).',
    enabled: 'Prihvaćaj poveznice za prijavu iz sustava za naplatu',
    enabledHint: 'Isključeno: svaka se poveznica odbija, a korisniku se kaže da se prijavi uobičajeno.',
    turnedOn: 'Poveznice za prijavu se prihvaćaju.',
    turnedOff: 'Poveznice za prijavu se odbijaju.',
    fromConfig: 'Zajedničku tajnu određuje BILLING_SSO_SECRET u postavkama poslužitelja i poveznice se prihvaćaju. Promijenite je ondje.',
    secretTitle: 'Zajednička tajna',
    secretNone: 'Tajna još ne postoji. Izradite je, unesite u sustav za naplatu, zatim uključite poveznicu.',
    secretSetAt: 'Izrađena {{at}}. Pohranjena je zapečaćena i ne može se ponovno prikazati.',
    generate: 'Izradi tajnu',
    rotate: 'Izradi novu tajnu',
    rotateConfirmTitle: 'Izraditi novu tajnu?',
    rotateConfirm:
      'Dosadašnja tajna odmah prestaje vrijediti: poveznice koje njome potpiše sustav za naplatu odbijaju se dok ondje ne unesete novu.',
    newSecretTitle: 'Nova zajednička tajna',
    newSecretWarning: 'Kopirajte je sada u sustav za naplatu: prikazuje se samo ovaj put.',
    dismiss: 'Kopirao sam je',
    formatTitle: 'Poveznica',
    formatIntro: 'Sustav za naplatu šalje preglednik korisnika na:',
    canonicalIntro:
      'sig je HMAC-SHA256 malim heksadekadskim znamenkama, s tajnom kao ključem, ovih redaka spojenih znakom za novi red (email i to prazni kad ih nema):',
    fields:
      'contact: oznaka kontakta u sustavu za naplatu · email: neobavezno, mora biti adresa kontakta · ts: trenutačne Unix sekunde · nonce: 16–128 nasumičnih slova, znamenki, - ili _, nov za svaku poveznicu · to: neobavezna putanja korisničkog sučelja, npr. /client/tickets',
    exampleTitle: 'Primjer u PHP-u',
    docs: 'WHMCS hook te isto u Nodeu i Pythonu nalaze se u docs/billing-sso.md.',
  },
};
