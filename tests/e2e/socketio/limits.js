"use strict";
// --max-http-buffer-size: a packet within the limit is echoed, one beyond it ends the connection
// (over WebSocket the server closes it, over polling it refuses the POST). Server:
// --max-http-buffer-size 10000; script: --max-http-buffer-size=10000

const { assert, call, nextEvent, run } = require("./lib/harness");

run("limits", async (ctx) => {
    const limit = ctx.numberOption("max-http-buffer-size", 10000);

    await ctx.step("a packet within the limit is echoed", async () => {
        const socket = await ctx.connect("/");
        const text = "x".repeat(Math.floor(limit / 2));
        assert.deepEqual(await call(socket, "echo", text), [text]);
    });

    await ctx.step("a packet beyond the limit ends the connection", async () => {
        const socket = await ctx.connect("/");
        await ctx.upgraded(socket);
        const reason = nextEvent(socket, "disconnect");
        socket.emit("message", "y".repeat(limit * 2));
        const [why] = await reason;
        assert.ok(["transport close", "transport error"].includes(why), `reason ${why}`);
        console.log(`# disconnected with '${why}'`);
    });
});
