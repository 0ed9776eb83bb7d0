// The deployment artifacts (Dockerfile, docker-compose.yml, k8s/) checked against the code they deploy: the
// apps' config classes, their ports and health endpoints, and the Nest build's entry files. A change on either
// side that the other does not follow fails here instead of at deploy time.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describeEnv } from '@shotcaller/observability';
import { SERVICE_CONFIGS } from './support/service-configs.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

function readYaml(path: string): unknown[] {
  return parseAllDocuments(read(path), { merge: true })
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${path}: ${document.errors[0].message}`);
      return document.toJS() as unknown;
    })
    .filter((content) => content !== null && content !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// The code's side
// ---------------------------------------------------------------------------------------------------------------

const APPS = SERVICE_CONFIGS;
type App = keyof typeof APPS;
const APP_NAMES = Object.keys(APPS) as App[];

const PRIVATE_KEY = 'JWT_PRIVATE_KEY';
const PUBLIC_KEY = 'JWT_PUBLIC_KEY';
/** Variables the apps also take as `NAME_FILE=/path` (resolveFileVariables in their config.ts). */
const FILE_FORMS = [PRIVATE_KEY, PUBLIC_KEY];

const variablesOf = (app: App) => describeEnv(APPS[app]);

function knownVariables(app: App): Set<string> {
  const names = variablesOf(app).map((variable) => variable.name);
  const fileForms = names.filter((name) => FILE_FORMS.includes(name)).map((name) => `${name}_FILE`);
  return new Set([...names, ...fileForms]);
}

function requiredVariables(app: App): string[] {
  return variablesOf(app)
    .filter((variable) => variable.defaultValue === undefined)
    .map((variable) => variable.name);
}

const defaultOf = (app: App, name: string) =>
  variablesOf(app).find((variable) => variable.name === name)?.defaultValue;
const uses = (app: App, name: string) => knownVariables(app).has(name);

interface NestProject {
  entryFile: string;
  compilerOptions: { tsConfigPath: string };
}
const nestCli = JSON.parse(read('nest-cli.json')) as { projects: Record<string, NestProject | undefined> };

/** Where `nest build` puts an app's entry file: its tsconfig's outDir, then its entryFile. */
function entryFile(app: App): string {
  const project = nestCli.projects[app];
  if (!project) throw new Error(`nest-cli.json has no project ${app}`);
  const tsconfigPath = project.compilerOptions.tsConfigPath;
  const tsconfig = JSON.parse(read(tsconfigPath)) as { compilerOptions: { outDir: string } };
  const outDir = relative(ROOT, resolve(ROOT, dirname(tsconfigPath), tsconfig.compilerOptions.outDir));
  return posix.join(outDir, `${project.entryFile}.js`);
}

/** Whether a file lies under a directory (a mount point). */
const isInside = (file: string, directory: string) => file.startsWith(`${directory.replace(/\/$/, '')}/`);

describe('the build', () => {
  it.each(APP_NAMES)('nest-cli.json builds %s to dist/apps/<app>/apps/<app>/src/main.js', (app) => {
    expect(nestCli.projects[app]?.entryFile).toBe(`apps/${app}/src/main`);
    expect(entryFile(app)).toBe(`dist/apps/${app}/apps/${app}/src/main.js`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes
// ---------------------------------------------------------------------------------------------------------------

interface KeyRef {
  name: string;
  key: string;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: KeyRef; configMapKeyRef?: KeyRef };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string }; prefix?: string }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Volume {
  name: string;
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  emptyDir?: object;
  persistentVolumeClaim?: { claimName: string };
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}
interface Deployment extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        containers: Container[];
        volumes?: Volume[];
        terminationGracePeriodSeconds?: number;
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
      };
    };
  };
}
interface Service extends K8sObject {
  spec: {
    type?: string;
    selector: Record<string, string>;
    ports: { name?: string; port: number; targetPort?: string | number }[];
  };
}
interface ConfigMap extends K8sObject {
  data?: Record<string, string>;
}
interface Autoscaler extends K8sObject {
  spec: {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
  };
}
interface DisruptionBudget extends K8sObject {
  spec: { minAvailable?: number | string; selector: { matchLabels: Record<string, string> } };
}
interface Ingress extends K8sObject {
  spec: {
    rules: {
      http: {
        paths: {
          path: string;
          backend: { service: { name: string; port: { name?: string; number?: number } } };
        }[];
      };
    }[];
  };
}
interface Kustomization {
  resources?: string[];
  patches?: { path?: string }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  secretGenerator?: { name: string; envs?: string[]; files?: string[] }[];
}

const BASE = 'k8s/base';
const DEV = 'k8s/overlays/dev';
const kustomization = (dir: string) => readYaml(`${dir}/kustomization.yaml`)[0] as Kustomization;

const base = (kustomization(BASE).resources ?? []).flatMap((file) =>
  readYaml(`${BASE}/${file}`),
) as K8sObject[];
const ofKind = <T extends K8sObject>(kind: string) => base.filter((object) => object.kind === kind) as T[];
const named = <T extends K8sObject>(kind: string, name: string) =>
  ofKind<T>(kind).find((o) => o.metadata.name === name);

function deployment(app: App): Deployment {
  const found = ofKind<Deployment>('Deployment').filter(
    (d) => d.metadata.labels?.['app.kubernetes.io/name'] === app,
  );
  if (found.length !== 1) throw new Error(`${BASE}: ${found.length} Deployments labelled ${app}, not 1`);
  return found[0];
}

const podSpec = (app: App) => deployment(app).spec.template.spec;
const container = (app: App) => podSpec(app).containers[0];
const httpPort = (app: App) => container(app).ports?.find((port) => port.name === 'http')?.containerPort;

type EnvSource = { value: string } | { secret: KeyRef } | { configMap: KeyRef };

/** Every variable a Deployment gives its app, with where its value comes from. */
function k8sEnvironment(app: App): Map<string, EnvSource> {
  const variables = new Map<string, EnvSource>();
  for (const source of container(app).envFrom ?? []) {
    const name = source.configMapRef?.name ?? '';
    for (const key of Object.keys(named<ConfigMap>('ConfigMap', name)?.data ?? {})) {
      variables.set(key, { configMap: { name, key } });
    }
  }
  for (const variable of container(app).env ?? []) {
    const { secretKeyRef, configMapKeyRef } = variable.valueFrom ?? {};
    if (secretKeyRef) variables.set(variable.name, { secret: secretKeyRef });
    else if (configMapKeyRef) variables.set(variable.name, { configMap: configMapKeyRef });
    else variables.set(variable.name, { value: variable.value ?? '' });
  }
  return variables;
}

const k8sValue = (app: App, name: string) => {
  const source = k8sEnvironment(app).get(name);
  return source && 'value' in source ? source.value : undefined;
};

/** The Secret key a path inside the container shows, if a Secret volume is mounted over it. */
function secretFileAt(app: App, path: string): KeyRef | undefined {
  const mount = container(app).volumeMounts?.find((candidate) => isInside(path, candidate.mountPath));
  const secret = podSpec(app).volumes?.find((volume) => volume.name === mount?.name)?.secret;
  if (!mount || !secret) return undefined;
  const file = posix.relative(mount.mountPath, path);
  const key = secret.items ? secret.items.find((item) => item.path === file)?.key : file;
  return key === undefined ? undefined : { name: secret.secretName, key };
}

/** `secret/key` for every Secret key that reaches the app's container; `secret/*` for a whole Secret. */
function reachableSecretKeys(app: App): Set<string> {
  const reachable = new Set<string>();
  for (const source of k8sEnvironment(app).values()) {
    if ('secret' in source) reachable.add(`${source.secret.name}/${source.secret.key}`);
  }
  for (const volume of podSpec(app).volumes ?? []) {
    if (!volume.secret) continue;
    const keys = volume.secret.items?.map((item) => item.key) ?? ['*'];
    for (const key of keys) reachable.add(`${volume.secret.secretName}/${key}`);
  }
  return reachable;
}

/** The port a probe or Service names, as a number: a port name is looked up on the container. */
function resolvePort(app: App, port: string | number | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container(app).ports?.find((candidate) => candidate.name === port)?.containerPort;
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** How many replicas an app runs at least: its autoscaler's minimum, else its Deployment's count. */
function minimumReplicas(app: App): number {
  const autoscaler = ofKind<Autoscaler>('HorizontalPodAutoscaler').find(
    (hpa) => hpa.spec.scaleTargetRef.name === deployment(app).metadata.name,
  );
  return autoscaler?.spec.minReplicas ?? deployment(app).spec.replicas ?? 1;
}

describe('k8s: one Deployment and Service per app', () => {
  it.each(APP_NAMES)('%s has a labelled Deployment running the shared image', (app) => {
    const { metadata, spec } = deployment(app);
    expect(metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'shotcaller' });
    expect(matches(spec.selector.matchLabels, spec.template.metadata.labels)).toBe(true);
    expect(spec.template.spec.containers).toHaveLength(1);
    expect(container(app).image).toBe('shotcaller');
  });

  it('lets kustomize set the shared image', () => {
    expect(kustomization(BASE).images?.map((image) => image.name)).toEqual(['shotcaller']);
    expect(kustomization(DEV).images?.map((image) => image.name)).toEqual(['shotcaller']);
  });

  it.each(APP_NAMES)("%s listens on the port it is given, or its config's default", (app) => {
    const port = Number(k8sValue(app, 'PORT') ?? defaultOf(app, 'PORT'));
    expect(httpPort(app)).toBe(port);
  });

  it.each(APP_NAMES)('%s is probed on its health endpoints and its port', (app) => {
    const { startupProbe, livenessProbe, readinessProbe } = container(app);
    expect(startupProbe?.httpGet?.path).toBe('/health/live');
    expect(livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(readinessProbe?.httpGet?.path).toBe('/health/ready');
    for (const probe of [startupProbe, livenessProbe, readinessProbe]) {
      expect(resolvePort(app, probe?.httpGet?.port)).toBe(httpPort(app));
    }
  });

  it.each(APP_NAMES)("%s has a ClusterIP Service targeting its pods' port", (app) => {
    const service = named<Service>('Service', app);
    expect(service?.spec.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(matches(service?.spec.selector ?? {}, deployment(app).spec.template.metadata.labels)).toBe(true);
    const port = service?.spec.ports.find((candidate) => candidate.name === 'http');
    expect(resolvePort(app, port?.targetPort ?? port?.port)).toBe(httpPort(app));
  });

  it.each(APP_NAMES)('%s runs its own entry file', (app) => {
    const { command = [], args = [] } = container(app);
    expect([...command, ...args]).toEqual(['node', entryFile(app)]);
  });
});

describe('k8s: configuration', () => {
  it.each(APP_NAMES)('%s gets every variable its config requires', (app) => {
    const environment = k8sEnvironment(app);
    for (const name of requiredVariables(app)) {
      const file = k8sValue(app, `${name}_FILE`);
      const provided = environment.has(name) || (file !== undefined && secretFileAt(app, file) !== undefined);
      expect({ name, provided }).toEqual({ name, provided: true });
    }
  });

  it.each(APP_NAMES)('%s gets no variable its config does not know', (app) => {
    const known = knownVariables(app);
    expect([...k8sEnvironment(app).keys()].filter((name) => !known.has(name))).toEqual([]);
  });

  it.each(APP_NAMES)('%s takes whole sources only from ConfigMaps defined in base', (app) => {
    for (const source of container(app).envFrom ?? []) {
      expect(source.secretRef).toBeUndefined();
      expect(source.prefix).toBeUndefined();
      expect(named('ConfigMap', source.configMapRef?.name ?? '')).toBeDefined();
    }
  });

  it.each(APP_NAMES)('%s reads only ConfigMap keys that exist', (app) => {
    for (const source of k8sEnvironment(app).values()) {
      if (!('configMap' in source)) continue;
      const data = named<ConfigMap>('ConfigMap', source.configMap.name)?.data ?? {};
      expect(Object.keys(data)).toContain(source.configMap.key);
    }
  });

  it('gives the private key to campaign only and the public key to the gateway only', () => {
    const holders = (key: string) =>
      APP_NAMES.filter((app) => {
        const reachable = reachableSecretKeys(app);
        return reachable.has(`shotcaller-jwt/${key}`) || reachable.has('shotcaller-jwt/*');
      });
    expect(holders('jwt-private.pem')).toEqual(['campaign']);
    expect(holders('jwt-public.pem')).toEqual(['gateway']);
    const keyFile = (app: App, name: string) => secretFileAt(app, k8sValue(app, `${name}_FILE`) ?? '')?.key;
    expect(keyFile('campaign', PRIVATE_KEY)).toBe('jwt-private.pem');
    expect(keyFile('gateway', PUBLIC_KEY)).toBe('jwt-public.pem');
  });

  it('mounts a writable volume at the media storage directory', () => {
    const directory = k8sValue('media', 'MEDIA_STORAGE_DIR') ?? '';
    const mount = container('media').volumeMounts?.find((candidate) => candidate.mountPath === directory);
    expect(mount?.readOnly ?? false).toBe(false);
    const volume = podSpec('media').volumes?.find((candidate) => candidate.name === mount?.name);
    expect(volume?.persistentVolumeClaim ?? volume?.emptyDir).toBeDefined();
  });
});

describe('k8s: hardening and lifecycle', () => {
  const shutdownTimeoutMs = (app: App) => {
    const source = k8sEnvironment(app).get('SHUTDOWN_TIMEOUT_MS');
    if (source && 'configMap' in source) {
      return Number(named<ConfigMap>('ConfigMap', source.configMap.name)?.data?.[source.configMap.key]);
    }
    return Number(
      (source && 'value' in source ? source.value : undefined) ?? defaultOf(app, 'SHUTDOWN_TIMEOUT_MS'),
    );
  };

  it.each(APP_NAMES)('%s runs unprivileged on a read-only root filesystem', (app) => {
    expect(podSpec(app).securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container(app).securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
  });

  it.each(APP_NAMES)('%s has resource requests and limits', (app) => {
    const { requests, limits } = container(app).resources ?? {};
    expect(Object.keys(requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(limits?.memory).toBeDefined();
  });

  it.each(APP_NAMES)('%s gets longer to stop than its preStop pause and shutdown timeout', (app) => {
    const [program, seconds] = container(app).lifecycle?.preStop?.exec?.command ?? [];
    const preStopMs = program === 'sleep' ? Number(seconds) * 1000 : 0;
    const graceMs = (podSpec(app).terminationGracePeriodSeconds ?? 30) * 1000;
    expect(graceMs).toBeGreaterThan(preStopMs + shutdownTimeoutMs(app));
  });
});

describe('k8s: autoscaling, disruption budgets and ingress', () => {
  it('scales only existing Deployments, and never media while it keeps files on a volume', () => {
    for (const hpa of ofKind<Autoscaler>('HorizontalPodAutoscaler')) {
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
      expect(named('Deployment', hpa.spec.scaleTargetRef.name)).toBeDefined();
      if (hpa.spec.scaleTargetRef.name === deployment('media').metadata.name) {
        expect(hpa.spec.maxReplicas).toBe(1);
      }
    }
    const scaled = ofKind<Autoscaler>('HorizontalPodAutoscaler').map((hpa) => hpa.spec.scaleTargetRef.name);
    expect(scaled.sort()).toEqual(['campaign', 'chat', 'gateway', 'jobs', 'realtime-location']);
  });

  it('budgets disruptions only for apps that run more than one replica', () => {
    for (const budget of ofKind<DisruptionBudget>('PodDisruptionBudget')) {
      expect(budget.apiVersion).toBe('policy/v1');
      const targets = APP_NAMES.filter((app) =>
        matches(budget.spec.selector.matchLabels, deployment(app).spec.template.metadata.labels),
      );
      expect(targets).toHaveLength(1);
      expect(minimumReplicas(targets[0])).toBeGreaterThan(1);
    }
  });

  it("routes the Ingress to the gateway Service's port, with long timeouts and sticky sessions", () => {
    const [ingress, ...others] = ofKind<Ingress>('Ingress');
    expect(others).toEqual([]);
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    const backends = ingress.spec.rules.flatMap((rule) =>
      rule.http.paths.map((path) => path.backend.service),
    );
    const gateway = named<Service>('Service', 'gateway');
    for (const backend of backends) {
      expect(backend.name).toBe('gateway');
      const port = gateway?.spec.ports.find(
        (p) => p.name === backend.port.name || p.port === backend.port.number,
      );
      expect(port).toBeDefined();
    }
    expect(ingress.spec.rules.flatMap((rule) => rule.http.paths.map((path) => path.path))).toContain('/');
    const nginx = (name: string) => ingress.metadata.annotations?.[`nginx.ingress.kubernetes.io/${name}`];
    expect(Number(nginx('proxy-read-timeout'))).toBeGreaterThanOrEqual(3600);
    expect(Number(nginx('proxy-send-timeout'))).toBeGreaterThanOrEqual(3600);
    expect(nginx('affinity')).toBe('cookie');
  });
});

describe('k8s: kustomizations', () => {
  it.each([BASE, DEV])('%s lists files that exist', (dir) => {
    const { resources = [], patches = [] } = kustomization(dir);
    for (const resource of resources) {
      const path = resolve(ROOT, dir, resource);
      expect({ resource, exists: existsSync(path) || existsSync(`${path}/kustomization.yaml`) }).toEqual({
        resource,
        exists: true,
      });
    }
    for (const patch of patches.filter((candidate) => candidate.path)) {
      expect(existsSync(resolve(ROOT, dir, patch.path ?? ''))).toBe(true);
    }
  });

  it('builds the dev overlay on base', () => {
    expect(kustomization(DEV).resources).toContain('../../base');
  });

  it("dev secrets.env.example provides every shotcaller-secrets key that's read", () => {
    const generator = kustomization(DEV).secretGenerator?.find((g) => g.name === 'shotcaller-secrets');
    expect(generator?.envs).toEqual(['secrets.env']);
    const example = read(`${DEV}/secrets.env.example`);
    const keys = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((match) => match[1]));
    const infrastructure = (kustomization(DEV).resources ?? [])
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => readYaml(`${DEV}/${file}`));
    const referenced = JSON.stringify([...base, ...infrastructure]).matchAll(
      /"secretKeyRef":\{"name":"shotcaller-secrets","key":"([^"]+)"\}/g,
    );
    for (const [, key] of referenced) expect(keys).toContain(key);
  });

  it('dev shotcaller-jwt holds the key files base mounts, and they stay out of git', () => {
    const generator = kustomization(DEV).secretGenerator?.find((g) => g.name === 'shotcaller-jwt');
    const files = (generator?.files ?? []).map((file) => posix.basename(file)).sort();
    expect(files).toEqual(['jwt-private.pem', 'jwt-public.pem']);
    const ignored = read(`${DEV}/.gitignore`).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['keys/', 'secrets.env']));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// docker-compose.yml
// ---------------------------------------------------------------------------------------------------------------

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { source?: string; target: string; read_only?: boolean })[];
  ports?: (string | number | { published?: string | number; target: number })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[] };
}

const compose = readYaml('docker-compose.yml')[0] as { services: Record<string, ComposeService> };

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

function composeEnvironment(name: string): Map<string, string> {
  const environment = service(name).environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((entry) => [entry.split('=')[0], entry.slice(entry.indexOf('=') + 1)])
    : Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]);
  return new Map(entries as [string, string][]);
}

