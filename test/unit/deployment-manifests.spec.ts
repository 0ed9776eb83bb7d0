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
const NATS_SEED = 'NATS_NKEY_SEED';
/** Variables the apps also take as `NAME_FILE=/path` (resolveFileVariables in their config.ts). */
const FILE_FORMS = [
  PRIVATE_KEY,
  PUBLIC_KEY,
  NATS_SEED,
  'LOCATION_TOKEN_PRIVATE_KEY',
  'LOCATION_TOKEN_PUBLIC_KEY',
];
/** Every app but campaign verifies access tokens with the public key; campaign signs them with the private one. */
const VERIFIERS = APP_NAMES.filter((app) => app !== 'campaign');

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
  configMap?: { name: string };
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
      metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
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
  configMapGenerator?: { name: string; files?: string[] }[];
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}
interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}
interface PolicyPort {
  protocol?: string;
  port?: number | string;
}
interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[];
    egress?: { to?: PolicyPeer[]; ports?: PolicyPort[] }[];
  };
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

  it('gives the private key to campaign only and the public key to every other app', () => {
    const holders = (key: string) =>
      APP_NAMES.filter((app) => {
        const reachable = reachableSecretKeys(app);
        return reachable.has(`shotcaller-jwt/${key}`) || reachable.has('shotcaller-jwt/*');
      });
    expect(holders('jwt-private.pem')).toEqual(['campaign']);
    expect(holders('jwt-public.pem')).toEqual(VERIFIERS);
    const keyFile = (app: App, name: string) => secretFileAt(app, k8sValue(app, `${name}_FILE`) ?? '')?.key;
    expect(keyFile('campaign', PRIVATE_KEY)).toBe('jwt-private.pem');
    for (const app of VERIFIERS)
      expect({ app, key: keyFile(app, PUBLIC_KEY) }).toEqual({ app, key: 'jwt-public.pem' });
  });

  it.each(APP_NAMES)('%s reads its NATS seed from its own Secret, and no other seed reaches it', (app) => {
    expect(secretFileAt(app, k8sValue(app, `${NATS_SEED}_FILE`) ?? '')).toEqual({
      name: `shotcaller-nats-${app}`,
      key: 'nats.nk',
    });
    const seeds = [...reachableSecretKeys(app)].filter((key) => key.startsWith('shotcaller-nats-'));
    expect(seeds).toEqual([`shotcaller-nats-${app}/nats.nk`]);
  });

  it.each(APP_NAMES)(
    '%s has its operations port, scraped by Prometheus but not exposed by its Service',
    (app) => {
      const opsPort = Number(k8sValue(app, 'OPS_PORT') ?? defaultOf(app, 'OPS_PORT'));
      expect(resolvePort(app, 'ops')).toBe(opsPort);
      expect(deployment(app).spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(opsPort),
        'prometheus.io/path': '/metrics',
      });
      const exposed = named<Service>('Service', app)?.spec.ports.map((port) =>
        resolvePort(app, port.targetPort ?? port.port),
      );
      expect(exposed).not.toContain(opsPort);
    },
  );

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

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes network policies
// ---------------------------------------------------------------------------------------------------------------

/** Whether a label selector picks a pod with these labels (an empty selector picks every pod). */
function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  const expressions = (selector?.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key]);
    if (operator === 'NotIn') return !values.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    throw new Error(`unknown selector operator ${operator}`);
  });
  return expressions && matches(selector?.matchLabels ?? {}, labels);
}

const podLabels = (app: App) => deployment(app).spec.template.metadata.labels;
const policiesIn = (objects: unknown[]) =>
  (objects as K8sObject[]).filter((object) => object.kind === 'NetworkPolicy') as NetworkPolicy[];
const basePolicies = policiesIn(base);
const devPolicies = policiesIn(readYaml(`${DEV}/network-policies.yaml`));

