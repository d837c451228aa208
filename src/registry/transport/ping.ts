/**
 * `GET /v2/` without credentials, once per client: it tells which scheme the registry announces.
 * It is only a hint: a registry that answers 200 may still challenge a later request (anonymous
 * read with per-repository auth; zot answers 200 with a challenge), and the auth layer handles that.
 */
import { parseChallenges, selectChallenge, type AuthChallenge } from './challenge';
import { RegistryError, httpError } from '../errors';
import { drain, readErrorBody } from './body';
import { headerLines, type Sender } from './http';
import { redactUrl } from '../redact';
import { untilAborted } from './retryLayer';
import type { CallOptions, PingResult } from '../types';

export interface Ping {
  result: PingResult;
  challenge?: AuthChallenge;
}

export class PingCache {
  private pending?: Promise<Ping>;

  constructor(
    private readonly send: Sender,
    private readonly baseUrl: string,
    private readonly host: string,
    private readonly userAgent: string,
  ) {}

  get(opts: CallOptions & { force?: boolean } = {}): Promise<Ping> {
    if (!this.pending || opts.force) {
      const p = this.ping(opts.signal);
      this.pending = p;
      // A failed ping (registry down) is retried on the next call.
      p.catch(() => {
        if (this.pending === p) this.pending = undefined;
      });
    }
    return untilAborted(this.pending, opts.signal, { operation: `connect to ${this.host}`, host: this.host });
  }

  private async ping(signal?: AbortSignal): Promise<Ping> {
    const url = `${this.baseUrl}/v2/`;
    const operation = `connect to ${this.host}`;
    const res = await this.send({ method: 'GET', url, headers: { 'user-agent': this.userAgent }, signal, operation, target: 'registry' });
    const apiVersion = res.headers.get('docker-distribution-api-version') ?? undefined;
    const challenge = selectChallenge(parseChallenges(headerLines(res, 'www-authenticate')), { host: this.host, operation });
    if (res.status === 404) {
      await drain(res);
      throw new RegistryError({
        kind: 'protocol',
        operation,
        status: 404,
        url: redactUrl(url),
        message: `${this.host} is not a v2 registry: GET /v2/ answered 404.`,
        hint: 'Check the address: it must be the registry API host (for Docker Hub, registry-1.docker.io).',
      });
    }
    if (res.status !== 200 && res.status !== 401 && res.status !== 403) {
      throw httpError({ operation, host: this.host, status: res.status, url: redactUrl(url), body: await readErrorBody(res) });
    }
    await drain(res);
    const scheme = challenge?.scheme ?? 'none';
    const result: PingResult = { status: res.status, scheme, apiVersion };
    if (challenge?.scheme === 'bearer') {
      result.realm = challenge.realm;
      result.service = challenge.service;
    }
    return { result, challenge };
  }
}
