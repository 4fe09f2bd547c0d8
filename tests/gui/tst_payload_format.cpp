#include "ui/payload_format.h"
#include "ui/secret_masker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using sb::monitor::TrafficRecord;
using sb::ui::SecretMasker;
namespace payload = sb::ui::payload;

namespace {

TrafficRecord frame(const QByteArray &bytes, bool truncated = false)
{
    TrafficRecord r;
    r.payload = bytes;
    r.truncated = truncated;
    return r;
}

} // namespace

class TestPayloadFormat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesFrames_data();
    void parsesFrames();
    void previews_data();
    void previews();
    void previewReadsOnlyAPrefix();
    void formattersReadKnownEvents_data();
    void formattersReadKnownEvents();
    void prettyPrintsTheJson();
    void masksSecrets_data();
    void masksSecrets();
    void doesNotShowWhatItCannotMask();
    void parsesKeyLists();
};

void TestPayloadFormat::parsesFrames_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("attachments");
    QTest::addColumn<QByteArray>("nsp");
    QTest::addColumn<qint64>("ackId");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("event, main namespace")
        << QByteArray(R"(2["a",1])") << true << 2 << 0 << QByteArray("/") << qint64(-1)
        << QByteArray(R"(["a",1])");
    QTest::newRow("event with nsp and id")
        << QByteArray(R"(2/chat,12["a"])") << true << 2 << 0 << QByteArray("/chat") << qint64(12)
        << QByteArray(R"(["a"])");
    QTest::newRow("ack") << QByteArray(R"(3/chat,7[true])") << true << 3 << 0 << QByteArray("/chat")
                         << qint64(7) << QByteArray("[true]");
    QTest::newRow("binary event") << QByteArray(R"(51-/x,["f",{"_placeholder":true,"num":0}])")
                                  << true << 5 << 1 << QByteArray("/x") << qint64(-1)
                                  << QByteArray(R"(["f",{"_placeholder":true,"num":0}])");
    QTest::newRow("binary ack, id")
        << QByteArray(R"(62-9[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])")
        << true << 6 << 2 << QByteArray("/") << qint64(9)
        << QByteArray(R"([{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
    QTest::newRow("connect with auth")
        << QByteArray(R"(0/admin,{"token":"x"})") << true << 0 << 0 << QByteArray("/admin")
        << qint64(-1) << QByteArray(R"({"token":"x"})");
    QTest::newRow("disconnect, no payload") << QByteArray("1/chat,") << true << 1 << 0
                                            << QByteArray("/chat") << qint64(-1) << QByteArray();
    QTest::newRow("empty") << QByteArray() << false << -1 << 0 << QByteArray("/") << qint64(-1)
                           << QByteArray();
    QTest::newRow("not a digit") << QByteArray("x[]") << false << -1 << 0 << QByteArray("/")
                                 << qint64(-1) << QByteArray();
    QTest::newRow("binary without dash")
        << QByteArray("51[]") << false << 5 << 0 << QByteArray("/") << qint64(-1) << QByteArray();
}

void TestPayloadFormat::parsesFrames()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, ok);
    QFETCH(int, type);
    QFETCH(int, attachments);
    QFETCH(QByteArray, nsp);
    QFETCH(qint64, ackId);
    QFETCH(QByteArray, json);
    const payload::FrameParts parts = payload::parseFrame(bytes);
    QCOMPARE(parts.ok, ok);
    QCOMPARE(parts.type, type);
    if (!ok)
        return;
    QCOMPARE(parts.attachments, attachments);
    QCOMPARE(parts.nsp, nsp);
    QCOMPARE(parts.ackId, ackId);
    QCOMPARE(parts.json.toByteArray(), json);
}

void TestPayloadFormat::previews_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QString>("expected");
    QTest::newRow("arguments after the event name")
        << QByteArray(R"(2/chat,["msg",{"a":1},2])") << false << uR"({"a":1},2)"_s;
    QTest::newRow("no arguments") << QByteArray(R"(2["ping"])") << false << QString();
    QTest::newRow("escaped quote in the name") << QByteArray(R"(2["a\"b",3])") << false << u"3"_s;
    QTest::newRow("ack arguments")
        << QByteArray(R"(3/chat,4[{"ok":true}])") << false << uR"({"ok":true})"_s;
    QTest::newRow("binary") << QByteArray(
        R"(51-["up",{"n":"p.png"},{"_placeholder":true,"num":0}])")
                            << false << uR"(<binary ×1> {"n":"p.png"},<binary #0>)"_s;
    QTest::newRow("connect") << QByteArray(R"(0/admin,{"token":"abc"})") << false
                             << uR"({"token":"abc"})"_s;
    QTest::newRow("truncated") << QByteArray(R"(2["msg","abc)") << true << uR"("abc…)"_s;
    QTest::newRow("CJK") << QByteArray(R"(2["msg","大家好"])") << false << uR"("大家好")"_s;
    QTest::newRow("not text: hex") << QByteArray("\x01\x02\xff", 3) << false << u"01 02 ff"_s;
}

void TestPayloadFormat::previews()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, truncated);
    QFETCH(QString, expected);
    QCOMPARE(payload::preview(frame(bytes, truncated)), expected);
}

