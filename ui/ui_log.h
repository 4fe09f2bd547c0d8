#pragma once

#include <QLoggingCategory>

// The console's logging category (`sb.ui`), silent by default like every layer's.
Q_DECLARE_LOGGING_CATEGORY(lcUi)
