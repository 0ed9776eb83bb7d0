import { ApiProperty } from '@nestjs/swagger';

/** Answer to `<service>.ping`: the process is up and consuming its subjects. */
export class PingReply {
  @ApiProperty() service: string;
  @ApiProperty({ description: 'Host name and process id of the replica that answered' }) instance: string;
  @ApiProperty() uptime_seconds: number;
  @ApiProperty({ format: 'date-time' }) time: string;
}

/**
 * Answer to `GET /api/v2/ping`: an authenticated round trip through the gateway to a service that verified the
 * caller's token and touched no store.
 */
export class PongReply {
  @ApiProperty({ enum: [true] }) pong: true;
  @ApiProperty({ format: 'uuid', description: 'The user the token stands for' }) user_id: string;
  @ApiProperty({ description: 'The service that answered' }) service: string;
  @ApiProperty({ description: 'Host name and process id of the replica that answered' }) instance: string;
  @ApiProperty({ format: 'date-time' }) time: string;
}

/** Answer to `<service>.health`: the same report as `GET /health/ready`. */
export class HealthReply {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: 'ok' | 'error' | 'shutting_down';
  @ApiProperty({ type: Object }) details: Record<string, { status: string; [key: string]: unknown }>;
}
