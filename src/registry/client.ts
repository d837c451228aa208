import type * as T from './types';
import { RegistryError } from './errors';
import { parseRegistryAddress } from './reference';

function todo(op: string): never {
  throw new RegistryError({ kind: 'unsupported', operation: op, message: `${op} is not implemented yet.` });
}

export class RegistryClient implements T.RegistryApi {
  readonly host: string;
  readonly baseUrl: string;
  readonly learned: T.LearnedState;
  rateLimit: T.RateLimit | undefined;

  constructor(readonly options: T.RegistryClientOptions) {
    const addr = parseRegistryAddress(options.registry);
    this.host = addr.host;
    this.baseUrl = addr.baseUrl;
    this.learned = { ...(options.learned ?? {}) };
  }
  async ping(): Promise<T.PingResult> { return todo('ping'); }
  async verifyCredentials(): Promise<void> { return todo('verifyCredentials'); }
  catalog(): AsyncIterable<string[]> { return todo('catalog'); }
  tags(_r: string): AsyncIterable<string[]> { return todo('tags'); }
  async getManifest(_r: string, _ref: string): Promise<T.ManifestResult> { return todo('getManifest'); }
  async headManifest(_r: string, _ref: string): Promise<T.ManifestHead | undefined> { return todo('headManifest'); }
  async putManifest(_r: string, _ref: string, _b: Buffer, _m: string): Promise<string> { return todo('putManifest'); }
  async deleteManifest(_r: string, _d: string): Promise<void> { return todo('deleteManifest'); }
  async deleteTag(_r: string, _t: string): Promise<boolean> { return todo('deleteTag'); }
  async headBlob(_r: string, _d: string): Promise<{ size: number } | undefined> { return todo('headBlob'); }
  async getBlob(_r: string, _d: string): Promise<T.BlobStream> { return todo('getBlob'); }
  async getBlobBytes(_r: string, _d: string): Promise<Buffer> { return todo('getBlobBytes'); }
  async mountBlob(_r: string, _d: string, _f: string): Promise<boolean> { return todo('mountBlob'); }
  async uploadBlob(_r: string, _d: string, _s: number, _o: () => NodeJS.ReadableStream | Buffer): Promise<void> { return todo('uploadBlob'); }
  async referrers(_r: string, _d: string): Promise<T.Descriptor[]> { return todo('referrers'); }
}
