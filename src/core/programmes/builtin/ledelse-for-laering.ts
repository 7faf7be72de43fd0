import type { Programme } from '../model.ts';

/**
 * P7 "Ledelse for læring" (5 weeks), for leadership teams: rektor, assisterende rektor, avdelingsledere.
 * Source: Robinson's five dimensions of student-centred leadership and three capabilities (2008/2011).
 */
export const ledelseForLaering: Programme = {
  key: 'ledelse-for-laering',
  version: 1,
  title: {
    nb: 'Ledelse for læring',
    nn: 'Leiing for læring',
    en: 'Leading for learning',
  },
  summary: {
    nb: 'Fem uker der ledergruppen undersøker sin egen praksis: mål, ressurser, kvalitet i undervisningen, egen deltakelse i lærernes læring og tillit.',
    nn: 'Fem veker der leiargruppa undersøkjer praksisen sin: mål, ressursar, kvalitet i undervisninga, eiga deltaking i læringa til lærarane, og tillit.',
    en: 'Five weeks in which the leadership team examines its own practice: goals, resources, teaching quality, its own part in teacher learning, and trust.',
  },
  why: {
    nb: 'Bygger på Robinsons fem dimensjoner for elevsentrert ledelse (2008/2011). Størst effekt har det når ledere selv leder og deltar i lærernes læring (effektstørrelse 0,84), derfor handler det fjerde spørsmålet om nettopp det.',
    nn: 'Byggjer på dei fem dimensjonane til Robinson for elevsentrert leiing (2008/2011). Størst verknad har det når leiarar sjølve leier og tek del i læringa til lærarane (effektstorleik 0,84), og difor handlar det fjerde spørsmålet om nettopp det.',
    en: "Based on Robinson's five dimensions of student-centred leadership (2008/2011). Leaders leading and taking part in teacher learning has the largest effect (effect size 0.84), which is why the fourth question asks about exactly that.",
  },
  audience: 'leadership',
  repeatable: false,
  steps: [
    {
      key: 'p7-w1',
      kind: 'text',
      question: {
        nb: 'Mål og forventninger: Er målene våre få, tydelige og forstått av teamene? Hvordan vet vi det?',
        nn: 'Mål og forventingar: Er måla våre få og tydelege, og forstår teama dei? Korleis veit vi det?',
        en: 'Goals and expectations: are our goals few, clear and understood by teams? How do we know?',
      },
    },
    {
      key: 'p7-w2',
      kind: 'text',
      question: {
        nb: 'Strategisk ressursbruk: Hvilken tid eller ressurs kan vi frigjøre til teamenes læringsarbeid?',
        nn: 'Strategisk ressursbruk: Kor mykje tid, eller kva ressursar, kan vi frigjere til læringsarbeidet i teama?',
        en: 'Strategic resourcing: what time or resource can we free for team learning work?',
      },
    },
    {
      key: 'p7-w3',
      kind: 'text',
      question: {
        nb: 'Kvalitet i undervisningen: Hva vet vi om undervisningen i praksis, utover planer?',
        nn: 'Kvalitet i undervisninga: Kva veit vi om korleis undervisninga faktisk er, utover det som står i planane?',
        en: 'Quality teaching: what do we know about teaching in practice, beyond plans?',
      },
    },
    {
      key: 'p7-w4',
      kind: 'text',
      question: {
        nb: 'Lede og delta i læreres læring: Hvor deltok vi selv i teamenes læring, og hva lærte vi?',
        nn: 'Leie og ta del i læringa til lærarane: Kvar tok vi sjølve del i læringa i teama, og kva lærte vi?',
        en: 'Leading and participating in teacher learning: where did we ourselves take part in team learning, and what did we learn?',
      },
    },
    {
      key: 'p7-w5',
      kind: 'commitment',
      question: {
        nb: 'Trygt og ryddig miljø + relasjonell tillit: Hva hindrer ærlige samtaler om praksis, og hva endrer vi?',
        nn: 'Trygt og ryddig miljø + relasjonell tillit: Kva hindrar ærlege samtalar om praksis, og kva endrar vi?',
        en: 'Orderly environment and relational trust: what prevents honest talk about practice, and what will we change?',
      },
    },
  ],
};
