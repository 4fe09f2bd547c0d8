'use strict';
// One transport, no upgrade: text and binary messages of every shape come back unchanged and of the
// same kind (text stays text, binary stays binary), in order.
//   --transport polling|websocket
const { Client, parseArgs, run, step, pseudoRandomBytes, asciiText, expectSame, describe } = require('./eio_common');

const args = parseArgs({ transport: 'polling' });
if (!['polling', 'websocket'].includes(args.transport))
  throw new Error(`unknown --transport ${args.transport}`);

const messages = [
  ['1-char text', 'x'],
  ['1-byte binary', Buffer.from([0xff])],
  ['empty text', ''],
  ['text that looks like a base64 binary record', 'bAAECAw=='],
  ['text of digits', '42'],
  ['JSON text', '{"a":[1,2,3],"b":"\u00e9"}'],
  ['non-ASCII text (2-, 3- and 4-byte UTF-8)', 'h\u00e9llo w\u00f6rld \u2713 \u4e2d\u6587 \ud83d\ude00'],
  ['binary with every byte value', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
  ['100 KB text', asciiText(100 * 1024)],
  ['100 KB binary', pseudoRandomBytes(100 * 1024, 3)],
];

run(45000, async () => {
  step(`open (${args.transport} only)`);
  const client = new Client(args, { transports: [args.transport], upgrade: false });
  await client.open();
  if (client.transportName !== args.transport)
    throw new Error(`opened on ${client.transportName}, expected ${args.transport}`);
  client.socket.on('upgrading', () => { throw new Error('an upgrade started although upgrade:false'); });

  step('echo one message at a time');
  for (const [label, data] of messages)
    await client.echo(data, label);

  step('echo a burst sent in one go, checking order');
  for (const [, data] of messages)
    client.send(data);
  for (let i = 0; i < 50; ++i)
    client.send(`burst ${i}`);
  for (const [label, data] of messages) {
    const back = await client.nextMessage(15000);
    expectSame(data, back, `burst: ${label}`);
  }
  for (let i = 0; i < 50; ++i) {
    const back = await client.nextMessage(15000);
    if (back !== `burst ${i}`)
      throw new Error(`burst: expected "burst ${i}", got ${describe(back)}`);
  }

  client.expectOpen('after the echoes');
  if (client.transportName !== args.transport)
    throw new Error(`transport changed to ${client.transportName}`);

  step('client close');
  client.close();
  const info = await client.closed;
  if (info.reason !== 'forced close')
    throw new Error(`unexpected close reason ${info.reason}`);
});
