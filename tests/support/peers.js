"use strict";
// Real socket.io-client peers driven line by line, for tests that keep their own event loop
// running (the console's GUI tests, the live monitor tests).
//
//     node peers.js BASE_URL
//
// Reads one JSON command per line on stdin, writes one JSON report per line on stdout. Every
// client has a test-chosen id. Commands:
//   {"cmd":"connect","id":"a","nsp":"/","auth":{...},"transports":["websocket"],"query":{...}}
//       → {"id":"a","event":"connect","sid":"..."} or {"id":"a","event":"connect_error","message":...,"data":...}
//   {"cmd":"emit","id":"a","event":"x","args":[...],"ack":true,"timeout":5000,"binary":[i,...]}
//       (args at the indexes in "binary" are sent as Buffers of their UTF-8 text)
//       → with ack: {"id":"a","event":"ack","name":"x","args":[...]} or {"id":"a","event":"ack_timeout","name":"x"}
//   {"cmd":"answer","id":"a","event":"x","mode":"echo"|"never"|"value","value":...}
//       how client a answers server emits of event x that ask for an ack (default: echo the args)
//   {"cmd":"disconnect","id":"a"}          → {"id":"a","event":"disconnect","reason":"io client disconnect"}
//   {"cmd":"drop","id":"a"}                closes the transport abruptly (the server sees transport close)
//   {"cmd":"quit"}
// Unsolicited reports: every event the server emits to a client,
//   {"id":"a","event":"message","name":"x","args":[...],"binary":[i,...],"hex":["..."]}
//   (Buffers as UTF-8 text in args, and their exact bytes in hex, in the order of "binary")
// and {"id":"a","event":"disconnect","reason":"..."} when the server ends it.
// Errors in a command: {"event":"error","message":...}. Exits when stdin closes.

const readline = require("node:readline");
const { io } = require("socket.io-client");

const base = (process.argv[2] || "").replace(/\/+$/, "");
if (!/^https?:\/\//.test(base)) {
    process.stderr.write("usage: node peers.js BASE_URL\n");
    process.exit(2);
}

const clients = new Map();

function report(object) {
    process.stdout.write(JSON.stringify(object) + "\n");
}

function plain(args) {
    const binary = [];
    const hex = [];
    const values = args.map((value, index) => {
        if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) {
            binary.push(index);
            hex.push(Buffer.from(value).toString("hex"));
            return Buffer.from(value).toString("utf8");
        }
        return value;
    });
    return { values, binary, hex };
}

function connect(command) {
    const { id } = command;
    if (clients.has(id))
        throw new Error(`client ${id} exists`);
    const nsp = command.nsp || "/";
    const socket = io(base + (nsp === "/" ? "" : nsp), {
        forceNew: true,
        reconnection: false,
        transports: command.transports,
        auth: command.auth,
        query: command.query,
        timeout: 10000,
    });
    const state = { socket, answers: new Map() };
    clients.set(id, state);
    socket.on("connect", () => report({ id, event: "connect", sid: socket.id }));
    socket.on("connect_error", (error) =>
        report({ id, event: "connect_error", message: error.message, data: error.data }));
    socket.on("disconnect", (reason) => report({ id, event: "disconnect", reason }));
    socket.onAny((name, ...args) => {
        const last = args[args.length - 1];
        const ack = typeof last === "function" ? args.pop() : null;
        const { values, binary, hex } = plain(args);
        report({ id, event: "message", name, args: values, binary, hex, withAck: !!ack });
        if (!ack)
            return;
        const answer = state.answers.get(name) || { mode: "echo" };
        if (answer.mode === "never")
            return;
        if (answer.mode === "value")
            ack(answer.value);
        else
            ack(...args);
    });
}

function emit(command) {
    const state = clients.get(command.id);
    if (!state)
        throw new Error(`no client ${command.id}`);
    const args = (command.args || []).map((value, index) =>
        (command.binary || []).includes(index) ? Buffer.from(String(value), "utf8") : value);
    if (!command.ack) {
        state.socket.emit(command.event, ...args);
        return;
    }
    state.socket.timeout(command.timeout || 5000).emit(command.event, ...args, (error, ...answer) => {
        if (error)
            report({ id: command.id, event: "ack_timeout", name: command.event });
        else
            report({ id: command.id, event: "ack", name: command.event, args: plain(answer).values });
    });
}

function handle(command) {
    switch (command.cmd) {
    case "connect":
        connect(command);
        break;
    case "emit":
        emit(command);
        break;
    case "answer": {
        const state = clients.get(command.id);
        if (!state)
            throw new Error(`no client ${command.id}`);
        state.answers.set(command.event, { mode: command.mode || "echo", value: command.value });
        break;
    }
    case "disconnect": {
        const state = clients.get(command.id);
        if (state)
            state.socket.disconnect();
        break;
    }
    case "drop": {
        const state = clients.get(command.id);
        if (state && state.socket.io.engine)
            state.socket.io.engine.close();
        break;
    }
    case "quit":
        shutdown();
        break;
    default:
        throw new Error(`unknown command ${command.cmd}`);
    }
}

function shutdown() {
    for (const { socket } of clients.values())
        socket.disconnect();
    clients.clear();
    setTimeout(() => process.exit(0), 50);
}

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
    if (!line.trim())
        return;
    try {
        handle(JSON.parse(line));
    } catch (error) {
        report({ event: "error", message: String(error && error.message || error) });
    }
});
lines.on("close", shutdown);
// A test that dies must not leave peers behind: bounded life in any case.
setTimeout(() => process.exit(3), 10 * 60 * 1000).unref();
