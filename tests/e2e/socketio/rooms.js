"use strict";
// Rooms and broadcasts: join/leave, `broadcast` to one room, several rooms, a room minus another,
// the whole namespace and a socket's own room; only the sockets meant to get a `msg` get it,
// once. Server: --namespace / --namespace /custom

const { assert, call, delay, describe, receivedOf, run, until } = require("./lib/harness");

// After every expected receiver got its copy, how long the others are watched for a stray one
// (each of them has also done an ack round trip on its own connection by then).
const QUIET_WINDOW_MS = 150;

run("rooms", async (ctx) => {
    let tag = 0;
    const clients = {};

    // `sender` broadcasts `request` (plus a fresh tag); exactly the sockets in `expected` must get
    // one `msg` with it.
    const broadcast = async (sender, request, expected) => {
        const data = { tag: ++tag, text: `broadcast ${tag}` };
        const copies = (socket) => receivedOf(socket, "msg").filter(([d]) => d && d.tag === data.tag).length;
        assert.deepEqual(await call(clients[sender], "broadcast", { ...request, data }), []);
        for (const name of expected)
            await until(clients[name], "msg", () => copies(clients[name]) > 0, `${name} to get tag ${data.tag}`);
        await Promise.all(Object.values(clients).map((socket) => call(socket, "echo", "sync")));
        await delay(QUIET_WINDOW_MS);
        const got = Object.keys(clients).filter((name) => copies(clients[name]) > 0);
        assert.deepEqual(got.sort(), [...expected].sort(),
            `broadcast ${describe(request)} from ${sender} reached the wrong sockets`);
        for (const name of got)
            assert.equal(copies(clients[name]), 1, `${name} got tag ${data.tag} more than once`);
        for (const name of got)
            assert.deepEqual(receivedOf(clients[name], "msg").find(([d]) => d && d.tag === data.tag), [data]);
    };

    const rooms = async (name) => {
        const answer = await call(clients[name], "server-rooms");
        assert.equal(answer.length, 1, `server-rooms acked ${describe(answer)}`);
        return answer[0];
    };

    await ctx.step("connect a, b, c on / and d on /custom, each on its own connection", async () => {
        for (const name of ["a", "b", "c"])
            clients[name] = await ctx.connect("/");
        clients.d = await ctx.connect("/custom");
    });

    await ctx.step("join acks without arguments and server-rooms lists the rooms sorted", async () => {
        assert.deepEqual(await call(clients.a, "join", "r1"), []);
        assert.deepEqual(await call(clients.b, "join", "r1"), []);
        assert.deepEqual(await call(clients.c, "join", "r2"), []);
        assert.deepEqual(await call(clients.d, "join", "r1"), []);
        assert.deepEqual(await rooms("a"), [clients.a.id, "r1"].sort());
        assert.deepEqual(await rooms("c"), [clients.c.id, "r2"].sort());
        assert.deepEqual(await call(clients.c, "join", ["x", "y", "r2"]), []);
        assert.deepEqual(await rooms("c"), [clients.c.id, "r2", "x", "y"].sort());
        assert.deepEqual(await call(clients.c, "leave", ["x", "y"]), []);
        assert.deepEqual(await rooms("c"), [clients.c.id, "r2"].sort());
    });

    await ctx.step("a room broadcast reaches its members only, not the same room of /custom", async () => {
        await broadcast("c", { room: "r1" }, ["a", "b"]);
    });

    await ctx.step("the sender gets its own broadcast when it is in the room", async () => {
        await broadcast("a", { room: "r1" }, ["a", "b"]);
    });

    await ctx.step("a broadcast to several rooms reaches each socket once", async () => {
        await call(clients.a, "join", "r2");
        await broadcast("b", { room: ["r1", "r2"] }, ["a", "b", "c"]);
    });

    await ctx.step("except leaves out the members of the excepted room", async () => {
        await broadcast("c", { room: "r1", except: "r2" }, ["b"]);
        await broadcast("c", { except: ["r1"] }, ["c"]);
    });

    await ctx.step("no room means the whole namespace", async () => {
        await broadcast("b", {}, ["a", "b", "c"]);
        await broadcast("d", {}, ["d"]);
    });

    await ctx.step("every socket is in the room named by its id", async () => {
        await broadcast("a", { room: clients.c.id }, ["c"]);
        await broadcast("d", { room: clients.a.id }, []);
    });

    await ctx.step("a room nobody is in reaches nobody", async () => {
        await broadcast("a", { room: "empty" }, []);
    });

    await ctx.step("leave stops the broadcasts of that room", async () => {
        assert.deepEqual(await call(clients.b, "leave", "r1"), []);
        assert.deepEqual(await rooms("b"), [clients.b.id]);
        await broadcast("c", { room: "r1" }, ["a"]);
        assert.deepEqual(await call(clients.a, "leave", "r1"), []);
        await broadcast("c", { room: "r1" }, []);
        assert.deepEqual(await call(clients.b, "leave", "never-joined"), []);
        await broadcast("d", { room: "r1" }, ["d"]);
    });

    await ctx.step("broadcasts go out in the order they were sent", async () => {
        const first = tag + 1;
        await Promise.all([1, 2, 3, 4, 5].map((i) =>
            call(clients.c, "broadcast", { room: "r2", data: { tag: ++tag, i } })));
        for (const name of ["a", "c"]) {
            await until(clients[name], "msg",
                () => receivedOf(clients[name], "msg").filter(([d]) => d.tag >= first).length === 5,
                `${name} to get 5 broadcasts`);
            assert.deepEqual(receivedOf(clients[name], "msg").filter(([d]) => d.tag >= first).map(([d]) => d.i),
                [1, 2, 3, 4, 5]);
        }
    });
});
