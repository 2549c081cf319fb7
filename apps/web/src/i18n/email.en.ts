/** What the agent console shows of a message that came by email, and the admin's mail screens (`t('email.…')`). */
export const emailEn = {
  message: {
    label: 'Email details',
    from: 'From',
    to: 'To',
    cc: 'Cc',
    subject: 'Subject',
    noAddress: '(none)',
    text: 'Text',
    html: 'HTML version',
    showFull: 'Show full text',
    showShown: 'Show shortened text',
    trimmedNote: 'Quoted history and signature are hidden.',
    showRemoteImages: 'Show remote images',
    remoteImagesBlocked: 'Remote images are blocked: loading them tells the sender the message was opened.',
    remoteImagesShown: 'Remote images are shown for this message.',
    frameTitle: 'HTML version of the email (no scripts, no links)',
    headers: 'Headers and raw source',
    autoKind: {
      human: 'Written by a person',
      auto_reply: 'Automatic reply',
      bounce: 'Delivery failure report',
      list: 'Mailing list',
      bulk: 'Bulk mail',
      feedback_report: 'Abuse/feedback report',
    },
  },
  warnings: {
    unparseable: 'The message could not be read; its raw source is attached.',
    charset_unknown: 'An unknown character set: some letters may be wrong.',
    truncated: 'The message was too long and is shortened.',
    other: 'Problem reading the message: {{code}}',
  },
  verification: {
    title: 'Sender verification',
    none: 'No verification result was recorded for this message.',
    dmarcPass: 'DMARC passed: the sender’s domain vouches for this message.',
    dmarcFail: 'DMARC did not pass: the sender address may be forged.',
    policy: 'policy: {{policy}}',
    noReason: 'no reason given',
    dkimNone: 'not signed',
    flags: {
      display_name_spoof: 'The display name looks like someone else: the name claims to be someone the address is not.',
      lookalike_domain: 'Look-alike domain: the address imitates a known domain.',
    },
  },
  raw: {
    title: 'Headers and raw source',
    headers: 'Headers',
    source: 'Raw source',
    showSource: 'Show the whole source',
    download: 'Download (.eml)',
    loading: 'Loading the raw message…',
  },
  bouncing: {
    badge: 'Bounces',
    hint: 'Mail to {{address}} bounces hard since {{since}}: an answer by email will not arrive.',
  },
};

export type EmailMessages = typeof emailEn;
