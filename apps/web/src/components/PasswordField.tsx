import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Mantine names the show/hide toggle "Toggle password visibility", which makes `getByLabel('Password')`
 * match two elements; a name without the word keeps the field's own label unique.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.showCharacters') }} {...props} />;
}
