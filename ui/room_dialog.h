#pragma once

#include <QDialog>

class QComboBox;
class QPushButton;

namespace sb::ui {

// Asks for one room name, offering the rooms the snapshot knows; any other name may be typed.
class RoomDialog : public QDialog
{
    Q_OBJECT
public:
    RoomDialog(const QString &title, const QString &prompt, const QStringList &offered,
        QWidget *parent = nullptr);

    QString room() const;
    QComboBox *roomEdit() const { return m_room; }
    QPushButton *okButton() const { return m_ok; }

private:
    QComboBox *m_room = nullptr;
    QPushButton *m_ok = nullptr;
};

} // namespace sb::ui
