#pragma once

#include "ui/payload_format.h"

// The traffic log's readable lines for the chat service's events ("alice → #lobby: hello",
// "alice joined #lobby", "alice is typing"), installed by main.cpp while the chat is the
// service: the console itself knows no service by name.
namespace chat_preview {

sb::ui::payload::PreviewFormatters formatters();

} // namespace chat_preview
