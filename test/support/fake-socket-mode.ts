import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A fake Slack Socket Mode endpoint on 127.0.0.1, speaking the wire format @slack/socket-mode speaks:
 *
 * 1. `POST <apiUrl>apps.connections.open` with the app token (`xapp-…`) as `Authorization: Bearer`
 *    answers `{ ok: true, url: 'ws://127.0.0.1:PORT/link/?ticket=…&app_id=…' }` (a ticket is good once).
 * 2. On that URL a WebSocket server (RFC 6455, written out here: `ws` is not installed and undici has
 *    no server) says `{ type: 'hello', num_connections, debug_info, connection_info }`, answers pings
 *    with pongs and close frames with a close frame.
 * 3. The test pushes envelopes `{ envelope_id, type, payload, accepts_response_payload, retry_* }` and
 *    gets back the client's ack `{ envelope_id, payload? }`.
 *
 * Why every other Web API method is forwarded to the fake Web API (fake-slack.ts): Refleks has one
 * SLACK_API_URL, and the SDK sends `apps.connections.open` and the bot's calls (auth.test, views.open,
 * chat.postEphemeral) to that same base URL. fake-slack answers `unknown_method` for
 * `apps.connections.open` and refuses tokens that are not `xoxb-`, so this server answers that one
 * method itself and relays the rest unchanged; fake-slack keeps every call and all state, so a test
 * asserts on `fake.callsTo(...)` as it does over HTTP.
 */

export type SocketModeEnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

