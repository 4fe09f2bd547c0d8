"use strict";
// The history option: a room keeps only the last N messages (--chat-history N), and an empty room
// keeps its history for whoever comes next. Usage: node history.js BASE_URL TRANSPORT --history=N
const { assert, call, nextEvent, receivedOf, record, run, until } = require("../socketio/lib/harness.js");

run("history", async (ctx) => {
    const keep = ctx.numberOption("history", 50);
    const connect = async () => {
        const socket = record(ctx.socket("/"));
        await nextEvent(socket, "connect");
        return socket;
    };
    const welcomed = (socket, text) => until(socket, "message",
        () => receivedOf(socket, "message").some(([m]) => m.text === text), text);

    await ctx.step(`a room keeps its last ${keep} messages, even once empty`, async () => {
        const first = await connect();
        await call(first, "join-room", { username: "first", room: "r" });
        for (let i = 1; i <= keep + 3; ++i) {
            const [ack] = await call(first, "chat-message", { text: `m${i}` });
            assert.equal(ack.status, "ok");
        }
        first.disconnect();
        const next = await connect();
        await call(next, "join-room", { username: "next", room: "r" });
        await welcomed(next, "Welcome next to room r!");
        const history = receivedOf(next, "message").map(([m]) => m).filter((m) => m.history);
        const expected = [];
        for (let i = 4; i <= keep + 3; ++i)
            expected.push(`m${i}`);
        assert.deepEqual(history.map((m) => m.text), expected);
        assert.ok(history.every((m) => m.username === "first"));
    });
});
