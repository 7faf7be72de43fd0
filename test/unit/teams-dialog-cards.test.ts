import { describe, expect, it } from 'vitest';
import {
  cardToAdaptive,
  formErrorsToAdaptive,
  formToAdaptive,
  submittedForm,
  submittedToValues,
  taskModuleContinue,
  taskModuleMessage,
} from '../../adapters/teams/adaptive-cards.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Card, Form } from '../../src/core/ui/model.ts';

/** The neutral forms as Teams dialogs (task modules) and their submissions. */

const card = (blocks: Card['blocks'], fallbackText = 'fallback'): Card => ({ fallbackText, blocks });

const form: Form = {
  formId: 'commitment',
  title: 'Ny forpliktelse',
  submitLabel: 'Lagre',
  cancelLabel: 'Avbryt',
  privateMetadata: '{"cycle":"c1"}',
  inputs: [
    {
      type: 'text',
      id: 'what',
      label: 'Hva',
      required: true,
      multiline: true,
      maxLength: 1000,
      initial: 'Start',
    },
    {
      type: 'select',
      id: 'owners',
      label: 'Hvem',
      multiple: true,
      options: [
        { value: 'team', label: 'Hele teamet' },
        { value: 'u1', label: 'Kari' },
        { value: 'u2', label: 'Ola' },
      ],
      initial: ['u1', 'u2'],
    },
    {
      type: 'select',
      id: 'week',
      label: 'Uke',
      options: Array.from({ length: 6 }, (_, i) => ({ value: `w${i}`, label: `Uke ${i}` })),
    },
    { type: 'date', id: 'due', label: 'Frist', initial: '2025-03-14', hint: 'Valgfritt' },
  ],
};