function composeMounts(name: string): { source: string; target: string; readOnly: boolean }[] {
  return (service(name).volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') {
      return { source: volume.source ?? '', target: volume.target, readOnly: volume.read_only ?? false };
    }
    const [source, target, mode = ''] = volume.split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
}

function publishedPorts(name: string): { host: number; container: number }[] {
  return (service(name).ports ?? []).map((port) => {
    if (typeof port === 'object') return { host: Number(port.published), container: port.target };
    const parts = String(port).split(':');
    const container = Number(parts.at(-1));
    return { host: parts.length > 1 ? Number(parts.at(-2)) : container, container };
  });
}

function dependencies(name: string): Record<string, string> {
  const dependsOn = service(name).depends_on ?? {};
  if (Array.isArray(dependsOn)) {
    return Object.fromEntries(dependsOn.map((dependency) => [dependency, 'service_started']));
  }
  const conditions = Object.entries(dependsOn).map(([key, value]) => [
    key,
    value.condition ?? 'service_started',
  ]);
  return Object.fromEntries(conditions);
}

const commandOf = (name: string) => [service(name).command ?? []].flat().join(' ');
const composePort = (app: App) => Number(composeEnvironment(app).get('PORT') ?? defaultOf(app, 'PORT'));

/** The volume an app mounts over the directory of one of its `*_FILE` paths. */
function composeVolumeOf(app: App, name: string): string | undefined {
  const path = composeEnvironment(app).get(`${name}_FILE`);
  return composeMounts(app).find((mount) => path !== undefined && isInside(path, mount.target))?.source;
}

