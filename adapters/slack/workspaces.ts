import { webApi } from '@slack/bolt';
import { NotFoundError, PermanentDeliveryError } from '../../src/core/errors.ts';
import type { SlackInstallationStore } from './installation-store.ts';

type WebClient = webApi.WebClient;

/** Which Web API client speaks for a workspace: one fixed token, or the installation store's. */
export interface SlackWorkspaces {
  /** Throws PermanentDeliveryError (unreachable: installation) where Refleks is not installed. */
  clientFor(teamId: string): Promise<WebClient>;
}

/**
 * Retries are the outbox's job (it knows what was sent); the Web API client must not retry on its own
 * or wait out a 429 for minutes: it reports the 429 and the outbox schedules the retry.
 */
export function slackClientOptions(apiUrl?: string) {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };
}

function notInstalled(teamId: string): PermanentDeliveryError {
  return new PermanentDeliveryError(`Refleks is not installed in Slack workspace ${teamId}`, {
    unreachable: 'installation',
  });
}

/** `SLACK_BOT_TOKEN`: one workspace. */
export function singleWorkspace(client: WebClient, teamId: string): SlackWorkspaces & { teamId: string } {
  return {
    teamId,
    async clientFor(id) {
      if (id !== teamId) throw notInstalled(id);
      return client;
    },
  };
}

const CACHE_MS = 60_000;

/**
 * OAuth: every workspace that installed Refleks, its token opened from the store. Clients are kept a
 * minute, so an uninstall or a reinstall with a new token takes effect within that time.
 */
export function installedWorkspaces(store: SlackInstallationStore, apiUrl?: string): SlackWorkspaces {
  const cache = new Map<string, { client: WebClient; at: number }>();
  return {
    async clientFor(teamId) {
      const hit = cache.get(teamId);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.client;
      try {
        const installation = await store.fetchInstallation({
          teamId,
          isEnterpriseInstall: false,
          enterpriseId: undefined,
        });
        const token = installation.bot?.token;
        if (!token) throw notInstalled(teamId);
        const client = new webApi.WebClient(token, slackClientOptions(apiUrl));
        cache.set(teamId, { client, at: Date.now() });
        return client;
      } catch (error) {
        if (error instanceof NotFoundError) throw notInstalled(teamId);
        throw error;
      }
    },
  };
}
