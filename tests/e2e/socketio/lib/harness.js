"use strict";
// Shared plumbing of the Socket.IO end-to-end scripts.
//
// Every script is run as
//     node <script>.js BASE_URL [websocket|polling|default] [--name=value ...]
// against a server offering the echo service (the C++ `switchboard --service echo` or
// reference_echo.js). It exits 0 when every step passed; otherwise it prints the failing step
// and exits 1, or 2 when the whole script ran out of time. Options after the transport are
// free-form `--name=value` pairs a script may read through `ctx.option(name)`; `--path=/x/`
// is understood by the harness itself (the server's --path).

const assert = require("node:assert/strict");
const { io, Manager } = require("socket.io-client");
const { Socket: EngineSocket } = require("engine.io-client");

const TRANSPORTS = {
    websocket: ["websocket"],
    polling: ["polling"],
    default: undefined, // polling first, then the upgrade to websocket
};

// How long a single awaited event or ack may take before the step fails. Generous: the point
// is a clear message instead of the overall timeout, not a performance check.
const EVENT_TIMEOUT_MS = 5000;

function parseArguments(argv) {
    const [url, transport = "default", ...rest] = argv;
    if (!url || !/^https?:\/\//.test(url))
        throw new Error("usage: node script.js BASE_URL [websocket|polling|default] [--name=value ...]");
    if (!(transport in TRANSPORTS))
        throw new Error(`unknown transport mode "${transport}" (websocket, polling or default)`);
    const options = {};
    for (const arg of rest) {
        const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
        if (!match)
            throw new Error(`unexpected argument "${arg}"`);
        options[match[1]] = match[2] === undefined ? "true" : match[2];
    }
    return { url: url.replace(/\/+$/, ""), transport, options };
}

function describe(value) {
    try {
        return JSON.stringify(value, (key, v) =>
            v && v.type === "Buffer" && Array.isArray(v.data) ? `<Buffer ${v.data.length} bytes>` : v);
    } catch {
        return String(value);
    }
}

// Resolves with the arguments of the next `event` on `emitter`; rejects after `timeoutMs`.
function nextEvent(emitter, event, timeoutMs = EVENT_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
        const onEvent = (...args) => {
            clearTimeout(timer);
            resolve(args);
        };
        const timer = setTimeout(() => {
            emitter.off(event, onEvent);
            reject(new Error(`no "${event}" event within ${timeoutMs} ms`));
        }, timeoutMs);
        emitter.once(event, onEvent);
    });
}

// Resolves once `predicate()` holds, re-checking it after every `event` on `emitter`.
function until(emitter, event, predicate, what, timeoutMs = EVENT_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
        if (predicate())
            return resolve();
        const check = () => {
            if (!predicate())
                return;
            clearTimeout(timer);
            emitter.off(event, check);
            resolve();
        };
        const timer = setTimeout(() => {
            emitter.off(event, check);
            reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
        emitter.on(event, check);
    });
}

// Emits with an ack and resolves with the full list of ack arguments (emitWithAck keeps only
// the first one).
function call(socket, event, ...args) {
    return new Promise((resolve, reject) => {
        socket.timeout(EVENT_TIMEOUT_MS).emit(event, ...args, (err, ...answer) => {
            if (err)
                reject(new Error(`no ack for "${event}" within ${EVENT_TIMEOUT_MS} ms`));
            else
                resolve(answer);
        });
    });
}

// Settles like `promise`, or rejects once `timeoutMs` passed first.
function withTimeout(promise, timeoutMs, what) {
    let timer;
    const expiry = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
            timeoutMs);
    });
    return Promise.race([promise, expiry]).finally(() => clearTimeout(timer));
}

function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

// Normalises whatever binary type the client produced (Buffer, ArrayBuffer, typed array) so that
// deepStrictEqual can compare it with the Buffer that was sent; fails on anything else.
function asBuffer(value, where = "value") {
    if (Buffer.isBuffer(value))
        return value;
    if (value instanceof ArrayBuffer)
        return Buffer.from(value);
    if (ArrayBuffer.isView(value))
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    throw new assert.AssertionError({ message: `${where} is not binary: ${describe(value)}` });
}

