/** Bokmål texts about personal data: privacy hints, blocked identity numbers, "my data". */
export const nbPrivacy = {
  'privacy.hint.intro': 'Et tips om personvern: teksten ser ut til å inneholde',
  'privacy.hint.email': 'en e-postadresse',
  'privacy.hint.phone': 'et telefonnummer',
  'privacy.hint.pupilName': 'navnet på en elev',
  'privacy.hint.specialCategory': 'ord om helse eller særskilte behov ({terms})',
  'privacy.hint.rewrite':
    'Refleks handler om elevgrupper, ikke enkeltelever. Vurder å skrive om, for eksempel «noen elever i gruppa trenger …», uten navn, kontaktopplysninger eller diagnoser. Du kan endre svaret med Svar-knappen, eller slette svarene dine med /refleks my-data.',
  'error.identityNumberThread':
    'Svaret ditt ble ikke lagret: det ser ut til å inneholde et fødselsnummer eller D-nummer, og slike lagrer Refleks aldri. Slett eller rediger meldingen i tråden, og skriv om elevgruppen uten nummer, for eksempel «tre elever i gruppe B».',
  'error.identityNumberCommand':
    'Kommandoen inneholder noe som ser ut som et fødselsnummer eller D-nummer. Refleks bruker den ikke og lagrer den ikke. Skriv den på nytt uten nummeret.',
  'thread.answerDeleted': 'Dette svaret er slettet.',
  'prompt.rating.atClose': 'Snittet vises når runden er avsluttet.',
  'mydata.title': 'Dine data i Refleks',
  'mydata.summary':
    'Refleks har lagret {answers} svar fra deg, og du står bak eller eier {commitments} forpliktelser. Lederne dine ser aldri svarene dine, bare det teamet velger å dele.',
  'mydata.download': 'Last ned dataene mine (JSON)',
  'mydata.linkValid': 'Nedlastingslenken er personlig og virker til {when}. Ikke del den.',
  'mydata.deleteAnswers': 'Slett svarene mine …',
  'mydata.erase':
    'Vil du slettes helt fra Refleks, kontakter du skoleeieren (kommunen), som har ansvaret for dataene.',
  'mydata.noWeb':
    'Nedlasting trenger en nettadresse Refleks kan nås på. Be IT-ansvarlig om å eksportere dataene dine.',
  'mydata.linkInvalid': 'Denne lenken virker ikke lenger. Skriv /refleks my-data for å få en ny.',
  'form.deleteAnswers.title': 'Slett svarene mine',
  'form.deleteAnswers.confirm': 'Bekreft',
  'form.deleteAnswers.option': 'Ja, slett ordene i alle {count} svarene mine',
  'form.deleteAnswers.hint':
    'Teamet beholder bare at et svar ble gitt. Meldinger du skrev i tråden i Slack eller Teams, sletter du der.',
  'form.deleteAnswers.submit': 'Slett',
  'notice.answersDeleted': 'Ordene i {count} svar er slettet.',
  'notice.noAnswers': 'Du har ingen svar lagret i Refleks.',
  'teams.app.command.my-data': 'Dine data: last ned, eller slett svarene dine',
} as const;