/** A peer in words: `namespace:<name>`, `app:<name>` (pods of this namespace), `dns`, or `anywhere`. */
function describePeer(peer: PolicyPeer | undefined): string[] {
  if (!peer) return ['anywhere'];
  if (peer.ipBlock) return [`ip:${peer.ipBlock.cidr}`];
  if (peer.namespaceSelector) {
    if (peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns') return ['dns'];
    if (peer.podSelector) return ['pods-in-other-namespaces'];
    return [`namespace:${peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] ?? '*'}`];
  }
  const apps = APP_NAMES.filter((app) => selects(peer.podSelector, podLabels(app)));
  return apps.length === APP_NAMES.length ? ['app:*'] : apps.map((app) => `app:${app}`);
}

/** What a set of policies lets into (or out of) pods with these labels, as `<peer> -> <port>/<protocol>`. */
function allowed(
  policies: NetworkPolicy[],
  labels: Record<string, string>,
  direction: 'Ingress' | 'Egress',
  portName: (port: string) => number | undefined = () => undefined,
): string[] {
  const rules = policies
    .filter((policy) => selects(policy.spec.podSelector, labels))
    .filter((policy) => (policy.spec.policyTypes ?? ['Ingress']).includes(direction))
    .flatMap((policy) =>
      direction === 'Ingress'
        ? (policy.spec.ingress ?? []).map((rule) => ({ peers: rule.from, ports: rule.ports }))
        : (policy.spec.egress ?? []).map((rule) => ({ peers: rule.to, ports: rule.ports })),
    );
  const entries = rules.flatMap(({ peers, ports }) =>
    (peers ?? [undefined]).flatMap(describePeer).flatMap((peer) =>
      (ports ?? [{}]).map(({ port, protocol = 'TCP' }) => {
        const number = typeof port === 'string' ? (portName(port) ?? port) : (port ?? '*');
        return `${peer} -> ${number}/${protocol}`;
      }),
    ),
  );
  return [...new Set(entries)].sort();
}

const DNS = ['dns -> 53/TCP', 'dns -> 53/UDP'];
/** What each app calls besides NATS, PostgreSQL and Redis. */
const OTHER_EGRESS: Partial<Record<App, string[]>> = {
  gateway: ['app:jobs -> 3015/TCP', 'app:media -> 3014/TCP'],
  media: ['anywhere -> 443/TCP'],
  jobs: ['anywhere -> 25/TCP', 'anywhere -> 443/TCP', 'anywhere -> 465/TCP', 'anywhere -> 587/TCP'],
};

describe('k8s: network policies', () => {
  const opsPort = (app: App) => resolvePort(app, 'ops');
  const ingressTo = (app: App) =>
    allowed(basePolicies, podLabels(app), 'Ingress', (name) => resolvePort(app, name));

  it('denies all ingress and egress in the namespace unless allowed, DNS excepted', () => {
    const denyAll = basePolicies.filter(
      (policy) =>
        Object.keys(policy.spec.podSelector).length === 0 &&
        (policy.spec.policyTypes ?? []).includes('Ingress') &&
        (policy.spec.policyTypes ?? []).includes('Egress') &&
        !policy.spec.ingress?.length &&
        !policy.spec.egress?.length,
    );
    expect(denyAll).toHaveLength(1);
    expect(allowed(basePolicies, { 'any-pod': 'x' }, 'Egress')).toEqual(DNS);
    expect(allowed(basePolicies, { 'any-pod': 'x' }, 'Ingress')).toEqual([]);
  });

  it('lets only the ingress controller reach the gateway, on its HTTP port only', () => {
    expect(ingressTo('gateway')).toEqual(
      [
        `namespace:ingress-nginx -> ${httpPort('gateway')}/TCP`,
        `namespace:monitoring -> ${opsPort('gateway')}/TCP`,
      ].sort(),
    );
    for (const app of APP_NAMES.filter((name) => name !== 'gateway')) {
      expect(ingressTo(app).filter((entry) => entry.startsWith('namespace:ingress-nginx'))).toEqual([]);
    }
  });

  it.each(APP_NAMES.filter((app) => app !== 'gateway'))(
    '%s takes connections only on its ops port from monitoring (media and jobs: HTTP from the gateway too)',
    (app) => {
      const expected = [`namespace:monitoring -> ${opsPort(app)}/TCP`];
      // Image bytes (media) and the queue dashboard (jobs) pass through the gateway.
      if (app === 'media' || app === 'jobs') expected.push(`app:gateway -> ${httpPort(app)}/TCP`);
      expect(ingressTo(app)).toEqual(expected.sort());
    },
  );

  it.each(APP_NAMES)('%s may connect only to the stores and services it uses', (app) => {
    const expected = [...DNS, 'anywhere -> 4222/TCP', ...(OTHER_EGRESS[app] ?? [])];
    if (uses(app, 'DATABASE_URL')) expected.push('anywhere -> 5432/TCP');
    if (uses(app, 'REDIS_URL')) expected.push('anywhere -> 6379/TCP');
    expect(allowed(basePolicies, podLabels(app), 'Egress')).toEqual(expected.sort());
  });

  it('lets the gateway reach media and jobs on the ports they listen on', () => {
    expect(OTHER_EGRESS.gateway).toEqual([
      `app:jobs -> ${httpPort('jobs')}/TCP`,
      `app:media -> ${httpPort('media')}/TCP`,
    ]);
  });

  it.each([
    ['nats', 'client', APP_NAMES],
    ['postgres', 'postgres', APP_NAMES.filter((app) => uses(app, 'DATABASE_URL'))],
    ['redis', 'redis', APP_NAMES.filter((app) => uses(app, 'REDIS_URL'))],
  ] as const)('dev: %s takes connections only from the apps that use it', (store, port, users) => {
    const infrastructure = (kustomization(DEV).resources ?? [])
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => readYaml(`${DEV}/${file}`)) as K8sObject[];
    const store_ = infrastructure.find(
      (object) => object.kind === 'Deployment' && object.metadata.name === store,
    ) as Deployment | undefined;
    const labels = store_?.spec.template.metadata.labels ?? {};
    const number = store_?.spec.template.spec.containers[0].ports?.find(
      (p) => p.name === port,
    )?.containerPort;
    const apps = users.length === APP_NAMES.length ? ['app:*'] : users.map((app) => `app:${app}`);
    const policies = [...basePolicies, ...devPolicies];
    expect(allowed(policies, labels, 'Ingress', (name) => (name === port ? number : undefined))).toEqual(
      apps.map((peer) => `${peer} -> ${number}/TCP`).sort(),
    );
    expect(kustomization(DEV).resources).toContain('network-policies.yaml');
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

  it('dev makes each app its own NATS seed Secret and the NATS configuration from files kept out of git', () => {
    const { secretGenerator = [], configMapGenerator = [] } = kustomization(DEV);
    for (const app of APP_NAMES) {
      const generator = secretGenerator.find((candidate) => candidate.name === `shotcaller-nats-${app}`);
      expect({ app, files: generator?.files }).toEqual({ app, files: [`nats.nk=nats/${app}.nk`] });
    }
    const config = configMapGenerator.find((candidate) => candidate.files?.includes('nats/nats-server.conf'));
    const nats = readYaml(`${DEV}/nats.yaml`).find(
      (object) => (object as K8sObject).kind === 'Deployment',
    ) as Deployment;
    const { args = [], volumeMounts = [] } = nats.spec.template.spec.containers[0];
    const path = args[args.indexOf('-c') + 1];
    const mount = volumeMounts.find((candidate) => isInside(path, candidate.mountPath));
    const volume = nats.spec.template.spec.volumes?.find((candidate) => candidate.name === mount?.name);
    expect(volume?.configMap?.name).toBe(config?.name);
    expect(posix.relative(mount?.mountPath ?? '', path)).toBe('nats-server.conf');
    expect(read(`${DEV}/.gitignore`).split('\n')).toContain('nats/');
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
  networks?: string[] | Record<string, unknown>;
  network_mode?: string;
}

const compose = readYaml('docker-compose.yml')[0] as {
  services: Record<string, ComposeService>;
  networks?: Record<string, { internal?: boolean } | null>;
};

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

  it('gives the private key to campaign only and the public key to every other app', () => {
    const setting = (name: string) =>
      APP_NAMES.filter(
        (app) => composeEnvironment(app).has(name) || composeEnvironment(app).has(`${name}_FILE`),
      );
    expect(setting(PRIVATE_KEY)).toEqual(['campaign']);
    expect(setting(PUBLIC_KEY)).toEqual(VERIFIERS);
    const mounting = (volume: string | undefined) =>
      APP_NAMES.filter((app) => composeMounts(app).some((mount) => mount.source === volume));
    expect(mounting(composeVolumeOf('campaign', PRIVATE_KEY))).toEqual(['campaign']);
    for (const app of VERIFIERS) expect(mounting(composeVolumeOf(app, PUBLIC_KEY))).toEqual(VERIFIERS);
    expect(composeVolumeOf('gateway', PUBLIC_KEY)).not.toBe(composeVolumeOf('campaign', PRIVATE_KEY));
  });

  it.each(APP_NAMES)('%s mounts its own NATS seed volume, read-only, and no other', (app) => {
    const volume = composeVolumeOf(app, NATS_SEED);
    expect(volume).toBe(`nats-seed-${app}`);
    const seedVolumes = composeMounts(app).filter((mount) => mount.source.startsWith('nats-seed'));
    expect(seedVolumes).toEqual([expect.objectContaining({ source: volume, readOnly: true })]);
    const others = Object.keys(compose.services).filter(
      (name) => name !== app && composeMounts(name).some((mount) => mount.source === volume),
    );
    expect(others).toEqual(['nats-auth']);
  });

  it.each(APP_NAMES)('%s has its operations port set and not published', (app) => {
    const opsPort = Number(composeEnvironment(app).get('OPS_PORT'));
    expect(opsPort).toBe(Number(defaultOf(app, 'OPS_PORT')));
    expect(publishedPorts(app).map((port) => port.container)).not.toContain(opsPort);
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

  /** The one-shot services that write a volume. */
  const writersOf = (volume: string | undefined) =>
    Object.keys(compose.services).filter(
      (name) =>
        !APP_NAMES.includes(name as App) &&
        composeMounts(name).some((m) => m.source === volume && !m.readOnly),
    );

  it.each(APP_NAMES)('%s starts after its key file has been written', (app) => {
    const volume = composeVolumeOf(app, app === 'campaign' ? PRIVATE_KEY : PUBLIC_KEY);
    const writers = writersOf(volume);
    expect(writers).not.toEqual([]);
    for (const writer of writers) {
      expect(dependencies(app)[writer]).toBe('service_completed_successfully');
      expect(commandOf(writer)).toContain('scripts/generate-keys.mjs');
      expect(service(writer).image).toBe(service(app).image);
    }
    expect(composeMounts(app).find((mount) => mount.source === volume)?.readOnly).toBe(true);
  });

  it.each(APP_NAMES)('%s starts after its NATS seed has been written where it reads it', (app) => {
    const volume = composeVolumeOf(app, NATS_SEED);
    const writers = writersOf(volume);
    expect(writers).toEqual(['nats-auth']);
    expect(dependencies(app)['nats-auth']).toBe('service_completed_successfully');
    expect(service('nats-auth').image).toBe(service(app).image);
    // The generator writes --seeds with {service} replaced; the app reads NATS_NKEY_SEED_FILE through its mount.
    const command = [service('nats-auth').command ?? []].flat();
    expect(command.slice(0, 2)).toEqual(['node', 'scripts/nats-auth.mjs']);
    const written = command[command.indexOf('--seeds') + 1].replaceAll('{service}', app);
    const writerMount = composeMounts('nats-auth').find((mount) => mount.source === volume)!;
    const appMount = composeMounts(app).find((mount) => mount.source === volume)!;
    const read = composeEnvironment(app).get(`${NATS_SEED}_FILE`) ?? '';
    expect(posix.relative(writerMount.target, written)).toBe(posix.relative(appMount.target, read));
    expect(isInside(written, writerMount.target)).toBe(true);
  });

  it('starts NATS with the users and permissions nats-auth writes, and gives it no seed', () => {
    const command = [service('nats').command ?? []].flat();
    const config = command[command.indexOf('-c') + 1];
    const mount = composeMounts('nats').find((candidate) => isInside(config, candidate.target));
    expect(mount?.readOnly).toBe(true);
    const writerCommand = [service('nats-auth').command ?? []].flat();
    const written = writerCommand[writerCommand.indexOf('--conf') + 1];
    const writerMount = composeMounts('nats-auth').find((candidate) => candidate.source === mount?.source);
    expect(writerMount?.readOnly).toBe(false);
    expect(posix.relative(writerMount!.target, written)).toBe(posix.relative(mount!.target, config));
    expect(dependencies('nats')['nats-auth']).toBe('service_completed_successfully');
    expect(composeMounts('nats').filter((candidate) => candidate.source.startsWith('nats-seed'))).toEqual([]);
  });
});

describe('docker-compose: networks', () => {
  const networksOf = (name: string) => {
    const networks = service(name).networks;
    if (service(name).network_mode) return [];
    if (!networks) return ['default'];
    return Array.isArray(networks) ? networks : Object.keys(networks);
  };
  const isInternal = (network: string) => compose.networks?.[network]?.internal === true;
  const onlyInternal = (name: string) => networksOf(name).every(isInternal);

  it('puts only the gateway on the edge network, and every app on the internal backend network', () => {
    expect(isInternal('backend')).toBe(true);
    expect(isInternal('edge')).toBe(false);
    const onEdge = Object.keys(compose.services).filter((name) => networksOf(name).includes('edge'));
    expect(onEdge).toEqual(['gateway']);
    for (const app of APP_NAMES)
      expect({ app, networks: networksOf(app) }).toMatchObject({
        networks: expect.arrayContaining(['backend']),
      });
  });

  it('keeps NATS, PostgreSQL, Redis and the apps but the gateway, media and jobs on internal networks only', () => {
    for (const name of ['nats', 'postgres', 'redis', 'campaign', 'chat', 'realtime-location']) {
      expect({ name, internal: onlyInternal(name) }).toEqual({ name, internal: true });
    }
  });

  it('publishes ports on all interfaces for the gateway only (dev UIs on loopback)', () => {
    for (const [name, definition] of Object.entries(compose.services)) {
      for (const port of definition.ports ?? []) {
        const text = typeof port === 'object' ? JSON.stringify(port) : String(port);
        if (name !== 'gateway')
          expect({ name, port: text }).toEqual({ name, port: expect.stringMatching(/^127\.0\.0\.1:/) });
      }
    }
  });

  it('runs the one-shot generators without a network', () => {
    expect(service('keys').network_mode).toBe('none');
    expect(service('nats-auth').network_mode).toBe('none');
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
