'use strict';
// A client that stops answering pings is closed by the server: not before pingTimeout has passed
// since the ping, and well within pingInterval + pingTimeout (plus slack) of the open.
// The real client is used with its pong suppressed, so the close it sees is the server's
// ("transport close"), not its own heartbeat check ("ping timeout", which fires much later).
//   --transport polling|websocket  --ping-interval MS --ping-timeout MS (the server's settings)
const { Client, parseArgs, run, step, withTimeout } = require('./eio_common');

const args = parseArgs({ transport: 'polling' });
const pingInterval = Number(args['ping-interval']);
const pingTimeout = Number(args['ping-timeout']);
const slack = Number(args.slack || 3000);

run(pingInterval + pingTimeout + slack + 20000, async () => {
  step(`open on ${args.transport} with the pong suppressed`);
  const client = new Client(args, { transports: [args.transport], upgrade: false });
  const socket = client.socket;
  if (typeof socket._sendPacket !== 'function')
    throw new Error('engine.io-client has no _sendPacket any more: update the pong suppression');
  const sendPacket = socket._sendPacket.bind(socket);
  let pongsSuppressed = 0;
  socket._sendPacket = (type, ...rest) => {
    if (type === 'pong') {
      ++pongsSuppressed;
      return;
    }
    sendPacket(type, ...rest);
  };
  const pings = [];
  socket.on('ping', () => pings.push(Date.now()));

  await client.open();
  const openedAt = Date.now();
  // The session works normally until the heartbeat fails.
  await client.echo('hello', 'echo before the ping');

  step('wait for the server to close the session');
  const info = await withTimeout(client.closed, pingInterval + pingTimeout + slack,
    'the server to close the silent session');
  const sincePing = pings.length ? info.at - pings[0] : NaN;
  console.log(`  closed after ${info.at - openedAt} ms (${sincePing} ms after the ping): ` +
    `${info.reason} (${info.description}); ${pings.length} ping(s), ${pongsSuppressed} pong(s) suppressed`);
  if (pings.length !== 1)
    throw new Error(`expected exactly one ping before the close, saw ${pings.length}`);
  if (info.reason !== 'transport close')
    throw new Error(`the close was not the server's: ${info.reason} (${info.description})`);
  // The server times out from the moment it sent the ping; the client saw it a little later.
  // 100 ms of tolerance for that transit on a loaded machine.
  if (sincePing < pingTimeout - 100)
    throw new Error(`closed ${sincePing} ms after the ping, before pingTimeout (${pingTimeout} ms)`);
  if (pings[0] - openedAt < pingInterval - 100)
    throw new Error(`the ping came ${pings[0] - openedAt} ms after the open, before pingInterval`);
});
