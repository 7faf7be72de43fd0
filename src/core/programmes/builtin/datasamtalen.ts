import type { Programme } from '../model.ts';

/**
 * P4 "Datasamtalen" (6 weeks).
 * Source: the Data Wise improvement process and its ACE habits. Group-level data only.
 */
export const datasamtalen: Programme = {
  key: 'datasamtalen',
  version: 1,
  title: {
    nb: 'Datasamtalen',
    nn: 'Datasamtalane',
    en: 'Evidence conversation',
  },
  summary: {
    nb: 'Seks uker der teamet øver på å snakke sammen om data på gruppenivå: fra felles normer og ett prioritert spørsmål til en handlingsplan og en måte å måle om den virker.',
    nn: 'Seks veker der teamet øver seg på å samtale om data på gruppenivå: frå felles normer og eitt prioritert spørsmål til ein handlingsplan og ein måte å måle om han verkar.',
    en: 'Six weeks in which the team practises talking about group-level data: from shared norms and one priority question to an action plan and a way to measure whether it works.',
  },
  why: {
    nb: 'Bygger på forbedringsprosessen i Data Wise og ACE-vanene (handling, samarbeid og bevis). Spørsmålene fører teamet fra data på gruppenivå via elevarbeid til et presist undervisningsproblem, før vi velger tiltak og bestemmer hvordan vi skal se om de virker.',
    nn: 'Byggjer på forbetringsprosessen i Data Wise og ACE-vanane (handling, samarbeid og bevis). Spørsmåla fører teamet frå data på gruppenivå via elevarbeid til eit presist undervisningsproblem, før vi vel tiltak og avgjer korleis vi skal sjå om dei verkar.',
    en: 'Based on the Data Wise improvement process and its ACE habits (action, collaboration, evidence). The questions lead the team from group-level data through pupil work to a precise problem of practice, before we choose measures and decide how we will see whether they work.',
  },
  audience: 'team',
  repeatable: false,
  steps: [
    {
      key: 'p4-w1',
      kind: 'text',
      question: {
        nb: 'Hvilke samarbeidsnormer skal gjelde for datasamtalene våre?',
        nn: 'Kva samarbeidsnormer skal gjelde for datasamtalane våre?',
        en: 'Which norms will we use for our data conversations?',
      },
    },
    {
      key: 'p4-w2',
      kind: 'text',
      question: {
        nb: 'Hvilke 2–4 figurer eller oversikter forteller oss mest om fokusområdet? (Kun gruppenivå.)',
        nn: 'Kva for 2–4 figurar eller oversikter fortel oss mest om fokusområdet? (Berre gruppenivå.)',
        en: 'Which 2–4 charts or overviews tell us most about the focus area? (Group level only.)',
      },
    },
    {
      key: 'p4-w3',
      kind: 'text',
      question: {
        nb: 'Hva ser vi – og hva undrer vi oss over? Formuler ett prioritert spørsmål.',
        nn: 'Kva ser vi – og kva undrast vi over? Formuler eitt prioritert spørsmål.',
        en: 'What do we notice, and what do we wonder? Formulate one priority question.',
      },
    },
    {
      key: 'p4-w4',
      kind: 'text',
      question: {
        nb: 'Hva viser elevarbeid og observasjon om hvorfor? Hva er vårt undervisningsproblem (problem of practice)?',
        nn: 'Kva seier elevarbeid og observasjon om kvifor det er slik? Kva er undervisningsproblemet vårt (problem of practice)?',
        en: 'What do pupil work and observation show about why? What is our problem of practice?',
      },
    },
    {
      key: 'p4-w5',
      kind: 'commitment',
      question: {
        nb: 'Lag en handlingsplan på én side: strategi, ansvar, tidspunkt.',
        nn: 'Lag ein handlingsplan på éi side: strategi, ansvar, tidspunkt.',
        en: 'Write a one-page action plan: strategy, owners, dates.',
      },
    },
    {
      key: 'p4-w6',
      kind: 'share_upward',
      question: {
        nb: 'Hvordan skal vi måle om planen virker, kort og lang sikt?',
        nn: 'Korleis skal vi måle om planen verkar, på kort og lang sikt?',
        en: 'How will we measure whether the plan works, short and long term?',
      },
    },
  ],
};
