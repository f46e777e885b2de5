/**
 * API tokens, kept in main only: encrypted by the OS (safeStorage) in their own store, or for this run only
 * where the OS cannot encrypt, or in plain text only when the user explicitly accepted it.
 */
import type { SecretStatus } from '../../shared/ipc';
import type { SecretName } from '../../shared/settings';
import type { KeyValueStore, SecretStore } from '../core/ports';

/** The slice of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

type StoredSecret = { storage: 'encrypted'; data: string } | { storage: 'plain'; value: string };

export const SECRET_NAMES: readonly SecretName[] = ['zendeskToken', 'pagerdutyToken'];

export class SecretVault implements SecretStore {
  private readonly session = new Map<SecretName, string>();
  private readonly connectedAs = new Map<SecretName, string>();

  constructor(
    private readonly store: KeyValueStore,
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Whether the OS really encrypts: on Linux without a keyring safeStorage "encrypts" with a fixed key. */
  encryptionAvailable(): boolean {
    try {
      if (!this.safeStorage.isEncryptionAvailable()) return false;
      return !(this.platform === 'linux' && this.safeStorage.getSelectedStorageBackend?.() === 'basic_text');
    } catch {
      return false;
    }
  }

  get(name: SecretName): string | null {
    const held = this.session.get(name);
    if (held !== undefined) return held;
    const stored = this.stored(name);
    if (!stored) return null;
    if (stored.storage === 'plain') return stored.value;
    try {
      return this.safeStorage.decryptString(Buffer.from(stored.data, 'base64'));
    } catch {
      // Encrypted under another OS user or keyring: unusable, never shown. The user enters it again.
      this.log(`The stored ${name} could not be decrypted; it must be entered again.`);
      return null;
    }
  }

  /**
   * Stores a token: encrypted when possible; otherwise plain only if `allowPlainText`, else for this run only.
   * `''` removes it. Returns where it went.
   */
  set(name: SecretName, value: string, allowPlainText = false): SecretStatus['storage'] {
    this.session.delete(name);
    this.connectedAs.delete(name);
    if (value === '') {
      this.store.delete(name);
      return 'none';
    }
    if (this.encryptionAvailable()) {
      const data = this.safeStorage.encryptString(value).toString('base64');
      this.store.set(name, { storage: 'encrypted', data } satisfies StoredSecret);
      return 'encrypted';
    }
    if (allowPlainText) {
      this.store.set(name, { storage: 'plain', value } satisfies StoredSecret);
      return 'plain';
    }
    this.store.delete(name);
    this.session.set(name, value);
    return 'session';
  }

  setConnectedAs(name: SecretName, text: string | null): void {
    if (text === null) this.connectedAs.delete(name);
    else this.connectedAs.set(name, text);
  }

  /** What the renderer may know: whether a token is there and where, never the token. */
  status(name: SecretName): SecretStatus {
    const connectedAs = this.connectedAs.get(name) ?? null;
    if (this.session.has(name)) return { present: true, storage: 'session', connectedAs };
    const stored = this.stored(name);
    if (!stored) return { present: false, storage: 'none', connectedAs: null };
    return { present: true, storage: stored.storage, connectedAs };
  }

  statuses(): Record<SecretName, SecretStatus> {
    return {
      zendeskToken: this.status('zendeskToken'),
      pagerdutyToken: this.status('pagerdutyToken'),
      slackToken: this.status('slackToken'),
    };
  }

  private stored(name: SecretName): StoredSecret | null {
    const value = this.store.get(name) as Partial<StoredSecret> | undefined;
    if (value?.storage === 'encrypted' && typeof value.data === 'string') return value as StoredSecret;
    if (value?.storage === 'plain' && typeof value.value === 'string') return value as StoredSecret;
    return null;
  }
}
