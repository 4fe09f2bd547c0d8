#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

namespace sb::sio {

// An exact JSON scanner: it validates a JSON text (RFC 8259, with JSON.parse's acceptance of
// lone surrogate escapes) and reports where things are, so that relayed payloads can be
// forwarded byte for byte. It never builds values.
//
// Decisions (see tst_json_scan):
// - Raw bytes must be valid UTF-8 (no overlong forms, no UTF-8-encoded surrogates, nothing above
//   U+10FFFF). WebSocket text frames must be UTF-8 and Node's `ws` fails a connection that sends
//   anything else, so forwarding such bytes would break the receiving clients.
// - Escaped lone surrogates (`"\ud800"`) are accepted, as JSON.parse does.
// - Depth counts open containers: `[]` has depth 1, `[[1]]` depth 2. Scalars have depth 0.
// - Whitespace around the value is allowed (JSON-text = ws value ws); the reported value span
//   excludes it.

enum class JsonType : quint8 { String, Number, Object, Array, Bool, Null };

enum class JsonError : quint8 {
    Empty, // nothing but whitespace
    UnexpectedEnd, // the text stops inside a value
    UnexpectedChar, // a byte that cannot start or continue the value here
    ControlChar, // an unescaped byte below 0x20 inside a string
    BadEscape, // `\x`, or `\u` not followed by four hex digits
    BadUtf8, // raw bytes that are not UTF-8
    BadNumber, // leading zeros, `1.`, `.5`, `1e`, `+1`, `-`
    BadLiteral, // `tru`, `nul`, `True`
    TooDeep, // nesting above the configured maximum
    TrailingData, // a second value or garbage after the value
};

struct JsonScanError
{
    JsonError code = JsonError::Empty;
    qsizetype offset = 0; // byte offset of the problem

    friend bool operator==(const JsonScanError &, const JsonScanError &) = default;
};

// A byte range [offset, offset + length) in the scanned text.
struct JsonSpan
{
    qsizetype offset = 0;
    qsizetype length = 0;

    qsizetype end() const { return offset + length; }
    friend bool operator==(const JsonSpan &, const JsonSpan &) = default;
};

// One element of the top-level array.
struct JsonElement
{
    JsonSpan span;
    JsonType type = JsonType::Null;
    qint32 placeholder = -1; // index into JsonScan::placeholders when the element is one, else -1

    friend bool operator==(const JsonElement &, const JsonElement &) = default;
};

// A binary placeholder `{"_placeholder":true,"num":N}`: an object with exactly these two keys, in
// any order, with any whitespace, keys possibly escaped, `_placeholder` the literal `true` and
// `num` a non-negative integer without fraction or exponent. Anything else is a plain object.
struct JsonPlaceholder
{
    quint32 num = 0; // saturates at 0xFFFFFFFF (always out of range)
    JsonSpan span; // the whole object
    qint32 element = -1; // the top-level array element that contains it; -1 if the root is no array

    friend bool operator==(const JsonPlaceholder &, const JsonPlaceholder &) = default;
};

struct JsonScanOptions
{
    int maxDepth = 32;
    bool findPlaceholders = true;
};

struct JsonScan
{
    JsonType type = JsonType::Null; // of the root value
    JsonSpan value; // the root value without surrounding whitespace
    QList<JsonElement> elements; // when the root is an array
    QList<JsonPlaceholder> placeholders; // in text order
    // Objects whose `_placeholder` is the literal true but that are no placeholder as above
    // (num missing, a string, a fraction, extra keys...): socket.io's parser refuses a binary
    // packet with one ("illegal attachments"), so the decoder does too.
    qint32 invalidPlaceholders = 0;

    friend bool operator==(const JsonScan &, const JsonScan &) = default;
};

Result<JsonScan, JsonScanError> scanJson(QByteArrayView text, const JsonScanOptions &options = {});

QString describe(JsonError error);

} // namespace sb::sio

namespace sb::sio {

// The span of member `key` of a JSON object, within `objectJson` (which must already be valid
// JSON, e.g. an element of a scanned payload); nullopt when it is not an object or has no such
// member. With duplicate keys the last wins, as in JSON.parse. Lets a handler pick one member of an
// argument and relay its exact bytes.
std::optional<JsonSpan> findObjectMember(QByteArrayView objectJson, QStringView key);

} // namespace sb::sio
