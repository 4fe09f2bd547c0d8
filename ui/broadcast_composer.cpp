#include "ui/broadcast_composer.h"

#include "ui/argument_list_editor.h"
#include "ui/view_setup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using sb::monitor::BroadcastRequest;
using sb::monitor::Capability;

namespace sb::ui {

namespace {

QStringList splitList(const QString &text)
{
    static const QRegularExpression separators(u"[,\\s]+"_s);
    return text.split(separators, Qt::SkipEmptyParts);
}

const QStringList &reservedEvents()
{
    static const QStringList names = {u"connect"_s, u"connect_error"_s, u"disconnect"_s,
        u"disconnecting"_s, u"newListener"_s, u"removeListener"_s};
    return names;
}

} // namespace

BroadcastComposer::BroadcastComposer(monitor::MonitorSource &source, QWidget *parent)
    : QWidget(parent)
    , m_source(source)
    , m_answers(this)
{
    setObjectName(u"broadcastComposer"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buildHistoryRow());
    buildForm();

    connect(
        &m_source, &monitor::MonitorSource::snapshotReady, this, &BroadcastComposer::onSnapshot);
    connect(&m_source, &monitor::MonitorSource::stateChanged, this, &BroadcastComposer::revalidate);
    connect(&m_source, &monitor::MonitorSource::broadcastAnswered, this,
        &BroadcastComposer::onAnswered);
    connect(&m_source, &monitor::MonitorSource::broadcastFinished, this,
        &BroadcastComposer::onFinished);
    connect(&m_history, &ComposerHistory::changed, this, &BroadcastComposer::refreshHistoryMenus);
    refreshHistoryMenus();
    updateTargetRows();
    revalidate();
}

QHBoxLayout *BroadcastComposer::buildHistoryRow()
{
    auto *row = new QHBoxLayout;
    m_recent = new QComboBox(this);
    m_recent->setObjectName(u"composerHistory"_s);
    m_recent->setToolTip(tr("Messages sent from here, most recent first"));
    m_recent->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recent->setMinimumContentsLength(16);
    m_resend = new QPushButton(tr("&Resend"), this);
    m_resend->setObjectName(u"resendButton"_s);
    m_resend->setToolTip(tr("Send the chosen message of the history again, as it was"));
    auto *load = new QPushButton(tr("Edit"), this);
    load->setToolTip(tr("Put the chosen message of the history into the form"));
    m_templates = new QComboBox(this);
    m_templates->setObjectName(u"composerTemplates"_s);
    m_templates->setToolTip(tr("Named templates: choose one to put it into the form"));
    m_templates->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_templates->setMinimumContentsLength(10);
    auto *saveAs = new QPushButton(tr("Save as…"), this);
    saveAs->setToolTip(tr("Keep the form as a named template"));
    auto *remove = new QPushButton(tr("Delete"), this);
    remove->setToolTip(tr("Delete the chosen template"));
    row->addWidget(new QLabel(tr("History:"), this));
    row->addWidget(m_recent, 2);
    row->addWidget(m_resend);
    row->addWidget(load);
    row->addSpacing(8);
    row->addWidget(new QLabel(tr("Templates:"), this));
    row->addWidget(m_templates, 1);
    row->addWidget(saveAs);
    row->addWidget(remove);

    connect(m_resend, &QPushButton::clicked, this, [this] { resend(m_recent->currentIndex()); });
    connect(load, &QPushButton::clicked, this, [this] {
        const int index = m_recent->currentIndex();
        if (index >= 0 && index < m_history.recent().size())
            setDraft(m_history.recent().at(index));
    });
    connect(m_templates, &QComboBox::activated, this,
        [this](int index) { loadTemplate(m_templates->itemText(index)); });
    connect(saveAs, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save template"), tr("Template name:"),
            QLineEdit::Normal, m_event->text(), &ok);
        if (ok && !name.trimmed().isEmpty())
            saveTemplate(name);
    });
    connect(remove, &QPushButton::clicked, this,
        [this] { m_history.removeTemplate(m_templates->currentText()); });
    return row;
}

