#include "jwt.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QList>
#include <QMessageAuthenticationCode>

#include <cmath>

using sb::fail;

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QByteArray encode(const QByteArray &bytes)
{
    return bytes.toBase64(Base64Url);
}

// Strict unpadded base64url: the alphabet only, and no length that cannot come from encoding.
std::optional<QByteArray> decode(QByteArrayView part)
{
    if (part.isEmpty() || part.size() % 4 == 1)
        return std::nullopt;
    for (const char c : part) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '_';
        if (!ok)
            return std::nullopt;
    }
    auto result = QByteArray::fromBase64Encoding(part.toByteArray(),
        QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return *result;
}

std::optional<QJsonObject> jsonObject(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

QByteArray signature(QByteArrayView signingInput, const QByteArray &secret)
{
    return QMessageAuthenticationCode::hash(
        signingInput.toByteArray(), secret, QCryptographicHash::Sha256);
}

// Compares in time independent of where the first difference is.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace

QString jwtErrorText(JwtError error)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("Jwt", text); };
    switch (error) {
    case JwtError::Missing:
        return tr("sign-in token required: connect with auth {token}");
    case JwtError::Malformed:
        return tr("malformed token: expected three parts separated by dots");
    case JwtError::BadEncoding:
        return tr("malformed token: a part is not base64url");
    case JwtError::BadHeader:
        return tr("malformed token: the header is not a JSON object");
    case JwtError::UnsupportedAlgorithm:
        return tr("unsupported token algorithm: only HS256 is accepted");
    case JwtError::BadSignature:
        return tr("invalid token signature");
    case JwtError::BadPayload:
        return tr("malformed token: the payload is not a JSON object");
    case JwtError::BadClaim:
        return tr("malformed token: exp, nbf and iat must be numbers");
    case JwtError::Expired:
        return tr("token expired");
    case JwtError::NotYetValid:
        return tr("token not valid yet (nbf)");
    case JwtError::NoName:
        return tr("token has no usable name or userId claim");
    }
    return {};
}

QByteArray Jwt::sign(const QJsonObject &claims, const QByteArray &secret)
{
    const QByteArray header = encode(QByteArrayLiteral("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"));
    const QByteArray payload = encode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const QByteArray input = header + '.' + payload;
    return input + '.' + encode(signature(input, secret));
}

QByteArray Jwt::mint(
    const QString &name, std::chrono::seconds ttl, const QByteArray &secret, const QDateTime &now)
{
    const qint64 issued = now.toSecsSinceEpoch();
    return sign(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("iat"), issued},
                    {QStringLiteral("exp"), issued + qint64(ttl.count())}},
        secret);
}

sb::Result<QJsonObject, JwtError> Jwt::verify(
    QByteArrayView token, const QByteArray &secret, const QDateTime &now)
{
    if (token.isEmpty())
        return fail(JwtError::Missing);
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot < 0 || secondDot == firstDot + 1 || secondDot == token.size() - 1
        || token.indexOf('.', secondDot + 1) >= 0)
        return fail(JwtError::Malformed);
    const QByteArrayView headerPart = token.first(firstDot);
    const QByteArrayView payloadPart = token.sliced(firstDot + 1, secondDot - firstDot - 1);
    const QByteArrayView signaturePart = token.sliced(secondDot + 1);
    const auto headerBytes = decode(headerPart);
    const auto payloadBytes = decode(payloadPart);
    const auto signatureBytes = decode(signaturePart);
    if (!headerBytes || !payloadBytes || !signatureBytes)
        return fail(JwtError::BadEncoding);
    const auto header = jsonObject(*headerBytes);
    if (!header)
        return fail(JwtError::BadHeader);
    if (header->value(QStringLiteral("alg")).toString() != QLatin1String("HS256"))
        return fail(JwtError::UnsupportedAlgorithm);
    // The signature before anything in the payload is believed.
    if (!sameBytes(*signatureBytes, signature(token.first(secondDot), secret)))
        return fail(JwtError::BadSignature);
    const auto claims = jsonObject(*payloadBytes);
    if (!claims)
        return fail(JwtError::BadPayload);
    for (const char *key : {"exp", "nbf", "iat"}) {
        const QJsonValue value = claims->value(QLatin1String(key));
        if (!value.isUndefined() && (!value.isDouble() || !std::isfinite(value.toDouble())))
            return fail(JwtError::BadClaim);
    }
    const double seconds = double(now.toMSecsSinceEpoch()) / 1000.0;
    const QJsonValue exp = claims->value(QStringLiteral("exp"));
    if (exp.isDouble() && seconds >= exp.toDouble())
        return fail(JwtError::Expired);
    const QJsonValue nbf = claims->value(QStringLiteral("nbf"));
    if (nbf.isDouble() && seconds < nbf.toDouble())
        return fail(JwtError::NotYetValid);
    return *claims;
}

sb::Result<QString, JwtError> Jwt::nameOf(const QJsonObject &claims)
{
    const QJsonValue name = claims.value(QStringLiteral("name"));
    if (name.isString() && !name.toString().trimmed().isEmpty())
        return name.toString().trimmed();
    const QJsonValue userId = claims.value(QStringLiteral("userId"));
    if (userId.isString() && !userId.toString().trimmed().isEmpty())
        return userId.toString().trimmed();
    if (userId.isDouble() && std::floor(userId.toDouble()) == userId.toDouble()
        && std::abs(userId.toDouble()) < 9e15)
        return QString::number(qint64(userId.toDouble()));
    return fail(JwtError::NoName);
}
