"use strict";
// The admin UI's protocol on our /admin namespace, spoken by socket.io-client as the UI does:
// logins and refusals, session ids, config, all_sockets, server_stats with the aggregated
// events, every socket/room/event notification, and the actions (emit, join, leave,
// _disconnect), including malformed ones. The server runs the chat service on "/".
// Usage: node admin_protocol.js BASE_URL MODE PEER_TRANSPORT [--user=U --password=P]
//   MODE: full (development, with a password), readonly, production, noauth, login (a login
//   only, on --namespace=NSP).
//   PEER_TRANSPORT: websocket, polling or default (polling, then the upgrade).
const { io } = require("socket.io-client");
const { record, once, connectOutcome, assert, isTimestamp, step, run, WAIT_MS } = require("./admin_lib");

const [base, mode, peerTransport, ...rest] = process.argv.slice(2);
const options = Object.fromEntries(rest.map((a) => /^--([^=]+)(?:=(.*))?$/.exec(a)).filter(Boolean)
    .map((m) => [m[1], m[2] ?? "true"]));
const user = options.user || "admin";
const password = options.password || "";
const adminNamespace = options.namespace || "/admin";
const transports = { websocket: ["websocket"], polling: ["polling"], default: undefined }[peerTransport];

const open = [];
function admin(auth, extra = {}) {
    const socket = io(`${base}${adminNamespace}`, { forceNew: true, reconnection: false, auth, ...extra });
    open.push(socket);
    return socket;
}
function peer(query) {
    const socket = io(base, { forceNew: true, reconnection: false, transports, query });
    open.push(socket);
    return socket;
}

const ALL = ["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT"];

async function refusals() {
    for (const [title, auth] of [
        ["no credentials", undefined],
        ["an unknown user", { username: "root", password }],
        ["a wrong password", { username: user, password: password + "x" }],
        ["a password that is not a string", { username: user, password: 12345 }],
        ["a NUL-truncated password", { username: user, password: password + "\u0000tail" }],
        ["an unknown session id", { sessionId: "0123456789abcdef" }],
    ]) {
        await step(`a login with ${title} is refused`, async () => {
            const socket = admin(auth);
            const [outcome, error] = await connectOutcome(socket);
            assert(outcome === "connect_error", `connected with ${title}`);
            assert(error.message === "invalid credentials", `message ${error.message}`);
            socket.close();
        });
    }
}

async function login() {
    const socket = admin(mode === "noauth" ? undefined : { username: user, password });
    const heard = record(socket);
    const [outcome, error] = await connectOutcome(socket);
    assert(outcome === "connect", `login failed: ${error && error.message}`);
    return { socket, heard };
}