describe('forms as dialogs', () => {
  it('makes a dialog card with the right inputs and a Submit carrying formId and privateMetadata', () => {
    const adaptive = formToAdaptive(form);
    expect(adaptive.version).toBe('1.5');
    expect(adaptive.body).toEqual([
      {
        type: 'Input.Text',
        id: 'what',
        label: 'Hva',
        isRequired: true,
        errorMessage: 'Hva',
        isMultiline: true,
        maxLength: 1000,
        value: 'Start',
      },
      {
        type: 'Input.ChoiceSet',
        id: 'owners',
        label: 'Hvem',
        choices: [
          { title: 'Hele teamet', value: 'team' },
          { title: 'Kari', value: 'u1' },
          { title: 'Ola', value: 'u2' },
        ],
        isMultiSelect: true,
        style: 'expanded',
        value: 'u1,u2',
      },
      expect.objectContaining({
        type: 'Input.ChoiceSet',
        id: 'week',
        isMultiSelect: false,
        style: 'compact',
      }),
      { type: 'Input.Date', id: 'due', label: 'Frist', value: '2025-03-14' },
      { type: 'TextBlock', text: 'Valgfritt', wrap: true, isSubtle: true, size: 'Small', spacing: 'None' },
    ]);
    expect(adaptive.body[2]).not.toHaveProperty('value');
    expect(adaptive.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Lagre',
        style: 'positive',
        data: { formId: 'commitment', privateMetadata: '{"cycle":"c1"}', spec: JSON.stringify(form) },
      },
    ]);
    // What the button carries back is enough to draw the same form again, with its errors.
    expect(submittedForm((adaptive.actions![0] as { data: Record<string, unknown> }).data)).toEqual(form);
    expect(submittedForm({ formId: 'x', privateMetadata: '', spec: 'not json' })).toBeNull();
  });

  it('makes the larger forms open as a dialog (task/fetch) and leaves other buttons as Universal Actions', () => {
    const adaptive = cardToAdaptive(
      card([
        { type: 'text', text: 'Uke 48' },
        {
          type: 'buttons',
          buttons: [
            { actionId: ACTIONS.answer, label: 'Svar', value: 'c1', style: 'primary' },
            { actionId: ACTIONS.newCommitment, label: 'Ny forpliktelse', value: 'c1' },
            { actionId: ACTIONS.commitmentDone, label: 'Ferdig', value: 'k1' },
          ],
        },
      ]),
    );
    expect(adaptive.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Svar',
        verb: ACTIONS.answer,
        data: { value: 'c1' },
        style: 'positive',
      },
      {
        type: 'Action.Submit',
        title: 'Ny forpliktelse',
        data: { msteams: { type: 'task/fetch' }, verb: ACTIONS.newCommitment, value: 'c1' },
      },
      {
        type: 'Action.Submit',
        title: 'Ferdig',
        data: { msteams: { type: 'task/fetch' }, verb: ACTIONS.commitmentDone, value: 'k1' },
      },
    ]);
  });

  it('opens and closes dialogs with task module responses', () => {
    expect(taskModuleContinue(form)).toEqual({
      task: {
        type: 'continue',
        value: {
          title: 'Ny forpliktelse',
          card: { contentType: 'application/vnd.microsoft.card.adaptive', content: formToAdaptive(form) },
        },
      },
    });
    expect(taskModuleMessage('Lagret')).toEqual({ task: { type: 'message', value: 'Lagret' } });
  });

  it('drops a malformed initial date and refuses reserved or comma-holding ids', () => {
    const bad: Form = {
      ...form,
      inputs: [{ type: 'date', id: 'due', label: 'Frist', initial: '14.03.2025' }],
    };
    expect(formToAdaptive(bad).body[0]).not.toHaveProperty('value');
    expect(() => formToAdaptive({ ...form, inputs: [{ type: 'text', id: 'formId', label: 'x' }] })).toThrow(
      /reserved/,
    );
    const comma: Form = {
      ...form,
      inputs: [
        { type: 'select', id: 's', label: 's', multiple: true, options: [{ value: 'a,b', label: 'AB' }] },
      ],
    };
    expect(() => formToAdaptive(comma)).toThrow(/comma/);
  });

  it('round-trips submitted data: a comma-joined multi-select becomes an array', () => {
    const data = {
      what: 'Exit tickets',
      owners: 'u1,team',
      week: 'w3',
      due: '2025-04-01',
      formId: 'commitment',
      privateMetadata: '{"cycle":"c1"}',
      msteams: { type: 'task/submit' },
    };
    expect(submittedToValues(data, form)).toEqual({
      what: 'Exit tickets',
      owners: ['u1', 'team'],
      week: 'w3',
      due: '2025-04-01',
    });
    expect(submittedToValues({ ...data, owners: '' }, form).owners).toEqual([]);
    expect(submittedToValues({ formId: 'commitment' }, form)).toEqual({
      what: '',
      owners: [],
      week: '',
      due: '',
    });
    // Without the form nothing says which strings are lists: they are passed on as they are.
    expect(submittedToValues(data)).toEqual({
      what: 'Exit tickets',
      owners: 'u1,team',
      week: 'w3',
      due: '2025-04-01',
    });
  });

  it('re-shows errors right after their input, keeping what was typed', () => {
    const values = submittedToValues({ what: '  ', owners: 'u2', week: 'w5', due: '2025-05-01' }, form);
    const adaptive = formErrorsToAdaptive(form, values, {
      what: 'Dette feltet må fylles ut.',
      due: 'Fristen er passert',
      _form: 'Noe gikk galt [her](http://x)',
    });
    const summary = adaptive.body.map((element) =>
      element.type === 'TextBlock'
        ? `text:${element.text}`
        : `${element.type}:${'id' in element ? element.id : ''}=${('value' in element && element.value) || ''}`,
    );
    expect(summary).toEqual([
      'text:Noe gikk galt \\[her\\](http://x)',
      'Input.Text:what=  ',
      'text:Dette feltet må fylles ut.',
      'Input.ChoiceSet:owners=u2',
      'Input.ChoiceSet:week=w5',
      'Input.Date:due=2025-05-01',
      'text:Fristen er passert',
      'text:Valgfritt',
    ]);
    expect(adaptive.body[2]).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(adaptive.body[6]).toMatchObject({ type: 'TextBlock', color: 'Attention', spacing: 'None' });
    expect(adaptive.actions).toEqual(formToAdaptive(form).actions);
    // The re-shown card goes back to Teams as the answer to task/submit.
    expect(
      taskModuleContinue(form, { values, errors: { what: 'x' } }).task.value.card.content.body[1],
    ).toMatchObject({
      type: 'TextBlock',
      text: 'x',
      color: 'Attention',
    });
  });
});