export interface SocketModeEnvelope {
  envelope_id: string;
  type: SocketModeEnvelopeType;
  payload: Record<string, unknown>;
  /** True where Slack takes an answer in the ack: slash commands, view submissions, block suggestions. */
  accepts_response_payload: boolean;
  /** events_api only: 0 on the first delivery, then 1, 2, … when Slack redelivers the same event. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the client sends back: `{ envelope_id, payload }` (payload `{}` for a bare ack()). */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface FakeSocketModeOptions {
  /** The Web API every method but apps.connections.open is forwarded to: fake-slack's `url`. */
  webApiUrl: string;
  /** When given, apps.connections.open accepts only this token (`invalid_auth` otherwise). */
  appToken?: string;
  appId?: string;
}

export interface FakeSocketMode {
  /** e.g. `http://127.0.0.1:PORT/api/` — pass as `apiUrl` / SLACK_API_URL. */
  apiUrl: string;
  /** Every apps.connections.open call: the bearer token it carried (null when none). */
  opens: { token: string | null; at: number }[];
  /** Every ack received, in order. */
  acks: SocketModeAck[];
  /** Close codes of the close frames the client sent (a clean close is 1000). */
  clientCloses: number[];
  /** WebSocket connections now open. */
  openConnections(): number;
  /** Sends an envelope on the newest open connection; resolves with the client's ack for it. */
  deliver(envelope: SocketModeEnvelope, timeoutMs?: number): Promise<SocketModeAck>;
  /** Sends any other JSON message, e.g. `{ type: 'disconnect', reason: 'refresh_requested' }`. */
  sendRaw(message: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** An `events_api` envelope around an `event_callback` body (e.g. JSON from slackEventBody). */
export function eventsApiEnvelope(
  body: string | Record<string, unknown>,
  redelivery: { retryAttempt?: number; retryReason?: string } = {},
): SocketModeEnvelope {
  return {
    envelope_id: randomUUID(),
    type: 'events_api',
    payload: typeof body === 'string' ? (JSON.parse(body) as Record<string, unknown>) : body,
    accepts_response_payload: false,
    retry_attempt: redelivery.retryAttempt ?? 0,
    retry_reason: redelivery.retryReason ?? '',
  };
}

/** A `slash_commands` envelope: the command's fields as a JSON object (e.g. from slackCommandBody). */
export function slashCommandEnvelope(fields: string | Record<string, string>): SocketModeEnvelope {
  return {
    envelope_id: randomUUID(),
    type: 'slash_commands',
    payload: typeof fields === 'string' ? Object.fromEntries(new URLSearchParams(fields)) : fields,
    accepts_response_payload: true,
  };
}

/** An `interactive` envelope: the interaction payload itself (block_actions, view_submission, …). */
export function interactiveEnvelope(payload: Record<string, unknown>): SocketModeEnvelope {
  return {
    envelope_id: randomUUID(),
    type: 'interactive',
    payload,
    accepts_response_payload: payload.type === 'view_submission' || payload.type === 'block_suggestion',
  };
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One unmasked, unfragmented frame (servers never mask). */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  let header: Buffer;
  if (len < 126) {
    header = Buffer.from([0x80 | opcode, len]);
  } else if (len < 65_536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([header, payload]);
}

const closePayload = (code: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(code, 0);
  return b;
};

interface Connection {
  socket: Duplex;
  closeSent: boolean;
  closed: boolean;
  sendText(text: string): void;
  sendClose(code: number): void;
}

function accept(
  socket: Duplex,
  head: Buffer,
  handlers: { onText(text: string): void; onCloseFrame(code: number): void; onGone(): void },
): Connection {
  let buffer = Buffer.alloc(0);
  let fragments: Buffer[] | null = null;
  const conn: Connection = {
    socket,
    closeSent: false,
    closed: false,
    sendText: (text) => {
      if (!conn.closed && !conn.closeSent) socket.write(encodeFrame(OP.text, Buffer.from(text, 'utf8')));
    },
    sendClose: (code) => {
      if (conn.closed || conn.closeSent) return;
      conn.closeSent = true;
      socket.write(encodeFrame(OP.close, closePayload(code)));
    },
  };

  const onFrame = (fin: boolean, opcode: number, payload: Buffer) => {
    switch (opcode) {
      case OP.text:
        if (fin) handlers.onText(payload.toString('utf8'));
        else fragments = [payload];
        return;
      case OP.continuation:
        if (!fragments) return;
        fragments.push(payload);
        if (fin) {
          const whole = Buffer.concat(fragments);
          fragments = null;
          handlers.onText(whole.toString('utf8'));
        }
        return;
      case OP.ping:
        if (!conn.closed) socket.write(encodeFrame(OP.pong, payload));
        return;
      case OP.close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        handlers.onCloseFrame(code);
        // Answer the close handshake (echoing the code), then the server closes the TCP connection.
        if (!conn.closeSent) {
          conn.closeSent = true;
          socket.write(encodeFrame(OP.close, payload.length >= 2 ? closePayload(code) : Buffer.alloc(0)));
        }
        socket.end();
        return;
      }
      default:
        return; // binary and pong frames: nothing to do
    }
  };

  const onData = (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (buffer.length < 2) return;
      const b0 = buffer[0]!;
      const b1 = buffer[1]!;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buffer.length < 4) return;
        len = buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buffer.length < 10) return;
        len = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const start = offset + (masked ? 4 : 0);
      if (buffer.length < start + len) return;
      const payload = Buffer.from(buffer.subarray(start, start + len));
      // Clients must mask every frame (RFC 6455 §5.3).
      if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= buffer[offset + (i % 4)]!;
      buffer = buffer.subarray(start + len);
      onFrame((b0 & 0x80) !== 0, b0 & 0x0f, payload);
    }
  };

  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    conn.closed = true;
    handlers.onGone();
  });
  if (head.length) onData(head);
  return conn;
}

