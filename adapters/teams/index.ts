import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
} from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Hono } from 'hono';
import type { InboundHandler } from '../../src/core/chat/port.ts';
import type { Db } from '../../src/db/client.ts';
import type { SharedRateLimiter } from '../../src/infra/rate-limits.ts';
import type { Logger } from '../../src/logger.ts';
import { TeamsAdapter } from './adapter.ts';
import { teamsRoutes } from './receiver.ts';

export interface TeamsSettings {
  /** Empty: authentication off both ways (local use and tests against a fake connector). */
  appId: string;
  appPassword?: string;
  appTenantId?: string;
  appType?: string;
  /**
   * Where the Bot Framework's signing keys are published. Only tests change it (a local OpenID
   * endpoint with keys they made); production uses botbuilder's default.
   */
  openIdMetadataUrl?: string;
}

export interface Teams {
  adapter: TeamsAdapter;
  routes(inbound: InboundHandler): Hono;
}

/** botbuilder stays inside adapters/teams: the rest of Refleks sees a ChatAdapter and a route. */
export function createTeams(
  settings: TeamsSettings,
  deps: { db: Db; logger: Logger; limiter?: SharedRateLimiter },
): Teams {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId,
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType || (settings.appTenantId ? 'SingleTenant' : 'MultiTenant'),
    MicrosoftAppTenantId: settings.appTenantId ?? '',
    // Naming any endpoint switches botbuilder to "all parameters given": the rest must be named too.
    ...(settings.openIdMetadataUrl
      ? {
          ToBotFromChannelOpenIdMetadataUrl: settings.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
          ToBotFromEmulatorOpenIdMetadataUrl:
            'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
          ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          OAuthUrl: 'https://api.botframework.com',
          CallerId: CallerIdConstants.PublicAzureChannel,
          ValidateAuthority: true,
        }
      : {}),
  });
  // jsonwebtoken's own errors (a bad signature, a malformed token, "not before") escape botbuilder
  // unwrapped, and CloudAdapter answers anything but an AuthenticationError with 500.
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticate(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && ['JsonWebTokenError', 'NotBeforeError'].includes(error.name))
        throw new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
      throw error;
    }
  };
  const cloud = new CloudAdapter(auth);
  cloud.onTurnError = async (_context, error) => {
    deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'Teams turn failed');
  };
  const adapter = new TeamsAdapter(cloud, settings.appId, deps.db, deps.limiter);
  return {
    adapter,
    routes: (inbound) => teamsRoutes({ cloud, db: deps.db, inbound, logger: deps.logger, adapter }),
  };
}

export { TeamsAdapter } from './adapter.ts';