async function full() {
    await refusals();
    let ui, sessionId;
    await step("a login with the password gets a session id, config, all_sockets, stats", async () => {
        ui = await login();
        const session = await ui.heard.waitFor("session", (e) => e.event === "session");
        sessionId = session.args[0];
        assert(/^[0-9a-f]{16}$/.test(sessionId), `session id ${sessionId}`);
        const config = await ui.heard.waitFor("config", (e) => e.event === "config");
        const features = config.args[0].supportedFeatures;
        assert(JSON.stringify(features) === JSON.stringify([...ALL, "AGGREGATED_EVENTS", "ALL_EVENTS"]),
            `features ${JSON.stringify(features)}`);
        assert(ui.heard.log.findIndex((e) => e.event === "session")
            < ui.heard.log.findIndex((e) => e.event === "config"), "session came after config");
        const all = await ui.heard.waitFor("all_sockets", (e) => e.event === "all_sockets");
        const mine = all.args[0].find((s) => s.id === ui.socket.id);
        assert(mine && mine.nsp === "/admin", `the UI's own socket is missing: ${JSON.stringify(all.args[0])}`);
        assert(mine.clientId === ui.socket.io.engine.id.slice(0, 12), `clientId ${mine.clientId}`);
        assert(!("auth" in mine.handshake), "the handshake shows the credentials");
        assert(JSON.stringify(mine.data) === "{}", `data ${JSON.stringify(mine.data)}`);
        const stats = await ui.heard.waitFor("server_stats", (e) => e.event === "server_stats");
        const s = stats.args[0];
        for (const key of ["serverId", "hostname"])
            assert(typeof s[key] === "string" && s[key].length > 0, `${key}: ${s[key]}`);
        assert(Number.isInteger(s.pid) && s.pid > 0, `pid ${s.pid}`);
        assert(typeof s.uptime === "number" && s.uptime > 0, `uptime ${s.uptime}`);
        assert(s.clientsCount >= 1 && Number.isInteger(s.pollingClientsCount), `clients ${s.clientsCount}`);
        assert(Array.isArray(s.aggregatedEvents), "no aggregatedEvents");
        const names = s.namespaces.map((n) => n.name);
        assert(names.includes("/") && names.includes("/admin"), `namespaces ${names}`);
        assert(s.namespaces.find((n) => n.name === "/admin").socketsCount >= 1, "admin count");
    });

    await step("the session id logs in again without a password, and gets no new session", async () => {
        const again = admin({ sessionId });
        const heard = record(again);
        const [outcome] = await connectOutcome(again);
        assert(outcome === "connect", "the session id was refused");
        await heard.waitFor("config", (e) => e.event === "config");
        assert(!heard.log.some((e) => e.event === "session"), "a second session was made");
        again.close();
    });

    let client, mark;
    await step(`a client (${peerTransport}) appears with socket_connected and its own room`, async () => {
        mark = ui.heard.mark();
        client = peer({ who: "peer-1" });
        await once(client, "connect");
        const connected = await ui.heard.waitFor("socket_connected",
            (e) => e.event === "socket_connected" && e.args[0].id === client.id, mark);
        const [s, at] = connected.args;
        assert(isTimestamp(at), `timestamp ${at}`);
        assert(s.nsp === "/" && s.clientId === client.io.engine.id.slice(0, 12), JSON.stringify(s));
        const firstTransport = transports ? transports[0] : "polling";
        assert(s.transport === firstTransport, `transport ${s.transport}`);
        assert(JSON.stringify(s.rooms) === JSON.stringify([client.id]), `rooms ${s.rooms}`);
        assert(s.handshake.query.who === "peer-1", `query ${JSON.stringify(s.handshake.query)}`);
        assert(typeof s.handshake.address === "string" && s.handshake.address.includes("127.0.0.1"),
            `address ${s.handshake.address}`);
        assert(typeof s.handshake.headers === "object" && s.handshake.headers.host, "headers");
        assert(Number.isInteger(s.handshake.issued) && typeof s.handshake.time === "string", "issued/time");
        assert(s.handshake.xdomain === false && s.handshake.secure === false, "xdomain/secure");
        assert(typeof s.handshake.url === "string" && s.handshake.url.startsWith("/socket.io/"), s.handshake.url);
        await ui.heard.waitFor("room_joined own room", (e) => e.event === "room_joined"
            && e.args[0] === "/" && e.args[1] === client.id && e.args[2] === client.id
            && isTimestamp(e.args[3]), mark);
        if (!transports) {
            await ui.heard.waitFor("socket_updated transport", (e) => e.event === "socket_updated"
                && e.args[0].id === client.id && e.args[0].nsp === "/"
                && e.args[0].transport === "websocket", mark);
        }
    });

    const room = `lobby-${Date.now() % 100000}`;
    await step("join-room: room_joined, event_received, event_sent and socket_updated with data", async () => {
        mark = ui.heard.mark();
        const ack = await client.timeout(WAIT_MS).emitWithAck("join-room", { username: "Peer", room });
        assert(ack.status === "ok", JSON.stringify(ack));
        await ui.heard.waitFor("room_joined", (e) => e.event === "room_joined" && e.args[1] === room
            && e.args[2] === client.id, mark);
        const received = await ui.heard.waitFor("event_received", (e) => e.event === "event_received"
            && e.args[1] === client.id && e.args[2][0] === "join-room", mark);
        assert(received.args[0] === "/" && JSON.stringify(received.args[2])
            === JSON.stringify(["join-room", { username: "Peer", room }]), JSON.stringify(received.args));
        assert(isTimestamp(received.args[3]), "event_received timestamp");
        const sent = await ui.heard.waitFor("event_sent", (e) => e.event === "event_sent"
            && e.args[1] === client.id && e.args[2][0] === "message"
            && /Welcome Peer/.test(e.args[2][1].text), mark);
        assert(isTimestamp(sent.args[3]), "event_sent timestamp");
        const updated = await ui.heard.waitFor("socket_updated data", (e) => e.event === "socket_updated"
            && e.args[0].id === client.id && e.args[0].data && e.args[0].data.room === room, mark);
        assert(updated.args[0].data.username === "Peer" && !("_admin" in updated.args[0].data),
            JSON.stringify(updated.args[0]));
    });

    await step("binary arguments reach event_received as binary", async () => {
        mark = ui.heard.mark();
        client.emit("message", Buffer.from([1, 2, 3]), "tail");
        const received = await ui.heard.waitFor("binary event_received", (e) => e.event === "event_received"
            && e.args[1] === client.id && e.args[2][0] === "message", mark);
        const [, bytes, tail] = received.args[2];
        assert(Buffer.isBuffer(bytes) && bytes.equals(Buffer.from([1, 2, 3])) && tail === "tail",
            JSON.stringify(received.args[2]));
    });

    await step("the stats carry the aggregated events", async () => {
        mark = 0; // every report since the login: the connections came early
        const types = new Set();
        const deadline = Date.now() + WAIT_MS;
        while (!["rawConnection", "packetsIn", "packetsOut", "bytesIn", "bytesOut"].every((t) => types.has(t))) {
            assert(Date.now() < deadline, `only ${[...types]}`);
            const stats = await ui.heard.waitFor("server_stats", (e) => e.event === "server_stats", mark);
            mark = ui.heard.log.indexOf(stats) + 1;
            for (const a of stats.args[0].aggregatedEvents) {
                assert(a.timestamp % 1000 === 0 && Number.isInteger(a.count) && a.count > 0, JSON.stringify(a));
                assert(a.type !== "packetsIn" || !("subType" in a), "packetsIn with a subType");
                types.add(a.type);
            }
        }
    });

    await step("emit: to the namespace, and to a room only", async () => {
        const other = peer({ who: "peer-2" });
        await once(other, "connect");
        const both = Promise.all([once(client, "from-ui"), once(other, "from-ui")]);
        ui.socket.emit("emit", "/", null, "from-ui", 1, { a: [true, null] });
        const [[a1, a2], [b1]] = await both;
        assert(a1 === 1 && JSON.stringify(a2) === '{"a":[true,null]}' && b1 === 1, `${a1} ${a2} ${b1}`);
        let otherGot = false;
        other.on("to-room", () => { otherGot = true; });
        ui.socket.emit("emit", "/", room, "to-room", "only you");
        const [text] = await once(client, "to-room");
        assert(text === "only you", text);
        // A round trip on the other client's own connection, after the server sent it.
        await other.timeout(WAIT_MS).emitWithAck("join-room", { username: "Other", room: "elsewhere" });
        assert(!otherGot, "a client outside the room got the room's emit");
        other.close();
    });

    await step("join and leave a socket to a room from the UI", async () => {
        mark = ui.heard.mark();
        ui.socket.emit("join", "/", "vip", client.id);
        await ui.heard.waitFor("room_joined vip", (e) => e.event === "room_joined" && e.args[1] === "vip"
            && e.args[2] === client.id, mark);
        const got = once(client, "vip-news");
        ui.socket.emit("emit", "/", "vip", "vip-news", "hello vip");
        assert((await got)[0] === "hello vip", "the joined room did not reach the client");
        ui.socket.emit("leave", "/", "vip", client.id);
        await ui.heard.waitFor("room_left vip", (e) => e.event === "room_left" && e.args[1] === "vip"
            && e.args[2] === client.id && isTimestamp(e.args[3]), mark);
        // All sockets of a room (the many-sockets form): the chat room joins "all-of-room".
        ui.socket.emit("join", "/", "all-of-room", room);
        await ui.heard.waitFor("room_joined all-of-room", (e) => e.event === "room_joined"
            && e.args[1] === "all-of-room" && e.args[2] === client.id, mark);
    });

    await step("malformed actions are ignored and the server goes on", async () => {
        ui.socket.emit("emit", 42, null, "x");
        ui.socket.emit("emit", "/", 7, "x");
        ui.socket.emit("emit", "/", null);
        ui.socket.emit("emit", "/nowhere", null, "x");
        ui.socket.emit("join", "/", { room: 1 }, client.id);
        ui.socket.emit("leave", "/");
        ui.socket.emit("_disconnect", "/", "yes", client.id);
        ui.socket.emit("_disconnect", "/admin/../", false);
        const got = once(client, "still-there");
        ui.socket.emit("emit", "/", client.id, "still-there");
        await got;
        assert(client.connected && ui.socket.connected, "a malformed action disconnected someone");
    });

    await step("_disconnect from the UI: socket_disconnected, then the room_left events", async () => {
        mark = ui.heard.mark();
        const gone = once(client, "disconnect");
        const id = client.id;
        ui.socket.emit("_disconnect", "/", false, id);
        const [reason] = await gone;
        assert(reason === "io server disconnect", `reason ${reason}`);
        const disconnected = await ui.heard.waitFor("socket_disconnected", (e) =>
            e.event === "socket_disconnected" && e.args[1] === id, mark);
        assert(disconnected.args[0] === "/" && disconnected.args[2] === "server namespace disconnect"
            && isTimestamp(disconnected.args[3]), JSON.stringify(disconnected.args));
        const left = await ui.heard.waitFor("room_left", (e) => e.event === "room_left"
            && e.args[2] === id && e.args[1] === room, mark);
        assert(ui.heard.log.indexOf(left) > ui.heard.log.indexOf(disconnected), "room_left came first");
    });

    await step("_disconnect with close ends the whole connection; raw disconnections are counted", async () => {
        const third = peer({ who: "peer-3" });
        await once(third, "connect");
        mark = ui.heard.mark();
        const gone = once(third, "disconnect");
        ui.socket.emit("_disconnect", "/", true, third.id);
        const [reason] = await gone;
        assert(reason === "io server disconnect" || reason === "transport close", `reason ${reason}`);
        const stats = await ui.heard.waitFor("rawDisconnection", (e) => e.event === "server_stats"
            && e.args[0].aggregatedEvents.some((a) => a.type === "rawDisconnection"
                && typeof a.subType === "string"), mark);
        assert(stats, "");
    });
    ui.socket.close();
}

