"use strict";
// The msgpack parser (socket.io-msgpack-parser 3.x, as a Node server with `parser: msgpack`):
// every packet type, binary values natively, acks both ways, namespaces, CONNECT_ERROR, broadcasts,
// and on a bare Engine.IO connection the packets themselves (one binary message each) and what a
// malformed one does. Server: --parser msgpack --namespace / --namespace /custom

const msgpackParser = require("socket.io-msgpack-parser");
const notepack = require("socket.io-msgpack-parser/node_modules/notepack.io");
const { assert, asBuffer, call, nextEvent, normaliseBinary, run } = require("./lib/harness");

const parser = { parser: msgpackParser };

function decodeMessage(message) {
    assert.ok(Buffer.isBuffer(message), `a text message instead of a binary one: ${message}`);
    return notepack.decode(message);
}

run("msgpack", async (ctx) => {
    const socket = await ctx.connect("/", { ...parser, auth: { token: "t", n: 1 } });

    await ctx.step("the CONNECT payload reaches the server (auth event)", async () => {
        assert.deepEqual(socket.welcome, { token: "t", n: 1 });
    });

    await ctx.step("JSON values come back exactly in an ack", async () => {
        const values = [
            "text", "Ünïcödé \u2028 \"quoted\" \\ \n", 0, 1, -1, 255, 65536, -129,
            Number.MAX_SAFE_INTEGER, -(2 ** 40), 0.1, 1.5, -2.5e-7, true, false, null,
            [], {}, { b: 1, a: [1, { c: null }] }, [[[["deep"]]]],
        ];
        assert.deepEqual(await call(socket, "echo", ...values), values);
    });

    await ctx.step("binary values travel natively, nested, both ways", async () => {
        const nested = [Buffer.from([1, 2, 3]), { a: Buffer.alloc(0), list: [Buffer.from([255]), 1] }];
        const back = nextEvent(socket, "message-back");
        socket.emit("message", ...nested);
        const args = await back;
        assert.deepEqual(normaliseBinary(args), nested);
        asBuffer(args[0], "args[0]");
        assert.deepEqual(normaliseBinary(await call(socket, "message-with-ack", ...nested)), nested);
        const big = Buffer.alloc(100 * 1024, 7);
        const [echoed] = await call(socket, "echo", big);
        assert.ok(asBuffer(echoed).equals(big), "100 KB binary corrupted");
    });

    await ctx.step("the server asks with an ack and gets the answer", async () => {
        const question = nextEvent(socket, "question");
        const asked = call(socket, "ask", { event: "question", args: [1, "two"], timeout: 3000 });
        const [one, two, callback] = await question;
        assert.deepEqual([one, two], [1, "two"]);
        callback("answer", { n: 3 });
        assert.deepEqual(await asked, [{ answer: ["answer", { n: 3 }] }]);
    });

    await ctx.step("a second namespace on the same connection", async () => {
        const custom = await ctx.connect("/custom", {}, socket.io);
        assert.deepEqual(await call(custom, "echo", "in custom"), ["in custom"]);
        custom.disconnect();
    });

    await ctx.step("CONNECT_ERROR: an unknown namespace and a refusing middleware", async () => {
        const { error } = await ctx.refused("/nope", parser);
        assert.equal(error.message, "Invalid namespace");
        const { error: rejected } = await ctx.refused("/", { ...parser, auth: { reject: true } });
        assert.equal(rejected.message, "rejected");
        assert.deepEqual(rejected.data, { reason: "asked" });
    });

    await ctx.step("a broadcast to a room reaches every member", async () => {
        const other = await ctx.connect("/", parser);
        await call(socket, "join", "r");
        await call(other, "join", "r");
        const first = nextEvent(socket, "msg");
        const second = nextEvent(other, "msg");
        await call(socket, "broadcast", { room: "r", data: { hello: Buffer.from([9]) } });
        for (const [data] of await Promise.all([first, second]))
            assert.deepEqual(normaliseBinary(data), { hello: Buffer.from([9]) });
        other.disconnect();
    });

    await ctx.step("disconnect from the server", async () => {
        const gone = nextEvent(socket, "disconnect");
        socket.emit("disconnect-me", false);
        assert.deepEqual((await gone)[0], "io server disconnect");
    });

    await ctx.step("on the wire: one binary message per packet, as notepack writes it", async () => {
        const raw = await ctx.raw();
        raw.send(notepack.encode({ type: 0, nsp: "/", data: { k: "v" } }));
        const connectReply = await new Promise((resolve, reject) => {
            const check = () => {
                const found = raw.messages.find((m) => Buffer.isBuffer(m) && decodeMessage(m).type === 0);
                if (found)
                    resolve(decodeMessage(found));
            };
            check();
            raw.socket.on("message", check);
            setTimeout(() => reject(new Error(`no CONNECT reply; received ${raw.messages.length}`)), 5000);
        });
        assert.equal(connectReply.nsp, "/");
        assert.equal(typeof connectReply.data.sid, "string");
        raw.send(notepack.encode({ type: 2, nsp: "/", id: 7, data: ["echo", Buffer.from([1, 2]), 2 ** 40] }));
        const ack = await new Promise((resolve, reject) => {
            const check = () => {
                const found = raw.messages.find((m) => Buffer.isBuffer(m) && decodeMessage(m).type === 3);
                if (found)
                    resolve(decodeMessage(found));
            };
            check();
            raw.socket.on("message", check);
            setTimeout(() => reject(new Error("no ACK")), 5000);
        });
        assert.equal(ack.id, 7);
        assert.equal(ack.nsp, "/");
        assert.deepEqual(normaliseBinary(ack.data), [Buffer.from([1, 2]), 2 ** 40]);
        for (const message of raw.messages)
            assert.ok(Buffer.isBuffer(message), "a text message from a msgpack server");
        raw.close();
    });

    for (const [what, bytes] of [
        ["bytes that are no msgpack", Buffer.from([0xc1])],
        ["a packet that is no map", notepack.encode([2, "/", ["e"]])],
        ["an unknown packet type", notepack.encode({ type: 9, nsp: "/" })],
        ["an event whose data is no array", notepack.encode({ type: 2, nsp: "/", data: { a: 1 } })],
        ["a text message", "2[\"echo\"]"],
    ]) {
        await ctx.step(`${what} closes the connection`, async () => {
            const raw = await ctx.raw();
            raw.send(notepack.encode({ type: 0, nsp: "/" }));
            await new Promise((resolve) => raw.socket.once("message", resolve));
            // As ctx.upgraded(): not halfway through the upgrade to WebSocket.
            if (ctx.transport === "default" && raw.socket.transport.name !== "websocket")
                await nextEvent(raw.socket, "upgrade");
            raw.send(bytes);
            const closed = await raw.whenClosed();
            assert.ok(closed.reason, "closed without a reason");
        });
    }

    await ctx.step("the server still serves a new client", async () => {
        const again = await ctx.connect("/", parser);
        assert.deepEqual(await call(again, "echo", "still here"), ["still here"]);
    });
});
