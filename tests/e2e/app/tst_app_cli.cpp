// The switchboard executable: its command line, the listening line, and a clean stop on signals.

#include "test_support.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <csignal>

using sb::test::SwitchboardProcess;

class TestAppCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void helpDocumentsEveryOption();
    void badArguments_data();
    void badArguments();
    void listensAndStopsCleanly_data();
    void listensAndStopsCleanly();
    void portInUse();
    void statusLine();
    void statusLineOff();
    void windowOrHeadless_data();
    void windowOrHeadless();
};

namespace {
struct Run
{
    int exitCode = -1;
    QByteArray output;
};

Run run(const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(sb::test::switchboardBinary(), arguments);
    Run result;
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.output = process.readAll();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}
} // namespace

void TestAppCli::helpDocumentsEveryOption()
{
    const Run help = run({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    for (const char *option : {"--headless", "--port", "--bind", "--path", "--ping-interval",
             "--ping-timeout", "--upgrade-timeout", "--max-http-buffer-size", "--cors-origin",
             "--transports", "--raw-engine-path", "--no-http-compression", "--service",
             "--namespace", "--namespace-regex", "--connect-timeout", "--recovery",
             "--no-serve-client", "--status-interval", "--monitor-interval", "--chat-history",
             "--chat-max-length", "--jwt-secret", "--mint-token", "--token-ttl", "--parser"}) {
        QVERIFY2(help.output.contains(option), option);
    }
}

void TestAppCli::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown option")
        << QStringList{QStringLiteral("--bogus")} << QByteArray("bogus");
    QTest::newRow("port too big") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
                                  << QByteArray("--port");
    QTest::newRow("port not a number")
        << QStringList{QStringLiteral("--port"), QStringLiteral("abc")} << QByteArray("--port");
    QTest::newRow("bad bind") << QStringList{QStringLiteral("--bind"), QStringLiteral("not-an-ip")}
                              << QByteArray("--bind");
    QTest::newRow("zero ping interval") << QStringList{QStringLiteral("--ping-interval"),
        QStringLiteral("0")} << QByteArray("--ping-interval");
    QTest::newRow("negative ping timeout") << QStringList{QStringLiteral("--ping-timeout"),
        QStringLiteral("-5")} << QByteArray("--ping-timeout");
    QTest::newRow("buffer size zero") << QStringList{QStringLiteral("--max-http-buffer-size"),
        QStringLiteral("0")} << QByteArray("--max-http-buffer-size");
    QTest::newRow("unknown transport")
        << QStringList{QStringLiteral("--transports"), QStringLiteral("polling,carrier-pigeon")}
        << QByteArray("carrier-pigeon");
    QTest::newRow("no transport") << QStringList{QStringLiteral("--transports"),
        QStringLiteral(",")} << QByteArray("--transports");
    QTest::newRow("unknown service")
        << QStringList{QStringLiteral("--service"), QStringLiteral("chat9")} << QByteArray("chat9");
    QTest::newRow("namespace without service") << QStringList{QStringLiteral("--namespace"),
        QStringLiteral("/x")} << QByteArray("--service");
    QTest::newRow("bad regex") << QStringList{QStringLiteral("--service"), QStringLiteral("echo"),
        QStringLiteral("--namespace-regex"), QStringLiteral("(")}
                               << QByteArray("--namespace-regex");
    QTest::newRow("comma in namespace") << QStringList{QStringLiteral("--service"),
        QStringLiteral("echo"), QStringLiteral("--namespace"), QStringLiteral("/a,b")}
                                        << QByteArray("comma");
    QTest::newRow("raw path equals path") << QStringList{QStringLiteral("--raw-engine-path"),
        QStringLiteral("/socket.io")} << QByteArray("--raw-engine-path");
    QTest::newRow("negative status interval") << QStringList{QStringLiteral("--status-interval"),
        QStringLiteral("-1")} << QByteArray("--status-interval");
    QTest::newRow("status interval not a number")
        << QStringList{QStringLiteral("--status-interval"), QStringLiteral("often")}
        << QByteArray("--status-interval");
    QTest::newRow("zero monitor interval") << QStringList{QStringLiteral("--monitor-interval"),
        QStringLiteral("0")} << QByteArray("--monitor-interval");
    QTest::newRow("chat history negative") << QStringList{QStringLiteral("--chat-history"),
        QStringLiteral("-1")} << QByteArray("--chat-history");
    QTest::newRow("chat max length zero") << QStringList{QStringLiteral("--chat-max-length"),
        QStringLiteral("0")} << QByteArray("--chat-max-length");
    QTest::newRow("namespace with the chat") << QStringList{QStringLiteral("--service"),
        QStringLiteral("chat"), QStringLiteral("--namespace"), QStringLiteral("/x")}
                                             << QByteArray("--service echo");
    QTest::newRow("empty jwt secret")
        << QStringList{QStringLiteral("--jwt-secret"), QString()} << QByteArray("--jwt-secret");
    QTest::newRow("token ttl zero") << QStringList{QStringLiteral("--token-ttl"),
        QStringLiteral("0")} << QByteArray("--token-ttl");
    QTest::newRow("mint token, bad name") << QStringList{QStringLiteral("--jwt-secret"),
        QStringLiteral("s"), QStringLiteral("--mint-token"), QStringLiteral("System")}
                                          << QByteArray("reserved");
    QTest::newRow("unknown parser")
        << QStringList{QStringLiteral("--parser"), QStringLiteral("json")} << QByteArray("json");
    QTest::newRow("positional argument")
        << QStringList{QStringLiteral("stray")} << QByteArray("stray");
}

void TestAppCli::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.output.contains(message), result.output.constData());
    QVERIFY2(!result.output.contains("listening on"), result.output.constData());
}

