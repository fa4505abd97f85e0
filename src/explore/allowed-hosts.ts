import * as os from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** Whether `host` listens on every interface (the explorer then warns: anyone on the network can use it). */
export function isWildcardHost(host: string): boolean {
  return WILDCARDS.has(host);
}

function hostPort(host: string, port: number): string[] {
  const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const out = [`${name}:${port}`];
  if (port === 80) out.push(name);
  return out.map((h) => h.toLowerCase());
}

/**
 * The `Host` headers the explorer answers: the address it listens on (and `localhost` for a loopback address;
 * every interface's address and the machine's name for a wildcard). A page on another site that rebinds its
 * own name to 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
 */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = [host];
  const loopback = host === '127.0.0.1' || host === '::1' || host === 'localhost';
  if (loopback) names.push('localhost', '127.0.0.1');
  if (isWildcardHost(host)) {
    names.push('localhost', os.hostname());
    for (const list of Object.values(os.networkInterfaces())) for (const i of list ?? []) names.push(i.address);
  }
  return new Set(names.flatMap((n) => hostPort(n, port)));
}