async function readonly() {
    let ui;
    await step("read-only: only the aggregated and all events are offered", async () => {
        ui = await login();
        const config = await ui.heard.waitFor("config", (e) => e.event === "config");
        assert(JSON.stringify(config.args[0].supportedFeatures) === '["AGGREGATED_EVENTS","ALL_EVENTS"]',
            JSON.stringify(config.args[0]));
    });
    await step("read-only: actions change nothing", async () => {
        const client = peer();
        await once(client, "connect");
        let heard = false;
        client.onAny(() => { heard = true; });
        client.on("disconnect", () => { heard = true; });
        // The actions, then a request on another namespace of the same connection: the server
        // handles a connection's packets in order, so when the answer comes the actions were seen.
        ui.socket.emit("emit", "/", null, "nope");
        ui.socket.emit("join", "/", "nope", client.id);
        ui.socket.emit("_disconnect", "/", true, client.id);
        const main = ui.socket.io.socket("/");
        await once(main, "connect");
        main.emit("message", { text: "ping" });
        await once(main, "message");
        // And one more stats period for anything on its way to the client.
        const mark = ui.heard.mark();
        await ui.heard.waitFor("server_stats", (e) => e.event === "server_stats", mark);
        assert(client.connected && !heard, "a read-only action reached the client");
        const sockets = await new Promise((resolve) => {
            const probe = admin({ username: user, password });
            probe.once("all_sockets", (all) => { probe.close(); resolve(all); });
        });
        const seen = sockets.find((s) => s.id === client.id);
        assert(seen && JSON.stringify(seen.rooms) === JSON.stringify([client.id]), JSON.stringify(seen));
        main.disconnect();
        client.close();
    });
    ui.socket.close();
}

