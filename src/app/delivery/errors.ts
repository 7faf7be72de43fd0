import { RefleksError } from '../../core/errors.ts';

/** The message depends on one that is not sent yet (a thread reply before its prompt): try again soon. */
export class NotReadyError extends RefleksError {
  constructor(message: string) {
    super('not_found', message);
  }
}
