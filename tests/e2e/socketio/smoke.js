"use strict";
// The shortest useful conversation: connect, welcome, event, ack, room broadcast. Run against a
// server on a non-default --path (script: --path=/x/) and over the upgrade from polling.

const { assert, call, nextEvent, run } = require("./lib/harness");

run("smoke", async (ctx) => {
    await ctx.step("connect, echo, message-back and a broadcast to oneself", async () => {
        const socket = await ctx.connect("/", { auth: { hello: "world" } });
        assert.deepEqual(socket.welcome, { hello: "world" });
        assert.deepEqual(await call(socket, "echo", "ping", 1), ["ping", 1]);
        const back = nextEvent(socket, "message-back");
        socket.emit("message", { x: [1, 2] });
        assert.deepEqual(await back, [{ x: [1, 2] }]);
        await call(socket, "join", "me");
        const msg = nextEvent(socket, "msg");
        await call(socket, "broadcast", { room: "me", data: "to me" });
        assert.deepEqual(await msg, ["to me"]);
    });

    if (ctx.transport === "default") {
        await ctx.step("the connection upgrades to WebSocket and keeps working", async () => {
            const socket = await ctx.connect("/");
            await ctx.upgraded(socket);
            assert.equal(socket.io.engine.transport.name, "websocket");
            assert.deepEqual(await call(socket, "echo", "upgraded"), ["upgraded"]);
        });
    }
});
