/**
 * Whether the API's per-field errors already say everything: each one names a field the form shows, so it
 * appears beside its input and a general "Something went wrong" alert on top would only repeat it.
 * False when there are none, or when one names something the form has no input for (that one would be lost).
 */
export function fieldErrorsCoverAll(fields: readonly { path: string }[], formFields: readonly string[]): boolean {
  return fields.length > 0 && fields.every((field) => formFields.includes(field.path));
}
