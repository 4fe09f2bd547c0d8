#include "qr_text.h"

#include <qrencode.h>

#include <memory>

namespace {
constexpr int QuietZone = 4;
} // namespace

QString qrTerminalText(const QByteArray &text)
{
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(text.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
    if (!code)
        return {};
    const int width = code->width;
    const auto dark = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= width)
            return false;
        return (code->data[y * width + x] & 1) != 0;
    };
    QString out;
    const QString black = QStringLiteral("\x1b[30;47m"); // black on white
    const QString reset = QStringLiteral("\x1b[0m");
    for (int y = -QuietZone; y < width + QuietZone; y += 2) {
        out += black;
        for (int x = -QuietZone; x < width + QuietZone; ++x) {
            const bool top = dark(x, y);
            const bool bottom = dark(x, y + 1);
            out += top && bottom ? QChar(0x2588) // full block
                : top            ? QChar(0x2580) // upper half
                : bottom         ? QChar(0x2584) // lower half
                                 : QChar(u' ');
        }
        out += reset + QLatin1Char('\n');
    }
    return out;
}
