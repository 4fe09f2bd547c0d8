"use strict";
// Realistic traffic for looking at the console: clients in several namespaces and rooms that
// chat, broadcast, ask for and answer acks (some never), plus a few refused connections.
//     NODE_PATH=tests/node_modules node scripts/live_traffic.js BASE_URL SECONDS
// Against `switchboard --service echo --namespace / --namespace /chat --namespace /game`.
const http = require("node:http");
const { io } = require("socket.io-client");

const base = (process.argv[2] || "http://127.0.0.1:3000").replace(/\/+$/, "");
const seconds = Number(process.argv[3] || 30);
const names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "李雷", "Zoë", "oscar"];
const rooms = { "/": ["lobby"], "/chat": ["general", "random", "ops"], "/game": ["table-1", "table-2"] };
const texts = ["hello everyone", "the build is green again", "lunch?", "see \"release notes\", section 3",
    "meeting moved to 15:30", "👍"];
const pick = (list) => list[Math.floor(Math.random() * list.length)];
const clients = [];

for (let i = 0; i < 36; ++i) {
    const nsp = pick(Object.keys(rooms));
    const transports = i % 4 === 0 ? ["polling"] : i % 4 === 1 ? ["websocket"] : undefined;
    const socket = io(base + (nsp === "/" ? "" : nsp), {
        forceNew: true, transports, auth: { username: pick(names), token: "secret-" + i },
    });
    socket.on("connect", () => {
        socket.emit("join", [pick(rooms[nsp]), pick(rooms[nsp])], () => {});
    });
    // Answer the server's questions, except a few who never do.
    socket.onAny((event, ...args) => {
        const ack = args[args.length - 1];
        if (typeof ack === "function" && i % 7 !== 3)
            setTimeout(() => ack({ ok: true, from: socket.id }), 5 + Math.random() * 80);
    });
    clients.push({ socket, nsp });
}

const timer = setInterval(() => {
    const { socket, nsp } = pick(clients);
    if (!socket.connected)
        return;
    const roll = Math.random();
    if (roll < 0.4)
        socket.emit("message", { room: pick(rooms[nsp]), text: pick(texts), at: Date.now() });
    else if (roll < 0.65)
        socket.emit("broadcast", { room: pick(rooms[nsp]), data: { text: pick(texts) } }, () => {});
    else if (roll < 0.8)
        socket.emit("echo", { n: Math.floor(Math.random() * 1000) }, () => {});
    else if (roll < 0.9)
        socket.emit("ask", { event: "confirm", args: [{ question: "still there?" }], timeout: 1500 }, () => {});
    else if (roll < 0.93)
        socket.emit("message", Buffer.from("binary payload " + Math.random()));
    else if (roll < 0.95)
        http.get(base + "/socket.io/?EIO=4&transport=carrier-pigeon", (r) => r.resume()).on("error", () => {});
    else if (roll < 0.96)
        io(base + "/admin", { forceNew: true, reconnection: false }).on("connect_error", function () { this.close(); });
}, 8);

setTimeout(() => {
    clearInterval(timer);
    for (const { socket } of clients)
        socket.disconnect();
    setTimeout(() => process.exit(0), 200);
}, seconds * 1000);
