/** Action and form ids travel through Slack, Teams and the local page and come back to the core. */
export const ACTIONS = {
  answer: 'refleks.answer',
  newCommitment: 'refleks.new_commitment',
  commitmentDone: 'refleks.commitment_done',
  chooseTeam: 'refleks.choose_team',
  why: 'refleks.why',
  shareUpward: 'refleks.share_upward',
  nextProgramme: 'refleks.next_programme',
  commitmentAdjust: 'refleks.commitment_adjust',
  commitmentDrop: 'refleks.commitment_drop',
  commitmentSnooze: 'refleks.commitment_snooze',
  withdrawShared: 'refleks.withdraw_shared',
  openWeb: 'refleks.open_web',
  supportReply: 'refleks.support_reply',
  supportAcknowledge: 'refleks.support_ack',
  passOnToOwner: 'refleks.pass_on_to_owner',
  leaderTeamDetail: 'refleks.leader_team_detail',
  deleteMyAnswers: 'refleks.delete_my_answers',
} as const;
export const FORMS = {
  answer: 'refleks.answer',
  commitment: 'refleks.commitment',
  commitmentDone: 'refleks.commitment_done',
  chooseTeam: 'refleks.choose_team',
  shareUpward: 'refleks.share_upward',
  nextProgramme: 'refleks.next_programme',
  commitmentAdjust: 'refleks.commitment_adjust',
  commitmentDrop: 'refleks.commitment_drop',
  supportRequest: 'refleks.support_request',
  supportReply: 'refleks.support_reply',
  deleteMyAnswers: 'refleks.delete_my_answers',
} as const;

/** Where each form shows an error that concerns the whole form (a closed cycle, a failed save). */
export const FORM_FIRST_FIELD = {
  [FORMS.answer]: 'body',
  [FORMS.commitment]: 'what',
  [FORMS.commitmentDone]: 'impact',
  [FORMS.chooseTeam]: 'team',
  [FORMS.shareUpward]: 'decision',
  [FORMS.nextProgramme]: 'programme',
  [FORMS.commitmentAdjust]: 'due',
  [FORMS.commitmentDrop]: 'reason',
  [FORMS.supportRequest]: 'body',
  [FORMS.supportReply]: 'reply',
  [FORMS.deleteMyAnswers]: 'confirm',
} as const;

/** A form is about a cycle (answers, new commitments) or about one commitment (marking it done). */
export interface FormContext {
  cycleId: string;
  commitmentId?: string;
}

export function encodeFormContext(context: FormContext): string {
  return JSON.stringify(context);
}

/** Returns null for anything that is not a context we wrote: the metadata comes back from outside. */
export function decodeFormContext(raw: string): FormContext | null {
  try {
    const parsed: unknown = JSON.parse(raw);
    const context = parsed as Partial<FormContext> | null;
    if (context && typeof context === 'object' && typeof context.cycleId === 'string') {
      const { cycleId, commitmentId } = context;
      return typeof commitmentId === 'string' ? { cycleId, commitmentId } : { cycleId };
    }
  } catch {
    // fall through: not ours
  }
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids that come back from outside (button values, form metadata, links) are checked before they
 * reach a uuid column, where a malformed one would be a database error instead of a clear answer.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
