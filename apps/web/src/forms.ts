import type { FormErrors } from '@mantine/form';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api';
import { useLocalize } from './i18n';
import { issueMessage, valueAt, type Issue } from './validationMessages';

/** A zod schema from @centrala/contracts, seen only through `safeParse`. */
interface Validatable {
  safeParse(input: unknown): { success: true } | { success: false; error: { issues: Issue[] } };
}

/** Turns zod issues into short messages in the current language (zod's own messages are English only). */
function useIssueMessage(): (issue: Issue, value: unknown) => string {
  const { t } = useTranslation();
  const localize = useLocalize();
  return useCallback(
    (issue: Issue, value: unknown) => {
      const message = issueMessage(issue, value);
      if ('text' in message) return localize(message.text);
      return 'count' in message ? t(message.key, { count: message.count }) : t(message.key);
    },
    [t, localize],
  );
}

/** Validates form values with a contracts schema, so the browser applies the same rules as the API. */
export function useSchemaValidator(schema: Validatable): (values: unknown) => FormErrors {
  const describe = useIssueMessage();
  return (values) => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const errors: FormErrors = {};
    for (const issue of result.error.issues) {
      const path = issue.path.map(String).join('.');
      errors[path] ??= describe(issue, valueAt(values, issue.path));
    }
    return errors;
  };
}

/** The same for a single input, as a Mantine field rule. */
export function useFieldValidator(schema: Validatable): (value: unknown) => string | null {
  const describe = useIssueMessage();
  return (value) => {
    const result = schema.safeParse(value);
    const issue = result.success ? undefined : result.error.issues[0];
    return issue ? describe(issue, valueAt(value, issue.path)) : null;
  };
}

/** Puts the API's per-field errors next to the matching inputs; the caller shows the overall message. */
export function useApplyFieldErrors(): (form: { setFieldError: (path: string, error: string) => void }, error: unknown) => void {
  const localize = useLocalize();
  return (form, error) => {
    if (!isApiError(error)) return;
    for (const field of error.fields) form.setFieldError(field.path, localize(field.message));
  };
}
