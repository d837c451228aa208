/**
 * What Add Registry and Edit Connection ask per kind of registry, and what they keep. Pure: the
 * prompts themselves are in commands/support/kindPrompts.ts.
 *
 * A kind the host name implies (ghcr.io, *.azurecr.io…) is not written to the entry: the entry
 * stays as short as the user's choice, and the host name keeps saying it. A kind the host does not
 * imply (a self-hosted GitLab or Harbor, found by the probe or picked) is written, so no probe is
 * needed on the next start; so is "plain registry" chosen for a host that implies a vendor.
 */
import { registryKindOfHost, type RegistryKind } from '../registry';
import type { RegistrySetting } from './registryEntry';

/** A kind, or the plain registry protocol (OCI distribution) with no vendor API. */
export type KindChoice = RegistryKind | 'distribution';

export const KIND_NAMES: Record<KindChoice, string> = {
  distribution: 'Plain registry (OCI distribution)',
  dockerhub: 'Docker Hub',
  ghcr: 'GitHub Container Registry',
  gitlab: 'GitLab container registry',
  harbor: 'Harbor',
  quay: 'Quay',
  acr: 'Azure Container Registry',
  ecr: 'Amazon ECR',
  'artifact-registry': 'Google Artifact Registry / GCR',
};

const ALL: KindChoice[] = ['distribution', 'gitlab', 'harbor', 'quay', 'ghcr', 'acr', 'ecr', 'artifact-registry', 'dockerhub'];

/** The kinds to offer: the detected one first, then the plain registry, then the others. */
export function kindChoices(detected: KindChoice | undefined): KindChoice[] {
  const first = detected ?? 'distribution';
  return [first, ...ALL.filter((k) => k !== first)];
}

/** One question a kind needs answered besides the login. */
export interface KindQuestion {
  field: 'apiUrl' | 'namespaces';
  prompt: string;
  placeholder?: string;
  /** Prefilled answer. */
  value?: string;
  /** May be left empty (then the default the prompt names applies). */
  optional: boolean;
}

export interface KindContext {
  /** `host[:port]`. */
  registryId: string;
  /** Where the registry is (`https://host`, `http://host:port`). */
  origin: string;
  /** The API address the probe learned. */
  probedApiUrl?: string;
  /** What the entry holds now (Edit Connection). */
  current?: Pick<RegistrySetting, 'apiUrl' | 'namespaces'>;
}

/** Where a kind's API is when nothing says otherwise (what the client uses without an `apiUrl`). */
export function defaultApiUrl(kind: KindChoice, registryId: string, origin: string): string | undefined {
  switch (kind) {
    case 'gitlab':
      return registryId === 'registry.gitlab.com' ? 'https://gitlab.com/api/v4' : `${origin}/api/v4`;
    case 'harbor':
      return `${origin}/api/v2.0`;
    case 'quay':
      return `${origin}/api/v1`;
    case 'ghcr':
      return registryId === 'ghcr.io' ? 'https://api.github.com' : undefined;
    default:
      return undefined;
  }
}

/**
 * The questions a kind needs, in order. GitLab: its API address (prefilled with what the probe
 * learned) and the groups or projects to show; GHCR: the owners (empty: the signed-in user), and
 * the API address for GitHub Enterprise (not ghcr.io); Quay: namespaces. Harbor, Docker Hub, ACR,
 * ECR, Artifact Registry and a plain registry: none (Harbor's projects and Hub's namespaces can be
 * set later in Edit Connection and List Docker Hub Namespace).
 */
