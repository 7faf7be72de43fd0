import type { Programme } from '../model.ts';

/**
 * P6 "Fellesskapssjekken" (8 weeks, once a year).
 * Source: Bolam and Stoll's eight characteristics of effective professional learning communities.
 * Each week is a 1–5 rating with an open question; ratings are anonymous and shown only as an aggregate.
 */
export const fellesskapssjekken: Programme = {
  key: 'fellesskapssjekken',
  version: 1,
  title: {
    nb: 'Fellesskapssjekken',
    nn: 'Helsesjekk for fellesskapet',
    en: 'Community health check',
  },
  summary: {
    nb: 'Åtte uker, én gang i året, der teamet hver uke vurderer ett kjennetegn ved et godt profesjonelt læringsfellesskap på en skala fra 1 til 5 og svarer på ett åpent spørsmål.',
    nn: 'Åtte veker, éin gong i året, der teamet kvar veke vurderer eitt kjenneteikn ved eit godt profesjonelt læringsfellesskap på ein skala frå 1 til 5 og svarar på eitt ope spørsmål.',
    en: 'Eight weeks, once a year, in which the team rates one characteristic of a strong professional learning community each week on a scale of 1 to 5 and answers one open question.',
  },
  why: {
    nb: 'Bygger på Bolam og Stolls åtte kjennetegn ved effektive profesjonelle læringsfellesskap. Vurderingene er anonyme og vises bare samlet for hele teamet, og først når minst fem har svart.',
    nn: 'Byggjer på dei åtte kjenneteikna Bolam og Stoll fann ved verksame profesjonelle læringsfellesskap. Vurderingane er anonyme og blir berre viste samla for heile teamet, og først når minst fem har svart.',
    en: "Based on Bolam and Stoll's eight characteristics of effective professional learning communities. Ratings are anonymous and shown only as a team aggregate, and only once at least five people have answered.",
  },
  audience: 'team',
  repeatable: false,
  steps: [
    {
      key: 'p6-w1',
      kind: 'rating',
      question: {
        nb: 'Felles verdier og visjon: Hva er vi enige om at god læring er?',
        nn: 'Felles verdiar og visjon: Kva er vi samde om at god læring er?',
        en: 'Shared values and vision: what do we agree good learning is?',
      },
    },
    {
      key: 'p6-w2',
      kind: 'rating',
      question: {
        nb: 'Kollektivt ansvar: Når opplevde vi sist at «alle elevene er våre elever»?',
        nn: 'Kollektivt ansvar: Når opplevde vi sist at «alle elevane er våre elevar»?',
        en: 'Collective responsibility: when did we last act as if "all pupils are our pupils"?',
      },
    },
    {
      key: 'p6-w3',
      kind: 'rating',
      question: {
        nb: 'Samarbeid om læring: Hvor mye av teamtiden gikk til læring, og hvor mye til praktiske beskjeder?',
        nn: 'Samarbeid om læring: Kor mykje av teamtida gjekk til læring, og kor mykje til praktiske beskjedar?',
        en: 'Collaboration on learning: how much team time went to learning versus logistics?',
      },
    },
    {
      key: 'p6-w4',
      kind: 'rating',
      question: {
        nb: 'Individuell og kollektiv læring: Hva har du lært av en kollega nylig?',
        nn: 'Individuell og kollektiv læring: Kva har du lært av ein kollega nyleg?',
        en: 'Individual and collective learning: what have you recently learned from a colleague?',
      },
    },
    {
      key: 'p6-w5',
      kind: 'rating',
      question: {
        nb: 'Reflekterende undersøkelse: Hvilken antakelse har vi testet?',
        nn: 'Reflekterande undersøking: Kva for ei antaking har vi testa?',
        en: 'Reflective inquiry: which assumption have we tested?',
      },
    },
    {
      key: 'p6-w6',
      kind: 'rating',
      question: {
        nb: 'Åpenhet og nettverk: Hvem utenfor teamet kan hjelpe oss?',
        nn: 'Openheit og nettverk: Kven utanfor teamet kan hjelpe oss?',
        en: 'Openness and networks: who outside the team could help us?',
      },
    },
    {
      key: 'p6-w7',
      kind: 'rating',
      question: {
        nb: 'Inkluderende medlemskap: Er assistenter, AKS og spesialpedagoger med?',
        nn: 'Inkluderande medlemskap: Er assistentar, AKS og spesialpedagogar med?',
        en: 'Inclusive membership: are assistants, AKS staff and special-needs teachers included?',
      },
    },
    {
      key: 'p6-w8',
      kind: 'rating',
      question: {
        nb: 'Gjensidig tillit: Hva gjør det trygt – eller utrygt – å dele usikkerhet her?',
        nn: 'Gjensidig tillit: Kva gjer det trygt – eller utrygt – å dele uvisse her?',
        en: 'Mutual trust: what makes it safe, or unsafe, to share uncertainty here?',
      },
    },
  ],
};
