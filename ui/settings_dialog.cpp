#include "ui/settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace sb::ui {

namespace {

using Option = ServerSettings::Option;

QStringList lines(const QPlainTextEdit *edit)
{
    QStringList result;
    const QStringList raw = edit->toPlainText().split(u'\n');
    for (const QString &line : raw) {
        if (!line.trimmed().isEmpty())
            result.append(line.trimmed());
    }
    return result;
}

QSpinBox *milliseconds(QWidget *parent, int minimum = 1)
{
    auto *spin = new QSpinBox(parent);
    spin->setRange(minimum, 24 * 3600 * 1000);
    spin->setSuffix(QCoreApplication::translate("sb::ui::SettingsDialog", " ms"));
    spin->setSingleStep(1000);
    spin->setAccelerated(true);
    return spin;
}

} // namespace

SettingsDialog::SettingsDialog(
    const ServerSettings &current, const QList<Option> &locked, bool serverRunning, QWidget *parent)
    : QDialog(parent)
    , m_current(current)
    , m_locked(locked)
    , m_running(serverRunning)
{
    setObjectName(u"settingsDialog"_s);
    setWindowTitle(tr("Server settings"));
    auto *layout = new QVBoxLayout(this);
    auto *tabs = new QTabWidget(this);
    layout->addWidget(tabs);

    auto *network = new QWidget(tabs);
    auto *networkForm = new QFormLayout(network);
    m_port = new QSpinBox(network);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("0 (any free port)"));
    networkForm->addRow(tr("&Port:"), row(Option::Port, m_port));
    m_bind = new QLineEdit(network);
    m_bind->setPlaceholderText(tr("all interfaces"));
    networkForm->addRow(tr("&Bind address:"), row(Option::Bind, m_bind));
    m_path = new QLineEdit(network);
    networkForm->addRow(tr("Socket.IO pa&th:"), row(Option::Path, m_path));
    m_rawEnginePath = new QLineEdit(network);
    m_rawEnginePath->setPlaceholderText(tr("none"));
    m_rawEnginePath->setToolTip(tr("A bare Engine.IO endpoint that echoes every message back"));
    networkForm->addRow(
        tr("&Raw Engine.IO echo path:"), row(Option::RawEnginePath, m_rawEnginePath));
    m_serveClient = new QCheckBox(tr("Serve the socket.io-client browser b&undle"), network);
    networkForm->addRow(QString(), row(Option::ServeClient, m_serveClient));
    auto *transports = new QWidget(network);
    auto *transportLayout = new QHBoxLayout(transports);
    transportLayout->setContentsMargins(0, 0, 0, 0);
    m_polling = new QCheckBox(tr("&Long-polling"), transports);
    m_polling->setObjectName(u"transports-polling"_s);
    m_webSocket = new QCheckBox(tr("&WebSocket"), transports);
    m_webSocket->setObjectName(u"transports-websocket"_s);
    transportLayout->addWidget(m_polling);
    transportLayout->addWidget(m_webSocket);
    transportLayout->addStretch(1);
    networkForm->addRow(tr("Transports:"), row(Option::Transports, transports));
    m_compression = new QCheckBox(tr("&Compress long-polling responses (gzip/deflate)"), network);
    networkForm->addRow(QString(), row(Option::Compression, m_compression));
    m_cors = new QPlainTextEdit(network);
    m_cors->setPlaceholderText(tr("one origin per line; * allows any; empty: same origin only"));
    m_cors->setTabChangesFocus(true);
    m_cors->setMaximumHeight(80);
    networkForm->addRow(tr("CORS &origins:"), row(Option::CorsOrigins, m_cors));
    m_redis = new QLineEdit(network);
    m_redis->setPlaceholderText(tr("off; redis://HOST:PORT/DB"));
    m_redis->setToolTip(tr("Join a cluster of servers through Redis (compatible with the "
                           "Node.js Redis adapter)"));
    networkForm->addRow(tr("Cluster through Red&is:"), row(Option::Redis, m_redis));
    m_redisKey = new QLineEdit(network);
    m_redisKey->setToolTip(tr("Prefix of the cluster's Redis channels (the same on every node)"));
    networkForm->addRow(tr("Redis &key prefix:"), row(Option::RedisKey, m_redisKey));
    tabs->addTab(network, tr("&Network"));

    auto *timing = new QWidget(tabs);
    auto *timingForm = new QFormLayout(timing);
    m_pingInterval = milliseconds(timing);
    timingForm->addRow(tr("Heartbeat &interval:"), row(Option::PingInterval, m_pingInterval));
    m_pingTimeout = milliseconds(timing);
    timingForm->addRow(tr("Heartbeat &timeout:"), row(Option::PingTimeout, m_pingTimeout));
    m_upgradeTimeout = milliseconds(timing);
    timingForm->addRow(tr("&Upgrade timeout:"), row(Option::UpgradeTimeout, m_upgradeTimeout));
    m_connectTimeout = milliseconds(timing);
    timingForm->addRow(tr("&Connect timeout:"), row(Option::ConnectTimeout, m_connectTimeout));
    m_maxBuffer = new QSpinBox(timing);
    m_maxBuffer->setRange(1, std::numeric_limits<int>::max());
    m_maxBuffer->setSuffix(tr(" bytes"));
    m_maxBuffer->setToolTip(tr("Largest message or POST body"));
    timingForm->addRow(tr("&Buffer size:"), row(Option::MaxHttpBufferSize, m_maxBuffer));
    m_recovery = milliseconds(timing, 0);
    m_recovery->setSpecialValueText(tr("off"));
    m_recovery->setToolTip(tr(
        "A client that reconnects within this window gets its id, rooms and missed events back"));
    timingForm->addRow(tr("Connection state &recovery:"), row(Option::Recovery, m_recovery));
    m_monitorInterval = milliseconds(timing);
    m_monitorInterval->setSingleStep(50);
    timingForm->addRow(tr("&Monitor interval:"), row(Option::MonitorInterval, m_monitorInterval));
    tabs->addTab(timing, tr("Timin&g and limits"));

    auto *service = new QWidget(tabs);
    auto *serviceForm = new QFormLayout(service);
    m_service = new QComboBox(service);
    m_service->addItem(tr("none"), QString());
    m_service->addItem(tr("chat"), u"chat"_s);
    m_service->addItem(tr("echo"), u"echo"_s);
    serviceForm->addRow(tr("Ser&vice:"), row(Option::Service, m_service));
    m_namespaces = new QPlainTextEdit(service);
    m_namespaces->setPlaceholderText(tr("one namespace per line; empty: /"));
    m_namespaces->setTabChangesFocus(true);
    m_namespaces->setMaximumHeight(80);
    serviceForm->addRow(tr("N&amespaces:"), row(Option::Namespaces, m_namespaces));
    m_patterns = new QPlainTextEdit(service);
    m_patterns->setPlaceholderText(tr("one regular expression per line (dynamic namespaces)"));
    m_patterns->setTabChangesFocus(true);
    m_patterns->setMaximumHeight(80);
    serviceForm->addRow(tr("Namespace &patterns:"), row(Option::NamespacePatterns, m_patterns));
    m_chatHistory = new QSpinBox(service);
    m_chatHistory->setRange(0, 10'000);
    m_chatHistory->setSpecialValueText(tr("none"));
    m_chatHistory->setSuffix(tr(" messages"));
    m_chatHistory->setToolTip(tr("Recent messages per room the chat sends to whoever joins"));
    serviceForm->addRow(tr("Chat &history:"), row(Option::ChatHistory, m_chatHistory));
    m_chatMaxLength = new QSpinBox(service);
    m_chatMaxLength->setRange(1, 1'000'000);
    m_chatMaxLength->setSuffix(tr(" characters"));
    serviceForm->addRow(tr("Longest chat &message:"), row(Option::ChatMaxLength, m_chatMaxLength));

    auto *tokens = new QWidget(service);
    auto *tokenLayout = new QHBoxLayout(tokens);
    tokenLayout->setContentsMargins(0, 0, 0, 0);
    m_tokens = new QCheckBox(tr("&Require sign-in tokens"), tokens);
    m_tokens->setObjectName(u"jwt-secret-enabled"_s);
    m_tokens->setToolTip(
        tr("Every connection must carry an HS256 JWT signed with this secret (auth: {token})"));
    m_jwtSecret = new QLineEdit(tokens);
    m_jwtSecret->setObjectName(u"jwt-secret-value"_s);
    m_jwtSecret->setEchoMode(QLineEdit::Password);
    m_jwtSecret->setPlaceholderText(tr("the secret tokens are signed with"));
    m_showSecret = new QCheckBox(tr("Sho&w"), tokens);
    m_showSecret->setObjectName(u"jwt-secret-show"_s);
    connect(m_showSecret, &QCheckBox::toggled, m_jwtSecret, [this](bool show) {
        m_jwtSecret->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_tokens, &QCheckBox::toggled, m_jwtSecret, &QWidget::setEnabled);
    connect(m_tokens, &QCheckBox::toggled, m_showSecret, &QWidget::setEnabled);
    tokenLayout->addWidget(m_tokens);
    tokenLayout->addWidget(m_jwtSecret, 1);
    tokenLayout->addWidget(m_showSecret);
    serviceForm->addRow(tr("JWT &secret:"), row(Option::JwtSecret, tokens));
    m_tokenTtl = new QSpinBox(service);
    m_tokenTtl->setRange(1, 10 * 365 * 24 * 3600);
    m_tokenTtl->setSuffix(tr(" s"));
    m_tokenTtl->setSingleStep(3600);
    m_tokenTtl->setAccelerated(true);
    m_tokenTtl->setToolTip(tr("How long the sign-in links made in the Share dock stay valid; "
                              "applies to new links at once"));
    serviceForm->addRow(tr("Token &lifetime:"), row(Option::TokenTtl, m_tokenTtl));
    tabs->addTab(service, tr("S&ervice"));

    m_restartNote = new QLabel(this);
    m_restartNote->setObjectName(u"restartNote"_s);
    m_restartNote->setWordWrap(true);
    layout->addWidget(m_restartNote);
    m_problemsLabel = new QLabel(this);
    m_problemsLabel->setObjectName(u"settingsProblems"_s);
    m_problemsLabel->setWordWrap(true);
    m_problemsLabel->setStyleSheet(u"color: #b00020;"_s);
    layout->addWidget(m_problemsLabel);
    m_warningsLabel = new QLabel(this);
    m_warningsLabel->setObjectName(u"settingsWarnings"_s);
    m_warningsLabel->setWordWrap(true);
    m_warningsLabel->setStyleSheet(u"color: #8a5a00;"_s);
    layout->addWidget(m_warningsLabel);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(u"saveSettings"_s);
    m_saveAndRestart = buttons->addButton(
        m_running ? tr("Save an&d restart server") : tr("Save an&d start server"),
        QDialogButtonBox::AcceptRole);
    m_saveAndRestart->setObjectName(u"saveAndRestart"_s);
    connect(buttons, &QDialogButtonBox::clicked, this, [this, buttons](QAbstractButton *button) {
        if (buttons->buttonRole(button) == QDialogButtonBox::RejectRole) {
            reject();
            return;
        }
        if (!m_problems.isEmpty())
            return;
        m_restart = button == m_saveAndRestart;
        accept();
    });
    layout->addWidget(buttons);

    load(current);
    for (QSpinBox *spin : findChildren<QSpinBox *>())
        connect(spin, &QSpinBox::valueChanged, this, &SettingsDialog::revalidate);
    for (QLineEdit *edit : findChildren<QLineEdit *>())
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
    for (QCheckBox *box : findChildren<QCheckBox *>())
        connect(box, &QCheckBox::toggled, this, &SettingsDialog::revalidate);
    for (QPlainTextEdit *edit : findChildren<QPlainTextEdit *>())
        connect(edit, &QPlainTextEdit::textChanged, this, &SettingsDialog::revalidate);
    connect(m_service, &QComboBox::currentIndexChanged, this, &SettingsDialog::revalidate);
    revalidate();
}

QWidget *SettingsDialog::row(Option option, QWidget *editor)
{
    editor->setObjectName(ServerSettings::key(option));
    m_editors.insert(option, editor);
    if (!m_locked.contains(option))
        return editor;
    auto *host = new QWidget(editor->parentWidget());
    auto *layout = new QHBoxLayout(host);
    layout->setContentsMargins(0, 0, 0, 0);
    editor->setParent(host);
    editor->setEnabled(false);
    // The secret may come from the environment instead; either way it is not shown.
    const bool secret = option == Option::JwtSecret;
    editor->setToolTip(secret
            ? tr("Set on the command line (--jwt-secret) or by SWITCHBOARD_JWT_SECRET; it wins "
                 "over the saved setting for this run.")
            : tr("Set on the command line (--%1); it wins over the saved setting for this run.")
                  .arg(ServerSettings::key(option)));
    layout->addWidget(editor, 1);
    auto *note = new QLabel(
        secret ? tr("set on the command line or environment") : tr("set on the command line"),
        host);
    note->setObjectName(ServerSettings::key(option) + u"-note"_s);
    note->setEnabled(false);
    layout->addWidget(note);
    return host;
}

void SettingsDialog::load(const ServerSettings &s)
{
    m_port->setValue(s.port);
    m_bind->setText(s.bindAddress);
    m_path->setText(s.path);
    m_rawEnginePath->setText(s.rawEnginePath);
    m_serveClient->setChecked(s.serveClient);
    m_polling->setChecked(s.allowPolling);
    m_webSocket->setChecked(s.allowWebSocket);
    m_compression->setChecked(s.compression);
    m_cors->setPlainText(s.corsOrigins.join(u'\n'));
    m_pingInterval->setValue(s.pingIntervalMs);
    m_pingTimeout->setValue(s.pingTimeoutMs);
    m_upgradeTimeout->setValue(s.upgradeTimeoutMs);
    m_connectTimeout->setValue(s.connectTimeoutMs);
    m_maxBuffer->setValue(
        int(std::min<qint64>(s.maxHttpBufferSize, std::numeric_limits<int>::max())));
    m_recovery->setValue(s.recoveryMs);
    m_service->setCurrentIndex(std::max(0, m_service->findData(s.service)));
    m_namespaces->setPlainText(s.namespaces.join(u'\n'));
    m_patterns->setPlainText(s.namespacePatterns.join(u'\n'));
    m_monitorInterval->setValue(s.monitorIntervalMs);
    m_chatHistory->setValue(s.chatHistory);
    m_chatMaxLength->setValue(s.chatMaxLength);
    m_tokens->setChecked(!s.jwtSecret.isEmpty());
    m_jwtSecret->setText(s.jwtSecret);
    m_jwtSecret->setEnabled(!s.jwtSecret.isEmpty());
    m_showSecret->setEnabled(!s.jwtSecret.isEmpty());
    m_tokenTtl->setValue(s.tokenTtlSeconds);
    m_redis->setText(s.redisUrl);
    m_redisKey->setText(s.redisKey);
}

ServerSettings SettingsDialog::settings() const
{
    ServerSettings s = m_current;
    s.port = m_port->value();
    s.bindAddress = m_bind->text().trimmed();
    s.path = ServerSettings::normalisedPath(m_path->text());
    const QString raw = m_rawEnginePath->text().trimmed();
    s.rawEnginePath = raw.isEmpty() ? QString() : ServerSettings::normalisedPath(raw);
    s.serveClient = m_serveClient->isChecked();
    s.allowPolling = m_polling->isChecked();
    s.allowWebSocket = m_webSocket->isChecked();
    s.compression = m_compression->isChecked();
    s.corsOrigins = lines(m_cors);
    s.pingIntervalMs = m_pingInterval->value();
    s.pingTimeoutMs = m_pingTimeout->value();
    s.upgradeTimeoutMs = m_upgradeTimeout->value();
    s.connectTimeoutMs = m_connectTimeout->value();
    // The spin box cannot hold 2^31 (the command line's maximum): keep a larger value unchanged.
    if (m_maxBuffer->value()
        != std::min<qint64>(m_current.maxHttpBufferSize, std::numeric_limits<int>::max()))
        s.maxHttpBufferSize = m_maxBuffer->value();
    s.recoveryMs = m_recovery->value();
    s.service = m_service->currentData().toString();
    s.namespaces.clear();
    for (const QString &nsp : lines(m_namespaces))
        s.namespaces.append(nsp.startsWith(u'/') ? nsp : u'/' + nsp);
    s.namespacePatterns = lines(m_patterns);
    s.monitorIntervalMs = m_monitorInterval->value();
    s.chatHistory = m_chatHistory->value();
    s.chatMaxLength = m_chatMaxLength->value();
    // Unticking keeps the typed secret in the field (not in the settings), for ticking again.
    s.jwtSecret = m_tokens->isChecked() ? m_jwtSecret->text() : QString();
    s.tokenTtlSeconds = m_tokenTtl->value();
    s.redisUrl = m_redis->text().trimmed();
    s.redisKey = m_redisKey->text().trimmed();
    // What the command line set stays as it is.
    for (Option option : m_locked)
        s.copyOption(option, m_current);
    return s;
}

void SettingsDialog::revalidate()
{
    const ServerSettings edited = settings();
    m_problems = edited.validate();
    if (m_tokens->isChecked() && m_jwtSecret->text().isEmpty() && !isLocked(Option::JwtSecret))
        m_problems.append(tr("Sign-in tokens need a secret: type one, or untick \"Require "
                             "sign-in tokens\"."));
    m_problemsLabel->setText(m_problems.join(u'\n'));
    m_problemsLabel->setVisible(!m_problems.isEmpty());
    m_warnings = edited.warnings();
    m_warningsLabel->setText(m_warnings.join(u'\n'));
    m_warningsLabel->setVisible(!m_warnings.isEmpty());
    m_save->setEnabled(m_problems.isEmpty());
    m_saveAndRestart->setEnabled(m_problems.isEmpty());
    const QList<Option> differences = edited.differences(m_current);
    const bool changed = !differences.isEmpty();
    const bool restart = std::any_of(differences.begin(), differences.end(),
        [](Option option) { return ServerSettings::needsRestart(option); });
    if (!changed)
        m_restartNote->setText(tr("Every option but the token lifetime is applied with a restart "
                                  "of the server."));
    else if (!restart)
        m_restartNote->setText(tr("The token lifetime applies to new sign-in links as soon as "
                                  "it is saved; no restart is needed."));
    else if (m_running)
        m_restartNote->setText(
            tr("Changed options are applied with a restart of the server: "
               "\"Save and restart server\" does that now (every client is disconnected), "
               "\"Save\" keeps them for the next start."));
    else
        m_restartNote->setText(tr("Changed options are applied when the server starts again."));
}

} // namespace sb::ui
