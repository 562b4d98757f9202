// Sessions and where they are kept: in memory, or in localStorage so a page reload keeps the login.

/** A login: the bearer token and who it is for. */
export interface PotoSession {
  readonly token: string;
  readonly userId: string;
  readonly expiresAt: Date;
  /**
   * A visitor's token is renewed silently when it expires; a user's is refreshed with its refresh
   * token when it has one, and otherwise not (they log in again).
   */
  readonly visitor: boolean;
  /** A named login's refresh token, when the server issues them; a secret like the token. */
  readonly refreshToken?: string;
  readonly refreshExpiresAt?: Date;
}

/** Where the client keeps its session; pluggable so browsers can survive reloads. */
export interface TokenStore {
  load(): PotoSession | null;
  save(session: PotoSession | null): void;
}

/** The default: the session lives as long as the client object. */
export class MemoryTokenStore implements TokenStore {
  #session: PotoSession | null = null;

  load(): PotoSession | null {
    return this.#session;
  }

  save(session: PotoSession | null): void {
    this.#session = session;
  }
}

/** Keeps the session in `localStorage` (or any `Storage`) under `key`, so it survives a reload. */
export class LocalStorageTokenStore implements TokenStore {
  readonly #key: string;
  readonly #storage: Storage;

  constructor(key = "poto.session", storage: Storage = globalThis.localStorage) {
    this.#key = key;
    this.#storage = storage;
  }

  load(): PotoSession | null {
    const text = this.#storage.getItem(this.#key);
    if (text === null) {
      return null;
    }
    try {
      const saved = JSON.parse(text) as {
        token: string; userId: string; expiresAt: string; visitor: boolean; refreshToken?: string; refreshExpiresAt?: string;
      };
      const session = { token: saved.token, userId: saved.userId, expiresAt: new Date(saved.expiresAt), visitor: saved.visitor };
      return saved.refreshToken === undefined ? session : {
        ...session,
        refreshToken: saved.refreshToken,
        ...(saved.refreshExpiresAt === undefined ? {} : { refreshExpiresAt: new Date(saved.refreshExpiresAt) }),
      };
    } catch {
      return null; // a damaged entry is the same as none
    }
  }

  save(session: PotoSession | null): void {
    if (session === null) {
      this.#storage.removeItem(this.#key);
    } else {
      this.#storage.setItem(this.#key, JSON.stringify({
        ...session,
        expiresAt: session.expiresAt.toISOString(),
        ...(session.refreshExpiresAt === undefined ? {} : { refreshExpiresAt: session.refreshExpiresAt.toISOString() }),
      }));
    }
  }
}
