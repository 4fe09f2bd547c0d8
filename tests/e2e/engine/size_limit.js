'use strict';
// maxHttpBufferSize applies to the Engine.IO packet as it is on the wire, as in Node:
//   WebSocket: a text frame is "4" + text, a binary frame is the bytes themselves;
//   polling:   the POST body, "4" + text or "b" + base64(bytes).
// The largest message that fits comes back; the next larger one closes the session.
//   --transport polling|websocket  --max N (the server's --max-http-buffer-size)
const { Client, parseArgs, run, step, withTimeout, describe, pseudoRandomBytes, asciiText } =
  require('./eio_common');

const args = parseArgs({ transport: 'polling' });
const max = Number(args.max);
if (!Number.isInteger(max) || max < 16)
  throw new Error('--max N is required');
const polling = args.transport === 'polling';

// Text: "4" + text must fit, on both transports.
const textFit = max - 1;
// Binary: the whole frame over WebSocket; "b" + base64 over polling (4 chars per 3 bytes).
const binaryFit = polling ? 3 * Math.floor((max - 1) / 4) : max;
const wireSize = (data) => typeof data === 'string'
  ? 1 + Buffer.byteLength(data)
  : (polling ? 1 + 4 * Math.ceil(data.length / 3) : data.length);

async function openClient() {
  const client = new Client(args, { transports: [args.transport], upgrade: false });
  await client.open();
  if (client.transportName !== args.transport)
    throw new Error(`opened on ${client.transportName}`);
  return client;
}

async function expectRefused(data, label) {
  step(`${label}: ${describe(data)}, ${wireSize(data)} bytes on the wire > ${max}`);
  const client = await openClient();
  await client.echo('small', `${label}: warm-up`);
  client.send(data);
  const outcome = await withTimeout(Promise.race([
    client.closed.then((info) => ({ closed: info })),
    client.nextMessage(60000).then((message) => ({ message }), () => ({})),
  ]), 20000, `the session to close after the over-size ${label}`);
  if (outcome.message !== undefined)
    throw new Error(`${label}: an over-size message was echoed (${describe(outcome.message)})`);
  console.log(`  closed: ${outcome.closed.reason} (${outcome.closed.description})`);
}

run(90000, async () => {
  step(`largest messages that fit: text ${textFit} chars, binary ${binaryFit} bytes (max ${max})`);
  if (wireSize(asciiText(textFit)) !== max)
    throw new Error('test bug: the text does not fill the limit');
  if (wireSize(pseudoRandomBytes(binaryFit + 1)) <= max)
    throw new Error('test bug: the next larger binary would still fit');
  const client = await openClient();
  await client.echo(asciiText(textFit, 5), `text of ${textFit} chars`, 30000);
  await client.echo(pseudoRandomBytes(binaryFit, 9), `binary of ${binaryFit} bytes`, 30000);
  // Multi-byte UTF-8: the limit counts bytes, not characters (2 bytes per 'é').
  const accented = '\u00e9'.repeat(Math.floor((max - 1) / 2));
  await client.echo(accented, `${accented.length} two-byte characters`, 30000);
  await client.echo('still here', 'after the large messages');
  client.expectOpen('after the largest messages');
  client.close();

  await expectRefused(asciiText(textFit + 1, 6), 'text one byte over');
  await expectRefused(pseudoRandomBytes(binaryFit + 1, 10), 'binary just over');
  if (!polling) {
    // Over the limit in bytes although not in characters.
    await expectRefused('\u00e9'.repeat(Math.floor(max / 2) + 1), 'two-byte characters over');
  }
});
