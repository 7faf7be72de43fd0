import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  type TeamsAppOptions,
  teamsAppId,
  teamsAppPackage,
  teamsManifest,
  teamsManifestSchema,
} from '../../adapters/teams/app-package.ts';
import { RefleksError } from '../../src/core/errors.ts';

const APP_ID = '00000000-0000-0000-0000-000000000001';
const options: TeamsAppOptions = { appId: APP_ID, publicUrl: 'https://refleks.example/', locale: 'nb' };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngInfo(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    signature: [...bytes.subarray(0, 8)],
    firstChunk: strFromU8(bytes.subarray(12, 16)),
    width: view.getUint32(16),
    height: view.getUint32(20),
    colourType: bytes[25],
  };
}

describe('Teams app package', () => {
  it('is a zip with the manifest and both icons at its root', () => {
    const files = unzipSync(teamsAppPackage(options));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const color = pngInfo(files['color.png']!);
    expect(color).toMatchObject({ signature: PNG_SIGNATURE, firstChunk: 'IHDR', width: 192, height: 192 });
    const outline = pngInfo(files['outline.png']!);
    expect(outline).toMatchObject({ signature: PNG_SIGNATURE, firstChunk: 'IHDR', width: 32, height: 32 });
    expect(outline.colourType).toBe(6); // RGBA: the outline needs transparency

    const manifest = JSON.parse(strFromU8(files['manifest.json']!));
    expect(teamsManifestSchema.safeParse(manifest).success).toBe(true);
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(['refleks.example']);
    expect(manifest.developer.websiteUrl).toBe('https://refleks.example/');
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual([
      'help',
      'status',
      'overview',
      'commitments',
      'commit',
      'programme',
      'pause',
      'resume',
      'language',
      'my-data',
    ]);
    // "Make this a commitment" on any message, as a message action that opens a dialog.
    expect(manifest.composeExtensions).toEqual([
      {
        botId: APP_ID,
        commands: [
          expect.objectContaining({
            id: 'makeCommitment',
            type: 'action',
            context: ['message'],
            fetchTask: true,
          }),
        ],
      },
    ]);
  });

  it('gives the same bytes for the same input', () => {
    expect(Buffer.from(teamsAppPackage(options)).equals(Buffer.from(teamsAppPackage(options)))).toBe(true);
  });

  it('derives a stable GUID when the bot app id is not one', () => {
    const id = teamsAppId('refleks-bot');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(teamsAppId('refleks-bot')).toBe(id);
    expect(teamsAppId('other-bot')).not.toBe(id);
    expect(teamsManifest({ ...options, appId: 'refleks-bot' })).toMatchObject({
      id,
      bots: [{ botId: 'refleks-bot' }],
    });
  });

  it('says clearly what is missing', () => {
    expect(() => teamsAppPackage({ ...options, publicUrl: undefined })).toThrow(RefleksError);
    expect(() => teamsAppPackage({ ...options, publicUrl: ' ' })).toThrow(/set PUBLIC_URL/);
    expect(() => teamsAppPackage({ ...options, appId: '' })).toThrow(/set MICROSOFT_APP_ID/);
    expect(() => teamsAppPackage({ ...options, publicUrl: 'http://refleks.example' })).toThrow(/https:\/\//);
    expect(() => teamsManifest({ ...options, version: '1.0.0-beta' })).toThrow(/version: must be MAJOR/);
  });

  it('speaks the chosen language, within Teams’ limits', () => {
    const nb = teamsManifest(options);
    const en = teamsManifest({ ...options, locale: 'en' });
    const nn = teamsManifest({ ...options, locale: 'nn' });
    expect(en.description.short).not.toBe(nb.description.short);
    expect(en.description.full).not.toBe(nb.description.full);
    expect(nn.description.full).not.toBe(nb.description.full);
    for (const manifest of [nb, nn, en]) {
      expect(manifest.description.short.length).toBeLessThanOrEqual(80);
      expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    }
  });
});