void TestAppCli::listensAndStopsCleanly_data()
{
    QTest::addColumn<int>("signalNumber");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestAppCli::listensAndStopsCleanly()
{
    QFETCH(int, signalNumber);
    SwitchboardProcess server({QStringLiteral("--service"), QStringLiteral("echo")});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QVERIFY(server.port() != 0);
    // A client is connected when the signal comes: it must not keep the process alive.
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(10'000));
    client.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.bytesAvailable() > 0 || client.waitForReadyRead(100), 10'000);
    ::kill(server.process().processId(), signalNumber);
    QVERIFY(server.process().waitForFinished(30'000));
    QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.process().exitCode(), 0);
    QVERIFY(server.output().contains("shutting down"));
}

void TestAppCli::portInUse()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost));
    const Run result
        = run({QStringLiteral("--headless"), QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
            QStringLiteral("--port"), QString::number(occupier.serverPort())});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.output.contains("cannot listen"), result.output.constData());
}

void TestAppCli::statusLine()
{
    // One line per interval with every figure the issue names; a client's socket is counted.
    SwitchboardProcess server({QStringLiteral("--service"), QStringLiteral("echo"),
        QStringLiteral("--status-interval"), QStringLiteral("1")});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(client.waitForConnected(10'000));
    client.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray reply;
    QTRY_VERIFY_WITH_TIMEOUT((reply += client.readAll()).contains("\"sid\":\""), 10'000);
    const qsizetype at = reply.indexOf("\"sid\":\"") + 7;
    const QByteArray sid = reply.mid(at, reply.indexOf('"', at) - at);
    QTcpSocket post;
    post.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(post.waitForConnected(10'000));
    post.write("POST /socket.io/?EIO=4&transport=polling&sid=" + sid
        + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n40");
    QTRY_VERIFY2_WITH_TIMEOUT(
        server.output().contains("status: sockets 1,"), server.output().constData(), 20'000);
    const QByteArray output = server.output();
    const QByteArray line = output.mid(output.indexOf("status: sockets 1,")).split('\n').first();
    for (const char *part :
        {"events/s in ", " out ", "handshakes/s ", "loop lag p99 server ", " main ", "rss "})
        QVERIFY2(line.contains(part), line.constData());
    QCOMPARE(server.stop(), 0);
}

void TestAppCli::statusLineOff()
{
    SwitchboardProcess server({QStringLiteral("--status-interval"), QStringLiteral("0")});
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QTest::qWait(1500); // longer than the shortest interval: a line would have come
    QVERIFY(!server.output().contains("status:"));
    QCOMPARE(server.stop(), 0);
}

void TestAppCli::windowOrHeadless_data()
{
    QTest::addColumn<QString>("platform"); // QT_QPA_PLATFORM, empty: unset (with no DISPLAY)
    QTest::addColumn<bool>("window");
    QTest::newRow("no display: headless, said in one line") << QString() << false;
    QTest::newRow("offscreen: the window") << QStringLiteral("offscreen") << true;
}

void TestAppCli::windowOrHeadless()
{
    QFETCH(QString, platform);
    QFETCH(bool, window);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    if (!platform.isEmpty())
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    // No --headless; the status line names the thread it measured besides the server's.
    process.start(sb::test::switchboardBinary(),
        {QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
            QStringLiteral("0"), QStringLiteral("--status-interval"), QStringLiteral("1")});
    QVERIFY(process.waitForStarted(30'000));
    QByteArray output;
    QTRY_VERIFY2_WITH_TIMEOUT(
        (output += process.readAll()).contains("status: "), output.constData(), 60'000);
    QVERIFY2(output.contains("listening on http://127.0.0.1:"), output.constData());
    QCOMPARE(output.contains("no display available"), !window);
    QVERIFY2(output.contains(window ? " gui " : " main "), output.constData());
    process.terminate();
    QVERIFY(process.waitForFinished(30'000));
    output += process.readAll();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() == 0, output.constData());
}

QTEST_GUILESS_MAIN(TestAppCli)
#include "tst_app_cli.moc"
