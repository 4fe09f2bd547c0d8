#pragma once

// The embedded server as the live tests run it in-process: loopback, a free port, the echo
// service, the monitor on a short period and a fast heartbeat (so RTTs show within a second).
// Header-only: for tests that link sb_app.

#include "server_config.h"

namespace sb::test {

inline ServerConfig liveServerConfig()
{
    ServerConfig config;
    config.bindAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.service = QStringLiteral("echo");
    config.monitored = true;
    config.monitor.interval = std::chrono::milliseconds(50);
    config.engine.pingInterval = std::chrono::milliseconds(300);
    config.engine.pingTimeout = std::chrono::milliseconds(5000);
    return config;
}

} // namespace sb::test
