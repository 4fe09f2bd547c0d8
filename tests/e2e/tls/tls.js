"use strict";
// TLS end-to-end, with the real socket.io-client over HTTPS and WSS.
//
//     node tls.js https://127.0.0.1:PORT [websocket|polling|default] --ca=CERT.pem
//         against `switchboard --service echo --tls-cert ... --tls-key ...` (or --tls-self-signed,
//         with --ca the stored certificate): a client that trusts CERT talks (long messages and
//         binary included; "default" upgrades), one that does not is refused with a TLS error,
//         plain HTTP to the port fails, and the server goes on serving.
//     node tls.js http://127.0.0.1:PORT [transport] --expect=plain --ca=CERT.pem
//         against a server without TLS: a TLS client fails cleanly and plain clients still work.

const fs = require("node:fs");
const http = require("node:http");
const https = require("node:https");
const tls = require("node:tls");
const { assert, asBuffer, call, nextEvent, run, withTimeout, EVENT_TIMEOUT_MS } = require("../socketio/lib/harness");

// Certificate errors node reports for a self-signed certificate nobody vouched for.
const UNTRUSTED = ["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"];

// Resolves with the error of a request that must fail; rejects if it got an answer.
function failingRequest(module, url, options = {}) {
    return withTimeout(new Promise((resolve, reject) => {
        const request = module.get(url, options, (response) => {
            response.resume();
            reject(new Error(`${url} answered ${response.statusCode}`));
        });
        request.on("error", resolve);
    }), EVENT_TIMEOUT_MS, `the request to ${url} to fail`);
}

function hostAndPort(url) {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: Number(parsed.port) };
}

async function talks(ctx, ca) {
    const socket = await ctx.connect("/", { ca, auth: { over: "tls" } });
    assert.deepEqual(socket.welcome, { over: "tls" });
    assert.deepEqual(await call(socket, "echo", "secure", 1), ["secure", 1]);
    // Many TLS records, and a body larger than the server's read buffer for polling.
    const big = "x".repeat(300000);
    const blob = Buffer.alloc(200000, 7);
    const back = nextEvent(socket, "message-back");
    socket.emit("message", big, blob);
    const [text, binary] = await back;
    assert.equal(text, big);
    assert.ok(asBuffer(binary, "the binary argument").equals(blob), "the binary argument came back changed");
    return socket;
}

run("tls", async (ctx) => {
    const ca = fs.readFileSync(ctx.option("ca"));

    if (ctx.option("expect") === "plain") {
        await ctx.step("a TLS client on the plain port fails cleanly", async () => {
            const tlsUrl = ctx.url.replace(/^http:/, "https:") + "/socket.io/?EIO=4&transport=polling";
            const error = await failingRequest(https, tlsUrl, { ca });
            assert.ok(["EPROTO", "ECONNRESET", "ERR_SSL_WRONG_VERSION_NUMBER"].includes(error.code),
                `unexpected error ${error.code}: ${error.message}`);
        });
        await ctx.step("plain clients are still served", async () => {
            const socket = await ctx.connect("/");
            assert.deepEqual(await call(socket, "echo", "plain"), ["plain"]);
        });
        return;
    }

    await ctx.step("a client that trusts the certificate talks over TLS", async () => {
        const socket = await talks(ctx, ca);
        if (ctx.transport === "default") {
            await ctx.upgraded(socket);
            assert.equal(socket.io.engine.transport.name, "websocket");
            assert.deepEqual(await call(socket, "echo", "upgraded"), ["upgraded"]);
        }
    });

    await ctx.step("the certificate is refused by a client that does not trust it", async () => {
        const error = await withTimeout(new Promise((resolve, reject) => {
            const connection = tls.connect({ ...hostAndPort(ctx.url), servername: "localhost" }, () =>
                reject(new Error("the handshake succeeded without trust")));
            connection.on("error", resolve);
        }), EVENT_TIMEOUT_MS, "the TLS handshake to fail");
        assert.ok(UNTRUSTED.includes(error.code), `unexpected error ${error.code}: ${error.message}`);
        const { error: refused } = await ctx.refused("/", {});
        assert.match(refused.message, /poll error|websocket error/);
    });

    await ctx.step("plain HTTP to the TLS port fails cleanly", async () => {
        const plainUrl = ctx.url.replace(/^https:/, "http:") + "/socket.io/?EIO=4&transport=polling";
        const error = await failingRequest(http, plainUrl);
        assert.ok(error instanceof Error);
    });

    await ctx.step("the server goes on serving", async () => {
        await talks(ctx, ca);
    });
}, { timeoutMs: 60000 });
