import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';

export type WorkspaceStatus = 'active' | 'uninstalled' | 'revoked';

/**
 * One row per Slack workspace Refleks is installed in (OAuth, many workspaces). The bot token is stored
 * only sealed (src/infra/secret-box.ts, key from REFLEKS_ENCRYPTION_KEY); a reinstall updates the row.
 */
export const slackInstallations = pgTable('slack_installations', {
  id: id(),
  teamId: text('team_id').notNull().unique(),
  enterpriseId: text('enterprise_id'),
  teamName: text('team_name'),
  botUserId: text('bot_user_id'),
  botTokenSealed: text('bot_token_sealed').notNull(),
  installedBy: text('installed_by'),
  /** Comma-separated, as Slack reports them. */
  scopes: text('scopes'),
  status: text('status').$type<WorkspaceStatus>().notNull().default('active'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
