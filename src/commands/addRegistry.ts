/**
 * Add Registry: address → normalise → ping and probe the kind → the kind (detected first) and what
 * it needs (GitLab's API and groups, GHCR's owners, Quay's namespaces) → ask for credentials only
 * if the registry asks for them and none are found in Docker's config → verify → keep (secret in
 * SecretStorage, entry in settings).
 */
import * as vscode from 'vscode';
import { isRegistryError, registryKindOfHost, type Credentials, type PingResult, type RegistryKindProbe } from '../registry';
import { createRegistryClient } from '../config/clientPool';
import { normaliseRegistryAddress, type RegistrySetting } from '../model/registryEntry';
import { kindPatch, KIND_NAMES, type KindChoice } from '../model/registryKinds';
import { askAndVerifyCredentials, givenCredentials, verify } from './support/askCredentials';
import { askKind, askKindQuestions, probeKind } from './support/kindPrompts';
import { askText, CANCELLED, isCancelled, Steps, type Cancelled } from './support/multiStep';
import type { CommandContext } from '../contracts';

/** What scripts and tests may pass besides the address and login; without `kind`, the detected one is kept. */
interface GivenKind {
  kind?: KindChoice;
  apiUrl?: string;
  namespaces?: string[];
}

/** `registryExplorer.addRegistry` may be called with an address, or `{ url, username, password, kind?, apiUrl?, namespaces? }` (tests, scripts). */
export async function addRegistry(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const given =
    typeof arg === 'string'
      ? arg
      : arg && typeof arg === 'object' && typeof (arg as { url?: unknown }).url === 'string'
        ? (arg as { url: string }).url
        : undefined;
  // Address, kind, user name, password; the last two only when the registry asks for a login (the kind's questions add steps).
  const steps = new Steps('Add Registry', 4);
  const address =
    given ??
    (await askText(steps.next(), {
      prompt: 'Registry address: host[:port], or http://host:port for a registry without TLS.',
      placeholder: 'docker.io, ghcr.io, registry.example.com, localhost:5000',
      validate: (v) => {
        try {
          normaliseRegistryAddress(v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    }));
  if (isCancelled(address) || !address.trim()) return undefined;
  const norm = normaliseRegistryAddress(address);
  if (ctx.registries.get(norm.id)) {
    void vscode.window.showInformationMessage(`${norm.id} is already in the Registries view.`);
    return norm.id;
  }
  const entry: RegistrySetting & { id: string } = { id: norm.id, url: norm.url, insecure: norm.insecure || undefined };

  // A host that says its kind is asked about before any request (the answers need no network).
  const byHost = registryKindOfHost(norm.id);
  if (byHost) {
    const chosen = await chooseKind(ctx, entry, steps, { kind: byHost, evidence: `the host name ${norm.id}` }, given ? (arg as GivenKind) : undefined);
    if (isCancelled(chosen)) return undefined;
  }

  let ping: PingResult | undefined;
  let probe: RegistryKindProbe = { evidence: 'not probed' };
  try {
    // One throwaway client for the address: the probe reuses its ping, and never sends a login.
    const client = createRegistryClient(entry, { log: ctx.log });
    const connected = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Connecting to ${norm.id}…`, cancellable: true },
      async (_p, token): Promise<{ answer: PingResult; probe: RegistryKindProbe | Cancelled } | undefined> => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const answer = await client.ping({ signal: abort.signal });
          return { answer, probe: byHost ? probe : await probeKind(client, abort.signal) };
        } catch (e) {
          if (abort.signal.aborted) return undefined;
          throw e;
        } finally {
          sub.dispose();
        }
      },
    );
    if (!connected) return undefined;
    const found = connected.probe;
    if (isCancelled(found)) return undefined;
    ping = connected.answer;
    probe = found;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const tls = isRegistryError(e) && e.kind === 'tls';
    const addAnyway = tls ? 'Add and Edit Connection' : 'Add Anyway';
    const choice = given ? undefined : await vscode.window.showWarningMessage(`${why} Add ${norm.id} anyway?`, { modal: true }, addAnyway);
    if (choice !== addAnyway) {
      if (given) throw e;
      return undefined;
    }
    await ctx.registries.add(entry);
    if (tls) await vscode.commands.executeCommand('registryExplorer.editConnection', norm.id);
    return norm.id;
  }

  if (!byHost) {
    const chosen = await chooseKind(ctx, entry, steps, probe, given ? (arg as GivenKind) : undefined);
    if (isCancelled(chosen)) return undefined;
  }

  let credentials: Credentials | undefined = givenCredentials(arg);
  if (credentials) {
    const result = await verify(ctx, entry, credentials);
    if (result.problem !== undefined) throw new Error(`${result.problem} The registry was not added.`);
    credentials = result.keep;
  } else if (ping.scheme !== 'none') {
    // Through the credential service, so the tree reuses what it found (and it logs the source).
    const found = await ctx.credentials.resolve(norm.id).catch(() => undefined);
    if (!found && !given) {
      const asked = await askAndVerifyCredentials(ctx, entry, steps, {
        anonymous: true,
        reason: `${norm.id} asks for a sign-in (${ping.scheme}). User name, or leave empty to browse anonymously.`,
      });
      // Escape at the user name or the password: nothing is added.
      if (isCancelled(asked)) return undefined;
      credentials = asked;
    }
  }
  if (credentials) await ctx.credentials.storeSignIn(norm.id, credentials);
  const { id: _id, ...setting } = entry;
  await ctx.registries.add({ ...setting, username: credentials?.username });
  if (!given)
    void vscode.window.showInformationMessage(
      credentials?.username
        ? `Added ${norm.id}, signed in as ${credentials.username}.`
        : `Added ${norm.id}${ping.scheme === 'none' ? '' : ', browsing anonymously'}.`,
    );
  return norm.id;
}

/** The kind pick (detected first) and the kind's questions; writes the answers into `entry`. Programmatic callers pass them instead. */
async function chooseKind(
  ctx: CommandContext,
  entry: RegistrySetting & { id: string },
  steps: Steps,
  probe: RegistryKindProbe,
  wanted: GivenKind | undefined,
): Promise<void | Cancelled> {
  const detected = probe.kind;
  if (detected) ctx.log.info(`${entry.id}: looks like ${KIND_NAMES[detected]} (${probe.evidence}).`);
  const kind = wanted
    ? (wanted.kind ?? detected ?? 'distribution')
    : await askKind(steps.next(`Add ${entry.id}`), detected, detected ? `detected from ${probe.evidence}` : undefined);
  if (isCancelled(kind)) return CANCELLED;
  const origin = entry.url.startsWith('http://') ? entry.url : `https://${entry.id}`;
  const probedApiUrl = kind === detected ? probe.apiUrl : undefined;
  const answers = wanted
    ? { apiUrl: wanted.apiUrl, namespaces: wanted.namespaces }
    : await askKindQuestions(steps, kind, { registryId: entry.id, origin, probedApiUrl });
  if (isCancelled(answers)) return CANCELLED;
  Object.assign(entry, withoutUndefined(kindPatch(entry.id, origin, kind, { apiUrl: answers.apiUrl ?? probedApiUrl, namespaces: answers.namespaces })));
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
