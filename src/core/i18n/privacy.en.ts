/** English texts about personal data: privacy hints, blocked identity numbers, "my data". */
export const enPrivacy = {
  'privacy.hint.intro': 'A privacy tip: the text seems to contain',
  'privacy.hint.email': 'an e-mail address',
  'privacy.hint.phone': 'a phone number',
  'privacy.hint.pupilName': "a pupil's name",
  'privacy.hint.specialCategory': 'words about health or special needs ({terms})',
  'privacy.hint.rewrite':
    'Refleks is about groups of pupils, not single pupils. Consider rewriting it, for example "some pupils in the group need …", without names, contact details or diagnoses. You can change your answer with the Answer button, or delete your answers with /refleks my-data.',
  'error.identityNumberThread':
    'Your answer was not saved: it seems to contain a national identity number or D number, and Refleks never stores those. Delete or edit the message in the thread, and describe the group of pupils without numbers, for example "three pupils in group B".',
  'error.identityNumberCommand':
    'The command contains something that looks like a national identity number or D number. Refleks does not use it and does not store it. Type it again without the number.',
  'thread.answerDeleted': 'This answer has been deleted.',
  'prompt.rating.atClose': 'The average is shown when the round closes.',
  'mydata.title': 'Your data in Refleks',
  'mydata.summary':
    'Refleks has stored {answers} answers from you, and you made or own {commitments} commitments. Your leaders never see your answers, only what the team chooses to share.',
  'mydata.download': 'Download my data (JSON)',
  'mydata.linkValid': 'The download link is personal and works until {when}. Do not share it.',
  'mydata.deleteAnswers': 'Delete my answers …',
  'mydata.erase':
    'To be erased from Refleks entirely, contact the school owner (the municipality), who is responsible for the data.',
  'mydata.noWeb':
    'Downloading needs a web address Refleks can be reached at. Ask your IT administrator to export your data.',
  'mydata.linkInvalid': 'This link no longer works. Type /refleks my-data to get a new one.',
  'form.deleteAnswers.title': 'Delete my answers',
  'form.deleteAnswers.confirm': 'Confirm',
  'form.deleteAnswers.option': 'Yes, delete the words of all my {count} answers',
  'form.deleteAnswers.hint':
    'The team keeps only the fact that an answer was given. Messages you wrote in the thread in Slack or Teams you delete there.',
  'form.deleteAnswers.submit': 'Delete',
  'notice.answersDeleted': 'The words of {count} answers have been deleted.',
  'notice.noAnswers': 'You have no answers stored in Refleks.',
  'teams.app.command.my-data': 'Your data: download it, or delete your answers',
} as const;
