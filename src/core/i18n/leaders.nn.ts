import type { nbLeaders } from './leaders.nb.ts';

/** Nynorsk texts of the leaders' views. */
export const nnLeaders: Record<keyof typeof nbLeaders, string> = {
  'web.title': 'Refleks – oversyn',
  'web.heading': 'Oversyn for {name}',
  'web.validUntil': 'Denne lenkja er personleg og gjeld til {when}. Ikkje del ho.',
  'web.language': 'Språk',
  'web.teams': 'Teama',
  'web.trend.heading': 'Deltaking dette skuleåret',
  'web.trend.alt': 'Deltaking i {team} per samling frå veke {first} til veke {last}. Siste: {latest}.',
  'web.trend.tooSmall': 'Teamet er for lite til at deltaking blir vist i prosent.',
  'web.trend.none': 'Ingen samlingar enno dette skuleåret.',
  'web.table.show': 'Vis tala som tabell',
  'web.table.week': 'Veke',
  'web.table.participation': 'Deltaking',
  'web.table.skipped': 'inga samling',
  'web.months.heading': 'Forpliktingar etter månad',
  'web.months.alt':
    'Forpliktingar teama har laga per månad dette skuleåret, etter status i dag. Til saman {total}: {open} opne, {done} gjennomførte, {dropped} lagde bort.',
  'web.table.month': 'Månad',
  'web.digest.heading': 'Denne veka',
  'web.link.invalid.title': 'Lenkja verkar ikkje',
  'web.link.invalid': 'Denne lenkja er ikkje gyldig. Kanskje ho vart kopiert ufullstendig.',
  'web.link.expired.title': 'Lenkja har gått ut',
  'web.link.expired': 'Lenkjer til oversynet gjeld ei stund, så går dei ut.',
  'web.link.scope_changed': 'Rollene dine har endra seg sidan lenkja vart laga.',
  'web.link.getNew': 'Skriv /refleks oversyn i Slack eller Teams for å få ei ny lenkje.',
  'web.link.notFound': 'Fann ikkje sida.',
  'web.unavailable': 'Refleks får ikkje kontakt med databasen akkurat no. Prøv igjen om eit minutt.',
  'button.openWeb': 'Opne oversynet i nettlesaren',
  'home.leader.webLink': 'Med grafar for skuleåret i nettlesaren – lenkja er personleg og gjeld til {when}.',
};
