import type { Programme } from '../model.ts';

/**
 * P2 "Undersøkelsessyklusen" (8 weeks).
 * Source: Timperley's teacher inquiry and knowledge-building cycle (2007); spiral of inquiry.
 */
export const undersokelsessyklusen: Programme = {
  key: 'undersokelsessyklusen',
  version: 1,
  title: {
    nb: 'Undersøkelsessyklusen',
    nn: 'Undersøkingssyklusen',
    en: 'The inquiry cycle',
  },
  summary: {
    nb: 'Åtte uker der teamet går gjennom en hel undersøkelsessyklus: fra hva elevene trenger å lære, via det vi selv trenger å lære, til ny praksis og hva den fører til for elevene.',
    nn: 'Åtte veker der teamet går gjennom ein heil undersøkingssyklus: frå kva elevane treng å lære, via det vi sjølve treng å lære, til ny praksis og kva han fører til for elevane.',
    en: 'Eight weeks in which the team works through a full inquiry cycle: from what pupils need to learn, through what we ourselves need to learn, to new practice and what it does for pupils.',
  },
  why: {
    nb: 'Bygger på Timperleys undersøkelses- og kunnskapsbyggingssyklus for lærere (2007): vi starter med hva elevene trenger, ser deretter på hva vi selv må lære, og vurderer endringene etter hvilken effekt de har for elevene.',
    nn: 'Byggjer på syklusen til Timperley for undersøking og kunnskapsbygging blant lærarar (2007): vi byrjar med kva elevane treng, ser så på kva vi sjølve må lære, og vurderer endringane etter kva verknad dei har for elevane.',
    en: "Based on Timperley's teacher inquiry and knowledge-building cycle (2007): we start from what pupils need, then look at what we ourselves need to learn, and judge changes by their effect on pupils.",
  },
  audience: 'team',
  repeatable: false,
  steps: [
    {
      key: 'p2-w1',
      kind: 'text',
      question: {
        nb: 'Hva trenger elevene våre å lære for å nå et viktig mål – og hva kan de allerede?',
        nn: 'Kva treng elevane våre å lære for å nå eit viktig mål – og kva kan dei allereie?',
        en: 'What do our pupils need to learn to reach an important goal, and what can they already do?',
      },
    },
    {
      key: 'p2-w2',
      kind: 'text',
      question: {
        nb: 'Hvilke kilder bruker vi for å vite dette? Hva mangler vi?',
        nn: 'Kva kjelder brukar vi for å vite dette? Kva manglar vi?',
        en: 'Which sources tell us this? What are we missing?',
      },
    },
    {
      key: 'p2-w3',
      kind: 'text',
      question: {
        nb: 'Hvordan har vår undervisning bidratt til dagens resultater? Hvilken anelse (hypotese) har vi?',
        nn: 'Korleis har undervisninga vår bidrege til resultata vi ser i dag? Kva for ei aning (hypotese) har vi?',
        en: 'How has our teaching contributed to current results? What is our hunch?',
      },
    },
    {
      key: 'p2-w4',
      kind: 'text',
      question: {
        nb: 'Hva trenger vi å lære? Hvor henter vi ny kunnskap (kollega, forskning, kurs)?',
        nn: 'Kva treng vi sjølve å lære? Kvar hentar vi ny kunnskap (kollega, forsking, kurs)?',
        en: 'What do we need to learn? Where will we get new knowledge (colleague, research, course)?',
      },
    },
    {
      key: 'p2-w5',
      kind: 'commitment',
      question: {
        nb: 'Hvilken ny praksis prøver vi ut, når og i hvilken klasse? (hvis–så)',
        nn: 'Kva ny praksis prøver vi ut, og når og i kva klasse? (viss–så)',
        en: 'Which new practice will we try, when and in which class? (if–then)',
      },
    },
    {
      key: 'p2-w6',
      kind: 'text',
      question: {
        nb: 'Hva har vi sett så langt? Del ett anonymisert elevarbeid.',
        nn: 'Kva har vi sett så langt? Del eitt anonymisert elevarbeid.',
        en: 'What have we seen so far? Share one anonymised piece of pupil work.',
      },
    },
    {
      key: 'p2-w7',
      kind: 'text',
      question: {
        nb: 'Hvilken effekt hadde endringen for elevenes læring og trivsel? Hvordan vet vi det?',
        nn: 'Kva verknad hadde endringa for læringa og trivselen til elevane? Korleis veit vi det?',
        en: "What effect did the change have on pupils' learning and well-being? How do we know?",
      },
    },
    {
      key: 'p2-w8',
      kind: 'share_upward',
      question: {
        nb: 'Fortsette, justere eller avslutte? Hva blir neste syklus?',
        nn: 'Halde fram, justere eller avslutte? Kva blir den neste syklusen?',
        en: 'Continue, adjust or stop? What is the next cycle?',
      },
    },
  ],
};
