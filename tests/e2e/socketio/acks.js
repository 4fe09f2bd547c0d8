"use strict";
// Acks both ways: the client's acks answered with every argument, many in flight at once; the
// server's questions (`ask`) answered, unanswered and answered too late; the client's own ack
// timeout; and acks of a room broadcast (`ask-room`). Server: default (--namespace /)

const { assert, call, describe, nextEvent, run } = require("./lib/harness");

// How long the server waits for an answer that is not going to come.
const SHORT_TIMEOUT_MS = 500;

function sortAnswers(answers) {
    return [...answers].sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
}

run("acks", async (ctx) => {
    const socket = await ctx.connect("/");

    await ctx.step("message-with-ack and echo ack with all their arguments", async () => {
        const args = [1, "two", { three: [3] }, null, true];
        assert.deepEqual(await call(socket, "message-with-ack", ...args), args);
        assert.deepEqual(await call(socket, "echo", ...args), args);
    });

    await ctx.step("many acks in flight each get their own answer", async () => {
        const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => call(socket, "echo", i, `n${i}`)));
        answers.forEach((answer, i) => assert.deepEqual(answer, [i, `n${i}`]));
    });

    await ctx.step("an ack requested on `message` is never answered", async () => {
        const back = nextEvent(socket, "message-back");
        let acked = false;
        let outcome;
        const done = new Promise((resolve) => {
            socket.timeout(SHORT_TIMEOUT_MS).emit("message", "no ack", (err) => {
                acked = !err;
                outcome = err;
                resolve();
            });
        });
        assert.deepEqual(await back, ["no ack"]);
        await done;
        assert.equal(acked, false, "the server acked `message`");
        assert.equal(outcome.message, "operation has timed out");
    });

    await ctx.step("the client's ack timeout fires for an event the server never acks", async () => {
        const started = Date.now();
        const err = await new Promise((resolve) => {
            socket.timeout(SHORT_TIMEOUT_MS).emit("no-such-event", 1, (error, ...answer) =>
                resolve(error || new Error(`unexpected ack ${describe(answer)}`)));
        });
        assert.equal(err.message, "operation has timed out");
        assert.ok(Date.now() - started >= SHORT_TIMEOUT_MS - 50, "timed out too early");
        assert.deepEqual(await call(socket, "echo", "still alive"), ["still alive"]);
    });

    await ctx.step("the server's question is answered with every ack argument", async () => {
        socket.on("add", (x, y, ack) => ack(x + y, "sum", { of: [x, y] }));
        const [reply] = await call(socket, "ask", { event: "add", args: [2, 3], timeout: 3000 });
        assert.deepEqual(reply, { answer: [5, "sum", { of: [2, 3] }] });
    });

    await ctx.step("a question without arguments and one whose args is not an array", async () => {
        socket.on("count", (...args) => args.pop()(args.length));
        assert.deepEqual(await call(socket, "ask", { event: "count", timeout: 3000 }), [{ answer: [0] }]);
        assert.deepEqual(await call(socket, "ask", { event: "count", args: [], timeout: 3000 }), [{ answer: [0] }]);
        socket.on("single", (value, ack) => ack(value));
        assert.deepEqual(await call(socket, "ask", { event: "single", args: "solo", timeout: 3000 }),
            [{ answer: ["solo"] }]);
        socket.on("nothing-back", (ack) => ack());
        assert.deepEqual(await call(socket, "ask", { event: "nothing-back", timeout: 3000 }), [{ answer: [] }]);
    });

    await ctx.step("an unanswered question times out on the server", async () => {
        let asked = 0;
        socket.on("ignored", () => ++asked);
        const started = Date.now();
        const [reply] = await call(socket, "ask", { event: "ignored", args: [1], timeout: SHORT_TIMEOUT_MS });
        assert.deepEqual(reply, { error: "timeout" });
        assert.equal(asked, 1, "the question did not reach the client");
        assert.ok(Date.now() - started >= SHORT_TIMEOUT_MS - 50, "the server timed out too early");
    });

    await ctx.step("an answer that comes too late is dropped", async () => {
        let late;
        socket.on("slow", (ack) => {
            late = ack;
        });
        const [reply] = await call(socket, "ask", { event: "slow", timeout: 300 });
        assert.deepEqual(reply, { error: "timeout" });
        late("too late");
        // The stale ack must neither break the connection nor answer another question.
        socket.on("fast", (ack) => ack("fast"));
        assert.deepEqual(await call(socket, "ask", { event: "fast", timeout: 3000 }), [{ answer: ["fast"] }]);
        assert.deepEqual(await call(socket, "echo", "after"), ["after"]);
    });

    await ctx.step("a broadcast acks the sender without arguments", async () => {
        assert.deepEqual(await call(socket, "broadcast", { room: "nobody-here", data: 1 }), []);
    });

    await ctx.step("ask-room collects the answers and counts the sockets that timed out", async () => {
        const voters = [];
        for (let i = 0; i < 3; ++i) {
            const voter = await ctx.connect("/");
            await call(voter, "join", "poll");
            voters.push(voter);
        }
        voters[0].on("vote", (question, ack) => ack("yes", 1, question));
        voters[1].on("vote", (question, ack) => ack("no"));
        let silentAsked = 0;
        voters[2].on("vote", () => ++silentAsked);

        const started = Date.now();
        const [result] = await call(socket, "ask-room",
            { room: "poll", event: "vote", args: ["q?"], timeout: SHORT_TIMEOUT_MS });
        assert.ok(Date.now() - started >= SHORT_TIMEOUT_MS - 50, "ask-room finished before its timeout");
        assert.deepEqual(Object.keys(result).sort(), ["answers", "timedOut"]);
        assert.deepEqual(sortAnswers(result.answers), sortAnswers([["yes", 1, "q?"], ["no"]]));
        assert.equal(result.timedOut, 1);
        assert.equal(silentAsked, 1, "the silent voter was not asked");

        // Once everybody answers, the result comes without waiting for the timeout.
        voters[2].off("vote");
        voters[2].on("vote", (question, ack) => ack());
        const quick = Date.now();
        const [all] = await call(socket, "ask-room", { room: "poll", event: "vote", args: ["again"], timeout: 3000 });
        assert.ok(Date.now() - quick < 2500, "ask-room waited for its timeout although all answered");
        assert.deepEqual(sortAnswers(all.answers), sortAnswers([["yes", 1, "again"], ["no"], []]));
        assert.equal(all.timedOut, 0);

        // The asker is in the namespace but not in the room: it is not asked.
        let askerAsked = 0;
        socket.on("vote", () => ++askerAsked);
        await call(socket, "echo", "sync");
        assert.equal(askerAsked, 0);
    });

    await ctx.step("ask-room to an empty room answers at once", async () => {
        const started = Date.now();
        const [result] = await call(socket, "ask-room", { room: "empty", event: "vote", timeout: 3000 });
        assert.deepEqual(result, { answers: [], timedOut: 0 });
        assert.ok(Date.now() - started < 2500, "ask-room waited for its timeout on an empty room");
    });

    await ctx.step("malformed requests are answered with {error: \"bad request\"}", async () => {
        for (const request of [undefined, "text", { args: [1] }, { event: "" }, { event: "disconnect" },
                 { event: "x", timeout: -1 }]) {
            assert.deepEqual(await call(socket, "ask", request), [{ error: "bad request" }], describe(request));
        }
        assert.deepEqual(await call(socket, "join"), [{ error: "bad request" }]);
        assert.deepEqual(await call(socket, "broadcast", { room: 5, data: 1 }), [{ error: "bad request" }]);
        assert.deepEqual(await call(socket, "echo", "still alive"), ["still alive"]);
    });
});
