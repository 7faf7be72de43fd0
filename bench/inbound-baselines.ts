/**
 * The bare-framework baselines, each run as a child process of its own (as Refleks' web process is):
 * `node --import tsx bench/inbound-baselines.ts bolt|botbuilder <port> [signing secret] [Slack API URL]`.
 * They do nothing but acknowledge, so the difference to Refleks is what Refleks does per request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

export type BaselineKind = 'bolt' | 'botbuilder';

const READY = 'baseline ready';

/** Bolt's own HTTPReceiver (default for an App given a signing secret), one view listener that acks. */
async function serveBolt(port: number, signingSecret: string, slackApiUrl: string | undefined) {
  const app = new App({
    signingSecret,
    // Bolt checks a single token with auth.test (once, cached), as Refleks' App does: the fake Slack answers.
    token: 'xoxb-bench-token',
    logLevel: LogLevel.WARN,
    ...(slackApiUrl ? { clientOptions: { slackApiUrl } } : {}),
  });
  app.view('refleks.answer', async ({ ack }) => {
    await ack();
  });
  await app.start({ port, host: '127.0.0.1' });
}

/** What an express Response gives CloudAdapter, on a bare node:http response. */
function expressLike(res: ServerResponse) {
  const shim = {
    status(code: number) {
      res.statusCode = code;
      return shim;
    },
    header(name: string, value: string) {
      res.setHeader(name, value);
      return shim;
    },
    send(body: unknown) {
      if (typeof body === 'string') res.write(body);
      else {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.write(JSON.stringify(body));
      }
      return shim;
    },
    end() {
      res.end();
      return shim;
    },
  };
  return shim;
}

/** The card a bot typically answers an Action.Execute with: a short confirmation shown in place. */
const THANKS = {
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Takk! Svaret ditt er lagret.', wrap: true }],
  },
};

/** CloudAdapter with authentication off (empty app id, as adapters/teams runs it locally) on node:http. */
async function serveBotbuilder(port: number) {
  const cloud = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/api/messages') {
      res.statusCode = 404;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.statusCode = 400;
      res.end();
      return;
    }
    await cloud.process(
      { method: 'POST', body, headers: req.headers } as never,
      expressLike(res) as never,
      async (context) => {
        if (context.activity.type === 'invoke')
          await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: THANKS } });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

export interface Baseline {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a baseline child and resolves once it listens; kills it if it does not come up. */
export function startBaseline(
  kind: BaselineKind,
  port: number,
  args: { signingSecret?: string; slackApiUrl?: string } = {},
): Promise<Baseline> {
  const file = fileURLToPath(import.meta.url);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', file, kind, String(port), args.signingSecret ?? '', args.slackApiUrl ?? ''],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<Baseline>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the ${kind} baseline did not start within 30 s:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(READY)) {
        clearTimeout(timer);
        resolve({ child, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the ${kind} baseline exited (${code ?? signal}) before it listened:\n${output}`));
    });
  });
}

async function main() {
  const [kind, port, signingSecret, slackApiUrl] = process.argv.slice(2);
  if (kind === 'bolt') await serveBolt(Number(port), signingSecret ?? '', slackApiUrl || undefined);
  else if (kind === 'botbuilder') await serveBotbuilder(Number(port));
  else throw new Error(`unknown baseline "${kind}": bolt or botbuilder`);
  process.once('SIGTERM', () => process.exit(0));
  process.stdout.write(`${READY}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
