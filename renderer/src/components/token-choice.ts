import { useState } from 'react';
import type { TokenSummary } from '../../../shared/domain/token.js';
import { tokenKey } from '../token-key.js';

/**
 * The token the user chose among those present. A lone token is chosen without asking; when a
 * second one appears the user must choose, so nothing is ever done with a token they did not pick.
 * A chosen token that is pulled out stops being chosen, and is chosen again if plugged back in.
 */
export function useTokenChoice(tokens: readonly TokenSummary[]): readonly [TokenSummary | undefined, (key: string) => void] {
  const [key, setKey] = useState<string | null>(null);
  const chosen = tokens.find((token) => tokenKey(token.ref) === key) ?? (tokens.length === 1 ? tokens[0] : undefined);
  return [chosen, setKey];
}
