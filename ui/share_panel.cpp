#include "share_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qrencode.h>

#include <algorithm>
#include <memory>

namespace sb::ui {

namespace {
constexpr int QuietZone = 4;
constexpr int QrPixels = 220; // about the size a phone camera picks up from a screen
} // namespace

SharePanel::SharePanel(QWidget *parent)
    : QWidget(parent)
    , m_urlLabel(new QLabel(this))
    , m_fingerprint(new QLabel(this))
    , m_qr(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_hours(new QSpinBox(this))
    , m_mint(new QPushButton(tr("Mint token"), this))
    , m_tokenHint(new QLabel(this))
    , m_token(new QLineEdit(this))
    , m_link(new QLineEdit(this))
    , m_copy(new QPushButton(tr("Copy link"), this))
{
    setObjectName(QStringLiteral("sharePanel"));
    m_urlLabel->setObjectName(QStringLiteral("shareUrl"));
    m_urlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_urlLabel->setAlignment(Qt::AlignCenter);
    m_urlLabel->setWordWrap(true);
    m_fingerprint->setObjectName(QStringLiteral("tlsFingerprint"));
    m_fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fingerprint->setWordWrap(true);
    m_fingerprint->setVisible(false);
    m_qr->setObjectName(QStringLiteral("shareQr"));
    m_qr->setAlignment(Qt::AlignCenter);
    m_qr->setMinimumSize(QrPixels, QrPixels);
    m_qr->setToolTip(tr("Scan with a phone to open the chat"));
    m_name->setObjectName(QStringLiteral("tokenName"));
    m_name->setPlaceholderText(tr("chat name"));
    m_name->setMaxLength(32);
    m_hours->setObjectName(QStringLiteral("tokenHours"));
    m_hours->setRange(1, 24 * 365);
    m_hours->setValue(24);
    m_hours->setSuffix(tr(" h"));
    m_mint->setObjectName(QStringLiteral("mintToken"));
    m_tokenHint->setObjectName(QStringLiteral("tokenHint"));
    m_tokenHint->setWordWrap(true);
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setReadOnly(true);
    m_link->setObjectName(QStringLiteral("tokenLink"));
    m_link->setReadOnly(true);
    m_copy->setObjectName(QStringLiteral("copyLink"));
    m_copy->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Valid for"), m_hours);
    form->addRow(QString(), m_mint);
    form->addRow(tr("Token"), m_token);
    form->addRow(tr("Link"), m_link);
    form->addRow(QString(), m_copy);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_qr);
    layout->addWidget(m_urlLabel);
    layout->addWidget(m_fingerprint);
    layout->addSpacing(8);
    layout->addWidget(m_tokenHint);
    layout->addLayout(form);
    layout->addStretch();

    connect(m_mint, &QPushButton::clicked, this, &SharePanel::mint);
    connect(m_name, &QLineEdit::returnPressed, this, &SharePanel::mint);
    connect(m_copy, &QPushButton::clicked, this, &SharePanel::copyLink);
    setTokenMinter({});
    updateQr();
}

void SharePanel::setTlsFingerprint(const QString &fingerprint)
{
    // The hex pairs break at the colons rather than overflow the dock.
    QString wrappable = fingerprint;
    wrappable.replace(QLatin1Char(':'), QStringLiteral(":\u200b"));
    m_fingerprint->setText(tr("Certificate fingerprint (SHA-256), to compare with the one the "
                              "browser shows:\n%1")
                               .arg(wrappable));
    m_fingerprint->setVisible(!fingerprint.isEmpty());
}

void SharePanel::setUrl(const QUrl &url)
{
    m_url = url;
    m_urlLabel->setText(url.isEmpty() ? tr("Not listening") : url.toString());
    updateQr();
}

void SharePanel::setTokenMinter(TokenMinter minter)
{
    m_minter = std::move(minter);
    const bool on = bool(m_minter);
    m_name->setEnabled(on);
    m_hours->setEnabled(on);
    m_mint->setEnabled(on);
    m_tokenHint->setText(on ? tr("Sign-in link for one person:")
                            : tr("The server takes no sign-in tokens: set a JWT secret in the "
                                 "server settings (or start it with --jwt-secret SECRET) to "
                                 "hand out links for names."));
}

void SharePanel::setValidity(std::chrono::seconds ttl)
{
    m_hours->setValue(int(std::clamp<qint64>((ttl.count() + 1800) / 3600, 1, m_hours->maximum())));
}

std::chrono::seconds SharePanel::validity() const
{
    return std::chrono::hours(m_hours->value());
}

QImage SharePanel::qrImage(const QByteArray &text)
{
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(text.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code)
        return {};
    const int size = code->width + 2 * QuietZone;
    QImage image(size, size, QImage::Format_Mono);
    image.fill(0);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if (code->data[y * code->width + x] & 1)
                image.setPixel(x + QuietZone, y + QuietZone, 1);
        }
    }
    return image;
}

void SharePanel::updateQr()
{
    const QImage image = m_url.isEmpty() ? QImage() : qrImage(m_url.toString().toUtf8());
    if (image.isNull()) {
        m_qr->setPixmap({});
        m_qr->setText(tr("No URL to show"));
        return;
    }
    // Whole pixels per module, so that every module stays square and sharp.
    const int scale = std::max(1, QrPixels / image.width());
    m_qr->setPixmap(QPixmap::fromImage(image.scaled(image.size() * scale)));
}

QString SharePanel::token() const
{
    return m_token->text();
}

QString SharePanel::link() const
{
    return m_link->text();
}

void SharePanel::mint()
{
    const QString name = m_name->text().trimmed();
    if (!m_minter || name.isEmpty()) {
        m_tokenHint->setText(m_minter ? tr("Give a name first.") : m_tokenHint->text());
        return;
    }
    const QByteArray token = m_minter(name, std::chrono::hours(m_hours->value()));
    if (token.isEmpty()) {
        m_tokenHint->setText(tr("No token for this name (see the chat's rules for names)."));
        return;
    }
    QUrl link = m_url;
    link.setFragment(QStringLiteral("token=") + QString::fromLatin1(token));
    m_token->setText(QString::fromLatin1(token));
    m_link->setText(link.toString());
    m_copy->setEnabled(true);
    m_tokenHint->setText(
        tr("Link for %1, valid for %n hour(s):", nullptr, m_hours->value()).arg(name));
    Q_EMIT tokenMinted(name, link.toString());
}

void SharePanel::copyLink()
{
    if (!m_link->text().isEmpty())
        QApplication::clipboard()->setText(m_link->text());
}

} // namespace sb::ui
