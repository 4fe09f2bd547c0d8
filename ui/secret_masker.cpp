#include "ui/secret_masker.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sb::ui {

SecretMasker::SecretMasker(QStringList keys)
{
    setKeys(keys);
}

QStringList SecretMasker::defaultKeys()
{
    return {u"token"_s, u"password"_s};
}

QString SecretMasker::maskText()
{
    return u"••••••"_s;
}

QStringList SecretMasker::parseKeys(const QString &text)
{
    static const QRegularExpression separators(u"[,;\\s]+"_s);
    return text.split(separators, Qt::SkipEmptyParts);
}

void SecretMasker::setKeys(const QStringList &keys)
{
    m_keys.clear();
    for (const QString &key : keys) {
        const QString trimmed = key.trimmed();
        if (!trimmed.isEmpty())
            m_keys.append(trimmed);
    }
}

bool SecretMasker::isSecret(const QString &key) const
{
    return m_keys.contains(key, Qt::CaseInsensitive);
}

QJsonValue SecretMasker::mask(const QJsonValue &value) const
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = isSecret(it.key()) ? QJsonValue(maskText()) : mask(it.value());
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it)
            *it = mask(*it);
        return array;
    }
    return value;
}

QString SecretMasker::maskedPretty(const QByteArray &json, bool *ok) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || document.isNull()) {
        if (ok)
            *ok = false;
        return QCoreApplication::translate("sb::ui::SecretMasker",
                                           "(not valid JSON, length %1; not shown because it "
                                           "could not be masked)")
            .arg(json.size());
    }
    if (ok)
        *ok = true;
    const QJsonValue masked = mask(document.isObject() ? QJsonValue(document.object())
                                                       : QJsonValue(document.array()));
    const QJsonDocument out = masked.isObject() ? QJsonDocument(masked.toObject())
                                                : QJsonDocument(masked.toArray());
    return QString::fromUtf8(out.toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace sb::ui
