// The chat's validation of usernames and room names: the clear message for each refused form.

#include "chat_service.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestChatNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void usernames_data();
    void usernames();
    void rooms_data();
    void rooms();
};

void TestChatNames::usernames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("problem"); // a part of the message; empty: valid
    QTest::newRow("plain") << u"ann"_s << QString();
    QTest::newRow("unicode") << u"Zoë 🙂 李"_s << QString();
    QTest::newRow("32 characters") << QString(32, u'x') << QString();
    QTest::newRow("33 characters") << QString(33, u'x') << u"at most 32"_s;
    QTest::newRow("empty") << QString() << u"must not be empty"_s;
    QTest::newRow("blank") << u" \t "_s << u"must not be empty"_s;
    QTest::newRow("newline") << u"a\nb"_s << u"control characters"_s;
    QTest::newRow("nul") << QString(u"a\0b"_s) << u"control characters"_s;
    QTest::newRow("escape") << u"a\x1b[31m"_s << u"control characters"_s;
    QTest::newRow("delete") << u"a\x7f"_s << u"control characters"_s;
    QTest::newRow("bidi override") << u"a\u202Eb"_s << u"control characters"_s;
    QTest::newRow("bidi isolate") << u"a\u2066b"_s << u"control characters"_s;
    QTest::newRow("line separator") << u"a\u2028b"_s << u"control characters"_s;
    QTest::newRow("System") << u"System"_s << u"reserved"_s;
    QTest::newRow("system, spaced") << u" sYsTeM "_s << u"reserved"_s;
}

void TestChatNames::usernames()
{
    QFETCH(QString, name);
    QFETCH(QString, problem);
    const QString result = ChatService::usernameProblem(name);
    if (problem.isEmpty())
        QVERIFY2(result.isEmpty(), qPrintable(result));
    else
        QVERIFY2(result.startsWith(u"username"_s) && result.contains(problem), qPrintable(result));
}

void TestChatNames::rooms_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("problem");
    QTest::newRow("plain") << u"lobby"_s << QString();
    QTest::newRow("System is a fine room") << u"System"_s << QString();
    QTest::newRow("64 characters") << QString(64, u'r') << QString();
    QTest::newRow("65 characters") << QString(65, u'r') << u"at most 64"_s;
    QTest::newRow("empty") << QString() << u"must not be empty"_s;
    QTest::newRow("tab") << u"a\tb"_s << u"control characters"_s;
}

void TestChatNames::rooms()
{
    QFETCH(QString, room);
    QFETCH(QString, problem);
    const QString result = ChatService::roomProblem(room);
    if (problem.isEmpty())
        QVERIFY2(result.isEmpty(), qPrintable(result));
    else
        QVERIFY2(result.startsWith(u"room name"_s) && result.contains(problem), qPrintable(result));
}

QTEST_GUILESS_MAIN(TestChatNames)
#include "tst_chat_names.moc"
