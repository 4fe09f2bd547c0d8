"use strict";
// Volatile events: `volatile-burst N` emits N volatile `v` events and then acks. Volatile packets
// may be dropped while the transport cannot take them, so only some need to arrive (over
// WebSocket at least one), but never twice, never out of order, never invented, and never after
// the ack that follows them. Server: default (--namespace /)

const { assert, call, receivedOf, run } = require("./lib/harness");

const BURST = 200;

run("volatile", async (ctx) => {
    const socket = await ctx.connect("/");

    for (const round of [1, 2]) {
        await ctx.step(`burst ${round} of ${BURST} volatile events`, async () => {
            socket.received.length = 0;
            assert.deepEqual(await call(socket, "volatile-burst", BURST), []);
            const indices = receivedOf(socket, "v").map(([index]) => index);
            console.log(`# received ${indices.length} of ${BURST} volatile events`);
            for (const [i, index] of indices.entries()) {
                assert.ok(Number.isInteger(index) && index >= 0 && index < BURST, `bad index ${index}`);
                if (i > 0)
                    assert.ok(index > indices[i - 1], `index ${index} after ${indices[i - 1]}`);
            }
            if (ctx.transport === "websocket")
                assert.ok(indices.length > 0, "no volatile event arrived over WebSocket");
            assert.ok(receivedOf(socket, "v").every((args) => args.length === 1), "v carries one argument");
        });
    }

    await ctx.step("a burst of zero sends nothing and the connection keeps working", async () => {
        socket.received.length = 0;
        assert.deepEqual(await call(socket, "volatile-burst", 0), []);
        assert.deepEqual(await call(socket, "echo", "after"), ["after"]);
        assert.deepEqual(receivedOf(socket, "v"), []);
    });
});
