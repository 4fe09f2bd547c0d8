"use strict";
// Payloads: binary attachments both ways (nested, several, empty, large, in acks and in the
// server's own questions) and JSON values that must come back exactly: key order, floats,
// unicode, escapes, empty argument lists. Server: default (--namespace /)

const { assert, asBuffer, call, normaliseBinary, nextEvent, run } = require("./lib/harness");

function bytes(length, seed) {
    const buffer = Buffer.alloc(length);
    for (let i = 0; i < length; ++i)
        buffer[i] = (i * 31 + seed) & 0xff;
    return buffer;
}

run("binary", async (ctx) => {
    const socket = await ctx.connect("/");

    const nested = [
        bytes(3, 1),
        { a: bytes(16, 2), list: [bytes(5, 3), 1, "x", { deep: Buffer.alloc(0) }], text: "mixed" },
        "text",
        42,
        null,
        [bytes(1, 4), [bytes(2, 5)]],
    ];

    await ctx.step("message with nested attachments comes back as message-back", async () => {
        const back = nextEvent(socket, "message-back");
        socket.emit("message", ...nested);
        const args = await back;
        assert.deepEqual(normaliseBinary(args), nested);
        // The attachments arrive as binary, not as {_placeholder, num} objects or arrays.
        asBuffer(args[0], "args[0]");
        asBuffer(args[1].list[3].deep, "args[1].list[3].deep");
    });

    await ctx.step("the same attachments come back in an ack", async () => {
        assert.deepEqual(normaliseBinary(await call(socket, "message-with-ack", ...nested)), nested);
        assert.deepEqual(normaliseBinary(await call(socket, "echo", bytes(7, 9))), [bytes(7, 9)]);
    });

    await ctx.step("an attachment of 200 KB survives", async () => {
        const big = bytes(200 * 1024, 7);
        const [echoed] = await call(socket, "echo", { big });
        assert.ok(asBuffer(echoed.big, "big").equals(big), "200 KB attachment corrupted");
    });

    await ctx.step("a binary-only event and binary sent alone", async () => {
        const back = nextEvent(socket, "message-back");
        socket.emit("message", Buffer.from([0, 255, 0, 255]));
        const [only] = await back;
        assert.deepEqual(asBuffer(only), Buffer.from([0, 255, 0, 255]));
    });

    await ctx.step("binary in a question from the server and in the answer to it", async () => {
        const question = nextEvent(socket, "bin-question");
        const asked = call(socket, "ask", {
            event: "bin-question",
            args: [bytes(4, 11), { inner: bytes(8, 12), n: 1 }],
            timeout: 3000,
        });
        const [first, second, ack] = await question;
        assert.deepEqual(asBuffer(first, "question arg 0"), bytes(4, 11));
        assert.deepEqual(normaliseBinary(second), { inner: bytes(8, 12), n: 1 });
        assert.equal(typeof ack, "function", "the server's question carries no ack id");
        ack(Buffer.from("answer"), { also: bytes(3, 13) });
        const [reply] = await asked;
        assert.deepEqual(normaliseBinary(reply), { answer: [Buffer.from("answer"), { also: bytes(3, 13) }] });
    });

    await ctx.step("binary in a room broadcast", async () => {
        await call(socket, "join", "bin");
        const msg = nextEvent(socket, "msg");
        await call(socket, "broadcast", { room: "bin", data: { payload: bytes(10, 20), k: "v" } });
        const [data] = await msg;
        assert.deepEqual(normaliseBinary(data), { payload: bytes(10, 20), k: "v" });
    });

    await ctx.step("JSON values come back exactly, key order included", async () => {
        const values = [
            { b: 1, a: 2, nested: { z: [3, { y: 1, x: 2 }], m: null } },
            0.1, -2.5, 1e-7, 1.7976931348623157e308, 9007199254740991, -9007199254740991, 0,
            "héllo ☃ 😀 \u00e9\u0301", "", "quote \" backslash \\ newline \n tab \t nul \u0000 \u2028",
            [], {}, [[]], true, false, null,
        ];
        const [echoed, ...rest] = await call(socket, "echo", ...values);
        assert.deepEqual([echoed, ...rest], values);
        assert.deepEqual(Object.keys(echoed), ["b", "a", "nested"]);
        assert.deepEqual(Object.keys(echoed.nested), ["z", "m"]);
        assert.deepEqual(Object.keys(echoed.nested.z[1]), ["y", "x"]);
        const back = nextEvent(socket, "message-back");
        socket.emit("message", ...values);
        assert.deepEqual(await back, values);
    });

    await ctx.step("empty argument lists stay empty", async () => {
        const back = nextEvent(socket, "message-back");
        socket.emit("message");
        assert.deepEqual(await back, []);
        assert.deepEqual(await call(socket, "message-with-ack"), []);
        assert.deepEqual(await call(socket, "echo"), []);
    });

    await ctx.step("packets on the wire: JSON text kept byte for byte", async () => {
        const raw = await ctx.raw();
        raw.send("0");
        await raw.match(/^0\{"sid":"[^"]+"/);
        const args = '{"b":1,"a":2},0.1,"héllo ☃ 😀","",[],{},null,true,false,"q\\"b\\\\s\\n",[1,[2,{"d":4,"c":3}]]';
        raw.send(`21["echo",${args}]`);
        raw.send(`2["message",${args}]`);
        raw.send('2["message"]');
        raw.send('22["message-with-ack"]');
        await raw.expect([`31[${args}]`, `2["message-back",${args}]`, '2["message-back"]', "32[]"]);
    });
});
