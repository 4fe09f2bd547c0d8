#include "http/logging.h"

namespace sb::http {

Q_LOGGING_CATEGORY(lcHttp, "sb.http", QtWarningMsg)

} // namespace sb::http
