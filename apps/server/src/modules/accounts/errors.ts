import { AppError } from '../../shared/errors.js';
import { text as t } from '../../shared/text.js';

/** The directory's refusals (issue 13): an id or address another record holds, a record moved to another account. */
export const DirectoryErrors = {
  externalIdTaken: (what: 'account' | 'contact' | 'service') =>
    new AppError(
      EXTERNAL_ID_TAKEN[what],
      t(`Another ${what} already has this external id.`, `Drugi zapis (${HR[what]}) već ima ovaj vanjski id.`),
      [{ path: 'externalId', code: 'taken', message: t('This external id is taken.', 'Ovaj vanjski id je zauzet.') }],
    ),
  emailTaken: () =>
    new AppError('contact.email_taken', t('Another user already has this email address.', 'Drugi korisnik već ima ovu adresu e-pošte.'), [
      { path: 'email', code: 'taken', message: t('This address is taken.', 'Ova adresa je zauzeta.') },
    ]),
  orderNumberTaken: () =>
    new AppError(
      'service.order_number_taken',
      t('Another service already has this order number.', 'Druga usluga već ima ovaj broj narudžbe.'),
      [{ path: 'orderNumber', code: 'taken', message: t('This order number is taken.', 'Ovaj broj narudžbe je zauzet.') }],
    ),
  /** A contact or service stays with its account: its tickets and history are that account's. */
  accountFixed: (what: 'contact' | 'service') =>
    new AppError(
      what === 'contact' ? 'contact.account_fixed' : 'service.account_fixed',
      t(
        `This ${what} belongs to another account; it cannot be moved.`,
        `Ovaj zapis (${HR[what]}) pripada drugom računu; ne može se premjestiti.`,
      ),
      [{ path: 'accountId', code: 'fixed', message: t('The account cannot be changed.', 'Račun se ne može promijeniti.') }],
    ),
  /** The field that named it: `accountId` or `accountExternalId`. */
  unknownAccount: (field: 'accountId' | 'accountExternalId') =>
    new AppError('account.unknown', t('No such account.', 'Takav račun ne postoji.'), [
      { path: field, code: 'unknown', message: t('No account has this id.', 'Nijedan račun nema ovaj id.') },
    ]),
};

const EXTERNAL_ID_TAKEN = {
  account: 'account.external_id_taken',
  contact: 'contact.external_id_taken',
  service: 'service.external_id_taken',
} as const;
const HR = { account: 'račun', contact: 'kontakt', service: 'usluga' } as const;
