"use strict";
// Plumbing shared by the admin UI end-to-end scripts: a recorder of everything a socket hears,
// with waits on what it has heard (or will hear), so that no event is missed by a late listener.

const WAIT_MS = 20000;

function record(socket) {
    const log = [];
    const waiters = [];
    socket.onAny((event, ...args) => {
        const entry = { event, args, at: Date.now() };
        log.push(entry);
        for (const waiter of [...waiters]) {
            if (waiter.match(entry)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                clearTimeout(waiter.timer);
                waiter.resolve(entry);
            }
        }
    });
    // Resolves with the first entry (from `from` on) that `match` accepts.
    const waitFor = (what, match, from = 0, timeoutMs = WAIT_MS) => {
        const found = log.slice(from).find(match);
        if (found)
            return Promise.resolve(found);
        return new Promise((resolve, reject) => {
            const waiter = { match, resolve };
            waiter.timer = setTimeout(() => {
                waiters.splice(waiters.indexOf(waiter), 1);
                reject(new Error(`not heard within ${timeoutMs} ms: ${what}; heard: ` +
                    log.slice(-12).map((e) => e.event).join(", ")));
            }, timeoutMs);
            waiters.push(waiter);
        });
    };
    return { log, waitFor, mark: () => log.length };
}

function once(emitter, event, timeoutMs = WAIT_MS) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${event}" within ${timeoutMs} ms`)),
            timeoutMs);
        emitter.once(event, (...args) => {
            clearTimeout(timer);
            resolve(args);
        });
    });
}

// The first of `connect` and `connect_error`: ["connect"] or ["connect_error", error].
function connectOutcome(socket, timeoutMs = WAIT_MS) {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no connect outcome within ${timeoutMs} ms`)),
            timeoutMs);
        socket.once("connect", () => { clearTimeout(timer); resolve(["connect"]); });
        socket.once("connect_error", (error) => { clearTimeout(timer); resolve(["connect_error", error]); });
    });
}

function assert(condition, message) {
    if (!condition)
        throw new Error(message);
}

function isTimestamp(value) {
    return typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(value)
        && Math.abs(Date.parse(value) - Date.now()) < 120000;
}

async function step(title, fn) {
    const started = Date.now();
    try {
        await fn();
    } catch (error) {
        error.message = `step "${title}": ${error.message}`;
        throw error;
    }
    console.log(`ok - ${title} (${Date.now() - started} ms)`);
}

function run(main) {
    const overall = setTimeout(() => {
        console.log("FAIL: the script ran out of time");
        process.exit(2);
    }, 240000);
    main().then(() => {
        clearTimeout(overall);
        console.log("PASS");
        process.exit(0);
    }, (error) => {
        console.log(`FAIL: ${error.stack || error}`);
        process.exit(1);
    });
}

module.exports = { record, once, connectOutcome, assert, isTimestamp, step, run, WAIT_MS };
