"use strict";
// The chat service's protocol (README, "The chat service") with the real socket.io-client:
// three clients in two rooms, acks and message ids, typing, history, room changes, disconnect
// notices, validation errors, and the minimal client's plain `message`.
// Usage: node chat.js BASE_URL [websocket|polling|default] --max-length=N
const { assert, call, nextEvent, receivedOf, record, run, until } = require("../socketio/lib/harness.js");

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

run("chat", async (ctx) => {
    const maxLength = ctx.numberOption("max-length", 2000);
    const connect = async () => {
        const socket = record(ctx.socket("/"));
        await nextEvent(socket, "connect");
        return socket;
    };
    // Resolves with the `message` events of `socket` once one has `text`.
    const messageWith = async (socket, text) => {
        const find = () => receivedOf(socket, "message").find(([m]) => m && m.text === text);
        await until(socket, "message", () => find() !== undefined, `"${text}" on ${socket.name}`);
        return find()[0];
    };
    const lastUsers = (socket) => {
        const lists = receivedOf(socket, "room-users");
        return lists.length ? lists[lists.length - 1][0] : undefined;
    };
    const usersBecome = (socket, users) => until(socket, "room-users",
        () => JSON.stringify(lastUsers(socket)) === JSON.stringify(users),
        `room-users ${JSON.stringify(users)} on ${socket.name} (last ${JSON.stringify(lastUsers(socket))})`);
    const join = async (socket, username, room) => {
        socket.name = username;
        const [reply] = await call(socket, "join-room", { username, room });
        assert.deepEqual(reply, { status: "ok", username, room });
        const welcome = await messageWith(socket, `Welcome ${username} to room ${room}!`);
        assert.equal(welcome.username, "System");
        assert.match(welcome.timestamp, ISO_UTC);
    };

    let minimal, alice, bob, carol, dave;
    await ctx.step("the minimal client's message is answered before any room", async () => {
        minimal = await connect();
        minimal.name = "minimal";
        minimal.emit("message", { text: "hello <b>there</b>" });
        const reply = await messageWith(minimal, "Server received: hello <b>there</b>");
        assert.match(reply.timestamp, ISO_UTC);
    });

    await ctx.step("alice joins lobby: welcome and the user list", async () => {
        alice = await connect();
        await join(alice, "alice", "lobby");
        await usersBecome(alice, ["alice"]);
    });

    await ctx.step("bob joins lobby: alice is told, both get the list", async () => {
        bob = await connect();
        await join(bob, "bob", "lobby");
        const notice = await messageWith(alice, "bob joined the room");
        assert.equal(notice.username, "System");
        assert.match(notice.timestamp, ISO_UTC);
        await usersBecome(alice, ["alice", "bob"]);
        await usersBecome(bob, ["alice", "bob"]);
        assert.equal(receivedOf(bob, "message").some(([m]) => m.text === "bob joined the room"), false,
            "the one who joins is welcomed, not told he joined");
    });

    await ctx.step("carol joins games: a room of her own", async () => {
        carol = await connect();
        await join(carol, "carol", "games");
        await usersBecome(carol, ["carol"]);
    });

    const ids = [];
    await ctx.step("chat-message reaches the room, sender included, with an ack and a unique id", async () => {
        for (const text of ["hi all", "second <img src=x onerror=alert(1)>"]) {
            const [ack] = await call(alice, "chat-message", { text });
            assert.equal(ack.status, "ok");
            assert.equal(typeof ack.messageId, "string");
            ids.push(ack.messageId);
            for (const socket of [alice, bob]) {
                const message = await messageWith(socket, text);
                assert.equal(message.username, "alice");
                assert.match(message.timestamp, ISO_UTC);
                assert.equal(message.messageId, ack.messageId);
            }
        }
        assert.notEqual(ids[0], ids[1]);
        // Without an ack request the message still goes out.
        bob.emit("chat-message", { text: "no ack wanted" });
        await messageWith(alice, "no ack wanted");
        // Carol, in another room, saw none of it (her own ack comes after the room's broadcasts).
        const [mine] = await call(carol, "chat-message", { text: "games only" });
        assert.equal(mine.status, "ok");
        await messageWith(carol, "games only");
        assert.deepEqual(receivedOf(carol, "message").map(([m]) => m.text).filter((t) => /hi all|second|no ack/.test(t)), []);
        assert.equal(receivedOf(alice, "message").some(([m]) => m.text === "games only"), false);
    });

    await ctx.step("typing is shown to the others in the room only", async () => {
        bob.emit("typing", true);
        await until(alice, "user-typing", () => receivedOf(alice, "user-typing").length === 1, "user-typing on alice");
        assert.deepEqual(receivedOf(alice, "user-typing")[0][0], { username: "bob", isTyping: true });
        bob.emit("typing", false);
        await until(alice, "user-typing", () => receivedOf(alice, "user-typing").length === 2, "user-typing false on alice");
        assert.deepEqual(receivedOf(alice, "user-typing")[1][0], { username: "bob", isTyping: false });
        await call(carol, "chat-message", { text: "sync carol" });
        await call(bob, "chat-message", { text: "sync bob" });
        await messageWith(bob, "sync bob");
        assert.equal(receivedOf(bob, "user-typing").length, 0, "the typist is not told");
        assert.equal(receivedOf(carol, "user-typing").length, 0, "another room is not told");
    });

    await ctx.step("a socket that has not joined: chat-message refused, typing ignored", async () => {
        dave = await connect();
        dave.name = "dave";
        const [ack] = await call(dave, "chat-message", { text: "anyone?" });
        assert.equal(ack.status, "error");
        assert.match(ack.message, /join a room/);
        dave.emit("typing", true);
        const [sync] = await call(alice, "chat-message", { text: "after dave" });
        assert.equal(sync.status, "ok");
        await messageWith(bob, "after dave");
        assert.equal(receivedOf(alice, "message").some(([m]) => m.text === "anyone?"), false);
        assert.equal(receivedOf(alice, "user-typing").length, 2);
    });

    await ctx.step("validation: clear errors for bad names, rooms and texts", async () => {
        const cases = [
            [{ username: "", room: "lobby" }, /username must not be empty/],
            [{ username: "   ", room: "lobby" }, /username must not be empty/],
            [{ room: "lobby" }, /username must not be empty/],
            [{ username: "x".repeat(33), room: "lobby" }, /username must be at most 32 characters/],
            [{ username: "bell\u0007", room: "lobby" }, /username must not contain control characters/],
            [{ username: "rtl\u202Eevil", room: "lobby" }, /username must not contain control characters/],
            [{ username: "system", room: "lobby" }, /reserved/],
            [{ username: "dave", room: "" }, /room name must not be empty/],
            [{ username: "dave", room: "r".repeat(65) }, /room name must be at most 64 characters/],
            [{ username: "dave", room: "a\nb" }, /room name must not contain control characters/],
            [{ username: "dave", room: alice.id }, /not available/],
            ["not an object", /username must not be empty/],
        ];
        for (const [request, expected] of cases) {
            const error = nextEvent(dave, "chat-error");
            const [ack] = await call(dave, "join-room", request);
            assert.equal(ack.status, "error", JSON.stringify(request));
            assert.match(ack.message, expected, JSON.stringify(request));
            const [event] = await error;
            assert.equal(event.message, ack.message);
        }
        // Not joined after all those: still refused.
        const [still] = await call(dave, "chat-message", { text: "x" });
        assert.equal(still.status, "error");

        for (const [payload, expected] of [
            [{ text: "y".repeat(maxLength + 1) }, new RegExp(`at most ${maxLength} characters`)],
            [{ text: "" }, /non-empty text/],
            [{ text: 42 }, /non-empty text/],
            [{}, /non-empty text/],
        ]) {
            const [ack] = await call(alice, "chat-message", payload);
            assert.equal(ack.status, "error", JSON.stringify(payload).slice(0, 80));
            assert.match(ack.message, expected);
        }
        const [longest] = await call(alice, "chat-message", { text: "z".repeat(maxLength) });
        assert.equal(longest.status, "ok", "a text of exactly the limit passes");
    });

    await ctx.step("dave joins lobby: the recent history first, then the welcome", async () => {
        await join(dave, "dave", "lobby");
        const messages = receivedOf(dave, "message").map(([m]) => m);
        const history = messages.filter((m) => m.history === true);
        const texts = history.map((m) => m.text);
        assert.deepEqual(texts, ["hi all", "second <img src=x onerror=alert(1)>", "no ack wanted",
            "sync bob", "after dave", "z".repeat(maxLength)]);
        assert.deepEqual(history.slice(0, 2).map((m) => m.messageId), ids);
        for (const m of history)
            assert.match(m.timestamp, ISO_UTC);
        const welcomeAt = messages.findIndex((m) => m.text === "Welcome dave to room lobby!");
        assert.ok(welcomeAt > messages.indexOf(history[history.length - 1]));
        assert.equal(texts.includes("games only"), false, "another room's history stays there");
        await usersBecome(alice, ["alice", "bob", "dave"]);
    });

    await ctx.step("bob moves to games: lobby sees him leave, games sees him join", async () => {
        await join(bob, "bob", "games");
        const left = await messageWith(alice, "bob left the room");
        assert.equal(left.username, "System");
        assert.match(left.timestamp, ISO_UTC);
        await usersBecome(alice, ["alice", "dave"]);
        await messageWith(carol, "bob joined the room");
        await usersBecome(carol, ["carol", "bob"]);
        await usersBecome(bob, ["carol", "bob"]);
        assert.ok(receivedOf(bob, "message").some(([m]) => m.history && m.text === "games only"),
            "bob got the history of games");
        // Bob now talks to games only.
        await call(bob, "chat-message", { text: "hello games" });
        await messageWith(carol, "hello games");
        await call(alice, "chat-message", { text: "lobby sync" });
        await messageWith(dave, "lobby sync");
        assert.equal(receivedOf(alice, "message").some(([m]) => m.text === "hello games"), false);
    });

    await ctx.step("a typist who leaves stops typing for the others", async () => {
        carol.emit("typing", true);
        await until(bob, "user-typing", () => receivedOf(bob, "user-typing").length === 1, "carol typing on bob");
        carol.disconnect();
        await until(bob, "user-typing", () => receivedOf(bob, "user-typing").length === 2, "carol not typing on bob");
        assert.deepEqual(receivedOf(bob, "user-typing")[1][0], { username: "carol", isTyping: false });
    });

    await ctx.step("carol's disconnect: games is told and gets the new list", async () => {
        const left = await messageWith(bob, "carol left the room");
        assert.equal(left.username, "System");
        await usersBecome(bob, ["bob"]);
        assert.equal(receivedOf(alice, "message").some(([m]) => m.text === "carol left the room"), false);
    });

    await ctx.step("the minimal client was never part of any room", async () => {
        minimal.emit("message", "plain string");
        await messageWith(minimal, "Server received: plain string");
        assert.equal(receivedOf(minimal, "room-users").length, 0);
        assert.deepEqual(receivedOf(minimal, "message").map(([m]) => m.text),
            ["Server received: hello <b>there</b>", "Server received: plain string"]);
    });
}, { timeoutMs: 60000 });