describe('docker-compose: app services', () => {
  it('runs every app from the one image, built once from the Dockerfile', () => {
    const images = new Set(APP_NAMES.map((app) => service(app).image));
    expect(images.size).toBe(1);
    const [image] = images;
    expect(image).toMatch(/^shotcaller:/);
    const builders = Object.values(compose.services).filter((candidate) => candidate.build !== undefined);
    expect(builders).toHaveLength(1);
    expect(builders[0]).toMatchObject({ build: '.', image });
  });

  it.each(APP_NAMES)('%s runs its own entry file', (app) => {
    expect(commandOf(app)).toBe(`node ${entryFile(app)}`);
  });

  it.each(APP_NAMES)('%s gets every variable its config requires', (app) => {
    const environment = composeEnvironment(app);
    for (const name of requiredVariables(app)) {
      const provided = environment.has(name) || composeVolumeOf(app, name) !== undefined;
      expect({ name, provided }).toEqual({ name, provided: true });
    }
  });

  it.each(APP_NAMES)('%s gets no variable its config does not know', (app) => {
    const known = knownVariables(app);
    expect([...composeEnvironment(app).keys()].filter((name) => !known.has(name))).toEqual([]);
  });

  it.each(APP_NAMES)('%s reaches NATS, PostgreSQL and Redis by their compose names', (app) => {
    for (const name of ['NATS_URL', 'DATABASE_URL', 'REDIS_URL'].filter((variable) => uses(app, variable))) {
      const value = composeEnvironment(app).get(name) ?? '';
      const host = new URL(value.replace(/\$\{[^}]*\}/g, 'x')).hostname;
      expect({ name, host, isService: host in compose.services }).toEqual({ name, host, isService: true });
    }
  });

  it.each(APP_NAMES)('%s checks its readiness endpoint', (app) => {
    expect([service(app).healthcheck?.test ?? []].flat().join(' ')).toContain('/health/ready');
  });

  it('publishes the gateway on host port 3000 and no other app', () => {
    expect(publishedPorts('gateway')).toEqual([{ host: 3000, container: composePort('gateway') }]);
    for (const app of APP_NAMES.filter((name) => name !== 'gateway')) expect(publishedPorts(app)).toEqual([]);
  });

  it('gives the private key to campaign only and the public key to the gateway only', () => {
    const setting = (name: string) =>
      APP_NAMES.filter(
        (app) => composeEnvironment(app).has(name) || composeEnvironment(app).has(`${name}_FILE`),
      );
    expect(setting(PRIVATE_KEY)).toEqual(['campaign']);
    expect(setting(PUBLIC_KEY)).toEqual(['gateway']);
    const mounting = (volume: string | undefined) =>
      APP_NAMES.filter((app) => composeMounts(app).some((mount) => mount.source === volume));
    expect(mounting(composeVolumeOf('campaign', PRIVATE_KEY))).toEqual(['campaign']);
    expect(mounting(composeVolumeOf('gateway', PUBLIC_KEY))).toEqual(['gateway']);
  });
});