void BroadcastComposer::buildForm()
{
    auto *layout = qobject_cast<QVBoxLayout *>(this->layout());
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_target = new QComboBox(this);
    m_target->setObjectName(u"composerTarget"_s);
    m_target->addItem(tr("Everyone (every namespace)"), int(TargetChoice::Everyone));
    m_target->addItem(tr("A namespace"), int(TargetChoice::Namespace));
    m_target->addItem(tr("Rooms of a namespace"), int(TargetChoice::Rooms));
    m_target->addItem(tr("One socket"), int(TargetChoice::Socket));
    m_target->addItem(tr("The sockets selected in the table"), int(TargetChoice::Selection));
    m_target->setCurrentIndex(1);
    m_namespace = new QComboBox(this);
    m_namespace->setObjectName(u"composerNamespace"_s);
    m_namespace->setEditable(true);
    m_namespace->addItem(u"/"_s);
    m_rooms = new QLineEdit(this);
    m_rooms->setObjectName(u"composerRooms"_s);
    m_rooms->setPlaceholderText(tr("room names, separated by commas"));
    m_socket = new QLineEdit(this);
    m_socket->setObjectName(u"composerSocket"_s);
    m_socket->setPlaceholderText(tr("socket id"));
    m_except = new QLineEdit(this);
    m_except->setObjectName(u"composerExcept"_s);
    m_except->setPlaceholderText(tr("rooms whose sockets are left out (optional)"));
    m_event = new QLineEdit(this);
    m_event->setObjectName(u"composerEvent"_s);
    m_event->setPlaceholderText(tr("event name"));
    auto *flags = new QHBoxLayout;
    m_volatile = new QCheckBox(tr("volatile"), this);
    m_volatile->setToolTip(tr("Dropped for a client that cannot take it right now"));
    m_local = new QCheckBox(tr("local"), this);
    m_local->setToolTip(tr("Only this server's sockets, not those of other cluster nodes"));
    m_compress = new QCheckBox(tr("compress"), this);
    m_compress->setToolTip(tr("Allow per-message compression"));
    m_compress->setChecked(true);
    flags->addWidget(m_volatile);
    flags->addWidget(m_local);
    flags->addWidget(m_compress);
    flags->addStretch(1);
    m_form->addRow(tr("&Target:"), m_target);
    m_form->addRow(tr("&Namespace:"), m_namespace);
    m_form->addRow(tr("R&ooms:"), m_rooms);
    m_form->addRow(tr("Soc&ket:"), m_socket);
    m_form->addRow(tr("E&xcept rooms:"), m_except);
    m_form->addRow(tr("&Event:"), m_event);
    m_form->addRow(tr("Flags:"), flags);
    layout->addLayout(m_form);

    m_arguments = new ArgumentListEditor(this);
    m_arguments->setObjectName(u"argumentEditor"_s);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_arguments);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumHeight(90);
    layout->addWidget(new QLabel(tr("Arguments:"), this));
    layout->addWidget(scroll, 2);

    auto *sendRow = new QHBoxLayout;
    m_ack = new QCheckBox(tr("Wait for &acks, timeout"), this);
    m_ack->setObjectName(u"composerAck"_s);
    m_ack->setToolTip(tr("Ask every recipient for an ack and show each answer below"));
    m_ackTimeout = new QSpinBox(this);
    m_ackTimeout->setObjectName(u"composerAckTimeout"_s);
    m_ackTimeout->setRange(1, 600'000);
    m_ackTimeout->setValue(5000);
    m_ackTimeout->setSuffix(tr(" ms"));
    m_ackTimeout->setEnabled(false);
    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(u"composerSend"_s);
    m_send->setDefault(true);
    m_reason = new QLabel(this);
    m_reason->setObjectName(u"composerReason"_s);
    m_reason->setWordWrap(true);
    sendRow->addWidget(m_ack);
    sendRow->addWidget(m_ackTimeout);
    sendRow->addStretch(1);
    sendRow->addWidget(m_send);
    layout->addLayout(sendRow);
    layout->addWidget(m_reason);

    m_answerView = new QTableView(this);
    m_answerView->setObjectName(u"composerAnswers"_s);
    m_answerView->setModel(&m_answers);
    views::setUpTable(m_answerView);
    m_answerView->horizontalHeader()->setStretchLastSection(false);
    views::fitColumns(m_answerView,
        {u"nXw3Y0Jk1rG8aB9cAAAB"_s, u"/chat"_s, u"disconnected"_s, u"[\"ok\",{\"score\":12}]"_s,
            u"123.4 ms"_s});
    m_answerView->horizontalHeader()->setSectionResizeMode(
        int(BroadcastAnswerModel::Column::Answer), QHeaderView::Stretch);
    layout->addWidget(m_answerView, 3);
    m_summary = new QLabel(this);
    m_summary->setObjectName(u"composerSummary"_s);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    if (m_arguments->count() == 0)
        m_arguments->addArgument({ArgumentKind::Json, u"\"hello\""_s});

    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        updateTargetRows();
        revalidate();
    });
    for (QLineEdit *edit : {m_rooms, m_socket, m_except, m_event})
        connect(edit, &QLineEdit::textChanged, this, &BroadcastComposer::revalidate);
    connect(m_namespace, &QComboBox::currentTextChanged, this, &BroadcastComposer::revalidate);
    connect(m_arguments, &ArgumentListEditor::changed, this, &BroadcastComposer::revalidate);
    connect(m_ack, &QCheckBox::toggled, m_ackTimeout, &QWidget::setEnabled);
    connect(m_send, &QPushButton::clicked, this, &BroadcastComposer::send);
    connect(m_event, &QLineEdit::returnPressed, this, &BroadcastComposer::send);
}

