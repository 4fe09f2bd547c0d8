"use strict";
// Server options a client can observe: --transports (a transport left out is refused with
// engine.io's "Transport unknown", code 0) and --cors-origin (the origin is allowed on the
// Engine.IO requests and in preflights, any other origin is not).
//   --check=websocket-only   server: --transports websocket
//   --check=cors             server: --cors-origin http://page.test
// The transport argument is ignored: each step picks what it needs.

const { assert, call, nextEvent, run } = require("./lib/harness");
const { io } = require("socket.io-client");

async function request(url, init = {}) {
    const response = await fetch(url, { redirect: "manual", ...init });
    return { status: response.status, headers: response.headers, body: await response.text() };
}

run("server_options", async (ctx) => {
    const check = ctx.option("check");
    const base = ctx.url + (ctx.path || "/socket.io/").replace(/\/?$/, "/");

    if (check === "websocket-only") {
        await ctx.step("a WebSocket-only client connects and is echoed", async () => {
            const socket = io(ctx.url, { transports: ["websocket"], reconnection: false, forceNew: true });
            try {
                await nextEvent(socket, "connect");
                assert.deepEqual(await call(socket, "echo", "ws"), ["ws"]);
            } finally {
                socket.close();
            }
        });
        await ctx.step("a polling handshake is refused with code 0", async () => {
            const { status, body } = await request(`${base}?EIO=4&transport=polling`);
            assert.equal(status, 400);
            assert.deepEqual(JSON.parse(body), { code: 0, message: "Transport unknown" });
        });
        await ctx.step("a polling client cannot connect", async () => {
            const socket = io(ctx.url, { transports: ["polling"], reconnection: false, forceNew: true });
            try {
                const [error] = await nextEvent(socket, "connect_error");
                assert.ok(error instanceof Error);
            } finally {
                socket.close();
            }
        });
        return;
    }

    assert.equal(check, "cors", "--check is websocket-only or cors");
    const allowed = "http://page.test";
    await ctx.step("the configured origin is allowed on a handshake", async () => {
        const { status, headers, body } = await request(`${base}?EIO=4&transport=polling`, {
            headers: { Origin: allowed },
        });
        assert.equal(status, 200);
        assert.ok(body.startsWith("0{"), body);
        assert.equal(headers.get("access-control-allow-origin"), allowed);
    });
    await ctx.step("another origin gets no CORS header", async () => {
        const { status, headers } = await request(`${base}?EIO=4&transport=polling`, {
            headers: { Origin: "http://elsewhere.test" },
        });
        assert.equal(status, 200); // the browser, not the server, keeps the page from reading it
        assert.equal(headers.get("access-control-allow-origin"), null);
    });
    await ctx.step("a preflight for a POST is answered with the origin and the method", async () => {
        const { status, headers } = await request(`${base}?EIO=4&transport=polling`, {
            method: "OPTIONS",
            headers: {
                Origin: allowed,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        });
        assert.equal(status, 204);
        assert.equal(headers.get("access-control-allow-origin"), allowed);
        assert.match(headers.get("access-control-allow-methods") || "", /\bPOST\b/);
        assert.match(headers.get("access-control-allow-headers") || "", /content-type/i);
    });
    await ctx.step("a socket.io client sending that origin connects over polling", async () => {
        const socket = io(ctx.url, {
            transports: ["polling"], reconnection: false, forceNew: true,
            extraHeaders: { Origin: allowed },
        });
        try {
            await nextEvent(socket, "connect");
            assert.deepEqual(await call(socket, "echo", "cors"), ["cors"]);
        } finally {
            socket.close();
        }
    });
});
