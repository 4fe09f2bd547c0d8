"use strict";
// The official admin UI in a real browser: the built files of the @socket.io/admin-ui npm package,
// served by this script from another origin (as the hosted UI is), opened in Debian's Chromium
// (playwright-core), log in to our server with a password. Its dashboard, sockets, rooms and
// events views must show the real socket.io-client peers; a room join and a disconnect done in
// the UI must reach the peers.
// Usage: node admin_browser.js BASE_URL --ui-port=N --password=P [--user=U --server-id=ID]
const fs = require("node:fs");
const http = require("node:http");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");
const { io } = require("socket.io-client");
const { record, once, assert, step, run, WAIT_MS } = require("./admin_lib");

const [base, ...rest] = process.argv.slice(2);
const options = Object.fromEntries(rest.map((a) => /^--([^=]+)=(.*)$/.exec(a)).filter(Boolean)
    .map((m) => [m[1], m[2]]));
const uiPort = Number(options["ui-port"]);
const user = options.user || "admin";
const password = options.password;
const serverId = options["server-id"];

const UI_ROOT = path.join(process.env.NODE_PATH.split(":")[0], "@socket.io/admin-ui/ui/dist");
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "application/javascript",
    ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".map": "application/json" };

function serveUi() {
    const server = http.createServer((request, response) => {
        const wanted = decodeURIComponent(new URL(request.url, "http://x").pathname);
        const file = path.normalize(path.join(UI_ROOT, wanted === "/" ? "index.html" : wanted));
        if (!file.startsWith(UI_ROOT + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            response.writeHead(404).end();
            return;
        }
        response.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
        fs.createReadStream(file).pipe(response);
    });
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(uiPort, "127.0.0.1", () => resolve(server));
    });
}

run(async () => {
    assert(uiPort > 0 && password, "usage: admin_browser.js BASE_URL --ui-port=N --password=P");
    const peers = [];
    const peer = (transports) => {
        const socket = io(base, { forceNew: true, reconnection: false, transports });
        peers.push(socket);
        return socket;
    };
    const uiServer = await serveUi();
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "sb-admin-ui-"));
    let context;
    try {
        context = await chromium.launchPersistentContext(profile, {
            executablePath: "/usr/bin/chromium",
            headless: true,
            locale: "en-US",
            viewport: { width: 1400, height: 900 },
            args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        // The page asks for web fonts and icons from CDNs: nothing leaves this machine.
        await context.route("**/*", (route) => {
            const host = new URL(route.request().url()).hostname;
            return host === "127.0.0.1" ? route.continue() : route.abort();
        });
        const page = context.pages()[0] || await context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        page.on("pageerror", (error) => console.log(`[ui] page error: ${error.message}`));
        page.on("console", (message) => {
            if (message.type() === "error")
                console.log(`[ui] ${message.text()}`);
        });
        const bodyHas = (texts) => page.waitForFunction((wanted) =>
            wanted.every((t) => document.body.innerText.includes(t)), texts);

        const room = `lobby-${Date.now() % 100000}`;
        let ann, bob, watcher;
        await step("two chat clients (websocket and polling) join a room", async () => {
            ann = peer(["websocket"]);
            bob = peer(["polling"]);
            await Promise.all([once(ann, "connect"), once(bob, "connect")]);
            for (const [socket, name] of [[ann, "Ann"], [bob, "Bob"]]) {
                const ack = await socket.timeout(WAIT_MS).emitWithAck("join-room", { username: name, room });
                assert(ack.status === "ok", JSON.stringify(ack));
            }
            // A second admin client, to see what the UI's actions do on the server.
            watcher = io(`${base}/admin`, { forceNew: true, reconnection: false,
                auth: { username: user, password } });
            peers.push(watcher);
            watcher.heard = record(watcher);
            await once(watcher, "connect");
        });

        await step("the UI logs in with the password (cross-origin, with credentials)", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/`);
            await page.getByLabel("Server URL").fill(base);
            await page.getByLabel("Username").fill(user);
            await page.getByLabel("Password").fill(password);
            await page.getByRole("button", { name: "Connect" }).click();
            await page.getByLabel("Server URL").waitFor({ state: "hidden" });
            const session = await page.evaluate(() => localStorage.getItem("session_id"));
            assert(/^[0-9a-f]{16}$/.test(session || ""), `session id ${session}`);
        });

        await step("the dashboard shows the namespaces and their sockets", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/#/`);
            await bodyHas(["/admin"]);
            await page.waitForFunction(() => [...document.querySelectorAll("tr")].some((tr) =>
                tr.innerText.replace(/\s+/g, " ").trim() === "/ 2"));
        });

        await step("the servers view shows this server", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/#/servers/`);
            await bodyHas([serverId || os.hostname(), os.hostname()]);
        });

        await step("the sockets view lists both clients with their transports", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/#/sockets/`);
            await bodyHas([ann.id, bob.id]);
            const row = (id) => page.locator("tr", { hasText: id });
            await row(ann.id).getByText("websocket").waitFor();
            await row(bob.id).getByText("polling").waitFor();
        });

        await step("the rooms view shows the chat room", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/#/rooms/`);
            await bodyHas([room]);
        });

        await step("the events view shows a chat message as it happens", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/#/events/`);
            const ack = await ann.timeout(WAIT_MS).emitWithAck("chat-message", { text: "seen by the admin UI" });
            assert(ack.status === "ok", JSON.stringify(ack));
            await bodyHas(["Event received", "chat-message", "Event sent"]);
        });

        await step("a room joined in the socket's page reaches the client", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/#/sockets/`);
            // The row of the sockets table (the leaving view may still show events of that id).
            await page.locator("tr", { hasText: ann.id }).filter({ hasText: "websocket" }).click();
            await bodyHas(["Socket details", ann.id]);
            const mark = watcher.heard.mark();
            const input = page.locator(".select-room input[type=text]");
            await input.fill("vip-from-ui");
            await page.locator("form:has(.select-room) button[type=submit]").click();
            await watcher.heard.waitFor("room_joined vip-from-ui", (e) => e.event === "room_joined"
                && e.args[1] === "vip-from-ui" && e.args[2] === ann.id, mark);
            const news = once(ann, "vip-news");
            watcher.emit("emit", "/", "vip-from-ui", "vip-news", "hello");
            assert((await news)[0] === "hello", "the room's emit did not reach the client");
            await page.locator("tr", { hasText: "vip-from-ui" }).waitFor();
        });

        await step("a disconnect in the sockets view reaches the client", async () => {
            await page.goto(`http://127.0.0.1:${uiPort}/#/sockets/`);
            const gone = once(bob, "disconnect");
            await page.locator("tr", { hasText: bob.id }).filter({ hasText: "polling" })
                .locator("button").click();
            const [reason] = await gone;
            assert(reason === "io server disconnect", `reason ${reason}`);
            await page.waitForFunction((id) => !document.body.innerText.includes(id), bob.id);
            assert(ann.connected, "the other client went too");
        });
    } finally {
        for (const socket of peers)
            socket.close();
        if (context)
            await context.close();
        uiServer.close();
        fs.rmSync(profile, { recursive: true, force: true });
    }
});
