/** The parts of an engine.io connection that tell how much is waiting to be written. */
interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { name?: string; socket?: { bufferedAmount?: unknown; terminate?: () => void } };
}

/**
 * Bytes waiting to reach one client: packets engine.io has not handed to its transport yet (a polling client
 * between polls, a websocket busy writing) plus what the WebSocket holds unsent (a client that does not read).
 */
export function backlogBytes(connection: unknown): number {
  const engine = connection as EngineConnection;
  let bytes = 0;
  for (const packet of engine.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  const buffered = engine.transport?.socket?.bufferedAmount;
  if (typeof buffered === 'number') bytes += buffered;
  return bytes;
}

/** Drops a WebSocket at once, with whatever it held unsent (a closing handshake would wait on the client). */
export function terminateWebSocket(connection: unknown): void {
  (connection as EngineConnection).transport?.socket?.terminate?.();
}
