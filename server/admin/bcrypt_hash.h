#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace sb::admin {

// A bcrypt password hash ("$2a$", "$2b$" or "$2y$", two-digit cost, 53 characters of salt and
// digest), checked with libxcrypt's crypt_r: the same hashes the admin UI's Node side accepts
// (bcryptjs makes "$2a$", htpasswd "$2y$", OpenBSD and Python "$2b$").
class BcryptHash
{
public:
    // nullopt unless `text` has exactly that shape (crypt_r would otherwise fall back to other
    // algorithms, DES included, for anything it does not recognise).
    static std::optional<BcryptHash> parse(QByteArrayView text);

    int cost() const { return m_cost; }
    const QByteArray &text() const { return m_text; }

    // Slow on purpose (2^cost rounds): call it off the server thread. A password with a NUL byte
    // never matches, since crypt_r would see only the part before it.
    bool matches(QByteArrayView password) const;

private:
    BcryptHash(QByteArray text, int cost)
        : m_text(std::move(text))
        , m_cost(cost)
    { }
    QByteArray m_text;
    int m_cost = 0;
};

} // namespace sb::admin
