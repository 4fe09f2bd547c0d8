#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>

#include <functional>

namespace sb::test {

// Real socket.io-client peers in one Node.js process (tests/support/peers.js), driven by JSON
// lines, for tests whose own event loop must keep running (an in-process server, a window).
// Every report the script writes is kept; wait() spins the event loop until one matches.
class NodePeers final : public QObject
{
    Q_OBJECT
public:
    explicit NodePeers(const QString &baseUrl, QObject *parent = nullptr);
    ~NodePeers() override;

    bool isRunning() const { return m_process.state() == QProcess::Running; }
    void send(const QJsonObject &command);

    // Convenience commands (see peers.js for every field).
    void connect(const QString &id, const QString &nsp = QStringLiteral("/"),
        const QJsonObject &auth = {}, const QStringList &transports = {});
    void emitEvent(const QString &id, const QString &event, const QJsonArray &args = {},
        bool ack = false, int timeoutMs = 5000);
    void answer(
        const QString &id, const QString &event, const QString &mode, const QJsonValue &value = {});
    void disconnect(const QString &id);
    void drop(const QString &id);

    // Waits (event loop running) for a report matching the predicate, at most timeoutMs;
    // an empty object when none came. Reports already received count.
    QJsonObject wait(
        const std::function<bool(const QJsonObject &)> &matches, int timeoutMs = 15'000);
    // The first report of client `id` with that event (and, for messages, that name).
    QJsonObject waitFor(
        const QString &id, const QString &event, const QString &name = {}, int timeoutMs = 15'000);
    // Connects and waits for the connect report; the socket id, empty on failure.
    QString connectAndWait(const QString &id, const QString &nsp = QStringLiteral("/"),
        const QJsonObject &auth = {}, const QStringList &transports = {});

    QList<QJsonObject> reports() const { return m_reports; }
    QList<QJsonObject> reportsOf(const QString &id, const QString &event) const;
    // Everything the script wrote to stderr (for failure messages).
    QByteArray errors() const { return m_errors; }

private:
    void readLines();

    QProcess m_process;
    QByteArray m_buffer;
    QByteArray m_errors;
    QList<QJsonObject> m_reports;
};

} // namespace sb::test
