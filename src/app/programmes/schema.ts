import { z } from 'zod';
import { builtinProgrammes, type Programme } from '../../core/programmes/index.ts';
import { keySchema } from '../org/schema.ts';

const LANGUAGE = { nb: 'bokmål (nb)', nn: 'nynorsk (nn)', en: 'English (en)' } as const;

/** One text in each language: a missing one is named, since every question must exist in all three. */
const text = (locale: keyof typeof LANGUAGE) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? `missing the ${LANGUAGE[locale]} text` : 'expected text',
    })
    .trim()
    .min(1, { error: `the ${LANGUAGE[locale]} text is empty` });

const localizedSchema = z.strictObject({ nb: text('nb'), nn: text('nn'), en: text('en') });

const stepSchema = z.strictObject({
  key: keySchema,
  kind: z
    .enum(['text', 'rating', 'commitment', 'share_upward'], {
      error: 'expected text, rating, commitment or share_upward',
    })
    .default('text'),
  question: localizedSchema,
});

/**
 * A programme a school owner writes (programmes/*.yaml), listed in org.yaml. Refleks numbers its
 * versions itself: applying a changed file adds a version, and runs already under way keep theirs.
 */
export const programmeFileSchema = z
  .strictObject({
    key: keySchema.refine((key) => !builtinProgrammes.has(key), {
      error: 'this key belongs to a built-in programme; choose another',
    }),
    title: localizedSchema,
    summary: localizedSchema,
    why: localizedSchema,
    audience: z.enum(['team', 'leadership'], { error: 'expected team or leadership' }).default('team'),
    repeatable: z.boolean({ error: 'expected true or false' }).default(false),
    steps: z
      .array(stepSchema, { error: 'expected a list of steps' })
      .min(1, { error: 'add at least one step' }),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.steps.forEach((step, i) => {
      if (seen.has(step.key))
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'key'],
          message: `step key "${step.key}" is used twice`,
        });
      seen.add(step.key);
    });
  });

export type ProgrammeFile = z.output<typeof programmeFileSchema>;

/** The core's Programme; `version` is set when the file is stored (1 until then). */
export function toProgramme(file: ProgrammeFile, version = 1): Programme {
  return {
    key: file.key,
    version,
    title: file.title,
    summary: file.summary,
    why: file.why,
    audience: file.audience,
    repeatable: file.repeatable,
    steps: file.steps.map((step) => ({ key: step.key, kind: step.kind, question: step.question })),
  };
}
