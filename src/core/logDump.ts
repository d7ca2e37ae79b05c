import { pick, seeded, type Random } from './seededRandom.js';

/**
 * Realistic, varied server log lines of an exact size, the same every run: what people really paste
 * into a chat, so a demo shows real token density (timestamps, ids and paths tokenize far worse than
 * the lesson's one repeated phrase). A seeded generator, no corpus.
 */
const SERVICES = ['api-gateway', 'auth', 'billing', 'db-pool', 'scheduler', 'search', 'worker-3', 'cache'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const PATHS = ['/v1/orders', '/v1/users/me', '/v1/invoices', '/healthz', '/v2/search', '/v1/sessions', '/v1/carts/items'];
const HOSTS = ['10.0.3.17:5432', '10.0.3.18:5432', 'redis-0.cache:6379', 'payments.internal:443', 'search-2:9200'];
const FRAMES = [
  'at Connection.connect (/srv/app/node_modules/pg/lib/connection.js:88:19)',
  'at Pool._acquire (/srv/app/src/db/pool.ts:142:11)',
  'at async OrderService.list (/srv/app/src/orders/service.ts:57:20)',
  'at async Router.handle (/srv/app/src/http/router.ts:210:7)',
];

const hex = (random: Random, digits: number): string =>
  Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');

function message(random: Random, level: string): string[] {
  const roll = random();
  if (level === 'ERROR') {
    if (roll < 0.5) {
      const attempt = 1 + Math.floor(random() * 5);
      return [
        `connect ECONNREFUSED ${pick(random, HOSTS)} (attempt ${attempt}/5, retry in ${100 * 2 ** attempt}ms)`,
        ...(random() < 0.4 ? FRAMES.slice(0, 2 + Math.floor(random() * 3)).map((frame) => `    ${frame}`) : []),
      ];
    }
    return [`request failed: ${pick(random, METHODS)} ${pick(random, PATHS)} -> 503 upstream timeout after ${1000 + Math.floor(random() * 29000)}ms`];
  }
  if (level === 'WARN') {
    return [roll < 0.5 ? `pool exhausted: ${Math.floor(random() * 40)} waiting, max=20` : `slow query ${Math.floor(random() * 3000)}ms: SELECT * FROM orders WHERE customer_id = $1`];
  }
  if (level === 'DEBUG') return [`cache ${roll < 0.7 ? 'hit' : 'miss'} key=session:${hex(random, 12)}`];
  const status = pick(random, [200, 200, 200, 201, 204, 304, 404]);
  return [`${pick(random, METHODS)} ${pick(random, PATHS)} ${status} ${Math.floor(random() * 900)}ms req=${hex(random, 8)} user=u_${Math.floor(random() * 99999)}`];
}

/** Log text of exactly `bytes` characters (all ASCII, so bytes too); the last line is cut to fit. */
export function generateLogDump(bytes: number, seed = 20_250_314): string {
  const random = seeded(seed);
  let time = Date.UTC(2025, 2, 14, 9, 26, 53);
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    time += Math.floor(random() * 1500);
    const level = pick(random, ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR', 'ERROR']);
    const [first, ...rest] = message(random, level);
    for (const line of [`${new Date(time).toISOString()} ${level.padEnd(5)} [${pick(random, SERVICES)}] ${first}`, ...rest]) {
      lines.push(line);
      size += line.length + 1;
    }
  }
  return lines.join('\n').concat('\n').slice(0, bytes);
}
