/**
 * The secrets a client holds — passwords, identity tokens, the `user:password` pair behind a
 * Basic header, Bearer and refresh tokens, Docker Hub access tokens — remembered so that any
 * text leaving the client (an error's message, hint and URL, whatever produced it: Node, a token
 * server, the registry's own error body) has them masked. Kept to the most recent ones: old
 * tokens are dead, and the list must not grow for the life of the extension host.
 */
import { scrubText } from '../redact';

const KEEP = 256;

export class Secrets {
  private readonly known = new Set<string>();

  add(...values: (string | undefined)[]): void {
    for (const v of values) {
      if (!v || v.length < 4) continue;
      this.known.delete(v);
      this.known.add(v);
      if (this.known.size > KEEP) this.known.delete(this.known.values().next().value as string);
    }
  }

  /** `text` with every known secret masked, URLs redacted and control characters removed. */
  scrub(text: string): string {
    return scrubText(text, this.known);
  }
}

/** Control characters (CR, LF, NUL…) cannot go in a header and have no place in a credential. */
// eslint-disable-next-line no-control-regex
export const hasControlCharacters = (s: string) => /[\u0000-\u001f\u007f]/.test(s);

/** A token that can be sent as `Authorization: Bearer <token>`: visible ASCII, no spaces, bounded. */
export const isSendableToken = (s: string) => s.length <= 64 * 1024 && /^[\x21-\x7e]+$/.test(s);
