"use strict";
// Namespaces: the mounted ones, dynamic ones matched by a regex, refused ones, the connect
// middleware, the auth payload, and several namespaces multiplexed over one connection.
// Server: --namespace / --namespace /custom --namespace-regex '^/dyn-\d+$'

const { assert, call, run } = require("./lib/harness");

run("namespaces", async (ctx) => {
    await ctx.step("the main namespace welcomes with {} when no auth was sent", async () => {
        const socket = await ctx.connect("/");
        assert.deepEqual(socket.welcome, {});
        assert.deepEqual(await call(socket, "echo", "main"), ["main"]);
    });

    await ctx.step("/custom echoes its auth payload with key order kept", async () => {
        const auth = { token: "abc", nested: { z: 1, a: [1, "two", null] }, "ü": "☃", b: true };
        const socket = await ctx.connect("/custom", { auth });
        assert.deepEqual(socket.welcome, auth);
        assert.deepEqual(Object.keys(socket.welcome), ["token", "nested", "ü", "b"]);
        assert.deepEqual(Object.keys(socket.welcome.nested), ["z", "a"]);
        assert.deepEqual(await call(socket, "echo", "custom"), ["custom"]);
    });

    await ctx.step("namespaces matching the regex are created on demand", async () => {
        const one = await ctx.connect("/dyn-1", { auth: { n: 1 } });
        const other = await ctx.connect("/dyn-42");
        assert.deepEqual(one.welcome, { n: 1 });
        assert.deepEqual(other.welcome, {});
        assert.deepEqual(await call(one, "echo", 1), [1]);
        assert.deepEqual(await call(other, "echo", 42), [42]);
        // Each child namespace has rooms of its own.
        await call(one, "join", "shared");
        await call(other, "join", "shared");
        assert.deepEqual(await call(other, "broadcast", { room: "shared", data: "dyn-42 only" }), []);
        assert.deepEqual(await call(other, "echo", "sync"), ["sync"]);
        assert.deepEqual(await call(one, "echo", "sync"), ["sync"]);
        assert.deepEqual(one.received.filter(([event]) => event === "msg"), []);
        assert.deepEqual(other.received.filter(([event]) => event === "msg"), [["msg", "dyn-42 only"]]);
    });

    for (const nsp of ["/nope", "/dyn-", "/dyn-1a", "/custom/sub", "/Custom"]) {
        await ctx.step(`${nsp} is refused with "Invalid namespace"`, async () => {
            const { socket, error } = await ctx.refused(nsp);
            assert.equal(error.message, "Invalid namespace");
            assert.equal(error.data, undefined);
            assert.equal(socket.connected, false);
            assert.equal(socket.active, false, "a refused socket must not retry");
        });
    }

    await ctx.step("the CONNECT_ERROR for an unknown namespace is exactly {\"message\":\"Invalid namespace\"}", async () => {
        const raw = await ctx.raw();
        raw.send("0/nope,");
        const [, payload] = await raw.match(/^4\/nope,(.*)$/s);
        assert.deepEqual(JSON.parse(payload), { message: "Invalid namespace" });
        // The connection stays usable for other namespaces.
        raw.send("0/custom,");
        await raw.match(/^0\/custom,\{"sid":"[^"]+"/);
    });

    for (const nsp of ["/", "/custom", "/dyn-7"]) {
        await ctx.step(`the middleware on ${nsp} refuses auth {reject:true} with data`, async () => {
            const { socket, error } = await ctx.refused(nsp, { auth: { reject: true } });
            assert.equal(error.message, "rejected");
            assert.deepEqual(error.data, { reason: "asked" });
            assert.equal(socket.active, false, "a socket refused by a middleware must not retry");
            const accepted = await ctx.connect(nsp, { auth: { reject: false } });
            assert.deepEqual(accepted.welcome, { reject: false });
        });
    }

    await ctx.step("the middleware's CONNECT_ERROR carries message and data", async () => {
        const raw = await ctx.raw();
        raw.send('0/custom,{"reject":true}');
        const [, payload] = await raw.match(/^4\/custom,(.*)$/s);
        assert.deepEqual(JSON.parse(payload), { message: "rejected", data: { reason: "asked" } });
    });

    await ctx.step("two namespaces share one connection", async () => {
        const manager = ctx.manager({ autoConnect: false });
        let opened = 0;
        manager.on("open", () => ++opened);
        const main = await ctx.connect("/", { auth: { which: "main" } }, manager);
        const custom = await ctx.connect("/custom", { auth: { which: "custom" } }, manager);
        assert.equal(opened, 1, "the Manager opened more than one Engine.IO connection");
        assert.ok(main.io.engine.id, "no Engine.IO session id");
        assert.equal(main.io.engine.id, custom.io.engine.id);
        assert.notEqual(main.id, custom.id);
        assert.notEqual(main.id, main.io.engine.id, "socket id must differ from the session id");
        assert.deepEqual(main.welcome, { which: "main" });
        assert.deepEqual(custom.welcome, { which: "custom" });
        const [a, b] = await Promise.all([call(main, "echo", "via /"), call(custom, "echo", "via /custom")]);
        assert.deepEqual(a, ["via /"]);
        assert.deepEqual(b, ["via /custom"]);
    });

    await ctx.step("multiplexed packets on one raw connection are routed by namespace", async () => {
        const raw = await ctx.raw();
        raw.send("0");
        raw.send("0/custom,");
        const [, mainSid] = await raw.match(/^0\{"sid":"([^"]+)"/);
        const [, customSid] = await raw.match(/^0\/custom,\{"sid":"([^"]+)"/);
        assert.notEqual(mainSid, customSid);
        await raw.expect(['2["auth",{}]', '2/custom,["auth",{}]']);
        raw.send('21["echo","a"]');
        raw.send('2/custom,2["echo","b"]');
        raw.send('2/custom,["message",{"b":1,"a":2}]');
        await raw.expect(['31["a"]', '3/custom,2["b"]', '2/custom,["message-back",{"b":1,"a":2}]']);
    });
});
