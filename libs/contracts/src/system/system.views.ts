import { ApiProperty } from '@nestjs/swagger';

/** Answer to `<service>.ping`: the process is up and consuming its subjects. */
export class PingReply {
  @ApiProperty() service: string;
  @ApiProperty({ description: 'Host name and process id of the replica that answered' }) instance: string;
  @ApiProperty() uptime_seconds: number;
  @ApiProperty({ format: 'date-time' }) time: string;
}

/** Answer to `<service>.health`: the same report as `GET /health/ready`. */
export class HealthReply {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({ type: Object }) details: Record<string, { status: string; [key: string]: unknown }>;
}
