#pragma once

#include "ui/payload_format.h"

// The traffic log's readable lines for the chat service's events ("alice → #lobby: hello",
// "alice joined #lobby", "alice is typing"), installed by main.cpp while the chat is the
// service: the console itself knows no service by name.
class HostLifecycle;
class ServerHost;
namespace sb::ui {
class MainWindow;
}

namespace chat_preview {

sb::ui::payload::PreviewFormatters formatters();
// The window's traffic log reads the chat as chat while the host runs the chat service: now and
// after every start (settings may change the service).
void install(sb::ui::MainWindow &window, const ServerHost &host, HostLifecycle &lifecycle);

} // namespace chat_preview
