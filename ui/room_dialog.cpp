#include "ui/room_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sb::ui {

RoomDialog::RoomDialog(
    const QString &title, const QString &prompt, const QStringList &offered, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(u"roomDialog"_s);
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(prompt, this);
    label->setWordWrap(true);
    layout->addWidget(label);
    m_room = new QComboBox(this);
    m_room->setObjectName(u"roomName"_s);
    m_room->setEditable(true);
    m_room->setInsertPolicy(QComboBox::NoInsert);
    m_room->addItems(offered);
    m_room->setCurrentIndex(-1);
    m_room->lineEdit()->setPlaceholderText(tr("room name"));
    label->setBuddy(m_room);
    layout->addWidget(m_room);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    const auto update = [this] { m_ok->setEnabled(!room().isEmpty()); };
    connect(m_room, &QComboBox::currentTextChanged, this, update);
    update();
}

QString RoomDialog::room() const
{
    return m_room->currentText().trimmed();
}

} // namespace sb::ui
