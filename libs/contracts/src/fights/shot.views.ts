import { ApiProperty } from '@nestjs/swagger';

/**
 * One initiative entry of a fight. Client: `ShotWithLocation` in src/types/ui.ts. The Rails update answered
 * `{success: true}` and let the encounter broadcast carry the change; the client reads neither body.
 */
export class ShotView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) fight_id: string;
  @ApiProperty({ type: Number, nullable: true, description: 'null: hidden, not yet in the initiative' })
  shot: number | null;
  @ApiProperty({ description: "An NPC's wounds, or a mook group's size" }) count: number;
  @ApiProperty() impairments: number;
  @ApiProperty({ type: String, nullable: true }) color: string | null;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) character_id: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) vehicle_id: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "On a vehicle's shot: its driver's shot",
  })
  driver_id: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "On a driver's shot: the vehicle's shot",
  })
  driving_id: string | null;
  @ApiProperty() was_rammed_or_damaged: boolean;
}

/** What `PATCH /api/v2/fights/:fight_id/shots/:id` and the driver routes answer (the Rails shape). */
export class ShotUpdatedView {
  @ApiProperty({ example: true }) success: boolean;
  @ApiProperty({ required: false }) message?: string;
}
