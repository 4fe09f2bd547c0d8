#pragma once

#include "engine/engine_errors.h"
#include "http/request.h"

#include <chrono>
#include <functional>
#include <optional>

namespace sb::eio {

enum class TransportKind { Polling, WebSocket };
const char *transportName(TransportKind kind);

// Every option has Node engine.io's default.
struct EngineOptions
{
    std::chrono::milliseconds pingInterval{25'000};
    std::chrono::milliseconds pingTimeout{20'000};
    std::chrono::milliseconds upgradeTimeout{10'000};
    // A polling transport asked to close while no GET is pending waits this long for one.
    std::chrono::milliseconds pollingCloseTimeout{30'000};
    // Largest POST body and largest WebSocket message, in bytes as they are on the wire.
    qint64 maxHttpBufferSize = 1'000'000;
    bool allowPolling = true;
    bool allowWebSocket = true;
    bool allowUpgrades = true;
    // gzip/deflate of polling responses (the HTTP front door applies its threshold).
    bool httpCompression = true;
    // Vetoes a handshake (the first request of a session, either transport): std::nullopt lets it
    // through; a Refusal is sent as Node sends it (403 for Forbidden over polling).
    std::function<std::optional<Refusal>(const http::Request &)> allowRequest;
};

} // namespace sb::eio