// Replaces every binary leaf by a Buffer, recursively.
function normaliseBinary(value) {
    if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value))
        return asBuffer(value);
    if (Array.isArray(value))
        return value.map(normaliseBinary);
    if (value && typeof value === "object") {
        const out = {};
        for (const key of Object.keys(value))
            out[key] = normaliseBinary(value[key]);
        return out;
    }
    return value;
}

// A bare Engine.IO connection to the Socket.IO endpoint, to check packets byte for byte. Texts
// sent and received are Socket.IO packets inside Engine.IO messages, so without the Engine.IO
// "4": CONNECT is "0/custom,", an EVENT with ack id 1 is '21["echo"]', its ACK '31[]'.
class RawConnection {
    constructor(socket) {
        this.socket = socket;
        this.messages = [];
        this.closed = null; // {reason, at} once closed
        socket.on("message", (data) => this.messages.push(typeof data === "string" ? data : Buffer.from(data)));
        socket.on("close", (reason, description) => {
            this.closed = { reason, description, at: Date.now() };
        });
    }

    send(text) {
        this.socket.send(text);
    }

    // Resolves once every packet text in `expected` was received (in any order relative to
    // other packets, but each at most once); fails with the packets seen so far otherwise.
    async expect(expected, what = describe(expected)) {
        const pending = () => {
            const left = [...expected];
            for (const message of this.messages) {
                const index = left.indexOf(message);
                if (index >= 0)
                    left.splice(index, 1);
            }
            return left;
        };
        try {
            await until(this.socket, "message", () => pending().length === 0, what);
        } catch (err) {
            throw new Error(`${err.message}; missing ${describe(pending())}, received ${describe(this.messages)}`);
        }
    }

    // Resolves with the first received packet matching `regex` (waiting for it if needed).
    async match(regex) {
        const find = () => this.messages.find((m) => typeof m === "string" && regex.test(m));
        try {
            await until(this.socket, "message", () => find() !== undefined, `a packet matching ${regex}`);
        } catch (err) {
            throw new Error(`${err.message}; received ${describe(this.messages)}`);
        }
        return regex.exec(find());
    }

    // Resolves once the server closed the connection.
    async whenClosed(timeoutMs = EVENT_TIMEOUT_MS) {
        await until(this.socket, "close", () => this.closed !== null, "the connection to close", timeoutMs);
        return this.closed;
    }

    close() {
        this.socket.close();
    }
}

class Context {
    constructor({ url, transport, options }) {
        this.url = url;
        this.transport = transport;
        this.options = options;
        this.path = options.path;
        this.currentStep = "(setup)";
        this.managers = new Set();
        this.raws = new Set();
    }

    option(name, fallback) {
        return name in this.options ? this.options[name] : fallback;
    }

    numberOption(name, fallback) {
        const value = Number(this.option(name, fallback));
        if (!Number.isFinite(value))
            throw new Error(`--${name} needs a number`);
        return value;
    }

    // Client options for this run; `extra` wins.
    clientOptions(extra = {}) {
        const options = { forceNew: true, reconnection: false, ...extra };
        if (TRANSPORTS[this.transport])
            options.transports = TRANSPORTS[this.transport];
        if (this.path && !("path" in extra))
            options.path = this.path;
        return options;
    }

    // A socket on its own connection, not yet necessarily connected.
    socket(nsp = "/", extra = {}) {
        const socket = io(this.url + nsp, this.clientOptions(extra));
        this.managers.add(socket.io);
        return socket;
    }

    // A Manager (one connection) on which several namespaces can be opened.
    manager(extra = {}) {
        const { forceNew, ...options } = this.clientOptions(extra);
        const manager = new Manager(this.url, options);
        this.managers.add(manager);
        return manager;
    }

    // An open bare Engine.IO connection (see RawConnection).
    async raw(extra = {}) {
        const options = { path: this.path || "/socket.io/", ...extra };
        if (TRANSPORTS[this.transport])
            options.transports = TRANSPORTS[this.transport];
        const socket = new EngineSocket(this.url, options);
        const connection = new RawConnection(socket);
        this.raws.add(connection);
        await withTimeout(new Promise((resolve, reject) => {
            socket.once("open", resolve);
            socket.once("error", (err) => reject(new Error(`Engine.IO connection failed: ${err.message}`)));
        }), EVENT_TIMEOUT_MS, "the Engine.IO handshake");
        return connection;
    }

