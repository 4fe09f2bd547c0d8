#include "node_peers.h"

#include "test_support.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTest>

namespace sb::test {

NodePeers::NodePeers(const QString &baseUrl, QObject *parent)
    : QObject(parent)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NODE_PATH"), nodeModules());
    m_process.setProcessEnvironment(environment);
    QObject::connect(&m_process, &QProcess::readyReadStandardOutput, this, &NodePeers::readLines);
    QObject::connect(&m_process, &QProcess::readyReadStandardError, this,
        [this] { m_errors += m_process.readAllStandardError(); });
    m_process.start(
        nodeBinary(), {sourceDir() + QStringLiteral("/tests/support/peers.js"), baseUrl});
    m_process.waitForStarted(30'000);
}

NodePeers::~NodePeers()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // peers.js disconnects everyone and exits
    if (!m_process.waitForFinished(10'000)) {
        m_process.kill();
        m_process.waitForFinished(5'000);
    }
}

void NodePeers::send(const QJsonObject &command)
{
    m_process.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
}

void NodePeers::connect(
    const QString &id, const QString &nsp, const QJsonObject &auth, const QStringList &transports)
{
    QJsonObject command{{QStringLiteral("cmd"), QStringLiteral("connect")},
        {QStringLiteral("id"), id}, {QStringLiteral("nsp"), nsp}};
    if (!auth.isEmpty())
        command.insert(QStringLiteral("auth"), auth);
    if (!transports.isEmpty())
        command.insert(QStringLiteral("transports"), QJsonArray::fromStringList(transports));
    send(command);
}

void NodePeers::emitEvent(
    const QString &id, const QString &event, const QJsonArray &args, bool ack, int timeoutMs)
{
    send({{QStringLiteral("cmd"), QStringLiteral("emit")}, {QStringLiteral("id"), id},
        {QStringLiteral("event"), event}, {QStringLiteral("args"), args},
        {QStringLiteral("ack"), ack}, {QStringLiteral("timeout"), timeoutMs}});
}

void NodePeers::answer(
    const QString &id, const QString &event, const QString &mode, const QJsonValue &value)
{
    send({{QStringLiteral("cmd"), QStringLiteral("answer")}, {QStringLiteral("id"), id},
        {QStringLiteral("event"), event}, {QStringLiteral("mode"), mode},
        {QStringLiteral("value"), value}});
}

void NodePeers::disconnect(const QString &id)
{
    send({{QStringLiteral("cmd"), QStringLiteral("disconnect")}, {QStringLiteral("id"), id}});
}

void NodePeers::drop(const QString &id)
{
    send({{QStringLiteral("cmd"), QStringLiteral("drop")}, {QStringLiteral("id"), id}});
}

void NodePeers::readLines()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype end;
    while ((end = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        const QJsonDocument document = QJsonDocument::fromJson(line);
        if (document.isObject())
            m_reports.append(document.object());
        else
            m_errors += "unparsed report: " + line + '\n';
    }
}

QJsonObject NodePeers::wait(const std::function<bool(const QJsonObject &)> &matches, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype checked = 0;
    while (true) {
        for (; checked < m_reports.size(); ++checked) {
            if (matches(m_reports.at(checked)))
                return m_reports.at(checked);
        }
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
            return {};
        QTest::qWait(10); // runs the event loop: the server, the window and our pipe
    }
}

QJsonObject NodePeers::waitFor(
    const QString &id, const QString &event, const QString &name, int timeoutMs)
{
    return wait(
        [&](const QJsonObject &report) {
            return report.value(QStringLiteral("id")).toString() == id
                && report.value(QStringLiteral("event")).toString() == event
                && (name.isEmpty() || report.value(QStringLiteral("name")).toString() == name);
        },
        timeoutMs);
}

QString NodePeers::connectAndWait(
    const QString &id, const QString &nsp, const QJsonObject &auth, const QStringList &transports)
{
    connect(id, nsp, auth, transports);
    const QJsonObject report = wait(
        [&](const QJsonObject &r) {
            const QString event = r.value(QStringLiteral("event")).toString();
            return r.value(QStringLiteral("id")).toString() == id
                && (event == QLatin1String("connect") || event == QLatin1String("connect_error"));
        },
        20'000);
    return report.value(QStringLiteral("sid")).toString();
}

QList<QJsonObject> NodePeers::reportsOf(const QString &id, const QString &event) const
{
    QList<QJsonObject> result;
    for (const QJsonObject &report : m_reports) {
        if (report.value(QStringLiteral("id")).toString() == id
            && report.value(QStringLiteral("event")).toString() == event)
            result.append(report);
    }
    return result;
}

} // namespace sb::test
