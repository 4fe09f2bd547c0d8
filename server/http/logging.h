#pragma once

#include <QLoggingCategory>

namespace sb::http {

// "sb.http": debug and info off by default; client misbehaviour is logged at debug level only, so
// a hostile client cannot flood the log.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)

} // namespace sb::http
