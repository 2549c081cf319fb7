import 'i18next';
import type { Messages } from './en';

// Types every `t('…')` key against the English catalogue; hr.ts must have the same shape.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
