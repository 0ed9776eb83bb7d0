import { ApiProperty } from '@nestjs/swagger';

export const EFFECT_SEVERITIES = ['error', 'info', 'success', 'warning'] as const;
export type EffectSeverity = (typeof EFFECT_SEVERITIES)[number];

/** A fight-wide effect. Client: `Effect` in src/types/resources.ts. */
export class FightEffectView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: EFFECT_SEVERITIES }) severity: EffectSeverity;
  @ApiProperty({ type: Number, nullable: true }) start_sequence: number | null;
  @ApiProperty({ type: Number, nullable: true }) end_sequence: number | null;
  @ApiProperty({ type: Number, nullable: true }) start_shot: number | null;
  @ApiProperty({ type: Number, nullable: true }) end_shot: number | null;
}

/**
 * An effect on one combatant's shot (`action_value` changed by `change`, e.g. "+1"). Client:
 * `CharacterEffect` in
 * src/types/resources.ts, FightService.characterEffects (src/services/FightService.ts).
 */
export class CharacterEffectView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ enum: EFFECT_SEVERITIES }) severity: EffectSeverity;
  @ApiProperty({ type: String, nullable: true, description: 'The action value it changes' })
  action_value: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+1' }) change: string | null;
  @ApiProperty({ format: 'uuid' }) shot_id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) character_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) vehicle_id: string | null;
}
