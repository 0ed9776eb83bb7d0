import type { CharacterEffectView, EffectSeverity, FightEffectView } from '@shotcaller/contracts';
import type { CharacterEffectRow, FightEffectRow } from './effects.queries.js';

// The severity column is checked against EFFECT_SEVERITIES (effects_severity_check), so a stored one is valid.

export function toFightEffectView(row: FightEffectRow): FightEffectView {
  return { ...row, severity: row.severity as EffectSeverity };
}

export function toCharacterEffectView(row: CharacterEffectRow): CharacterEffectView {
  return { ...row, severity: row.severity as EffectSeverity };
}
