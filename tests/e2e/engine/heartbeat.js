'use strict';
// With short heartbeat settings the session stays open for several seconds: the server pings every
// pingInterval, the real client answers, and messages keep flowing.
//   --transport polling|websocket  --ping-interval MS --ping-timeout MS (the server's settings)
//   --duration MS (how long to stay connected)
const { Client, parseArgs, run, step, withTimeout } = require('./eio_common');

const args = parseArgs({ transport: 'polling', duration: '3000' });
const pingInterval = Number(args['ping-interval']);
const pingTimeout = Number(args['ping-timeout']);
const duration = Number(args.duration);

run(duration + 30000, async () => {
  step(`open on ${args.transport}`);
  const client = new Client(args, { transports: [args.transport], upgrade: false });
  const handshake = new Promise((resolve) => client.socket.on('handshake', resolve));
  const pings = [];
  client.socket.on('ping', () => pings.push(Date.now()));
  await client.open();
  const data = await withTimeout(handshake, 1000, 'the handshake data');
  if (data.pingInterval !== pingInterval || data.pingTimeout !== pingTimeout)
    throw new Error(`handshake announced pingInterval ${data.pingInterval} and pingTimeout ${data.pingTimeout}`);

  step(`stay connected for ${duration} ms, echoing every 100 ms`);
  const start = Date.now();
  let echoes = 0;
  while (Date.now() - start < duration) {
    await client.echo(`tick ${echoes}`, `tick ${echoes}`);
    ++echoes;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  client.expectOpen(`after ${duration} ms`);

  // Lower bound only: a loaded machine delivers fewer pings, never more than one per interval.
  const minimum = Math.max(2, Math.floor(duration / pingInterval / 3));
  console.log(`  ${pings.length} pings, ${echoes} echoes in ${Date.now() - start} ms`);
  if (pings.length < minimum)
    throw new Error(`only ${pings.length} pings in ${duration} ms (at least ${minimum} expected)`);
  for (let i = 1; i < pings.length; ++i) {
    // Pings are paced by the interval (timers never fire early); allow 50 ms of clock jitter.
    if (pings[i] - pings[i - 1] < pingInterval - 50)
      throw new Error(`pings ${i - 1} and ${i} only ${pings[i] - pings[i - 1]} ms apart`);
  }
  client.close();
});
