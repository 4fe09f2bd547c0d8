"use strict";
// The chat page in a real browser: Debian's Chromium, headless, driven by playwright-core. Two
// pages join a room, see each other in the user list, see each other typing, chat (with the
// delivery tick from the ack), and a third page's hostile name is shown as text, not HTML. Then
// one page leaves and the other sees it go.
// Usage: node browser_chat.js BASE_URL TRANSPORT (websocket or polling: the page's ?transport=).
// BASE_URL may be https:// (the certificate is then accepted unchecked).
const { chromium } = require("playwright-core");

const STEP_TIMEOUT = 20000;

async function main() {
    const base = process.argv[2].replace(/\/+$/, "");
    const transport = process.argv[3] || "websocket";
    if (transport !== "websocket" && transport !== "polling")
        throw new Error(`transport must be websocket or polling, not ${transport}`);
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
    try {
        const open = async (label) => {
            // An https:// base is the TLS test's self-made certificate, which no authority vouches for.
            const context = await browser.newContext({ viewport: { width: 1000, height: 700 },
                ignoreHTTPSErrors: base.startsWith("https:") });
            const page = await context.newPage();
            page.setDefaultTimeout(STEP_TIMEOUT);
            page.on("console", (message) => console.log(`[${label}] ${message.text()}`));
            page.on("pageerror", (error) => console.log(`[${label}] page error: ${error.message}`));
            page.dialogs = [];
            page.on("dialog", (dialog) => { page.dialogs.push(dialog.message()); dialog.dismiss(); });
            await page.goto(`${base}/?transport=${transport}`);
            await page.waitForSelector('#state[data-state="connected"]');
            return page;
        };
        const join = async (page, name, room) => {
            await page.fill("#name", name);
            await page.fill("#room", room);
            await page.click("#join-button");
            await page.waitForSelector("#chat:not([hidden])");
        };
        const usersOf = (page) => page.$$eval("#users li", (items) => items.map((li) => li.textContent));
        const waitUsers = (page, users) => page.waitForFunction((expected) =>
            JSON.stringify(Array.from(document.querySelectorAll("#users li"), (li) => li.textContent))
                === JSON.stringify(expected), users);

        // A room of its own per run: a second run on the same server would see the first's history.
        const room = `lobby-${transport}-${Date.now() % 100000}`;
        let ann, bob, eve;
        await step(`two pages connect over ${transport}`, async () => {
            ann = await open("ann");
            bob = await open("bob");
            for (const page of [ann, bob]) {
                const used = await page.evaluate(() => window.chat.socket.io.engine.transport.name);
                if (used !== transport)
                    throw new Error(`the page uses ${used}`);
            }
        });

        await step("both join the room and see each other in the user list", async () => {
            await join(ann, "Ann", room);
            await ann.waitForSelector(`text=Welcome Ann to room ${room}!`);
            await join(bob, "Bob", room);
            await waitUsers(ann, ["Ann", "Bob"]);
            await waitUsers(bob, ["Ann", "Bob"]);
            await ann.waitForSelector(".system >> text=Bob joined the room");
            const me = await bob.$eval("#users li.me", (li) => li.textContent);
            if (me !== "Bob")
                throw new Error(`bob's own entry is ${me}`);
            const title = await bob.textContent("#room-title");
            if (title !== room)
                throw new Error(`room title ${title}`);
        });

        await step("typing on one page shows on the other, and stops", async () => {
            await bob.type("#text", "hello A", { delay: 20 });
            await ann.waitForFunction(() => document.querySelector("#typing").textContent === "Bob is typing…");
            const own = await bob.textContent("#typing");
            if (own !== "")
                throw new Error(`bob sees his own typing: ${own}`);
            await bob.press("#text", "Enter");
            await ann.waitForFunction(() => document.querySelector("#typing").textContent === "");
        });

        await step("the message reaches both pages; the sender's gets its delivery tick", async () => {
            await ann.waitForSelector(".message:not(.mine) .body >> text=hello A");
            await bob.waitForSelector('.message.mine .tick[data-delivery="sent"]');
            const mine = await bob.$$eval(".message.mine", (items) => items.map((li) => li.querySelector(".body").textContent));
            if (JSON.stringify(mine) !== JSON.stringify(["hello A"]))
                throw new Error(`bob's own messages: ${JSON.stringify(mine)} (duplicated or missing)`);
            const who = await ann.$eval(".message:not(.mine) .who", (el) => el.textContent);
            if (who !== "Bob")
                throw new Error(`shown as from ${who}`);
            const id = await bob.$eval(".message.mine", (li) => li.dataset.messageId);
            if (!id)
                throw new Error("no message id from the ack");
        });

        await step("a reply comes back the other way", async () => {
            await ann.fill("#text", "hi Bob");
            await ann.click("#send");
            await bob.waitForSelector(".message:not(.mine) .body >> text=hi Bob");
            await ann.waitForSelector('.message.mine .tick[data-delivery="sent"]');
        });

        await step("a dropped connection: the state line follows the reconnection, the room is joined again", async () => {
            await ann.evaluate(() => {
                window.seenStates = [];
                const state = document.querySelector("#state");
                new MutationObserver(() => window.seenStates.push(state.dataset.state + ": " + state.textContent))
                    .observe(state, { childList: true, characterData: true, subtree: true, attributes: true });
                window.chat.socket.io.engine.close(); // as if the network went away
            });
            await ann.waitForSelector('#state[data-state="online-again"]');
            const seen = await ann.evaluate(() => window.seenStates);
            if (!seen.some((s) => s === "disconnected: Disconnected"))
                throw new Error(`states seen: ${JSON.stringify(seen)}`);
            if (!seen.some((s) => /^reconnecting: Reconnecting \(attempt 1\)/.test(s)))
                throw new Error(`states seen: ${JSON.stringify(seen)}`);
            if ((await ann.textContent("#state")) !== "Back online")
                throw new Error(`state text ${await ann.textContent("#state")}`);
            await bob.waitForSelector(".system >> text=Ann left the room");
            await bob.waitForFunction(() =>
                Array.from(document.querySelectorAll(".system"), (e) => e.textContent).filter((t) => t === "Ann joined the room").length === 1);
            await waitUsers(bob, ["Bob", "Ann"]);
            await ann.fill("#text", "back again");
            await ann.press("#text", "Enter");
            await bob.waitForSelector(".message:not(.mine) .body >> text=back again");
        });

        const hostile = "<img src=x onerror=alert(1)>";
        await step("names and texts are shown as text, never as HTML", async () => {
            eve = await open("eve");
            await join(eve, hostile, room);
            await eve.fill("#text", "<b>bold</b><script>alert(2)</script>");
            await eve.press("#text", "Enter");
            await ann.waitForSelector(".message .body >> text=<b>bold</b><script>alert(2)</script>");
            await waitUsers(ann, ["Bob", "Ann", hostile]);
            const injected = await ann.evaluate(() =>
                document.querySelectorAll("#messages img, #messages b, #messages script, #users img").length);
            if (injected !== 0)
                throw new Error(`${injected} injected elements on the page`);
            if (ann.dialogs.length || bob.dialogs.length)
                throw new Error(`a script ran: ${ann.dialogs.concat(bob.dialogs)}`);
        });

        await step("a page that leaves is gone from the other's list, with a notice", async () => {
            // Closing the whole context drops its connections; a long-polling client that vanishes
            // without a word is only noticed by the heartbeat (the test server's is short).
            await eve.context().close();
            await bob.context().close();
            await ann.waitForSelector(".system >> text=Bob left the room");
            await ann.waitForSelector(`.system >> text=${hostile} left the room`);
            await waitUsers(ann, ["Ann"]);
            const users = await usersOf(ann);
            if (users.length !== 1)
                throw new Error(`users ${users}`);
        });

        await step("history: a new page sees the recent messages", async () => {
            const carl = await open("carl");
            await join(carl, "Carl", room);
            await carl.waitForSelector(".message.history .body >> text=hello A");
            await carl.waitForSelector(".message.history .body >> text=hi Bob");
        });

        await step("on a phone-sized page every name in the people strip shows whole", async () => {
            const context = await browser.newContext({ viewport: { width: 390, height: 760 }, isMobile: true, hasTouch: true,
                ignoreHTTPSErrors: base.startsWith("https:") });
            const phone = await context.newPage();
            phone.setDefaultTimeout(STEP_TIMEOUT);
            await phone.goto(`${base}/?transport=${transport}`);
            await phone.waitForSelector('#state[data-state="connected"]');
            await join(phone, "Bartholomew Featherstonehaughs", room);
            await waitUsers(phone, ["Ann", "Carl", "Bartholomew Featherstonehaughs"]);
            const problems = await phone.evaluate(() => {
                const button = document.querySelector("#leave").getBoundingClientRect();
                const strip = document.querySelector(".people").getBoundingClientRect();
                const found = [];
                for (const li of document.querySelectorAll("#users li")) {
                    const r = li.getBoundingClientRect();
                    const overlaps = r.left < button.right && r.right > button.left
                        && r.top < button.bottom && r.bottom > button.top;
                    if (overlaps || li.scrollWidth > li.clientWidth + 1 || r.right > strip.right + 1)
                        found.push(`${li.textContent}: ${JSON.stringify(r)} button ${JSON.stringify(button)}`);
                }
                return found;
            });
            if (problems.length)
                throw new Error(`clipped names: ${problems.join("; ")}`);
            await context.close();
        });
    } finally {
        await browser.close();
    }
}

const overall = setTimeout(() => { console.error("FAIL browser_chat: overall timeout"); process.exit(2); }, 150000);
main().then(() => { clearTimeout(overall); console.log("PASS browser_chat"); }, (error) => {
    clearTimeout(overall);
    console.error(`FAIL browser_chat: ${error.stack || error}`);
    process.exit(1);
});
