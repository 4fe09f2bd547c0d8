"use strict";
// The chat page of Switchboard's chat service. Everything shown comes from the network and is put
// on the page with textContent only: no message, name or error is ever parsed as HTML.
//
// Link parameters: #token=JWT or ?token=JWT (sign-in token, when the server asks for one),
// ?name=, ?room= (prefill), ?transport=polling or ?transport=websocket (restrict the client).
(function () {
    const $ = (id) => document.getElementById(id);
    const params = new URLSearchParams(location.search);
    const hash = new URLSearchParams(location.hash.replace(/^#/, ""));
    const token = hash.get("token") || params.get("token") || "";

    const ui = {
        state: $("state"), roomTitle: $("room-title"), join: $("join"), name: $("name"),
        room: $("room"), joinButton: $("join-button"), joinError: $("join-error"),
        signedIn: $("signed-in"), refusal: $("refusal"), refusalTitle: $("refusal-title"),
        refusalText: $("refusal-text"), refusalReason: $("refusal-reason"), chat: $("chat"), users: $("users"), userCount: $("user-count"),
        leave: $("leave"), messages: $("messages"), typing: $("typing"), composer: $("composer"),
        text: $("text"), send: $("send"),
    };

    // --- connection state, following the client's reconnection events -------------------------
    function setState(state, text) {
        ui.state.dataset.state = state;
        ui.state.textContent = text;
    }

    const options = { reconnectionAttempts: 10, reconnectionDelayMax: 5000 };
    const transport = params.get("transport");
    if (transport === "polling" || transport === "websocket")
        options.transports = [transport];
    if (token)
        options.auth = { token };
    const socket = io(options);
    const manager = socket.io;
    let everConnected = false;
    let reconnecting = false;

    setState("connecting", "Connecting…");
    socket.on("connect", () => {
        if (reconnecting)
            setState("online-again", "Back online");
        else
            setState("connected", "Connected");
        reconnecting = false;
        everConnected = true;
        ui.joinButton.disabled = false;
        // The server keeps no chat state across connections: join again.
        if (joined)
            joinRoom(joined.username, joined.room, true);
    });
    socket.on("disconnect", (reason) => {
        setState("disconnected", "Disconnected");
        if (reason === "io server disconnect")
            setState("failed", "Disconnected by the server");
        clearTyping();
    });
    socket.on("connect_error", (error) => {
        // Refused by the server (a sign-in token problem): the client does not retry.
        if (!socket.active) {
            showRefusal(error);
        } else if (!everConnected && !reconnecting) {
            setState("connecting", "Cannot reach the server, retrying…");
        }
    });
    // What the person can do about a refusal, in place of the join form; the server's own words
    // below (error.data.code says which kind it is).
    const refusals = {
        "token-missing": ["Sign-in link needed",
            "This chat is only open to people with a personal sign-in link. Ask whoever runs it " +
            "for yours and open it on this device."],
        "token-expired": ["Sign-in link expired",
            "The sign-in link you opened is no longer valid. Ask whoever runs the chat for a " +
            "new one."],
        "token-invalid": ["Sign-in link not valid",
            "The sign-in link you opened is damaged, incomplete or made for another chat. Open " +
            "the whole link again, or ask for a new one."],
    };
    function showRefusal(error) {
        const code = error.data && typeof error.data.code === "string" ? error.data.code : "";
        const [title, text] = refusals[code]
            || ["Not let in", "The chat server refused the connection."];
        setState("refused", title);
        ui.refusal.dataset.code = code || "other";
        ui.refusalTitle.textContent = title;
        ui.refusalText.textContent = text;
        ui.refusalReason.textContent = "The server said: " + error.message;
        ui.refusal.hidden = false;
        ui.join.hidden = true;
        ui.chat.hidden = true;
        ui.joinButton.disabled = true;
    }

    manager.on("reconnect_attempt", (attempt) => {
        reconnecting = true;
        setState("reconnecting", "Reconnecting (attempt " + attempt + ")…");
    });
    manager.on("reconnect_failed", () => {
        setState("failed", "Connection failed");
        const retry = document.createElement("button");
        retry.type = "button";
        retry.className = "link";
        retry.textContent = " Retry";
        retry.addEventListener("click", () => {
            retry.remove();
            setState("connecting", "Connecting…");
            socket.connect();
        });
        ui.state.appendChild(retry);
    });

    // --- joining ------------------------------------------------------------------------------
    let joined = null; // {username, room}
    let joiningAs = ""; // the name asked for, until the server's answer says which it is
    const myName = () => (joined ? joined.username : joiningAs);

    const tokenName = nameFromToken(token);
    if (token) {
        ui.name.required = false;
        ui.name.disabled = true;
        ui.name.value = tokenName || "";
        ui.signedIn.hidden = false;
        ui.signedIn.textContent = tokenName
            ? "Signed in as " + tokenName + " by your link."
            : "Signed in by your link.";
    } else {
        ui.name.value = params.get("name") || localStorage.getItem("chat.name") || "";
    }
    ui.room.value = params.get("room") || localStorage.getItem("chat.room") || "general";
    ui.joinButton.disabled = true;
    (ui.name.value && !token ? ui.room : ui.name).focus();

    function nameFromToken(jwt) {
        try {
            const part = jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
            const json = decodeURIComponent(Array.from(atob(part),
                (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
            const claims = JSON.parse(json);
            return typeof claims.name === "string" ? claims.name
                : claims.userId !== undefined ? String(claims.userId) : "";
        } catch (e) {
            return "";
        }
    }

    function showJoinError(text) {
        ui.joinError.hidden = !text;
        ui.joinError.textContent = text || "";
    }

    ui.join.addEventListener("submit", (event) => {
        event.preventDefault();
        joinRoom(ui.name.value.trim(), ui.room.value.trim(), false);
    });

    function joinRoom(username, room, again) {
        showJoinError("");
        ui.joinButton.disabled = true;
        // Before the request: the history and the welcome come before its answer.
        if (!again)
            clearMessages();
        joiningAs = token ? tokenName : username;
        socket.timeout(10000).emit("join-room", { username, room }, (err, reply) => {
            ui.joinButton.disabled = !socket.connected;
            if (err)
                return showJoinError("The server did not answer; try again.");
            if (!reply || reply.status !== "ok")
                return showJoinError(reply && reply.message ? reply.message : "Could not join.");
            if (!again) {
                if (!token)
                    localStorage.setItem("chat.name", reply.username);
                localStorage.setItem("chat.room", reply.room);
            }
            joined = { username: reply.username, room: reply.room };
            showUsers(lastUsers);
            ui.join.hidden = true;
            ui.chat.hidden = false;
            ui.roomTitle.hidden = false;
            ui.roomTitle.textContent = reply.room;
            document.title = reply.room + " · Switchboard chat";
            ui.text.focus();
        });
    }

    ui.leave.addEventListener("click", () => {
        ui.chat.hidden = true;
        ui.join.hidden = false;
        ui.room.focus();
        ui.room.select();
    });

    // --- messages -----------------------------------------------------------------------------
    const pending = []; // own messages sent, not yet seen back: {text, element}
    let stickToBottom = true;
    ui.messages.addEventListener("scroll", () => {
        const m = ui.messages;
        stickToBottom = m.scrollHeight - m.scrollTop - m.clientHeight < 40;
    });

    function clearMessages() {
        ui.messages.replaceChildren();
        pending.length = 0;
        clearTyping();
    }

    function timeOf(iso) {
        const date = new Date(iso);
        return isNaN(date) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    }

    function append(element) {
        ui.messages.appendChild(element);
        if (stickToBottom)
            ui.messages.scrollTop = ui.messages.scrollHeight;
    }

    function messageElement(message, mine) {
        const item = document.createElement("li");
        item.className = "message" + (mine ? " mine" : "") + (message.history ? " history" : "");
        const who = document.createElement("span");
        who.className = "who";
        who.textContent = message.username || "";
        const body = document.createElement("div");
        body.className = "body";
        body.textContent = message.text;
        const meta = document.createElement("div");
        meta.className = "meta";
        const time = document.createElement("time");
        time.dateTime = message.timestamp || "";
        time.textContent = timeOf(message.timestamp);
        meta.appendChild(time);
        item.append(who, body, meta);
        if (message.messageId)
            item.dataset.messageId = message.messageId;
        return item;
    }

    function setTick(item, delivery, title) {
        let tick = item.querySelector(".tick");
        if (!tick) {
            tick = document.createElement("span");
            tick.className = "tick";
            item.querySelector(".meta").appendChild(tick);
        }
        tick.dataset.delivery = delivery;
        tick.textContent = delivery === "sent" ? "✓" : delivery === "error" ? "⚠" : "…";
        tick.title = title;
    }

    socket.on("message", (message) => {
        if (!message || typeof message.text !== "string")
            return;
        if (!message.username) { // the plain echo of the minimal protocol
            const line = document.createElement("li");
            line.className = "system";
            line.textContent = message.text;
            return append(line);
        }
        if (message.username === "System") {
            const line = document.createElement("li");
            line.className = "system";
            line.textContent = message.text;
            return append(line);
        }
        const mine = message.username === myName();
        if (mine && !message.history) {
            // Our own message coming back from the room: the entry shown when it was sent.
            const index = pending.findIndex((p) => p.text === message.text);
            if (index >= 0) {
                const [entry] = pending.splice(index, 1);
                entry.element.dataset.messageId = message.messageId || "";
                const time = entry.element.querySelector("time");
                time.dateTime = message.timestamp;
                time.textContent = timeOf(message.timestamp);
                return;
            }
        }
        append(messageElement(message, mine));
    });

    ui.composer.addEventListener("submit", (event) => {
        event.preventDefault();
        const text = ui.text.value;
        if (!text.trim() || !joined)
            return;
        ui.text.value = "";
        stopTyping();
        const item = messageElement({ username: joined.username, text, timestamp: new Date().toISOString() }, true);
        setTick(item, "pending", "Sending…");
        stickToBottom = true;
        append(item);
        const entry = { text, element: item };
        pending.push(entry);
        socket.timeout(10000).emit("chat-message", { text }, (err, reply) => {
            const index = pending.indexOf(entry);
            if (err || !reply || reply.status !== "ok") {
                if (index >= 0)
                    pending.splice(index, 1);
                const why = err ? "Not delivered: no answer from the server"
                    : "Not delivered: " + ((reply && reply.message) || "refused");
                setTick(item, "error", why);
                item.querySelector(".tick").textContent = "⚠ " + why;
                return;
            }
            item.dataset.messageId = reply.messageId;
            setTick(item, "sent", "Delivered to the room");
        });
    });

    // --- presence and typing ------------------------------------------------------------------
    let lastUsers = [];
    socket.on("room-users", (users) => {
        if (Array.isArray(users))
            showUsers(users);
    });
    function showUsers(users) {
        lastUsers = users;
        ui.users.replaceChildren(...users.map((name) => {
            const item = document.createElement("li");
            item.textContent = String(name);
            if (name === myName())
                item.className = "me";
            return item;
        }));
        ui.userCount.textContent = String(users.length);
        for (const name of Array.from(typists))
            if (!users.includes(name))
                typists.delete(name);
        showTyping();
    }

    const typists = new Set();
    function showTyping() {
        const names = Array.from(typists);
        ui.typing.textContent = names.length === 0 ? ""
            : names.length === 1 ? names[0] + " is typing…"
            : names.length === 2 ? names[0] + " and " + names[1] + " are typing…"
            : names.length + " people are typing…";
    }
    function clearTyping() {
        typists.clear();
        showTyping();
    }
    socket.on("user-typing", (event) => {
        if (!event || typeof event.username !== "string")
            return;
        if (event.isTyping)
            typists.add(event.username);
        else
            typists.delete(event.username);
        showTyping();
    });

    let typing = false;
    let typingTimer = null;
    function stopTyping() {
        clearTimeout(typingTimer);
        if (typing) {
            typing = false;
            socket.emit("typing", false);
        }
    }
    ui.text.addEventListener("input", () => {
        if (!joined)
            return;
        if (!ui.text.value) {
            stopTyping();
            return;
        }
        if (!typing) {
            typing = true;
            socket.emit("typing", true);
        }
        clearTimeout(typingTimer);
        typingTimer = setTimeout(stopTyping, 2500);
    });
    ui.text.addEventListener("blur", stopTyping);

    socket.on("chat-error", (error) => showJoinError(error && error.message));

    // For tests and the curious: the client and its state.
    window.chat = { socket, get joined() { return joined; } };
})();
