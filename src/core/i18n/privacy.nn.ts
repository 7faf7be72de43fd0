/** Nynorsk texts about personal data: privacy hints, blocked identity numbers, "my data". */
export const nnPrivacy = {
  'privacy.hint.intro': 'Eit tips om personvern: teksten ser ut til å innehalde',
  'privacy.hint.email': 'ei e-postadresse',
  'privacy.hint.phone': 'eit telefonnummer',
  'privacy.hint.pupilName': 'namnet på ein elev',
  'privacy.hint.specialCategory': 'ord om helse eller særskilde behov ({terms})',
  'privacy.hint.rewrite':
    'Refleks handlar om elevgrupper, ikkje enkeltelevar. Vurder å skrive om, til dømes «nokre elevar i gruppa treng …», utan namn, kontaktopplysingar eller diagnosar. Du kan endre svaret med Svar-knappen, eller slette svara dine med /refleks my-data.',
  'error.identityNumberThread':
    'Svaret ditt vart ikkje lagra: det ser ut til å innehalde eit fødselsnummer eller D-nummer, og slike lagrar Refleks aldri. Slett eller rediger meldinga i tråden, og skriv om elevgruppa utan nummer, til dømes «tre elevar i gruppe B».',
  'error.identityNumberCommand':
    'Kommandoen inneheld noko som ser ut som eit fødselsnummer eller D-nummer. Refleks brukar han ikkje og lagrar han ikkje. Skriv han på nytt utan nummeret.',
  'thread.answerDeleted': 'Dette svaret er sletta.',
  'prompt.rating.atClose': 'Snittet blir vist når runden er avslutta.',
  'mydata.title': 'Dine data i Refleks',
  'mydata.summary':
    'Refleks har lagra {answers} svar frå deg, og du står bak eller eig {commitments} forpliktingar. Leiarane dine ser aldri svara dine, berre det teamet vel å dele.',
  'mydata.download': 'Last ned dataa mine (JSON)',
  'mydata.linkValid': 'Nedlastingslenkja er personleg og verkar til {when}. Ikkje del ho.',
  'mydata.deleteAnswers': 'Slett svara mine …',
  'mydata.erase':
    'Vil du bli sletta heilt frå Refleks, kontaktar du skuleeigaren (kommunen), som har ansvaret for dataa.',
  'mydata.noWeb':
    'Nedlasting treng ei nettadresse Refleks kan nåast på. Be IT-ansvarleg om å eksportere dataa dine.',
  'mydata.linkInvalid': 'Denne lenkja verkar ikkje lenger. Skriv /refleks my-data for å få ei ny.',
  'form.deleteAnswers.title': 'Slett svara mine',
  'form.deleteAnswers.confirm': 'Stadfest',
  'form.deleteAnswers.option': 'Ja, slett orda i alle dei {count} svara mine',
  'form.deleteAnswers.hint':
    'Teamet held berre på at eit svar vart gitt. Meldingar du skreiv i tråden i Slack eller Teams, slettar du der.',
  'form.deleteAnswers.submit': 'Slett',
  'notice.answersDeleted': 'Orda i {count} svar er sletta.',
  'notice.noAnswers': 'Du har ingen svar lagra i Refleks.',
  'teams.app.command.my-data': 'Dine data: last ned, eller slett svara dine',
} as const;
