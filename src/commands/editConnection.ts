/** Edit Connection: the registry's kind, its API address and namespaces, custom CA file, skip TLS verification, plain HTTP, per registry (in settings). */
import * as vscode from 'vscode';
import { normaliseRegistryAddress, type RegistrySetting } from '../model/registryEntry';
import { kindPatch, kindQuestions, KIND_NAMES, parseNamespaces, type KindChoice } from '../model/registryKinds';
import { kindOfEntry } from '../config/clientPool';
import { registryFromArg } from './support/registryArg';
import { askKind, askKindQuestions } from './support/kindPrompts';
import { askPick, askText, isCancelled, Steps } from './support/multiStep';
import type { CommandContext } from '../contracts';

/** Programmatic callers may pass `{ registryId, caFile?, skipTlsVerify?, insecure?, allowPrivateTokenServer? }` (null clears caFile). */
export async function editConnection(ctx: CommandContext, arg?: unknown): Promise<void> {
  const steps = new Steps('Edit Connection', 2);
  const entry = await registryFromArg(ctx, arg, 'Edit the connection of which registry?', steps);
  if (!entry) return;
  const given =
    arg && typeof arg === 'object' && !('kind' in arg)
      ? (arg as { caFile?: string | null; skipTlsVerify?: boolean; insecure?: boolean; allowPrivateTokenServer?: boolean })
      : undefined;
  if (given && ('caFile' in given || 'skipTlsVerify' in given || 'insecure' in given || 'allowPrivateTokenServer' in given)) {
    const patch: Partial<RegistrySetting> = {};
    if ('caFile' in given) patch.caFile = given.caFile ?? undefined;
    if ('skipTlsVerify' in given) patch.skipTlsVerify = given.skipTlsVerify || undefined;
    if ('allowPrivateTokenServer' in given) patch.allowPrivateTokenServer = given.allowPrivateTokenServer || undefined;
    if ('insecure' in given) Object.assign(patch, plainHttpPatch(entry.url, !!given.insecure));
    await ctx.registries.update(entry.id, patch);
    return;
  }
  const http = entry.url.startsWith('http://');
  type Item = vscode.QuickPickItem & { apply: () => Promise<Partial<RegistrySetting> | undefined> };
  // Certificates are a matter of https only: a plain-HTTP registry is offered none of them.
  const tls: Item[] = http
    ? []
    : [
        {
          label: '$(file) Custom CA certificate file…',
          description: entry.caFile ?? 'none',
          detail: "A PEM file with the certificate of the CA that signed the registry's certificate (safer than skipping verification).",
          apply: async () => {
            const picked = await vscode.window.showOpenDialog({
              title: `CA certificate for ${entry.id}`,
              canSelectMany: false,
              filters: { 'PEM certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] },
            });
            return picked?.[0] ? { caFile: picked[0].fsPath } : undefined;
          },
        },
        ...(entry.caFile ? [{ label: '$(close) Remove the CA file', description: entry.caFile, apply: async () => ({ caFile: undefined }) }] : []),
        {
          label: entry.skipTlsVerify ? '$(shield) Verify TLS certificates again' : '$(warning) Skip TLS certificate verification',
          description: entry.skipTlsVerify ? 'currently skipped' : 'currently verified',
          detail: entry.skipTlsVerify
            ? undefined
            : 'Anyone between you and the registry could read your password. Only for a registry you trust on a network you trust.',
          apply: async () => ({ skipTlsVerify: entry.skipTlsVerify ? undefined : true }),
        },
      ];
  const kind: KindChoice = kindOfEntry(entry) ?? 'distribution';
  const origin = http ? entry.url : `https://${entry.id}`;
  const kindItems: Item[] = [
    {
      label: '$(symbol-class) Kind of registry…',
      description: KIND_NAMES[kind],
      detail: "Decides how repositories are listed and where dates come from (the vendor's API, or the registry protocol alone).",
      apply: async () => {
        const picked = await askKind(steps.next(`Kind of ${entry.id}`), kind, 'current');
        if (isCancelled(picked)) return undefined;
        const answers = await askKindQuestions(steps, picked, { registryId: entry.id, origin, current: picked === kind ? entry : undefined });
        return isCancelled(answers) ? undefined : kindPatch(entry.id, origin, picked, answers);
      },
    },
    // The kind's own questions (API address, namespaces), without changing the kind.
    ...(kindQuestions(kind, { registryId: entry.id, origin }).length
      ? [
          {
            label: '$(organization) API address and namespaces…',
            description: [entry.apiUrl, entry.namespaces?.join(', ')].filter(Boolean).join(' · ') || 'defaults',
            apply: async () => {
              const answers = await askKindQuestions(steps, kind, { registryId: entry.id, origin, current: entry });
              return isCancelled(answers) ? undefined : kindPatch(entry.id, origin, kind, answers);
            },
          },
        ]
      : []),
    // Harbor asks nothing when added; which projects to show can be narrowed here.
    ...(kind === 'harbor'
      ? [
          {
            label: '$(organization) Harbor projects…',
            description: entry.namespaces?.join(', ') || 'every project the login sees',
            apply: async () => {
              const text = await askText(steps.next(`Harbor projects of ${entry.id}`), {
                prompt: 'Harbor projects whose repositories to show, separated by commas. Leave empty for every project the login sees.',
                value: entry.namespaces?.join(', '),
                validate: (v) =>
                  parseNamespaces(v).every((n) => /^[a-z0-9][a-z0-9._-]*$/.test(n))
                    ? undefined
                    : 'A Harbor project name has lowercase letters, digits, . _ - only.',
              });
              if (isCancelled(text)) return undefined;
              const namespaces = parseNamespaces(text);
              return { namespaces: namespaces.length ? namespaces : undefined };
            },
          },
        ]
      : []),
  ];
  const items: Item[] = [
    ...kindItems,
    ...tls,
    {
      label: http ? '$(lock) Use HTTPS' : '$(unlock) Use plain HTTP',
      description: http ? 'currently plain HTTP' : 'currently HTTPS',
      detail: http ? undefined : 'Passwords travel unencrypted. Only for a registry on localhost or a network you trust.',
      apply: async () => plainHttpPatch(entry.url, !http),
    },
    {
      label: entry.allowPrivateTokenServer ? '$(shield) Refuse a token server on a private address' : '$(warning) Allow a token server on a private address',
      description: entry.allowPrivateTokenServer ? 'currently allowed' : 'currently refused',
      detail: entry.allowPrivateTokenServer
        ? undefined
        : 'Only if this registry really uses a token server inside your network. Otherwise a registry could use your login to reach machines inside your network.',
      apply: async () => ({ allowPrivateTokenServer: entry.allowPrivateTokenServer ? undefined : true }),
    },
  ];
  const picked = await askPick(steps.next(`Connection of ${entry.id}`), items, { placeholder: 'What to change' });
  if (isCancelled(picked)) return;
  const patch = await picked.apply();
  if (patch) await ctx.registries.update(entry.id, patch);
}

function plainHttpPatch(url: string, http: boolean): Partial<RegistrySetting> {
  const host = normaliseRegistryAddress(url).id;
  return http ? { url: `http://${host}`, insecure: true } : { url: `https://${host}`, insecure: undefined };
}
