// The console under load: the embedded server (its own thread) and, in "window" mode, the real
// MainWindow, with our load generator (a separate process, pinned to the other core) sending a
// sustained event rate. Reports the GUI thread's event-loop stall, the window's snapshot apply
// time, and the server thread's cost per event with the window open versus without it.
//
//     console_bench --loadgen build/tests/bench/loadgen [--sockets 1000] [--rate 20000]
//                   [--seconds 15] [--runs 3] [--modes bare,headless,window]
//
// Modes: bare (no monitor at all), headless (the monitor, as --headless runs it for the status
// line), window (monitor and window). Not a test: figures are printed, never asserted.

#include "server_host.h"

#include "monitor/loop_lag_probe.h"
#include "monitor/server_controller.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <sched.h>
#include <unistd.h>

namespace {

struct ThreadCpu
{
    double serverSeconds = 0;
    double mainSeconds = 0;
};

// CPU time of this process's threads by name: the server thread is called "server" (its
// QThread's objectName), the main (GUI) thread has the process's own pid.
ThreadCpu threadCpu()
{
    ThreadCpu result;
    const double tick = double(sysconf(_SC_CLK_TCK));
    const QString self = QString::number(getpid());
    const QStringList tasks
        = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &task : tasks) {
        QFile file(QStringLiteral("/proc/self/task/%1/stat").arg(task));
        if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
            continue;
        const QByteArray stat = file.read(4096);
        const qsizetype open = stat.indexOf('(');
        const qsizetype close = stat.lastIndexOf(')');
        if (open < 0 || close < 0)
            continue;
        const QByteArray name = stat.mid(open + 1, close - open - 1);
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (fields.size() < 13)
            continue;
        const double seconds
            = double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / tick;
        if (task == self)
            result.mainSeconds += seconds;
        else if (name == "server")
            result.serverSeconds += seconds;
    }
    return result;
}

struct Run
{
    double sent = 0; // events/s the load generator sent
    double echoed = 0; // events/s that came back (message-back)
    double serverCpu = 0; // share of one core
    double mainCpu = 0;
    sb::monitor::LoopLag stall;
    double applyP50 = -1;
    double applyP99 = -1;
    double applyMax = -1;
};

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

void pinToCore(int core)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    sched_setaffinity(0, sizeof(set), &set); // best effort: a machine with one core ignores it
}

