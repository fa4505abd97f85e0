import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExploreSession } from './explore-session';
import type { BackgroundRun } from './background-run';
import { StepFailure } from './explore-session';
import { BadPath, parsePath } from './explore-path';
import { allowedHosts } from './allowed-hosts';
import { explorerPage, PAGE_CSP } from './page';
import { InterleaveError } from '../errors/interleave-error';

/** What the page shows in its header, from `GET /api/model`. */
export interface ModelInfo {
  readonly model: string;
  readonly file: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly invariants: readonly string[];
  readonly actionInvariants: readonly string[];
  readonly reachable: readonly string[];
  /** Built with `withCrashes`: the page offers "power fails here". */
  readonly crash: boolean;
}

export interface ExplorerServerInput {
  readonly session: ExploreSession;
  readonly run: BackgroundRun;
  readonly info: ModelInfo;
  readonly host: string;
  /** 0: a free port. */
  readonly port: number;
}

export interface ExplorerServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A POST must carry this header: a page on another site cannot add it without a CORS preflight, which is never answered. */
export const ACTION_HEADER = 'x-interleave-explorer';

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': PAGE_CSP } : {}),
  });
  res.end(text);
}

/** The explorer's one route table: its page and its JSON API; nothing else, and no file from disk. */
function handle(input: ExplorerServerInput, allowed: Set<string>, page: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.has(host)) {
    send(res, 403, { error: { message: `Refused: the Host header "${req.headers.host ?? ''}" does not name the address this explorer listens on.` } });
    return;
  }
  const url = new URL(req.url ?? '/', 'http://explorer.invalid');
  const route = `${req.method ?? 'GET'} ${url.pathname}`;
  if (req.method === 'POST' && req.headers[ACTION_HEADER] !== '1') {
    send(res, 403, { error: { message: `Refused: a POST to the explorer must carry the header ${ACTION_HEADER}: 1.` } });
    return;
  }
  switch (route) {
    case 'GET /':
      send(res, 200, page, 'text/html; charset=utf-8');
      return;
    case 'GET /api/model':
      send(res, 200, input.info);
      return;
    case 'GET /api/state':
      sendState(input, url.searchParams.get('path'), res);
      return;
    case 'GET /api/run':
      send(res, 200, input.run.status());
      return;
    case 'POST /api/run/start':
      input.run.start();
      send(res, 200, input.run.status());
      return;
    case 'POST /api/run/stop':
      input.run.stop();
      send(res, 200, input.run.status());
      return;
    default:
      send(res, url.pathname === '/' || url.pathname.startsWith('/api/') ? 405 : 404, { error: { message: `No ${route} here: the explorer serves / and its /api/ routes only.` } });
  }
}

function sendState(input: ExplorerServerInput, raw: string | null, res: http.ServerResponse): void {
  try {
    send(res, 200, input.session.view(parsePath(raw)));
  } catch (error) {
    if (error instanceof BadPath) send(res, 400, { error: { message: error.message } });
    else if (error instanceof StepFailure) send(res, 422, { error: error.error.toInfo(), at: error.at });
    else throw error;
  }
}

/** Starts the explorer's HTTP server; a port that cannot be opened is IL602. */
export async function startExplorerServer(input: ExplorerServerInput): Promise<ExplorerServer> {
  const page = explorerPage(input.info);
  let allowed = new Set<string>();
  const server = http.createServer((req, res) => {
    try {
      handle(input, allowed, page, req, res);
    } catch (error) {
      // A bug (not a model failure: those are answered above) is reported to the page; the server goes on.
      if (!res.headersSent) send(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } });
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'it is in use' : error.code === 'EACCES' ? 'permission denied' : error.code === 'EADDRNOTAVAIL' ? 'no interface has that address' : error.message;
      reject(
        new InterleaveError({
          code: 'IL602',
          message: `The explorer could not listen on ${input.host}:${input.port}: ${why}.`,
          hint: 'Pick another port with --port N (--port 0 takes a free one), or stop what is listening there.',
        }),
      );
    });
    server.listen(input.port, input.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(input.host, port);
  return {
    host: input.host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
