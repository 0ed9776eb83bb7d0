// The floor the gateway is compared with in the `socketio-floor` scenario: a bare socket.io server (the same
// version and transport as the gateway) doing only what the fan-out path must do, with none of the gateway's
// checks: `subscribe {topic}` joins the room and acknowledges, and every NATS message on `<prefix>.rt.fight.*` /
// `<prefix>.rt.campaign.*` is parsed and emitted to its room as `event {topic, data}`. No token check, no topic
// authorization, presence, connection cap, rate limit, payload validation or metrics of its own. Started by
// bench/realtime/run.mjs with the same flags as the gateway (PORT, OPS_PORT for prom-client's default metrics,
// NATS_URL, NATS_SUBJECT_PREFIX); not a service.
import { createServer } from 'node:http';
import { connect } from '@nats-io/transport-node';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Server } from 'socket.io';

const prefix = process.env.NATS_SUBJECT_PREFIX ? `${process.env.NATS_SUBJECT_PREFIX}.` : '';
const registry = new Registry();
collectDefaultMetrics({ register: registry });

const http = createServer((req, res) => {
  if (req.url === '/health/ready') return res.end('{"status":"ok"}');
  res.writeHead(404).end();
});
const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => {
  socket.on('subscribe', (payload, ack) => {
    socket.join(payload.topic);
    ack({ ok: true, topic: payload.topic });
  });
});

const nats = await connect({ servers: process.env.NATS_URL, name: 'bench-socketio-floor' });
for (const kind of ['fight', 'campaign']) {
  const subscription = nats.subscribe(`${prefix}rt.${kind}.*`);
  void (async () => {
    for await (const message of subscription) {
      const id = message.subject.slice(message.subject.lastIndexOf('.') + 1);
      const topic = `${kind}:${id}`;
      io.to(topic).emit('event', { topic, data: JSON.parse(message.string()) });
    }
  })();
}

const ops = createServer(async (req, res) => {
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(await registry.metrics());
});
ops.listen(Number(process.env.OPS_PORT), '127.0.0.1');
http.listen(Number(process.env.PORT), '127.0.0.1');

process.on('SIGTERM', () => {
  io.close();
  ops.close();
  void nats.close().finally(() => process.exit(0));
});
