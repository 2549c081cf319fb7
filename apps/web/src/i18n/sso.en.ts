/** Sign-in from the billing panel (issue 13 point 4): the refusal page a customer may land on, and the admin page. */
export const ssoEn = {
  refused: {
    title: 'This sign-in link cannot be used',
    code: 'Code for your provider: {{code}}',
    signIn: 'Sign in with email and password',
    forgot: 'No password yet? Set one',
    reasons: {
      not_enabled: 'Signing in from the billing panel is not turned on here.',
      link_invalid: 'The link is incomplete or damaged.',
      redirect_invalid: 'The link points outside the client area.',
      signature_invalid: 'The link’s signature does not match, so it was not made by your provider’s billing panel.',
      link_expired: 'The link has expired: it works for a minute or two after it is made.',
      link_used: 'The link was already used: each one works only once.',
      contact_unknown: 'This support desk does not know the person the link is for.',
      contact_disabled: 'Your access to support has been turned off.',
      login_not_allowed: 'Your contact is not allowed to sign in to the client area.',
    },
    /** What to do, for the reasons where trying again from the billing panel helps and for those where it does not. */
    retry: 'Go back to your billing panel and click Support again, or sign in here.',
    askProvider: 'Ask your provider to check your contact in their billing panel, or sign in here if you have a password.',
    unknown: 'The link could not be used. Go back to your billing panel and try again, or sign in here.',
  },
  admin: {
    nav: 'Billing panel sign-in',
    title: 'Billing panel sign-in',
    intro:
      'Your billing panel (WHMCS, Blesta, HostBill or your own) can send its logged-in customers straight into their client area here, with a signed link that works once, for {{seconds}} seconds. The customer is found by the billing system’s id for the contact (its external id).',
    enabled: 'Accept sign-in links from the billing panel',
    enabledHint: 'Off: every link is refused and the customer is told to sign in normally.',
    turnedOn: 'Sign-in links are accepted.',
    turnedOff: 'Sign-in links are refused.',
    fromConfig: 'BILLING_SSO_SECRET in the server’s settings sets the shared secret, and links are accepted. Change it there.',
    secretTitle: 'Shared secret',
    secretNone: 'No secret yet. Make one, put it in your billing panel, then turn the link on.',
    secretSetAt: 'Made {{at}}. It is stored sealed and cannot be shown again.',
    generate: 'Make the secret',
    rotate: 'Make a new secret',
    rotateConfirmTitle: 'Make a new secret?',
    rotateConfirm:
      'The current secret stops working at once: links your billing panel signs with it are refused until you put the new one there.',
    newSecretTitle: 'The new shared secret',
    newSecretWarning: 'Copy it into your billing panel now: it is shown only this once.',
    dismiss: 'I have copied it',
    formatTitle: 'The link',
    formatIntro: 'The billing panel sends the customer’s browser to:',
    canonicalIntro:
      'sig is the lower-case hex HMAC-SHA256, keyed with the secret, of these lines joined by a line feed (email and to empty when absent):',
    fields:
      'contact: the contact’s id in the billing system · email: optional, must be the contact’s · ts: Unix seconds now · nonce: 16–128 random letters, digits, - or _, new for every link · to: optional client-area path, such as /client/tickets',
    exampleTitle: 'Example in PHP',
    docs: 'A WHMCS hook and the same in Node and Python are in docs/billing-sso.md.',
  },
};

export type SsoMessages = typeof ssoEn;
