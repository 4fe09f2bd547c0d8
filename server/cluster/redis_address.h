#pragma once

#include <QString>

#include <optional>

namespace sb::cluster {

// Where the Redis server is: redis://HOST:PORT[/DB] (the port defaults to 6379, the db to 0).
struct RedisAddress
{
    QString host;
    quint16 port = 6379;
    int db = 0;

    // Empty with `error` set when the text is not such a URL.
    static std::optional<RedisAddress> parse(const QString &text, QString *error = nullptr);
    QString toString() const;
};

} // namespace sb::cluster
