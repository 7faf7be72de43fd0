import type {
  AuthorizeResult,
  AuthorizeSourceData,
  Installation,
  InstallationQuery,
  InstallationStore,
} from '@slack/bolt';
import { asc, eq, sql } from 'drizzle-orm';
import { NotFoundError, RefleksError } from '../../src/core/errors.ts';
import type { Db } from '../../src/db/client.ts';
import { audit } from '../../src/db/repositories/events.ts';
import { slackInstallations, type WorkspaceStatus } from '../../src/db/schema/index.ts';
import type { SecretBox } from '../../src/infra/secret-box.ts';

export type { WorkspaceStatus } from '../../src/db/schema/index.ts';

/** A workspace Refleks is installed in, as the rest of Refleks needs it (never the token). */
export interface SlackWorkspace {
  teamId: string;
  teamName: string | null;
  enterpriseId: string | null;
  botUserId: string | null;
  scopes: string[];
  installedBy: string | null;
  status: WorkspaceStatus;
}

const scopeList = (scopes: string | null) => (scopes ? scopes.split(',').filter(Boolean) : []);

const ENTERPRISE_REFUSED =
  'Refleks does not support org-wide (Enterprise Grid) installs: install it in each workspace instead';

/**
 * Bolt's InstallationStore (@slack/oauth) over `slack_installations`: one row per workspace, the bot token
 * sealed with the secret box. A reinstall of a workspace updates its row and makes it active again.
 *
 * Only workspace installs are accepted. An org-wide Enterprise Grid install is refused with a
 * RefleksError('validation_failed'); a workspace install *inside* a grid is fine (its enterprise id is kept).
 * Expiring bot tokens (Slack's token rotation) are refused too: Refleks keeps long-lived bot tokens.
 */
export class SlackInstallationStore implements InstallationStore {
  constructor(
    private readonly db: Db,
    private readonly secretBox: SecretBox,
  ) {}

  async storeInstallation<AuthVersion extends 'v1' | 'v2'>(
    installation: Installation<AuthVersion, boolean>,
  ): Promise<void> {
    const teamId = installation.team?.id;
    if (installation.isEnterpriseInstall || !teamId)
      throw new RefleksError('validation_failed', ENTERPRISE_REFUSED);
    const bot = installation.bot;
    if (!bot?.token) {
      throw new RefleksError('validation_failed', `Slack gave no bot token for workspace ${teamId}`);
    }
    if (bot.refreshToken || bot.expiresAt) {
      throw new RefleksError(
        'validation_failed',
        'the Slack app has token rotation turned on; Refleks needs long-lived bot tokens (turn rotation off in the app settings)',
      );
    }
    const values = {
      teamId,
      enterpriseId: installation.enterprise?.id ?? null,
      teamName: installation.team?.name ?? null,
      botUserId: bot.userId || null,
      botTokenSealed: this.secretBox.seal(bot.token),
      installedBy: installation.user?.id || null,
      scopes: bot.scopes.join(','),
      status: 'active' as const,
    };
    await this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(slackInstallations)
        .values(values)
        .onConflictDoUpdate({
          target: slackInstallations.teamId,
          set: { ...values, updatedAt: sql`now()` },
        })
        .returning({ id: slackInstallations.id });
      await audit(tx, {
        actor: 'system',
        action: 'slack.installed',
        subjectKind: 'slack_installation',
        subjectId: row?.id ?? teamId,
        details: { teamId, installedBy: values.installedBy, scopes: values.scopes },
      });
    });
  }

  /** The active installation of a workspace, token opened. Uninstalled or revoked workspaces are not found. */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<'v2', false>> {
    if (query.isEnterpriseInstall || !query.teamId) throw new NotFoundError(ENTERPRISE_REFUSED);
    const [row] = await this.db
      .select()
      .from(slackInstallations)
      .where(eq(slackInstallations.teamId, query.teamId));
    if (!row) throw new NotFoundError(`Refleks is not installed in Slack workspace ${query.teamId}`);
    if (row.status !== 'active') {
      throw new NotFoundError(`Refleks is ${row.status} in Slack workspace ${query.teamId}`);
    }
    return {
      team: { id: row.teamId, ...(row.teamName ? { name: row.teamName } : {}) },
      enterprise: row.enterpriseId ? { id: row.enterpriseId } : undefined,
      user: { id: row.installedBy ?? '', token: undefined, scopes: undefined },
      bot: {
        token: this.secretBox.open(row.botTokenSealed),
        scopes: scopeList(row.scopes),
        // Slack's bot id (B…) is not part of oauth.v2.access and not stored; the bot *user* id is.
        id: '',
        userId: row.botUserId ?? '',
      },
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
    };
  }

  /** Forgets the workspace entirely (row and sealed token). To keep the record, use markWorkspace. */
  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    if (!query.teamId) return;
    await this.db.transaction(async (tx) => {
      const gone = await tx
        .delete(slackInstallations)
        .where(eq(slackInstallations.teamId, query.teamId!))
        .returning({ id: slackInstallations.id });
      if (gone[0]) {
        await audit(tx, {
          actor: 'system',
          action: 'slack.installation_deleted',
          subjectKind: 'slack_installation',
          subjectId: gone[0].id,
          details: { teamId: query.teamId },
        });
      }
    });
  }

  /**
   * For Bolt's `authorize` option (an App with a custom receiver and many workspaces):
   * `new App({ authorize: store.authorize, receiver, ... })`.
   */
  readonly authorize = async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    const installation = await this.fetchInstallation({
      teamId: source.teamId,
      enterpriseId: source.enterpriseId,
      isEnterpriseInstall: source.isEnterpriseInstall,
    } as InstallationQuery<boolean>);
    return {
      botToken: installation.bot!.token,
      botUserId: installation.bot!.userId || undefined,
      teamId: installation.team.id,
      enterpriseId: installation.enterprise?.id,
    };
  };
}

