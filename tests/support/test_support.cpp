#include "test_support.h"

#include <QDeadlineTimer>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <zlib.h>

namespace sb::test {

namespace {
QString env(const char *name)
{
    return qEnvironmentVariable(name);
}
} // namespace

QString sourceDir()
{
    return env("SB_SOURCE_DIR");
}
QString switchboardBinary()
{
    return env("SB_SWITCHBOARD");
}
QString nodeBinary()
{
    const QString node = env("SB_NODE");
    return node.isEmpty() ? QStringLiteral("node") : node;
}
QString nodeModules()
{
    return env("SB_NODE_MODULES");
}

SwitchboardProcess::SwitchboardProcess(QStringList arguments)
    : m_arguments(std::move(arguments))
    , m_process(std::make_unique<QProcess>())
{ }

SwitchboardProcess::~SwitchboardProcess()
{
    stop();
}

bool SwitchboardProcess::start(QString *error)
{
    QStringList args{QStringLiteral("--headless"), QStringLiteral("--bind"),
        QStringLiteral("127.0.0.1"), QStringLiteral("--port"), QStringLiteral("0")};
    args += m_arguments;
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(switchboardBinary(), args);
    if (!m_process->waitForStarted(30'000)) {
        if (error)
            *error = QStringLiteral("could not start %1: %2")
                         .arg(switchboardBinary(), m_process->errorString());
        return false;
    }
    static const QRegularExpression listening(
        QStringLiteral("listening on (https?)://[^:]+:(\\d+)"));
    QDeadlineTimer deadline(60'000);
    while (!deadline.hasExpired()) {
        if (!m_process->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            if (m_process->state() != QProcess::Running)
                break;
            continue;
        }
        m_output += m_process->readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_scheme = match.captured(1);
            m_port = quint16(match.captured(2).toUInt());
            return true;
        }
    }
    m_output += m_process->readAll();
    if (error)
        *error = QStringLiteral("switchboard did not report a listening port; output:\n")
            + QString::fromUtf8(m_output);
    return false;
}

QString SwitchboardProcess::baseUrl() const
{
    return QStringLiteral("%1://127.0.0.1:%2").arg(m_scheme).arg(m_port);
}

QByteArray SwitchboardProcess::output() const
{
    // Kept: a caller polling output() must not lose what an earlier call read.
    m_output += m_process->readAll();
    return m_output;
}

int SwitchboardProcess::stop()
{
    if (m_process->state() == QProcess::NotRunning)
        return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
    m_process->terminate();
    if (!m_process->waitForFinished(30'000)) {
        m_process->kill();
        m_process->waitForFinished(5'000);
        return -1;
    }
    m_output += m_process->readAll();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

bool makeTestCertificate(const QString &directory, const QString &name, QString *error)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
            QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
            QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
            QStringLiteral("/CN=") + name, QStringLiteral("-addext"),
            QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"), QStringLiteral("-addext"),
            QStringLiteral("basicConstraints=critical,CA:FALSE"), QStringLiteral("-keyout"),
            directory + u'/' + name + QStringLiteral("-key.pem"), QStringLiteral("-out"),
            directory + u'/' + name + QStringLiteral(".pem")});
    const bool ok = openssl.waitForStarted(30'000) && openssl.waitForFinished(60'000)
        && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
    if (!ok && error)
        *error = QStringLiteral("openssl failed: ") + openssl.errorString() + u'\n'
            + QString::fromLocal8Bit(openssl.readAll());
    return ok;
}

std::optional<QByteArray> inflate(const QByteArray &input, int windowBits)
{
    z_stream stream{};
    if (inflateInit2(&stream, windowBits) != Z_OK)
        return std::nullopt;
    QByteArray output;
    QByteArray chunk(16 * 1024, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.constData()));
    stream.avail_in = uInt(input.size());
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(chunk.data());
        stream.avail_out = uInt(chunk.size());
        status = ::inflate(&stream, Z_NO_FLUSH);
        output.append(chunk.constData(), chunk.size() - qsizetype(stream.avail_out));
    }
    const bool complete = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!complete)
        return std::nullopt;
    return output;
}

NodeResult runNode(const QString &script, const QStringList &arguments, int timeoutMs)
{
    QProcess node;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NODE_PATH"), nodeModules());
    node.setProcessEnvironment(environment);
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(nodeBinary(), QStringList{script} + arguments);
    NodeResult result;
    if (!node.waitForStarted(30'000)) {
        result.output = node.errorString().toUtf8();
        return result;
    }
    if (!node.waitForFinished(timeoutMs)) {
        node.kill();
        node.waitForFinished(5'000);
        result.output = node.readAll() + "\n[killed after timeout]";
        return result;
    }
    result.output = node.readAll();
    result.exitCode = node.exitStatus() == QProcess::NormalExit ? node.exitCode() : -1;
    return result;
}

} // namespace sb::test
