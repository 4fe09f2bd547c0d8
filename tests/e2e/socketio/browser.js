"use strict";
// The socket.io-client browser bundle served by the server, in a real browser (Debian's Chromium
// driven by playwright-core): it loads, connects over polling and over WebSocket, upgrades, and
// its events and acks round-trip through the echo service. The page is on the server's own origin,
// as on a LAN page served by it: no CORS involved. Usage: node browser.js BASE_URL [transport]
// (the transport argument is ignored: every combination is tried).
const { chromium } = require("playwright-core");

async function main() {
    const base = process.argv[2].replace(/\/+$/, "");
    const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
        const page = await browser.newPage();
        page.on("console", (message) => console.log(`[page] ${message.text()}`));
        // Any page of the server's origin will do; the bundle's own URL is one that always exists.
        await page.goto(`${base}/socket.io/socket.io.min.js`);
        await page.addScriptTag({ url: `${base}/socket.io/socket.io.min.js` });
        await page.waitForFunction(() => typeof window.io === "function", null, { timeout: 15000 });
        for (const transports of [["polling"], ["websocket"], ["polling", "websocket"]]) {
            const result = await page.evaluate(([url, transports]) => new Promise((resolve, reject) => {
                const socket = window.io(url, { transports, reconnection: false, forceNew: true });
                const timer = setTimeout(() => reject(new Error(`timeout with ${transports}`)), 10000);
                socket.on("connect_error", (error) => reject(new Error(`connect_error: ${error.message}`)));
                socket.on("connect", () => {
                    const bytes = new Uint8Array([1, 2, 255]);
                    socket.emit("echo", "hé", { n: 1 }, bytes.buffer, (text, object, binary) => {
                        clearTimeout(timer);
                        const transport = socket.io.engine.transport.name;
                        socket.close();
                        resolve({ text, object, binary: Array.from(new Uint8Array(binary)), transport });
                    });
                });
            }), [base, transports]);
            const expected = JSON.stringify({ text: "hé", object: { n: 1 }, binary: [1, 2, 255] });
            const got = JSON.stringify({ text: result.text, object: result.object, binary: result.binary });
            if (got !== expected)
                throw new Error(`${transports}: got ${got}`);
            console.log(`ok - ${transports.join("+")} (ended on ${result.transport})`);
        }
    } finally {
        await browser.close();
    }
}

const overall = setTimeout(() => { console.error("FAIL browser: overall timeout"); process.exit(2); }, 90000);
main().then(() => { clearTimeout(overall); console.log("PASS browser"); }, (error) => {
    console.error(`FAIL browser: ${error.stack || error}`);
    process.exit(1);
});
