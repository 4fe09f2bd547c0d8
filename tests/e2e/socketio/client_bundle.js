"use strict";
// The browser client served under the Socket.IO path: socket.io.js, socket.io.min.js and the
// msgpack build socket.io.msgpack.min.js load in a fresh JavaScript context and define `io`, their
// source maps are JSON, an unchanged ETag gives 304. With --expect=absent (server started with --no-serve-client) every one of them is a 404.
// The transport argument does not matter here (plain HTTP).

const vm = require("node:vm");
const { assert, run } = require("./lib/harness");

const SCRIPTS = ["socket.io.js", "socket.io.min.js", "socket.io.msgpack.min.js"];

async function get(url, headers = {}) {
    const response = await fetch(url, { headers, redirect: "manual" });
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, body };
}

run("client_bundle", async (ctx) => {
    const expect = ctx.option("expect", "served");
    const base = ctx.url + (ctx.path || "/socket.io/").replace(/\/?$/, "/");

    if (expect === "absent") {
        await ctx.step("every client file is a 404", async () => {
            for (const name of SCRIPTS.flatMap((s) => [s, `${s}.map`])) {
                const { status } = await get(base + name);
                assert.equal(status, 404, `${name}: status ${status}`);
            }
        });
        return;
    }
    assert.equal(expect, "served", "--expect is served or absent");

    for (const name of SCRIPTS) {
        await ctx.step(`${name} is JavaScript that defines io`, async () => {
            const { status, headers, body } = await get(base + name);
            assert.equal(status, 200, `${name}: status ${status}`);
            assert.match(headers.get("content-type") || "", /^(application|text)\/javascript\b/);
            const code = body.toString("utf8");
            assert.match(code.slice(0, 200), /Socket\.IO v4\.8\.\d+/, "not the socket.io-client 4.8 build");
            assert.match(code, new RegExp(`sourceMappingURL=${name.replace(/\./g, "\\.")}\\.map\\s*$`));
            const sandbox = vm.createContext({});
            vm.runInContext(code, sandbox, { filename: name, timeout: 5000 });
            assert.equal(typeof sandbox.io, "function", "io is not defined by the bundle");
            assert.equal(typeof sandbox.io.Manager, "function");
            assert.equal(typeof sandbox.io.Socket, "function");
            assert.equal(typeof sandbox.io.connect, "function");
        });

        await ctx.step(`${name}.map is a source map`, async () => {
            const { status, headers, body } = await get(`${base}${name}.map`);
            assert.equal(status, 200, `${name}.map: status ${status}`);
            assert.match(headers.get("content-type") || "", /^application\/json\b/);
            const map = JSON.parse(body.toString("utf8"));
            assert.equal(map.version, 3);
            assert.ok(Array.isArray(map.sources) && map.sources.length > 0, "no sources");
            assert.equal(typeof map.mappings, "string");
            if (map.file !== undefined)
                assert.equal(map.file, name);
        });

        await ctx.step(`${name} revalidates with its ETag`, async () => {
            const { headers } = await get(base + name);
            const etag = headers.get("etag");
            if (!etag) {
                console.log(`# ${name}: no ETag, nothing to revalidate`);
                return;
            }
            const again = await get(base + name, { "If-None-Match": etag });
            assert.equal(again.status, 304, `If-None-Match ${etag}: status ${again.status}`);
            assert.equal(again.body.length, 0);
        });
    }
});
