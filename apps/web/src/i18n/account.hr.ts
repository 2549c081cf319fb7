import type { AccountMessages } from './account.en';

export const accountHr: AccountMessages = {
  menu: {
    changePassword: 'Promjena lozinke',
    security: 'Sigurnost prijave',
  },
  password: {
    title: 'Promjena lozinke',
    required: 'Administrator traži da prije nastavka odaberete novu lozinku.',
    current: 'Trenutna lozinka',
    new: 'Nova lozinka',
    newHint: 'Najmanje 10 znakova, drukčija od trenutne',
    confirm: 'Ponovite novu lozinku',
    submit: 'Promijeni lozinku',
    done: 'Lozinka je promijenjena. Na ostalim uređajima ste odjavljeni.',
    back: 'Natrag',
  },
  security: {
    title: 'Sigurnost prijave',
    passwordSection: 'Lozinka',
    passwordText: 'Promijenite lozinku; na ostalim uređajima bit ćete odjavljeni.',
    totpSection: 'Dvofaktorska autentifikacija',
    totpOn: 'Uključena: prijava traži kôd iz aplikacije za autentifikaciju.',
    totpOff: 'Isključena: prijava traži samo lozinku.',
    totpSetUp: 'Uključi dvofaktorsku autentifikaciju',
    recoverySection: 'Rezervni kodovi',
    recoveryText: 'Svaki kôd jednom zamjenjuje kôd iz aplikacije pri prijavi, ako izgubite mobitel.',
    remaining_one: 'Preostao je {{count}} od {{total}} kodova',
    remaining_few: 'Preostala su {{count}} od {{total}} kodova',
    remaining_other: 'Preostalo je {{count}} od {{total}} kodova',
    remainingNone: 'Nema preostalih kodova: napravite nove.',
    regenerate: 'Napravi nove kodove',
    regenerateTitle: 'Novi rezervni kodovi',
    regenerateText: 'Stari kodovi prestaju vrijediti. Potvrdite lozinkom.',
    password: 'Lozinka',
  },
  recovery: {
    title: 'Vaši rezervni kodovi',
    intro:
      'Spremite ove kodove na sigurno mjesto, odvojeno od mobitela. Svaki jednom zamjenjuje kôd iz aplikacije pri prijavi. Prikazuju se samo sada.',
    listLabel: 'Rezervni kodovi',
    copy: 'Kopiraj kodove',
    copied: 'Kodovi su kopirani',
    download: 'Preuzmi kao datoteku',
    fileName: 'centrala-rezervni-kodovi.txt',
    fileHeader: 'Rezervni kodovi za Centralu ({{email}}). Svaki kôd vrijedi jednom.',
    saved: 'Spremio/la sam kodove',
  },
  totpQr: {
    label: 'QR kôd za aplikaciju za autentifikaciju',
  },
  login: {
    code: 'Autentifikacijski kôd ili rezervni kôd',
    codeHint: 'Samo ako imate uključenu dvofaktorsku autentifikaciju: 6 znamenki iz aplikacije ili jedan od rezervnih kodova.',
    codeInvalid: 'Upišite 6 znamenki iz aplikacije ili rezervni kôd od 16 znakova.',
  },
  ended: {
    disabledTitle: 'Vaš račun je onemogućen',
    disabled: 'Odjavljeni ste. Ako mislite da je riječ o pogrešci, obratite se administratoru.',
  },
  admin: {
    passwordColumn: 'Lozinka',
    requirePasswordFor: 'Zatraži od korisnika {{name}} novu lozinku pri sljedećoj prijavi',
    passwordRequired: 'Čeka novu lozinku',
    requirePasswordDone: 'Korisnik {{name}} mora pri sljedećoj prijavi odabrati novu lozinku.',
    newUserNote: 'Korisnik pri prvoj prijavi odabire vlastitu lozinku.',
    disableTitle: 'Onemogućiti korisnika {{name}}?',
    disableText:
      'Korisnik {{name}} odmah se odjavljuje na svim uređajima i ne može se prijaviti dok ga ponovno ne omogućite. Njegova otvorena konzola to će mu i reći.',
    disableConfirm: 'Onemogući korisnika',
  },
};