void BroadcastComposer::setSelectionProvider(std::function<QList<QByteArray>()> provider)
{
    m_selection = std::move(provider);
    revalidate();
}

BroadcastComposer::TargetChoice BroadcastComposer::targetChoice() const
{
    return TargetChoice(m_target->currentData().toInt());
}

void BroadcastComposer::updateTargetRows()
{
    const TargetChoice choice = targetChoice();
    m_form->setRowVisible(
        m_namespace, choice == TargetChoice::Namespace || choice == TargetChoice::Rooms);
    m_form->setRowVisible(m_rooms, choice == TargetChoice::Rooms);
    m_form->setRowVisible(m_socket, choice == TargetChoice::Socket);
}

QList<QByteArray> BroadcastComposer::targetSockets() const
{
    if (targetChoice() == TargetChoice::Selection)
        return m_selection ? m_selection() : QList<QByteArray>();
    QList<QByteArray> ids;
    for (const QString &id : splitList(m_socket->text()))
        ids.append(id.toLatin1());
    return ids;
}

ComposerDraft BroadcastComposer::draft() const
{
    ComposerDraft d;
    switch (targetChoice()) {
    case TargetChoice::Everyone:
        d.target = BroadcastRequest::Target::Everyone;
        break;
    case TargetChoice::Namespace:
        d.target = BroadcastRequest::Target::Namespace;
        break;
    case TargetChoice::Rooms:
        d.target = BroadcastRequest::Target::Rooms;
        break;
    case TargetChoice::Socket:
    case TargetChoice::Selection:
        d.target = BroadcastRequest::Target::Sockets;
        break;
    }
    d.selectedSockets = targetChoice() == TargetChoice::Selection;
    d.nsp = m_namespace->currentText().trimmed();
    d.rooms = splitList(m_rooms->text());
    d.except = splitList(m_except->text());
    d.socket = m_socket->text().trimmed();
    d.event = m_event->text();
    d.arguments = m_arguments->arguments();
    d.isVolatile = m_volatile->isChecked();
    d.local = m_local->isChecked();
    d.compress = m_compress->isChecked();
    d.ack = m_ack->isChecked();
    d.ackTimeoutMs = m_ackTimeout->value();
    return d;
}

void BroadcastComposer::setDraft(const ComposerDraft &d)
{
    TargetChoice choice = TargetChoice::Namespace;
    switch (d.target) {
    case BroadcastRequest::Target::Everyone:
        choice = TargetChoice::Everyone;
        break;
    case BroadcastRequest::Target::Namespace:
        choice = TargetChoice::Namespace;
        break;
    case BroadcastRequest::Target::Rooms:
        choice = TargetChoice::Rooms;
        break;
    case BroadcastRequest::Target::Sockets:
        choice = d.selectedSockets ? TargetChoice::Selection : TargetChoice::Socket;
        break;
    }
    m_target->setCurrentIndex(m_target->findData(int(choice)));
    m_namespace->setCurrentText(d.nsp);
    m_rooms->setText(d.rooms.join(u", "_s));
    m_except->setText(d.except.join(u", "_s));
    m_socket->setText(d.socket);
    m_event->setText(d.event);
    m_arguments->setArguments(d.arguments);
    m_volatile->setChecked(d.isVolatile);
    m_local->setChecked(d.local);
    m_compress->setChecked(d.compress);
    m_ack->setChecked(d.ack);
    m_ackTimeout->setValue(d.ackTimeoutMs);
    revalidate();
}

QString BroadcastComposer::blockedReason() const
{
    if (!m_source.capabilities().testFlag(Capability::Actions))
        return tr("This server does not accept actions from the console.");
    if (m_source.state() != monitor::SourceState::Running)
        return tr("The server is not running.");
    const ComposerDraft d = draft();
    const TargetChoice choice = targetChoice();
    if ((choice == TargetChoice::Namespace || choice == TargetChoice::Rooms)
        && !d.nsp.startsWith(u'/'))
        return tr("A namespace starts with /.");
    if (choice == TargetChoice::Rooms && d.rooms.isEmpty())
        return tr("Name at least one room.");
    if (choice == TargetChoice::Socket && targetSockets().isEmpty())
        return tr("Enter a socket id.");
    if (choice == TargetChoice::Selection && targetSockets().isEmpty())
        return tr("Select sockets in the table first.");
    if (d.event.isEmpty())
        return tr("Enter an event name.");
    if (reservedEvents().contains(d.event))
        return tr("%1 is a reserved event name.").arg(d.event);
    const QString argumentError = m_arguments->firstError();
    if (!argumentError.isEmpty())
        return argumentError;
    return {};
}

