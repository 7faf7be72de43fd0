import type { Locale } from '../locale.ts';
import type { StepKind } from '../programmes/index.ts';
import type { RatingAggregate } from './rating.ts';

/** What a card about a commitment needs to know; owner names empty means the whole team. */
export interface CommitmentView {
  id: string;
  what: string;
  trigger: string;
  evidence: string;
  dueDate: string | null;
  ownerNames: string[];
}

export interface PromptView {
  cycleId: string;
  locale: Locale;
  zone: string;
  weekKey: string;
  programmeTitle: string;
  stepNumber: number;
  totalSteps: number;
  question: string;
  /** What the step asks for; a rating step also carries its (anonymous) aggregate. */
  stepKind: StepKind;
  rating: RatingAggregate | null;
  /** The local date the week's question was asked: carried-forward commitments due before it are overdue. */
  asOf: string;
  closesAt: Date;
  status: 'open' | 'closed';
  answered: number;
  expected: number;
  openCommitments: CommitmentView[];
}

export interface Member {
  personId: string;
  name: string;
}
