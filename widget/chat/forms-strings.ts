// The forms chunk's English texts (./forms-chunk.ts): the offline and pre-chat forms, the rating
// and the transcript. Every locale file has these keys too (widget/locales/*.json); the chat adds
// them to its strings once the chunk is here (toStrings in ../strings.ts).

/** The forms' English texts. */
export const formsEn = {
  leaveNote: "Nobody is here right now. Leave a message and we'll reply by email.",
  name: 'Name',
  email: 'Email',
  topic: 'Topic',
  optional: '{} (optional)',
  pick: 'Choose…',
  required: 'Please fill this in.',
  badEmail: 'Please enter a valid email address.',
  leaveSent: "Thank you! We'll reply by email to {}.",
  preNote: 'Before we start, tell us a little about you.',
  start: 'Start chat',
  rate: 'How was this chat?',
  good: 'Good',
  bad: 'Bad',
  comment: 'Anything to add?',
  thanks: 'Thank you for your feedback!',
  mail: 'Email me the transcript',
  download: 'Download transcript',
  you: 'You',
  notSent: 'Your message was not sent. Please try again.',
  mailed: 'Transcript sent to {}.',
  trap: 'Leave this field empty'
}
