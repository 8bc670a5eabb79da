import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { describeNeeding, tool } from './requireTools.js';

/**
 * `describe` for tests that start their own redis-server processes: fails under CI when the
 * binaries are missing, skips visibly elsewhere (see {@link describeNeeding}).
 */
export function describeWithRedisBinaries(name: string, body: () => void): void {
  const install = 'apt-get install -y redis-server';
  describeNeeding(name, [tool('redis-server', ['--version'], install), tool('redis-cli', ['--version'], install)], body);
}

/** A free TCP port on 127.0.0.1 whose cluster bus port (port + 10000) is free too. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await listenAndClose(0);
    if (port <= 55_000 && (await listenAndClose(port + 10_000).then(() => true, () => false))) return port;
  }
}

function listenAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}

/** One redis-server process started by a test, restartable with the same arguments. */
export class RedisProcess {
  #child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly args: readonly string[],
  ) {}

  /** Starts it and waits until it answers PING. */
  async start(): Promise<void> {
    const child = spawn('redis-server', [...this.args], { stdio: 'ignore' });
    this.#child = child;
    await waitFor(async () => (await this.command(['PING'])) === 'PONG', `redis-server on port ${this.port} did not answer`);
  }

  /** Stops it (SIGTERM, so an append-only file is flushed as on a clean shutdown) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  /** One command on a fresh connection to this process; its reply, or the error's message. */
  async command(args: string[]): Promise<unknown> {
    const client = createClient({ socket: { host: '127.0.0.1', port: this.port, reconnectStrategy: false, connectTimeout: 500 } });
    client.on('error', () => {});
    try {
      await client.connect();
      return await client.sendCommand(args);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    } finally {
      if (client.isOpen) client.destroy();
    }
  }
}

/** Retries `check` every 50 ms until it returns true; throws `message` after `timeoutMs`. */
export async function waitFor(check: () => Promise<boolean>, message: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a `CLUSTER NODES` reply lists `count` nodes, none in handshake or failing, each with its link connected. */
function linkedToAll(nodesReply: string, count: number): boolean {
  const lines = nodesReply.trim().split('\n');
  return lines.length === count && lines.every((line) => {
    const [, , flags = '', , , , , linkState] = line.split(' ');
    return linkState === 'connected' && !/handshake|fail|noaddr/.test(flags);
  });
}

/** A 3-primary Redis Cluster in a temp dir, persisted (AOF, fsync always) so that a restarted node loses nothing. */
export class RedisClusterProcesses {
  readonly nodes: RedisProcess[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'scoped-models-cluster-'));

  get urls(): string[] {
    return this.nodes.map((node) => `redis://127.0.0.1:${node.port}`);
  }

  async start(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(this.dir, `nodes-${port}.conf`),
        '--cluster-node-timeout', '2000', '--dir', this.dir, '--dbfilename', `dump-${port}.rdb`, '--appendonly', 'yes', '--appendfilename', `aof-${port}.aof`,
        '--appenddirname', `aof-${port}`, '--appendfsync', 'always', '--save', ''];
      const node = new RedisProcess(port, args);
      // Known before it starts, so stop() ends it even when it never answers.
      this.nodes.push(node);
      await node.start();
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...this.nodes.map((node) => `127.0.0.1:${node.port}`), '--cluster-replicas', '0', '--cluster-yes'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout} ${created.stderr}`);
    await this.whenHealthy();
  }

  /**
   * Waits until every node reports `cluster_state:ok` and holds a live link to every other node.
   * `cluster_state:ok` can come before the links: a PUBLISH is relayed only over links that are
   * up, so a message sent in that window never reaches a subscriber on the unlinked node.
   */
  async whenHealthy(): Promise<void> {
    for (const node of this.nodes) {
      await waitFor(async () => String(await node.command(['CLUSTER', 'INFO'])).includes('cluster_state:ok'), `cluster node ${node.port} is not ok`);
      await waitFor(async () => linkedToAll(String(await node.command(['CLUSTER', 'NODES'])), this.nodes.length), `cluster node ${node.port} has not linked to every other node`);
    }
  }

  /**
   * The node that holds the slot of `key`, once a key is there: a commit made while the client
   * was still learning the cluster's slots is written later, from the pending list.
   */
  async ownerOf(key: string): Promise<RedisProcess> {
    const slot = String(await this.nodes[0]!.command(['CLUSTER', 'KEYSLOT', key]));
    let owner: RedisProcess | undefined;
    await waitFor(async () => {
      for (const node of this.nodes) {
        if (Number(await node.command(['CLUSTER', 'COUNTKEYSINSLOT', slot])) > 0) owner = node;
      }
      return owner !== undefined;
    }, `no node holds keys in slot ${slot}`);
    return owner!;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.stop('SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Writes `text` to a file in `dir` and returns its path. */
export function writeConfig(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A primary, its replica and one sentinel watching them as `masterName`, with fast failover, in a temp dir. */
export class RedisSentinelProcesses {
  readonly masterName = 'scoped-models-primary';
  readonly dir = mkdtempSync(join(tmpdir(), 'scoped-models-sentinel-'));
  primary!: RedisProcess;
  replica!: RedisProcess;
  sentinel!: RedisProcess;

  async start(): Promise<void> {
    const [primaryPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
    const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir];
    this.primary = new RedisProcess(primaryPort, ['--port', String(primaryPort), ...common]);
    this.replica = new RedisProcess(replicaPort, ['--port', String(replicaPort), ...common, '--replicaof', '127.0.0.1', String(primaryPort)]);
    const conf = writeConfig(
      this.dir,
      'sentinel.conf',
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${this.dir}`,
        `sentinel monitor ${this.masterName} 127.0.0.1 ${primaryPort} 1`,
        `sentinel down-after-milliseconds ${this.masterName} 1000`,
        `sentinel failover-timeout ${this.masterName} 3000`,
        '',
      ].join('\n'),
    );
    this.sentinel = new RedisProcess(sentinelPort, [conf, '--sentinel']);
    await this.primary.start();
    await this.replica.start();
    await waitFor(async () => String(await this.replica.command(['INFO', 'replication'])).includes('master_link_status:up'), 'the replica did not sync');
    await this.sentinel.start();
    await waitFor(async () => {
      const replicas = await this.sentinel.command(['SENTINEL', 'REPLICAS', this.masterName]);
      return Array.isArray(replicas) && replicas.length === 1;
    }, 'the sentinel did not find the replica');
  }

  /** The port the sentinel names as the primary now. */
  async primaryPort(): Promise<number> {
    const reply = await this.sentinel.command(['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.masterName]);
    return Array.isArray(reply) ? Number(reply[1]) : Number.NaN;
  }

  async stop(): Promise<void> {
    await Promise.all([this.primary, this.replica, this.sentinel].map((node) => node?.stop('SIGKILL')));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
