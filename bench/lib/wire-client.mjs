// A lean socket.io client for load generation: the engine.io v4 / socket.io v5 wire protocol over one `ws`
// WebSocket, nothing else. socket.io-client runs every frame through engine.io-client, the socket.io parser, a
// JSON.parse and two emitters (its Node build is the debug one); with a thousand clients on the two cores the
// server under test has, that work competes with the server. This client hands each event frame to its caller
// as text, so a benchmark reads only the fields it measures.
//   const socket = await WireSocket.connect(url, { token });
//   socket.onEvent = (frame) => { ... };          // '42["event",{...}]' as received
//   const ack = await socket.emitWithAck('subscribe', { topic });
import WebSocket from 'ws';

/** The socket.io packet types this client speaks, behind engine.io's message type '4'. */
const PACKET = { connect: '40', disconnect: '41', connectError: '44', event: '42', ack: '43' };

export class WireSocket {
  /** Opens the WebSocket and the socket.io session; rejects with the server's reason when it refuses. */
  static connect(url, { token, timeoutMs = 10_000 }) {
    const address = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    return new Promise((resolve, reject) => {
      const socket = new WireSocket(new WebSocket(address, { perMessageDeflate: false }));
      const timer = setTimeout(
        () => fail(new Error('no socket.io connection within the timeout')),
        timeoutMs,
      );
      const fail = (error) => {
        clearTimeout(timer);
        socket.close();
        reject(error);
      };
      socket.ws.once('error', fail);
      socket.onOpen = () => socket.ws.send(`${PACKET.connect}${JSON.stringify({ token })}`);
      socket.onConnect = () => {
        clearTimeout(timer);
        socket.ws.off('error', fail);
        resolve(socket);
      };
      socket.onConnectError = (message) => fail(new Error(`connect_error: ${message}`));
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.nextAckId = 0;
    this.pendingAcks = new Map();
    /** Called with each event frame's text ('42[...]'). */
    this.onEvent = () => {};
    /** Called once when the WebSocket closes, with socket.io-client's name for why. */
    this.onClose = () => {};
    this.serverDisconnected = false;
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.#frame(data.toString());
    });
    ws.once('close', () => {
      for (const settle of this.pendingAcks.values()) settle.reject(new Error('closed'));
      this.pendingAcks.clear();
      this.onClose(this.serverDisconnected ? 'io server disconnect' : 'transport close');
    });
  }

  /** Sends an event and resolves with the first argument of its acknowledgement. */
  emitWithAck(event, payload) {
    const id = this.nextAckId++;
    return new Promise((resolve, reject) => {
      this.pendingAcks.set(id, { resolve, reject });
      this.ws.send(`${PACKET.event}${id}${JSON.stringify([event, payload])}`);
    });
  }

  close() {
    this.ws.terminate();
  }

  #frame(text) {
    switch (text[0]) {
      case '0': // engine.io open
        return this.onOpen?.();
      case '2': // engine.io ping: answer pong or the server drops us
        return this.ws.send('3');
      case '4':
        return this.#packet(text);
      default: // engine.io close, noop, upgrade: nothing to do on a websocket-only session
        return undefined;
    }
  }

  #packet(text) {
    const kind = text.slice(0, 2);
    if (kind === PACKET.event) return this.onEvent(text);
    if (kind === PACKET.ack) {
      const bracket = text.indexOf('[');
      const id = Number(text.slice(2, bracket));
      const settle = this.pendingAcks.get(id);
      if (!settle) return undefined;
      this.pendingAcks.delete(id);
      return settle.resolve(JSON.parse(text.slice(bracket))[0]);
    }
    if (kind === PACKET.connect) return this.onConnect?.();
    if (kind === PACKET.disconnect) {
      this.serverDisconnected = true;
      return undefined;
    }
    if (kind === PACKET.connectError) return this.onConnectError?.(readErrorMessage(text.slice(2)));
    return undefined;
  }
}

function readErrorMessage(json) {
  try {
    return JSON.parse(json).message ?? json;
  } catch {
    return json;
  }
}

/**
 * The string value of `"key":"..."` in a frame's JSON, without parsing it (values the benchmarks read are ids
 * and timestamps, which hold no escaped quote). Undefined when the key is absent.
 */
export function readJsonString(text, key, from = 0) {
  const marker = `"${key}":"`;
  const start = text.indexOf(marker, from);
  if (start < 0) return undefined;
  const valueStart = start + marker.length;
  return text.slice(valueStart, text.indexOf('"', valueStart));
}
