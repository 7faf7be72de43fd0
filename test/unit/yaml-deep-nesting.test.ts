import { describe, expect, it } from 'vitest';
import { OrgFileError } from '../../src/app/org/errors.ts';
import { parseYamlText } from '../../src/app/org/parse.ts';
import { programmeFileSchema } from '../../src/app/programmes/schema.ts';

describe('a YAML file nested thousands of lists deep', () => {
  it('is refused with a file error naming the file, not a stack overflow', () => {
    // As the fuzz test found it: a key that is a list nested thousands deep, in a programme file.
    const text = `${'- '.repeat(3_000)}: ${'- '.repeat(3_000)}\r\nkey: x\r\n`;
    let thrown: unknown;
    try {
      parseYamlText(text, 'deep.yaml', programmeFileSchema);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OrgFileError);
    expect(String((thrown as Error).message)).toContain('deep.yaml');
  });
});
