'use strict';
// Shared by the Engine.IO e2e scripts: command line, the overall watchdog, failure reporting, and a
// promise-based wrapper around the real engine.io-client talking to the raw echo endpoint.
//
// Every script is run as `node script.js --url http://127.0.0.1:PORT --path /engine.io/ [--key value]`
// and exits 0 after printing PASS, or 1 after printing FAIL and the reason.

const { Socket } = require('engine.io-client');

function parseArgs(defaults = {}) {
  const args = { path: '/engine.io/', ...defaults };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length)
      fail(`bad arguments: ${argv.join(' ')}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  if (!args.url)
    fail('--url http://HOST:PORT is required');
  return args;
}

let currentStep = 'starting';
function step(name) {
  currentStep = name;
  console.log(`step: ${name}`);
}

function fail(message) {
  console.error(`FAIL (${currentStep}): ${message}`);
  process.exit(1);
}

// Runs the scenario under an overall timeout; any rejection or timeout fails the script.
function run(timeoutMs, scenario) {
  const watchdog = setTimeout(() => fail(`overall timeout of ${timeoutMs} ms`), timeoutMs);
  scenario().then(
    () => {
      clearTimeout(watchdog);
      console.log('PASS');
      process.exit(0);
    },
    (error) => fail(error && error.stack ? error.stack : String(error)));
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function isBinary(data) {
  return Buffer.isBuffer(data) || data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}

function describe(data) {
  if (typeof data === 'string') {
    const head = data.length > 40 ? `${JSON.stringify(data.slice(0, 40))}...` : JSON.stringify(data);
    return `text(${data.length} chars) ${head}`;
  }
  if (isBinary(data)) {
    const bytes = Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    return `binary(${bytes.length} bytes) ${bytes.subarray(0, 16).toString('hex')}`;
  }
  return `${typeof data} ${String(data)}`;
}

function toBuffer(data) {
  if (Buffer.isBuffer(data))
    return data;
  if (data instanceof ArrayBuffer)
    return Buffer.from(new Uint8Array(data));
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

// Text must come back as text, binary as binary, with identical content.
function sameMessage(sent, received) {
  // engine.io-parser decodes the bare record "4" as a message with no data at all.
  if (sent === '' && received === undefined)
    return true;
  if (typeof sent === 'string')
    return typeof received === 'string' && received === sent;
  return isBinary(received) && toBuffer(received).equals(toBuffer(sent));
}

function expectSame(sent, received, label) {
  if (!sameMessage(sent, received))
    throw new Error(`${label}: sent ${describe(sent)} but got back ${describe(received)}`);
}

// Deterministic pseudo-random content, so a failure is reproducible.
function pseudoRandomBytes(length, seed = 1) {
  const bytes = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; ++i) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function asciiText(length, seed = 7) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {}[]":,.-_';
  const bytes = pseudoRandomBytes(length, seed);
  let text = '';
  for (let i = 0; i < length; ++i)
    text += alphabet[bytes[i] % alphabet.length];
  return text;
}

// One engine.io-client Socket with its received messages queued, so that a scenario can await them
// one by one, and its 'close' kept as a promise.
class Client {
  constructor(args, options) {
    this.received = [];
    this.waiters = [];
    this.closeInfo = null;
    this.events = [];
    this.socket = new Socket(args.url, { path: args.path, ...options });
    this.socket.on('message', (data) => {
      const waiter = this.waiters.shift();
      if (waiter)
        waiter(data);
      else
        this.received.push(data);
    });
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (reason, description) => {
        const detail = description && (description.message || description.description || description);
        this.closeInfo = { reason, description: detail ? String(detail) : '', at: Date.now() };
        resolve(this.closeInfo);
      });
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.on('open', () => resolve());
      this.socket.on('error', (error) => reject(new Error(`client error before open: ${error}`)));
      this.closed.then((info) => reject(new Error(`closed before open: ${info.reason}`)));
    });
    this.opened.catch(() => {}); // reported by whoever awaits it
  }

  get transportName() {
    return this.socket.transport ? this.socket.transport.name : null;
  }

  async open(timeoutMs = 10000) {
    await withTimeout(this.opened, timeoutMs, 'the session to open');
  }

  // The next message; fails at once if the session closes first.
  nextMessage(timeoutMs = 10000) {
    if (this.received.length)
      return Promise.resolve(this.received.shift());
    const message = new Promise((resolve) => this.waiters.push(resolve));
    const closedFirst = this.closed.then((info) => {
      throw new Error(`session closed (${info.reason}: ${info.description}) while waiting for a message`);
    });
    return withTimeout(Promise.race([message, closedFirst]), timeoutMs, 'a message');
  }

  send(data) {
    if (this.closeInfo)
      throw new Error(`cannot send, the session is closed (${this.closeInfo.reason})`);
    this.socket.send(data);
  }

  async echo(data, label, timeoutMs = 15000) {
    this.send(data);
    const back = await this.nextMessage(timeoutMs);
    expectSame(data, back, label);
  }

  expectOpen(label) {
    if (this.closeInfo)
      throw new Error(`${label}: session closed (${this.closeInfo.reason}: ${this.closeInfo.description})`);
    if (this.socket.readyState !== 'open')
      throw new Error(`${label}: readyState is ${this.socket.readyState}`);
  }

  close() {
    this.socket.close();
  }
}

module.exports = {
  Client, parseArgs, run, step, fail, withTimeout, isBinary, describe, sameMessage, expectSame,
  pseudoRandomBytes, asciiText, toBuffer,
};
