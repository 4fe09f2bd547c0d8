"use strict";
// The echo service on the official Node.js `socket.io` server: the reference the end-to-end
// scripts are checked against, and the behaviour `switchboard --service echo` follows.
//
//   node reference_echo.js [--bind 127.0.0.1] [--port 0] [--path /socket.io/]
//       [--namespace NSP]... [--namespace-regex REGEX]... [--recovery MS] [--connect-timeout MS]
//       [--ping-interval MS] [--ping-timeout MS] [--transports polling,websocket]
//       [--max-http-buffer-size BYTES] [--cors-origin ORIGIN]... [--no-serve-client]
//       [--redis redis://HOST:PORT[/DB]] [--redis-key PREFIX] [--parser default|msgpack]
//
// Accepts (and ignores) switchboard's --headless and --service echo so that the same argument
// list starts either server. Prints `listening on http://HOST:PORT/` once ready.
//
// The service, per namespace it is mounted on (events a client emits → what the server does):
//   (connection)        emit `auth` with the CONNECT payload ({} when none)
//   message ...args     emit `message-back` ...args (an ack requested is never answered)
//   message-with-ack / echo ...args       ack ...args
//   join ROOM|[ROOMS]   join, ack ()            leave ROOM|[ROOMS]   leave, ack ()
//   broadcast {room?, except?, data}     emit `msg` data to the namespace's sockets in `room`
//                       (a name or a list, the union; absent = the whole namespace) minus those
//                       in `except`; the sender too when it matches; then ack ()
//   ask {event, args?, timeout?}         emit event ...args to this socket with an ack, then ack
//                       {answer: [...ack args]} or {error: "timeout"}
//   ask-room {room?, event, args?, timeout?}  the same to every socket in `room` (one packet id,
//                       like io.to(room).timeout(t).emit), then ack
//                       {answers: [[...ack args] per answering socket, in arrival order],
//                        timedOut: sockets that did not answer in time}
//   disconnect-me CLOSE socket.disconnect(CLOSE === true)
//   volatile-burst N    emit N volatile `v` events (0..N-1), then ack ()
//   server-rooms        ack ([...rooms of this socket, its own id included, sorted])
// Cluster-wide (with --redis: @socket.io/redis-adapter; without: this server alone):
//   fetch-sockets ROOM|null   ack ([{id, rooms (sorted)}] of every matching socket)
//   server-count        ack (number of servers)
//   sockets-join / sockets-leave {room, target?}  every socket in `target` (room or socket id,
//                       absent = all) joins / leaves `room`; ack ()
//   disconnect-sockets {target?, close?}  ack (), then disconnect them
//   server-side-ping {timeout?}  serverSideEmit `sb:ping` with an ack to the other servers (each
//                       answers with its node id); ack ({answers: [...], timedOut})
// `args` that is not an array is sent as one argument; `timeout` defaults to 5000 ms. A request
// with a malformed payload is answered with {error: "bad request"} (when it asked for an ack).
// A middleware refuses a CONNECT whose auth has `reject: true` with message "rejected" and
// data {reason: "asked"}. Namespaces not mounted are refused with {"message":"Invalid namespace"}.

const http = require("node:http");
const { Server } = require("socket.io");

