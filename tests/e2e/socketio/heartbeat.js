"use strict";
// Heartbeats: the configured interval and timeout reach the client, the server pings on time and
// keeps a well-behaved connection alive, closes one that stops answering ('transport close' on
// the client), and a client that stops hearing pings reports 'ping timeout'.
// Server: --ping-interval 300 --ping-timeout 300; script: --ping-interval=300 --ping-timeout=300

const { assert, call, nextEvent, run, until } = require("./lib/harness");

// Timers and the event loop of two processes: how late a heartbeat deadline may be honoured.
const SLACK_MS = 2000;

run("heartbeat", async (ctx) => {
    const interval = ctx.numberOption("ping-interval", 300);
    const timeout = ctx.numberOption("ping-timeout", 300);

    const connectWatched = async () => {
        const socket = ctx.socket("/");
        const handshake = nextEvent(socket.io.engine, "handshake");
        const connected = nextEvent(socket, "connect");
        const [data] = await handshake;
        await connected;
        await ctx.upgraded(socket);
        return { socket, handshake: data, engine: socket.io.engine };
    };

    await ctx.step("the handshake carries the configured ping interval and timeout", async () => {
        const { handshake } = await connectWatched();
        assert.equal(handshake.pingInterval, interval);
        assert.equal(handshake.pingTimeout, timeout);
    });

    await ctx.step("the server pings every interval and the connection outlives several", async () => {
        const { socket, engine } = await connectWatched();
        const pings = [];
        engine.on("ping", () => pings.push(Date.now()));
        const started = Date.now();
        await until(engine, "ping", () => pings.length >= 3, "three pings", 3 * (interval + SLACK_MS));
        assert.ok(pings[0] - started < interval + SLACK_MS, "first ping late");
        for (let i = 1; i < pings.length; ++i)
            assert.ok(pings[i] - pings[i - 1] > interval / 2, "pings come faster than the interval");
        assert.equal(socket.connected, true);
        assert.deepEqual(await call(socket, "echo", "alive"), ["alive"]);
    });

    await ctx.step("a client that stops answering pings is closed by the server", async () => {
        const { socket, engine } = await connectWatched();
        const sendPacket = engine._sendPacket.bind(engine);
        engine._sendPacket = (type, ...rest) => {
            if (type !== "pong")
                sendPacket(type, ...rest);
        };
        const started = Date.now();
        const [reason] = await nextEvent(socket, "disconnect", interval + timeout + SLACK_MS + 1000);
        const elapsed = Date.now() - started;
        assert.equal(reason, "transport close");
        assert.ok(elapsed >= timeout, `closed after ${elapsed} ms, before a ping went unanswered for the timeout`);
    });

    await ctx.step("a client that hears no ping reports 'ping timeout'", async () => {
        const { socket, engine } = await connectWatched();
        // Keeps answering pings (the server stays happy) but no longer rearms the client's timer.
        engine._resetPingTimeout = () => {};
        const [reason] = await nextEvent(socket, "disconnect", interval + timeout + SLACK_MS + 1000);
        assert.equal(reason, "ping timeout");
    });
});
