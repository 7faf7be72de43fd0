import type { Programme } from '../model.ts';

/**
 * P8 "Den lærende skolen" (5 weeks).
 * Source: Senge's five disciplines of the learning organisation.
 */
export const denLaerendeSkolen: Programme = {
  key: 'den-laerende-skolen',
  version: 1,
  title: {
    nb: 'Den lærende skolen',
    nn: 'Den lærande skulen',
    en: 'The learning school',
  },
  summary: {
    nb: 'Fem uker der teamet tar for seg én av Senges fem disipliner hver uke, fra personlig mestring til systemtenkning.',
    nn: 'Fem veker der teamet tek føre seg éin av dei fem disiplinane til Senge kvar veke, frå personleg meistring til systemtenking.',
    en: "Five weeks in which the team takes up one of Senge's five disciplines each week, from personal mastery to systems thinking.",
  },
  why: {
    nb: 'Bygger på Senges fem disipliner for lærende organisasjoner: personlig mestring, mentale modeller, felles visjon, teamlæring og systemtenkning. Spørsmålene hjelper teamet å se både egne antakelser og hvordan tiltakene henger sammen.',
    nn: 'Byggjer på dei fem disiplinane Senge skildrar for lærande organisasjonar: personleg meistring, mentale modellar, felles visjon, teamlæring og systemtenking. Spørsmåla hjelper teamet å sjå både antakingane sine og korleis tiltaka heng saman.',
    en: "Based on Senge's five disciplines of the learning organisation: personal mastery, mental models, shared vision, team learning and systems thinking. The questions help the team see both its own assumptions and how its measures fit together.",
  },
  audience: 'team',
  repeatable: false,
  steps: [
    {
      key: 'p8-w1',
      kind: 'text',
      question: {
        nb: 'Personlig mestring: Hva vil du bli bedre til i år, og hvorfor betyr det noe for elevene?',
        nn: 'Personleg meistring: Kva vil du bli betre til i år, og kvifor har det noko å seie for elevane?',
        en: 'Personal mastery: what do you want to get better at this year, and why does it matter for pupils?',
      },
    },
    {
      key: 'p8-w2',
      kind: 'text',
      question: {
        nb: 'Mentale modeller: Hvilken selvfølgelighet om elever eller undervisning bør vi sjekke?',
        nn: 'Mentale modellar: Kva for ei sjølvfølgje om elevar eller undervisning bør vi sjekke?',
        en: 'Mental models: which taken-for-granted belief about pupils or teaching should we check?',
      },
    },
    {
      key: 'p8-w3',
      kind: 'text',
      question: {
        nb: 'Felles visjon: Hvordan ser en god skoledag ut for elevene om tre år?',
        nn: 'Felles visjon: Korleis ser ein god skuledag ut for elevane om tre år?',
        en: 'Shared vision: what does a good school day look like for pupils three years from now?',
      },
    },
    {
      key: 'p8-w4',
      kind: 'text',
      question: {
        nb: 'Teamlæring: Hvilken samtalestruktur hjelper oss å tenke bedre sammen?',
        nn: 'Teamlæring: Kva samtalestruktur hjelper oss å tenkje betre saman?',
        en: 'Team learning: which conversation structure helps us think better together?',
      },
    },
    {
      key: 'p8-w5',
      kind: 'commitment',
      question: {
        nb: 'Systemtenkning: Hvilke av våre tiltak motvirker hverandre? Hvor er det beste «vippepunktet»?',
        nn: 'Systemtenking: Kva for nokre av tiltaka våre motverkar kvarandre? Kvar er det beste «vippepunktet»?',
        en: 'Systems thinking: which of our measures work against each other? Where is the best leverage point?',
      },
    },
  ],
};
