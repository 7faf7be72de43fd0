import type { Programme } from '../model.ts';

/**
 * P3 "Fire spørsmål" (a 4-week loop per unit, repeatable).
 * Source: DuFour's four critical questions (PLC at Work).
 */
export const fireSporsmal: Programme = {
  key: 'fire-sporsmal',
  version: 1,
  title: {
    nb: 'Fire spørsmål',
    nn: 'Dei fire spørsmåla',
    en: 'Four questions',
  },
  summary: {
    nb: 'Fire uker for hver undervisningsperiode der teamet blir enige om hva elevene skal lære, hvordan vi vet at de har lært det, og hva vi gjør for dem som ikke har lært det ennå og for dem som allerede mestrer det.',
    nn: 'Fire veker for kvar undervisningsperiode der teamet blir samde om kva elevane skal lære, korleis vi veit at dei har lært det, og kva vi gjer for dei som ikkje har lært det enno, og for dei som alt meistrar det.',
    en: 'Four weeks per teaching unit in which the team agrees what pupils should learn, how we will know they have learned it, and what we do for those who have not learned it yet and for those who already have.',
  },
  why: {
    nb: 'Bygger på DuFours fire kritiske spørsmål for profesjonelle læringsfellesskap: hva skal elevene lære, hvordan vet vi det, hva gjør vi når de ikke har lært det, og hva gjør vi når de allerede kan det. Løkken kjøres på nytt for hver periode, slik at teamet hele tiden holder blikket på elevenes læring.',
    nn: 'Byggjer på dei fire kritiske spørsmåla til DuFour for profesjonelle læringsfellesskap: kva skal elevane lære, korleis veit vi det, kva gjer vi når dei ikkje har lært det, og kva gjer vi når dei alt kan det. Vi tek runden på nytt for kvar periode, slik at teamet heile tida held blikket på læringa til elevane.',
    en: "Based on DuFour's four critical questions for professional learning communities: what should pupils learn, how will we know, what do we do when they have not learned it, and what do we do when they already have. The loop runs again for each unit, keeping the team's attention on pupils' learning.",
  },
  audience: 'team',
  repeatable: true,
  steps: [
    {
      key: 'p3-w1',
      kind: 'text',
      question: {
        nb: 'Hva er det viktigste elevene skal lære i denne perioden? Bli enige om 1–3 læringsmål.',
        nn: 'Kva er det viktigaste elevane skal lære i denne perioden? Bli samde om 1–3 læringsmål.',
        en: 'What is the most important learning this period? Agree on 1–3 learning goals.',
      },
    },
    {
      key: 'p3-w2',
      kind: 'text',
      question: {
        nb: 'Hvordan skal vi vite at hver elev har lært det? Hvilken felles, kort vurdering bruker vi?',
        nn: 'Korleis skal vi vite at kvar elev har lært det? Kva for ei kort, felles vurdering skal vi bruke?',
        en: 'How will we know each pupil has learned it? Which short common assessment will we use?',
      },
    },
    {
      key: 'p3-w3',
      kind: 'commitment',
      question: {
        nb: 'Hva gjør vi for dem som ikke har lært det ennå? Hvem gjør hva, og når?',
        nn: 'Kva gjer vi for dei som ikkje har lært det enno? Kven gjer kva, og når?',
        en: 'What will we do for pupils who have not learned it yet? Who does what, and when?',
      },
    },
    {
      key: 'p3-w4',
      kind: 'share_upward',
      question: {
        nb: 'Hvordan utvider vi læringen for dem som allerede mestrer det? Hva tar vi med oss til neste periode?',
        nn: 'Korleis kan vi utvide læringa for dei som alt meistrar det? Kva tek vi med oss inn i neste periode?',
        en: 'How will we extend learning for those who have mastered it? What do we take into the next period?',
      },
    },
  ],
};