/**
 * Records what happened to a workspace (`app_uninstalled` → 'uninstalled', `tokens_revoked` → 'revoked',
 * a reinstall goes through storeInstallation). The row and sealed token stay. False if no such workspace.
 */
export async function markWorkspace(db: Db, teamId: string, status: WorkspaceStatus): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ id: slackInstallations.id, status: slackInstallations.status })
      .from(slackInstallations)
      .where(eq(slackInstallations.teamId, teamId))
      .for('update');
    if (!before) return false;
    if (before.status === status) return true;
    await tx
      .update(slackInstallations)
      .set({ status, updatedAt: sql`now()` })
      .where(eq(slackInstallations.id, before.id));
    await audit(tx, {
      actor: 'system',
      action: 'slack.workspace_status',
      subjectKind: 'slack_installation',
      subjectId: before.id,
      details: { teamId, from: before.status, to: status },
    });
    return true;
  });
}

/** The workspaces Refleks is installed and active in, by team id. */
export async function activeWorkspaces(db: Db): Promise<SlackWorkspace[]> {
  const rows = await db
    .select()
    .from(slackInstallations)
    .where(eq(slackInstallations.status, 'active'))
    .orderBy(asc(slackInstallations.teamId));
  return rows.map((row) => ({
    teamId: row.teamId,
    teamName: row.teamName,
    enterpriseId: row.enterpriseId,
    botUserId: row.botUserId,
    scopes: scopeList(row.scopes),
    installedBy: row.installedBy,
    status: row.status,
  }));
}

/**
 * Key rotation (`refleks rotate-key`): every workspace's bot token opened (with the current key or a
 * previous one) and sealed again with the current key, in the caller's transaction. Counts only.
 */
export async function resealBotTokens(
  db: Db,
  secretBox: SecretBox,
): Promise<{ resealed: number; fromPreviousKey: number }> {
  const rows = await db
    .select({ id: slackInstallations.id, sealed: slackInstallations.botTokenSealed })
    .from(slackInstallations)
    .for('update');
  let fromPreviousKey = 0;
  for (const row of rows) {
    if (!secretBox.opensWithCurrentKey(row.sealed)) fromPreviousKey++;
    await db
      .update(slackInstallations)
      .set({ botTokenSealed: secretBox.seal(secretBox.open(row.sealed)) })
      .where(eq(slackInstallations.id, row.id));
  }
  return { resealed: rows.length, fromPreviousKey };
}
