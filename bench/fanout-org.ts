import type { Installation } from '@slack/bolt';
import { SlackInstallationStore } from '../adapters/slack/installation-store.ts';
import { saveReference } from '../adapters/teams/references.ts';
import type { LoadedOrg } from '../src/app/org/index.ts';
import { buildOsloOrg } from '../src/app/seed/oslo-org.ts';
import type { Db } from '../src/db/client.ts';
import { createSecretBox } from '../src/infra/secret-box.ts';

/** For the many-workspace case: Slack OAuth keeps each workspace's token sealed with this key. */
export const BENCH_ENCRYPTION_KEY = 'bench-encryption-key-of-at-least-32-chars';

/**
 * The Oslo organisation (src/app/seed/oslo-org.ts: 184 schools, ~2,000 teams, ~15,000 people) bound
 * to a platform: every team to a channel of its own, every person to a user id. `perSchool` gives
 * each school its own Slack workspace or Teams tenant; otherwise the whole municipality is one.
 */
export type BenchPlatform = 'slack' | 'teams';

export interface FanoutOrg {
  org: LoadedOrg;
  /** Team key → the workspace or tenant its channel is in. */
  tenantOfTeam: Map<string, string>;
  /** Team key → channel (Slack) or conversation (Teams) id. */
  channelOfTeam: Map<string, string>;
  /** Every workspace or tenant, in school order. */
  tenants: string[];
}

const pad = (n: number) => String(n).padStart(5, '0');

export function fanoutOrg(platform: BenchPlatform, perSchool: boolean, scale = 1): FanoutOrg {
  const { org } = buildOsloOrg(scale);
  const tenantOfSchool = new Map<string, string>();
  for (const [i, school] of org.schools.entries()) {
    const n = perSchool ? i + 1 : 0;
    tenantOfSchool.set(
      school.key,
      platform === 'slack' ? `TOSLO${pad(n)}` : `00000000-0000-0000-0000-oslo${pad(n)}tnt`,
    );
  }
  // Every fourth school has its teams' reminders sent by DM, the others in the prompt's thread: a
  // municipality where some schools chose each (DM is the default; the thread names nobody).
  const dmSchools = new Set(org.schools.filter((_, i) => i % 4 === 0).map((school) => school.key));
  const tenantOfTeam = new Map<string, string>();
  const channelOfTeam = new Map<string, string>();
  const teams = org.teams.map((original, i) => {
    const via = dmSchools.has(original.school) ? ('dm' as const) : ('thread' as const);
    const team = { ...original, reminders: { ...original.reminders, via } };
    const tenant = tenantOfSchool.get(team.school) as string;
    tenantOfTeam.set(team.key, tenant);
    if (platform === 'slack') {
      const channel = `C${pad(i + 1)}`;
      channelOfTeam.set(team.key, channel);
      return { ...team, slack: { team_id: tenant, channel_id: channel } };
    }
    const conversation = `19:bench${pad(i + 1)}@thread.tacv2`;
    channelOfTeam.set(team.key, conversation);
    return { ...team, teams: { conversation_id: conversation, tenant_id: tenant } };
  });
  const teamSchool = new Map(org.teams.map((t) => [t.key, t.school]));
  const people = org.people.map((person, i) => {
    // A person's workspace or tenant is that of the school their first role is in.
    const role = person.roles[0];
    const school =
      role && 'team' in role
        ? teamSchool.get(role.team)
        : role && 'school' in role
          ? role.school
          : role && 'teams' in role && role.teams
            ? teamSchool.get(role.teams[0] as string)
            : org.schools[0]?.key;
    const tenant = tenantOfSchool.get(school as string) as string;
    return platform === 'slack'
      ? { ...person, slack: { team_id: tenant, user_id: `U${pad(i + 1)}` } }
      : { ...person, teams: { aad_object_id: `aad-${pad(i + 1)}`, tenant_id: tenant } };
  });
  return {
    org: { ...org, teams, people },
    tenantOfTeam,
    channelOfTeam,
    tenants: [...new Set(tenantOfSchool.values())],
  };
}

/**
 * Teams can post to a channel only where the app was added: that install (a conversationUpdate)
 * stores the conversation's reference. Stored here as the install would, for every channel.
 */
export async function installTeamsChannels(db: Db, bound: FanoutOrg, serviceUrl: string): Promise<void> {
  for (const [team, conversationId] of bound.channelOfTeam) {
    const tenantId = bound.tenantOfTeam.get(team) as string;
    await saveReference(db, {
      conversationId,
      tenantId,
      kind: 'channel',
      reference: {
        serviceUrl,
        channelId: 'msteams',
        bot: { id: '28:refleks-bench', name: 'Refleks' },
        conversation: {
          id: conversationId,
          isGroup: true,
          conversationType: 'channel',
          tenantId,
          name: team,
        },
      },
    });
  }
}

/**
 * Slack with a workspace per school is Refleks' OAuth mode: each school installed the app, and its
 * token is in the installation store. Stored here as each install would, one token per workspace.
 */
export async function installSlackWorkspaces(db: Db, bound: FanoutOrg): Promise<void> {
  const store = new SlackInstallationStore(db, createSecretBox(BENCH_ENCRYPTION_KEY));
  for (const teamId of bound.tenants) {
    await store.storeInstallation({
      team: { id: teamId, name: teamId },
      enterprise: undefined,
      isEnterpriseInstall: false,
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot: { id: 'B0BENCH', userId: 'U0BENCHBOT', token: `xoxb-${teamId}`, scopes: ['chat:write'] },
    } as Installation<'v2', false>);
  }
}
