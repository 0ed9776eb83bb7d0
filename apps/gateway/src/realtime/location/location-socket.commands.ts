import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ClientEvent,
  ServiceError,
  Subjects,
  type LocationPositionView,
  type UpdateLocationPositionPayload,
} from '@shotcaller/contracts';
import { ServiceClient } from '@shotcaller/messaging';
import { REALTIME_OPTIONS, type RealtimeOptions } from '../realtime.options.js';
import type { RealtimeSocket } from '../socketio/socket-listeners.js';
import { SocketIoServer } from '../socketio/socketio.server.js';
import { positionOfMessage } from './location-update.rules.js';

/**
 * `location:update` on socket.io: a participant's own position, for the session its token names. Checked here,
 * then stored and announced by realtime-location (which also refuses updates faster than its configured rate);
 * the acknowledgement carries the stored position. The socket's own limit keeps floods off the bus.
 */
@Injectable()
export class LocationSocketCommands implements OnModuleInit {
  constructor(
    private readonly socketio: SocketIoServer,
    private readonly services: ServiceClient,
    @Inject(REALTIME_OPTIONS) private readonly options: RealtimeOptions,
  ) {}

  onModuleInit(): void {
    this.socketio.addCommand(ClientEvent.LocationUpdate, (socket, payload) => this.update(socket, payload), {
      perSecond: this.options.commandRatePerSecond,
      burst: this.options.commandBurst,
    });
  }

  private async update(
    socket: RealtimeSocket,
    payload: unknown,
  ): Promise<{ position: LocationPositionView }> {
    const identity = socket.data.identity;
    if (identity.kind !== 'participant') {
      throw ServiceError.forbidden('Only participants of a location session send positions');
    }
    const request: UpdateLocationPositionPayload = {
      ...positionOfMessage(payload),
      session_id: identity.sessionId,
    };
    const position = await this.services.request(Subjects.location.positions.update, request, {
      caller: { token: identity.token },
    });
    return { position };
  }
}
