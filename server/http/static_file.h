#pragma once

#include "http/compression.h"
#include "http/response.h"

namespace sb::http {

// Fixed bytes served with GET and HEAD (the chat page, the client bundle). The compressed forms are
// made once, here, not per request. Each form has its own strong ETag (RFC 9110 §8.8.3: a
// different content coding is a different representation); If-None-Match gets 304. Cache-Control
// "public, max-age=0": caches may keep the bytes but revalidate every use, which costs a 304 and
// never serves a stale page after the server is updated.
class StaticFile
{
public:
    StaticFile(QByteArray contentType, const QByteArray &body, bool precompress);

    Response respond(const Request &request) const;

private:
    struct Variant
    {
        ContentCoding coding = ContentCoding::Identity;
        QByteArray body;
        QByteArray etag;
    };
    const Variant &select(const Request &request) const;

    QByteArray m_contentType;
    QList<Variant> m_variants; // identity first
};

// Weak comparison of an If-None-Match value against one entity tag (RFC 9110 §13.1.2).
bool ifNoneMatchMatches(QByteArrayView ifNoneMatch, QByteArrayView etag);

} // namespace sb::http
