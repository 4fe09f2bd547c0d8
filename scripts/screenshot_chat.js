"use strict";
// Screenshots of the chat page (docs/chat-desktop.png, docs/chat-phone.png): three people in a
// room in Debian's headless Chromium, one of them typing, the picture taken from one of them on
// a desktop-sized and on a phone-sized page. Run by scripts/screenshot_chat.sh.
// Usage: node screenshot_chat.js BASE_URL OUTPUT_DIR
const { chromium } = require("playwright-core");
const path = require("node:path");

async function main() {
    const [base, out] = [process.argv[2].replace(/\/+$/, ""), process.argv[3]];
    const browser = await chromium.launch({
        executablePath: "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--force-color-profile=srgb"],
    });
    try {
        const open = async (name, viewport, scale = 1, mobile = false) => {
            const context = await browser.newContext({ viewport, deviceScaleFactor: scale, isMobile: mobile, hasTouch: mobile });
            const page = await context.newPage();
            page.setDefaultTimeout(20000);
            await page.goto(`${base}/?room=design-review`);
            await page.waitForSelector('#state[data-state="connected"]');
            await page.fill("#name", name);
            await page.click("#join-button");
            await page.waitForSelector("#chat:not([hidden])");
            return page;
        };
        const say = async (page, text) => {
            await page.fill("#text", text);
            await page.press("#text", "Enter");
            await page.waitForSelector('.message.mine:last-child .tick[data-delivery="sent"]');
        };
        const desktop = await open("Ada", { width: 1200, height: 720 });
        const grace = await open("Grace", { width: 800, height: 600 });
        await say(grace, "Morning! Is the build green?");
        await say(desktop, "All green: 212 tests, the browser ones included.");
        const linus = await open("Linus", { width: 800, height: 600 });
        await say(linus, "Nice. Joining from my phone later.");
        await say(grace, "The QR code on the console makes that quick.");
        await say(desktop, "Names like <b>this</b> show as text, by the way.");
        const phone = await open("Margaret", { width: 390, height: 760 }, 2, true);
        await say(linus, "See you at the review.");
        await grace.type("#text", "One more thing", { delay: 10 });
        await desktop.waitForFunction(() => document.querySelector("#typing").textContent !== "");
        await phone.waitForFunction(() => document.querySelector("#typing").textContent !== "");
        await desktop.screenshot({ path: path.join(out, "chat-desktop.png") });
        await phone.screenshot({ path: path.join(out, "chat-phone.png") });
        console.log(`wrote ${path.join(out, "chat-desktop.png")} and chat-phone.png`);
    } finally {
        await browser.close();
    }
}

main().catch((error) => {
    console.error(error.stack || String(error));
    process.exit(1);
});
