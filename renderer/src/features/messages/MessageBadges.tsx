import type { MessageSummary } from '../../../../shared/domain/message.js';
import { LevelBadge } from '../../components/LevelBadge.js';
import { useT } from '../../use-t.js';
import type { Precedence } from './messaging-words.js';

/** The urgency in words on its own frame, so it is never read as a level: Thường plain, up to Hỏa tốc filled red. */
export function PrecedenceBadge({ precedence }: { precedence: Precedence }) {
  const t = useT();
  return <span className={`precedence-badge precedence-badge--${precedence}`}>{t(`messages.precedence.${precedence}`)}</span>;
}

/** A message's label and urgency, side by side: the level on its fixed colour, the urgency framed. */
export function MessageBadges({ message }: { message: Pick<MessageSummary, 'classification' | 'precedence'> }) {
  return (
    <span className="message-badges">
      <LevelBadge level={message.classification} /> <PrecedenceBadge precedence={message.precedence} />
    </span>
  );
}
