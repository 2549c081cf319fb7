import { ReplyCollision, type TicketDetail, type TicketMessage } from '@centrala/contracts';
import { useState } from 'react';
import { isApiError } from '../../../api';
import { useCurrentUser } from '../../../auth/session';

export interface ReplyCollisionState {
  /** The last message the agent had seen when the draft began: sent with the reply as `seenMessageId`. */
  seenMessageId: string | null;
  /** What was written after it, once another agent's reply is among it (live, or as the server's 409 said). */
  missed: TicketMessage[];
  /** Read the missed messages: the draft is now written after them. Returns the id to send as seen. */
  acknowledge: () => string | null;
  /** Takes a failed send's error; true when it was a collision (the notice then shows what the server sent). */
  refusedBy: (error: unknown) => boolean;
}

/**
 * Catches a reply written while another agent answered (issue 10 point 4). While the box is empty the agent
 * has read whatever is on screen; from the first character typed, the last message then shown is what the
 * draft answers. Another agent's reply after it shows the notice at once, and the server refuses the send
 * with 409 `ticket.reply_collision` if it got there first (the answer's messages show then).
 */
export function useReplyCollision(ticket: TicketDetail, drafting: boolean, restoredSeen: string | null): ReplyCollisionState {
  const me = useCurrentUser();
  const latest = ticket.messages.at(-1)?.id ?? null;
  const [seen, setSeen] = useState<string | null>(restoredSeen);
  const [refused, setRefused] = useState<TicketMessage[]>([]);

  // Adjusted while rendering (React's pattern for state that follows props): no frame shows a stale notice.
  if (!drafting && (seen !== null || refused.length > 0)) {
    setSeen(null);
    setRefused([]);
  } else if (drafting && seen === null && latest !== null) setSeen(latest);

  const seenIndex = ticket.messages.findIndex((message) => message.id === seen);
  const after = seenIndex < 0 ? [] : ticket.messages.slice(seenIndex + 1);
  // The server's list may be ahead of the cached conversation (and the cache ahead of it): both, once each.
  const missed = [...after, ...refused.filter((message) => !after.some((shown) => shown.id === message.id))];
  const answered = missed.some((message) => message.authorType === 'agent' && !message.internal && message.authorName !== me.name);

  return {
    seenMessageId: drafting ? seen : latest,
    missed: answered || refused.length > 0 ? missed : [],
    acknowledge: () => {
      const last = missed.at(-1)?.id ?? seen;
      setSeen(last);
      setRefused([]);
      return last;
    },
    refusedBy: (error) => {
      if (!isApiError(error, 'ticket.reply_collision')) return false;
      const answer = ReplyCollision.safeParse(error.body);
      // An answer without its messages is shown as any other error, with the server's words.
      if (!answer.success) return false;
      setRefused(answer.data.error.missed);
      return true;
    },
  };
}
