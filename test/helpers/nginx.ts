// nginx in front of relay nodes: the configuration the README gives operators ("Run several
// nodes"), rendered from one template here, and a private nginx process running it for tests and
// benches. The site part (`siteConfig`) is exactly what the README shows (a test compares them);
// the wrapper (`mainConfig`) only adds what a private process needs: its own pid file, logs and
// temp folders in a temp dir, in the foreground, so it never touches /etc/nginx or the system's nginx.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Debian's nginx (`.ci/run` installs it). */
export const NGINX = process.env.PARLEY_TEST_NGINX ?? '/usr/sbin/nginx'

/** True when load-balancer tests should be skipped: no nginx and not CI (which must run them). Prints why. */
export const skipWithoutNginx = (what: string): boolean => {
  if (existsSync(NGINX)) return false
  if (process.env.CI === 'true') throw new Error(`${what}: ${NGINX} is missing, and CI must run these tests (.ci/run installs Debian's nginx)`)
  console.warn(`${what}: skipped, ${NGINX} is missing (apt-get install nginx, or set PARLEY_TEST_NGINX)`)
  return true
}

/** Where the site listens and the nodes it balances over (`host:port` each). */
export interface Site {
  /** `listen` argument: `80`, `127.0.0.1:8443`… */
  listen: string
  nodes: readonly string[]
}

/**
 * The site configuration for the `http` block (Debian: /etc/nginx/conf.d/parley.conf). Any node
 * may serve any request: sessions, chats and presence live in PostgreSQL and Redis, so there is no
 * stickiness. nginx (the open-source one) checks nodes passively: a node that refuses or drops a
 * connection is skipped for `fail_timeout` and the request goes to the next; `/healthz` is for an
 * orchestrator or monitor (see the README).
 */
export const siteConfig = (site: Site): string => `map $http_upgrade $connection_upgrade {
    default upgrade;
    ''      '';
}

upstream parley {
    # Every relay node. One that fails a request (below) is skipped for 10 s:
    # nginx's passive health check.
${site.nodes.map((n) => `    server ${n} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 32;
}

server {
    listen ${site.listen};
    # Images up to PARLEY_MAX_UPLOAD_BYTES (5 MiB by default) and the request around them.
    client_max_body_size 6m;

    location / {
        proxy_pass http://parley;
        proxy_http_version 1.1;
        # WebSockets (/ws/customer, /ws/agent): pass the upgrade on; plain requests
        # keep their connection to the node open for the next one.
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $connection_upgrade;
        # The relay checks Origin against the address the browser used, port included.
        proxy_set_header Host $http_host;
        # The client's own address, for the per-IP limits (PARLEY_TRUSTED_PROXIES
        # on the nodes names this proxy). Replaced, not appended: a client cannot
        # pose as another address by sending the header itself.
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        # A node that refuses the connection, or answers 503 because it is shutting
        # down (a rolling deploy), is skipped and the request tried on the next;
        # POSTs only when they never reached a node.
        proxy_next_upstream error timeout http_503;
        proxy_connect_timeout 2s;
        # The relay pings every socket every PARLEY_HEARTBEAT_MS (4 s), so a quiet
        # chat is never idle this long; a node that stops answering without closing
        # its connections is given up after it, and its clients reconnect to another.
        proxy_read_timeout 75s;
        proxy_send_timeout 75s;
        # Which node answered (debugging; remove it to keep node addresses private).
        add_header X-Parley-Node $upstream_addr always;
    }
}
`

/** The whole nginx.conf of a private nginx in `dir`: foreground, its own pid, logs and temp folders. */
export const mainConfig = (dir: string, site: Site): string => `daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events {
    worker_connections 4096;
}
http {
    access_log ${join(dir, 'access.log')};
    client_body_temp_path ${join(dir, 'client_body')};
    proxy_temp_path ${join(dir, 'proxy')};
    fastcgi_temp_path ${join(dir, 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'uwsgi')};
    scgi_temp_path ${join(dir, 'scgi')};
${siteConfig(site)
  .split('\n')
  .map((l) => (l ? '    ' + l : l))
  .join('\n')}}
`

/** A private nginx process. */
export interface Nginx {
  /** http://127.0.0.1:<port> */
  url: string
  wsUrl: string
  port: number
  /** the folder with nginx.conf, error.log and access.log */
  dir: string
  /** what nginx wrote to its error log so far */
  errors(): string
  stop(): Promise<void>
}

/** Starts nginx on 127.0.0.1:`port` in front of `nodes` (`host:port` each); resolves once it answers. */
export const startNginx = async (port: number, nodes: readonly string[]): Promise<Nginx> => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-nginx-'))
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, d))
  const conf = join(dir, 'nginx.conf')
  writeFileSync(conf, mainConfig(dir, { listen: `127.0.0.1:${port}`, nodes }))
  let out = ''
  const proc: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] })
  proc.stdout!.on('data', (d) => (out += d))
  proc.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((ok) => proc.on('exit', () => ok()))
  let gone = false
  void exited.then(() => (gone = true))
  const errors = () => (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '')
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (gone) throw new Error(`nginx exited before it was ready:\n${out}\n${errors()}`)
    try {
      await fetch(url + '/healthz')
      break
    } catch {
      if (i > 400) throw new Error(`nginx did not answer on ${url}:\n${out}\n${errors()}`)
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    dir,
    errors,
    async stop() {
      if (!gone) {
        // SIGTERM is nginx's fast shutdown (SIGQUIT would wait for WebSockets to end).
        proc.kill('SIGTERM')
        const killer = setTimeout(() => proc.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(killer)
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