std::optional<Run> runOnce(
    const QString &mode, const QString &loadgen, int sockets, int rate, int seconds)
{
    ServerConfig config;
    config.bindAddress = QHostAddress::LocalHost;
    config.port = 0;
    config.service = QStringLiteral("echo");
    config.monitored = mode != QLatin1String("bare");
    ServerHost host(config);
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "console_bench: cannot start the server: %s\n", qPrintable(error));
        return std::nullopt;
    }
    std::unique_ptr<sb::ui::MainWindow> window;
    if (mode == QLatin1String("window")) {
        window = std::make_unique<sb::ui::MainWindow>(host.controller());
        window->resize(1600, 1000);
        window->show();
    }
    // The GUI (main) thread's stall: lateness of a 10 ms precise timer, all samples of the run.
    sb::monitor::LoopLagProbe stall(std::chrono::milliseconds(10), 100'000);

    QProcess generator;
    generator.setProcessChannelMode(QProcess::SeparateChannels);
    const QStringList arguments{QStringLiteral("-c"), QStringLiteral("1"), loadgen,
        QStringLiteral("sustain"), QStringLiteral("--port"), QString::number(host.port()),
        QStringLiteral("--sockets"), QString::number(sockets), QStringLiteral("--rate"),
        QString::number(rate), QStringLiteral("--seconds"), QString::number(seconds),
        QStringLiteral("--event"), QStringLiteral("message")};
    generator.start(QStringLiteral("taskset"), arguments);
    if (!generator.waitForStarted(10'000)) {
        std::fprintf(stderr, "console_bench: cannot start %s\n", qPrintable(loadgen));
        return std::nullopt;
    }
    // Measure only the sustained part: from the first per-second report on.
    QByteArray output;
    ThreadCpu cpuStart;
    QElapsedTimer wall;
    bool measuring = false;
    QObject::connect(&generator, &QProcess::readyReadStandardOutput, [&] {
        output += generator.readAllStandardOutput();
        if (!measuring && output.contains("t=1s")) {
            measuring = true;
            cpuStart = threadCpu();
            wall.start();
            stall.start();
        }
    });
    QEventLoop loop;
    QObject::connect(&generator, &QProcess::finished, &loop, &QEventLoop::quit);
    // Bounded: the load generator ends by itself after `seconds`; a hung one is killed.
    QTimer::singleShot((seconds + 120) * 1000, &loop, [&] { generator.kill(); });
    loop.exec();
    stall.stop();
    const ThreadCpu cpuEnd = threadCpu();
    output += generator.readAllStandardOutput();
    if (!measuring || wall.elapsed() <= 0) {
        std::fprintf(stderr, "console_bench: the load generator did not run:\n%s%s\n",
            output.constData(), generator.readAllStandardError().constData());
        return std::nullopt;
    }
    const double elapsed = double(wall.elapsed()) / 1000.0;
    Run run;
    const qsizetype result = output.lastIndexOf("RESULT ");
    if (result >= 0) {
        const QJsonObject json
            = QJsonDocument::fromJson(output.mid(result + 7).split('\n').first()).object();
        run.sent = json.value(QStringLiteral("rate")).toDouble();
        run.echoed = json.value(QStringLiteral("received_rate")).toDouble();
    }
    run.serverCpu = (cpuEnd.serverSeconds - cpuStart.serverSeconds) / elapsed;
    run.mainCpu = (cpuEnd.mainSeconds - cpuStart.mainSeconds) / elapsed;
    run.stall = stall.lag();
    if (window) {
        const sb::monitor::DurationSummary apply = window->applyTimes();
        run.applyP50 = apply.p50Ms;
        run.applyP99 = apply.p99Ms;
        run.applyMax = apply.maxMs;
    }
    window.reset();
    host.stop();
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_NO_GLIB", "1");
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("SwitchboardBench"));
    QStandardPaths::setTestModeEnabled(true); // the window's saved layout stays out of the user's
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("loadgen"), QStringLiteral("The load generator binary."),
        QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("sockets"), QStringLiteral("Sockets (default 1000)."),
        QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("rate"), QStringLiteral("Events/s in all (default 20000)."),
        QStringLiteral("N"), QStringLiteral("20000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Length of each run (default 15)."),
        QStringLiteral("S"), QStringLiteral("15")});
    parser.addOption(
        {QStringLiteral("runs"), QStringLiteral("Runs per mode, alternating (default 3)."),
            QStringLiteral("N"), QStringLiteral("3")});
    parser.addOption(
        {QStringLiteral("modes"), QStringLiteral("bare,headless,window (default all)."),
            QStringLiteral("LIST"), QStringLiteral("bare,headless,window")});
    parser.process(app);
    const QString loadgen = parser.value(QStringLiteral("loadgen"));
    if (loadgen.isEmpty()) {
        std::fprintf(stderr, "console_bench: --loadgen PATH is needed\n");
        return 2;
    }
    const int sockets = parser.value(QStringLiteral("sockets")).toInt();
    const int rate = parser.value(QStringLiteral("rate")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    const QStringList modes = parser.value(QStringLiteral("modes")).split(QLatin1Char(','));
    pinToCore(0); // the server thread and the GUI thread; the load generator gets core 1

    QHash<QString, QList<Run>> results;
    for (int i = 0; i < runs; ++i) {
        for (const QString &mode : modes) {
            std::fprintf(stderr, "run %d/%d: %s, %d sockets, %d events/s, %d s\n", i + 1, runs,
                qPrintable(mode), sockets, rate, seconds);
            if (const auto run = runOnce(mode, loadgen, sockets, rate, seconds))
                results[mode].append(*run);
        }
    }

    std::printf("\n%d sockets, %d events/s offered (each echoed: as many out), %d s per run, "
                "median of %d runs (min-max)\n",
        sockets, rate, seconds, runs);
    std::printf("%-9s %12s %12s %10s %16s %8s %22s %18s\n", "mode", "sent/s", "echoed/s",
        "server CPU", "events/server-s", "GUI CPU", "GUI stall p50/p99/max", "apply p50/p99 ms");
    for (const QString &mode : modes) {
        const QList<Run> &list = results.value(mode);
        if (list.isEmpty())
            continue;
        QList<double> sent, echoed, cpu, perCpu, mainCpu, p50, p99, max, a50, a99;
        for (const Run &run : list) {
            sent.append(run.sent);
            echoed.append(run.echoed);
            cpu.append(run.serverCpu);
            perCpu.append(run.serverCpu > 0 ? (run.sent + run.echoed) / run.serverCpu : 0);
            mainCpu.append(run.mainCpu);
            p50.append(run.stall.p50Ms);
            p99.append(run.stall.p99Ms);
            max.append(run.stall.maxMs);
            a50.append(run.applyP50);
            a99.append(run.applyP99);
        }
        const auto range = [](const QList<double> &v) {
            return QStringLiteral("%1-%2")
                .arg(*std::min_element(v.cbegin(), v.cend()), 0, 'f', 0)
                .arg(*std::max_element(v.cbegin(), v.cend()), 0, 'f', 0);
        };
        std::printf("%-9s %12.0f %12.0f %9.0f%% %16.0f %7.0f%% %8.1f/%.1f/%.1f ms %12s\n",
            qPrintable(mode), median(sent), median(echoed), 100 * median(cpu), median(perCpu),
            100 * median(mainCpu), median(p50), median(p99), median(max),
            mode == QLatin1String("window") ? qPrintable(
                QStringLiteral("%1/%2").arg(median(a50), 0, 'f', 1).arg(median(a99), 0, 'f', 1))
                                            : "-");
        std::printf("%-9s %12s %12s\n", "", qPrintable(range(sent)), qPrintable(range(echoed)));
    }
    return 0;
}
