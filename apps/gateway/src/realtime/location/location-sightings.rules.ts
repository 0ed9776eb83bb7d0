import { LOCATION_SEEN_REPORT_MAX, type ParticipantsSeenPayload } from '@shotcaller/contracts';
import type { RealtimeIdentity } from '../connections/identity.js';

/**
 * The reports a gateway sends of the location participants it holds connections of: one per session (more when
 * a session has more participants than one report names), each participant once, named by its token.
 */
export function sightingReports(
  identities: Iterable<RealtimeIdentity>,
  maxPerReport = LOCATION_SEEN_REPORT_MAX,
): ParticipantsSeenPayload[] {
  const tokensBySession = new Map<string, Map<string, string>>();
  for (const identity of identities) {
    if (identity.kind !== 'participant') continue;
    const sessionId = identity.sessionId.toLowerCase();
    let tokens = tokensBySession.get(sessionId);
    if (!tokens) tokensBySession.set(sessionId, (tokens = new Map()));
    tokens.set(identity.id.toLowerCase(), identity.token);
  }
  const reports: ParticipantsSeenPayload[] = [];
  for (const [sessionId, byParticipant] of tokensBySession) {
    const tokens = [...byParticipant.values()];
    for (let start = 0; start < tokens.length; start += maxPerReport) {
      reports.push({ session_id: sessionId, tokens: tokens.slice(start, start + maxPerReport) });
    }
  }
  return reports;
}
