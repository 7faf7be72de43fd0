import type { Programme } from '../model.ts';

/**
 * Cross-cutting micro-routines (M1–M3): short programmes that any programme can insert.
 * Like the programmes, they are always about pupil groups, never named pupils.
 */

/**
 * M1 "Forpliktelse" (commitment).
 * Source: implementation intentions; an "if–then" plan with who, what, when/if and how we will know,
 * checked at the next meeting.
 */
export const forpliktelse: Programme = {
  key: 'forpliktelse',
  version: 1,
  title: {
    nb: 'Forpliktelse',
    nn: 'Forplikting',
    en: 'Commitment',
  },
  summary: {
    nb: 'Én uke der teamet formulerer én «hvis–så»-plan med hvem, hva, når og hvordan vi vil vite det, og følger den opp på neste møte.',
    nn: 'Éi veke der teamet formulerer éin «viss–så»-plan med kven, kva, når og korleis vi skal vite det, og følgjer han opp på neste møte.',
    en: 'One week in which the team writes one "if–then" plan with who, what, when and how we will know, and follows it up at the next meeting.',
  },
  why: {
    nb: 'Bygger på forskning om gjennomføringsintensjoner: konkrete «hvis–så»-planer gjør det langt mer sannsynlig at vi faktisk gjør det vi har bestemt, mens generelle påminnelser ofte ikke virker. Derfor spør vi alltid om hvem, hva, når og hvordan vi vil vite det.',
    nn: 'Byggjer på forsking om gjennomføringsintensjonar: konkrete «viss–så»-planar gjer det langt meir sannsynleg at vi faktisk gjer det vi har bestemt, medan generelle påminningar ofte ikkje verkar. Difor spør vi alltid om kven, kva, når og korleis vi skal vite det.',
    en: 'Based on research on implementation intentions: concrete "if–then" plans make it far more likely that we do what we decided, while generic reminders often do nothing. That is why we always ask who, what, when and how we will know.',
  },
  audience: 'team',
  repeatable: true,
  steps: [
    {
      key: 'm1-w1',
      kind: 'commitment',
      question: {
        nb: 'Hva forplikter vi oss til for elevgruppen? Formuler én «hvis–så»-plan: hvem gjør hva, når eller i hvilken situasjon, og hvordan vet vi at det er gjort? Vi sjekker den på neste møte.',
        nn: 'Kva forpliktar vi oss til for elevgruppa? Formuler éin «viss–så»-plan: kven gjer kva, når eller i kva situasjon, og korleis veit vi at det er gjort? Vi sjekkar han på neste møte.',
        en: 'What do we commit to for the pupil group? Write one "if–then" plan: who does what, when or in which situation, and how will we know it is done? We will check it at the next meeting.',
      },
    },
  ],
};

/**
 * M2 "Kollegabesøk / læringsvandring" (peer visit / learning walk).
 * Source: instructional rounds, learning walks and lesson study. Explicitly not appraisal.
 */
