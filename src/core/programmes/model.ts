import type { Localized } from '../locale.ts';

/** How a team answers a step: free text, a 1–5 rating, or an "if–then" commitment. */
export type StepKind = 'text' | 'rating' | 'commitment';

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