    // A socket that is connected and whose `auth` welcome event arrived; the welcome payload is
    // kept in `socket.welcome`. Every event received is also recorded in `socket.received`.
    async connect(nsp = "/", extra = {}, manager = null) {
        const socket = manager ? manager.socket(nsp, extra) : this.socket(nsp, extra);
        record(socket);
        const welcome = nextEvent(socket, "auth");
        const connected = new Promise((resolve, reject) => {
            socket.once("connect", resolve);
            socket.once("connect_error", (err) =>
                reject(new Error(`connecting to ${nsp} failed: ${err.message} ${describe(err.data)}`)));
        });
        if (manager && !socket.active)
            socket.connect();
        await connected;
        [socket.welcome] = await welcome;
        return socket;
    }

    // In the default mode, waits until the connection has been upgraded to WebSocket, so that a
    // test which drops or starves the transport does not do it halfway through the upgrade. The
    // client switches as soon as it sent the upgrade packet; an echo round trip makes sure the
    // server switched too (the official server misses a close that follows the upgrade packet
    // too closely).
    async upgraded(socket) {
        const engine = socket.io.engine;
        if (this.transport !== "default")
            return;
        await until(engine, "upgrade", () => engine.transport.name === "websocket", "the upgrade to WebSocket");
        await call(socket, "echo", "upgraded");
    }

    // A socket whose connection attempt must fail; resolves with the connect_error.
    async refused(nsp, extra = {}, manager = null) {
        const socket = manager ? manager.socket(nsp, extra) : this.socket(nsp, extra);
        const outcome = new Promise((resolve, reject) => {
            socket.once("connect", () => reject(new Error(`connecting to ${nsp} succeeded`)));
            socket.once("connect_error", resolve);
        });
        if (manager && !socket.active)
            socket.connect();
        const error = await withTimeout(outcome, EVENT_TIMEOUT_MS,
            `connect or connect_error for ${nsp}`);
        return { socket, error };
    }

    closeAll() {
        for (const connection of this.raws)
            connection.close();
        for (const manager of this.managers) {
            try {
                manager._close();
            } catch {
                // already closed
            }
        }
    }
}

// Records every event a socket receives (in order) in `socket.received`: [event, ...args].
function record(socket) {
    if (socket.received)
        return socket;
    socket.received = [];
    socket.onAny((...packet) => socket.received.push(packet));
    return socket;
}

// Events named `event` a recording socket received, as argument lists.
function receivedOf(socket, event) {
    return socket.received.filter(([name]) => name === event).map(([, ...args]) => args);
}

// Runs `body(ctx)` with an overall deadline; prints one line per step and exits.
function run(name, body, { timeoutMs = 30000 } = {}) {
    let ctx;
    try {
        ctx = new Context(parseArguments(process.argv.slice(2)));
    } catch (err) {
        console.error(`${name}: ${err.message}`);
        process.exit(64);
    }
    const label = `${name} [${ctx.transport}]`;
    const deadline = setTimeout(() => {
        console.error(`FAIL ${label}: overall timeout of ${timeoutMs} ms in step "${ctx.currentStep}"`);
        process.exit(2);
    }, timeoutMs);
    const started = Date.now();
    ctx.step = async (title, fn) => {
        ctx.currentStep = title;
        const stepStarted = Date.now();
        await fn();
        console.log(`ok - ${title} (${Date.now() - stepStarted} ms)`);
    };
    Promise.resolve()
        .then(() => body(ctx))
        .then(() => {
            clearTimeout(deadline);
            ctx.closeAll();
            console.log(`PASS ${label} in ${Date.now() - started} ms`);
            process.exit(0);
        })
        .catch((err) => {
            clearTimeout(deadline);
            console.error(`FAIL ${label}: step "${ctx.currentStep}": ${err && err.message}`);
            if (err && err.stack)
                console.error(err.stack.split("\n").slice(1).join("\n"));
            ctx.closeAll();
            process.exit(1);
        });
}

module.exports = {
    assert,
    asBuffer,
    call,
    delay,
    describe,
    nextEvent,
    normaliseBinary,
    receivedOf,
    record,
    run,
    until,
    withTimeout,
    EVENT_TIMEOUT_MS,
};
