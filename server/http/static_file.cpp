#include "http/static_file.h"

#include <QCryptographicHash>

namespace sb::http {

namespace {

QByteArrayView opaqueTag(QByteArrayView tag)
{
    tag = tag.trimmed();
    if (tag.startsWith("W/"))
        tag = tag.sliced(2);
    return tag;
}

} // namespace

bool ifNoneMatchMatches(QByteArrayView ifNoneMatch, QByteArrayView etag)
{
    if (ifNoneMatch.trimmed() == "*")
        return true;
    const QByteArrayView wanted = opaqueTag(etag);
    QByteArrayView rest = ifNoneMatch;
    while (!rest.isEmpty()) {
        const qsizetype comma = rest.indexOf(',');
        const QByteArrayView candidate = comma < 0 ? rest : rest.first(comma);
        rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
        if (opaqueTag(candidate) == wanted)
            return true;
    }
    return false;
}

StaticFile::StaticFile(QByteArray contentType, const QByteArray &body, bool precompress)
    : m_contentType(std::move(contentType))
{
    const QByteArray hash
        = QCryptographicHash::hash(body, QCryptographicHash::Sha256)
              .first(16)
              .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    m_variants.append({ContentCoding::Identity, body, '"' + hash + '"'});
    if (!precompress)
        return;
    for (const ContentCoding coding : {ContentCoding::Gzip, ContentCoding::Deflate}) {
        auto compressed = compress(body, coding);
        if (compressed && compressed->size() < body.size())
            m_variants.append(
                {coding, *compressed, '"' + hash + '-' + contentCodingName(coding) + '"'});
    }
}

const StaticFile::Variant &StaticFile::select(const Request &request) const
{
    if (m_variants.size() > 1) {
        const ContentCoding wanted = negotiateContentCoding(request.header("accept-encoding"));
        for (const Variant &variant : m_variants) {
            if (variant.coding == wanted)
                return variant;
        }
    }
    return m_variants.first();
}

Response StaticFile::respond(const Request &request) const
{
    const Variant &variant = select(request);
    Response response;
    response.headers.append({QByteArrayLiteral("ETag"), variant.etag});
    response.headers.append(
        {QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("public, max-age=0")});
    if (m_variants.size() > 1)
        response.headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Accept-Encoding")});
    const QByteArray ifNoneMatch = request.header("if-none-match");
    if (!ifNoneMatch.isNull() && ifNoneMatchMatches(ifNoneMatch, variant.etag)) {
        response.status = 304;
        return response;
    }
    response.headers.append({QByteArrayLiteral("Content-Type"), m_contentType});
    if (variant.coding != ContentCoding::Identity)
        response.headers.append(
            {QByteArrayLiteral("Content-Encoding"), contentCodingName(variant.coding)});
    response.body = variant.body;
    return response;
}

} // namespace sb::http