async function production() {
    let ui;
    await step("production: no ALL_EVENTS, no all_sockets, only stats", async () => {
        ui = await login();
        const config = await ui.heard.waitFor("config", (e) => e.event === "config");
        assert(JSON.stringify(config.args[0].supportedFeatures) === JSON.stringify([...ALL, "AGGREGATED_EVENTS"]),
            JSON.stringify(config.args[0]));
        const client = peer();
        await once(client, "connect");
        await client.timeout(WAIT_MS).emitWithAck("join-room", { username: "P", room: "r" });
        // Two full stats periods after the traffic.
        let mark = ui.heard.mark();
        const first = await ui.heard.waitFor("server_stats", (e) => e.event === "server_stats", mark);
        mark = ui.heard.log.indexOf(first) + 1;
        const second = await ui.heard.waitFor("server_stats", (e) => e.event === "server_stats", mark);
        const unexpected = ui.heard.log.filter((e) => !["session", "config", "server_stats"].includes(e.event));
        assert(unexpected.length === 0, `production mode sent ${unexpected.map((e) => e.event)}`);
        const ns = second.args[0].namespaces.find((n) => n.name === "/");
        assert(ns && ns.socketsCount === 1, JSON.stringify(second.args[0].namespaces));
        // Actions still work.
        const gone = once(client, "disconnect");
        ui.socket.emit("_disconnect", "/", false, client.id);
        await gone;
    });
    ui.socket.close();
}

