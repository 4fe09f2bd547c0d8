"use strict";
// The chat page with sign-in tokens (`--jwt-secret`), in a real browser: a page opened without a
// token, one with an expired token and one with a tampered token each say clearly that they are
// not let in and why (and offer no join form); a page opened with a valid link joins under the
// token's name, whatever is typed.
// Usage: node browser_tokens.js BASE_URL TRANSPORT --secret=S --minted=TOKEN --minted-name=NAME
const { chromium } = require("playwright-core");
const jwt = require("jsonwebtoken");

const STEP_TIMEOUT = 20000;

function option(name) {
    const prefix = `--${name}=`;
    const found = process.argv.find((arg) => arg.startsWith(prefix));
    if (!found)
        throw new Error(`${prefix}VALUE is required`);
    return found.slice(prefix.length);
}

async function main() {
    const base = process.argv[2].replace(/\/+$/, "");
    const transport = process.argv[3] || "websocket";
    const secret = option("secret");
    const minted = option("minted");
    const mintedName = option("minted-name");
    const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const step = async (title, fn) => {
        const started = Date.now();
        try {
            await fn();
        } catch (error) {
            error.message = `step "${title}": ${error.message}`;
            throw error;
        }
        console.log(`ok - ${title} (${Date.now() - started} ms)`);
    };
    const open = async (label, hash) => {
        const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
        const page = await context.newPage();
        page.setDefaultTimeout(STEP_TIMEOUT);
        page.on("console", (message) => console.log(`[${label}] ${message.text()}`));
        page.on("pageerror", (error) => console.log(`[${label}] page error: ${error.message}`));
        await page.goto(`${base}/?transport=${transport}${hash ? "#token=" + hash : ""}`);
        return page;
    };
    const text = (page, selector) => page.textContent(selector).then((t) => t.trim());
    // A refused page: the state line, the refusal with its title and the server's reason, no
    // join form and no chat.
    const expectRefusal = async (page, code, title, reason) => {
        await page.waitForSelector('#state[data-state="refused"]');
        await page.waitForSelector("#refusal:not([hidden])");
        const shown = {
            code: await page.getAttribute("#refusal", "data-code"),
            state: await text(page, "#state"),
            title: await text(page, "#refusal-title"),
            reason: await text(page, "#refusal-reason"),
        };
        if (shown.code !== code || shown.state !== title || shown.title !== title
            || !reason.test(shown.reason))
            throw new Error(`shown: ${JSON.stringify(shown)}`);
        if ((await text(page, "#refusal-text")).length < 20)
            throw new Error("no explanation");
        for (const hidden of ["#join", "#chat"]) {
            if (await page.isVisible(hidden))
                throw new Error(`${hidden} is visible on a refused page`);
        }
        // It stays refused: the client does not retry on its own.
        const engine = await page.evaluate(() => window.chat.socket.connected);
        if (engine)
            throw new Error("the socket is connected");
    };

    try {
        await step(`a page without a token is refused clearly (${transport})`, async () => {
            const page = await open("none");
            await expectRefusal(page, "token-missing", "Sign-in link needed", /sign-in token required/);
            await page.context().close();
        });

        await step("a page with an expired token says it expired", async () => {
            const expired = jwt.sign({ name: "ann", exp: Math.floor(Date.now() / 1000) - 60 }, secret);
            const page = await open("expired", expired);
            await expectRefusal(page, "token-expired", "Sign-in link expired", /token expired/);
            await page.context().close();
        });

        await step("a page with a tampered token says it is not valid", async () => {
            // Another name in the payload, the signature left as it was.
            const [header, , signature] = minted.split(".");
            const forged = Buffer.from(JSON.stringify({ name: "mallory", exp: 9999999999 }))
                .toString("base64url");
            const page = await open("tampered", `${header}.${forged}.${signature}`);
            await expectRefusal(page, "token-invalid", "Sign-in link not valid", /invalid token signature/);
            await page.context().close();
        });

        await step("a page with a valid link joins under the token's name", async () => {
            const page = await open("valid", minted);
            await page.waitForSelector('#state[data-state="connected"]');
            if (await page.isVisible("#refusal"))
                throw new Error("the refusal shows on a signed-in page");
            if (!(await page.isDisabled("#name")) || (await page.inputValue("#name")) !== mintedName)
                throw new Error(`the name field: ${await page.inputValue("#name")}`);
            const signedIn = await text(page, "#signed-in");
            if (signedIn !== `Signed in as ${mintedName} by your link.`)
                throw new Error(`signed-in line: ${signedIn}`);
            const room = `signed-${transport}-${Date.now() % 100000}`;
            await page.fill("#room", room);
            await page.click("#join-button");
            await page.waitForSelector("#chat:not([hidden])");
            await page.waitForSelector(`text=Welcome ${mintedName} to room ${room}!`);
            await page.waitForFunction((name) =>
                Array.from(document.querySelectorAll("#users li.me"), (li) => li.textContent).join() === name,
            mintedName);
            await page.fill("#text", "signed hello");
            await page.press("#text", "Enter");
            await page.waitForSelector('.message.mine .tick[data-delivery="sent"]');
            const joined = await page.evaluate(() => window.chat.joined.username);
            if (joined !== mintedName)
                throw new Error(`joined as ${joined}`);
        });
    } finally {
        await browser.close();
    }
}

const overall = setTimeout(() => { console.error("FAIL browser_tokens: overall timeout"); process.exit(2); }, 150000);
main().then(() => { clearTimeout(overall); console.log("PASS browser_tokens"); }, (error) => {
    clearTimeout(overall);
    console.error(`FAIL browser_tokens: ${error.stack || error}`);
    process.exit(1);
});
