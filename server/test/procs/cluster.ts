import { api, call } from './client.js';
import {
  clusterEnv,
  freePort,
  NGINX_SOURCE,
  nodeUp,
  startNginx,
  startNode,
  startPostgres,
  startRedis,
  type Nginx,
  type Node,
  type Postgres,
  type RedisServer,
} from './processes.js';

export interface Cluster {
  pg: Postgres;
  redis: RedisServer;
  nodes: Node[];
  nginx: Nginx;
  /** PUBLIC_URL's origin (what mutations send as Origin). */
  origin: string;
  env: Record<string, string>;
  /** The API through nginx. */
  front: ReturnType<typeof api>;
  /** The API of one node, bypassing nginx. */
  direct: (i: number) => ReturnType<typeof api>;
  /** Moves every node's test clock forward together (each node has its own). */
  advance(seconds: number): Promise<void>;
  /** Node 1's clock: what a signed open API call must use as its timestamp once clocks moved. */
  now(): Promise<Date>;
}

/**
 * N server nodes on one throwaway PostgreSQL and one redis-server, behind nginx on a free
 * loopback port; TRUST_PROXY names only nginx's source address. The nodes start at the same
 * moment on a fresh database, so their migrations race (the advisory lock must serialise them).
 */
export async function startCluster(n: number, extra: Record<string, string> = {}): Promise<Cluster> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const nginxPort = await freePort();
  const origin = `http://localhost:${nginxPort}`;
  const env = clusterEnv({
    DATABASE_URL: pg.url(),
    REDIS_URL: redis.url,
    PUBLIC_URL: origin,
    TRUST_PROXY: NGINX_SOURCE,
    ...extra,
  });
  const nodes = await Promise.all(Array.from({ length: n }, (_, i) => startNode(`node${i + 1}`, env, { wait: false })));
  await Promise.all(nodes.map((node) => nodeUp(node)));
  const nginx = await startNginx(
    nodes.map((node) => node.port),
    nginxPort,
  );
  return {
    pg,
    redis,
    nodes,
    nginx,
    origin,
    env,
    front: api(nginx.base, origin),
    direct: (i) => api(nodes[i % nodes.length]!.base, origin),
    async now() {
      const res = await call(nodes[0]!.base, { path: '/api/v1/test/clock' });
      return new Date(res.json<{ now: string }>().now);
    },
    async advance(seconds) {
      await Promise.all(
        nodes.map(async (node) => {
          const res = await call(node.base, {
            path: '/api/v1/test/clock',
            body: { advanceSeconds: seconds },
            origin,
          });
          if (res.status !== 200) throw new Error(`clock of ${node.name}: ${res.status} ${res.body}`);
        }),
      );
    },
  };
}
