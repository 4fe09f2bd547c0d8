"use strict";
// Sign-in tokens (`--jwt-secret`): tokens made with the `jsonwebtoken` npm package are accepted
// when signed with the secret and not expired, and give the chat name (the client cannot pick
// another); expired, tampered, foreign, unsigned and missing tokens get a CONNECT_ERROR saying
// why. A token printed by `switchboard --mint-token` is checked too (--minted=TOKEN).
// Usage: node tokens.js BASE_URL TRANSPORT --secret=S --minted=TOKEN --minted-name=NAME
const jwt = require("jsonwebtoken");
const { assert, call, nextEvent, receivedOf, record, run, until } = require("../socketio/lib/harness.js");

run("tokens", async (ctx) => {
    const secret = ctx.option("secret");
    assert.ok(secret, "--secret is required");
    // The data's code lets the page explain the refusal: missing, expired, or invalid.
    const refusedWith = async (auth, expected, code = "token-invalid") => {
        const { socket, error } = await ctx.refused("/", auth === undefined ? {} : { auth });
        assert.match(error.message, expected);
        assert.deepEqual(error.data, { code }, `the data of "${error.message}"`);
        socket.close();
    };
    const connectWith = async (token) => {
        const socket = record(ctx.socket("/", { auth: { token } }));
        await new Promise((resolve, reject) => {
            socket.once("connect", resolve);
            socket.once("connect_error", (err) => reject(new Error(`refused: ${err.message}`)));
        });
        return socket;
    };
    const joinAs = async (socket, username, room) => {
        const [reply] = await call(socket, "join-room", { username, room });
        assert.equal(reply.status, "ok", JSON.stringify(reply));
        return reply;
    };

    let ann;
    await ctx.step("a valid token connects, and its name is the chat name", async () => {
        ann = await connectWith(jwt.sign({ name: "ann" }, secret, { expiresIn: 60 }));
        const reply = await joinAs(ann, "mallory", "lobby");
        assert.equal(reply.username, "ann", "the name the client sent is ignored");
        await until(ann, "message", () => receivedOf(ann, "message").some(([m]) => m.text === "Welcome ann to room lobby!"),
            "the welcome for ann");
        const [ack] = await call(ann, "chat-message", { text: "signed" });
        assert.equal(ack.status, "ok");
        await until(ann, "message", () => receivedOf(ann, "message").some(([m]) => m.text === "signed" && m.username === "ann"),
            "ann's own message under her name");
    });

    await ctx.step("a userId claim names the user when there is no name", async () => {
        const bob = await connectWith(jwt.sign({ userId: "bob-42" }, secret, { expiresIn: "1h" }));
        const reply = await joinAs(bob, "System", "lobby");
        assert.equal(reply.username, "bob-42");
        await until(ann, "message", () => receivedOf(ann, "message").some(([m]) => m.text === "bob-42 joined the room"),
            "ann told that bob-42 joined");
        bob.close();
    });

    await ctx.step("a missing token is refused", async () => {
        await refusedWith(undefined, /sign-in token required/, "token-missing");
        await refusedWith({}, /sign-in token required/, "token-missing");
        await refusedWith({ token: "" }, /sign-in token required/, "token-missing");
        await refusedWith({ token: 42 }, /malformed token/);
    });

    await ctx.step("an expired token is refused", async () => {
        const expired = jwt.sign({ name: "ann", exp: Math.floor(Date.now() / 1000) - 10 }, secret);
        await refusedWith({ token: expired }, /token expired/, "token-expired");
    });

    await ctx.step("a tampered token is refused", async () => {
        const [header, , signature] = jwt.sign({ name: "ann" }, secret, { expiresIn: 60 }).split(".");
        const forged = Buffer.from(JSON.stringify({ name: "admin", exp: Math.floor(Date.now() / 1000) + 60 }))
            .toString("base64url");
        await refusedWith({ token: `${header}.${forged}.${signature}` }, /invalid token signature/);
        await refusedWith({ token: jwt.sign({ name: "ann" }, secret + "x") }, /invalid token signature/);
        const unsigned = jwt.sign({ name: "ann" }, null, { algorithm: "none" });
        await refusedWith({ token: unsigned }, /malformed token|only HS256/);
        const hs512 = jwt.sign({ name: "ann" }, secret, { algorithm: "HS512" });
        await refusedWith({ token: hs512 }, /only HS256/);
        await refusedWith({ token: "not-a-token" }, /malformed token/);
    });

    await ctx.step("a token without a usable name is refused", async () => {
        await refusedWith({ token: jwt.sign({ sub: "x" }, secret) }, /no usable name/);
        await refusedWith({ token: jwt.sign({ name: "System" }, secret) }, /reserved/);
    });

    const minted = ctx.option("minted");
    if (minted) {
        await ctx.step("a token from switchboard --mint-token is a valid jsonwebtoken", async () => {
            const claims = jwt.verify(minted, secret, { algorithms: ["HS256"] });
            assert.equal(claims.name, ctx.option("minted-name"));
            assert.ok(claims.exp > Date.now() / 1000, "not expired");
            assert.ok(claims.exp - claims.iat === ctx.numberOption("minted-ttl", 86400));
            const socket = await connectWith(minted);
            const reply = await joinAs(socket, "whoever", "lobby");
            assert.equal(reply.username, ctx.option("minted-name"));
        });
    }
});
