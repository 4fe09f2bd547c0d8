"use strict";
// The connect timeout: a connection that joins no namespace is closed once it expires; one that
// joined a namespace is left alone. Server: --connect-timeout 500; script: --connect-timeout=500

const { assert, call, delay, run } = require("./lib/harness");

const SLACK_MS = 2000;

run("connect_timeout", async (ctx) => {
    const connectTimeout = ctx.numberOption("connect-timeout", 500);

    await ctx.step("idle and refused-only connections are closed, a joined one is kept", async () => {
        const started = Date.now();
        const [idle, refusedOnly, joined] = await Promise.all([
            ctx.raw(),
            ctx.raw().then((raw) => {
                raw.send("0/nope,");
                return raw;
            }),
            ctx.connect("/"),
        ]);
        await refusedOnly.match(/^4\/nope,/);

        for (const [name, raw] of [["idle", idle], ["refused-only", refusedOnly]]) {
            const closed = await raw.whenClosed(connectTimeout + SLACK_MS);
            const after = closed.at - started;
            assert.ok(after >= connectTimeout * 0.8, `${name} connection closed after ${after} ms already`);
            assert.equal(closed.reason, "transport close", `${name} connection: ${closed.reason}`);
            console.log(`# ${name} connection closed after ${after} ms`);
        }

        // The joined connection is past the timeout by now; give a late close a moment more.
        const past = connectTimeout + 300 - (Date.now() - started);
        if (past > 0)
            await delay(past);
        assert.equal(joined.connected, true, "the connection that joined a namespace was closed");
        assert.deepEqual(await call(joined, "echo", "kept"), ["kept"]);
    });
});