const RESERVED_EVENTS = new Set([
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener",
]);
const DEFAULT_ASK_TIMEOUT_MS = 5000;
const EVENT_PACKET = 2; // socket.io-parser PacketType.EVENT
const CLUSTER = { enabled: false };
const NODE_ID = `node-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;

function fail(message) {
    console.error(`reference_echo: ${message}`);
    process.exit(2);
}

function parseCommandLine(argv) {
    const config = {
        bind: "127.0.0.1",
        port: 0,
        path: "/socket.io",
        namespaces: [],
        namespaceRegexes: [],
        corsOrigins: [],
        serveClient: true,
    };
    const valueFlags = new Set([
        "bind", "port", "path", "namespace", "namespace-regex", "recovery", "connect-timeout",
        "redis", "redis-key",
        "ping-interval", "ping-timeout", "transports", "max-http-buffer-size", "cors-origin",
        "service", "parser",
    ]);
    const milliseconds = (name, text) => {
        const value = Number(text);
        if (!Number.isInteger(value) || value <= 0)
            fail(`--${name} needs a positive number of milliseconds`);
        return value;
    };
    for (let i = 0; i < argv.length; ++i) {
        const match = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
        if (!match)
            fail(`unexpected argument "${argv[i]}"`);
        const name = match[1];
        let value = match[2];
        if (valueFlags.has(name) && value === undefined) {
            if (i + 1 >= argv.length)
                fail(`--${name} needs a value`);
            value = argv[++i];
        }
        switch (name) {
        case "headless":
            break;
        case "service":
            if (value !== "echo")
                fail(`only --service echo is offered, not "${value}"`);
            break;
        case "no-serve-client":
            config.serveClient = false;
            break;
        case "bind":
            config.bind = value;
            break;
        case "port":
            config.port = Number(value);
            if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535)
                fail("--port needs a number between 0 and 65535");
            break;
        case "path":
            config.path = "/" + value.replace(/^\/+|\/+$/g, "");
            break;
        case "namespace":
            config.namespaces.push(value.startsWith("/") ? value : "/" + value);
            break;
        case "namespace-regex":
            try {
                config.namespaceRegexes.push(new RegExp(value));
            } catch (err) {
                fail(`--namespace-regex: ${err.message}`);
            }
            break;
        case "redis":
            config.redis = value;
            break;
        case "redis-key":
            config.redisKey = value;
            break;
        case "recovery":
            config.recovery = milliseconds(name, value);
            break;
        case "connect-timeout":
            config.connectTimeout = milliseconds(name, value);
            break;
        case "ping-interval":
            config.pingInterval = milliseconds(name, value);
            break;
        case "ping-timeout":
            config.pingTimeout = milliseconds(name, value);
            break;
        case "max-http-buffer-size":
            config.maxHttpBufferSize = Number(value);
            if (!Number.isInteger(config.maxHttpBufferSize) || config.maxHttpBufferSize < 1)
                fail("--max-http-buffer-size needs a positive number of bytes");
            break;
        case "transports":
            config.transports = value.split(",").map((t) => t.trim()).filter(Boolean);
            if (!config.transports.length
                || config.transports.some((t) => t !== "polling" && t !== "websocket"))
                fail("--transports takes a comma-separated list of polling, websocket");
            break;
        case "cors-origin":
            config.corsOrigins.push(value);
            break;
        case "parser":
            if (value !== "default" && value !== "msgpack")
                fail(`--parser is default or msgpack, not "${value}"`);
            config.parser = value;
            break;
        default:
            fail(`unknown option --${name}`);
        }
    }
    // Like switchboard: `/` is the default only when no namespace at all was named.
    if (!config.namespaces.length && !config.namespaceRegexes.length)
        config.namespaces.push("/");
    return config;
}

function serverOptions(config) {
    const options = { path: config.path, serveClient: config.serveClient };
    for (const [key, name] of [["connectTimeout", "connectTimeout"], ["pingInterval", "pingInterval"],
             ["pingTimeout", "pingTimeout"], ["transports", "transports"],
             ["maxHttpBufferSize", "maxHttpBufferSize"]]) {
        if (config[key] !== undefined)
            options[name] = config[key];
    }
    if (config.parser === "msgpack")
        options.parser = require("socket.io-msgpack-parser");
    if (config.recovery !== undefined)
        options.connectionStateRecovery = { maxDisconnectionDuration: config.recovery, skipMiddlewares: true };
    if (config.corsOrigins.length)
        options.cors = { origin: config.corsOrigins.includes("*") ? "*" : config.corsOrigins };
    return options;
}

function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !Buffer.isBuffer(value);
}

// The client's ack callback, when it asked for one, is the last argument.
function takeAck(args) {
    return typeof args[args.length - 1] === "function" ? args.pop() : null;
}

function roomList(value) {
    if (value === undefined || value === null)
        return [];
    const rooms = Array.isArray(value) ? value : [value];
    return rooms.every((room) => typeof room === "string" && room.length > 0) ? rooms : null;
}

// Validates {event, args, timeout} of `ask`/`ask-room`; null when malformed.
function parseAsk(request) {
    if (!isPlainObject(request) || typeof request.event !== "string" || !request.event
        || RESERVED_EVENTS.has(request.event))
        return null;
    const args = request.args === undefined ? [] : Array.isArray(request.args) ? request.args : [request.args];
    const timeout = request.timeout === undefined ? DEFAULT_ASK_TIMEOUT_MS : Number(request.timeout);
    if (!Number.isFinite(timeout) || timeout <= 0)
        return null;
    return { event: request.event, args, timeout };
}

// io.to(rooms).timeout(t).emit(event, ...args, cb) as the adapter does it (one packet, one id for
// every socket), but keeping every ack argument: the BroadcastOperator keeps only the first.
function askRoom(nsp, rooms, { event, args, timeout }, done) {
    const packet = { type: EVENT_PACKET, data: [event, ...args] };
    const answers = [];
    let expected = -1;
    let finished = false;
    const finish = () => {
        if (finished)
            return;
        finished = true;
        clearTimeout(timer);
        done({ answers, timedOut: Math.max(0, expected - answers.length) });
    };
    const timer = setTimeout(() => {
        if (packet.id !== undefined)
            nsp.sockets.forEach((socket) => socket.acks.delete(packet.id));
        finish();
    }, timeout);
    nsp.adapter.broadcastWithAck(packet, { rooms: new Set(rooms), except: new Set(), flags: {} },
        (clientCount) => {
            expected = clientCount;
            if (answers.length >= expected)
                finish();
        },
        (...ackArgs) => {
            if (finished)
                return;
            answers.push(ackArgs);
            if (expected >= 0 && answers.length >= expected)
                finish();
        });
}

function mountEcho(nsp) {
    nsp.use((socket, next) => {
        const auth = socket.handshake.auth;
        if (isPlainObject(auth) && auth.reject === true) {
            const err = new Error("rejected");
            err.data = { reason: "asked" };
            next(err);
            return;
        }
        next();
    });

    nsp.on("connection", (socket) => {
        const on = (event, handler) =>
            socket.on(event, (...args) => {
                const ack = takeAck(args);
                handler(args, ack || (() => {}), ack !== null);
            });
        const badRequest = (ack) => ack({ error: "bad request" });

        socket.emit("auth", socket.handshake.auth ?? {});

        on("message", (args) => socket.emit("message-back", ...args));
        on("message-with-ack", (args, ack) => ack(...args));
        on("echo", (args, ack) => ack(...args));
        on("join", ([room], ack) => {
            const rooms = roomList(room);
            if (!rooms || !rooms.length)
                return badRequest(ack);
            socket.join(rooms);
            ack();
        });
        on("leave", ([room], ack) => {
            const rooms = roomList(room);
            if (!rooms || !rooms.length)
                return badRequest(ack);
            for (const r of rooms)
                socket.leave(r);
            ack();
        });
        on("broadcast", ([request], ack) => {
            const rooms = isPlainObject(request) ? roomList(request.room) : null;
            const except = isPlainObject(request) ? roomList(request.except) : null;
            if (!rooms || !except)
                return badRequest(ack);
            socket.nsp.to(rooms).except(except).emit("msg", request.data);
            ack();
        });
        on("ask", ([request], ack) => {
            const ask = parseAsk(request);
            if (!ask)
                return badRequest(ack);
            socket.timeout(ask.timeout).emit(ask.event, ...ask.args, (err, ...answer) =>
                ack(err ? { error: "timeout" } : { answer }));
        });
        on("ask-room", ([request], ack) => {
            const ask = parseAsk(request);
            const rooms = isPlainObject(request) ? roomList(request.room) : null;
            if (!ask || !rooms)
                return badRequest(ack);
            if (CLUSTER.enabled) {
                // Across the cluster only the operator waits for every server's client count;
                // one argument per answer travels between servers.
                socket.nsp.in(rooms).timeout(ask.timeout).emit(ask.event, ...ask.args, (err, responses) =>
                    ack({ answers: (responses ?? []).map((r) => [r]), timedOut: err ? 1 : 0 }));
                return;
            }
            askRoom(socket.nsp, rooms, ask, (result) => ack(result));
        });
        on("disconnect-me", ([close]) => socket.disconnect(close === true));
        on("volatile-burst", ([count], ack) => {
            const n = Number(count);
            if (!Number.isInteger(n) || n < 0 || n > 100000)
                return badRequest(ack);
            for (let i = 0; i < n; ++i)
                socket.volatile.emit("v", i);
            ack();
        });
        on("server-rooms", (args, ack) => ack([...socket.rooms].map(String).sort()));

        const targetOf = (request) => (isPlainObject(request) ? roomList(request.target ?? null) : null);
        on("fetch-sockets", ([room], ack) => {
            const rooms = roomList(room ?? null);
            if (!rooms)
                return badRequest(ack);
            socket.nsp.in(rooms).fetchSockets().then(
                (sockets) => ack(sockets.map((s) => ({ id: s.id, rooms: [...s.rooms].map(String).sort() }))),
                (err) => ack({ error: err.message, sockets: [] }));
        });
        on("server-count", (args, ack) => {
            Promise.resolve(socket.nsp.adapter.serverCount()).then((n) => ack(n));
        });
        for (const [event, method] of [["sockets-join", "socketsJoin"], ["sockets-leave", "socketsLeave"]]) {
            on(event, ([request], ack) => {
                const target = targetOf(request);
                const rooms = target ? roomList(request.room) : null;
                if (!rooms || !rooms.length)
                    return badRequest(ack);
                socket.nsp.in(target)[method](rooms);
                ack();
            });
        }
        on("disconnect-sockets", ([request], ack) => {
            const target = targetOf(request);
            if (!target)
                return badRequest(ack);
            ack();
            socket.nsp.in(target).disconnectSockets(request.close === true);
        });
        on("server-side-ping", ([request], ack) => {
            // The Node adapter waits `requestsTimeout` (set from --redis at start), not a per-call timeout.
            socket.nsp.serverSideEmit("sb:ping", (err, answers) =>
                ack({ answers: answers ?? [], timedOut: err ? 1 : 0 }));
        });
    });
    nsp.on("sb:ping", (reply) => {
        if (typeof reply === "function")
            reply(NODE_ID);
    });
}

// Namespaces that are not mounted are refused the way socket.io refuses unknown ones. The main
// namespace always exists in socket.io, so it is refused by a middleware with the same payload.
function refuse(nsp) {
    nsp.use((socket, next) => next(new Error("Invalid namespace")));
}

// With --no-serve-client, requests for the client bundle get 404 (engine.io would answer them
// with 400 "Transport unknown" since they are under its path).
function hideClientFiles(httpServer, path) {
    const clientFile = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/socket\\.io(\\.msgpack|\\.esm)?(\\.min)?\\.js(\\.map)?(\\?|$)`);
    const listeners = httpServer.listeners("request").slice();
    httpServer.removeAllListeners("request");
    httpServer.on("request", (req, res) => {
        if (clientFile.test(req.url)) {
            res.writeHead(404, { "Content-Type": "text/plain" });
            res.end("Not Found");
            return;
        }
        for (const listener of listeners)
            listener.call(httpServer, req, res);
    });
}

