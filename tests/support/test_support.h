#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace sb::test {

// Paths the CTest registration hands every test through the environment.
QString sourceDir();
QString switchboardBinary();
QString nodeBinary();
QString nodeModules();

// `switchboard --headless --port 0 ...` started as a child process; waits for its "listening on"
// line to learn the port. Stops it (SIGTERM, then kill) when destroyed.
class SwitchboardProcess
{
public:
    explicit SwitchboardProcess(QStringList arguments);
    ~SwitchboardProcess();

    // Starts and waits for the listening line (generous timeout); false with a message on failure.
    bool start(QString *error = nullptr);
    quint16 port() const { return m_port; }
    QString baseUrl() const; // "http://127.0.0.1:PORT" (https:// when it serves TLS)
    QProcess &process() { return *m_process; }
    QByteArray output() const; // stdout + stderr so far
    // Sends SIGTERM and waits for a clean exit; returns the exit code (-1 if it had to be killed).
    int stop();

private:
    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
    mutable QByteArray m_output;
    quint16 m_port = 0;
    QString m_scheme = QStringLiteral("http");
};

// Runs `node script args...` with NODE_PATH set to the test packages; returns its exit code and
// collects its output. Kills it after the timeout (exit code -1).
struct NodeResult
{
    int exitCode = -1;
    QByteArray output;
};
// Inflates with zlib itself, independent of the code under test: windowBits 15 + 16 for gzip,
// 15 for the zlib format of HTTP's "deflate". nullopt when the data is not one complete stream.
std::optional<QByteArray> inflate(const QByteArray &input, int windowBits);

// A self-signed certificate for localhost and 127.0.0.1, valid two days, made with the openssl
// command: DIRECTORY/NAME.pem and DIRECTORY/NAME-key.pem (EC P-256, unencrypted).
bool makeTestCertificate(const QString &directory, const QString &name, QString *error = nullptr);

NodeResult runNode(const QString &script, const QStringList &arguments, int timeoutMs = 60'000);

} // namespace sb::test
