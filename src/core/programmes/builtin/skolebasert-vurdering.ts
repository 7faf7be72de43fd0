import type { Programme } from '../model.ts';

/**
 * P5 "Skolebasert vurdering" (4 weeks at the end of each term).
 * Source: Udir school-based assessment; Ståstedsanalysen phases 1–3; the school owner's quality duty.
 */
export const skolebasertVurdering: Programme = {
  key: 'skolebasert-vurdering',
  version: 1,
  title: {
    nb: 'Skolebasert vurdering',
    nn: 'Skulebasert vurdering',
    en: 'School-based review',
  },
  summary: {
    nb: 'Fire uker ved slutten av hvert halvår der teamet ser tilbake på hva vi lyktes med, hvorfor, hva vi skal utvikle videre, og hvordan.',
    nn: 'Fire veker ved slutten av kvart halvår der teamet ser attende på kva vi lukkast med, kvifor, kva vi skal utvikle vidare, og korleis.',
    en: 'Four weeks at the end of each term in which the team looks back at what we succeeded with, why, what to develop further, and how.',
  },
  why: {
    nb: 'Følger Udirs modell for skolebasert vurdering og fase 1–3 i Ståstedsanalysen: hva lyktes vi med, hvorfor, hva bør vi utvikle, og hvordan. Svarene kan gå inn i skoleeierens kvalitetsarbeid og i tilstandsrapporten.',
    nn: 'Følgjer modellen til Udir for skulebasert vurdering og fase 1–3 i Ståstadsanalysen: kva lukkast vi med, kvifor, kva bør vi utvikle, og korleis. Svara kan gå inn i kvalitetsarbeidet til skuleeigaren og i tilstandsrapporten.',
    en: "Follows Udir's model for school-based assessment and phases 1–3 of the Ståstedsanalysen self-review: what we succeeded with, why, what to develop, and how. The answers can feed into the school owner's quality work and the status report.",
  },
  audience: 'team',
  repeatable: false,
  steps: [
    {
      key: 'p5-w1',
      kind: 'text',
      question: {
        nb: 'Hva har vi lyktes med dette halvåret? Gi ett konkret eksempel.',
        nn: 'Kva har vi lukkast med dette halvåret? Gje eitt konkret døme.',
        en: 'What have we succeeded with this term? Give one concrete example.',
      },
    },
    {
      key: 'p5-w2',
      kind: 'text',
      question: {
        nb: 'Hvorfor lyktes vi – hva i vår praksis forklarer det?',
        nn: 'Kvifor lukkast vi – kva i praksisen vår forklarer det?',
        en: 'Why did we succeed? What in our practice explains it?',
      },
    },
    {
      key: 'p5-w3',
      kind: 'text',
      question: {
        nb: 'Hva bør vi utvikle videre, og hva bør vi slutte med?',
        nn: 'Kva bør vi utvikle vidare, og kva bør vi halde opp med?',
        en: 'What should we develop further, and what should we stop doing?',
      },
    },
    {
      key: 'p5-w4',
      kind: 'share_upward',
      question: {
        nb: 'Hvordan gjør vi det – mål, tiltak, ansvar? Hva ønsker vi å dele med ledelsen og til tilstandsrapporten?',
        nn: 'Korleis gjer vi det – mål, tiltak, ansvar? Kva vil vi dele med leiinga og ta med i tilstandsrapporten?',
        en: 'How will we do it: goals, measures, responsibility? What do we want to share with leadership and for the status report?',
      },
    },
  ],
};
