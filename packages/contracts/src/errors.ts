import { z } from 'zod';

/** A message in both languages the product speaks; the client picks one. */
export const LocalizedText = z.object({ en: z.string(), hr: z.string() });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const FieldError = z.object({
  path: z.string(),
  code: z.string(),
  message: LocalizedText,
});
export type FieldError = z.infer<typeof FieldError>;

/**
 * Every error the API returns has this shape: a stable `code` for programs,
 * a human message in hr and en, and per-field errors for invalid input.
 */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: LocalizedText,
    fields: z.array(FieldError).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
