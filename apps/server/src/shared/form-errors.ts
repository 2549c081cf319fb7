import { AppError, Errors } from './errors.js';
import { text } from './text.js';

/**
 * A multipart form's failures that are the client's, whatever the form: a body that is no complete form, a JSON
 * part that is not JSON, more parts or fields than any form of ours has. Anything else is returned as it is, for
 * the form's own reader to map (its files' limits) or to stay an internal error.
 */
export function formReadError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof Error && MALFORMED_FORM.test(err.message)) return malformedForm();
  switch ((err as { code?: string }).code) {
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return Errors.invalidJson();
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return Errors.tooLarge();
  }
  return err;
}

/**
 * What the multipart parser (busboy) throws for a body that is no complete
 * form: cut off (a client that hung up, a proxy that truncated it), or with
 * no boundary. Its errors carry no code, only these messages. The client's
 * fault, so a 400, not the 500 of an unknown error.
 */
const MALFORMED_FORM =
  /^(Unexpected end of multipart data|Multipart: Boundary not found|Boundary required.*|\w+ terminated early due to unexpected end of multipart data)$/;

const malformedForm = () =>
  new AppError(
    'request.malformed_form',
    text(
      'The form data is malformed or incomplete (multipart/form-data with a boundary, ended by its closing boundary). Send it again.',
      'Podaci obrasca su neispravni ili nepotpuni (multipart/form-data s granicom, završen zaključnom granicom). Pošaljite ih ponovno.',
    ),
  );