describe('docker-compose: infrastructure and start order', () => {
  it('has NATS with JetStream, PostgreSQL, Redis, MinIO and Mailpit', () => {
    expect(service('nats').image).toMatch(/^nats:2/);
    expect([service('nats').command ?? []].flat()).toContain('-js');
    expect(service('postgres').image).toMatch(/^postgres:16/);
    expect(service('redis').image).toMatch(/^redis:7/);
    expect(service('minio').image).toMatch(/minio/);
    expect(service('mailpit').image).toMatch(/mailpit/);
  });

  it.each(APP_NAMES)('%s starts after the healthy stores it uses', (app) => {
    const expected: Record<string, string> = { nats: 'service_healthy' };
    if (uses(app, 'DATABASE_URL')) expected.postgres = 'service_healthy';
    if (uses(app, 'REDIS_URL')) expected.redis = 'service_healthy';
    expect(dependencies(app)).toMatchObject(expected);
    for (const [dependency, condition] of Object.entries(dependencies(app))) {
      if (condition === 'service_healthy') expect(service(dependency).healthcheck?.test).toBeDefined();
    }
  });

  it.each(['campaign', 'gateway'] as const)('%s starts after its key file has been written', (app) => {
    const volume = composeVolumeOf(app, app === 'campaign' ? PRIVATE_KEY : PUBLIC_KEY);
    const writers = Object.keys(compose.services).filter(
      (name) =>
        !APP_NAMES.includes(name as App) &&
        composeMounts(name).some((m) => m.source === volume && !m.readOnly),
    );
    expect(writers).not.toEqual([]);
    for (const writer of writers) {
      expect(dependencies(app)[writer]).toBe('service_completed_successfully');
      expect(commandOf(writer)).toContain('scripts/generate-keys.mjs');
      expect(service(writer).image).toBe(service(app).image);
    }
    expect(composeMounts(app).find((mount) => mount.source === volume)?.readOnly).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------------------------------------------

describe('Dockerfile', () => {
  const lines = read('Dockerfile')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const argDefaults = Object.fromEntries(
    lines.flatMap((line) => [...line.matchAll(/^ARG (\w+)=(\S+)/g)].map((match) => [match[1], match[2]])),
  );
  const stages = lines.filter((line) => line.startsWith('FROM '));
  const runtime = lines.slice(lines.lastIndexOf(stages.at(-1) ?? ''));

  it('builds every stage on node:24-bookworm-slim', () => {
    const stageNames: string[] = [];
    for (const stage of stages) {
      const [, image, , name] = stage.split(/\s+/);
      const resolved = image.replace(/^\$\{(\w+)\}$/, (_, arg: string) => argDefaults[arg] ?? arg);
      expect([...stageNames, 'node:24-bookworm-slim']).toContain(resolved);
      if (name) stageNames.push(name);
    }
    expect(stages.length).toBeGreaterThanOrEqual(2);
  });

  it('installs from the lock file and ships production dependencies only', () => {
    expect(lines.some((line) => /^RUN .*npm ci\b/.test(line))).toBe(true);
    expect(lines.some((line) => /^RUN .*npm prune --omit=dev/.test(line))).toBe(true);
  });

  it('runs as the unprivileged node user in production mode', () => {
    expect(runtime.filter((line) => line.startsWith('USER ')).at(-1)).toBe('USER node');
    expect(runtime).toContain('ENV NODE_ENV=production');
  });

  it('exposes every port the apps are deployed on, and starts one of them by default', () => {
    const exposed = runtime
      .filter((line) => line.startsWith('EXPOSE '))
      .flatMap((line) => line.split(/\s+/).slice(1));
    for (const app of APP_NAMES) {
      expect(exposed).toContain(String(httpPort(app)));
      expect(exposed).toContain(String(composePort(app)));
    }
    const command = runtime.filter((line) => line.startsWith('CMD ')).at(-1) ?? '';
    const entries = APP_NAMES.map(entryFile);
    expect(entries.some((entry) => command.includes(entry))).toBe(true);
  });
});
