import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { RefleksError } from '../../src/core/errors.ts';
import { t } from '../../src/core/i18n/index.ts';
import type { Locale } from '../../src/core/locale.ts';
import { MAKE_COMMITMENT_COMMAND } from './message-action.ts';

/**
 * The Microsoft Teams app package for `refleks teams-package`: a zip with `manifest.json`,
 * `color.png` (192×192) and `outline.png` (32×32, white on transparent) at its root, ready to
 * upload in the Teams admin center. What people see in Teams is in the school's language.
 */

export const TEAMS_MANIFEST_VERSION = '1.17';
const SCHEMA_URL = `https://developer.microsoft.com/json-schemas/teams/v${TEAMS_MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
const ACCENT = '#3F0E40';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const httpsUrl = z
  .string()
  .max(2048)
  .regex(/^https:\/\//i, 'must be an https:// URL');
const command = z.object({ title: z.string().min(1).max(32), description: z.string().min(1).max(128) });
const scope = z.enum(['team', 'personal', 'groupChat']);

/**
 * The parts of the Teams manifest schema v1.17 that Refleks uses, with Microsoft's limits. The real
 * JSON schema (at `$schema`) is not available offline, so this is a hand-written subset of it:
 * Teams itself validates the whole manifest again on upload.
 */
export const teamsManifestSchema = z.object({
  $schema: z.literal(SCHEMA_URL),
  manifestVersion: z.literal(TEAMS_MANIFEST_VERSION),
  // Teams accepts only MAJOR.MINOR.PATCH (no pre-release or build part).
  version: z
    .string()
    .max(256)
    .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be MAJOR.MINOR.PATCH'),
  id: z.string().regex(GUID, 'must be a GUID'),
  developer: z.object({
    name: z.string().min(1).max(32),
    websiteUrl: httpsUrl,
    privacyUrl: httpsUrl,
    termsOfUseUrl: httpsUrl,
  }),
  name: z.object({ short: z.string().min(1).max(30), full: z.string().min(1).max(100) }),
  description: z.object({ short: z.string().min(1).max(80), full: z.string().min(1).max(4000) }),
  icons: z.object({ color: z.literal('color.png'), outline: z.literal('outline.png') }),
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a #RRGGBB colour'),
  bots: z
    .array(
      z.object({
        botId: z.string().min(1).max(64),
        scopes: z.array(scope).min(1),
        supportsFiles: z.boolean(),
        isNotificationOnly: z.boolean(),
        commandLists: z
          .array(z.object({ scopes: z.array(scope).min(1), commands: z.array(command).min(1).max(10) }))
          .max(3),
      }),
    )
    .length(1),
  composeExtensions: z
    .array(
      z.object({
        botId: z.string().min(1).max(64),
        commands: z
          .array(
            z.object({
              id: z.string().min(1).max(64),
              type: z.literal('action'),
              title: z.string().min(1).max(32),
              description: z.string().max(128),
              context: z.array(z.enum(['message', 'compose', 'commandBox'])).min(1),
              fetchTask: z.boolean(),
            }),
          )
          .min(1)
          .max(10),
      }),
    )
    .max(1),
  permissions: z.array(z.enum(['identity', 'messageTeamMembers'])),
  validDomains: z
    .array(
      z
        .string()
        .min(1)
        .max(2048)
        .regex(/^[^/:]+(:\d+)?$/, 'a host, no scheme or path'),
    )
    .max(16),
});

export type TeamsManifest = z.infer<typeof teamsManifestSchema>;

export interface TeamsAppOptions {
  /** MICROSOFT_APP_ID: the app id of the Azure Bot that Refleks runs as. */
  appId: string | undefined;
  /** PUBLIC_URL: the HTTPS address Teams reaches Refleks at. */
  publicUrl: string | undefined;
  locale?: Locale;
  /** MAJOR.MINOR.PATCH; defaults to package.json's version. Raise it to update an uploaded app. */
  version?: string;
}

/** Any fixed namespace will do, as long as it never changes: the same bot must keep the same app id. */
const REFLEKS_NAMESPACE = 'd3a59c79-8c73-49e6-a0ad-aee96a97447d';

/** The Teams app id: the bot's app id if it is a GUID (the usual case), else a UUID v5 derived from it. */
export function teamsAppId(microsoftAppId: string): string {
  if (GUID.test(microsoftAppId)) return microsoftAppId.toLowerCase();
  const hash = createHash('sha1')
    .update(Buffer.from(REFLEKS_NAMESPACE.replaceAll('-', ''), 'hex'))
    .update(microsoftAppId)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function required(options: TeamsAppOptions): { appId: string; base: URL } {
  const appId = options.appId?.trim();
  if (!appId)
    throw new RefleksError(
      'validation_failed',
      'set MICROSOFT_APP_ID to the app id of the Azure Bot Refleks runs as: the Teams app package names it',
    );
  const publicUrl = options.publicUrl?.trim();
  if (!publicUrl)
    throw new RefleksError(
      'validation_failed',
      'set PUBLIC_URL to the HTTPS address Teams can reach Refleks at',
    );
  if (!URL.canParse(publicUrl) || new URL(publicUrl).protocol !== 'https:')
    throw new RefleksError(
      'validation_failed',
      'PUBLIC_URL must be an https:// address: Teams accepts no other',
    );
  return { appId, base: new URL(publicUrl.replace(/\/*$/, '/')) };
}

/** The manifest, checked against `teamsManifestSchema`; a RefleksError lists what is wrong. */
export function teamsManifest(options: TeamsAppOptions): TeamsManifest {
  const { appId, base } = required(options);
  const locale = options.locale ?? 'nb';
  const verbs = [
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
  ] as const;
  const commands = verbs.map((verb) => ({
    title: verb,
    description: t(locale, `teams.app.command.${verb}`),
  }));
  const manifest = {
    $schema: SCHEMA_URL,
    manifestVersion: TEAMS_MANIFEST_VERSION,
    version: options.version ?? packageJson.version,
    id: teamsAppId(appId),
    developer: {
      name: 'Refleks',
      websiteUrl: base.href,
      privacyUrl: new URL('privacy', base).href,
      termsOfUseUrl: new URL('terms', base).href,
    },
    name: { short: 'Refleks', full: t(locale, 'teams.app.name.full') },
    description: {
      short: t(locale, 'teams.app.description.short'),
      full: t(locale, 'teams.app.description.full'),
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: ACCENT,
    bots: [
      {
        botId: appId,
        scopes: ['team', 'personal', 'groupChat'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: ['team', 'personal'], commands }],
      },
    ],
    // "Make this a commitment" on any message, like Slack's message shortcut.
    composeExtensions: [
      {
        botId: appId,
        commands: [
          {
            id: MAKE_COMMITMENT_COMMAND,
            type: 'action',
            title: t(locale, 'slack.shortcut.makeCommitment').slice(0, 32),
            description: t(locale, 'slack.shortcut.description'),
            context: ['message'],
            fetchTask: true,
          },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [base.host],
  };
  const checked = teamsManifestSchema.safeParse(manifest);
  if (!checked.success)
    throw new RefleksError(
      'validation_failed',
      `the Teams manifest is not valid:\n${checked.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return checked.data;
}

