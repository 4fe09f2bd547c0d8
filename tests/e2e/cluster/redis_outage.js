"use strict";
// Redis killed and restarted during traffic between two Switchboard nodes:
//   node redis_outage.js URL_A TRANSPORT --other=URL_B --redis-pid=PID --redis-port=PORT
//       --redis-server=PATH
// Local delivery goes on while Redis is away; after it is back (on the same port) the nodes
// reconnect, resubscribe and broadcast to each other again. The Redis this script starts is
// stopped when it exits.

const { spawn } = require("node:child_process");
const { assert, call, delay, receivedOf, run, until } = require("../socketio/lib/harness");

let restarted = null;
process.on("exit", () => {
    if (restarted)
        restarted.kill("SIGKILL");
});

async function eventually(check, what, timeoutMs = 20000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await check())
            return;
        if (Date.now() > deadline)
            throw new Error(`timed out waiting for ${what}`);
        await delay(50);
    }
}

run("redis outage", async (ctx) => {
    const connectTo = async (url) => {
        const saved = ctx.url;
        ctx.url = url.replace(/\/+$/, "");
        try {
            return await ctx.connect();
        } finally {
            ctx.url = saved;
        }
    };
    const a1 = await connectTo(ctx.url);
    const a2 = await connectTo(ctx.url);
    const b1 = await connectTo(ctx.option("other"));
    let tag = 0;
    const send = async (from) => {
        const data = { tag: ++tag };
        assert.deepEqual(await call(from, "broadcast", { data }), []);
        return (socket) => receivedOf(socket, "msg").some(([d]) => d && d.tag === data.tag);
    };

    await ctx.step("the cluster works", async () => {
        await eventually(async () => (await call(a1, "server-count"))[0] === 2, "two servers");
        const got = await send(a1);
        await until(b1, "msg", () => got(b1), "b1 to hear a1");
    });

    await ctx.step("Redis is killed: local delivery goes on", async () => {
        process.kill(Number(ctx.option("redis-pid")), "SIGKILL");
        await eventually(async () => (await call(a1, "server-count"))[0] === 1, "A to see itself alone");
        for (let i = 0; i < 5; ++i) {
            const got = await send(a1);
            await until(a2, "msg", () => got(a2), "a2 to hear a1 locally");
        }
        assert.ok(a1.connected && a2.connected && b1.connected);
    });

    await ctx.step("Redis comes back: the nodes reconnect and resubscribe", async () => {
        restarted = spawn(ctx.option("redis-server"), ["--port", ctx.option("redis-port"), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no"], { stdio: "ignore" });
        await eventually(async () => (await call(a1, "server-count"))[0] === 2, "A to count two servers again");
        await eventually(async () => (await call(b1, "server-count"))[0] === 2, "B to count two servers again");
        const got = await send(b1);
        await until(a1, "msg", () => got(a1), "a1 to hear b1 after the outage");
        await until(a2, "msg", () => got(a2), "a2 to hear b1 after the outage");
    });
}, { timeoutMs: 90000 });