export function kindQuestions(kind: KindChoice, ctx: KindContext): KindQuestion[] {
  const namespaces = ctx.current?.namespaces?.join(', ');
  const api = ctx.current?.apiUrl ?? ctx.probedApiUrl ?? defaultApiUrl(kind, ctx.registryId, ctx.origin);
  switch (kind) {
    case 'gitlab':
      return [
        {
          field: 'apiUrl',
          prompt: `GitLab's API address for ${ctx.registryId}. It is often GitLab's own address, not the registry's; your login goes there too.`,
          placeholder: 'https://gitlab.example.com/api/v4',
          value: api,
          optional: false,
        },
        {
          field: 'namespaces',
          prompt: 'Groups or projects whose repositories to show, separated by commas (e.g. mygroup, mygroup/app).',
          placeholder: 'mygroup, mygroup/subgroup/project',
          value: namespaces,
          optional: true,
        },
      ];
    case 'ghcr':
      return [
        ...(ctx.registryId === 'ghcr.io'
          ? []
          : [
              {
                field: 'apiUrl' as const,
                prompt: `GitHub Enterprise's API address for ${ctx.registryId}; your login goes there too.`,
                placeholder: 'https://github.example.com/api/v3',
                value: ctx.current?.apiUrl ?? ctx.probedApiUrl,
                optional: false,
              },
            ]),
        {
          field: 'namespaces',
          prompt: 'GitHub users or organisations whose packages to show, separated by commas. Leave empty for your own.',
          placeholder: 'my-org, another-user',
          value: namespaces,
          optional: true,
        },
      ];
    case 'quay':
      return [
        {
          field: 'namespaces',
          prompt: 'Quay namespaces (users or organisations) whose repositories to show, separated by commas.',
          placeholder: 'my-org, my-user',
          value: namespaces,
          optional: true,
        },
      ];
    default:
      return [];
  }
}

/** Names typed as "a, b c" → ['a', 'b', 'c'] (GitLab paths keep their slashes). */
export function parseNamespaces(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim().replace(/^\/+|\/+$/g, ''))
        .filter(Boolean),
    ),
  ];
}

/** Why an answer cannot be used, or undefined. */
export function checkAnswer(kind: KindChoice, q: KindQuestion, text: string): string | undefined {
  const v = text.trim();
  if (!v) return q.optional ? undefined : 'Type the address, or press Escape to cancel.';
  if (q.field === 'apiUrl') {
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      return `"${v}" is not an address. Type it as https://host or https://host/api/v4.`;
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return `"${v}" is not an http or https address.`;
    if (u.username || u.password) return 'Leave the user name and password out of the address.';
    return undefined;
  }
  const names = parseNamespaces(v);
  const pattern =
    kind === 'gitlab' ? /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/ : kind === 'ghcr' ? /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/ : /^[a-z0-9][a-z0-9_.-]*$/;
  const bad = names.find((n) => !pattern.test(n));
  if (!bad) return undefined;
  return kind === 'gitlab'
    ? `"${bad}" is not a group or project path (letters, digits, _ . - separated by /).`
    : kind === 'ghcr'
      ? `"${bad}" is not a GitHub user or organisation name (letters, digits and -).`
      : `"${bad}" is not a namespace (lowercase letters, digits, _ . -).`;
}

/**
 * What to write to the entry for a kind and its answers: `kind` only when the host does not
 * imply it, `apiUrl` only when it is not the kind's default, `namespaces` when any were given.
 * Fields that do not apply are cleared (undefined), so Edit Connection can switch kinds.
 */
export function kindPatch(
  registryId: string,
  origin: string,
  kind: KindChoice,
  answers: { apiUrl?: string; namespaces?: string[] },
): Pick<RegistrySetting, 'kind' | 'apiUrl' | 'namespaces'> {
  const implied = registryKindOfHost(registryId);
  const storedKind = kind === 'distribution' ? (implied ? 'distribution' : undefined) : kind === implied ? undefined : kind;
  const api = answers.apiUrl?.trim().replace(/\/+$/, '');
  // ACR's API is always the registry itself; the others have none.
  const hasApi = kind === 'gitlab' || kind === 'harbor' || kind === 'quay' || kind === 'ghcr';
  const apiUrl = hasApi && api && api !== defaultApiUrl(kind, registryId, origin) ? api : undefined;
  const namespaces = answers.namespaces?.length ? answers.namespaces : undefined;
  return { kind: storedKind, apiUrl, namespaces };
}
