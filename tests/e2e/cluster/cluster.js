"use strict";
// Every cluster operation of the echo service across two servers sharing a Redis (two
// Switchboard nodes, or Switchboard and the Node.js reference with @socket.io/redis-adapter):
//   node cluster.js URL_A TRANSPORT --other=URL_B
// a1, a2 are on server A, b1 on server B; every operation is asked on both sides.

const { assert, call, delay, describe, receivedOf, run, until } = require("../socketio/lib/harness");

const QUIET_WINDOW_MS = 150;
const EVENTUALLY_MS = 5000;

// Remote joins, leaves and disconnects are applied when the other server hears of them: there is
// no event to wait for, so the state is asked again until it holds.
async function eventually(check, what) {
    const deadline = Date.now() + EVENTUALLY_MS;
    for (;;) {
        if (await check())
            return;
        if (Date.now() > deadline)
            throw new Error(`timed out waiting for ${what}`);
        await delay(25);
    }
}

run("cluster", async (ctx) => {
    const otherUrl = ctx.option("other");
    assert.ok(otherUrl, "--other=URL of the second server is required");
    const connectTo = async (url) => {
        const saved = ctx.url;
        ctx.url = url;
        try {
            return await ctx.connect();
        } finally {
            ctx.url = saved;
        }
    };
    const clients = {};
    await ctx.step("connect a1, a2 to A and b1 to B", async () => {
        clients.a1 = await connectTo(ctx.url);
        clients.a2 = await connectTo(ctx.url);
        clients.b1 = await connectTo(otherUrl.replace(/\/+$/, ""));
    });
    const { a1, a2, b1 } = clients;
    const all = [a1, a2, b1];
    const ids = () => all.map((s) => s.id).sort();

    await ctx.step("server-count is 2 on both", async () => {
        assert.deepEqual(await call(a1, "server-count"), [2]);
        assert.deepEqual(await call(b1, "server-count"), [2]);
    });

    await ctx.step("fetch-sockets sees every socket from both sides", async () => {
        for (const asker of [a1, b1]) {
            const [found] = await call(asker, "fetch-sockets", null);
            assert.deepEqual(found.map((s) => s.id).sort(), ids(), `fetch-sockets ${describe(found)}`);
            for (const s of found)
                assert.deepEqual(s.rooms, [s.id]);
        }
    });

    let tag = 0;
    const broadcast = async (sender, request, expected) => {
        const data = { tag: ++tag };
        const copies = (socket) => receivedOf(socket, "msg").filter(([d]) => d && d.tag === data.tag).length;
        assert.deepEqual(await call(clients[sender], "broadcast", { ...request, data }), []);
        for (const name of expected)
            await until(clients[name], "msg", () => copies(clients[name]) > 0, `${name} to get tag ${data.tag}`);
        await Promise.all(all.map((socket) => call(socket, "echo", "sync")));
        await delay(QUIET_WINDOW_MS);
        const got = Object.keys(clients).filter((name) => copies(clients[name]) > 0);
        assert.deepEqual(got.sort(), [...expected].sort(),
            `broadcast ${describe(request)} from ${sender} reached the wrong sockets`);
        for (const name of got)
            assert.equal(copies(clients[name]), 1, `${name} got tag ${data.tag} more than once`);
    };

    await ctx.step("broadcast to all, from either side", async () => {
        await broadcast("a1", {}, ["a1", "a2", "b1"]);
        await broadcast("b1", {}, ["a1", "a2", "b1"]);
    });

    await ctx.step("broadcast except a socket of the other side", async () => {
        await broadcast("b1", { except: a2.id }, ["a1", "b1"]);
        await broadcast("a1", { except: b1.id }, ["a1", "a2"]);
    });

    await ctx.step("sockets-join across servers, then room broadcasts", async () => {
        assert.deepEqual(await call(a1, "sockets-join", { room: "rx", target: b1.id }), []);
        assert.deepEqual(await call(b1, "sockets-join", { room: "rx", target: a2.id }), []);
        await eventually(async () => (await call(b1, "server-rooms"))[0].includes("rx"), "b1 in rx");
        await eventually(async () => (await call(a2, "server-rooms"))[0].includes("rx"), "a2 in rx");
        const [inRoom] = await call(a1, "fetch-sockets", "rx");
        assert.deepEqual(inRoom.map((s) => s.id).sort(), [a2.id, b1.id].sort());
        const [fromB] = await call(b1, "fetch-sockets", "rx");
        assert.deepEqual(fromB.map((s) => s.id).sort(), [a2.id, b1.id].sort());
        await broadcast("a1", { room: "rx" }, ["a2", "b1"]);
        await broadcast("b1", { room: "rx" }, ["a2", "b1"]);
        await broadcast("a1", { room: "rx", except: b1.id }, ["a2"]);
    });

    await ctx.step("sockets-leave across servers", async () => {
        assert.deepEqual(await call(a1, "sockets-leave", { room: "rx", target: "rx" }), []);
        await eventually(async () => (await call(a1, "fetch-sockets", "rx"))[0].length === 0, "rx to be empty");
        await broadcast("b1", { room: "rx" }, []);
    });

    await ctx.step("broadcast with acks waits for both servers", async () => {
        for (const socket of all)
            socket.on("q", (cb) => cb(socket.id));
        for (const asker of [a1, b1]) {
            const [result] = await call(asker, "ask-room", { event: "q", timeout: 3000 });
            assert.deepEqual(result.answers.map((a) => a[0]).sort(), ids(), `ask-room ${describe(result)}`);
            assert.equal(result.timedOut, 0);
        }
    });

    await ctx.step("server-side-ping: serverSideEmit with acks, both ways", async () => {
        const [fromA] = await call(a1, "server-side-ping", { timeout: 3000 });
        const [fromB] = await call(b1, "server-side-ping", { timeout: 3000 });
        assert.equal(fromA.answers.length, 1, describe(fromA));
        assert.equal(fromB.answers.length, 1, describe(fromB));
        assert.equal(typeof fromA.answers[0], "string");
        assert.notEqual(fromA.answers[0], fromB.answers[0], "each node answers with its own id");
    });

    await ctx.step("binary broadcast crosses the cluster", async () => {
        const payload = Buffer.from([0, 1, 2, 250, 255]);
        const got = (socket) => receivedOf(socket, "msg").some(([d]) => Buffer.isBuffer(d) && d.equals(payload));
        assert.deepEqual(await call(b1, "broadcast", { data: payload }), []);
        await until(a1, "msg", () => got(a1), "a1 to get the bytes");
        await until(a2, "msg", () => got(a2), "a2 to get the bytes");
    });

    await ctx.step("disconnect-sockets on the other server", async () => {
        const gone = new Promise((resolve) => b1.once("disconnect", resolve));
        assert.deepEqual(await call(a1, "disconnect-sockets", { target: b1.id }), []);
        assert.equal(await gone, "io server disconnect");
        await eventually(async () => (await call(a1, "fetch-sockets", null))[0].length === 2, "two sockets left");
        assert.ok(a2.connected);
    });
}, { timeoutMs: 90000 });
