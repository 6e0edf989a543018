import type { EndpointKeys } from './endpointKeys';
import type { ReviewPanel } from './webviews/reviewPanel';

/**
 * What `activate` returns. Tests in the extension host read live objects through it
 * (values returned by executeCommand are serialized copies).
 */
export interface SeedlingApi {
  /** Every command the extension registered. */
  readonly commandIds: readonly string[];
  /** The open Review panel, if any. */
  reviewPanel(): ReviewPanel | undefined;
  /** The latest lines written to the Seedling log. */
  recentLog(): readonly string[];
  /** API keys in SecretStorage, bound to their endpoints. */
  readonly keys: EndpointKeys;
}