export async function startFakeSocketMode(options: FakeSocketModeOptions): Promise<FakeSocketMode> {
  const appId = options.appId ?? 'A0000REFLEKS';
  const webApiUrl = options.webApiUrl.endsWith('/') ? options.webApiUrl : `${options.webApiUrl}/`;
  const opens: FakeSocketMode['opens'] = [];
  const acks: SocketModeAck[] = [];
  const clientCloses: number[] = [];
  const tickets = new Set<string>();
  const connections: Connection[] = [];
  const waiting = new Map<string, (ack: SocketModeAck) => void>();
  let port = 0;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const connectionsOpen = (req: IncomingMessage, res: ServerResponse) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
    opens.push({ token, at: Date.now() });
    if (!token) return json(res, 200, { ok: false, error: 'not_authed' });
    // A bot or user token here gets what Slack answers: only app-level tokens may open a connection.
    if (!token.startsWith('xapp-')) return json(res, 200, { ok: false, error: 'not_allowed_token_type' });
    if (options.appToken && token !== options.appToken)
      return json(res, 200, { ok: false, error: 'invalid_auth' });
    const ticket = randomUUID();
    tickets.add(ticket);
    json(res, 200, { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}` });
  };

  /** Everything else goes, unchanged, to the fake Web API; its answer comes back unchanged. */
  const forward = async (method: string, req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization']) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer = await fetch(`${webApiUrl}${method}`, {
      method: req.method ?? 'POST',
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    });
    const out: Record<string, string> = {};
    for (const name of ['content-type', 'retry-after']) {
      const value = answer.headers.get(name);
      if (value) out[name] = value;
    }
    res.writeHead(answer.status, out);
    res.end(Buffer.from(await answer.arrayBuffer()));
  };

  const server = createServer((req, res) => {
    const method = /^\/api\/([\w.]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
    if (!method) return json(res, 404, { ok: false, error: 'not_found' });
    if (method === 'apps.connections.open') return connectionsOpen(req, res);
    forward(method, req, res).catch(() => {
      if (!res.headersSent) json(res, 502, { ok: false, error: 'fake_web_api_unreachable' });
      else res.destroy();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const ticket = url.searchParams.get('ticket') ?? '';
    const key = req.headers['sec-websocket-key'];
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/link/' || req.headers.upgrade?.toLowerCase() !== 'websocket' || !key) {
      return refuse('400 Bad Request');
    }
    // A ticket from apps.connections.open opens one connection, as on Slack.
    if (!tickets.delete(ticket)) return refuse('401 Unauthorized');
    const acceptKey = createHash('sha1').update(`${key}${WS_GUID}`).digest('base64');
    // No Sec-WebSocket-Extensions in the answer: permessage-deflate (which undici offers) stays off.
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${acceptKey}\r\n\r\n`,
    );
    const conn = accept(socket, head, {
      onText(text) {
        let message: SocketModeAck;
        try {
          message = JSON.parse(text) as SocketModeAck;
        } catch {
          return;
        }
        if (typeof message.envelope_id !== 'string') return;
        acks.push(message);
        waiting.get(message.envelope_id)?.(message);
        waiting.delete(message.envelope_id);
      },
      onCloseFrame: (code) => clientCloses.push(code),
      onGone() {
        const i = connections.indexOf(conn);
        if (i >= 0) connections.splice(i, 1);
      },
    });
    connections.push(conn);
    conn.sendText(
      JSON.stringify({
        type: 'hello',
        num_connections: connections.length,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: appId },
      }),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const newest = () => {
    const conn = connections.at(-1);
    if (!conn) throw new Error('fake socket mode: no client is connected');
    return conn;
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    opens,
    acks,
    clientCloses,
    openConnections: () => connections.length,
    deliver(envelope, timeoutMs = 5_000) {
      const conn = newest();
      return new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(envelope.envelope_id);
          reject(new Error(`fake socket mode: no ack for ${envelope.type} ${envelope.envelope_id}`));
        }, timeoutMs);
        waiting.set(envelope.envelope_id, (ack) => {
          clearTimeout(timer);
          resolve(ack);
        });
        conn.sendText(JSON.stringify(envelope));
      });
    },
    sendRaw: (message) => newest().sendText(JSON.stringify(message)),
    async close() {
      // Going away (1001), as a Slack server does; whoever does not answer the handshake is cut off.
      for (const conn of connections) conn.sendClose(1001);
      await new Promise((r) => setTimeout(r, connections.length ? 100 : 0));
      for (const conn of [...connections]) conn.socket.destroy();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