/** The zip to upload. Entries carry a fixed date, so the same input gives the same bytes. */
export function teamsAppPackage(options: TeamsAppOptions): Uint8Array {
  const manifest = teamsManifest(options);
  return zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': colorIcon(),
      'outline.png': outlineIcon(),
    },
    { level: 9, mtime: new Date(2024, 0, 1) },
  );
}

// --- Icons: a minimal PNG encoder (8-bit RGBA, no interlace) and a drawn "R" -----------------------

type Rgba = readonly [r: number, g: number, b: number, a: number];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** length, type, data, CRC32 of type and data. */
function pngChunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter method 0, no interlace
  const stride = 1 + width * 4;
  const raw = Buffer.alloc(stride * height); // each row: filter byte 0 (none), then RGBA pixels
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * stride + 1 + x * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** How far (u, v) is from the segment (u1, v1)–(u2, v2). */
function distanceToSegment(u: number, v: number, u1: number, v1: number, u2: number, v2: number): number {
  const du = u2 - u1;
  const dv = v2 - v1;
  const s = Math.max(0, Math.min(1, ((u - u1) * du + (v - v1) * dv) / (du * du + dv * dv)));
  return Math.hypot(u - (u1 + s * du), v - (v1 + s * dv));
}

/** A blocky "R" in the unit square: a stem, a bowl with a hole, and a diagonal leg. */
function inR(u: number, v: number): boolean {
  if (u < 0 || u > 1 || v < 0 || v > 1) return false;
  const stem = u <= 0.26;
  const fromBowl = Math.hypot(u - 0.6, v - 0.275);
  const bowl = v <= 0.55 && (u <= 0.6 || fromBowl <= 0.275);
  const hole = v >= 0.19 && v <= 0.36 && (u <= 0.6 ? u >= 0.26 : fromBowl <= 0.085);
  const leg = v >= 0.5 && distanceToSegment(u, v, 0.45, 0.5, 0.88, 1) <= 0.13;
  return stem || (bowl && !hole) || leg;
}

/** Whether pixel (x, y) of a glyph drawn in the box at (left, top) of the given size is ink. */
function ink(x: number, y: number, left: number, top: number, width: number, height: number): boolean {
  return inR((x + 0.5 - left) / width, (y + 0.5 - top) / height);
}

const PURPLE: Rgba = [0x3f, 0x0e, 0x40, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** 192×192: a purple rounded square with a white "R" inside Teams' 120×120 safe area. */
export function colorIcon(): Uint8Array {
  const size = 192;
  const radius = 36;
  return encodePng(size, size, (x, y) => {
    const cx = Math.min(Math.max(x + 0.5, radius), size - radius);
    const cy = Math.min(Math.max(y + 0.5, radius), size - radius);
    if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) > radius) return CLEAR;
    return ink(x, y, 60, 48, 72, 96) ? WHITE : PURPLE;
  });
}

/** 32×32: the same "R" in white on transparent, as Teams requires of the outline icon. */
export function outlineIcon(): Uint8Array {
  return encodePng(32, 32, (x, y) => (ink(x, y, 7, 4, 18, 24) ? WHITE : CLEAR));
}
