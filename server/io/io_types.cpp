#include "io/io_types.h"

namespace sb::io {

const char *disconnectReasonText(DisconnectReason reason)
{
    switch (reason) {
    case DisconnectReason::TransportError:
        return "transport error";
    case DisconnectReason::TransportClose:
        return "transport close";
    case DisconnectReason::ForcedClose:
        return "forced close";
    case DisconnectReason::PingTimeout:
        return "ping timeout";
    case DisconnectReason::ParseError:
        return "parse error";
    case DisconnectReason::ServerShuttingDown:
        return "server shutting down";
    case DisconnectReason::ForcedServerClose:
        return "forced server close";
    case DisconnectReason::ServerNamespaceDisconnect:
        return "server namespace disconnect";
    case DisconnectReason::ClientNamespaceDisconnect:
        return "client namespace disconnect";
    }
    return "transport error";
}

bool isRecoverable(DisconnectReason reason)
{
    switch (reason) {
    case DisconnectReason::TransportError:
    case DisconnectReason::TransportClose:
    case DisconnectReason::ForcedClose:
    case DisconnectReason::PingTimeout:
    case DisconnectReason::ServerShuttingDown:
    case DisconnectReason::ForcedServerClose:
        return true;
    default:
        return false;
    }
}

} // namespace sb::io
