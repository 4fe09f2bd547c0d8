// AdminServer on fake transports: what the protocol's end-to-end tests cannot reach easily —
// data replaced wholesale, the polling count, production mode attaching nothing to the io
// layer, the password check's worker and the admin side going away while sockets live on.

#include "io_harness.h"

#include "admin/admin_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <memory>

using namespace sb;
using namespace sb::test;
using namespace std::chrono_literals;

namespace {
constexpr int Generous = 10'000; // ms
// bcryptjs.hashSync("s3cret-pass", 4)
const QByteArray Hash = "$2a$04$7is3fgxhyZeSs5puFOceSOSLcFTNuwtliH2MacEUE7Qbecds1vf1i";

admin::AdminOptions quiet(admin::AdminMode mode = admin::AdminMode::Development)
{
    admin::AdminOptions options;
    options.mode = mode;
    options.statsInterval = 1h; // reports only when the test asks
    return options;
}

// Every event the client got on the admin namespace: [name, args...].
QList<QJsonArray> adminEvents(const Client &client, const QString &name = {})
{
    QList<QJsonArray> events;
    for (const QByteArray &text : client.textsStartingWith("2/admin,")) {
        const QJsonArray event = QJsonDocument::fromJson(text.mid(8)).array();
        if (name.isEmpty() || event.at(0).toString() == name)
            events.append(event);
    }
    return events;
}
} // namespace

class TestAdminServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dataReplacedWholesale();
    void pollingCount();
    void productionAttachesNoIoObserver();
    void passwordCheckedOffThread();
    void destroyedDuringPasswordCheck();
    void socketsOutliveTheAdminSide();
};

void TestAdminServer::dataReplacedWholesale()
{
    IoHarness harness;
    admin::AdminServer adminServer(harness.server, quiet());
    Client ui(harness);
    QVERIFY(!ui.connect("/admin").isEmpty());
    Client peer(harness);
    const QByteArray sid = peer.connect("/");
    QVERIFY(!sid.isEmpty());
    io::Socket *socket = harness.server.main().socket(sid);
    QVERIFY(socket);
    QVERIFY(socket->data().contains(QStringLiteral("_admin")));
    // The application puts a new map in place of the old one.
    socket->data() = QVariantMap{{QStringLiteral("x"), 1}};
    ui.clearSent();
    adminServer.emitStats();
    const QList<QJsonArray> updates = adminEvents(ui, QStringLiteral("socket_updated"));
    QCOMPARE(updates.size(), 1);
    QCOMPARE(updates[0].at(1).toObject().value(QLatin1String("data")).toObject(),
        QJsonObject({{QStringLiteral("x"), 1}}));
    // What the UI shows of the connection is back, and nothing is sent again without a change.
    QCOMPARE(
        socket->data().value(QStringLiteral("_admin")).toMap().value(QStringLiteral("transport")),
        QVariant(QStringLiteral("websocket")));
    ui.clearSent();
    adminServer.emitStats();
    QVERIFY(adminEvents(ui, QStringLiteral("socket_updated")).isEmpty());
    QCOMPARE(adminEvents(ui, QStringLiteral("server_stats")).size(), 1);
}

void TestAdminServer::pollingCount()
{
    IoHarness harness;
    admin::AdminServer adminServer(harness.server, quiet(admin::AdminMode::Production));
    Client ui(harness);
    QVERIFY(!ui.connect("/admin").isEmpty());
    Client polling(harness, eio::TransportKind::Polling);
    Client websocket(harness);
    ui.clearSent();
    adminServer.emitStats();
    const QList<QJsonArray> stats = adminEvents(ui, QStringLiteral("server_stats"));
    QCOMPARE(stats.size(), 1);
    const QJsonObject s = stats[0].at(1).toObject();
    QCOMPARE(s.value(QLatin1String("clientsCount")).toInt(), 3);
    QCOMPARE(s.value(QLatin1String("pollingClientsCount")).toInt(), 1);
    bool sawConnections = false;
    for (const QJsonValue &value : s.value(QLatin1String("aggregatedEvents")).toArray()) {
        const QJsonObject event = value.toObject();
        if (event.value(QLatin1String("type")).toString() == QLatin1String("rawConnection")) {
            QCOMPARE(event.value(QLatin1String("count")).toInt(), 3);
            sawConnections = true;
        }
    }
    QVERIFY(sawConnections);
}

