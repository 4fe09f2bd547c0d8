#include "monitor/monitor_types.h"

namespace sb::monitor {

void registerMetaTypes()
{
    // Queued signals carry these between the server and the GUI thread.
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<SocketDetails>();
    qRegisterMetaType<TapFilter>();
    qRegisterMetaType<SourceState>();
    qRegisterMetaType<BroadcastRequest>();
    qRegisterMetaType<BroadcastAnswer>();
    qRegisterMetaType<BroadcastSummary>();
    qRegisterMetaType<ActionResult>();
}

} // namespace sb::monitor
