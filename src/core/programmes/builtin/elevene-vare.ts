import type { Programme } from '../model.ts';

/**
 * P1 "Elevene våre – hvordan vet vi det?" (6 weeks).
 * Source: Oslo leadership-line dialogue questions, reframed for teams; Elmore reciprocity.
 * Always about a pupil group, never named pupils.
 */
export const eleveneVare: Programme = {
  key: 'elevene-vare',
  version: 1,
  title: {
    nb: 'Elevene våre – hvordan vet vi det?',
    nn: 'Elevane våre – korleis veit vi det?',
    en: 'Our pupils – how do we know?',
  },
  summary: {
    nb: 'Seks uker der teamet ser nærmere på én elevgruppe: hvordan det går, hvordan vi vet det, og hva vi gjør videre.',
    nn: 'Seks veker der teamet ser nærare på éi elevgruppe: korleis det går, korleis vi veit det, og kva vi gjer vidare.',
    en: 'Six weeks in which the team looks closely at one pupil group: how it is doing, how we know, and what we do next.',
  },
  why: {
    nb: 'Spørsmålene er Oslos dialogspørsmål fra linjeledelsen, stilt til teamet i stedet for til den enkelte lærer, og bygger på Elmores prinsipp om gjensidighet: det ledelsen ber teamet om, skylder den teamet støtte til. De handler alltid om en elevgruppe, aldri om navngitte elever.',
    nn: 'Spørsmåla er dialogspørsmåla frå leiarlinja i Oslo, stilte til teamet i staden for til den einskilde læraren, og byggjer på prinsippet til Elmore om gjensidigheit: det leiinga ber teamet om, skuldar ho teamet støtte til. Dei handlar alltid om ei elevgruppe, aldri om elevar med namn.',
    en: "These are Oslo's leadership-line dialogue questions, put to the team rather than to the individual teacher, and they rest on Elmore's principle of reciprocity: whatever leadership asks of the team, it owes the team support for. They are always about a pupil group, never about named pupils.",
  },
  audience: 'team',
  repeatable: false,
  steps: [
    {
      key: 'p1-w1',
      kind: 'text',
      question: {
        nb: 'Hvilken elevgruppe har vi felles ansvar for denne perioden, og hva er målet vårt for dem? (Ingen navn.)',
        nn: 'Kva elevgruppe har vi felles ansvar for i denne perioden, og kva er målet vårt for dei? (Ingen namn.)',
        en: 'Which pupil group do we share responsibility for this period, and what is our goal for them? (No names.)',
      },
    },
    {
      key: 'p1-w2',
      kind: 'text',
      question: {
        nb: 'Hvordan går det med gruppen – faglig og sosialt? Skriv tre korte observasjoner.',
        nn: 'Korleis går det med gruppa – fagleg og sosialt? Skriv tre korte observasjonar.',
        en: 'How is the group doing academically and socially? Write three short observations.',
      },
    },
    {
      key: 'p1-w3',
      kind: 'text',
      question: {
        nb: 'Hvordan vet vi det? Hvilket elevarbeid eller hvilke data kan vi vise hverandre på neste møte?',
        nn: 'Korleis veit vi det? Kva for elevarbeid eller data kan vi vise kvarandre på neste møte?',
        en: 'How do we know? Which pupil work or data can we show each other at the next meeting?',
      },
    },
    {
      key: 'p1-w4',
      kind: 'text',
      question: {
        nb: 'Hvordan tolker vi det vi ser? Hva kan andre forklaringer være?',
        nn: 'Korleis tolkar vi det vi ser? Kva andre forklaringar kan det vere?',
        en: 'How do we interpret what we see? What else might explain it?',
      },
    },
    {
      key: 'p1-w5',
      kind: 'commitment',
      question: {
        nb: 'Hva skal vi gjøre annerledes de neste to ukene? Formuler én «hvis–så»-plan.',
        nn: 'Kva skal vi gjere annleis dei neste to vekene? Formuler éin «viss–så»-plan.',
        en: 'What will we do differently in the next two weeks? Write one "if–then" plan.',
      },
    },
    {
      key: 'p1-w6',
      kind: 'share_upward',
      question: {
        nb: 'Hvilken støtte trenger vi fra ledelsen, og hva kan vi bidra med selv? Skal noe av dette deles med ledelsen?',
        nn: 'Kva støtte treng vi frå leiinga, og kva kan vi sjølve bidra med? Skal noko av dette delast med leiinga?',
        en: 'What support do we need from leadership, and what will we contribute ourselves? Should any of this be shared with leadership?',
      },
    },
  ],
};