void TestAdminServer::productionAttachesNoIoObserver()
{
    IoHarness harness;
    admin::AdminServer adminServer(harness.server, quiet(admin::AdminMode::Production));
    QVERIFY(!harness.server.hasObservers());
    Client ui(harness);
    QVERIFY(!ui.connect("/admin").isEmpty());
    Client peer(harness);
    const QByteArray sid = peer.connect("/");
    QVERIFY(!sid.isEmpty());
    QVERIFY(!harness.server.main().socket(sid)->data().contains(QStringLiteral("_admin")));
    peer.send("2[\"hello\"]");
    // Only the config (the first stats went out before the UI was there).
    const QList<QJsonArray> events = adminEvents(ui);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].at(0).toString(), QStringLiteral("config"));
    ui.clearSent();
    adminServer.emitStats();
    QCOMPARE(adminEvents(ui).size(), 1);
}

void TestAdminServer::passwordCheckedOffThread()
{
    IoHarness harness;
    admin::AdminOptions options = quiet();
    options.auth = admin::BasicAuth{QStringLiteral("admin"), *admin::BcryptHash::parse(Hash)};
    admin::AdminServer adminServer(harness.server, options);
    Client ui(harness);
    // The answer comes later, from the worker: nothing yet when the CONNECT has been handled.
    QVERIFY(ui.connect("/admin", R"({"username":"admin","password":"s3cret-pass"})").isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!ui.connectReply("/admin").isEmpty(), Generous);
    QTRY_COMPARE_WITH_TIMEOUT(adminEvents(ui, QStringLiteral("session")).size(), 1, Generous);
    const QString sessionId = adminEvents(ui, QStringLiteral("session")).first().at(1).toString();
    QCOMPARE(sessionId.size(), 16);
    // The session id gets in at once, without the worker.
    Client again(harness);
    const QByteArray auth = R"({"sessionId":")" + sessionId.toLatin1() + "\"}";
    QVERIFY(!again.connect("/admin", auth).isEmpty());
    QVERIFY(adminEvents(again, QStringLiteral("session")).isEmpty());
    // A wrong password is refused, also from the worker.
    Client wrong(harness);
    wrong.connect("/admin", R"({"username":"admin","password":"nope"})");
    QTRY_VERIFY_WITH_TIMEOUT(!wrong.textsStartingWith("4/admin,").isEmpty(), Generous);
    QVERIFY(wrong.textsStartingWith("4/admin,").first().contains("invalid credentials"));
}

void TestAdminServer::destroyedDuringPasswordCheck()
{
    IoHarness harness;
    admin::AdminOptions options = quiet();
    // Cost 10: the check is still running when the admin side goes.
    options.auth = admin::BasicAuth{QStringLiteral("admin"),
        *admin::BcryptHash::parse("$2a$10$u7ZML.SBp1bz0Bzay8kpVe8icnx/cEtJH3Nq.b06.lqjih6z0Z2Iu")};
    auto adminServer = std::make_unique<admin::AdminServer>(harness.server, options);
    Client ui(harness);
    QVERIFY(ui.connect("/admin", R"({"username":"admin","password":"changeit"})").isEmpty());
    adminServer.reset(); // waits for the worker; its answer is dropped
    QCoreApplication::processEvents();
    QVERIFY(ui.connectReply("/admin").isEmpty());
    QVERIFY(!ui.isClosed());
}

void TestAdminServer::socketsOutliveTheAdminSide()
{
    IoHarness harness;
    auto adminServer = std::make_unique<admin::AdminServer>(harness.server, quiet());
    Client peer(harness);
    const QByteArray sid = peer.connect("/");
    QVERIFY(!sid.isEmpty());
    harness.server.main().socket(sid)->join(QStringLiteral("r"));
    adminServer.reset();
    QVERIFY(!harness.server.hasObservers());
    // Its handlers on the socket are still registered; they must do nothing now.
    peer.send("2[\"hello\",1]");
    harness.server.main().socket(sid)->emit(QStringLiteral("back"));
    harness.server.main().socket(sid)->leave(QStringLiteral("r"));
    Client other(harness);
    QVERIFY(!other.connect("/").isEmpty());
    peer.closeTransport();
    QCoreApplication::processEvents();
    QVERIFY(peer.isClosed());
}

QTEST_GUILESS_MAIN(TestAdminServer)
#include "tst_admin_server.moc"
