import { ApiError, type ErrorCode, type FieldError, type LocalizedText } from '@centrala/contracts';
import { i18n } from './i18n';

/** Anything that can check an unknown JSON value; the zod schemas from @centrala/contracts fit. */
export interface Schema<T> {
  parse(input: unknown): T;
}

export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly localized: LocalizedText;
  readonly fields: FieldError[];
  /** The whole answer, for errors that carry more than a message (a reply collision's missed messages). */
  readonly body: unknown;

  constructor(status: number, code: string, localized: LocalizedText, fields: FieldError[] = [], body?: unknown) {
    super(localized.en);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.localized = localized;
    this.fields = fields;
    this.body = body;
  }
}

export function isApiError(error: unknown, code?: ErrorCode): error is ApiRequestError {
  return error instanceof ApiRequestError && (code === undefined || error.code === code);
}

type ClientErrorKey = 'errors.network' | 'errors.unexpected' | 'errors.invalidResponse';

/** Failures that never reached the API's error format still need a message in both languages. */
function clientError(status: number, code: string, key: ClientErrorKey): ApiRequestError {
  return new ApiRequestError(status, code, {
    en: i18n.t(key, { lng: 'en', status }),
    hr: i18n.t(key, { lng: 'hr', status }),
  });
}

// The session's CSRF token lives in memory only: it comes from /api/auth/me or the login answer.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request(method: 'GET' | WriteMethod, path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // An empty body with a JSON content type is a 400 in Fastify, so only declare it when sending one.
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  let text: string;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    text = await response.text();
  } catch {
    throw clientError(0, 'client.network', 'errors.network');
  }

  return answer(response.status, text);
}

/** The parsed body of a 2xx answer; anything else becomes an ApiRequestError. */
function answer(status: number, text: string): unknown {
  const data = parseJson(text);
  if (status >= 200 && status < 300) return data;

  const apiError = ApiError.safeParse(data);
  if (apiError.success) {
    const { code, message, fields } = apiError.data.error;
    throw new ApiRequestError(status, code, message, fields, data);
  }
  throw clientError(status, 'client.unexpected_response', 'errors.unexpected');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseWith<T>(schema: Schema<T>, data: unknown): T {
  try {
    return schema.parse(data);
  } catch {
    throw clientError(200, 'client.invalid_response', 'errors.invalidResponse');
  }
}

export async function apiGet<T>(path: string, schema: Schema<T>): Promise<T> {
  return parseWith(schema, await request('GET', path));
}

export function apiSend(method: WriteMethod, path: string, body?: unknown): Promise<void>;
export function apiSend<T>(method: WriteMethod, path: string, body: unknown, schema: Schema<T>): Promise<T>;
export async function apiSend<T>(method: WriteMethod, path: string, body?: unknown, schema?: Schema<T>): Promise<T | void> {
  const data = await request(method, path, body);
  if (schema !== undefined) return parseWith(schema, data);
}

/**
 * Sends multipart form data (files and a JSON `payload` part). XMLHttpRequest rather than fetch, because
 * only it reports upload progress, which a customer attaching a large log needs to see.
 */
export function apiSendForm<T>(
  method: WriteMethod,
  path: string,
  formData: FormData,
  schema: Schema<T>,
  onProgress?: (fraction: number) => void,
  idempotencyKey?: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('accept', 'application/json');
    if (idempotencyKey !== undefined) xhr.setRequestHeader('idempotency-key', idempotencyKey);
    // No content-type: the browser sets multipart/form-data with its boundary.
    if (csrfToken !== null) xhr.setRequestHeader('x-csrf-token', csrfToken);
    if (onProgress) {
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
    }
    xhr.onload = () => {
      try {
        resolve(parseWith(schema, answer(xhr.status, xhr.responseText)));
      } catch (error) {
        reject(error);
      }
    };
    xhr.onerror = () => reject(clientError(0, 'client.network', 'errors.network'));
    xhr.send(formData);
  });
}

/** List endpoints wrap their array in an object (`{ users: [...] }`); this checks and unwraps it. */
export function unwrap<T>(key: string, schema: Schema<T>): Schema<T> {
  return {
    parse(input) {
      if (typeof input !== 'object' || input === null || !(key in input)) {
        throw new TypeError(`Expected an object with "${key}"`);
      }
      return schema.parse((input as Record<string, unknown>)[key]);
    },
  };
}
