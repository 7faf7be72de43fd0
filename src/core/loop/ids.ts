/** Action and form ids travel through Slack, Teams and the local page and come back to the core. */
export const ACTIONS = { answer: 'refleks.answer', newCommitment: 'refleks.new_commitment' } as const;
export const FORMS = { answer: 'refleks.answer', commitment: 'refleks.commitment' } as const;

/** Where each form shows an error that concerns the whole form (a closed cycle, a failed save). */
export const FORM_FIRST_FIELD = { [FORMS.answer]: 'body', [FORMS.commitment]: 'what' } as const;

export interface FormContext {
  cycleId: string;
}

export function encodeFormContext(context: FormContext): string {
  return JSON.stringify(context);
}

/** Returns null for anything that is not a context we wrote: the metadata comes back from outside. */
export function decodeFormContext(raw: string): FormContext | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && typeof (parsed as FormContext).cycleId === 'string') {
      return { cycleId: (parsed as FormContext).cycleId };
    }
  } catch {
    // fall through: not ours
  }
  return null;
}
