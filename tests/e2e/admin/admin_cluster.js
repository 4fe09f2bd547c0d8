"use strict";
// The admin UI across a mixed cluster: our server (`switchboard --admin-ui --redis`) and a Node.js
// socket.io server instrumented with @socket.io/admin-ui's own `instrument()`, started here, both
// on @socket.io/redis-adapter's channels in the same Redis. An admin client logged in to either
// side must see both servers' stats, sockets and events, and its actions must reach the clients
// of the other side.
// Usage: node admin_cluster.js OUR_BASE_URL --redis=URL --redis-key=KEY --password=P --hash=H
const http = require("node:http");
const { Server } = require("socket.io");
const { io } = require("socket.io-client");
const { createClient } = require("redis");
const { createAdapter } = require("@socket.io/redis-adapter");
const { instrument } = require("@socket.io/admin-ui");
const { record, once, assert, isTimestamp, step, run, WAIT_MS } = require("./admin_lib");

const [ourBase, ...rest] = process.argv.slice(2);
const options = Object.fromEntries(rest.map((a) => /^--([^=]+)=(.*)$/.exec(a)).filter(Boolean)
    .map((m) => [m[1], m[2]]));
const OUR_ID = options["our-id"] || "sb-node";
const NODE_ID = "node-reference";

async function startNodeServer() {
    const pub = createClient({ url: options.redis });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    const httpServer = http.createServer();
    const server = new Server(httpServer, {
        adapter: createAdapter(pub, sub, { key: options["redis-key"], requestsTimeout: 3000 }),
    });
    instrument(server, {
        auth: { type: "basic", username: "admin", password: options.hash },
        serverId: NODE_ID,
        mode: "development",
    });
    await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const close = async () => {
        server.close();
        // The admin side reports the rooms left on the next tick: let it publish first.
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.allSettled([pub.quit(), sub.quit()]);
    };
    return { url: `http://127.0.0.1:${httpServer.address().port}`, close };
}

