#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace sb::http {

// The content codings the front door produces (RFC 9110 §8.4.1). Identity means "send as is".
enum class ContentCoding { Identity, Gzip, Deflate };

enum class CompressionError {
    Unsupported, // Identity or an unknown coding was asked for
    ZlibFailed, // zlib refused (out of memory)
};

// Picks the coding for an Accept-Encoding value (RFC 9110 §12.5.3): the acceptable coding (q > 0)
// with the highest weight, gzip before deflate on a tie; "*" stands for every coding not named;
// "q=0" forbids a coding. No header, an empty one, or nothing acceptable: Identity.
ContentCoding negotiateContentCoding(QByteArrayView acceptEncoding);

// The token for Content-Encoding ("gzip", "deflate"); empty for Identity.
QByteArray contentCodingName(ContentCoding coding);

// gzip is RFC 1952 (zlib windowBits 15+16); "deflate" in HTTP means the zlib format of RFC 1950
// (windowBits 15), not raw deflate.
Result<QByteArray, CompressionError> compress(QByteArrayView data, ContentCoding coding);

} // namespace sb::http
