"use strict";
// Connection state recovery: a socket whose transport drops comes back with the same id, its
// rooms, and the packets broadcast to it meanwhile (socket.recovered === true).
// Server: --recovery 5000 (a reconnection well within maxDisconnectionDuration)

const { assert, call, describe, nextEvent, receivedOf, run, until } = require("./lib/harness");

run("recovery", async (ctx) => {
    const msgs = (socket) => receivedOf(socket, "msg").map(([data]) => data);
    let a;
    let b;
    let oldId;

    await ctx.step("connect a (in room r) and b; a is not recovered at first", async () => {
        a = await ctx.connect("/");
        b = await ctx.connect("/");
        assert.ok(!a.recovered);
        await call(a, "join", "r");
        await call(b, "join", "b-only");
        // A packet with an offset reaches a, so it has something to recover from.
        await call(b, "broadcast", { room: "r", data: "before" });
        await until(a, "msg", () => msgs(a).includes("before"), "a to get the first broadcast");
        oldId = a.id;
    });

    await ctx.step("a's transport drops and the server notices", async () => {
        await ctx.upgraded(a);
        const reason = nextEvent(a, "disconnect");
        a.io.engine.close();
        await reason;
        // Ask the room until a's old socket no longer counts as a member.
        let result;
        for (let attempt = 0; attempt < 25; ++attempt) {
            [result] = await call(b, "ask-room", { room: "r", event: "still-there", timeout: 200 });
            if (result.answers.length === 0 && result.timedOut === 0)
                break;
        }
        if (result.timedOut !== 0) {
            const [own] = await call(b, "ask-room", { room: oldId, event: "still-there", timeout: 200 });
            assert.fail(`the server still counts a in room r ${describe(result)}; `
                + `in a's own room: ${describe(own)}; a's engine: ${a.io.engine.readyState}`);
        }
        assert.deepEqual(result, { answers: [], timedOut: 0 });
    });

    await ctx.step("b broadcasts while a is away", async () => {
        await call(b, "broadcast", { room: "r", data: "missed-room" });
        await call(b, "broadcast", { room: oldId, data: "missed-own-room" });
        await call(b, "broadcast", { data: "missed-namespace" });
        await call(b, "broadcast", { room: "b-only", data: "not-for-a" });
        await until(b, "msg", () => msgs(b).includes("not-for-a"), "b to get its own room broadcast");
    });

    await ctx.step("a reconnects recovered, with the same id and the missed packets", async () => {
        const connected = nextEvent(a, "connect");
        a.connect();
        await connected;
        assert.equal(a.recovered, true, "socket.recovered is not true");
        assert.equal(a.id, oldId);
        const missed = ["missed-room", "missed-own-room", "missed-namespace"];
        await until(a, "msg", () => missed.every((m) => msgs(a).includes(m)),
            `a to get ${describe(missed)}`);
        assert.deepEqual(await call(a, "echo", "sync"), ["sync"]);
        assert.deepEqual(msgs(a), ["before", ...missed], "missed packets wrong, doubled or out of order");
    });

    await ctx.step("a is still in room r", async () => {
        assert.deepEqual(await call(a, "server-rooms"), [[a.id, "r"].sort()]);
        await call(b, "broadcast", { room: "r", data: "after" });
        await until(a, "msg", () => msgs(a).includes("after"), "a to get a broadcast after recovery");
    });
});
