#include "admin/bcrypt_hash.h"

#include <crypt.h>

#include <cstring>
#include <memory>

namespace sb::admin {

namespace {

bool isBcryptAlphabet(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
        || c == '/';
}

// Compares without an early exit, so that the time taken says nothing about where two digests
// differ.
bool sameBytes(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace

std::optional<BcryptHash> BcryptHash::parse(QByteArrayView text)
{
    // "$2b$10$" then 22 characters of salt and 31 of digest.
    constexpr qsizetype Length = 60;
    if (text.size() != Length || text[0] != '$' || text[1] != '2' || text[3] != '$'
        || text[6] != '$')
        return std::nullopt;
    if (text[2] != 'a' && text[2] != 'b' && text[2] != 'y')
        return std::nullopt;
    if (text[4] < '0' || text[4] > '9' || text[5] < '0' || text[5] > '9')
        return std::nullopt;
    const int cost = (text[4] - '0') * 10 + (text[5] - '0');
    // The range bcrypt defines (and libxcrypt enforces).
    if (cost < 4 || cost > 31)
        return std::nullopt;
    for (qsizetype i = 7; i < Length; ++i) {
        if (!isBcryptAlphabet(text[i]))
            return std::nullopt;
    }
    return BcryptHash(text.toByteArray(), cost);
}

bool BcryptHash::matches(QByteArrayView password) const
{
    if (password.contains('\0'))
        return false;
    const QByteArray key = password.toByteArray(); // NUL-terminated for crypt_r
    // crypt_data is 32 KiB: on the heap, not on a worker's stack.
    auto data = std::make_unique<crypt_data>();
    std::memset(data.get(), 0, sizeof(crypt_data));
    const char *result = crypt_r(key.constData(), m_text.constData(), data.get());
    // On failure libxcrypt returns a string starting with '*' (or null): never equal to a hash.
    if (!result || result[0] == '*')
        return false;
    return sameBytes(QByteArrayView(result, qsizetype(std::strlen(result))), m_text);
}

} // namespace sb::admin
