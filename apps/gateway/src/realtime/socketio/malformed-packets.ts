import { Decoder, Encoder, PacketType } from 'socket.io-parser';

/**
 * The event a packet socket.io cannot read becomes (it has a space: not a command of ours). Its one argument says
 * why.
 */
export const MALFORMED_PACKET_EVENT = 'malformed packet';

/**
 * socket.io's own parser, except that a packet it cannot read is handed on as the event above instead of closing
 * the connection: each WebSocket message, and each packet of a polling request, is framed on its own, so the ones
 * after it are read as they come and the client is told what was wrong.
 */
class AnsweringDecoder extends Decoder {
  override add(chunk: unknown): void {
    try {
      super.add(chunk);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unreadable packet';
      this.emitReserved('decoded', {
        type: PacketType.EVENT,
        nsp: '/',
        data: [MALFORMED_PACKET_EVENT, reason],
      });
    }
  }
}

export const answeringParser = { Encoder, Decoder: AnsweringDecoder };