monitor::BroadcastRequest BroadcastComposer::request() const
{
    const ComposerDraft d = draft();
    BroadcastRequest r;
    r.target = d.target;
    r.nsp = d.nsp.toUtf8();
    r.rooms = d.rooms;
    r.except = d.except;
    if (d.target == BroadcastRequest::Target::Sockets)
        r.sockets = targetSockets();
    r.event = d.event;
    r.arguments = m_arguments->composed().value_or(QList<monitor::ComposedArgument>());
    r.isVolatile = d.isVolatile;
    r.local = d.local;
    r.compress = d.compress;
    if (d.ack)
        r.ackTimeoutMs = d.ackTimeoutMs;
    return r;
}

void BroadcastComposer::revalidate()
{
    const QString reason = blockedReason();
    m_send->setEnabled(reason.isEmpty());
    m_send->setToolTip(
        reason.isEmpty() ? tr("Send the event now (Enter in the event field)") : reason);
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
}

bool BroadcastComposer::send()
{
    revalidate();
    if (!blockedReason().isEmpty())
        return false;
    BroadcastRequest r = request();
    r.id = m_nextId++;
    m_current = r.id;
    m_currentAck = r.ackTimeoutMs.has_value();
    m_answers.clear();
    m_summary->setText(r.ackTimeoutMs ? tr("Sent; waiting for acks…") : tr("Sending…"));
    m_history.addSent(draft());
    Q_EMIT sent(r.id);
    m_source.broadcast(r);
    return true;
}

bool BroadcastComposer::resend(int historyIndex)
{
    if (historyIndex < 0 || historyIndex >= m_history.recent().size())
        return false;
    setDraft(m_history.recent().at(historyIndex));
    return send();
}

void BroadcastComposer::saveTemplate(const QString &name)
{
    m_history.saveTemplate(name, draft());
    m_templates->setCurrentText(name.trimmed());
}

bool BroadcastComposer::loadTemplate(const QString &name)
{
    const std::optional<ComposerDraft> d = m_history.templateDraft(name);
    if (!d)
        return false;
    setDraft(*d);
    return true;
}

void BroadcastComposer::refreshHistoryMenus()
{
    m_recent->clear();
    for (const ComposerDraft &d : m_history.recent())
        m_recent->addItem(d.summary());
    m_resend->setEnabled(!m_history.recent().isEmpty());
    const QString chosen = m_templates->currentText();
    m_templates->clear();
    m_templates->addItems(m_history.templateNames());
    m_templates->setCurrentIndex(std::max(0, m_templates->findText(chosen)));
}

void BroadcastComposer::onSnapshot(const monitor::SnapshotPtr &snapshot)
{
    if (!snapshot || !snapshot->namespacesChanged)
        return;
    const QString typed = m_namespace->currentText();
    QStringList names;
    QStringList rooms;
    for (const monitor::NamespaceCount &nsp : snapshot->namespaces) {
        names.append(QString::fromUtf8(nsp.name));
        for (const monitor::RoomCount &room : nsp.rooms)
            rooms.append(room.name);
    }
    QStringList current;
    for (int i = 0; i < m_namespace->count(); ++i)
        current.append(m_namespace->itemText(i));
    if (current != names) {
        const QSignalBlocker blocker(m_namespace);
        m_namespace->clear();
        m_namespace->addItems(names);
        m_namespace->setCurrentText(typed);
    }
    rooms.removeDuplicates();
    m_rooms->setToolTip(rooms.isEmpty() ? QString() : tr("Rooms now: %1").arg(rooms.join(u", "_s)));
}

void BroadcastComposer::onAnswered(const monitor::BroadcastAnswer &answer)
{
    if (answer.requestId != m_current)
        return;
    m_answers.append(answer);
    m_summary->setText(tr("Waiting for acks… answers so far: %1").arg(m_answers.rowCount()));
}

void BroadcastComposer::onFinished(const monitor::BroadcastSummary &summary)
{
    if (summary.requestId != m_current)
        return;
    if (!summary.ok)
        m_summary->setText(tr("Not sent: %1").arg(summary.error));
    else if (m_currentAck)
        m_summary->setText(tr("recipients %1: answered %2 · timed out %3 · disconnected %4")
                               .arg(summary.recipients)
                               .arg(summary.answered)
                               .arg(summary.timedOut)
                               .arg(summary.disconnected));
    else
        m_summary->setText(tr("Sent; recipients: %1.").arg(summary.recipients));
    Q_EMIT finished(summary);
}

} // namespace sb::ui
