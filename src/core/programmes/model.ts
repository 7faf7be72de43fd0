import type { Localized } from '../locale.ts';

/**
 * How a team answers a step: free text; a 1–5 rating with an optional comment (shown only as an
 * aggregate); an "if–then" commitment; or the team lead's decision on what, if anything, to share
 * with leadership.
 */
export type StepKind = 'text' | 'rating' | 'commitment' | 'share_upward';

/** One weekly question in a programme. */
export interface ProgrammeStep {
  /** Stable key, e.g. 'p1-w1'. */
  key: string;
  kind: StepKind;
  question: Localized;
}

/** A sequence of weekly questions for a team, one step per school week. */
export interface Programme {
  key: string;
  version: number;
  title: Localized;
  summary: Localized;
  /** "Why this question": one or two sentences naming the framework behind the questions. */
  why: Localized;
  /** Who answers: a teacher team (the default) or a leadership team (P7). */
  audience: 'team' | 'leadership';
  /** A loop a team may run again and again (P3's four questions per unit). */
  repeatable: boolean;
  steps: ProgrammeStep[];
}

/** The step at a zero-based index, or undefined when the index is outside the programme. */
export function stepAt(programme: Programme, index: number): ProgrammeStep | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  return programme.steps[index];
}

/** Whether the zero-based index is the programme's final step. */
export function isLastStep(programme: Programme, index: number): boolean {
  return programme.steps.length > 0 && index === programme.steps.length - 1;
}
