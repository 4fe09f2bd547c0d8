// The exact JSON scanner (what every event's arguments go through) and the JSON text helpers.
// Whatever it accepts must be JSON to Qt's parser too, its spans must lie inside the text, and
// each element must scan again on its own to the same type.
#include "protocol/json_scan.h"
#include "protocol/json_text.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto scan = sb::sio::scanJson(text);
    if (!scan)
        return 0;
    auto inside = [&](const sb::sio::JsonSpan &span) {
        return span.offset >= 0 && span.length >= 0 && span.offset + span.length <= text.size();
    };
    if (!inside(scan->value))
        std::abort();
    // Qt reads the same grammar for arrays and objects, with two refusals JavaScript does not
    // have: deep nesting, and numbers beyond the double range (JSON.parse makes them Infinity,
    // and so do we).
    if (scan->type == sb::sio::JsonType::Array || scan->type == sb::sio::JsonType::Object) {
        QJsonParseError error;
        (void)QJsonDocument::fromJson(text.toByteArray(), &error);
        if (error.error != QJsonParseError::NoError && error.error != QJsonParseError::DeepNesting
            && error.error != QJsonParseError::IllegalNumber)
            std::abort();
    }
    for (const sb::sio::JsonElement &element : scan->elements) {
        if (!inside(element.span))
            std::abort();
        const QByteArrayView part = text.sliced(element.span.offset, element.span.length);
        const auto again = sb::sio::scanJson(part);
        if (!again || again->type != element.type)
            std::abort();
        if (element.type == sb::sio::JsonType::String)
            (void)sb::sio::decodeJsonString(part);
        if (element.type == sb::sio::JsonType::Number)
            (void)sb::sio::jsNumberToString(sb::sio::parseJsonNumber(part));
        if (element.type == sb::sio::JsonType::Object)
            (void)sb::sio::findObjectMember(part, u"_placeholder");
    }
    return 0;
}
