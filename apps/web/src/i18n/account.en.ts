/** Words of a user's own account security: password, two-factor, recovery codes (`t('account.…')`). */
export const accountEn = {
  menu: {
    changePassword: 'Change password',
    security: 'Sign-in security',
  },
  password: {
    title: 'Change password',
    required: 'An administrator asks you to choose a new password before you continue.',
    current: 'Current password',
    new: 'New password',
    newHint: 'At least 10 characters, different from the current one',
    confirm: 'Repeat new password',
    submit: 'Change password',
    done: 'Your password has been changed. You were signed out on your other devices.',
    back: 'Back',
  },
  security: {
    title: 'Sign-in security',
    passwordSection: 'Password',
    passwordText: 'Change your password; your other devices will be signed out.',
    totpSection: 'Two-factor authentication',
    totpOn: 'On: signing in asks for a code from your authenticator app.',
    totpOff: 'Off: signing in asks only for your password.',
    totpSetUp: 'Set up two-factor authentication',
    recoverySection: 'Recovery codes',
    recoveryText: 'Each code signs you in once in place of a code from the app, if you lose your phone.',
    remaining_one: '{{count}} of {{total}} codes left',
    remaining_few: '{{count}} of {{total}} codes left',
    remaining_other: '{{count}} of {{total}} codes left',
    remainingNone: 'No codes left: make new ones now.',
    regenerate: 'Make new codes',
    regenerateTitle: 'Make new recovery codes',
    regenerateText: 'Your old codes stop working. Confirm with your password.',
    password: 'Password',
  },
  recovery: {
    title: 'Your recovery codes',
    intro:
      'Keep these codes somewhere safe, apart from your phone. Each one signs you in once in place of a code from the app. They are shown only now.',
    listLabel: 'Recovery codes',
    copy: 'Copy codes',
    copied: 'Codes copied',
    download: 'Download as a file',
    fileName: 'centrala-recovery-codes.txt',
    fileHeader: 'Centrala recovery codes for {{email}}. Each code works once.',
    saved: 'I have saved my codes',
  },
  totpQr: {
    label: 'QR code for your authenticator app',
  },
  login: {
    code: 'Authentication code or recovery code',
    codeHint: 'Only if two-factor authentication is on for you: the 6 digits from your app, or one of your recovery codes.',
    codeInvalid: 'Enter the 6 digits from your app or a 16-character recovery code.',
  },
  ended: {
    disabledTitle: 'Your account has been disabled',
    disabled: 'You were signed out. If you think this is a mistake, ask an administrator.',
  },
  admin: {
    passwordColumn: 'Password',
    requirePasswordFor: 'Require a new password from {{name}} at next sign-in',
    passwordRequired: 'New password due',
    requirePasswordDone: '{{name}} must choose a new password at the next sign-in.',
    newUserNote: 'The user chooses their own password at first sign-in.',
    disableTitle: 'Disable {{name}}?',
    disableText:
      '{{name}} is signed out at once on every device and can no longer sign in until enabled again. Their open console is told so.',
    disableConfirm: 'Disable user',
  },
};

export type AccountMessages = typeof accountEn;
