#include "http/request.h"

namespace sb::http {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// application/x-www-form-urlencoded decoding of one key or value (WHATWG URL, "urlencoded
// parsing"): '+' is a space, %XX a byte; a '%' not followed by two hex digits stays as it is.
QByteArray formDecode(QByteArrayView encoded)
{
    // A present but empty value must stay distinguishable from "absent" (null).
    QByteArray decoded("", 0);
    decoded.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '+') {
            decoded += ' ';
        } else if (c == '%' && i + 2 < encoded.size() && hexValue(encoded[i + 1]) >= 0
            && hexValue(encoded[i + 2]) >= 0) {
            decoded += char(hexValue(encoded[i + 1]) * 16 + hexValue(encoded[i + 2]));
            i += 2;
        } else {
            decoded += c;
        }
    }
    return decoded;
}

} // namespace

QByteArray Request::header(QByteArrayView name) const
{
    for (const Header &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second.isNull() ? QByteArray("", 0) : h.second;
    }
    return {};
}

bool Request::hasHeader(QByteArrayView name) const
{
    return !header(name).isNull();
}

QByteArray Request::queryValue(QByteArrayView key) const
{
    QByteArrayView rest(query);
    while (!rest.isEmpty()) {
        const qsizetype amp = rest.indexOf('&');
        const QByteArrayView pair = amp < 0 ? rest : rest.first(amp);
        rest = amp < 0 ? QByteArrayView() : rest.sliced(amp + 1);
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView rawKey = eq < 0 ? pair : pair.first(eq);
        if (formDecode(rawKey) != key)
            continue;
        return eq < 0 ? QByteArray("", 0) : formDecode(pair.sliced(eq + 1));
    }
    return {};
}

bool Request::hasQueryValue(QByteArrayView key) const
{
    return !queryValue(key).isNull();
}

} // namespace sb::http
