/** Why the messaging server cannot be used right now; each is an error code translated in vi and en. */
export const MESSAGING_FAILURES = ['messaging.unreachable', 'messaging.serverUntrusted', 'messaging.authRefused'] as const;
export type MessagingFailure = (typeof MESSAGING_FAILURES)[number];

/** The connection as the screen shows it. `serverDown` keeps retrying until the connection is closed. */
export type MessagingState =
  | { readonly kind: 'disconnected' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected'; readonly server: string }
  | { readonly kind: 'serverDown'; readonly reason: MessagingFailure };