export const kollegabesok: Programme = {
  key: 'kollegabesok',
  version: 1,
  title: {
    nb: 'Kollegabesøk / læringsvandring',
    nn: 'Kollegavitjing / læringsvandring',
    en: 'Peer visit / learning walk',
  },
  summary: {
    nb: 'Tre uker der teamet blir enige om et undervisningsproblem, observerer hva elevene gjør i hverandres timer og finner neste steg sammen; dette er ikke vurdering av lærerne.',
    nn: 'Tre veker der teamet blir samde om eit undervisningsproblem, observerer kva elevane gjer i timane til kvarandre og finn neste steg saman; dette er ikkje vurdering av lærarane.',
    en: "Three weeks in which the team agrees a problem of practice, observes what pupils do in each other's lessons and works out the next step together; this is not appraisal of teachers.",
  },
  why: {
    nb: 'Bygger på instructional rounds, læringsvandringer og lesson study: vi ser på hva elevene gjør, ikke på læreren, og beskriver uten å dømme. Målet er at vi lærer sammen om et felles undervisningsproblem, ikke kontroll.',
    nn: 'Byggjer på instructional rounds, læringsvandringar og lesson study: vi ser på kva elevane gjer, ikkje på læraren, og skildrar utan å dømme. Målet er at vi lærer saman om eit felles undervisningsproblem, ikkje kontroll.',
    en: 'Based on instructional rounds, learning walks and lesson study: we look at what pupils do, not at the teacher, and describe without judging. The aim is learning together about a shared problem of practice, not inspection.',
  },
  audience: 'team',
  repeatable: true,
  steps: [
    {
      key: 'm2-w1',
      kind: 'text',
      question: {
        nb: 'Hvilket undervisningsproblem vil vi se nærmere på sammen? Bli enige om ett problem, og om hvilken elevgruppe og time vi skal besøke.',
        nn: 'Kva undervisningsproblem vil vi sjå nærare på saman? Bli samde om eitt problem, og om kva elevgruppe og time vi skal vitje.',
        en: 'Which problem of practice do we want to look at together? Agree on one problem, and on which pupil group and lesson we will visit.',
      },
    },
    {
      key: 'm2-w2',
      kind: 'text',
      question: {
        nb: 'Hva gjorde elevene i timen vi besøkte? Beskriv det vi så og hørte, uten å dømme. (Ingen navn.)',
        nn: 'Kva gjorde elevane i timen vi vitja? Skildre det vi såg og høyrde, utan å dømme. (Ingen namn.)',
        en: 'What did pupils do in the lesson we visited? Describe what we saw and heard, without judging. (No names.)',
      },
    },
    {
      key: 'm2-w3',
      kind: 'commitment',
      question: {
        nb: 'Hva er neste nivå i arbeidet? Hva skal elevene kunne gjøre som de ikke gjør i dag, og hva gjør vi annerledes for å komme dit? Formuler én «hvis–så»-plan.',
        nn: 'Kva er neste nivå i arbeidet? Kva skal elevane kunne gjere som dei ikkje gjer i dag, og kva gjer vi annleis for å kome dit? Formuler éin «viss–så»-plan.',
        en: 'What is the next level of work? What should pupils be able to do that they do not do today, and what will we do differently to get there? Write one "if–then" plan.',
      },
    },
  ],
};

/**
 * M3 "Feiring" (celebrate): one concrete success to share upward.
 * Source: Udir school-based assessment, which starts from what we have succeeded with and why.
 */
export const feiring: Programme = {
  key: 'feiring',
  version: 1,
  title: {
    nb: 'Feiring',
    nn: 'Noko å feire',
    en: 'Celebrate',
  },
  summary: {
    nb: 'Én uke der teamet løfter fram én konkret suksess med elevgruppen og bestemmer om den skal deles med ledelsen.',
    nn: 'Éi veke der teamet løftar fram éin konkret suksess med elevgruppa og avgjer om han skal delast med leiinga.',
    en: 'One week in which the team picks out one concrete success with the pupil group and decides whether to share it with leadership.',
  },
  why: {
    nb: 'Som i Udirs skolebaserte vurdering starter vi med hva vi har lyktes med, og hvorfor. Når vi ser og deler det som virker, får teamet energi og ledelsen kunnskap om god praksis – ikke bare om problemer.',
    nn: 'Som i den skulebaserte vurderinga til Udir byrjar vi med kva vi har lukkast med, og kvifor. Når vi ser og deler det som verkar, får teamet energi og leiinga kunnskap om god praksis – ikkje berre om problem.',
    en: "As in Udir's school-based assessment, we start from what we have succeeded with, and why. Seeing and sharing what works gives the team energy and gives leadership knowledge of good practice, not only of problems.",
  },
  audience: 'team',
  repeatable: true,
  steps: [
    {
      key: 'm3-w1',
      kind: 'share_upward',
      question: {
        nb: 'Hvilken konkret suksess med elevgruppen vil vi feire? Beskriv hva elevene fikk til, og hva vi gjorde. Skal dette deles med ledelsen?',
        nn: 'Kva konkret suksess med elevgruppa vil vi feire? Skildre kva elevane fekk til, og kva vi gjorde. Skal dette delast med leiinga?',
        en: 'Which concrete success with the pupil group do we want to celebrate? Describe what pupils achieved and what we did. Should this be shared with leadership?',
      },
    },
  ],
};
