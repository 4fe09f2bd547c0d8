#include "http/compression.h"

#include <zlib.h>

#include <limits>

namespace sb::http {

namespace {

// Weight of one Accept-Encoding element ("gzip;q=0.5"): 1 when absent, -1 when malformed.
double parseWeight(QByteArrayView params)
{
    double weight = 1.0;
    while (!params.isEmpty()) {
        const qsizetype semi = params.indexOf(';');
        const QByteArrayView param = (semi < 0 ? params : params.first(semi)).trimmed();
        params = semi < 0 ? QByteArrayView() : params.sliced(semi + 1);
        const qsizetype eq = param.indexOf('=');
        if (eq < 0)
            continue;
        if (param.first(eq).trimmed().compare("q", Qt::CaseInsensitive) != 0)
            continue;
        bool ok = false;
        weight = param.sliced(eq + 1).trimmed().toDouble(&ok);
        if (!ok || weight < 0 || weight > 1)
            return -1;
    }
    return weight;
}

} // namespace

ContentCoding negotiateContentCoding(QByteArrayView acceptEncoding)
{
    // -1: not mentioned. Explicit names beat the wildcard whatever their order.
    double gzip = -1;
    double deflate = -1;
    double wildcard = -1;
    QByteArrayView rest = acceptEncoding;
    while (!rest.isEmpty()) {
        const qsizetype comma = rest.indexOf(',');
        const QByteArrayView element = (comma < 0 ? rest : rest.first(comma)).trimmed();
        rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
        if (element.isEmpty())
            continue;
        const qsizetype semi = element.indexOf(';');
        const QByteArrayView name = (semi < 0 ? element : element.first(semi)).trimmed();
        const double weight = semi < 0 ? 1.0 : parseWeight(element.sliced(semi + 1));
        if (weight < 0)
            continue;
        if (name.compare("gzip", Qt::CaseInsensitive) == 0
            || name.compare("x-gzip", Qt::CaseInsensitive) == 0)
            gzip = std::max(gzip, weight);
        else if (name.compare("deflate", Qt::CaseInsensitive) == 0)
            deflate = std::max(deflate, weight);
        else if (name == "*")
            wildcard = std::max(wildcard, weight);
    }
    if (gzip < 0)
        gzip = wildcard;
    if (deflate < 0)
        deflate = wildcard;
    if (gzip <= 0 && deflate <= 0)
        return ContentCoding::Identity;
    return gzip >= deflate ? ContentCoding::Gzip : ContentCoding::Deflate;
}

QByteArray contentCodingName(ContentCoding coding)
{
    switch (coding) {
    case ContentCoding::Gzip:
        return QByteArrayLiteral("gzip");
    case ContentCoding::Deflate:
        return QByteArrayLiteral("deflate");
    case ContentCoding::Identity:
        break;
    }
    return {};
}

Result<QByteArray, CompressionError> compress(QByteArrayView data, ContentCoding coding)
{
    if (coding == ContentCoding::Identity)
        return fail(CompressionError::Unsupported);
    if (data.size() > qsizetype(std::numeric_limits<uInt>::max()))
        return fail(CompressionError::Unsupported);
    const int windowBits = coding == ContentCoding::Gzip ? 15 + 16 : 15;
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY)
        != Z_OK)
        return fail(CompressionError::ZlibFailed);
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    // zlib's API is not const-correct; it never writes through next_in.
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int status = deflate(&stream, Z_FINISH);
    const uLong produced = stream.total_out;
    deflateEnd(&stream);
    // deflateBound guarantees room for the whole stream in one call.
    if (status != Z_STREAM_END)
        return fail(CompressionError::ZlibFailed);
    out.truncate(qsizetype(produced));
    return out;
}

} // namespace sb::http