void TestPayloadFormat::formattersReadKnownEvents_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("truncated");
    QTest::addColumn<QString>("expected");
    // "say" has a formatter; it answers "" for a non-object argument.
    QTest::newRow("known event") << u"say"_s << QByteArray(R"(2["say",{"who":"ann","text":"hi"}])")
                                 << false << u"ann says hi"_s;
    QTest::newRow("with nsp and ack id")
        << u"say"_s << QByteArray(R"(2/chat,4["say",{"who":"b","text":"x"}])") << false
        << u"b says x"_s;
    QTest::newRow("newlines flattened") << u"say"_s << QByteArray(R"(2["say",{"who":"c","text":"a
b"}])") << false << u"c says a b"_s;
    QTest::newRow("formatter declines")
        << u"say"_s << QByteArray(R"(2["say",42])") << false << u"42"_s;
    QTest::newRow("unknown event")
        << u"other"_s << QByteArray(R"(2["other",{"who":"d"}])") << false << uR"({"who":"d"})"_s;
    QTest::newRow("truncated frame")
        << u"say"_s << QByteArray(R"(2["say",{"who":"e","te)") << true << uR"({"who":"e","te…)"_s;
    QTest::newRow("not JSON") << u"say"_s << QByteArray(R"(2["say",{who}])") << false << u"{who}"_s;
    QTest::newRow("name differs from the record")
        << u"say"_s << QByteArray(R"(2["shout",{"who":"f","text":"x"}])") << false
        << uR"({"who":"f","text":"x"})"_s;
    QTest::newRow("binary event stays generic")
        << u"say"_s << QByteArray(R"(51-["say",{"_placeholder":true,"num":0}])") << false
        << u"<binary ×1> <binary #0>"_s;
    QTest::newRow("long line elided") << u"say"_s
                                      << (QByteArray(R"(2["say",{"who":"g","text":")")
                                             + QByteArray(300, 'z') + QByteArray(R"("}])"))
                                      << false << (u"g says "_s + QString(192, u'z') + u'…');
}

void TestPayloadFormat::formattersReadKnownEvents()
{
    QFETCH(QString, event);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, truncated);
    QFETCH(QString, expected);
    payload::PreviewFormatters formatters;
    sb::monitor::SocketRow seen;
    formatters.insert(u"say"_s, [](const payload::PreviewContext &c) {
        const QJsonObject o = c.arguments.at(0).toObject();
        if (o.isEmpty())
            return QString();
        return QString(o.value(u"who"_s).toString() + u" says "_s + o.value(u"text"_s).toString());
    });
    TrafficRecord record = frame(bytes, truncated);
    record.event = event;
    QCOMPARE(payload::preview(record, formatters, &seen), expected);
    // Without formatters: the generic preview, the same as always.
    QCOMPARE(payload::preview(record, {}, nullptr), payload::preview(record));
}

void TestPayloadFormat::previewReadsOnlyAPrefix()
{
    const QByteArray big = R"(2["blob",")" + QByteArray(64 * 1024, 'x') + R"("])";
    const QString text = payload::preview(frame(big), 50);
    QCOMPARE(text.size(), 50);
    QVERIFY(text.endsWith(u'…'));
    QVERIFY(text.startsWith(u"\"xxx"_s));
}

void TestPayloadFormat::prettyPrintsTheJson()
{
    bool parsed = false;
    const QString pretty = payload::prettyJson(frame(R"(2/chat,5["msg",{"a":[1,2]}])"), &parsed);
    QVERIFY(parsed);
    QVERIFY(pretty.contains(u"\"msg\""_s));
    QVERIFY(pretty.contains(u'\n'));
    const QJsonDocument doc = QJsonDocument::fromJson(pretty.toUtf8());
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 2);
    const QString raw = payload::prettyJson(frame(R"(2["msg","cut)", true), &parsed);
    QVERIFY(!parsed);
    QCOMPARE(raw, uR"(["msg","cut)"_s);
}

void TestPayloadFormat::masksSecrets_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected"); // compact
    QTest::newRow("top level") << QByteArray(R"({"token":"abc","name":"al"})")
                               << QByteArray(R"({"name":"al","token":"••••••"})");
    QTest::newRow("nested") << QByteArray(R"({"user":{"password":"p","id":1}})")
                            << QByteArray(R"({"user":{"id":1,"password":"••••••"}})");
    QTest::newRow("in arrays") << QByteArray(R"([{"token":1},{"x":[{"Password":null}]}])")
                               << QByteArray(
                                      R"([{"token":"••••••"},{"x":[{"Password":"••••••"}]}])");
    QTest::newRow("whole object under a key")
        << QByteArray(R"({"token":{"a":1}})") << QByteArray(R"({"token":"••••••"})");
    QTest::newRow("nothing secret")
        << QByteArray(R"({"a":"token"})") << QByteArray(R"({"a":"token"})");
}

void TestPayloadFormat::masksSecrets()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    const SecretMasker masker;
    bool ok = false;
    const QString pretty = masker.maskedPretty(json, &ok);
    QVERIFY(ok);
    const QJsonDocument doc = QJsonDocument::fromJson(pretty.toUtf8());
    QCOMPARE(doc.toJson(QJsonDocument::Compact), expected);
    QVERIFY(!pretty.contains(u"abc"_s));
}

void TestPayloadFormat::doesNotShowWhatItCannotMask()
{
    const SecretMasker masker;
    bool ok = true;
    const QString text = masker.maskedPretty(R"({"token":"abc)", &ok);
    QVERIFY(!ok);
    QVERIFY(!text.contains(u"abc"_s));
}

void TestPayloadFormat::parsesKeyLists()
{
    QCOMPARE(SecretMasker::parseKeys(u" token, password;apiKey  secret"_s),
        (QStringList{u"token"_s, u"password"_s, u"apiKey"_s, u"secret"_s}));
    SecretMasker masker({u"apiKey"_s});
    QVERIFY(masker.isSecret(u"APIKEY"_s));
    QVERIFY(!masker.isSecret(u"token"_s));
}

QTEST_MAIN(TestPayloadFormat)
#include "tst_payload_format.moc"
