#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace sb::ui {

// Hides the values of secret keys (auth tokens, passwords) before a payload is shown: the console
// is often on a shared screen. Keys match case-insensitively at any depth, inside nested objects
// and arrays; the whole value under a matching key is replaced, whatever its type.
class SecretMasker
{
public:
    explicit SecretMasker(QStringList keys = defaultKeys());

    static QStringList defaultKeys(); // token, password
    static QString maskText(); // what a masked value shows
    // Parses a comma- or space-separated list as the settings dialog and QSettings keep it.
    static QStringList parseKeys(const QString &text);

    void setKeys(const QStringList &keys);
    QStringList keys() const { return m_keys; }
    bool isSecret(const QString &key) const;

    QJsonValue mask(const QJsonValue &value) const;
    // The JSON pretty-printed with secrets masked. Text that is not JSON is not shown at all (it
    // cannot be masked): a note with its size instead, and `*ok` false.
    QString maskedPretty(const QByteArray &json, bool *ok = nullptr) const;

private:
    QStringList m_keys;
};

} // namespace sb::ui
