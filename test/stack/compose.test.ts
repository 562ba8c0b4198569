/**
 * Docker cannot run here, so the stack is checked by reading it: docker-compose.yml's services,
 * images, ports, environment wiring, health checks and start order, and that every command and the
 * Dockerfile name entry files that exist in the repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../config';

const ROOT = path.join(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: string | { context: string };
  command?: string[] | string;
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
  restart?: string;
  volumes?: string[];
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

/** `${NAME:-default}` → default, as compose would resolve it with nothing set. */
function resolve(value: string | number | undefined): string {
  return String(value ?? '').replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
}

function env(service: string): Record<string, string> {
  return Object.fromEntries(Object.entries(services[service].environment ?? {}).map(([k, v]) => [k, resolve(v)]));
}

/** dist/x/y.js (built by tsc) → x/y.ts in the repository. */
function sourceOf(entry: string): string {
  expect(entry).toMatch(/^dist\/.+\.js$/);
  return path.join(ROOT, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

describe('docker-compose.yml', () => {
  it('has Postgres, a real Temporal server and its UI, and the API and worker built from the Dockerfile', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    expect(services.postgres.image).toMatch(/^postgres:\d+/);
    expect(services.temporal.image).toMatch(/^temporalio\/auto-setup:\d+\.\d+\.\d+$/);
    expect(services['temporal-ui'].image).toMatch(/^temporalio\/ui:\d+\.\d+\.\d+$/);
    for (const name of ['api', 'worker']) {
      expect(services[name].build).toBe('.');
      expect(services[name].image).toBe('civicflow:latest');
    }
  });

  it('publishes the API, the Temporal frontend and the UI', () => {
    expect(services.api.ports).toContain('3000:3000');
    expect(services.temporal.ports).toContain('7233:7233');
    expect(services['temporal-ui'].ports).toContain('8080:8080');
    expect(services.worker.ports).toBeUndefined();
  });

  it('points the API and the worker at the temporal service and the postgres service, same queue and namespace', () => {
    const postgres = env('postgres');
    const api = env('api');
    const worker = env('worker');
    for (const wiring of [api, worker]) {
      expect(wiring.TEMPORAL_ADDRESS).toBe('temporal:7233');
      const url = new URL(wiring.DATABASE_URL);
      expect(url.hostname).toBe('postgres');
      expect(url.port).toBe('5432');
      expect(url.username).toBe(postgres.POSTGRES_USER);
      expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD);
      expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
    }
    expect(api.TASK_QUEUE).toBe(worker.TASK_QUEUE);
    expect(api.TEMPORAL_NAMESPACE).toBe(worker.TEMPORAL_NAMESPACE);
    expect(api.JWT_SECRET).toBe(worker.JWT_SECRET);
    expect(env('temporal')).toMatchObject({
      DB: 'postgres12',
      POSTGRES_SEEDS: 'postgres',
      DB_PORT: '5432',
      POSTGRES_USER: postgres.POSTGRES_USER,
      POSTGRES_PWD: postgres.POSTGRES_PASSWORD,
      DEFAULT_NAMESPACE: api.TEMPORAL_NAMESPACE,
    });
    expect(env('temporal-ui').TEMPORAL_ADDRESS).toBe('temporal:7233');
    // The PORT the API listens on is the one published.
    expect(services.api.ports).toContain(`${api.PORT}:${api.PORT}`);
  });

  it('gives configuration the platform accepts (production: a JWT secret is required)', () => {
    for (const name of ['api', 'worker']) {
      const config = loadConfig(env(name));
      expect(config.env).toBe('production');
      expect(config.database.url).toContain('@postgres:5432/');
      expect(config.temporal.address).toBe('temporal:7233');
    }
    expect(loadConfig(env('api')).seedDemoData).toBe(true);
  });

  it('checks health and starts in order', () => {
    expect(JSON.stringify(services.postgres.healthcheck?.test)).toContain('pg_isready');
    expect(JSON.stringify(services.temporal.healthcheck?.test)).toMatch(/cluster health/);
    expect(JSON.stringify(services.api.healthcheck?.test)).toContain('/healthz');
    expect(services.temporal.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services['temporal-ui'].depends_on).toEqual({ temporal: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        temporal: { condition: 'service_healthy' },
      });
    }
  });

  it('restarts every service that fails and checks the health of every service', () => {
    for (const name of Object.keys(services)) {
      expect([name, services[name].restart]).toEqual([
        name,
        expect.stringMatching(/^(on-failure(:\d+)?|always|unless-stopped)$/),
      ]);
      expect([name, services[name].healthcheck?.test]).toEqual([name, expect.anything()]);
      expect(services[name].healthcheck?.interval).toMatch(/^\d+s$/);
      expect(services[name].healthcheck?.retries).toBeGreaterThan(0);
    }
    // The worker has no port: it proves it is alive by touching the file its health check reads.
    const worker = services.worker.command as string[];
    const file = worker[worker.indexOf('--health-file') + 1];
    expect(file).toMatch(/^\/tmp\//);
    expect(JSON.stringify(services.worker.healthcheck?.test)).toContain(file);
    expect(readFileSync(path.join(ROOT, 'worker', 'main.ts'), 'utf8')).toContain("'--health-file'");
  });

  it('runs commands whose entry files exist in the repository', () => {
    const api = services.api.command as string[];
    const worker = services.worker.command as string[];
    expect(api[0]).toBe('node');
    expect(worker[0]).toBe('node');
    expect(existsSync(sourceOf(api[1]))).toBe(true);
    expect(existsSync(sourceOf(worker[1]))).toBe(true);
    expect(api[1]).toBe('dist/scripts/start.js');
    expect(api).toContain('--no-worker');
    expect(worker[1]).toBe('dist/worker/main.js');
    expect(readFileSync(sourceOf(worker[1]), 'utf8')).toMatch(/process\.once\('SIGTERM'/);
  });

  it('keeps named volumes for Postgres and documents', () => {
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual(['documents', 'pgdata']);
    expect(services.postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
  });
});

describe('Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)].map((m) => ({ image: m[1], name: m[2] }));

  it('is multi-stage: dependencies with npm ci, a build, and a slim runtime', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'prod-deps', 'runtime']);
    expect(stages.every((s) => s.image === 'deps' || /^node:20-[a-z]+-slim$/.test(s.image))).toBe(true);
    expect(dockerfile).toMatch(/COPY package\.json package-lock\.json \.\/\nRUN npm ci/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(packageJson.scripts.build).toMatch(/^tsc /);
  });

  it('copies what tsc does not emit: definitions (YAML) and the workflow sources the bundler reads', () => {
    expect(dockerfile).toContain('cp -r process-definitions/. dist/process-definitions/');
    expect(dockerfile).toContain('cp -r workflows/. dist/workflows/');
    expect(existsSync(path.join(ROOT, 'workflows', 'index.ts'))).toBe(true);
    expect(readFileSync(path.join(ROOT, 'worker', 'case-worker.ts'), 'utf8')).toContain("'workflows', 'index.ts'");
  });

  it('builds the case workflow bundle in the build stage and points the workers at it', () => {
    const written = /node (dist\/scripts\/bundle-workflows\.js) (dist\/\S+\.js)$/m.exec(dockerfile);
    expect(written).not.toBeNull();
    expect(existsSync(sourceOf(written![1]))).toBe(true);
    expect(dockerfile).toMatch(new RegExp(`WORKFLOW_BUNDLE_PATH=/app/${written![2].replace(/\./g, '\\.')}\\b`));
  });

  it('limits glibc malloc arenas in the image and in npm start, unless the shell sets its own', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^ENV [^]*?\bMALLOC_ARENA_MAX=2 \\$/m);
    const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(packageJson.scripts.start).toMatch(/^MALLOC_ARENA_MAX=\$\{MALLOC_ARENA_MAX:-2\} node /);
  });

  it('starts an entry file that exists, and keeps tests out of the build context', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    const args = JSON.parse(cmd ?? '[]') as string[];
    expect(existsSync(sourceOf(args[1]))).toBe(true);
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.git', 'test']));
  });
});