async function clusterAdapter(config) {
    if (!config.redis)
        return null;
    const { createClient } = require("redis");
    const { createAdapter } = require("@socket.io/redis-adapter");
    const pubClient = createClient({ url: config.redis });
    const subClient = pubClient.duplicate();
    // Errors while Redis is away are expected: the clients reconnect by themselves.
    pubClient.on("error", () => {});
    subClient.on("error", () => {});
    await Promise.all([pubClient.connect(), subClient.connect()]);
    CLUSTER.enabled = true;
    return createAdapter(pubClient, subClient, { key: config.redisKey ?? "socket.io", requestsTimeout: 3000 });
}

async function main() {
    const config = parseCommandLine(process.argv.slice(2));
    const adapter = await clusterAdapter(config);
    const httpServer = http.createServer((req, res) => {
        if (!res.headersSent && !res.writableEnded) {
            res.writeHead(404, { "Content-Type": "text/plain" });
            res.end("Not Found");
        }
    });
    const options = serverOptions(config);
    if (adapter)
        options.adapter = adapter;
    const io = new Server(httpServer, options);
    if (!config.serveClient)
        hideClientFiles(httpServer, config.path);

    for (const name of config.namespaces)
        mountEcho(io.of(name));
    if (!config.namespaces.includes("/"))
        refuse(io.of("/"));
    for (const regex of config.namespaceRegexes)
        mountEcho(io.of(regex));

    httpServer.listen(config.port, config.bind, () => {
        const { address, port } = httpServer.address();
        const host = address.includes(":") ? `[${address}]` : address;
        console.log(`listening on http://${host}:${port}/`);
    });
    const stop = () => {
        io.close();
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

main().catch((err) => fail(err.message));
