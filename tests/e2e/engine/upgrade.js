'use strict';
// Polling → WebSocket upgrade with the real client: the 'upgrading' and 'upgrade' events fire, the
// transport becomes 'websocket', and messages sent before, during and after the upgrade (plus a steady
// stream across it) all come back in order, text as text and binary as binary.
const { Client, parseArgs, run, step, withTimeout, expectSame, describe, pseudoRandomBytes } =
  require('./eio_common');

const args = parseArgs();

run(45000, async () => {
  step('open on polling');
  const client = new Client(args, { transports: ['polling', 'websocket'], upgrade: true });
  const sent = [];
  const send = (data) => {
    sent.push(data);
    client.send(data);
  };
  let upgradingSeen = false;
  const upgraded = new Promise((resolve, reject) => {
    client.socket.on('upgrading', (transport) => {
      upgradingSeen = true;
      if (transport.name !== 'websocket')
        reject(new Error(`upgrading to ${transport.name}`));
      // Sent while the probe is under way: the client holds them until the switch.
      send('during text');
      send(Buffer.from('during binary'));
    });
    client.socket.on('upgrade', (transport) => resolve(transport));
    client.socket.on('upgradeError', (error) => reject(new Error(`upgradeError: ${error}`)));
  });

  await client.open();
  if (client.transportName !== 'polling')
    throw new Error(`opened on ${client.transportName}, expected polling`);
  // Right after 'open' the client has just started its probe: these go over polling.
  send('before text');
  send(Buffer.from([0, 1, 2, 0x1e, 0xff]));
  send('b-prefixed text');

  // A steady stream of numbered messages across the switch.
  let counter = 0;
  const stream = setInterval(() => send(`stream ${counter++}`), 5);

  step('wait for the upgrade');
  const transport = await withTimeout(upgraded, 15000, "the 'upgrade' event");
  if (!upgradingSeen)
    throw new Error("'upgrade' without 'upgrading'");
  if (transport.name !== 'websocket' || client.transportName !== 'websocket')
    throw new Error(`after 'upgrade' the transport is ${client.transportName}`);
  send('after text');
  send(pseudoRandomBytes(1000, 11));

  await new Promise((resolve) => setTimeout(resolve, 300));
  clearInterval(stream);
  send('last');

  step(`collect ${sent.length} echoes in order`);
  for (let i = 0; i < sent.length; ++i) {
    const back = await client.nextMessage(15000);
    expectSame(sent[i], back, `message #${i} (${describe(sent[i])})`);
  }
  if (counter < 10)
    throw new Error(`only ${counter} stream messages were sent; the test did not exercise the switch`);

  step('still open on websocket');
  client.expectOpen('after the upgrade');
  await client.echo('final check', 'final check');
  if (client.transportName !== 'websocket')
    throw new Error(`transport is ${client.transportName}`);
  client.close();
});
