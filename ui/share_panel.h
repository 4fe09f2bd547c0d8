#pragma once

#include <QImage>
#include <QUrl>
#include <QWidget>

#include <chrono>
#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace sb::ui {

// "Share": the chat's main URL as a QR code a phone can scan, and a form that mints a sign-in
// token for a name and an expiry, giving the token and a ready-to-open link (URL#token=...).
//
// The console does not know how tokens are signed (that is the application's, with its secret):
// it is given a TokenMinter, or none when the server takes no tokens, and then says so.
class SharePanel : public QWidget
{
    Q_OBJECT
public:
    using TokenMinter = std::function<QByteArray(const QString &name, std::chrono::seconds ttl)>;

    explicit SharePanel(QWidget *parent = nullptr);

    void setUrl(const QUrl &url);
    QUrl url() const { return m_url; }
    // The SHA-256 fingerprint of the server's TLS certificate, for LAN users to compare with what
    // their browser shows; empty: no TLS, nothing shown.
    void setTlsFingerprint(const QString &fingerprint);
    // Null: the server needs no tokens; the form is disabled and says why.
    void setTokenMinter(TokenMinter minter);
    // The form's default lifetime of new links, in whole hours (rounded, at least one).
    void setValidity(std::chrono::seconds ttl);
    std::chrono::seconds validity() const;

    // The QR code of `text`, one pixel per module with a 4-module quiet zone (null if it cannot
    // be encoded).
    static QImage qrImage(const QByteArray &text);

    QString token() const;
    QString link() const;

Q_SIGNALS:
    void tokenMinted(const QString &name, const QString &link);

private:
    void mint();
    void copyLink();
    void updateQr();

    QUrl m_url;
    TokenMinter m_minter;
    QLabel *m_urlLabel;
    QLabel *m_fingerprint;
    QLabel *m_qr;
    QLineEdit *m_name;
    QSpinBox *m_hours;
    QPushButton *m_mint;
    QLabel *m_tokenHint;
    QLineEdit *m_token;
    QLineEdit *m_link;
    QPushButton *m_copy;
};

} // namespace sb::ui