run(async () => {
    const node = await startNodeServer();
    const sockets = [];
    const connect = (url, extra) => {
        const socket = io(url, { forceNew: true, reconnection: false, transports: ["websocket"], ...extra });
        sockets.push(socket);
        return socket;
    };
    const ui = (url) => {
        const socket = connect(`${url}/admin`, { auth: { username: "admin", password: options.password } });
        socket.heard = record(socket);
        return socket;
    };
    const statsFrom = (socket, serverId, from = 0) => socket.heard.waitFor(`server_stats of ${serverId}`,
        (e) => e.event === "server_stats" && e.args[0].serverId === serverId, from);
    try {
        let uiOurs, uiNode;
        await step("an admin client on each side hears both servers' stats", async () => {
            uiOurs = ui(ourBase);
            uiNode = ui(node.url);
            await Promise.all([once(uiOurs, "connect"), once(uiNode, "connect")]);
            for (const socket of [uiOurs, uiNode]) {
                const ours = await statsFrom(socket, OUR_ID);
                const theirs = await statsFrom(socket, NODE_ID);
                assert(ours.args[0].namespaces.some((n) => n.name === "/admin"), "our namespaces");
                assert(Array.isArray(ours.args[0].aggregatedEvents), "our aggregated events");
                assert(theirs.args[0].hostname && ours.args[0].pid !== theirs.args[0].pid, "two processes");
            }
        });

        let peerOurs, peerNode;
        await step("a client on each side appears in the other side's admin UI", async () => {
            const markOurs = uiOurs.heard.mark();
            const markNode = uiNode.heard.mark();
            peerOurs = connect(ourBase);
            peerNode = connect(node.url);
            await Promise.all([once(peerOurs, "connect"), once(peerNode, "connect")]);
            const seenByNode = await uiNode.heard.waitFor("our client's socket_connected", (e) =>
                e.event === "socket_connected" && e.args[0].id === peerOurs.id, markNode);
            assert(seenByNode.args[0].clientId === peerOurs.io.engine.id.slice(0, 12)
                && seenByNode.args[0].transport === "websocket" && isTimestamp(seenByNode.args[1]),
                JSON.stringify(seenByNode.args));
            const seenByUs = await uiOurs.heard.waitFor("the Node client's socket_connected", (e) =>
                e.event === "socket_connected" && e.args[0].id === peerNode.id, markOurs);
            // The Node server's Date, through msgpack, arrives as JSON.stringify would write it.
            assert(seenByUs.args[0].clientId === peerNode.io.engine.id.slice(0, 12)
                && isTimestamp(seenByUs.args[1]), JSON.stringify(seenByUs.args));
        });

        await step("all_sockets on each side lists the other side's sockets", async () => {
            for (const [url, other] of [[ourBase, peerNode], [node.url, peerOurs]]) {
                const late = ui(url);
                const all = await late.heard.waitFor("all_sockets", (e) => e.event === "all_sockets");
                const found = all.args[0].find((s) => s.id === other.id);
                assert(found && found.nsp === "/" && found.clientId === other.io.engine.id.slice(0, 12)
                    && found.transport === "websocket" && !("auth" in found.handshake)
                    && JSON.stringify(found.rooms) === JSON.stringify([other.id]),
                    `${url}: ${JSON.stringify(all.args[0])}`);
                late.close();
            }
        });

        await step("events of our client reach the Node side's admin UI, and the reverse", async () => {
            let mark = uiNode.heard.mark();
            peerOurs.emit("hello-admin", 1, "two");
            const received = await uiNode.heard.waitFor("event_received", (e) => e.event === "event_received"
                && e.args[1] === peerOurs.id, mark);
            assert(JSON.stringify(received.args[2]) === '["hello-admin",1,"two"]', JSON.stringify(received.args));
            mark = uiOurs.heard.mark();
            peerNode.emit("hello-us", { x: 1 });
            const theirs = await uiOurs.heard.waitFor("event_received", (e) => e.event === "event_received"
                && e.args[1] === peerNode.id, mark);
            assert(JSON.stringify(theirs.args[2]) === '["hello-us",{"x":1}]' && isTimestamp(theirs.args[3]),
                JSON.stringify(theirs.args));
        });

        await step("join and emit from the Node side's UI reach our client", async () => {
            const mark = uiOurs.heard.mark();
            uiNode.emit("join", "/", "cross-room", peerOurs.id);
            await uiOurs.heard.waitFor("room_joined on our side", (e) => e.event === "room_joined"
                && e.args[1] === "cross-room" && e.args[2] === peerOurs.id, mark);
            const got = once(peerOurs, "cross-news");
            uiNode.emit("emit", "/", "cross-room", "cross-news", "from node");
            assert((await got)[0] === "from node", "the emit did not arrive");
        });

        await step("join and emit from our UI reach the Node side's client", async () => {
            const mark = uiNode.heard.mark();
            uiOurs.emit("join", "/", "cross-room-2", peerNode.id);
            await uiNode.heard.waitFor("room_joined on the Node side", (e) => e.event === "room_joined"
                && e.args[1] === "cross-room-2" && e.args[2] === peerNode.id, mark);
            const got = once(peerNode, "cross-news");
            uiOurs.emit("emit", "/", "cross-room-2", "cross-news", "from us");
            assert((await got)[0] === "from us", "the emit did not arrive");
        });

        await step("a disconnect from either UI reaches the other side's client", async () => {
            // The client forgets its id once disconnected.
            const nodeId = peerNode.id;
            const ourId = peerOurs.id;
            const markOurs = uiOurs.heard.mark();
            const goneNode = once(peerNode, "disconnect");
            uiOurs.emit("_disconnect", "/", false, peerNode.id);
            assert((await goneNode)[0] === "io server disconnect", "the Node client stayed");
            await uiOurs.heard.waitFor("socket_disconnected of the Node client", (e) =>
                e.event === "socket_disconnected" && e.args[1] === nodeId
                && e.args[2] === "server namespace disconnect" && isTimestamp(e.args[3]), markOurs);
            const markNode = uiNode.heard.mark();
            const goneOurs = once(peerOurs, "disconnect");
            uiNode.emit("_disconnect", "/", false, peerOurs.id);
            assert((await goneOurs)[0] === "io server disconnect", "our client stayed");
            await uiNode.heard.waitFor("socket_disconnected of our client", (e) =>
                e.event === "socket_disconnected" && e.args[1] === ourId, markNode);
        });
    } finally {
        for (const socket of sockets)
            socket.close();
        await node.close();
    }
});