async function noauth() {
    await step("no auth: anyone gets in, without a session id", async () => {
        const ui = await login();
        await ui.heard.waitFor("config", (e) => e.event === "config");
        await ui.heard.waitFor("all_sockets", (e) => e.event === "all_sockets");
        assert(!ui.heard.log.some((e) => e.event === "session"), "a session id without a login");
        ui.socket.close();
    });
}

async function loginOnly() {
    await step(`a login on ${adminNamespace} as ${user}`, async () => {
        const ui = await login();
        await ui.heard.waitFor("session", (e) => e.event === "session");
        const all = await ui.heard.waitFor("all_sockets", (e) => e.event === "all_sockets");
        assert(all.args[0].some((s) => s.nsp === adminNamespace), JSON.stringify(all.args[0]));
        ui.socket.close();
        const wrong = admin({ username: user, password: "wrong" });
        const [outcome] = await connectOutcome(wrong);
        assert(outcome === "connect_error", "a wrong password got in");
    });
    if ("expect-token-refusal" in options) {
        await step("the other namespaces still want a sign-in token", async () => {
            const client = peer();
            const [outcome, error] = await connectOutcome(client);
            assert(outcome === "connect_error" && /token/.test(error.message), `${outcome} ${error && error.message}`);
        });
    }
}

run(async () => {
    try {
        await { full, readonly, production, noauth, login: loginOnly }[mode]();
    } finally {
        for (const socket of open)
            socket.close();
    }
});
