"use strict";
// Disconnections and the reasons the client reports: its own disconnect, the server's
// `disconnect-me` for one namespace and for the whole connection, and a dropped transport on a
// server without connection state recovery. Server: --namespace / --namespace /custom

const { assert, call, nextEvent, run } = require("./lib/harness");

run("disconnect", async (ctx) => {
    await ctx.step("socket.disconnect() reports 'io client disconnect' and leaves the rooms", async () => {
        const watcher = await ctx.connect("/");
        const socket = await ctx.connect("/");
        await call(socket, "join", "leaving");
        const reason = nextEvent(socket, "disconnect");
        socket.disconnect();
        assert.equal((await reason)[0], "io client disconnect");
        assert.equal(socket.active, false);
        // The server hears about it asynchronously: ask the room until nobody is left in it.
        let result;
        for (let attempt = 0; attempt < 20; ++attempt) {
            [result] = await call(watcher, "ask-room", { room: "leaving", event: "anyone", timeout: 200 });
            if (result.answers.length === 0 && result.timedOut === 0)
                break;
        }
        assert.deepEqual(result, { answers: [], timedOut: 0 }, "the server kept the socket in its room");
    });

    await ctx.step("disconnect-me(false) ends one namespace with 'io server disconnect'", async () => {
        const manager = ctx.manager({ autoConnect: false, reconnection: true, reconnectionDelay: 50 });
        const main = await ctx.connect("/", {}, manager);
        const custom = await ctx.connect("/custom", {}, manager);
        const engineId = manager.engine.id;
        await call(main, "join", "gone");
        const reason = nextEvent(main, "disconnect");
        main.emit("disconnect-me", false);
        assert.equal((await reason)[0], "io server disconnect");
        assert.equal(main.active, false, "a socket disconnected by the server must not reconnect");
        // The other namespace keeps the same connection.
        assert.equal(custom.connected, true);
        assert.deepEqual(await call(custom, "echo", "still here"), ["still here"]);
        assert.equal(manager.engine.id, engineId);
        // The server already dropped the socket from its rooms when it told the client.
        const watcher = await ctx.connect("/");
        const [result] = await call(watcher, "ask-room", { room: "gone", event: "anyone", timeout: 300 });
        assert.deepEqual(result, { answers: [], timedOut: 0 });
        // The client may connect to the namespace again, over the same connection.
        const again = await ctx.connect("/", {}, manager);
        assert.notEqual(again.id, undefined);
        assert.equal(manager.engine.id, engineId);
        assert.deepEqual(await call(again, "echo", "back"), ["back"]);
    });

    await ctx.step("disconnect-me(true) closes the whole connection, every namespace", async () => {
        const manager = ctx.manager({ autoConnect: false });
        const main = await ctx.connect("/", {}, manager);
        const custom = await ctx.connect("/custom", {}, manager);
        const mainReason = nextEvent(main, "disconnect");
        const customReason = nextEvent(custom, "disconnect");
        const closed = nextEvent(manager, "close");
        main.emit("disconnect-me", true);
        assert.equal((await mainReason)[0], "io server disconnect");
        const [reason] = await customReason;
        // The official server sends DISCONNECT for every namespace before it closes; a server that
        // just closes the connection shows as 'transport close'.
        assert.ok(["io server disconnect", "transport close"].includes(reason), `reason ${reason}`);
        console.log(`# /custom reported '${reason}'`);
        const [closeReason] = await closed;
        assert.ok(["transport close", "forced close"].includes(closeReason), `connection closed: ${closeReason}`);
        assert.equal(main.connected || custom.connected, false);
    });

    await ctx.step("a dropped transport without recovery gives a new, unrecovered socket", async () => {
        const socket = await ctx.connect("/", { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100 });
        await call(socket, "join", "before-drop");
        const oldId = socket.id;
        await ctx.upgraded(socket);
        const reason = nextEvent(socket, "disconnect");
        const welcomeAgain = nextEvent(socket, "auth");
        const reconnected = nextEvent(socket, "connect");
        socket.io.engine.close();
        const [why] = await reason;
        assert.ok(["transport close", "forced close"].includes(why), `reason ${why}`);
        await reconnected;
        await welcomeAgain;
        assert.ok(!socket.recovered, "recovered without --recovery");
        assert.notEqual(socket.id, oldId);
        assert.deepEqual(await call(socket, "server-rooms"), [[socket.id]]);
    });
});
